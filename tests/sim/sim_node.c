/*
 * sim_node.c - one simulated samplan-node: daemon/repl.c driven over the
 * simulated network, with its feeds in memory.
 *
 * The replication decisions (sessions, acks, pumps, credit, resets,
 * retransmission) are the real module's; this file supplies what peer.c
 * supplies in samplan-node: the transport behind struct repl_io, the
 * ingest of a batch (as feed_ingest walks it: skip held duplicates, keep
 * the longest consecutive chained prefix, stop at a gap), local writes,
 * and a crash that loses every volatile state but keeps what was
 * committed.  A delivery is one loop turn: dispatch, commit, ack, pump.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "sim.h"

void
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

uint64_t
feed_head_hash(const struct feed *f)
{
	return f->head ? f->recs[f->head - 1].hash : 0;
}

/* repl_io.frontier: our heads of the listed feeds (NULL: all). */
static int
sim_send_frontier(void *arg, size_t p, const size_t *feeds, size_t nfeeds,
    int reset)
{
	struct snode	*nd = arg;
	struct msg	*m;
	size_t		 i;

	if (p >= SIM_NODES || !nd->linked[p])
		return SP_ENOTRUNNING;	/* no endpoint, no route */
	m = msg_new(MSG_FRONTIER, nd->k, (int)p);
	m->reset = reset;
	m->full = feeds == NULL;
	for (i = 0; i < (feeds == NULL ? SIM_NODES : nfeeds); i++)
		if ((feeds == NULL ? i : feeds[i]) < SIM_NODES)
			m->has[feeds == NULL ? i : feeds[i]] = 1;
	memcpy(m->heads, nd->heads, sizeof(m->heads));
	m->bytes = SIM_MSG_BYTES + 48 * (feeds == NULL ? SIM_NODES : nfeeds);
	return net_send(nd->sim, m) == 0 ? 0 : SP_ENOTRUNNING;
}

/* repl_io.batch: records from .. from + count - 1 of feed f, or fewer. */
static int
sim_send_batch(void *arg, size_t p, size_t f, uint64_t from, uint64_t count,
    uint64_t *sent, size_t *bytes)
{
	struct snode	*nd = arg;
	struct sim	*s = nd->sim;
	struct msg	*m;
	uint64_t	 max = NODE_BATCH_BYTES / SIM_REC_BYTES;

	if (p >= SIM_NODES || !nd->linked[p] || f >= SIM_NODES || from == 0 ||
	    from > nd->feeds[f].head)
		return SP_ENOTRUNNING;
	if (count > max)
		count = max;
	if (count > nd->feeds[f].head - from + 1)
		count = nd->feeds[f].head - from + 1;
	m = msg_new(MSG_BATCH, nd->k, (int)p);
	m->author = (int)f;
	m->n = count;
	m->recs = xcalloc(count, sizeof(*m->recs));
	memcpy(m->recs, &nd->feeds[f].recs[from - 1], count * sizeof(*m->recs));
	m->bytes = SIM_MSG_BYTES + count * SIM_REC_BYTES;
	*bytes = m->bytes;
	if (net_send(s, m) != 0) {
		trace(s, "n%d -> n%zu batch n%zu#%" PRIu64 "..%" PRIu64
		    " send failed", nd->k, p, f, from, from + count - 1);
		return SP_ENOTRUNNING;	/* queue full or gone */
	}
	trace(s, "n%d -> n%zu batch n%zu#%" PRIu64 "..%" PRIu64, nd->k, p, f,
	    from, from + count - 1);
	*sent = count;
	return 0;
}

/* repl_io.hello and repl_io.ping: small messages of their own. */
static int
sim_send_small(struct snode *nd, size_t p, int kind)
{
	struct msg	*m;

	if (p >= SIM_NODES || !nd->linked[p])
		return SP_ENOTRUNNING;
	m = msg_new(kind, nd->k, (int)p);
	m->protocol = REPL_PROTOCOL;
	m->bytes = SIM_MSG_BYTES;
	return net_send(nd->sim, m) == 0 ? 0 : SP_ENOTRUNNING;
}

static int
sim_send_hello(void *arg, size_t p)
{
	return sim_send_small(arg, p, MSG_HELLO);
}

static int
sim_send_ping(void *arg, size_t p)
{
	return sim_send_small(arg, p, MSG_PING);
}

static void
sim_link(void *arg, size_t p, int up)
{
	struct snode	*nd = arg;

	trace(nd->sim, "n%d: peer n%zu %s", nd->k, p, up ? "connected" :
	    "silent, disconnected");
}

/* Fresh volatile state: what a (re)started node knows of its peers. */
static void
sim_repl_start(struct sim *s, int k)
{
	struct snode	*nd = &s->nodes[k];
	struct repl_io	 io = { nd, sim_send_frontier, sim_send_batch,
			    sim_send_hello, sim_send_ping, sim_link };
	int		 i;

	repl_clear(&nd->repl);
	if (repl_init(&nd->repl, SIM_NODES, SIM_NODES, nd->heads, &io) != 0) {
		perror("sim");
		exit(2);
	}
	if (s->mutant == MUT_NORETRANSMIT || s->mutant == MUT_PEERCLOCK)
		nd->repl.faults |= REPL_FAULT_NO_RETRANSMIT;
	for (i = 0; i < SIM_NODES; i++) {
		nd->old_progress[i] = 0;
		/* The coordinator leads the Pings, as the members dial it. */
		repl_set_lead(&nd->repl, (size_t)i, k == 0);
	}
}

void
sim_node_init(struct sim *s, int k)
{
	struct snode	*nd = &s->nodes[k];
	int		 a;

	nd->sim = s;
	nd->k = k;
	nd->up = 1;
	for (a = 0; a < SIM_NODES; a++)
		nd->linked[a] = s->linked[k][a];
	sim_repl_start(s, k);
}

void
sim_node_free(struct sim *s, int k)
{
	int	a;

	for (a = 0; a < SIM_NODES; a++)
		free(s->nodes[k].feeds[a].recs);
	repl_clear(&s->nodes[k].repl);
}

/*
 * feed_ingest: skip held duplicates, then keep the longest prefix that
 * follows the head and the chain; sets *gap when it stopped at a record
 * past head + 1.  Returns the highest seq of m when k now holds all of
 * it (samplan-node's result rc 0), else 0.
 */
static uint64_t
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
	return i == m->n ? m->recs[m->n - 1].seq : 0;	/* ascending */
}

/*
 * sync_tick as it was before the fix of tests/sim/README.md's first
 * regression: one clock per peer, restarted by an ack of any feed.
 */
static void
sim_old_tick(struct sync_peer *sp, int64_t *progress, int64_t now)
{
	int64_t	last = *progress;
	size_t	i;

	for (i = 0; i < sp->nfeeds; i++)
		if (sp->feeds[i].progress > last)
			last = sp->feeds[i].progress;
	if (sync_inflight(sp) == 0)
		*progress = now;
	else if (now - last >= SYNC_RETRANSMIT_MS) {
		sync_on_disconnect(sp);
		*progress = now;
	}
}

/* One message arrives: one loop turn of node.c (dispatch, commit, acks). */
void
sim_deliver(struct sim *s, struct msg *m)
{
	struct snode	*nd = &s->nodes[m->to];
	uint64_t	 held;
	int		 gap, a;

	s->queued[m->from][m->to]--;
	if (!nd->up || m->to_epoch != nd->epoch ||
	    m->from_epoch != s->nodes[m->from].epoch ||
	    m->link_epoch != s->link_epoch[m->from][m->to] ||
	    !link_up(s, m->from, m->to)) {
		s->ndrops++;
		return;
	}
	if (m->to == s->adv) {
		adv_receive(s, m);
		return;
	}
	if (repl_on_heard(&nd->repl, (size_t)m->from, s->now) != 0 &&
	    m->kind != MSG_HELLO)
		return;		/* another protocol: dropped */
	if (m->kind == MSG_HELLO)
		repl_on_hello(&nd->repl, (size_t)m->from, m->protocol,
		    s->now);
	else if (m->kind == MSG_PING) {
		trace(s, "n%d <- n%d ping", m->to, m->from);
		repl_on_ping(&nd->repl, (size_t)m->from, s->now);
	}
	else if (m->kind == MSG_FRONTIER) {
		trace(s, "n%d <- n%d frontier%s [%" PRIu64 " %" PRIu64 " %"
		    PRIu64 " %" PRIu64 " %" PRIu64 "]", m->to, m->from,
		    m->reset ? " reset" : "", m->heads[0], m->heads[1],
		    m->heads[2], m->heads[3], m->heads[4]);
		for (a = 0; a < SIM_NODES; a++) {
			if (!m->has[a])
				continue;
			if (s->mutant == MUT_RESETFLOOD)	/* the old rule */
				nd->repl.peers[m->from].sync.feeds[a].reset_at
				    = 0;
			repl_on_head(&nd->repl, (size_t)m->from, (size_t)a,
			    m->heads[a], m->reset, s->now);
		}
		if (m->full)
			repl_on_full(&nd->repl, (size_t)m->from);
	} else {
		held = sim_ingest(s, m->to, m, &gap);
		repl_on_ingest(&nd->repl, (size_t)m->from, (size_t)m->author,
		    gap);
		if (held > 0)
			repl_on_batch(&nd->repl, (size_t)m->from,
			    (size_t)m->author, held, s->now);
	}
	repl_pump(&nd->repl, s->now);
}

/* peer_tick: the timer, when repl_next_wake says (sim_tick_at). */
/*
 * When node k's timer is next due: as samplan-node's poll timeout, the
 * repl module's next wake, but not before the random phase a (re)start
 * gave it (next_tick, cleared by the first tick).
 */
int64_t
sim_tick_at(const struct snode *nd)
{
	int64_t	wake = repl_next_wake(&nd->repl);

	return wake > nd->next_tick ? wake : nd->next_tick;
}

void
sim_tick(struct sim *s, int k)
{
	struct snode	*nd = &s->nodes[k];
	int		 i;

	if (s->mutant == MUT_PEERCLOCK)
		for (i = 0; i < SIM_NODES; i++)
			sim_old_tick(&nd->repl.peers[i].sync,
			    &nd->old_progress[i], s->now);
	repl_tick(&nd->repl, s->now);
}

void
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
	repl_pump(&nd->repl, s->now);
}

void
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

void
sim_restart(struct sim *s, int k)
{
	struct snode	*nd = &s->nodes[k];
	uint64_t	 back;
	int		 a;

	nd->up = 1;
	sim_repl_start(s, k);
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

void
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
