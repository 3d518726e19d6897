/*
 * bench_util.c - the raw baselines.  This is the one place outside
 * store.c that calls mdb_*(): it measures LMDB itself.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lmdb.h>
#include <sodium.h>
#include <zmq.h>

#include "bench_util.h"

double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
percentile(double *v, size_t n, double p)
{
	size_t	i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

double
raw_sign_rate(double seconds)
{
	uint8_t		pk[32], sk[64], msg[300], sig[64];
	double		start = now_s();
	unsigned long	n = 0;

	crypto_sign_keypair(pk, sk);
	randombytes_buf(msg, sizeof(msg));
	while (now_s() - start < seconds) {
		msg[n % sizeof(msg)] ^= 1;
		crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
		n++;
	}
	return (double)n / (now_s() - start);
}

static MDB_env *
raw_env(const char *dir, MDB_dbi *dbi)
{
	MDB_env	*env;
	MDB_txn	*txn;

	mkdir(dir, 0700);
	if (mdb_env_create(&env) != 0)
		return NULL;
	mdb_env_set_mapsize(env, 4ULL << 30);
	mdb_env_set_maxdbs(env, 2);
	if (mdb_env_open(env, dir, 0, 0600) != 0)
		return NULL;
	mdb_txn_begin(env, NULL, 0, &txn);
	mdb_dbi_open(txn, "log", MDB_CREATE, dbi);
	mdb_txn_commit(txn);
	return env;
}

double
raw_lmdb_append(const char *dir, uint8_t **keys, size_t keylen,
    uint8_t **vals, const size_t *lens, size_t n, size_t batch)
{
	MDB_env	*env;
	MDB_dbi	 dbi;
	MDB_txn	*txn;
	MDB_val	 k, v;
	double	 start;
	size_t	 i;

	if ((env = raw_env(dir, &dbi)) == NULL)
		return 0;
	start = now_s();
	for (i = 0; i < n; i++) {
		if (i % batch == 0)
			mdb_txn_begin(env, NULL, 0, &txn);
		k.mv_data = keys[i];
		k.mv_size = keylen;
		v.mv_data = vals[i];
		v.mv_size = lens[i];
		mdb_put(txn, dbi, &k, &v, MDB_NOOVERWRITE);
		if (i % batch == batch - 1 || i == n - 1)
			mdb_txn_commit(txn);
	}
	start = now_s() - start;
	mdb_env_close(env);
	return (double)n / start;
}

void
raw_lmdb_commit_latency(const char *dir, int samples, double *p50,
    double *p99)
{
	MDB_env	*env;
	MDB_dbi	 dbi;
	MDB_txn	*txn;
	MDB_val	 k, v;
	double	*lat = calloc((size_t)samples, sizeof(*lat)), t;
	uint8_t	 key[8], val[300];
	int	 i;

	if ((env = raw_env(dir, &dbi)) == NULL || lat == NULL)
		return;
	memset(val, 'x', sizeof(val));
	for (i = 0; i < samples; i++) {
		key[0] = (uint8_t)(i >> 24);
		key[1] = (uint8_t)(i >> 16);
		key[2] = (uint8_t)(i >> 8);
		key[3] = (uint8_t)i;
		memset(key + 4, 0, 4);
		k.mv_data = key;
		k.mv_size = sizeof(key);
		v.mv_data = val;
		v.mv_size = sizeof(val);
		t = now_s();
		mdb_txn_begin(env, NULL, 0, &txn);
		mdb_put(txn, dbi, &k, &v, 0);
		mdb_txn_commit(txn);
		lat[i] = now_s() - t;
	}
	*p50 = percentile(lat, (size_t)samples, 0.5);
	*p99 = percentile(lat, (size_t)samples, 0.99);
	free(lat);
	mdb_env_close(env);
}

void
raw_zmq_rtt(const char *dir, int samples, double *p50, double *p99)
{
	void	*ctx = zmq_ctx_new(), *router, *dealer;
	char	 ep[4096], id[256], buf[400];
	double	*lat = calloc((size_t)samples, sizeof(*lat)), t;
	int	 i, idlen, n;

	snprintf(ep, sizeof(ep), "ipc://%s/rtt.sock", dir);
	router = zmq_socket(ctx, ZMQ_ROUTER);
	dealer = zmq_socket(ctx, ZMQ_DEALER);
	zmq_bind(router, ep);
	zmq_connect(dealer, ep);
	memset(buf, 'x', 300);
	for (i = 0; i < samples; i++) {
		t = now_s();
		zmq_send(dealer, buf, 300, 0);
		idlen = zmq_recv(router, id, sizeof(id), 0);
		n = zmq_recv(router, buf, sizeof(buf), 0);
		zmq_send(router, id, (size_t)idlen, ZMQ_SNDMORE);
		zmq_send(router, buf, (size_t)n, 0);
		zmq_recv(dealer, buf, sizeof(buf), 0);
		lat[i] = now_s() - t;
	}
	*p50 = percentile(lat, (size_t)samples, 0.5);
	*p99 = percentile(lat, (size_t)samples, 0.99);
	free(lat);
	zmq_close(dealer);
	zmq_close(router);
	zmq_ctx_term(ctx);
}

/*
 * On-CPU nanoseconds of pid: its main thread (all) or its other threads,
 * libzmq's I/O thread among them (all = 0).  From schedstat, so that the
 * catch-up's CPU cost per record holds on a loaded machine, where its
 * wall-clock rate does not.
 */
unsigned long long
proc_cpu_ns(int pid, int main_thread)
{
	unsigned long long	 sum = 0, ns;
	char			 path[320];
	struct dirent		*de;
	DIR			*d;
	FILE			*f;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    (atoi(de->d_name) == (int)pid) != main_thread)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/schedstat",
		    (int)pid, de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fscanf(f, "%llu", &ns) == 1)
			sum += ns;
		fclose(f);
	}
	closedir(d);
	return sum;
}
