/*
 * sync.c - the per-peer replication state machine (see sync.h).
 *
 * Invariant: for every feed, remote <= sent, the sum of sent - remote is
 * at most SYNC_WINDOW + SYNC_BATCH and is kept in inflight (every change
 * of sent or remote goes through sync_set), and the bytes of the flights
 * are at most SYNC_WINDOW_BYTES plus one batch.  Nothing here depends on a
 * message arriving: every loss is repaired by a later frontier or by the
 * retransmit timeout.  An ack is the peer's word, not proof: what a
 * hostile peer can make us queue is bounded by the socket's own limits
 * (peer.c), and how often it can make us read a feed again by the reset
 * limit.
 */
#include <stdlib.h>

#include "errors.h"
#include "sync.h"

int
sync_peer_init(struct sync_peer *sp, size_t nfeeds)
{
	sp->feeds = calloc(nfeeds > 0 ? nfeeds : 1, sizeof(*sp->feeds));
	/* Out of line: 6 KiB a peer that a node with hundreds touches. */
	sp->flights = calloc(SYNC_MAX_FLIGHTS, sizeof(*sp->flights));
	if (sp->feeds == NULL || sp->flights == NULL) {
		sync_peer_clear(sp);
		return SP_ENOMEM;
	}
	sp->nfeeds = nfeeds;
	sp->next = 0;
	sp->nflights = 0;
	sp->bytes = 0;
	sp->inflight = 0;
	sp->changes = 0;
	sp->resets_ignored = 0;
	sp->ndeferred = 0;
	return 0;
}

/* Sets f's sent and remote (remote <= sent), keeping inflight. */
static void
sync_set(struct sync_peer *sp, struct sync_feed *f, uint64_t sent,
    uint64_t remote)
{
	if (f->sent == sent && f->remote == remote)
		return;
	sp->inflight -= f->sent - f->remote;
	sp->inflight += sent - remote;
	f->sent = sent;
	f->remote = remote;
	sp->changes++;
}

/* Returns the credit of feed idx's flights up to seq (all: UINT64_MAX). */
static void
sync_release(struct sync_peer *sp, size_t idx, uint64_t upto)
{
	size_t	i = 0;

	while (i < sp->nflights) {
		if (sp->flights[i].feed == idx && sp->flights[i].upto <= upto) {
			sp->bytes -= sp->flights[i].bytes;
			sp->flights[i] = sp->flights[--sp->nflights];
			sp->changes++;	/* credit back */
		} else
			i++;
	}
}

void
sync_peer_clear(struct sync_peer *sp)
{
	free(sp->feeds);
	free(sp->flights);
	sp->feeds = NULL;
	sp->flights = NULL;
	sp->nfeeds = 0;
	sp->nflights = 0;
}

/* Marks or clears f's deferred reset, keeping the count. */
static void
sync_defer(struct sync_peer *sp, struct sync_feed *f, int on)
{
	if (f->deferred == on)
		return;
	f->deferred = on;
	if (on)
		sp->ndeferred++;
	else
		sp->ndeferred--;
}

void
sync_on_head(struct sync_peer *sp, size_t idx, uint64_t seq, int reset,
    int64_t now_ms)
{
	struct sync_feed	*f;
	uint64_t		 sent;

	if (idx >= sp->nfeeds)
		return;
	f = &sp->feeds[idx];
	f->accepts = 1;
	sp->changes++;	/* accepts, at least, may be new */
	sent = f->sent;
	if (seq > f->remote)
		f->progress = now_ms;
	if (reset || seq < f->remote) {
		if (f->reset_at != 0 && (now_ms - f->reset_at < SYNC_RESET_MS ||
		    (f->progress <= f->reset_at &&
		    now_ms - f->reset_at < SYNC_RESET_IDLE_MS))) {
			sp->resets_ignored++;
			sync_defer(sp, f, 1);
		} else {
			sent = seq;
			f->reset_at = now_ms != 0 ? now_ms : 1;
			sync_release(sp, idx, UINT64_MAX);
			sync_defer(sp, f, 0);
		}
	}
	sync_set(sp, f, sent > seq ? sent : seq, seq);
	if (f->sent == f->remote)
		sync_defer(sp, f, 0);	/* all acknowledged: no resend */
	sync_release(sp, idx, seq);
}

int64_t
sync_deferred(struct sync_peer *sp, int64_t now_ms)
{
	struct sync_feed	*f;
	int64_t			 next = INT64_MAX, due;
	size_t			 i;

	for (i = 0; sp->ndeferred > 0 && i < sp->nfeeds; i++) {
		f = &sp->feeds[i];
		if (!f->deferred)
			continue;
		/*
		 * Twice the limit: a peer that keeps asking is honoured by
		 * its own next reset, as before, and costs no more.
		 */
		due = f->reset_at + 2 * SYNC_RESET_IDLE_MS;
		if (now_ms < due) {
			if (due < next)
				next = due;
			continue;
		}
		sync_set(sp, f, f->remote, f->remote);
		f->reset_at = now_ms != 0 ? now_ms : 1;
		sync_release(sp, i, UINT64_MAX);
		sync_defer(sp, f, 0);
	}
	return next;
}

size_t
sync_inflight_bytes(const struct sync_peer *sp)
{
	return sp->bytes;
}

uint64_t
sync_inflight(const struct sync_peer *sp)
{
	return sp->inflight;
}

int
sync_next(struct sync_peer *sp, const uint64_t *local, size_t *idx,
    uint64_t *from, uint64_t *count)
{
	uint64_t	inflight = sync_inflight(sp), n;
	size_t		k, i;

	if (inflight >= SYNC_WINDOW || sp->nfeeds == 0 ||
	    sp->bytes >= SYNC_WINDOW_BYTES ||
	    sp->nflights == SYNC_MAX_FLIGHTS)
		return 0;
	for (k = 0; k < sp->nfeeds; k++) {
		i = (sp->next + k) % sp->nfeeds;
		if (!sp->feeds[i].accepts || local[i] <= sp->feeds[i].sent)
			continue;
		n = local[i] - sp->feeds[i].sent;
		if (n > SYNC_BATCH)
			n = SYNC_BATCH;
		if (n > SYNC_WINDOW - inflight)
			n = SYNC_WINDOW - inflight;
		*idx = i;
		*from = sp->feeds[i].sent + 1;
		*count = n;
		sp->next = (i + 1) % sp->nfeeds;
		return 1;
	}
	return 0;
}

void
sync_on_sent(struct sync_peer *sp, size_t idx, uint64_t upto, size_t bytes)
{
	struct sync_flight	*fl;

	if (idx >= sp->nfeeds || upto <= sp->feeds[idx].sent)
		return;
	sync_set(sp, &sp->feeds[idx], upto, sp->feeds[idx].remote);
	if (sp->nflights < SYNC_MAX_FLIGHTS) {
		fl = &sp->flights[sp->nflights++];
		fl->feed = idx;
		fl->upto = upto;
		fl->bytes = bytes;
		sp->bytes += bytes;
	}
}

/*
 * The clock is per feed.  It once was per peer, and then a feed whose
 * last batch was lost waited as long as acks of other feeds kept coming:
 * while anyone else wrote, it never came (tests/sim/README.md, seed 3).
 */
void
sync_tick(struct sync_peer *sp, int64_t now_ms)
{
	struct sync_feed	*f;
	size_t			 i;

	for (i = 0; i < sp->nfeeds; i++) {
		f = &sp->feeds[i];
		if (f->sent == f->remote ||
		    now_ms - f->progress >= SYNC_RETRANSMIT_MS) {
			sync_set(sp, f, f->remote, f->remote);
			f->progress = now_ms;
			sync_release(sp, i, UINT64_MAX);
		}
	}
}

void
sync_on_disconnect(struct sync_peer *sp)
{
	size_t	i;

	for (i = 0; i < sp->nfeeds; i++) {
		sp->feeds[i].sent = sp->feeds[i].remote;
		sp->feeds[i].reset_at = 0;
		sp->feeds[i].deferred = 0;
	}
	sp->inflight = 0;
	sp->changes++;
	sp->ndeferred = 0;
	sp->nflights = 0;
	sp->bytes = 0;
}
