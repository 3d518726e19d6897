/*
 * fanout.c - the raw floor of propagation: the same path as samplan's
 * "commit on the coordinator -> committed on every kommune", built from
 * raw ZeroMQ and raw LMDB and nothing else.  A client asks a primary
 * process to store a record; the primary commits it durably, sends it to
 * every replica process and answers the client; each replica commits it
 * durably to its own LMDB and tells the client.  The replicas commit
 * concurrently, on the same cores and disk as samplan's kommuner would.
 * No signatures, no hashing, no encoding: what is left of samplan's time
 * above this is samplan's own.
 *
 * The secured variant adds what samplan's contract itself costs on the
 * same path and nothing else: the primary signs each record (Ed25519),
 * every replica verifies the signature before it commits, and the
 * replicas' links to the primary run CURVE, as samplan's peer links do.
 * samplan's time above that floor is its own code's.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>
#include <sodium.h>
#include <zmq.h>

#include "bench_util.h"

#define FAN_RECORD	300	/* bytes, about one measure record */
#define FAN_MAX		16	/* replicas */
#define FAN_SIG		crypto_sign_BYTES

/* The secured variant's keys; unused (secure == 0) for the raw floor. */
struct fan_keys {
	int		secure;
	char		server_public[41], server_secret[41];	/* Z85 */
	char		replica_public[41], replica_secret[41];
	unsigned char	sign_public[crypto_sign_PUBLICKEYBYTES];
	unsigned char	sign_secret[crypto_sign_SECRETKEYBYTES];
};

/* A durable LMDB environment with one database, in dir. */
static MDB_env *
fan_env(const char *dir, MDB_dbi *dbi)
{
	MDB_env	*env;
	MDB_txn	*txn;

	mkdir(dir, 0700);
	if (mdb_env_create(&env) != 0)
		return NULL;
	if (mdb_env_set_mapsize(env, 1ULL << 28) != 0 ||
	    mdb_env_open(env, dir, 0, 0600) != 0 ||
	    mdb_txn_begin(env, NULL, 0, &txn) != 0) {
		mdb_env_close(env);
		return NULL;
	}
	if (mdb_dbi_open(txn, NULL, 0, dbi) != 0 || mdb_txn_commit(txn) != 0) {
		mdb_env_close(env);
		return NULL;
	}
	return env;
}

/* Commits one record (its first 8 bytes are the key) durably. */
static int
fan_commit(MDB_env *env, MDB_dbi dbi, const char *rec, size_t len)
{
	MDB_txn	*txn;
	MDB_val	 k = { 8, (void *)(uintptr_t)rec };
	MDB_val	 v = { len, (void *)(uintptr_t)rec };

	if (mdb_txn_begin(env, NULL, 0, &txn) != 0)
		return -1;
	if (mdb_put(txn, dbi, &k, &v, 0) != 0) {
		mdb_txn_abort(txn);
		return -1;
	}
	return mdb_txn_commit(txn) == 0 ? 0 : -1;
}

/* Secured: the replica's link to the primary runs CURVE. */
static void
fan_replica_curve(void *in, const struct fan_keys *k)
{
	if (!k->secure)
		return;
	zmq_setsockopt(in, ZMQ_CURVE_SERVERKEY, k->server_public, 40);
	zmq_setsockopt(in, ZMQ_CURVE_PUBLICKEY, k->replica_public, 40);
	zmq_setsockopt(in, ZMQ_CURVE_SECRETKEY, k->replica_secret, 40);
}

/*
 * A replica: says it is ready, then commits and acks until told "q";
 * secured, it verifies each record's signature before the commit.
 */
static void
fan_replica(const char *dir, int idx, const struct fan_keys *k)
{
	char	 path[4096], ep[4096], rec[FAN_RECORD + FAN_SIG];
	void	*ctx = zmq_ctx_new(), *in, *ack;
	MDB_env	*env;
	MDB_dbi	 dbi;
	int	 n;

	snprintf(path, sizeof(path), "%s/replica%d", dir, idx);
	if ((env = fan_env(path, &dbi)) == NULL)
		_exit(1);
	in = zmq_socket(ctx, ZMQ_DEALER);
	ack = zmq_socket(ctx, ZMQ_PUSH);
	fan_replica_curve(in, k);
	snprintf(ep, sizeof(ep), "ipc://%s/fan-%s.sock", dir,
	    k->secure ? "replicas" : "primary");
	zmq_connect(in, ep);
	snprintf(ep, sizeof(ep), "ipc://%s/fan-acks.sock", dir);
	zmq_connect(ack, ep);
	zmq_send(in, "r", 1, 0);
	while ((n = zmq_recv(in, rec, sizeof(rec), 0)) > 1) {
		if (k->secure && (n != FAN_RECORD + FAN_SIG ||
		    crypto_sign_verify_detached((unsigned char *)rec +
		    FAN_RECORD, (unsigned char *)rec, FAN_RECORD,
		    k->sign_public) != 0))
			_exit(1);
		if (fan_commit(env, dbi, rec, (size_t)n) != 0)
			_exit(1);
		zmq_send(ack, rec, 8, 0);
	}
	zmq_close(in);
	zmq_close(ack);
	zmq_ctx_term(ctx);
	mdb_env_close(env);
	_exit(0);
}

/*
 * Secured: the replicas' own ROUTER, a CURVE server, and their "r"s
 * read before the client is served.  Returns the socket records go out
 * on: that one, or the client's ROUTER for the raw floor.
 */
static void *
fan_replica_router(void *ctx, void *router, const char *dir,
    const struct fan_keys *k, int nrep, char ids[][256], size_t *idlen,
    int *ready)
{
	char	 ep[4096], r;
	void	*rr;
	int	 on = 1, fl;

	if (!k->secure)
		return router;
	rr = zmq_socket(ctx, ZMQ_ROUTER);
	zmq_setsockopt(rr, ZMQ_CURVE_SERVER, &on, sizeof(on));
	zmq_setsockopt(rr, ZMQ_CURVE_SECRETKEY, k->server_secret, 40);
	snprintf(ep, sizeof(ep), "ipc://%s/fan-replicas.sock", dir);
	zmq_bind(rr, ep);
	while (*ready < nrep) {
		if ((fl = zmq_recv(rr, ids[*ready], 256, 0)) <= 0 ||
		    zmq_recv(rr, &r, 1, 0) != 1)
			_exit(1);
		idlen[(*ready)++] = (size_t)fl;
	}
	return rr;
}

/*
 * The primary: one ROUTER for the client and the replicas (secured, the
 * replicas have their own).  A record from the client is committed (signed
 * first, secured), sent to every replica, then answered.
 */
static void
fan_primary(const char *dir, int nrep, const struct fan_keys *k)
{
	char	 path[4096], ep[4096], rec[FAN_RECORD + FAN_SIG];
	char	 ids[FAN_MAX][256], from[256], client[256];
	size_t	 idlen[FAN_MAX];
	void	*ctx = zmq_ctx_new(), *router, *out;
	MDB_env	*env;
	MDB_dbi	 dbi;
	int	 i, n, fl, cl = 0, ready = 0;

	snprintf(path, sizeof(path), "%s/primary", dir);
	if ((env = fan_env(path, &dbi)) == NULL)
		_exit(1);
	router = zmq_socket(ctx, ZMQ_ROUTER);
	snprintf(ep, sizeof(ep), "ipc://%s/fan-primary.sock", dir);
	zmq_bind(router, ep);
	out = fan_replica_router(ctx, router, dir, k, nrep, ids, idlen, &ready);
	for (;;) {
		if ((fl = zmq_recv(router, from, sizeof(from), 0)) <= 0 ||
		    (n = zmq_recv(router, rec, FAN_RECORD, 0)) <= 0)
			_exit(1);
		if (n == 1 && rec[0] == 'r' && ready < nrep) {
			memcpy(ids[ready], from, (size_t)fl);
			idlen[ready++] = (size_t)fl;
		} else if (n == 1 && rec[0] == 'w') {
			memcpy(client, from, (size_t)fl);
			cl = fl;	/* the client waits for every replica */
		} else if (n == 1)	/* "q": pass it on, stop */
			break;
		if (n == 1) {
			if (cl > 0 && ready == nrep) {
				zmq_send(router, client, (size_t)cl,
				    ZMQ_SNDMORE);
				zmq_send(router, "w", 1, 0);
				cl = 0;
			}
			continue;
		}
		if (k->secure) {
			crypto_sign_detached((unsigned char *)rec + n, NULL,
			    (unsigned char *)rec, (size_t)n, k->sign_secret);
			n += FAN_SIG;
		}
		if (fan_commit(env, dbi, rec, (size_t)n) != 0)
			_exit(1);
		for (i = 0; i < ready; i++) {
			zmq_send(out, ids[i], idlen[i], ZMQ_SNDMORE);
			zmq_send(out, rec, (size_t)n, 0);
		}
		zmq_send(router, from, (size_t)fl, ZMQ_SNDMORE);
		zmq_send(router, rec, 8, 0);
	}
	for (i = 0; i < ready; i++) {
		zmq_send(out, ids[i], idlen[i], ZMQ_SNDMORE);
		zmq_send(out, "q", 1, 0);
	}
	if (out != router)
		zmq_close(out);
	zmq_close(router);
	zmq_ctx_term(ctx);
	mdb_env_close(env);
	_exit(0);
}

/* Sends record i and waits for the primary's answer and nrep acks. */
static int
fan_round(void *req, void *acks, int nrep, int i)
{
	char	rec[FAN_RECORD], ack[8];
	int	k;

	memset(rec, 'x', sizeof(rec));
	memcpy(rec, &i, sizeof(i));
	memset(rec + sizeof(i), 0, 8 - sizeof(i));
	if (zmq_send(req, rec, sizeof(rec), 0) == -1 ||
	    zmq_recv(req, ack, sizeof(ack), 0) == -1)
		return -1;
	for (k = 0; k < nrep; k++)
		if (zmq_recv(acks, ack, sizeof(ack), 0) == -1)
			return -1;
	return 0;
}

static void *
fan_socket(void *ctx, int type, const char *dir, const char *name, int bind)
{
	char	 ep[4096];
	void	*s = zmq_socket(ctx, type);
	int	 timeout = 10000;	/* ms: a dead child must not hang us */
	int	 linger = 0;

	snprintf(ep, sizeof(ep), "ipc://%s/%s", dir, name);
	zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof(timeout));
	zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof(linger));
	if (bind)
		zmq_bind(s, ep);
	else
		zmq_connect(s, ep);
	return s;
}

/* Fresh keys for the secured variant (secure == 0: none needed). */
static int
fan_keys_make(struct fan_keys *k, int secure)
{
	memset(k, 0, sizeof(*k));
	k->secure = secure;
	if (!secure)
		return 0;
	if (zmq_curve_keypair(k->server_public, k->server_secret) != 0 ||
	    zmq_curve_keypair(k->replica_public, k->replica_secret) != 0)
		return -1;	/* libzmq built without CURVE */
	return crypto_sign_keypair(k->sign_public, k->sign_secret);
}

int
raw_fanout_latency(const char *dir, int nrep, int secure, int samples,
    double *p50, double *p99)
{
	struct fan_keys	 keys;
	pid_t	 pids[FAN_MAX + 1];
	double	*lat, t;
	void	*ctx, *req, *acks;
	char	 w;
	int	 i, k, st, rc = 0;

	if (nrep < 1 || nrep > FAN_MAX || fan_keys_make(&keys, secure) != 0 ||
	    (lat = calloc((size_t)samples, sizeof(*lat))) == NULL)
		return -1;
	mkdir(dir, 0700);
	/* Fork before any ZeroMQ context exists in this process. */
	if ((pids[0] = fork()) == 0)
		fan_primary(dir, nrep, &keys);
	for (k = 0; k < nrep; k++)
		if ((pids[k + 1] = fork()) == 0)
			fan_replica(dir, k, &keys);
	ctx = zmq_ctx_new();
	acks = fan_socket(ctx, ZMQ_PULL, dir, "fan-acks.sock", 1);
	req = fan_socket(ctx, ZMQ_DEALER, dir, "fan-primary.sock", 0);
	/* Every replica connected, then a warm-up, then the samples. */
	if (zmq_send(req, "w", 1, 0) == -1 || zmq_recv(req, &w, 1, 0) != 1)
		rc = -1;
	for (i = 0; rc == 0 && i < 20; i++)
		rc = fan_round(req, acks, nrep, -1 - i);
	for (i = 0; rc == 0 && i < samples; i++) {
		t = now_s();
		rc = fan_round(req, acks, nrep, i);
		lat[i] = now_s() - t;
	}
	if (rc != 0)
		for (k = 0; k <= nrep; k++)
			kill(pids[k], SIGKILL);
	zmq_send(req, "q", 1, 0);
	for (k = 0; k <= nrep; k++)
		if (waitpid(pids[k], &st, 0) != pids[k] || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			rc = -1;
	zmq_close(req);
	zmq_close(acks);
	zmq_ctx_term(ctx);
	*p50 = percentile(lat, (size_t)samples, 0.5);
	*p99 = percentile(lat, (size_t)samples, 0.99);
	free(lat);
	sodium_memzero(&keys, sizeof(keys));
	return rc;
}
