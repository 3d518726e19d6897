/*
 * sync.h - what to send a peer next: the replication state machine.
 *
 * Pure logic, no sockets and no storage, so that it can be tested and
 * simulated alone.  Per peer and per feed it tracks what the peer said it
 * holds (remote) and how far we have sent (sent).  Records in flight,
 * sent minus remote over all feeds, never exceed SYNC_WINDOW: that is the
 * credit that bounds the memory a slow or stopped peer can cost.  A
 * frontier from the peer acknowledges, returns credit, and after a reset
 * or a retransmit timeout makes us send again from what the peer holds.
 */
#ifndef SAMPLAN_SYNC_H
#define SAMPLAN_SYNC_H

#include <stddef.h>
#include <stdint.h>

#define SYNC_WINDOW		4096	/* records in flight to one peer */
#define SYNC_BATCH		256	/* records in one batch message */
#define SYNC_RETRANSMIT_MS	3000	/* resend after this long unacked */

struct sync_feed {
	uint64_t	remote;		/* highest seq the peer holds */
	uint64_t	sent;		/* highest seq we have sent it */
	int		accepts;	/* the peer takes this feed */
	int64_t		progress;	/* ms: last ack that moved remote */
};

struct sync_peer {
	struct sync_feed *feeds;	/* one per known author */
	size_t		 nfeeds;
	size_t		 next;		/* round-robin cursor over feeds */
};

/* Sets up state for nfeeds feeds.  Returns 0 or SP_ENOMEM. */
int	sync_peer_init(struct sync_peer *sp, size_t nfeeds);
void	sync_peer_clear(struct sync_peer *sp);

/*
 * The peer says it holds feed idx up to seq.  reset asks us to resend
 * everything after seq.  A seq lower than before (the peer lost data)
 * also resets.
 */
void	sync_on_head(struct sync_peer *sp, size_t idx, uint64_t seq, int reset,
	    int64_t now_ms);

/* Records sent but not acknowledged, over all feeds. */
uint64_t sync_inflight(const struct sync_peer *sp);

/*
 * Chooses the next batch: a feed the peer takes, where local[idx] (our
 * head) is past what we sent, within the window.  Returns 1 and sets
 * *idx, *from and *count, or 0 when there is nothing to send now.
 */
int	sync_next(struct sync_peer *sp, const uint64_t *local, size_t *idx,
	    uint64_t *from, uint64_t *count);

/* Records that a batch up to seq `upto` of feed idx went out. */
void	sync_on_sent(struct sync_peer *sp, size_t idx, uint64_t upto);

/*
 * Timer: when records of a feed are in flight and no acknowledgement
 * moved that feed for SYNC_RETRANSMIT_MS, forget them so that they are
 * sent again.  Per feed: acks of other feeds prove nothing about it.
 */
void	sync_tick(struct sync_peer *sp, int64_t now_ms);

/* The connection dropped: whatever was in flight may be lost. */
void	sync_on_disconnect(struct sync_peer *sp);

#endif
