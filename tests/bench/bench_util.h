/*
 * bench_util.h - clocks, percentiles and the raw baselines (LMDB, Ed25519,
 * ZeroMQ) that samplan's figures are measured against in the same run.
 */
#ifndef SAMPLAN_BENCH_UTIL_H
#define SAMPLAN_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

double	now_s(void);
double	percentile(double *v, size_t n, double p);

/*
 * On-CPU nanoseconds of pid's main thread (main_thread = 1) or of its
 * other threads (0), from /proc/PID/task/TID/schedstat: what a process
 * cost, however loaded the machine was.
 */
unsigned long long proc_cpu_ns(int pid, int main_thread);

/* Ed25519 signatures of 300-byte messages per second, for `seconds`. */
double	raw_sign_rate(double seconds);

/*
 * Raw LMDB: puts n (key, value) pairs, batch per transaction, durable
 * default flags, into a fresh environment in dir.  Returns records/s.
 */
double	raw_lmdb_append(const char *dir, uint8_t **keys, size_t keylen,
	    uint8_t **vals, const size_t *lens, size_t n, size_t batch);

/* Raw LMDB: p50 and p99 latency (s) of one durable one-record commit. */
void	raw_lmdb_commit_latency(const char *dir, int samples, double *p50,
	    double *p99);

/* Raw ZeroMQ DEALER->ROUTER round trip over ipc (p50, p99 in s). */
void	raw_zmq_rtt(const char *dir, int samples, double *p50, double *p99);

/*
 * The raw floor of propagation (fanout.c): a client's record committed
 * by a primary and by nrep replicas, each its own process with its own
 * LMDB, over ZeroMQ ipc in dir.  p50 and p99 (s) from the client's send
 * to the last replica's commit; returns 0, or -1 when a process failed.
 * secure adds samplan's own security on the same path: an Ed25519
 * signature made by the primary and verified by every replica before it
 * commits, and CURVE on the replicas' links.
 */
int	raw_fanout_latency(const char *dir, int nrep, int secure, int samples,
	    double *p50, double *p99);

/*
 * Redis (Debian's redis-server) as a primary and nreplicas replicas on
 * 127.0.0.1, appendfsync always on all, started in dir and kept up
 * between rounds; NULL when redis-server is missing or failed.
 */
struct redis_set;
struct redis_set *redis_set_start(const char *dir, int nreplicas);
/*
 * One round: n pipelined SETs of a record's size, per second until every
 * replica holds the last, or -1.  *cpu_ns: what all the redis processes
 * spent per SET.
 */
double	redis_set_round(struct redis_set *, int n, double *cpu_ns);
void	redis_set_stop(struct redis_set **);

/*
 * `samplan-bench national`: regions x members kommuner plus coordinators
 * as real nodes of binary bin, working in base.  Returns 0, or 1 when a
 * node did not start or a record was lost.
 */
int	bench_national(const char *bin, const char *base, int regions,
	    int members);

#endif
