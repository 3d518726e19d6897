/*
 * bench.c - samplan-bench: throughput and latency of samplan measured
 * side by side with the raw parts it is built from, in one run, so the
 * figures are ratios that survive a noisy shared machine.
 *
 *   samplan-bench store   local append vs raw Ed25519 signing (append.c);
 *                         ingest of 100,000 foreign records vs raw LMDB
 *   samplan-bench national [REGIONS MEMBERS [NODE_BINARY]]
 *                         a country of nodes (national.c)
 *   samplan-bench sync [NODE_BINARY]
 *                         propagation latency coordinator -> 5 kommuner
 *                         vs the raw fan-out, bare and with samplan's
 *                         signature, verification and CURVE (fanout.c),
 *                         and its CPU per write; throughput in
 *                         rounds beside Redis's (redis.c); catch-up of
 *                         100,000 records by a fresh node vs raw LMDB
 *   samplan-bench catchup [NODE_BINARY]
 *                         the catch-up alone (for a profiler)
 *   samplan-bench floor   the floors of propagation alone
 *
 * SAMPLAN_BENCH_DIR (default /tmp) is where the nodes and the raw baselines
 * keep their files; scripts/bench runs each benchmark on the disk and on
 * tmpfs, where fsync costs nothing on either side.
 */
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <zmq.h>

#include "append.h"
#include "bench_util.h"
#include "errors.h"
#include "feed.h"
#include "keys.h"
#include "store.h"
#include "wire.h"

#define INGEST_N	100000	/* foreign records ingested */

static char	*base_dir;
static int	 catchup_only;	/* `catchup`: bench_sync stops after it */

static char *
sub(const char *name)
{
	char	*p;

	if (asprintf(&p, "%s/%s", base_dir, name) < 0)
		exit(1);
	return p;
}

static int
bench_store(void)
{
	struct identity		 me, other;
	struct store		*s;
	struct store_txn	*t;
	struct ingest_result	 res;
	struct entry		*e;
	uint8_t			**envs, **keys;
	size_t			*lens, i, k, n;
	struct append_figures	 f;
	double			 ingest, raw, t0, c50, c99;
	char			*dir;

	crypto_sign_keypair(me.public_key, me.secret_key);
	crypto_sign_keypair(other.public_key, other.secret_key);

	bench_append_rounds(base_dir, &me, &f);
	dir = sub("commit-latency");
	raw_lmdb_commit_latency(dir, 300, &c50, &c99);
	free(dir);

	/* A foreign feed, built untimed, then ingested in peer batches. */
	dir = sub("foreign");
	if (store_open(dir, 1ULL << 30, 0, other.public_key, &s) != 0 ||
	    bench_append_n(s, &other, INGEST_N, 1000) != 0)
		return 1;
	store_close(&s);
	bench_read_feed(dir, other.public_key, INGEST_N, &envs, &lens, &keys);
	free(dir);

	dir = sub("ingest");
	if (store_open(dir, 1ULL << 30, 0, me.public_key, &s) != 0)
		return 1;
	e = calloc(BENCH_BATCH, sizeof(*e));
	t0 = now_s();
	for (i = 0; i < INGEST_N; i += n) {
		n = INGEST_N - i < BENCH_BATCH ? INGEST_N - i : BENCH_BATCH;
		for (k = 0; k < n; k++)
			if (entry_decode(envs[i + k], lens[i + k], &e[k]) != 0)
				return 1;
		if (store_begin(s, 1, &t) != 0 ||
		    feed_ingest(t, NULL, e, n, &res) != 0 || res.rc != 0 ||
		    store_commit(&t) != 0)
			return 1;
		for (k = 0; k < n; k++)
			entry_clear(&e[k]);
	}
	ingest = INGEST_N / (now_s() - t0);
	store_close(&s);
	free(dir);

	dir = sub("raw");
	raw = raw_lmdb_append(dir, keys, 40, envs, lens, INGEST_N, BENCH_BATCH);
	free(dir);

	printf("store benchmark (one run, same machine, side by side)\n");
	printf("  raw Ed25519 sign (300 B)        %10.0f /s (median of %d "
	    "rounds, each beside the appends)\n", f.sign, BENCH_APPEND_ROUNDS);
	printf("  raw LMDB durable commit         p50 %.3f ms, p99 %.3f ms\n",
	    c50 * 1e3, c99 * 1e3);
	printf("  samplan append, 64/commit       %10.0f records/s  = %3.0f%% "
	    "of signing (goal >= 70%%; signer thread beside the commits, "
	    "as the node)\n", f.rate[0], 100 * f.ratio[0]);
	printf("  samplan append, 256/commit      %10.0f records/s  = %3.0f%% "
	    "of signing\n", f.rate[1], 100 * f.ratio[1]);
	printf("  same, 64/commit in one thread   %10.0f records/s  = %3.0f%% "
	    "of signing (sign, then commit)\n", f.rate[2], 100 * f.ratio[2]);
	printf("  samplan append without the disk %10.0f records/s  = %3.0f%% "
	    "of signing (one thread: build, sign, hash, put; commit "
	    "aborted)\n", f.rate[3], 100 * f.ratio[3]);
	printf("  raw LMDB append, same bytes     %10.0f records/s (256/commit)\n",
	    raw);
	printf("  samplan ingest of %d foreign %10.0f records/s  = %3.0f%% "
	    "of raw LMDB (goal >= 50%%)\n", INGEST_N, ingest, 100 * ingest / raw);
	bench_free_feed(envs, lens, keys, INGEST_N);
	free(e);
	return 0;
}

/* ---- sync: real nodes on ipc:// ---------------------------------------- */

#define NKOMMUNER	5
#define LAT_SAMPLES	1000	/* p99 is the tenth worst: 200 left it to two */
#define THRU_N		20000

struct bnode {
	char		 name[32];	/* node name */
	struct identity	 id;		/* its keys */
	char		*dir;		/* data_dir */
	char		*ini;		/* config path */
	pid_t		 pid;		/* running process, or 0 */
};

static struct bnode	 nodes[NKOMMUNER + 2];	/* koord, k1..k5, fresh */
static const char	*node_bin;

static void
write_config(struct bnode *n, const char *link_to)
{
	FILE	*f = fopen(n->ini, "w");
	char	 hex[KEY_HEX_LEN + 1];
	size_t	 i;

	fprintf(f, "[node]\nname = %s\ndata_dir = %s\nlisten = ipc://%s/%s.sock\n"
	    "key = %s/%s.key\nmap_size = 1073741824\n\n[region bench]\n"
	    "coordinator = koord\nmembers = ", n->name, n->dir, base_dir,
	    n->name, base_dir, n->name);
	for (i = 1; i < NKOMMUNER + 2; i++)
		fprintf(f, "%s%s", i > 1 ? ", " : "", nodes[i].name);
	fprintf(f, "\n");
	for (i = 0; i < NKOMMUNER + 2; i++) {
		if (&nodes[i] == n)
			continue;
		keys_to_hex(nodes[i].id.public_key, hex);
		fprintf(f, "\n[peer %s]\n", nodes[i].name);
		if (link_to != NULL && strcmp(link_to, nodes[i].name) == 0)
			fprintf(f, "endpoint = ipc://%s/%s.sock\n", base_dir,
			    nodes[i].name);
		fprintf(f, "public_key = %s\n", hex);
	}
	fclose(f);
}

static void
node_start(struct bnode *n)
{
	char	*log, *sock;
	int	 fd, i;

	if (asprintf(&log, "%s.log", n->ini) < 0 ||
	    asprintf(&sock, "%s/control.sock", n->dir) < 0)
		exit(1);
	unlink(sock);
	if ((n->pid = fork()) == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(node_bin, node_bin, "-c", n->ini, (char *)NULL);
		perror(node_bin);
		_exit(127);
	}
	for (i = 0; i < 200 && access(sock, F_OK) != 0; i++)
		usleep(50000);
	free(log);
	free(sock);
}

static void
node_stop(struct bnode *n)
{
	if (n->pid <= 0)
		return;
	kill(n->pid, SIGTERM);
	waitpid(n->pid, NULL, 0);
	n->pid = 0;
}

/* Head seq of author's feed in the store at dir (0 if none). */
static uint64_t
head_of(struct store *s, const uint8_t *author)
{
	struct store_txn	*t;
	struct feed_head	 h;
	uint64_t		 seq = 0;

	if (store_begin(s, 0, &t) != 0)
		return 0;
	if (store_head_get(t, author, &h) == 0)
		seq = h.seq;
	store_abort(&t);
	return seq;
}

static struct store *
open_ro(struct bnode *n)
{
	struct store	*s = NULL;
	int		 i;

	for (i = 0; i < 100; i++) {
		if (store_open(n->dir, 0, STORE_RDONLY, NULL, &s) == 0)
			return s;
		usleep(50000);
	}
	exit(1);
}

static void *
ctl_connect(void *ctx, struct bnode *n)
{
	void	*sock = zmq_socket(ctx, ZMQ_DEALER);
	char	 ep[PATH_MAX + 16];
	int	 linger = 0;

	snprintf(ep, sizeof(ep), "ipc://%s/control.sock", n->dir);
	zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_connect(sock, ep);
	return sock;
}

static void
ctl_send_measure(void *sock, int i)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__Record		 rec;
	Samplan__Measure	 m;
	char			 title[96];
	uint8_t			*buf;
	size_t			 len;

	bench_measure_body(&rec, &m, title, i);
	m.region = (char *)(uintptr_t)"bench";
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
	req.measure = &m;
	wire_pack(&req.base, &buf, &len);
	zmq_send(sock, buf, len, 0);
	free(buf);
}

static uint64_t
ctl_wait_reply(void *sock)
{
	Samplan__ControlReply	*r;
	zmq_msg_t		 msg;
	uint64_t		 seq = 0;

	zmq_msg_init(&msg);
	if (zmq_msg_recv(&msg, sock, 0) != -1 &&
	    wire_decode_reply(zmq_msg_data(&msg), zmq_msg_size(&msg), &r) == 0) {
		seq = r->code == 0 ? r->seq : 0;
		wire_free((ProtobufCMessage **)&r);
	}
	zmq_msg_close(&msg);
	return seq;
}

/*
 * The waiter sleeps on inotify between looks at the stores: a node's
 * commit writes data.mdb with pwrite(2), so every commit wakes it, and
 * meanwhile it takes no CPU from the nodes it waits for (the floor's
 * client, too, sleeps on its socket).  Looking every 20 us instead cost
 * thousands of wake-ups a second on the cores the nodes run on.
 */
static int	store_watch = -1;

static void
watch_store(const struct bnode *n)
{
	char	*path;

	if (store_watch == -1 &&
	    (store_watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
		return;
	if (asprintf(&path, "%s/data.mdb", n->dir) < 0)
		exit(1);
	if (inotify_add_watch(store_watch, path, IN_MODIFY) == -1) {
		perror(path);
		exit(1);
	}
	free(path);
}

/* Until a watched store is written, or 1 ms at most. */
static void
watch_sleep(void)
{
	struct pollfd	pfd = { store_watch, POLLIN, 0 };
	char		buf[4096];

	if (store_watch == -1) {
		usleep(20);
		return;
	}
	(void)poll(&pfd, 1, 1);
	while (read(store_watch, buf, sizeof(buf)) > 0)
		;
}

static void
watch_close(void)
{
	if (store_watch != -1)
		close(store_watch);
	store_watch = -1;
}

/* Waits until every store holds author's feed up to seq. */
static void
wait_all(struct store **s, size_t n, const uint8_t *author, uint64_t seq)
{
	size_t	i;

	for (i = 0; i < n; i++)
		while (head_of(s[i], author) < seq)
			watch_sleep();
}

/*
 * CPU so far of the coordinator and of k1 (main and other threads), and
 * of the coordinator and every kommune together.
 */
static void
thru_cpu(unsigned long long cpu[5])
{
	size_t	i;

	cpu[0] = proc_cpu_ns(nodes[0].pid, 1);
	cpu[1] = proc_cpu_ns(nodes[0].pid, 0);
	cpu[2] = proc_cpu_ns(nodes[1].pid, 1);
	cpu[3] = proc_cpu_ns(nodes[1].pid, 0);
	cpu[4] = 0;
	for (i = 0; i <= NKOMMUNER; i++)
		cpu[4] += proc_cpu_ns(nodes[i].pid, 1) +
		    proc_cpu_ns(nodes[i].pid, 0);
}

/*
 * Throughput is measured in rounds, each followed by a Redis round in
 * the same state of the machine (the nodes idle meanwhile, Redis up but
 * idle during samplan's), and the medians are reported: this VM's disk
 * moved Redis between 16,800 and 25,700 SET/s from one run to the next.
 */
#define THRU_ROUNDS	3

struct thru_figures {
	double	rate;		/* samplan, records/s */
	double	us[5];		/* CPU per record: see thru_cpu() */
	double	redis;		/* SET/s, or 0 without Redis */
	double	redis_us;	/* all six Redis processes, per SET */
	double	ratio;		/* median of the per-round rate ratios */
	double	cpu_ratio;	/* and of the CPU ratios */
	double	ratios[THRU_ROUNDS];
};

/* One round: THRU_N writes, 256 in flight; sets us[] per record. */
static double
thru_round(void *sock, struct store **ks, const uint8_t *author,
    double us[5])
{
	unsigned long long	a[5], b[5];
	uint64_t		seq = 0;
	double			t0, rate;
	int			sent, acked, i;

	thru_cpu(a);
	t0 = now_s();
	for (sent = acked = 0; acked < THRU_N;) {
		while (sent < THRU_N && sent - acked < 256)
			ctl_send_measure(sock, sent++);
		seq = ctl_wait_reply(sock);
		acked++;
	}
	wait_all(ks, NKOMMUNER, author, seq);
	rate = THRU_N / (now_s() - t0);
	thru_cpu(b);
	for (i = 0; i < 5; i++)
		us[i] = (double)(b[i] - a[i]) / 1e3 / THRU_N;
	return rate;
}

static void
bench_thru(void *sock, struct store **ks, const uint8_t *author,
    struct thru_figures *f)
{
	struct redis_set	*rs;
	double			 rate[THRU_ROUNDS], us[5][THRU_ROUNDS];
	double			 red[THRU_ROUNDS], rus[THRU_ROUNDS];
	double			 cr[THRU_ROUNDS], sorted[THRU_ROUNDS], one[5];
	char			*dir = sub("redis");
	int			 r, i;

	memset(f, 0, sizeof(*f));
	mkdir(dir, 0700);
	rs = redis_set_start(dir, NKOMMUNER);
	free(dir);
	for (r = 0; r < THRU_ROUNDS; r++) {
		rate[r] = thru_round(sock, ks, author, one);
		for (i = 0; i < 5; i++)
			us[i][r] = one[i];
		if (rs != NULL &&
		    (red[r] = redis_set_round(rs, THRU_N, &rus[r])) <= 0)
			redis_set_stop(&rs);	/* the line says skipped */
		if (rs != NULL) {
			f->ratios[r] = rate[r] / red[r];
			cr[r] = us[4][r] * 1e3 / rus[r];
		}
	}
	f->rate = percentile(rate, THRU_ROUNDS, 0.5);
	for (i = 0; i < 5; i++)
		f->us[i] = percentile(us[i], THRU_ROUNDS, 0.5);
	if (rs == NULL)
		return;
	redis_set_stop(&rs);
	f->redis = percentile(red, THRU_ROUNDS, 0.5);
	f->redis_us = percentile(rus, THRU_ROUNDS, 0.5) / 1e3;
	f->cpu_ratio = percentile(cr, THRU_ROUNDS, 0.5);
	memcpy(sorted, f->ratios, sizeof(sorted));
	f->ratio = percentile(sorted, THRU_ROUNDS, 0.5);	/* sorts */
}

static int
bench_sync(void)
{
	struct store	*s, *ks[NKOMMUNER];
	struct bnode	*koord = &nodes[0], *fresh = &nodes[NKOMMUNER + 1];
	uint8_t		**envs, **keys;
	size_t		*lens, i;
	double		 lat[LAT_SAMPLES], t0, p50, p99, c50, c99, r50, r99;
	double		 f50, f99, floor99, s50, s99;
	double		 catchup, raw, first, flow;
	unsigned long long cpu[4], lat_cpu[2][5];
	struct thru_figures tf;
	uint64_t	 seq = 0;
	void		*ctx, *sock;
	char		*dir;
	int		 k;

	for (i = 0; i < NKOMMUNER + 2; i++) {
		if (i == 0)
			snprintf(nodes[i].name, 32, "koord");
		else if (i <= NKOMMUNER)
			snprintf(nodes[i].name, 32, "k%zu", i);
		else
			snprintf(nodes[i].name, 32, "fresh");
		nodes[i].dir = sub(nodes[i].name);
		if (asprintf(&nodes[i].ini, "%s/%s.ini", base_dir,
		    nodes[i].name) < 0 ||
		    asprintf(&dir, "%s/%s.key", base_dir, nodes[i].name) < 0 ||
		    keys_generate(dir, &nodes[i].id) != 0)
			return 1;
		free(dir);
	}
	for (i = 0; i < NKOMMUNER + 2; i++)
		write_config(&nodes[i], i == 0 ? NULL : "koord");

	/* The coordinator's feed holds 100,000 records before it starts. */
	if (store_open(koord->dir, 1ULL << 30, 0, koord->id.public_key, &s) != 0 ||
	    bench_append_n(s, &koord->id, INGEST_N, 1000) != 0)
		return 1;
	store_close(&s);
	bench_read_feed(koord->dir, koord->id.public_key, INGEST_N, &envs, &lens,
	    &keys);
	dir = sub("raw-catchup");
	raw = raw_lmdb_append(dir, keys, 40, envs, lens, INGEST_N, BENCH_BATCH);
	free(dir);

	node_start(koord);
	t0 = now_s();
	node_start(fresh);
	s = open_ro(fresh);
	watch_store(fresh);
	wait_all(&s, 1, koord->id.public_key, 1);
	first = now_s() - t0;
	wait_all(&s, 1, koord->id.public_key, INGEST_N);
	catchup = INGEST_N / (now_s() - t0);
	flow = (INGEST_N - 1) / (now_s() - t0 - first);
	store_close(&s);
	cpu[0] = proc_cpu_ns(fresh->pid, 1);
	cpu[1] = proc_cpu_ns(fresh->pid, 0);
	cpu[2] = proc_cpu_ns(koord->pid, 1);
	cpu[3] = proc_cpu_ns(koord->pid, 0);
	node_stop(fresh);
	if (catchup_only) {
		node_stop(koord);
		printf("catch-up of %d by a fresh node %8.0f records/s = "
		    "%3.0f%% of raw LMDB append %.0f records/s "
		    "(goal >= 50%%)\n",
		    INGEST_N, catchup, 100 * catchup / raw, raw);
		printf("  of which start-up to the first record %.3f s "
		    "(exec, store, keys, CURVE handshake, Hello); after it "
		    "%.0f records/s = %.0f%% of raw LMDB\n", first, flow,
		    100 * flow / raw);
		printf("  CPU per record: fresh node %.2f us (I/O thread %.2f),"
		    " sender %.2f us (I/O thread %.2f); raw append %.2f us\n",
		    cpu[0] / 1e3 / INGEST_N, cpu[1] / 1e3 / INGEST_N,
		    cpu[2] / 1e3 / INGEST_N, cpu[3] / 1e3 / INGEST_N,
		    1e6 / raw);
		bench_free_feed(envs, lens, keys, INGEST_N);
		watch_close();
		return 0;
	}

	for (i = 1; i <= NKOMMUNER; i++)
		node_start(&nodes[i]);
	for (i = 0; i < NKOMMUNER; i++) {
		ks[i] = open_ro(&nodes[i + 1]);
		watch_store(&nodes[i + 1]);
	}
	wait_all(ks, NKOMMUNER, koord->id.public_key, INGEST_N);

	ctx = zmq_ctx_new();
	sock = ctl_connect(ctx, koord);
	thru_cpu(lat_cpu[0]);
	for (k = 0; k < LAT_SAMPLES; k++) {
		t0 = now_s();
		ctl_send_measure(sock, k);
		seq = ctl_wait_reply(sock);
		wait_all(ks, NKOMMUNER, koord->id.public_key, seq);
		lat[k] = now_s() - t0;
	}
	thru_cpu(lat_cpu[1]);
	p50 = percentile(lat, LAT_SAMPLES, 0.5);
	p99 = percentile(lat, LAT_SAMPLES, 0.99);

	bench_thru(sock, ks, koord->id.public_key, &tf);
	zmq_close(sock);
	zmq_ctx_term(ctx);
	watch_close();

	for (i = 0; i < NKOMMUNER; i++)
		store_close(&ks[i]);
	for (i = 0; i < NKOMMUNER + 1; i++)
		node_stop(&nodes[i]);

	dir = sub("raw-lat");
	raw_lmdb_commit_latency(dir, 500, &c50, &c99);
	free(dir);
	raw_zmq_rtt(base_dir, 2000, &r50, &r99);
	dir = sub("raw-fanout");
	if (raw_fanout_latency(dir, NKOMMUNER, 0, LAT_SAMPLES, &f50, &f99) != 0)
		f50 = f99 = 0;
	free(dir);
	dir = sub("secured-fanout");
	if (raw_fanout_latency(dir, NKOMMUNER, 1, LAT_SAMPLES, &s50, &s99) != 0)
		s50 = s99 = 0;
	free(dir);

	printf("sync benchmark: coordinator and %d kommuner on ipc://, one run\n",
	    NKOMMUNER);
	printf("  raw LMDB durable commit         p50 %7.3f ms  p99 %7.3f ms\n",
	    c50 * 1e3, c99 * 1e3);
	printf("  raw ZeroMQ round trip (ipc)     p50 %7.3f ms  p99 %7.3f ms\n",
	    r50 * 1e3, r99 * 1e3);
	if (f99 > 0)
		printf("  raw floor: 1 -> %d, ZeroMQ+LMDB p50 %7.3f ms  p99 %7.3f"
		    " ms (%d concurrent commits)\n", NKOMMUNER, f50 * 1e3,
		    f99 * 1e3, NKOMMUNER);
	else
		printf("  raw floor: 1 -> %d failed; 2 commits + 1 rtt instead"
		    "\n", NKOMMUNER);
	if (s99 > 0)
		printf("  same, with samplan's security p50 %7.3f ms  p99 %7.3f"
		    " ms (Ed25519 signed once, verified %d times; CURVE)\n",
		    s50 * 1e3, s99 * 1e3, NKOMMUNER);
	floor99 = f99 > 0 ? f99 : 2 * c99 + r99;
	printf("  propagation to all %d kommuner  p50 %7.3f ms  p99 %7.3f ms"
	    "  = %.1fx floor at p99 (goal <= 2x)\n", NKOMMUNER, p50 * 1e3,
	    p99 * 1e3, p99 / floor99);
	if (s99 > 0)
		printf("    = %.1fx the floor with samplan's security at p99\n",
		    p99 / s99);
	printf("    CPU per write, all %d nodes: %.1f us (coordinator main "
	    "thread %.1f, one kommune's %.1f)\n", NKOMMUNER + 1,
	    (double)(lat_cpu[1][4] - lat_cpu[0][4]) / 1e3 / LAT_SAMPLES,
	    (double)(lat_cpu[1][0] - lat_cpu[0][0]) / 1e3 / LAT_SAMPLES,
	    (double)(lat_cpu[1][2] - lat_cpu[0][2]) / 1e3 / LAT_SAMPLES);
	printf("  throughput coordinator -> %d   %10.0f records/s (all "
	    "kommuner committed; median of %d rounds)\n", NKOMMUNER, tf.rate,
	    THRU_ROUNDS);
	printf("    CPU per record: coordinator main thread %.1f us (other "
	    "threads: I/O, signer %.1f), one kommune %.1f us (I/O thread "
	    "%.1f)\n", tf.us[0], tf.us[1], tf.us[2], tf.us[3]);
	if (tf.redis > 0) {
		printf("  Redis primary -> %d replicas     %10.0f SET/s (appendfsync "
		    "always on all) = %.2fx Redis (goal >= 1.0x)\n", NKOMMUNER,
		    tf.redis, tf.ratio);
		printf("    the ratio is the median of %d rounds, each samplan's "
		    "then Redis's:", THRU_ROUNDS);
		for (k = 0; k < THRU_ROUNDS; k++)
			printf(" %.2fx", tf.ratios[k]);
		printf("\n    CPU per record, all %d processes: samplan %.1f us, "
		    "Redis %.1f us = %.2fx Redis's CPU\n", NKOMMUNER + 1,
		    tf.us[4], tf.redis_us, tf.cpu_ratio);
	} else
		printf("  Redis primary -> %d replicas     skipped: %s is missing "
		    "or failed (apt-get install redis-server)\n", NKOMMUNER,
		    "/usr/bin/redis-server");
	printf("  raw LMDB append, same bytes     %10.0f records/s (256/commit)\n",
	    raw);
	printf("  catch-up of %d by a fresh node %8.0f records/s = %3.0f%% of "
	    "raw LMDB (goal >= 50%%)\n", INGEST_N, catchup, 100 * catchup / raw);
	bench_free_feed(envs, lens, keys, INGEST_N);
	return 0;
}

/* The raw floors of propagation alone (no samplan in the run). */
static int
bench_floor(void)
{
	double	c50, c99, r50, r99, f50, f99, s50, s99;
	char	*dir;

	dir = sub("raw-lat");
	raw_lmdb_commit_latency(dir, 500, &c50, &c99);
	free(dir);
	raw_zmq_rtt(base_dir, 2000, &r50, &r99);
	dir = sub("raw-fanout");
	if (raw_fanout_latency(dir, NKOMMUNER, 0, LAT_SAMPLES, &f50, &f99) != 0) {
		free(dir);
		return 1;
	}
	free(dir);
	dir = sub("secured-fanout");
	if (raw_fanout_latency(dir, NKOMMUNER, 1, LAT_SAMPLES, &s50, &s99) != 0) {
		free(dir);
		return 1;
	}
	free(dir);
	printf("raw LMDB durable commit           p50 %7.3f ms  p99 %7.3f ms\n"
	    "raw ZeroMQ round trip (ipc)       p50 %7.3f ms  p99 %7.3f ms\n"
	    "2 commits + 1 rtt                 p50 %7.3f ms  p99 %7.3f ms\n"
	    "1 -> %d, ZeroMQ+LMDB, concurrent  p50 %7.3f ms  p99 %7.3f ms\n"
	    "same, signed, verified, CURVE     p50 %7.3f ms  p99 %7.3f ms\n",
	    c50 * 1e3, c99 * 1e3, r50 * 1e3, r99 * 1e3, (2 * c50 + r50) * 1e3,
	    (2 * c99 + r99) * 1e3, NKOMMUNER, f50 * 1e3, f99 * 1e3,
	    s50 * 1e3, s99 * 1e3);
	return 0;
}

static int
rm_tree(const char *dir)
{
	char	*cmd;
	int	 rc;

	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		return -1;
	rc = system(cmd);
	free(cmd);
	return rc;
}

int
main(int argc, char *argv[])
{
	char	 tmpl[PATH_MAX], self[PATH_MAX];
	const char *where = getenv("SAMPLAN_BENCH_DIR");
	char	*guess = NULL;
	ssize_t	 len;
	int	 rc;

	if (argc < 2 || (strcmp(argv[1], "store") != 0 &&
	    strcmp(argv[1], "sync") != 0 &&
	    strcmp(argv[1], "catchup") != 0 &&
	    strcmp(argv[1], "floor") != 0 &&
	    strcmp(argv[1], "national") != 0)) {
		fprintf(stderr, "usage: samplan-bench store | sync "
		    "[samplan-node] | catchup [samplan-node] | floor | national "
		    "[REGIONS MEMBERS [samplan-node]]\n");
		return 2;
	}
	catchup_only = strcmp(argv[1], "catchup") == 0;
	/* SAMPLAN_BENCH_DIR=/dev/shm takes the disk out of both sides. */
	snprintf(tmpl, sizeof(tmpl), "%s/samplan-bench-XXXXXX",
	    where != NULL ? where : "/tmp");
	if (sodium_init() < 0 || (base_dir = mkdtemp(tmpl)) == NULL)
		return 1;
	if (strcmp(argv[1], "store") == 0)
		rc = bench_store();
	else if (strcmp(argv[1], "floor") == 0)
		rc = bench_floor();
	else {
		if (argc > 2 && (strcmp(argv[1], "sync") == 0 ||
		    catchup_only))
			node_bin = argv[2];
		else if (argc > 4)	/* national REGIONS MEMBERS BINARY */
			node_bin = argv[4];
		else if ((len = readlink("/proc/self/exe", self,
		    sizeof(self) - 1)) > 0) {
			self[len] = '\0';
			if (asprintf(&guess, "%s/../daemon/samplan-node",
			    dirname(self)) < 0)
				return 1;
			node_bin = guess;
		}
		if (strcmp(argv[1], "national") == 0)
			rc = bench_national(node_bin, base_dir,
			    argc > 2 ? atoi(argv[2]) : 12,
			    argc > 3 ? atoi(argv[3]) : 30);
		else
			rc = bench_sync();
		free(guess);
	}
	if (rc != 0)
		fprintf(stderr, "samplan-bench: failed; work left in %s\n",
		    base_dir);
	else
		rm_tree(base_dir);
	return rc;
}
