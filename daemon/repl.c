/*
 * repl.c - replication decisions for all peers of one node (see repl.h).
 *
 * Owns the per-peer session state (liveness, protocol, the heads we told
 * it, sync.c's credit) and every choice of what goes out: the Hello and
 * reset frontier when a silent peer speaks, the acknowledgement after an
 * ingest, the moved heads and batches of a pump, the timer's Pings and
 * their answers, slow full rounds, retransmissions, and when the timer
 * is next due.  Does not own sockets, frames or
 * storage: those are behind struct repl_io, so that samplan-node and the
 * simulation run this same code.  Never logs (rule 9); a peer coming up
 * or going silent is reported through io.link.
 *
 * Invariant: bytes in flight to one peer stay within SYNC_WINDOW_BYTES
 * plus one batch, and to all peers within the node's budget plus one
 * batch.
 */
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "repl.h"

int
repl_init(struct repl *r, size_t npeers, size_t nfeeds, const uint64_t *heads,
    const struct repl_io *io)
{
	r->npeers = 0;
	r->nfeeds = nfeeds;
	r->heads = heads;
	r->io = *io;
	r->budget = REPL_BUDGET_BYTES;
	r->faults = 0;
	r->next = 0;
	r->wake = 0;	/* the first tick at once */
	r->retx_at = 0;
	r->moves = 0;
	r->untold = 0;
	r->seen = calloc(nfeeds > 0 ? nfeeds : 1, sizeof(*r->seen));
	r->scratch = calloc(nfeeds > 0 ? nfeeds : 1, sizeof(*r->scratch));
	r->peers = calloc(npeers > 0 ? npeers : 1, sizeof(*r->peers));
	if (r->peers == NULL || r->seen == NULL || r->scratch == NULL) {
		repl_clear(r);
		return SP_ENOMEM;
	}
	/* Per-feed state comes when a peer is first heard (repl_alloc). */
	r->npeers = npeers;
	return 0;
}

/*
 * Gives p its per-feed state (the heads we told it, sync.c's view of it)
 * when it is first heard: a member with hundreds of peers configured,
 * most of which never call, then holds state only for those that do.
 */
static int
repl_alloc(struct repl *r, size_t p)
{
	struct repl_peer	*rp = &r->peers[p];

	if (rp->told != NULL)
		return 0;
	if ((rp->told = calloc(r->nfeeds > 0 ? r->nfeeds : 1,
	    sizeof(*rp->told))) == NULL)
		return SP_ENOMEM;
	if (sync_peer_init(&rp->sync, r->nfeeds) != 0) {
		free(rp->told);
		rp->told = NULL;
		return SP_ENOMEM;
	}
	return 0;
}

void
repl_clear(struct repl *r)
{
	size_t	i;

	for (i = 0; i < r->npeers; i++) {
		sync_peer_clear(&r->peers[i].sync);
		free(r->peers[i].told);
		r->peers[i].told = NULL;
	}
	free(r->peers);
	free(r->seen);
	free(r->scratch);
	r->peers = NULL;
	r->seen = NULL;
	r->scratch = NULL;
	r->npeers = 0;
}

int
repl_connected(const struct repl *r, size_t p, int64_t now)
{
	const struct repl_peer	*rp;

	if (p >= r->npeers)
		return 0;
	rp = &r->peers[p];
	return rp->last_heard != 0 && now - rp->last_heard <= REPL_TIMEOUT_MS;
}

int
repl_ready(const struct repl *r, size_t p, int64_t now)
{
	return repl_connected(r, p, now) && !r->peers[p].muted;
}

/* The timer has work within REPL_TICK_MS. */
static void
repl_soon(struct repl *r, int64_t now)
{
	if (r->wake > now + REPL_TICK_MS)
		r->wake = now + REPL_TICK_MS;
}

int64_t
repl_next_wake(const struct repl *r)
{
	return r->wake;
}

/*
 * Sends p our heads of feeds[0 .. n) (NULL: all) and notes what it knows.
 * Returns 0, or -1 when nothing went out.
 */
static int
repl_frontier(struct repl *r, size_t p, const size_t *feeds, size_t n,
    int reset, int64_t now)
{
	struct repl_peer	*rp = &r->peers[p];
	size_t			 i;

	if (rp->muted ||
	    r->io.frontier(r->io.arg, p, feeds, n, reset) != 0) {
		repl_soon(r, now);	/* the timer tries again */
		return -1;
	}
	rp->last_sent = now;
	if (feeds == NULL)
		rp->full_at = now != 0 ? now : 1;
	for (i = 0; rp->told != NULL &&
	    i < (feeds == NULL ? r->nfeeds : n); i++)
		if ((feeds == NULL ? i : feeds[i]) < r->nfeeds)
			rp->told[feeds == NULL ? i : feeds[i]] =
			    r->heads[feeds == NULL ? i : feeds[i]];
	return 0;
}

static void
repl_hello(struct repl *r, size_t p, int64_t now)
{
	if (r->io.hello != NULL && r->io.hello(r->io.arg, p) == 0)
		r->peers[p].last_sent = now;
}

/*
 * The slow round, spread over peers so that a coordinator does not send
 * every member its full frontier in the same turn.
 */
static int64_t
repl_next_full(size_t p, int64_t now)
{
	return now + REPL_FULL_MS - (int64_t)((p * 7919) %
	    REPL_FULL_SPREAD_MS);
}

int
repl_on_heard(struct repl *r, size_t p, int64_t now)
{
	struct repl_peer	*rp;

	if (p >= r->npeers)
		return SP_EINVAL;
	rp = &r->peers[p];
	if (repl_alloc(r, p) != 0)
		return SP_ENOMEM;	/* taken as unheard: dropped */
	if (!repl_connected(r, p, now)) {
		if (r->io.link != NULL)
			r->io.link(r->io.arg, p, 1);
		sync_on_disconnect(&rp->sync);
		rp->last_heard = now;
		rp->was_up = 1;
		rp->session = now;
		rp->heard_full = 0;
		rp->next_full = repl_next_full(p, now);
		repl_hello(r, p, now);
		repl_frontier(r, p, NULL, 0, 1, now);
		repl_soon(r, now);	/* full frontiers while it starts */
	}
	rp->last_heard = now;
	return rp->muted ? SP_EPROTO : 0;
}

int
repl_on_hello(struct repl *r, size_t p, uint32_t protocol, int64_t now)
{
	struct repl_peer	*rp;
	int			 was;

	if (p >= r->npeers)
		return SP_EINVAL;
	rp = &r->peers[p];
	was = rp->muted && rp->protocol == protocol;
	rp->protocol = protocol;
	rp->muted = protocol != REPL_PROTOCOL;
	if (rp->muted) {
		sync_on_disconnect(&rp->sync);
		if (was)
			return 0;
		/* Our Hello at once, so that it logs the mismatch too. */
		repl_hello(r, p, now);
		return SP_EPROTO;
	}
	/*
	 * It may have restarted faster than our timeout: it knows nothing
	 * of our heads, and without them sends us nothing.
	 */
	if (rp->full_at == 0 || now - rp->full_at >= REPL_TICK_MS)
		repl_frontier(r, p, NULL, 0, 0, now);
	return 0;
}

void
repl_on_ping(struct repl *r, size_t p, int64_t now)
{
	struct repl_peer	*rp;

	if (p >= r->npeers)
		return;
	rp = &r->peers[p];
	if (!rp->muted && now - rp->last_sent >= REPL_PING_MS / 2 &&
	    r->io.ping(r->io.arg, p) == 0)
		rp->last_sent = now;
}

void
repl_set_lead(struct repl *r, size_t p, int lead)
{
	if (p < r->npeers)
		r->peers[p].lead = lead;
}

void
repl_on_head(struct repl *r, size_t p, size_t f, uint64_t seq, int reset,
    int64_t now)
{
	if (p < r->npeers && !r->peers[p].muted)
		sync_on_head(&r->peers[p].sync, f, seq, reset, now);
}

void
repl_on_full(struct repl *r, size_t p)
{
	if (p < r->npeers)
		r->peers[p].heard_full = 1;
}

void
repl_on_ingest(struct repl *r, size_t p, size_t f, int gap)
{
	if (p < r->npeers && f < r->nfeeds)
		repl_frontier(r, p, &f, 1, gap, r->peers[p].last_heard);
}

void
repl_on_batch(struct repl *r, size_t p, size_t f, uint64_t upto, int64_t now)
{
	struct sync_peer	*sp;

	if (p >= r->npeers || r->peers[p].muted)
		return;
	sp = &r->peers[p].sync;
	if (f < sp->nfeeds && upto > sp->feeds[f].remote)
		sync_on_head(sp, f, upto, 0, now);
}

size_t
repl_inflight_bytes(const struct repl *r)
{
	size_t	i, n = 0;

	for (i = 0; i < r->npeers; i++)
		n += sync_inflight_bytes(&r->peers[i].sync);
	return n;
}

/*
 * Tells p the heads that moved since we last told it, if any, but for
 * the feeds that p has been sent up to our head: the batch tells it
 * (repl_on_batch), and the frontier would only cost both sides a message.
 */
static void
repl_tell_moved(struct repl *r, size_t p, size_t *scratch, int64_t now)
{
	struct repl_peer	*rp = &r->peers[p];
	size_t			 f, n = 0;

	for (f = 0; f < r->nfeeds; f++) {
		if (rp->told[f] == r->heads[f])
			continue;
		if (f < rp->sync.nfeeds && rp->sync.feeds[f].sent >= r->heads[f])
			rp->told[f] = r->heads[f];
		else
			scratch[n++] = f;
	}
	if (n > 0 && repl_frontier(r, p, scratch, n, 0, now) != 0)
		r->retell = 1;	/* the next pump tries again */
}

/*
 * Looks whether our heads moved since the last look: when they did, every
 * peer may lack something again, and each is told at the next pump.
 */
static void
repl_see_heads(struct repl *r)
{
	if (memcmp(r->seen, r->heads, r->nfeeds * sizeof(*r->seen)) == 0)
		return;
	memcpy(r->seen, r->heads, r->nfeeds * sizeof(*r->seen));
	r->moves++;
	r->untold = 1;
}

/*
 * p has nothing to be sent, known without asking sync_next: neither its
 * state nor our heads changed since sync_next last said so.  An idle
 * node of a national region would otherwise scan every feed of every
 * peer at every pump and every tick.
 */
static int
repl_quiet(const struct repl *r, const struct repl_peer *rp)
{
	return rp->quiet && rp->quiet_changes == rp->sync.changes &&
	    rp->quiet_moves == r->moves;
}

/* Sends p what it lacks while its credit and the budget last. */
static void
repl_pump_peer(struct repl *r, size_t p, size_t *total, int64_t now)
{
	struct repl_peer	*rp = &r->peers[p];
	uint64_t		 from, count, sent;
	size_t			 idx, bytes;
	int			 more = 0;

	if (repl_quiet(r, rp))
		return;
	while (*total < r->budget && (more = sync_next(&rp->sync, r->heads,
	    &idx, &from, &count))) {
		sent = 0;
		bytes = 0;
		/* Either way the timer has work: a retry, or a resend. */
		repl_soon(r, now);
		if (r->io.batch(r->io.arg, p, idx, from, count, &sent,
		    &bytes) != 0 || sent == 0)
			return;	/* queue full or gone: the timer retries */
		sync_on_sent(&rp->sync, idx, from + sent - 1, bytes);
		rp->last_sent = now;
		*total += bytes;
	}
	if (!more && *total < r->budget) {	/* sync_next said nothing */
		rp->quiet = 1;
		rp->quiet_changes = rp->sync.changes;
		rp->quiet_moves = r->moves;
	}
	if (*total >= r->budget)
		repl_soon(r, now);	/* the budget held some back */
}

void
repl_pump(struct repl *r, int64_t now)
{
	size_t	i, k, total = repl_inflight_bytes(r);
	int64_t	due;
	int	tell = 0;

	/* Most turns move no head: then there is nothing to tell anyone. */
	repl_see_heads(r);
	if (r->retell || r->untold) {
		r->retell = 0;
		r->untold = 0;
		tell = 1;
	}
	/* Start one further each time: the budget favours nobody. */
	for (k = 0; k < r->npeers; k++) {
		i = (r->next + k) % r->npeers;
		if (!repl_connected(r, i, now) || r->peers[i].muted)
			continue;
		if (r->peers[i].sync.ndeferred > 0) {
			due = sync_deferred(&r->peers[i].sync, now);
			if (due < r->wake)
				r->wake = due;
		}
		repl_pump_peer(r, i, &total, now);
		if (tell)	/* after the batches, which may tell it */
			repl_tell_moved(r, i, r->scratch, now);
	}
	if (r->npeers > 0)
		r->next = (r->next + 1) % r->npeers;
}

/*
 * p needs the timer every REPL_TICK_MS: it is starting (full frontiers
 * each tick), owes us its full frontier, or has records in flight or
 * unsent (retransmission, or a send the queue or the budget refused).
 */
static int
repl_busy(const struct repl *r, size_t p, int64_t now)
{
	const struct repl_peer	*rp = &r->peers[p];
	const struct sync_feed	*f;
	size_t			 i;

	if (now - rp->session < REPL_STARTUP_MS || !rp->heard_full ||
	    rp->sync.nflights > 0 || sync_inflight(&rp->sync) > 0)
		return 1;
	if (repl_quiet(r, rp))
		return 0;
	for (i = 0; i < rp->sync.nfeeds; i++) {
		f = &rp->sync.feeds[i];
		if (f->accepts && r->heads[i] > f->sent)
			return 1;
	}
	return 0;
}

/* How long p may hear nothing from us before it gets a Ping. */
static int64_t
repl_ping_after(const struct repl_peer *rp)
{
	return rp->lead ? REPL_LEAD_MS : REPL_PING_MS;
}

/*
 * How often a silent peer gets our Hello and reset frontier.  When we
 * dial it: after REPL_DIAL_FIRST_MS, then twice as long each time up to
 * a tick, so that a node that starts (its first Hello finds no
 * connection yet: ZMQ_IMMEDIATE) or whose peer restarts finds it within
 * milliseconds, and a peer that stays down costs a Hello a second, as
 * before.  Every REPL_RETRY_MS when it dials us: then it calls us as soon
 * as it is back, and we can reach it only after that.
 */
static int64_t
repl_retry_after(const struct repl_peer *rp)
{
	if (rp->lead)
		return REPL_RETRY_MS;
	return rp->retry != 0 ? rp->retry : REPL_DIAL_FIRST_MS;
}

/* At a Hello to a silent peer: the wait after it, twice the last. */
static void
repl_retry_backoff(struct repl_peer *rp)
{
	if (rp->retry == 0)
		rp->retry = REPL_DIAL_FIRST_MS;
	else if (rp->retry < REPL_TICK_MS / 2)
		rp->retry *= 2;
	else
		rp->retry = REPL_TICK_MS;
}

/* The earlier of *wake and t. */
static void
repl_earlier(int64_t *wake, int64_t t)
{
	if (t < *wake)
		*wake = t;
}

/*
 * The timer for one peer that is up.  early: another peer's Ping is due
 * in this turn, so this one's goes too if half its interval is over:
 * a coordinator's Pings settle into one turn instead of one each.
 */
static void
repl_tick_up(struct repl *r, size_t p, int early, int retx, int64_t now)
{
	struct repl_peer	*rp = &r->peers[p];
	int64_t			 quiet;

	if (retx && !(r->faults & REPL_FAULT_NO_RETRANSMIT))
		sync_tick(&rp->sync, now);
	if (now - rp->session < REPL_STARTUP_MS || now >= rp->next_full ||
	    !rp->heard_full) {
		/*
		 * A lost message may have hidden a head, or our Hello; and a
		 * peer that told us none of its heads yet is asked for them
		 * by our Hello, which it answers with a full frontier.
		 */
		repl_hello(r, p, now);
		repl_frontier(r, p, NULL, 0, 0, now);
		if (now >= rp->next_full)
			rp->next_full = repl_next_full(p, now);
		return;
	}
	quiet = now - rp->last_sent;
	if ((quiet >= repl_ping_after(rp) ||
	    (early && quiet >= repl_ping_after(rp) / 2)) &&
	    r->io.ping(r->io.arg, p) == 0)
		rp->last_sent = now;
}

/* When p next needs the timer. */
static int64_t
repl_peer_wake(const struct repl *r, size_t p, int64_t now)
{
	const struct repl_peer	*rp = &r->peers[p];
	int64_t			 wake;

	if (rp->muted)
		wake = rp->last_sent + REPL_RETRY_MS;
	else if (!repl_connected(r, p, now))
		wake = rp->last_try + repl_retry_after(rp);
	else if (repl_busy(r, p, now))
		wake = now + REPL_TICK_MS;
	else {
		wake = rp->next_full;
		repl_earlier(&wake, rp->last_sent + repl_ping_after(rp));
		/* Then it goes down, and is told so. */
		repl_earlier(&wake, rp->last_heard + REPL_TIMEOUT_MS + 1);
	}
	/* Past: what was due failed to go out this turn; retry soon. */
	return wake > now ? wake : now + REPL_TICK_MS;
}

void
repl_tick(struct repl *r, int64_t now)
{
	struct repl_peer	*rp;
	size_t			 i;
	int			 up, early = 0, retx;

	/*
	 * Retransmission keeps the step of REPL_TICK_MS however often the
	 * timer runs: more would resend an unacknowledged window sooner.
	 */
	retx = now - r->retx_at >= REPL_TICK_MS;
	if (retx)
		r->retx_at = now;
	repl_see_heads(r);	/* for repl_busy's repl_quiet */
	/* Is any Ping due?  Then the near-due ones go in the same turn. */
	for (i = 0; i < r->npeers && !early; i++) {
		rp = &r->peers[i];
		early = !rp->muted && repl_connected(r, i, now) &&
		    now - rp->last_sent >= repl_ping_after(rp);
	}
	for (i = 0; i < r->npeers; i++) {
		rp = &r->peers[i];
		up = repl_connected(r, i, now);
		if (!up && rp->was_up && r->io.link != NULL)
			r->io.link(r->io.arg, i, 0);
		/* What was in flight to it is lost; a session starts anew. */
		if (!up && rp->was_up) {
			sync_on_disconnect(&rp->sync);
			rp->retry = 0;	/* look for it again at once */
		}
		rp->was_up = up;
		if (rp->muted) {
			/* So that it logs it too. */
			if (now - rp->last_sent >= REPL_RETRY_MS)
				repl_hello(r, i, now);
			continue;
		}
		if (up) {
			repl_tick_up(r, i, early, retx, now);
			continue;
		}
		/* Until it answers, ask it for everything, now and then. */
		if (rp->last_try != 0 &&
		    now - rp->last_try < repl_retry_after(rp))
			continue;
		repl_retry_backoff(rp);
		rp->last_try = now;
		repl_hello(r, i, now);
		repl_frontier(r, i, NULL, 0, 1, now);
	}
	/* The pump may pull the wake nearer again. */
	r->wake = INT64_MAX;
	for (i = 0; i < r->npeers; i++)
		repl_earlier(&r->wake, repl_peer_wake(r, i, now));
	if (r->wake == INT64_MAX)	/* no peers */
		r->wake = now + REPL_FULL_MS;
	repl_pump(r, now);
}
