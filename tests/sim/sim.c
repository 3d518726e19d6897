/*
 * sim.c - U2: the replication protocol as a deterministic simulation.
 *
 * Five simulated nodes (node 0 is the coordinator) on a random connected
 * graph, so that records must be relayed.  Each node keeps its feeds in
 * memory (per author an array of records that carry seq, prev hash, body
 * and hash) and one struct sync_peer per linked peer, driven by the real
 * daemon/sync.c.  The glue around it (sim_peer_heard, sim_on_frontier,
 * sim_on_batch, sim_pump, sim_after_commit, sim_tick) follows peer.c
 * line by line, and sim_ingest follows feed_ingest's walk: skip held
 * duplicates, keep the longest consecutive chained prefix, stop at a gap.
 *
 * The network is a priority queue of messages on a simulated clock: each
 * message may be dropped, duplicated or delayed by a random jitter (which
 * reorders), links go down (both ways or one way) and lose what was in
 * flight, sends fail now and then (a full ZeroMQ queue), and nodes crash,
 * losing every message to and from them and all volatile state, but
 * keeping committed records (I1).  A local write is acked when it is
 * committed, which here is at once.
 *
 * After the fault phase the network heals: every node is up, every link
 * is up, nobody writes; loss, duplication and reordering go on.  Checked:
 * I1 (every acked record stays with its author), I3 (every record anywhere
 * is the one its author wrote), the chain and contiguity of every feed,
 * and I4 (identical heads everywhere within SIM_CONVERGE_MS of the heal).
 *
 * Everything comes from one PRNG seeded by the run's seed, so a failing
 * seed replays exactly: sim --seed S --trace.  --mutant NAME injects a
 * known bug to show the checks can fail.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "node.h"
#include "sync.h"

#define SIM_NODES		5	/* coordinator + 4 */
#define SIM_CONVERGE_MS		60000	/* I4: bound after heal */
#define SIM_HWM			NODE_SNDHWM	/* queue per link */

enum mutant {
	MUT_NONE,
	MUT_GAP,		/* ingest accepts a batch past a gap */
	MUT_NORETRANSMIT,	/* sync_tick never called */
	MUT_STALEHEAD,		/* restart resumes from an old head */
	MUT_PEERCLOCK,		/* the old per-peer retransmit clock */
};

static const char *mutant_names[] = {
	"none", "gap", "noretransmit", "stalehead", "peerclock", NULL
};

struct rec {
	uint64_t	seq;		/* position in the author's feed */
	uint64_t	prev;		/* hash of seq - 1, 0 for seq 1 */
	uint64_t	body;		/* the content: random per write */
	uint64_t	hash;		/* H(author, seq, prev, body) */
};

struct feed {
	struct rec	*recs;		/* recs[i].seq == i + 1 */
	uint64_t	 head;		/* records held */
	size_t		 cap;
};

struct speer {
	int		 linked;	/* configured peer with a link */
	struct sync_peer sync;		/* daemon/sync.c state */
	int64_t		 last_heard;	/* ms; 0: never */
	int64_t		 old_progress;	/* MUT_PEERCLOCK's clock */
};

struct snode {
	struct feed	 feeds[SIM_NODES];	/* committed: survive */
	uint64_t	 heads[SIM_NODES];	/* n->heads for sync_next */
	struct speer	 peers[SIM_NODES];	/* volatile */
	int		 up;
	unsigned	 epoch;		/* bumped by each crash */
	int64_t		 next_tick;
	int64_t		 next_write;
	int64_t		 next_crash;	/* while up */
	int64_t		 restart_at;	/* while down */
};

#define MSG_FRONTIER	1
#define MSG_BATCH	2

struct msg {
	int64_t		 at;		/* delivery time, ms */
	uint64_t	 order;		/* tie-break: send order */
	int		 from, to;
	unsigned	 from_epoch, to_epoch, link_epoch;
	int		 kind;
	int		 reset;		/* frontier */
	int		 only;		/* frontier: one feed, or -1 */
	uint64_t	 heads[SIM_NODES];	/* frontier */
	int		 author;	/* batch */
	size_t		 n;		/* batch */
	struct rec	*recs;		/* batch, owned */
};

struct sim {
	uint64_t	 seed;
	uint64_t	 rng;
	int		 trace;
	enum mutant	 mutant;
	int64_t		 now;
	struct snode	 nodes[SIM_NODES];
	struct feed	 authored[SIM_NODES];	/* truth: acked */
	int		 linked[SIM_NODES][SIM_NODES];
	int64_t		 down_until[SIM_NODES][SIM_NODES]; /* a->b */
	unsigned	 link_epoch[SIM_NODES][SIM_NODES];
	size_t		 queued[SIM_NODES][SIM_NODES];
	int64_t		 next_link_fault;
	struct msg	**heap;
	size_t		 nheap, capheap;
	uint64_t	 order;
	/* Parameters, drawn from the seed. */
	double		 p_drop, p_dup, p_sendfail;
	int64_t		 lat_min, jitter;
	int64_t		 write_mean[SIM_NODES];
	int		 burst_max[SIM_NODES];
	int64_t		 crash_mean, down_max;
	int64_t		 link_fault_mean, link_down_max;
	int64_t		 heal_at;
	int		 live;		/* writes go on after heal */
	int		 write_on[SIM_NODES];	/* ... these ones */
	int64_t		 quiet_at;	/* writing stops */
	uint64_t	 at_heal[SIM_NODES];	/* acked at the heal */
	/* Outcome. */
	int		 failed;
	char		 why[512];
	int64_t		 converged_ms;	/* after quiet_at, or -1 */
	int64_t		 live_ms;	/* at_heal everywhere, or -1 */
	uint64_t	 nmsgs, ndrops, ncrashes, nrecords;
};

/* ---- deterministic randomness ---- */

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t	z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rnd(struct sim *s, uint64_t n)
{
	return n == 0 ? 0 : splitmix(&s->rng) % n;
}

static double
rnd01(struct sim *s)
{
	return (double)(splitmix(&s->rng) >> 11) / (double)(1ULL << 53);
}

/* An exponential delay with the given mean, at least 1 ms. */
static int64_t
rnd_exp(struct sim *s, int64_t mean)
{
	double	u = rnd01(s), x = 0, t = 1;
	int	i;

	/* -log(1 - u) without libm: a short series is plenty here. */
	for (i = 1; i < 60; i++) {
		t *= u;
		x += t / i;
	}
	return 1 + (int64_t)(x * (double)mean);
}

static uint64_t
rec_hash(int author, uint64_t seq, uint64_t prev, uint64_t body)
{
	uint64_t	x = (uint64_t)author * 0x100000001b3ULL ^ seq;

	x = splitmix(&x) ^ prev;
	x = splitmix(&x) ^ body;
	return splitmix(&x) | 1;
}

/* ---- reporting ---- */

static void
trace(struct sim *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
trace(struct sim *s, const char *fmt, ...)
{
	va_list	ap;

	if (!s->trace)
		return;
	printf("%8.3f ", (double)s->now / 1000.0);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void
fail(struct sim *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(struct sim *s, const char *fmt, ...)
{
	va_list	ap;

	if (s->failed)
		return;
	s->failed = 1;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
	trace(s, "VIOLATION %s", s->why);
}

/* ---- feeds ---- */

static void
feed_put(struct feed *f, const struct rec *r)
{
	if (f->head == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->recs = realloc(f->recs, f->cap * sizeof(*f->recs));
		if (f->recs == NULL) {
			perror("sim");
			exit(2);
		}
	}
	f->recs[f->head++] = *r;
}

static uint64_t
feed_head_hash(const struct feed *f)
{
	return f->head ? f->recs[f->head - 1].hash : 0;
}

/* Chain, contiguity, I1 and I3 for one node's feeds. */
static void
check_node(struct sim *s, int k)
{
	const struct feed	*f, *truth;
	const struct rec	*r;
	uint64_t		 i;
	int			 a;

	for (a = 0; a < SIM_NODES && !s->failed; a++) {
		f = &s->nodes[k].feeds[a];
		truth = &s->authored[a];
		if (a == k && f->head < truth->head)
			fail(s, "I1: n%d holds %" PRIu64 " of its own %" PRIu64
			    " acked records", k, f->head, truth->head);
		for (i = 0; i < f->head && !s->failed; i++) {
			r = &f->recs[i];
			if (r->seq != i + 1)
				fail(s, "contiguity: n%d feed n%d slot %" PRIu64
				    " holds seq %" PRIu64, k, a, i + 1, r->seq);
			else if (r->prev != (i ? f->recs[i - 1].hash : 0) ||
			    r->hash != rec_hash(a, r->seq, r->prev, r->body))
				fail(s, "chain: n%d feed n%d breaks at seq %"
				    PRIu64, k, a, r->seq);
			else if (i >= truth->head ||
			    truth->recs[i].hash != r->hash)
				fail(s, a == k ? "I1: n%d feed n%d seq %" PRIu64
				    " is not the acked record" :
				    "I3: n%d feed n%d seq %" PRIu64
				    " differs from what its author wrote",
				    k, a, r->seq);
		}
	}
}

static void
check_all(struct sim *s)
{
	int	k;

	for (k = 0; k < SIM_NODES; k++)
		check_node(s, k);
}

/* ---- the transport ---- */

static int
msg_before(const struct msg *a, const struct msg *b)
{
	return a->at != b->at ? a->at < b->at : a->order < b->order;
}

static void
heap_push(struct sim *s, struct msg *m)
{
	size_t		 i;
	struct msg	*t;

	if (s->nheap == s->capheap) {
		s->capheap = s->capheap ? s->capheap * 2 : 1024;
		s->heap = realloc(s->heap, s->capheap * sizeof(*s->heap));
		if (s->heap == NULL) {
			perror("sim");
			exit(2);
		}
	}
	i = s->nheap++;
	s->heap[i] = m;
	while (i > 0 && msg_before(s->heap[i], s->heap[(i - 1) / 2])) {
		t = s->heap[i];
		s->heap[i] = s->heap[(i - 1) / 2];
		s->heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static struct msg *
heap_pop(struct sim *s)
{
	struct msg	*top = s->heap[0], *t;
	size_t		 i = 0, c;

	s->heap[0] = s->heap[--s->nheap];
	for (;;) {
		c = 2 * i + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && msg_before(s->heap[c + 1], s->heap[c]))
			c++;
		if (!msg_before(s->heap[c], s->heap[i]))
			break;
		t = s->heap[i];
		s->heap[i] = s->heap[c];
		s->heap[c] = t;
		i = c;
	}
	return top;
}

static void
msg_free(struct msg *m)
{
	free(m->recs);
	free(m);
}

static int
link_up(struct sim *s, int a, int b)
{
	return s->down_until[a][b] <= s->now;
}

/*
 * Sends m from m->from to m->to; takes m.  Returns -1 when the send
 * fails at once (a full queue, as zmq_send with ZMQ_DONTWAIT), else 0,
 * though the network may still lose, duplicate or delay it.
 */
static int
net_send(struct sim *s, struct msg *m)
{
	struct msg	*d;
	int		 a = m->from, b = m->to, copies = 1, i;

	if (s->queued[a][b] >= SIM_HWM || rnd01(s) < s->p_sendfail) {
		msg_free(m);
		return -1;
	}
	s->nmsgs++;
	if (!link_up(s, a, b) || rnd01(s) < s->p_drop) {
		s->ndrops++;
		msg_free(m);
		return 0;	/* a blackhole: the sender cannot tell */
	}
	if (rnd01(s) < s->p_dup)
		copies = 2;
	m->from_epoch = s->nodes[a].epoch;
	m->to_epoch = s->nodes[b].epoch;
	m->link_epoch = s->link_epoch[a][b];
	for (i = 0; i < copies; i++) {
		if (i == 0)
			d = m;
		else {
			if ((d = malloc(sizeof(*d))) == NULL) {
				perror("sim");
				exit(2);
			}
			*d = *m;
			d->recs = NULL;
			if (m->n > 0) {
				d->recs = malloc(m->n * sizeof(*m->recs));
				if (d->recs == NULL) {
					perror("sim");
					exit(2);
				}
				memcpy(d->recs, m->recs,
				    m->n * sizeof(*m->recs));
			}
		}
		d->at = s->now + s->lat_min + (int64_t)rnd(s,
		    (uint64_t)s->jitter + 1);
		d->order = s->order++;
		s->queued[a][b]++;
		heap_push(s, d);
	}
	return 0;
}

static struct msg *
msg_new(int kind, int from, int to)
{
	struct msg	*m;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		perror("sim");
		exit(2);
	}
	m->kind = kind;
	m->from = from;
	m->to = to;
	m->only = -1;
	return m;
}

/* ---- the node: peer.c's logic over the simulated transport ---- */

static int
sim_connected(const struct speer *p, int64_t now)
{
	return p->last_heard != 0 && now - p->last_heard <= PEER_TIMEOUT_MS;
}

/* peer_send_frontier */
static void
sim_send_frontier(struct sim *s, int k, int to, int reset, int only)
{
	struct msg	*m = msg_new(MSG_FRONTIER, k, to);

	m->reset = reset;
	m->only = only;
	memcpy(m->heads, s->nodes[k].heads, sizeof(m->heads));
	net_send(s, m);
}

/* peer_heard */
static void
sim_peer_heard(struct sim *s, int k, int from)
{
	struct speer	*p = &s->nodes[k].peers[from];

	if (!sim_connected(p, s->now)) {
		trace(s, "n%d: peer n%d connected", k, from);
		sync_on_disconnect(&p->sync);
		p->last_heard = s->now;
		sim_send_frontier(s, k, from, 1, -1);
	}
	p->last_heard = s->now;
}

/* peer_on_frontier */
static void
sim_on_frontier(struct sim *s, int k, const struct msg *m)
{
	struct speer	*p = &s->nodes[k].peers[m->from];
	int		 a;

	for (a = 0; a < SIM_NODES; a++)
		if (m->only < 0 || m->only == a)
			sync_on_head(&p->sync, (size_t)a, m->heads[a],
			    m->reset, s->now);
}

/*
 * feed_ingest: skip held duplicates, then keep the longest prefix that
 * follows the head and the chain.  Returns the number accepted; sets
 * *gap when it stopped at a record past head + 1.
 */
static size_t
sim_ingest(struct sim *s, int k, const struct msg *m, int *gap)
{
	struct feed		*f = &s->nodes[k].feeds[m->author];
	const struct rec	*r;
	uint64_t		 expect = f->head + 1;
	size_t			 i, accepted = 0, dups = 0;
	int			 started = 0;

	*gap = 0;
	for (i = 0; i < m->n; i++) {
		r = &m->recs[i];
		if (r->hash != rec_hash(m->author, r->seq, r->prev, r->body))
			break;		/* SP_EBADSIG: not its author's */
		if (r->seq < expect && !started) {
			if (f->recs[r->seq - 1].hash != r->hash) {
				/* SP_EFORK: evidence, feed blocked. */
				fail(s, "I3: n%d got a second record for "
				    "n%d#%" PRIu64 " from n%d", k, m->author,
				    r->seq, m->from);
				break;
			}
			dups++;
			continue;
		}
		if (r->seq != expect && s->mutant != MUT_GAP) {
			*gap = r->seq > expect;	/* SP_EGAP / SP_ESEQ */
			break;
		}
		if (r->prev != feed_head_hash(f) && s->mutant != MUT_GAP)
			break;		/* SP_ECHAIN */
		started = 1;
		feed_put(f, r);
		if (r->seq != f->head)
			fail(s, "contiguity: n%d stored n%d#%" PRIu64
			    " at slot %" PRIu64, k, m->author, r->seq,
			    f->head);
		else if (r->seq > s->authored[m->author].head ||
		    s->authored[m->author].recs[r->seq - 1].hash != r->hash)
			fail(s, "I3: n%d accepted n%d#%" PRIu64
			    " that its author did not write", k, m->author,
			    r->seq);
		expect++;
		accepted++;
	}
	s->nodes[k].heads[m->author] = f->head;
	trace(s, "n%d <- n%d batch n%d#%" PRIu64 "..%" PRIu64 ": +%zu dup %zu"
	    "%s head %" PRIu64, k, m->from, m->author, m->recs[0].seq,
	    m->recs[m->n - 1].seq, accepted, dups, *gap ? " GAP" : "",
	    f->head);
	return accepted;
}

/* peer_pump */
static void
sim_pump(struct sim *s, int k, int to)
{
	struct snode	*nd = &s->nodes[k];
	struct speer	*p = &nd->peers[to];
	struct msg	*m;
	uint64_t	 from, count;
	size_t		 idx;

	if (!sim_connected(p, s->now))
		return;
	while (sync_next(&p->sync, nd->heads, &idx, &from, &count)) {
		m = msg_new(MSG_BATCH, k, to);
		m->author = (int)idx;
		m->n = count;
		if ((m->recs = malloc(count * sizeof(*m->recs))) == NULL) {
			perror("sim");
			exit(2);
		}
		memcpy(m->recs, &nd->feeds[idx].recs[from - 1],
		    count * sizeof(*m->recs));
		if (net_send(s, m) != 0) {
			trace(s, "n%d -> n%d batch n%zu#%" PRIu64 "..%" PRIu64
			    " send failed", k, to, idx, from,
			    from + count - 1);
			return;	/* queue full or gone: timer retries */
		}
		trace(s, "n%d -> n%d batch n%zu#%" PRIu64 "..%" PRIu64, k, to,
		    idx, from, from + count - 1);
		sync_on_sent(&p->sync, idx, from + count - 1);
	}
}

/* peer_after_commit: acks were sent by the caller; pump every peer. */
static void
sim_after_commit(struct sim *s, int k)
{
	int	p;

	for (p = 0; p < SIM_NODES; p++)
		if (s->nodes[k].peers[p].linked)
			sim_pump(s, k, p);
}

/*
 * sync_tick as it was before the fix of tests/sim/README.md's first
 * regression: one clock per peer, restarted by an ack of any feed.
 */
static void
sim_old_tick(struct speer *p, int64_t now)
{
	int64_t	last = p->old_progress;
	size_t	i;

	for (i = 0; i < p->sync.nfeeds; i++)
		if (p->sync.feeds[i].progress > last)
			last = p->sync.feeds[i].progress;
	if (sync_inflight(&p->sync) == 0)
		p->old_progress = now;
	else if (now - last >= SYNC_RETRANSMIT_MS) {
		sync_on_disconnect(&p->sync);
		p->old_progress = now;
	}
}

/* peer_tick */
static void
sim_tick(struct sim *s, int k)
{
	struct speer	*p;
	int		 i, up;

	for (i = 0; i < SIM_NODES; i++) {
		p = &s->nodes[k].peers[i];
		if (!p->linked)
			continue;
		up = sim_connected(p, s->now);
		if (!up)
			sync_on_disconnect(&p->sync);
		if (s->mutant == MUT_PEERCLOCK)
			sim_old_tick(p, s->now);
		else if (s->mutant != MUT_NORETRANSMIT)
			sync_tick(&p->sync, s->now);
		sim_send_frontier(s, k, i, !up, -1);
	}
	sim_after_commit(s, k);
}

/* One message arrives: one loop turn of node.c (dispatch, commit, acks). */
static void
sim_deliver(struct sim *s, struct msg *m)
{
	struct snode	*nd = &s->nodes[m->to];
	int		 gap;

	s->queued[m->from][m->to]--;
	if (!nd->up || m->to_epoch != nd->epoch ||
	    m->from_epoch != s->nodes[m->from].epoch ||
	    m->link_epoch != s->link_epoch[m->from][m->to] ||
	    !link_up(s, m->from, m->to)) {
		s->ndrops++;
		return;
	}
	sim_peer_heard(s, m->to, m->from);
	if (m->kind == MSG_FRONTIER) {
		trace(s, "n%d <- n%d frontier%s%s [%" PRIu64 " %" PRIu64 " %"
		    PRIu64 " %" PRIu64 " %" PRIu64 "]", m->to, m->from,
		    m->reset ? " reset" : "", m->only >= 0 ? " ack" : "",
		    m->heads[0], m->heads[1], m->heads[2], m->heads[3],
		    m->heads[4]);
		sim_on_frontier(s, m->to, m);
	} else {
		sim_ingest(s, m->to, m, &gap);
		/* Acknowledge (returns credit); after a gap ask for more. */
		sim_send_frontier(s, m->to, m->from, gap, m->author);
	}
	sim_after_commit(s, m->to);
}

/* ---- faults and writes ---- */

static void
sim_write(struct sim *s, int k)
{
	struct snode	*nd = &s->nodes[k];
	struct feed	*own = &nd->feeds[k];
	struct rec	 r;
	int		 i, n = 1 + (int)rnd(s, (uint64_t)s->burst_max[k]);

	for (i = 0; i < n; i++) {
		r.seq = own->head + 1;
		r.prev = feed_head_hash(own);
		r.body = splitmix(&s->rng);
		r.hash = rec_hash(k, r.seq, r.prev, r.body);
		feed_put(own, &r);
		/* Committed, hence acked: the author's truth grows. */
		if (s->authored[k].head >= r.seq) {
			fail(s, "I1: n%d wrote n%d#%" PRIu64 " over an acked "
			    "record", k, k, r.seq);
			return;
		}
		feed_put(&s->authored[k], &r);
		s->nrecords++;
	}
	nd->heads[k] = own->head;
	trace(s, "n%d writes %d, head %" PRIu64, k, n, own->head);
	sim_after_commit(s, k);
}

static void
sim_peers_reset(struct sim *s, int k)
{
	struct speer	*p;
	int		 i;

	for (i = 0; i < SIM_NODES; i++) {
		p = &s->nodes[k].peers[i];
		sync_peer_clear(&p->sync);
		if (sync_peer_init(&p->sync, SIM_NODES) != 0) {
			perror("sim");
			exit(2);
		}
		p->last_heard = 0;
		p->old_progress = 0;
	}
}

static void
sim_crash(struct sim *s, int k)
{
	struct snode	*nd = &s->nodes[k];

	nd->up = 0;
	nd->epoch++;	/* whatever was in flight to or from it is gone */
	nd->restart_at = s->now + 1 + (int64_t)rnd(s, (uint64_t)s->down_max);
	if (nd->restart_at > s->heal_at)
		nd->restart_at = s->heal_at;
	s->ncrashes++;
	trace(s, "n%d CRASH (restart at %.3f)", k,
	    (double)nd->restart_at / 1000.0);
}

static void
sim_restart(struct sim *s, int k)
{
	struct snode	*nd = &s->nodes[k];
	uint64_t	 back;
	int		 a;

	nd->up = 1;
	sim_peers_reset(s, k);
	if (s->mutant == MUT_STALEHEAD && nd->feeds[k].head > 0) {
		/* Fact 4: a head read outside the write txn can be stale. */
		back = 1 + rnd(s, 3);
		nd->feeds[k].head -= back < nd->feeds[k].head ? back :
		    nd->feeds[k].head;
	}
	for (a = 0; a < SIM_NODES; a++)
		nd->heads[a] = nd->feeds[a].head;
	nd->next_tick = s->now + (int64_t)rnd(s, NODE_TICK_MS);
	nd->next_crash = s->now + rnd_exp(s, s->crash_mean);
	trace(s, "n%d RESTART heads [%" PRIu64 " %" PRIu64 " %" PRIu64 " %"
	    PRIu64 " %" PRIu64 "]", k, nd->heads[0], nd->heads[1],
	    nd->heads[2], nd->heads[3], nd->heads[4]);
	if (s->mutant != MUT_STALEHEAD)
		check_node(s, k);
}

static void
sim_link_fault(struct sim *s)
{
	int		a, b, oneway;
	int64_t		until;

	do {
		a = (int)rnd(s, SIM_NODES);
		b = (int)rnd(s, SIM_NODES);
	} while (a == b || !s->linked[a][b]);
	oneway = rnd(s, 10) < 3;
	until = s->now + 1 + (int64_t)rnd(s, (uint64_t)s->link_down_max);
	if (until > s->heal_at)
		until = s->heal_at;
	s->down_until[a][b] = until;
	s->link_epoch[a][b]++;
	if (!oneway) {
		s->down_until[b][a] = until;
		s->link_epoch[b][a]++;
	}
	trace(s, "link n%d %s n%d DOWN until %.3f", a, oneway ? "->" : "<->",
	    b, (double)until / 1000.0);
}

/* ---- setup and the main loop ---- */

static void
sim_topology(struct sim *s)
{
	int	order[SIM_NODES], i, j, t;
	double	extra = rnd01(s) * 0.6;

	for (i = 0; i < SIM_NODES; i++)
		order[i] = i;
	for (i = SIM_NODES - 1; i > 0; i--) {
		j = (int)rnd(s, (uint64_t)i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	/* A random spanning tree keeps it connected ... */
	for (i = 1; i < SIM_NODES; i++) {
		j = order[rnd(s, (uint64_t)i)];
		s->linked[order[i]][j] = s->linked[j][order[i]] = 1;
	}
	/* ... and a few extra links make more than one path. */
	for (i = 0; i < SIM_NODES; i++)
		for (j = i + 1; j < SIM_NODES; j++)
			if (rnd01(s) < extra)
				s->linked[i][j] = s->linked[j][i] = 1;
}

static void
sim_init(struct sim *s, uint64_t seed, int trace_on, enum mutant mut)
{
	int	k, a, heavy;

	memset(s, 0, sizeof(*s));
	s->seed = seed;
	s->rng = seed * 0x2545f4914f6cdd1dULL;
	s->trace = trace_on;
	s->mutant = mut;
	s->converged_ms = -1;
	s->live_ms = -1;
	sim_topology(s);
	s->p_drop = rnd(s, 2) ? rnd01(s) * 0.3 : rnd01(s) * 0.02;
	s->p_dup = rnd01(s) * 0.1;
	s->p_sendfail = rnd01(s) * 0.05;
	s->lat_min = 1 + (int64_t)rnd(s, 20);
	s->jitter = (int64_t)rnd(s, 400);
	s->crash_mean = 5000 + (int64_t)rnd(s, 25000);
	s->down_max = 100 + (int64_t)rnd(s, 10000);
	s->link_fault_mean = 2000 + (int64_t)rnd(s, 15000);
	s->link_down_max = 500 + (int64_t)rnd(s, 15000);
	s->heal_at = 20000 + (int64_t)rnd(s, 40000);
	/* One seed in ten has a heavy writer: windows fill, batches fill. */
	heavy = rnd(s, 10) == 0 ? (int)rnd(s, SIM_NODES) : -1;
	for (k = 0; k < SIM_NODES; k++) {
		s->write_mean[k] = 50 + (int64_t)rnd(s, 450);
		s->burst_max[k] = 1 + (int)rnd(s, 16);
		if (k == heavy) {
			s->write_mean[k] = 100;
			s->burst_max[k] = SYNC_BATCH;
		}
	}
	/*
	 * In half the seeds some nodes go on writing for SIM_CONVERGE_MS
	 * after the heal: what was acked before it must still arrive.
	 */
	s->live = (int)rnd(s, 2);
	for (k = 0; k < SIM_NODES; k++)
		s->write_on[k] = s->live && rnd(s, 2);
	if (s->live)
		s->write_on[rnd(s, SIM_NODES)] = 1;
	s->quiet_at = s->heal_at + (s->live ? SIM_CONVERGE_MS : 0);
	for (k = 0; k < SIM_NODES; k++) {
		struct snode *nd = &s->nodes[k];

		nd->up = 1;
		for (a = 0; a < SIM_NODES; a++) {
			nd->peers[a].linked = s->linked[k][a];
			if (sync_peer_init(&nd->peers[a].sync,
			    SIM_NODES) != 0) {
				perror("sim");
				exit(2);
			}
		}
		nd->next_tick = (int64_t)rnd(s, NODE_TICK_MS);
		nd->next_write = rnd_exp(s, s->write_mean[k]);
		nd->next_crash = rnd_exp(s, s->crash_mean);
	}
	s->next_link_fault = rnd_exp(s, s->link_fault_mean);
	trace(s, "seed %" PRIu64 ": drop %.3f dup %.3f sendfail %.3f latency "
	    "%" PRId64 "+%" PRId64 " ms, heal at %.3f, quiet at %.3f, heavy "
	    "n%d", seed, s->p_drop, s->p_dup, s->p_sendfail, s->lat_min,
	    s->jitter, (double)s->heal_at / 1000.0,
	    (double)s->quiet_at / 1000.0, heavy);
	for (k = 0; k < SIM_NODES; k++)
		for (a = k + 1; a < SIM_NODES; a++)
			if (s->linked[k][a])
				trace(s, "link n%d <-> n%d", k, a);
}

static void
sim_free(struct sim *s)
{
	int	k, a;

	while (s->nheap > 0)
		msg_free(heap_pop(s));
	free(s->heap);
	for (k = 0; k < SIM_NODES; k++) {
		for (a = 0; a < SIM_NODES; a++) {
			free(s->nodes[k].feeds[a].recs);
			sync_peer_clear(&s->nodes[k].peers[a].sync);
		}
		free(s->authored[k].recs);
	}
}

/* I4: every node holds every author's acked head, hash included. */
static int
sim_converged(const struct sim *s)
{
	const struct feed	*f;
	int			 k, a;

	for (k = 0; k < SIM_NODES; k++) {
		if (!s->nodes[k].up)
			return 0;
		for (a = 0; a < SIM_NODES; a++) {
			f = &s->nodes[k].feeds[a];
			if (f->head != s->authored[a].head ||
			    feed_head_hash(f) !=
			    feed_head_hash(&s->authored[a]))
				return 0;
		}
	}
	return 1;
}

/* Every node up and holding at least what was acked at the heal. */
static int
sim_caught_up(const struct sim *s)
{
	int	k, a;

	for (k = 0; k < SIM_NODES; k++) {
		if (!s->nodes[k].up)
			return 0;
		for (a = 0; a < SIM_NODES; a++)
			if (s->nodes[k].feeds[a].head < s->at_heal[a])
				return 0;
	}
	return 1;
}

/* The earliest pending event; sets *what and *who. */
#define EV_MSG		1
#define EV_TICK		2
#define EV_WRITE	3
#define EV_CRASH	4
#define EV_RESTART	5
#define EV_LINK		6

static int64_t
sim_next_event(struct sim *s, int *what, int *who)
{
	int64_t		 best = INT64_MAX;
	struct snode	*nd;
	int		 k, faults = s->now < s->heal_at;

#define CAND(t, w, k_) do {						\
	if ((t) < best) {						\
		best = (t);						\
		*what = (w);						\
		*who = (k_);						\
	}								\
} while (0)
	if (s->nheap > 0)
		CAND(s->heap[0]->at, EV_MSG, -1);
	for (k = 0; k < SIM_NODES; k++) {
		nd = &s->nodes[k];
		if (!nd->up) {
			CAND(nd->restart_at, EV_RESTART, k);
			continue;
		}
		CAND(nd->next_tick, EV_TICK, k);
		if (faults || (s->write_on[k] && s->now < s->quiet_at))
			CAND(nd->next_write, EV_WRITE, k);
		if (faults)
			CAND(nd->next_crash, EV_CRASH, k);
	}
	if (faults)
		CAND(s->next_link_fault, EV_LINK, -1);
#undef CAND
	return best;
}

static void
sim_run(struct sim *s)
{
	struct snode	*nd;
	struct msg	*m;
	int64_t		 t;
	int		 what = 0, who = 0, k, healed = 0;

	while (!s->failed) {
		t = sim_next_event(s, &what, &who);
		if (t > s->quiet_at + SIM_CONVERGE_MS)
			break;
		if (t >= s->heal_at && !healed) {
			healed = 1;
			for (k = 0; k < SIM_NODES; k++)
				s->at_heal[k] = s->authored[k].head;
		}
		if (s->live && s->live_ms < 0 && t >= s->quiet_at) {
			fail(s, "I4: records acked before the heal are not "
			    "everywhere %d s after it (writes going on)",
			    SIM_CONVERGE_MS / 1000);
			break;
		}
		s->now = t;
		nd = who >= 0 ? &s->nodes[who] : NULL;
		switch (what) {
		case EV_MSG:
			m = heap_pop(s);
			sim_deliver(s, m);
			msg_free(m);
			break;
		case EV_TICK:
			sim_tick(s, who);
			nd->next_tick = s->now + NODE_TICK_MS;
			break;
		case EV_WRITE:
			if (s->now < s->heal_at || (s->write_on[who] &&
			    s->now < s->quiet_at))
				sim_write(s, who);
			nd->next_write = s->now + rnd_exp(s,
			    s->write_mean[who]);
			break;
		case EV_CRASH:
			if (s->now < s->heal_at)
				sim_crash(s, who);
			break;
		case EV_RESTART:
			sim_restart(s, who);
			break;
		case EV_LINK:
			if (s->now < s->heal_at)
				sim_link_fault(s);
			s->next_link_fault = s->now + rnd_exp(s,
			    s->link_fault_mean);
			break;
		}
		if (s->live && s->live_ms < 0 && healed && sim_caught_up(s)) {
			s->live_ms = s->now - s->heal_at;
			trace(s, "what was acked at the heal is everywhere "
			    "%.3f s after it", (double)s->live_ms / 1000.0);
		}
		if (s->now >= s->quiet_at && sim_converged(s)) {
			s->converged_ms = s->now - s->quiet_at;
			trace(s, "converged %.3f s after the writes stopped",
			    (double)s->converged_ms / 1000.0);
			break;
		}
	}
	check_all(s);
	if (!s->failed && s->converged_ms < 0)
		fail(s, "I4: not converged %d s after the heal and the "
		    "last write", SIM_CONVERGE_MS / 1000);
	if (s->failed && strncmp(s->why, "I4", 2) == 0 && !s->trace) {
		/* Name the lagging feeds; the trace has the rest. */
		int		a, live = s->live && s->live_ms < 0;
		size_t		len = strlen(s->why);
		uint64_t	want;

		for (k = 0; k < SIM_NODES; k++)
			for (a = 0; a < SIM_NODES; a++) {
				want = live ? s->at_heal[a] :
				    s->authored[a].head;
				if (s->nodes[k].feeds[a].head < want &&
				    len + 40 < sizeof(s->why))
					len += (size_t)snprintf(s->why + len,
					    sizeof(s->why) - len, "; n%d has "
					    "n%d#%" PRIu64 "/%" PRIu64, k, a,
					    s->nodes[k].feeds[a].head, want);
			}
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: sim [--seeds N | --seed S] [--first S] "
	    "[--trace] [-v]\n"
	    "           [--mutant gap|noretransmit|stalehead|peerclock]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct sim	*s;
	enum mutant	 mut = MUT_NONE;
	uint64_t	 first = 1, nseeds = 2000, seed, nfail = 0;
	uint64_t	 msgs = 0, drops = 0, crashes = 0, records = 0;
	int64_t		 worst = 0, sum = 0, live_worst = 0;
	uint64_t	 worst_seed = 0;
	clock_t		 c0 = clock();
	int		 i, j, trace_on = 0, verbose = 0, found;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seeds") == 0 && i + 1 < argc)
			nseeds = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			first = strtoull(argv[++i], NULL, 10);
			nseeds = 1;
		} else if (strcmp(argv[i], "--first") == 0 && i + 1 < argc)
			first = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--trace") == 0)
			trace_on = 1;
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "--mutant") == 0 && i + 1 < argc) {
			i++;
			for (j = 0, found = 0; mutant_names[j] != NULL; j++)
				if (strcmp(argv[i], mutant_names[j]) == 0) {
					mut = (enum mutant)j;
					found = 1;
				}
			if (!found)
				usage();
		} else
			usage();
	}
	if ((s = malloc(sizeof(*s))) == NULL)
		return 2;
	for (seed = first; seed < first + nseeds; seed++) {
		sim_init(s, seed, trace_on, mut);
		sim_run(s);
		if (s->failed) {
			printf("FAIL seed=%" PRIu64 ": %s\n", seed, s->why);
			printf("  replay: sim --seed %" PRIu64 "%s%s --trace\n",
			    seed, mut ? " --mutant " : "",
			    mut ? mutant_names[mut] : "");
			nfail++;
		} else {
			if (verbose)
				printf("seed=%" PRIu64 ": %" PRIu64 " records, "
				    "converged %.3f s after the last write, "
				    "caught up %.3f s after the heal\n", seed,
				    s->nrecords,
				    (double)s->converged_ms / 1000.0,
				    (double)s->live_ms / 1000.0);
			if (s->live_ms > live_worst)
				live_worst = s->live_ms;
			sum += s->converged_ms;
			if (s->converged_ms > worst) {
				worst = s->converged_ms;
				worst_seed = seed;
			}
		}
		msgs += s->nmsgs;
		drops += s->ndrops;
		crashes += s->ncrashes;
		records += s->nrecords;
		sim_free(s);
	}
	free(s);
	printf("sim: %" PRIu64 " seeds from %" PRIu64 "%s%s: %" PRIu64
	    " records written, %" PRIu64 " messages (%" PRIu64 " lost), %"
	    PRIu64 " crashes; converged after the last write in %.2f s mean, "
	    "%.2f s worst (seed %" PRIu64 "); with writes going on, what was "
	    "acked at the heal arrived within %.2f s; %.1f s CPU\n", nseeds,
	    first, mut ? ", mutant " : "", mut ? mutant_names[mut] : "",
	    records, msgs, drops, crashes, nseeds > nfail ? (double)sum /
	    (double)(nseeds - nfail) / 1000.0 : 0.0, (double)worst / 1000.0,
	    worst_seed, (double)live_worst / 1000.0,
	    (double)(clock() - c0) / CLOCKS_PER_SEC);
	printf("%" PRIu64 " passed, %" PRIu64 " failed\n", nseeds - nfail,
	    nfail);
	return nfail == 0 ? 0 : 1;
}
