/*
 * national.c - `samplan-bench national [REGIONS MEMBERS]`: a country of
 * real samplan-node processes on this machine (default 12 regions of 30
 * kommuner, each with its coordinator: 372 nodes on ipc://).  Starts
 * them, has every coordinator publish 100 measures at once, and prints
 * start-up time, convergence (p50 and max, read from the stores, not by
 * starting hundreds of CLI processes), the idle CPU of all nodes from
 * /proc/PID/task/TID/schedstat (nanoseconds, not 10 ms ticks; every
 * thread) and their total PSS.
 * Exits non-zero if any kommune misses a record.
 */
#include <sys/resource.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "bench_util.h"
#include "keys.h"
#include "store.h"
#include "wire.h"

#define PUBLISH_N	100	/* measures each coordinator publishes */
#define CONVERGE_MAX_S	120.0	/* give up (and fail) after this long */

struct nnode {
	char		 name[16];	/* "r03" or "r03k017" */
	struct identity	 id;
	char		*dir;		/* data_dir */
	char		*ini;		/* config */
	pid_t		 pid;
	struct store	*store;		/* read-only, for convergence */
	double		 converged;	/* s after the publish began; 0: not */
};

struct country {
	const char	*bin;		/* samplan-node */
	const char	*base;		/* working directory */
	int		 regions;
	int		 members;	/* kommuner per region */
	struct nnode	*nodes;		/* region r: [r * (members + 1)] is koord */
	size_t		 n;
};

static struct nnode *
koord_of(struct country *c, int r)
{
	return &c->nodes[(size_t)r * (size_t)(c->members + 1)];
}

static int
national_setup(struct country *c)
{
	struct nnode	*nd;
	char		*key;
	size_t		 i;
	int		 r, k, rc;

	c->n = (size_t)c->regions * (size_t)(c->members + 1);
	if ((c->nodes = calloc(c->n, sizeof(*c->nodes))) == NULL)
		return -1;
	for (i = 0; i < c->n; i++) {
		nd = &c->nodes[i];
		r = (int)(i / (size_t)(c->members + 1));
		k = (int)(i % (size_t)(c->members + 1));
		if (k == 0)
			snprintf(nd->name, sizeof(nd->name), "r%02d", r);
		else
			snprintf(nd->name, sizeof(nd->name), "r%02dk%03d", r, k);
		if (asprintf(&nd->dir, "%s/%s", c->base, nd->name) < 0 ||
		    asprintf(&nd->ini, "%s/%s.ini", c->base, nd->name) < 0 ||
		    asprintf(&key, "%s/%s.key", c->base, nd->name) < 0)
			return -1;
		rc = keys_generate(key, &nd->id);
		free(key);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/*
 * A member knows its coordinator (connects to it) and the other members
 * of its region (by key only); the coordinator knows its members.
 */
static int
national_config(const struct country *c, int r, const struct nnode *self)
{
	const struct nnode	*koord = &c->nodes[(size_t)r *
	    (size_t)(c->members + 1)];
	char			 hex[KEY_HEX_LEN + 1];
	FILE			*f;
	int			 k;

	if ((f = fopen(self->ini, "w")) == NULL)
		return -1;
	fprintf(f, "[node]\nname = %s\ndata_dir = %s\nlisten = ipc://%s/%s.s\n"
	    "key = %s/%s.key\n\n[region r%02d]\ncoordinator = %s\n",
	    self->name, self->dir, c->base, self->name, c->base, self->name,
	    r, koord->name);
	for (k = 1; k <= c->members; k++)
		fprintf(f, "members = %s\n", koord[k].name);
	for (k = 0; k <= c->members; k++) {
		if (&koord[k] == self)
			continue;
		keys_to_hex(koord[k].id.public_key, hex);
		fprintf(f, "\n[peer %s]\n", koord[k].name);
		if (k == 0)
			fprintf(f, "endpoint = ipc://%s/%s.s\n", c->base,
			    koord->name);
		fprintf(f, "public_key = %s\n", hex);
	}
	return fclose(f) == 0 ? 0 : -1;
}

static pid_t
national_spawn(const struct country *c, const struct nnode *nd)
{
	char	*log;
	pid_t	 pid;
	int	 fd;

	if (asprintf(&log, "%s.log", nd->ini) < 0)
		return -1;
	if ((pid = fork()) == 0) {
		if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(c->bin, c->bin, "-c", nd->ini, (char *)NULL);
		_exit(127);
	}
	free(log);
	return pid;
}

/* Starts every node; returns the seconds until all control sockets exist. */
static double
national_start(struct country *c)
{
	double	 t0 = now_s();
	char	*sock;
	size_t	 i, ready = 0;

	for (i = 0; i < c->n; i++)
		if ((c->nodes[i].pid = national_spawn(c, &c->nodes[i])) <= 0)
			return -1;
	for (i = 0; i < c->n && now_s() - t0 < CONVERGE_MAX_S; ) {
		if (asprintf(&sock, "%s/control.sock", c->nodes[i].dir) < 0)
			return -1;
		if (access(sock, F_OK) == 0) {
			ready++;
			i++;
		} else
			usleep(20000);
		free(sock);
	}
	return ready == c->n ? now_s() - t0 : -1;
}

static void
national_stop(struct country *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		if (c->nodes[i].pid > 0)
			kill(c->nodes[i].pid, SIGTERM);
	for (i = 0; i < c->n; i++) {
		if (c->nodes[i].pid > 0)
			waitpid(c->nodes[i].pid, NULL, 0);
		c->nodes[i].pid = 0;
		store_close(&c->nodes[i].store);
	}
}

/* Sends PUBLISH_N measures of region r to its coordinator, pipelined. */
static void *
national_publish(void *zctx, const struct country *c, int r,
    const struct nnode *koord)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	char			 ep[512], region[16], id[16], title[96];
	uint8_t			*buf;
	size_t			 len;
	void			*sock;
	int			 i, zero = 0;

	(void)c;
	if ((sock = zmq_socket(zctx, ZMQ_DEALER)) == NULL)
		return NULL;
	zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof(zero));
	snprintf(ep, sizeof(ep), "ipc://%s/control.sock", koord->dir);
	if (zmq_connect(sock, ep) != 0) {
		zmq_close(sock);
		return NULL;
	}
	snprintf(region, sizeof(region), "r%02d", r);
	m.region = region;
	m.innsatsomrade = (char *)(uintptr_t)"Kompetanse og samarbeid";
	m.frist = (char *)(uintptr_t)"2026-12-31";
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
	req.measure = &m;
	for (i = 0; i < PUBLISH_N; i++) {
		snprintf(id, sizeof(id), "NA-%03d", i + 1);
		snprintf(title, sizeof(title), "Felles tiltak %d – "
		    "kompetanseheving om vold i nære relasjoner", i + 1);
		m.id = id;
		m.tittel = title;
		if (wire_pack(&req.base, &buf, &len) != 0)
			break;
		zmq_send(sock, buf, len, 0);
		free(buf);
	}
	return sock;
}

/* Takes the replies that have come; adds successes to *ok, all to *got. */
static void
national_replies(void *sock, int *ok, int *got)
{
	Samplan__ControlReply	*rep;
	zmq_msg_t		 msg;

	for (;;) {
		zmq_msg_init(&msg);
		if (zmq_msg_recv(&msg, sock, ZMQ_DONTWAIT) == -1) {
			zmq_msg_close(&msg);
			return;
		}
		(*got)++;
		if (wire_decode_reply(zmq_msg_data(&msg), zmq_msg_size(&msg),
		    &rep) == 0) {
			*ok += rep->code == 0;
			wire_free((ProtobufCMessage **)&rep);
		}
		zmq_msg_close(&msg);
	}
}

static uint64_t
national_head(struct store *s, const uint8_t *author)
{
	struct store_txn	*t;
	struct feed_head	 h;
	uint64_t		 seq = 0;

	if (s == NULL || store_begin(s, 0, &t) != 0)
		return 0;
	if (store_head_get(t, author, &h) == 0)
		seq = h.seq;
	store_abort(&t);
	return seq;
}

/*
 * Polls every kommune's store until it holds its coordinator's feed up to
 * PUBLISH_N, taking the coordinators' replies meanwhile (*acked counts
 * the successes).  Returns the kommuner that did not within
 * CONVERGE_MAX_S.
 */
static size_t
national_converge(struct country *c, double t0, void **socks, int *acked)
{
	struct nnode	*nd, *koord;
	size_t		 i, left = c->n - (size_t)c->regions;
	int		 r, got = 0;

	while ((left > 0 || got < c->regions * PUBLISH_N) &&
	    now_s() - t0 < CONVERGE_MAX_S) {
		for (r = 0; r < c->regions; r++)
			if (socks[r] != NULL)
				national_replies(socks[r], acked, &got);
		for (i = 0; i < c->n; i++) {
			nd = &c->nodes[i];
			if (i % (size_t)(c->members + 1) == 0 ||
			    nd->converged > 0)
				continue;
			if (nd->store == NULL && store_open(nd->dir, 0,
			    STORE_RDONLY, NULL, &nd->store) != 0)
				continue;
			koord = koord_of(c, (int)(i / (size_t)(c->members + 1)));
			if (national_head(nd->store, koord->id.public_key) >=
			    PUBLISH_N) {
				nd->converged = now_s() - t0;
				left--;
			}
		}
		usleep(2000);
	}
	return left;
}

/*
 * On-CPU nanoseconds of every node, all its threads (libzmq's I/O thread
 * does the heartbeats and the CURVE work), and of the coordinators alone.
 */
static unsigned long long
national_cpu_ns(const struct country *c, unsigned long long *coordinators)
{
	unsigned long long	 sum = 0, ns;
	size_t			 i;

	*coordinators = 0;
	for (i = 0; i < c->n; i++) {
		ns = proc_cpu_ns((int)c->nodes[i].pid, 1) +
		    proc_cpu_ns((int)c->nodes[i].pid, 0);
		sum += ns;
		if (i % (size_t)(c->members + 1) == 0)
			*coordinators += ns;
	}
	return sum;
}

/* Total proportional set size of every node, in bytes. */
static unsigned long long
national_pss(const struct country *c)
{
	unsigned long long	 sum = 0, kb;
	char			 path[64], line[256];
	FILE			*f;
	size_t			 i;

	for (i = 0; i < c->n; i++) {
		snprintf(path, sizeof(path), "/proc/%d/smaps_rollup",
		    (int)c->nodes[i].pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "Pss: %llu kB", &kb) == 1)
				sum += kb * 1024;
		fclose(f);
	}
	return sum;
}

static void
national_report_convergence(const struct country *c)
{
	double	*t;
	size_t	 i, n = 0;

	if ((t = calloc(c->n, sizeof(*t))) == NULL)
		return;
	for (i = 0; i < c->n; i++)
		if (c->nodes[i].converged > 0)
			t[n++] = c->nodes[i].converged;
	if (n > 0)
		printf("convergence after %d measures per region: p50 %.3f s, "
		    "max %.3f s (goal: max < 5 s)\n", PUBLISH_N,
		    percentile(t, n, 0.5), percentile(t, n, 1.0));
	free(t);
}

static void
national_idle(const struct country *c)
{
	unsigned long long	 a, b, ka, kb;
	double			 secs = 60, t0, dt;
	const char		*env = getenv("SAMPLAN_BENCH_IDLE_S");

	if (env != NULL && atof(env) > 0)
		secs = atof(env);
	sleep(5);	/* let the publish's last acknowledgements settle */
	a = national_cpu_ns(c, &ka);
	t0 = now_s();
	usleep((useconds_t)(secs * 1e6));
	b = national_cpu_ns(c, &kb);
	dt = now_s() - t0;
	printf("idle CPU of all %zu nodes over %.0f s: %.2f %% of one core "
	    "(goal: <= 25 %%), all threads; the %d coordinators %.2f %%\n",
	    c->n, secs, 100.0 * (double)(b - a) / 1e9 / dt, c->regions,
	    100.0 * (double)(kb - ka) / 1e9 / dt);
	printf("total PSS of all nodes: %.0f MiB (goal: < 1024 MiB)\n",
	    (double)national_pss(c) / (1024.0 * 1024.0));
}

int
bench_national(const char *bin, const char *base, int regions, int members)
{
	struct country	 c = { bin, base, regions, members, NULL, 0 };
	struct rlimit	 rl;
	void		*zctx = NULL, **socks = NULL;
	double		 up, t0;
	size_t		 missed, i;
	int		 r, acked = 0, rc = 1;

	if (regions < 1 || regions > 99 || members < 1 || members > 999) {
		fprintf(stderr, "samplan-bench national: REGIONS 1-99, "
		    "MEMBERS 1-999\n");
		return 2;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (national_setup(&c) != 0)
		goto out;
	for (i = 0; i < c.n; i++) {
		r = (int)(i / (size_t)(members + 1));
		if (national_config(&c, r, &c.nodes[i]) != 0)
			goto out;
	}
	printf("national: %d regions x %d kommuner + coordinators = %zu "
	    "nodes\n", regions, members, c.n);
	if ((up = national_start(&c)) < 0) {
		fprintf(stderr, "samplan-bench: not every node started\n");
		goto out;
	}
	printf("start-up: all %zu nodes serving after %.2f s\n", c.n, up);
	sleep(2);	/* the members' first connections */
	if ((zctx = zmq_ctx_new()) == NULL ||
	    (socks = calloc((size_t)regions, sizeof(*socks))) == NULL)
		goto out;
	t0 = now_s();
	for (r = 0; r < regions; r++)
		socks[r] = national_publish(zctx, &c, r, koord_of(&c, r));
	missed = national_converge(&c, t0, socks, &acked);
	national_report_convergence(&c);
	if (acked != regions * PUBLISH_N || missed > 0) {
		fprintf(stderr, "samplan-bench: LOST: %d of %d writes acked, "
		    "%zu kommuner incomplete after %.0f s\n", acked,
		    regions * PUBLISH_N, missed, CONVERGE_MAX_S);
		goto out;
	}
	national_idle(&c);
	rc = 0;
out:
	for (r = 0; socks != NULL && r < regions; r++)
		if (socks[r] != NULL)
			zmq_close(socks[r]);
	free(socks);
	if (zctx != NULL)
		zmq_ctx_term(zctx);
	national_stop(&c);
	for (i = 0; c.nodes != NULL && i < c.n; i++) {
		free(c.nodes[i].dir);
		free(c.nodes[i].ini);
	}
	free(c.nodes);
	return rc;
}
