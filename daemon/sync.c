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
		f->progress = now_ms;
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
			f->sent = f->remote;
			f->progress = now_ms;
		}
	}
}

void
sync_on_disconnect(struct sync_peer *sp)
{
	size_t	i;

	for (i = 0; i < sp->nfeeds; i++)
		sp->feeds[i].sent = sp->feeds[i].remote;
}
