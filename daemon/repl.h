/*
 * repl.h - replication decisions for all peers of one node, without
 * sockets: who is up, what to send to whom and when, credit, resets,
 * retransmission, and the node-wide send budget.
 *
 * The caller owns the transport.  samplan-node (peer.c) drives this
 * module with ZeroMQ sockets and LMDB reads; the U2 simulation
 * (tests/sim) drives the same code over a lossy in-memory network.  Both
 * tell it what arrived (repl_on_*), when a turn's commit is done
 * (repl_pump) and when the clock ticks (repl_tick); it answers through
 * the callbacks in struct repl_io.  Per peer and feed, the bookkeeping is
 * sync.c's.  Peers are named by their index, 0 .. npeers - 1; feeds by the
 * node's author index.
 */
#ifndef SAMPLAN_REPL_H
#define SAMPLAN_REPL_H

#include <stddef.h>
#include <stdint.h>

#include "sync.h"

#define REPL_TICK_MS		1000	/* timer and liveness interval */
#define REPL_TIMEOUT_MS		3000	/* silent this long: disconnected */
#define REPL_BUDGET_BYTES	(8 * 1024 * 1024)	/* in flight, all peers */

/* Test seams, set only by tests/sim to inject known bugs (mutants). */
#define REPL_FAULT_NO_RETRANSMIT 0x01	/* repl_tick skips sync_tick */

/* What the module asks of its transport.  Each returns 0 or an SP_E*. */
struct repl_io {
	void	*arg;		/* passed to every callback */
	/*
	 * Sends peer p our heads of the feeds[0 .. nfeeds) (all feeds when
	 * feeds is NULL), with the reset flag.
	 */
	int	(*frontier)(void *arg, size_t p, const size_t *feeds,
		    size_t nfeeds, int reset);
	/*
	 * Sends peer p records from .. from + count - 1 of feed f, or fewer;
	 * sets *sent to the number sent and *bytes to the frame's size.
	 * Returns an error when nothing went out (queue full, no route).
	 */
	int	(*batch)(void *arg, size_t p, size_t f, uint64_t from,
		    uint64_t count, uint64_t *sent, size_t *bytes);
	/* Peer p came up (up = 1) or fell silent (up = 0): for the log. */
	void	(*link)(void *arg, size_t p, int up);
};

struct repl_peer {
	struct sync_peer sync;		/* what it holds, what we sent */
	int64_t		 last_heard;	/* ms, monotonic; 0: never */
	int		 was_up;	/* up at the last tick */
};

struct repl {
	struct repl_peer *peers;	/* one per configured peer */
	size_t		 npeers;
	size_t		 nfeeds;	/* authors the node takes */
	struct repl_io	 io;
	size_t		 budget;	/* bytes in flight, node-wide cap */
	size_t		 next;		/* first peer of the next pump */
	unsigned	 faults;	/* REPL_FAULT_*: tests/sim only */
};

/*
 * Sets up state for npeers peers and nfeeds feeds, nothing heard yet.
 * Returns 0 or SP_ENOMEM (r is then empty; repl_clear is safe).
 */
int	repl_init(struct repl *r, size_t npeers, size_t nfeeds,
	    const struct repl_io *io);
void	repl_clear(struct repl *r);

/* Peer p spoke within REPL_TIMEOUT_MS of now. */
int	repl_connected(const struct repl *r, size_t p, int64_t now);

/*
 * A valid message came from p.  A peer that was silent starts a session:
 * whatever was in flight to it is forgotten and it gets a full frontier
 * with reset, so that it sends us what we lack.
 */
void	repl_on_heard(struct repl *r, size_t p, int64_t now);

/* p says it holds feed f up to seq (reset: resend what follows). */
void	repl_on_head(struct repl *r, size_t p, size_t f, uint64_t seq,
	    int reset, int64_t now);

/*
 * A batch of feed f from p was applied (after the commit): acknowledge
 * it with our head of f, asking for a resend after a gap.
 */
void	repl_on_ingest(struct repl *r, size_t p, size_t f, int gap);

/*
 * After a turn's commit: sends every connected peer what it lacks of
 * heads[] (our head per feed), within its credit and the node's budget.
 */
void	repl_pump(struct repl *r, const uint64_t *heads, int64_t now);

/*
 * The timer, every REPL_TICK_MS: silent peers lose what was in flight,
 * unacknowledged batches are resent after SYNC_RETRANSMIT_MS, every peer
 * gets a full frontier (with reset while it is silent), then a pump.
 */
void	repl_tick(struct repl *r, const uint64_t *heads, int64_t now);

/* Bytes in flight to all peers together. */
size_t	repl_inflight_bytes(const struct repl *r);

#endif
