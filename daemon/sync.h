/*
 * sync.h - what to send a peer next: the replication state machine.
 *
 * Pure logic, no sockets and no storage, so that it can be tested and
 * simulated alone.  Per peer and per feed it tracks what the peer said it
 * holds (remote) and how far we have sent (sent).  Records in flight,
 * sent minus remote over all feeds, never exceed SYNC_WINDOW, and the
 * bytes of the batches in flight never exceed SYNC_WINDOW_BYTES: that is
 * the credit that bounds the memory a slow, stopped or hostile peer can
 * cost.  An acknowledgement that moves a feed returns the credit of the
 * batches it covers.  A reset (the peer dropped what followed a gap, or
 * lost its data) makes us send the feed again from what the peer holds
 * and returns that feed's credit.  It is honoured at most once per feed
 * every SYNC_RESET_MS, and while the peer has not acknowledged anything of
 * the last resend, once every SYNC_RESET_IDLE_MS: one resend of a feed is
 * in flight at a time however fast a peer asks.  What a peer that never reads can make
 * us queue is bounded by the socket's own queue (peer.c), not by credit:
 * an ack or a reset is the peer's word, not proof.
 */
#ifndef SAMPLAN_SYNC_H
#define SAMPLAN_SYNC_H

#include <stddef.h>
#include <stdint.h>

#define SYNC_WINDOW		4096	/* records in flight to one peer */
#define SYNC_BATCH		256	/* records in one batch message */
#define SYNC_RETRANSMIT_MS	3000	/* resend after this long unacked */
#define SYNC_WINDOW_BYTES	(1024 * 1024)	/* batch bytes in flight */
#define SYNC_RESET_MS		20	/* at most one reset per feed per */
#define SYNC_RESET_IDLE_MS	100	/* ... and this while unacked */
#define SYNC_MAX_FLIGHTS	256	/* batches in flight to one peer */

struct sync_feed {
	uint64_t	remote;		/* highest seq the peer holds */
	uint64_t	sent;		/* highest seq we have sent it */
	int		accepts;	/* the peer takes this feed */
	int64_t		reset_at;	/* ms: last reset honoured; 0: none */
	int64_t		progress;	/* ms: last ack that moved remote */
	int		deferred;	/* a reset came too soon */
};

/* One batch sent and not yet acknowledged. */
struct sync_flight {
	size_t		feed;		/* index of its feed */
	uint64_t	upto;		/* its last seq */
	size_t		bytes;		/* its size on the wire */
};

struct sync_peer {
	struct sync_feed *feeds;	/* one per known author */
	size_t		 nfeeds;
	size_t		 next;		/* round-robin cursor over feeds */
	struct sync_flight *flights;	/* SYNC_MAX_FLIGHTS, unordered */
	size_t		 nflights;
	size_t		 bytes;		/* sum of the flights' bytes */
	uint64_t	 inflight;	/* sum of the feeds' sent - remote */
	uint64_t	 changes;	/* bumped by every change of state */
	uint64_t	 resets_ignored;	/* resets past the limit */
	size_t		 ndeferred;	/* feeds with a deferred reset */
};

/* Sets up state for nfeeds feeds.  Returns 0 or SP_ENOMEM. */
int	sync_peer_init(struct sync_peer *sp, size_t nfeeds);
void	sync_peer_clear(struct sync_peer *sp);

/*
 * The peer says it holds feed idx up to seq; flights of idx up to seq
 * return their credit.  reset asks us to resend everything after seq; a
 * seq lower than before (the peer lost data) also resets and returns the
 * credit of the feed's flights.  A reset within SYNC_RESET_MS of the last
 * one honoured for that feed in this session, or within
 * SYNC_RESET_IDLE_MS of it when no ack has moved the feed since, is
 * ignored and counted in resets_ignored.
 */
void	sync_on_head(struct sync_peer *sp, size_t idx, uint64_t seq, int reset,
	    int64_t now_ms);

/*
 * Honours, 2 * SYNC_RESET_IDLE_MS after the last honoured one, a reset of
 * a feed that came too soon and is still unanswered (nothing acknowledged
 * since) when no later reset was honoured meanwhile: a peer whose every
 * gap report fell within the limit would otherwise wait
 * SYNC_RETRANSMIT_MS for the resend, and a lossy chain of relays many
 * times that.  A peer that keeps asking gets no more than before.
 * Returns when the next one is due (ms), or INT64_MAX when none is.
 */
int64_t	sync_deferred(struct sync_peer *sp, int64_t now_ms);

/* Records sent but not acknowledged, over all feeds (kept as it moves). */
uint64_t sync_inflight(const struct sync_peer *sp);

/* Bytes of the batches sent and not acknowledged. */
size_t	sync_inflight_bytes(const struct sync_peer *sp);

/*
 * Chooses the next batch: a feed the peer takes, where local[idx] (our
 * head) is past what we sent, within the window of records and of bytes.
 * Returns 1 and sets *idx, *from and *count, or 0 when there is nothing
 * to send now.  What it answers depends on local and on the peer's state
 * alone, and that state changes only where sp->changes is bumped: with
 * neither changed, the answer is the same (repl.c skips asking).
 */
int	sync_next(struct sync_peer *sp, const uint64_t *local, size_t *idx,
	    uint64_t *from, uint64_t *count);

/*
 * Records that a batch of `bytes` bytes up to seq `upto` of feed idx went
 * out; its credit comes back with the ack that covers upto.
 */
void	sync_on_sent(struct sync_peer *sp, size_t idx, uint64_t upto,
	    size_t bytes);

/*
 * Timer: when records of a feed are in flight and no acknowledgement
 * moved that feed for SYNC_RETRANSMIT_MS, forget them so that they are
 * sent again.  Per feed: acks of other feeds prove nothing about it.
 */
void	sync_tick(struct sync_peer *sp, int64_t now_ms);

/* The connection dropped: whatever was in flight may be lost. */
void	sync_on_disconnect(struct sync_peer *sp);

#endif
