/*
 * sync.c - the per-peer replication state machine (see sync.h).
 *
 * Invariant: for every feed, remote <= sent, and the sum of sent - remote
 * is at most SYNC_WINDOW + SYNC_BATCH.  Nothing here depends on a message
 * arriving: every loss is repaired by a later frontier or by the
 * retransmit timeout.
 */
#include <stdlib.h>

#include "errors.h"
#include "sync.h"

int
sync_peer_init(struct sync_peer *sp, size_t nfeeds)
{
	sp->feeds = calloc(nfeeds > 0 ? nfeeds : 1, sizeof(*sp->feeds));
	if (sp->feeds == NULL)
		return SP_ENOMEM;
	sp->nfeeds = nfeeds;
	sp->next = 0;
	sp->last_progress = 0;
	return 0;
}

void
sync_peer_clear(struct sync_peer *sp)
{
	free(sp->feeds);
	sp->feeds = NULL;
	sp->nfeeds = 0;
}

void
sync_on_head(struct sync_peer *sp, size_t idx, uint64_t seq, int reset,
    int64_t now_ms)
{
	struct sync_feed	*f;

	if (idx >= sp->nfeeds)
		return;
	f = &sp->feeds[idx];
	f->accepts = 1;
	if (seq > f->remote)
		sp->last_progress = now_ms;
	if (reset || seq < f->remote)
		f->sent = seq;
	f->remote = seq;
	if (f->sent < seq)
		f->sent = seq;
}

uint64_t
sync_inflight(const struct sync_peer *sp)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < sp->nfeeds; i++)
		n += sp->feeds[i].sent - sp->feeds[i].remote;
	return n;
}

int
sync_next(struct sync_peer *sp, const uint64_t *local, size_t *idx,
    uint64_t *from, uint64_t *count)
{
	uint64_t	inflight = sync_inflight(sp), n;
	size_t		k, i;

	if (inflight >= SYNC_WINDOW || sp->nfeeds == 0)
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
sync_on_sent(struct sync_peer *sp, size_t idx, uint64_t upto)
{
	if (idx < sp->nfeeds && upto > sp->feeds[idx].sent)
		sp->feeds[idx].sent = upto;
}

void
sync_tick(struct sync_peer *sp, int64_t now_ms)
{
	if (sync_inflight(sp) == 0) {
		sp->last_progress = now_ms;
		return;
	}
	if (now_ms - sp->last_progress >= SYNC_RETRANSMIT_MS) {
		sync_on_disconnect(sp);
		sp->last_progress = now_ms;
	}
}

void
sync_on_disconnect(struct sync_peer *sp)
{
	size_t	i;

	for (i = 0; i < sp->nfeeds; i++)
		sp->feeds[i].sent = sp->feeds[i].remote;
}
