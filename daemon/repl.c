/*
 * repl.c - replication decisions for all peers of one node (see repl.h).
 *
 * Owns the per-peer session state (liveness and sync.c's credit) and
 * every choice of what goes out: the reset frontier when a silent peer
 * speaks, the acknowledgement after an ingest, the batches of a pump, the
 * timer's frontiers and retransmissions.  Does not own sockets, frames or
 * storage: those are behind struct repl_io, so that samplan-node and the
 * simulation run this same code.  Never logs (rule 9); a peer coming up
 * or going silent is reported through io.link.
 *
 * Invariant: bytes in flight to one peer stay within SYNC_WINDOW_BYTES
 * plus one batch, and to all peers within the node's budget plus one
 * batch.
 */
#include <stdlib.h>

#include "errors.h"
#include "repl.h"

int
repl_init(struct repl *r, size_t npeers, size_t nfeeds,
    const struct repl_io *io)
{
	size_t	i;

	r->npeers = 0;
	r->nfeeds = nfeeds;
	r->io = *io;
	r->budget = REPL_BUDGET_BYTES;
	r->faults = 0;
	r->next = 0;
	r->peers = calloc(npeers > 0 ? npeers : 1, sizeof(*r->peers));
	if (r->peers == NULL)
		return SP_ENOMEM;
	for (i = 0; i < npeers; i++) {
		if (sync_peer_init(&r->peers[i].sync, nfeeds) != 0) {
			repl_clear(r);
			return SP_ENOMEM;
		}
		r->npeers++;
	}
	return 0;
}

void
repl_clear(struct repl *r)
{
	size_t	i;

	for (i = 0; i < r->npeers; i++)
		sync_peer_clear(&r->peers[i].sync);
	free(r->peers);
	r->peers = NULL;
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

void
repl_on_heard(struct repl *r, size_t p, int64_t now)
{
	struct repl_peer	*rp;

	if (p >= r->npeers)
		return;
	rp = &r->peers[p];
	if (!repl_connected(r, p, now)) {
		if (r->io.link != NULL)
			r->io.link(r->io.arg, p, 1);
		sync_on_disconnect(&rp->sync);
		rp->last_heard = now;
		rp->was_up = 1;
		r->io.frontier(r->io.arg, p, NULL, 0, 1);
	}
	rp->last_heard = now;
}

void
repl_on_head(struct repl *r, size_t p, size_t f, uint64_t seq, int reset,
    int64_t now)
{
	if (p < r->npeers)
		sync_on_head(&r->peers[p].sync, f, seq, reset, now);
}

void
repl_on_ingest(struct repl *r, size_t p, size_t f, int gap)
{
	if (p < r->npeers && f < r->nfeeds)
		r->io.frontier(r->io.arg, p, &f, 1, gap);
}

size_t
repl_inflight_bytes(const struct repl *r)
{
	size_t	i, n = 0;

	for (i = 0; i < r->npeers; i++)
		n += sync_inflight_bytes(&r->peers[i].sync);
	return n;
}

/* Sends p what it lacks while its credit and the budget last. */
static void
repl_pump_peer(struct repl *r, size_t p, const uint64_t *heads,
    size_t *total)
{
	struct sync_peer	*sp = &r->peers[p].sync;
	uint64_t		 from, count, sent;
	size_t			 idx, bytes;

	while (*total < r->budget &&
	    sync_next(sp, heads, &idx, &from, &count)) {
		sent = 0;
		bytes = 0;
		if (r->io.batch(r->io.arg, p, idx, from, count, &sent,
		    &bytes) != 0 || sent == 0)
			return;	/* queue full or gone: the timer retries */
		sync_on_sent(sp, idx, from + sent - 1, bytes);
		*total += bytes;
	}
}

void
repl_pump(struct repl *r, const uint64_t *heads, int64_t now)
{
	size_t	i, k, total = repl_inflight_bytes(r);

	/* Start one further each time: the budget favours nobody. */
	for (k = 0; k < r->npeers; k++) {
		i = (r->next + k) % r->npeers;
		if (repl_connected(r, i, now))
			repl_pump_peer(r, i, heads, &total);
	}
	if (r->npeers > 0)
		r->next = (r->next + 1) % r->npeers;
}

void
repl_tick(struct repl *r, const uint64_t *heads, int64_t now)
{
	struct repl_peer	*rp;
	size_t			 i;
	int			 up;

	for (i = 0; i < r->npeers; i++) {
		rp = &r->peers[i];
		up = repl_connected(r, i, now);
		if (!up && rp->was_up && r->io.link != NULL)
			r->io.link(r->io.arg, i, 0);
		rp->was_up = up;
		if (!up)
			sync_on_disconnect(&rp->sync);
		if (!(r->faults & REPL_FAULT_NO_RETRANSMIT))
			sync_tick(&rp->sync, now);
		/* Until it answers, every frontier asks for a full resend. */
		r->io.frontier(r->io.arg, i, NULL, 0, !up);
	}
	repl_pump(r, heads, now);
}
