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
 *
 * Peer protocol 2 (docs/FORMAT-V2.md section 4): a session starts with a
 * Hello and a full frontier with reset; after that a peer gets a frontier
 * only of the heads that moved, an ack after each batch it sent, a Ping
 * when nothing else went to it for REPL_PING_MS (so that it knows we are
 * up), and a full frontier in the slow anti-entropy round, every
 * REPL_FULL_MS, which finds any head a lost message hid.  A peer is up
 * while we heard from it within REPL_TIMEOUT_MS, three Ping intervals.
 *
 * Idle cost (issue 13 item 4) is one exchange per peer per REPL_LEAD_MS
 * to REPL_PING_MS, whatever the number of feeds, and few wake-ups: a Ping
 * that finds us quiet is answered at once, so one side of a pair drives
 * the exchange; the side that leads (the transport says which: a hub
 * that its members dial) pings on the shorter interval, so that a
 * coordinator sends all its Pings in one timer turn and reads the answers
 * in a burst; and the timer runs only when something is due
 * (repl_next_wake), every REPL_TICK_MS only while a peer is starting,
 * has records in flight or lacks records we could not send.
 */
#ifndef SAMPLAN_REPL_H
#define SAMPLAN_REPL_H

#include <stddef.h>
#include <stdint.h>

#include "sync.h"

#define REPL_TICK_MS		1000	/* timer step while work is pending */
#define REPL_DIAL_FIRST_MS	50	/* a silent peer we dial: first retry */
#define REPL_PING_MS		4000	/* Ping a peer sent nothing this long */
#define REPL_LEAD_MS		3000	/* ... this long when we lead */
#define REPL_TIMEOUT_MS		(3 * REPL_PING_MS)	/* silent: down */
#define REPL_RETRY_MS		REPL_PING_MS	/* Hello to a silent peer */
#define REPL_FULL_MS		60000	/* the slow anti-entropy round */
#define REPL_FULL_SPREAD_MS	10000	/* ... spread over peers by this */
#define REPL_STARTUP_MS		3000	/* full frontiers each tick at first */
#define REPL_PROTOCOL		2	/* the peer protocol we speak */
#define REPL_BUDGET_BYTES	(8 * 1024 * 1024)	/* in flight, all peers */

/* Test seams, set only by tests/sim to inject known bugs (mutants). */
#define REPL_FAULT_NO_RETRANSMIT 0x01	/* repl_tick skips sync_tick */

/* What the module asks of its transport.  Each returns 0 or an SP_E*. */
struct repl_io {
	void	*arg;		/* passed to every callback */
	/*
	 * Sends peer p our heads of the feeds[0 .. nfeeds) (all feeds when
	 * feeds is NULL: a full frontier, marked so), with the reset flag.
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
	/* Sends peer p our Hello (protocol and software version). */
	int	(*hello)(void *arg, size_t p);
	/* Sends peer p a Ping. */
	int	(*ping)(void *arg, size_t p);
	/* Peer p came up (up = 1) or fell silent (up = 0): for the log. */
	void	(*link)(void *arg, size_t p, int up);
};

struct repl_peer {
	struct sync_peer sync;		/* what it holds, what we sent */
	uint64_t	*told;		/* per feed: the head we last sent it */
	int64_t		 last_heard;	/* ms, monotonic; 0: never */
	int64_t		 last_sent;	/* ms: our last message to it */
	int64_t		 last_try;	/* ms: our last Hello while silent */
	int64_t		 retry;		/* ms: the wait after it; 0: first */
	int64_t		 session;	/* ms: when this session started */
	int64_t		 next_full;	/* ms: its next full frontier */
	int64_t		 full_at;	/* ms: our last full frontier to it */
	int		 was_up;	/* up at the last tick */
	int		 heard_full;	/* a full frontier came this session */
	uint32_t	 protocol;	/* from its Hello; 0: none yet */
	int		 muted;		/* another protocol: Hello only */
	int		 lead;		/* we drive the Pings (REPL_LEAD_MS) */
	/*
	 * sync_next found nothing to send it, with sync at quiet_changes
	 * and our heads at quiet_moves: asked again, it would say the same.
	 */
	int		 quiet;
	uint64_t	 quiet_changes;
	uint64_t	 quiet_moves;
};

struct repl {
	struct repl_peer *peers;	/* one per configured peer */
	size_t		 npeers;
	size_t		 nfeeds;	/* authors the node takes */
	const uint64_t	*heads;		/* borrowed: our head per feed */
	uint64_t	*seen;		/* heads when last looked at */
	uint64_t	 moves;		/* times seen found heads moved */
	int		 untold;	/* they moved since the last pump */
	size_t		*scratch;	/* nfeeds: a frontier's feed list */
	int		 retell;	/* a moved-heads frontier failed */
	struct repl_io	 io;
	size_t		 budget;	/* bytes in flight, node-wide cap */
	size_t		 next;		/* first peer of the next pump */
	int64_t		 wake;		/* ms: repl_tick is due at this time */
	int64_t		 retx_at;	/* ms: the last retransmission step */
	unsigned	 faults;	/* REPL_FAULT_*: tests/sim only */
};

/*
 * Sets up state for npeers peers and nfeeds feeds, nothing heard yet.
 * heads (our head per feed) is borrowed and read at every call; it must
 * outlive r.  Returns 0 or SP_ENOMEM (r is then empty; repl_clear is
 * safe).
 */
int	repl_init(struct repl *r, size_t npeers, size_t nfeeds,
	    const uint64_t *heads, const struct repl_io *io);
void	repl_clear(struct repl *r);

/* Peer p spoke within REPL_TIMEOUT_MS of now. */
int	repl_connected(const struct repl *r, size_t p, int64_t now);

/* Peer p is connected and speaks our protocol: it may be sent anything. */
int	repl_ready(const struct repl *r, size_t p, int64_t now);

/*
 * A valid message came from p.  A peer that was silent starts a session:
 * whatever was in flight to it is forgotten and it gets our Hello and a
 * full frontier with reset, so that it sends us what we lack.  Returns 0,
 * or SP_EPROTO when p speaks another protocol: the caller then drops the
 * message.
 */
int	repl_on_heard(struct repl *r, size_t p, int64_t now);

/*
 * p said Hello with its protocol: it has just started a session with us,
 * so it gets our full frontier (at most once per REPL_TICK_MS), whether
 * or not we saw it go silent.  Returns 0, or SP_EPROTO when its protocol
 * is not ours (the first time since p last said otherwise; the caller
 * logs it): p is then sent nothing but our Hello, at once and every
 * REPL_RETRY_MS.
 */
int	repl_on_hello(struct repl *r, size_t p, uint32_t protocol,
	    int64_t now);

/*
 * p sent a Ping: answered with ours unless we sent it anything within
 * REPL_PING_MS / 2, so that one Ping each way is one exchange, driven by
 * whichever side's timer is first.
 */
void	repl_on_ping(struct repl *r, size_t p, int64_t now);

/*
 * We lead the Pings of p (lead = 1): the transport sets it for a peer
 * that dials us and that we do not dial, as members dial a coordinator.
 */
void	repl_set_lead(struct repl *r, size_t p, int lead);

/* p says it holds feed f up to seq (reset: resend what follows). */
void	repl_on_head(struct repl *r, size_t p, size_t f, uint64_t seq,
	    int reset, int64_t now);

/*
 * p's frontier listed every feed it takes: we know which to send it.
 * Until one comes in a session, p is asked for it every tick.
 */
void	repl_on_full(struct repl *r, size_t p);

/*
 * A batch of feed f from p was applied (after the commit): acknowledge
 * it with our head of f, asking for a resend after a gap.
 */
void	repl_on_ingest(struct repl *r, size_t p, size_t f, int gap);

/*
 * p sent us feed f up to seq upto and we hold all of it: p holds it too.
 * A node sends only from its store, so a batch says what a frontier
 * would, and repl_pump sends no frontier for a feed whose batch reached
 * the head.  Only ever moves p's head forward: a batch that arrives late
 * proves nothing about what p lost since.
 */
void	repl_on_batch(struct repl *r, size_t p, size_t f, uint64_t upto,
	    int64_t now);

/*
 * After a turn's commit: sends every connected peer what it lacks, within
 * its credit and the node's budget, then tells it the heads that moved
 * since we last told it and that no batch of this or an earlier turn
 * brought it up to.
 */
void	repl_pump(struct repl *r, int64_t now);

/*
 * The timer, called at repl_next_wake (or at any time; it does only what
 * is due): silent peers lose what was in flight and get a Hello and a
 * full frontier with reset, every REPL_RETRY_MS; unacknowledged batches
 * are resent after SYNC_RETRANSMIT_MS; a peer due for the slow round gets
 * a full frontier, one we sent nothing for REPL_PING_MS (REPL_LEAD_MS) a
 * Ping; then a pump.  Sets the next wake.
 */
void	repl_tick(struct repl *r, int64_t now);

/*
 * When repl_tick is next due (ms, monotonic).  Anything that makes work
 * for the timer (a session starting, a batch sent, a send refused) pulls
 * it to within REPL_TICK_MS; an idle node with every peer up wakes only
 * for its Pings, the slow round and a peer's timeout.
 */
int64_t	repl_next_wake(const struct repl *r);

/* Bytes in flight to all peers together. */
size_t	repl_inflight_bytes(const struct repl *r);

#endif
