/*
 * node.h - the running samplan-node: its state and the functions its
 * parts (node.c, peer.c, auth.c, control.c) call on each other.
 *
 * Everything hangs off one struct node owned by main(); no globals but
 * the signal flags in node.c.  One thread runs the loop; LMDB writes are
 * staged during a loop turn and committed once, before any reply.  A
 * second thread (signer.c) signs local writes ahead, beside the commit
 * before them; it touches nothing of struct node (localwrite.c).
 */
#ifndef SAMPLAN_NODE_H
#define SAMPLAN_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "datadir.h"
#include "feed.h"
#include "errors.h"
#include "keys.h"
#include "record.h"
#include "repl.h"
#include "signer.h"
#include "store.h"
#include "sync.h"

#define NODE_TICK_MS		REPL_TICK_MS	/* frontier, liveness */
#define PEER_TIMEOUT_MS		REPL_TIMEOUT_MS	/* silent: disconnected */
/*
 * A route (inbound connection) counts as live for the per-key limits of
 * peer_admit this long after it last spoke: the 3 s the limits were set
 * for, not REPL_TIMEOUT_MS, which grew with the Ping interval and would
 * let a peer that restarts a few times in a row lock itself out.
 */
#define NODE_ROUTE_LIVE_MS	3000
#define PEER_REDIAL_MS		6000	/* re-dial while silent (> HANDSHAKE_IVL) */
#define NODE_READER_CHECK_MS	60000	/* stale reader slot sweep */
#define NODE_MAX_OPS		256	/* staged operations per loop turn */
#define NODE_BATCH_BYTES	(128 * 1024)	/* bytes in one batch message */
#define NODE_TURN_BYTES		(4 * 1024 * 1024)	/* peer bytes per turn */
#define NODE_HEAP_KEEP		(1024 * 1024)	/* freed bytes kept per arena */
#define NODE_SNDHWM		1000	/* messages queued per socket pipe */
#define NODE_RCVHWM		4	/* inbound messages queued per pipe */
/*
 * Messages queued per peer connection: with batches of NODE_BATCH_BYTES
 * a peer that never reads holds at most 2 MiB of ours in libzmq, what
 * ever it asks for (issue 8).
 */
#define PEER_SNDHWM		16
#define NODE_MAX_ROUTES		4	/* live connections per peer key */
#define NODE_MAX_ADMITS		16	/* handshakes per key per timeout */
#define NODE_ROUTE_MAX		256	/* bytes of a ZeroMQ routing id */
#define NODE_MAX_BATCH		10000	/* bodies in one WriteBatch */
#define NODE_LOG_BURST		5	/* rejection lines per peer per window */
#define NODE_LOG_WINDOW_MS	10000	/* rate-limit window */
#define NODE_EXIT_EIO		70	/* fail-stop exit status on EIO */
#define NODE_EXIT_USAGE		2	/* bad command line */
#define NODE_DISK_RESUME	(4 * 1024 * 1024)	/* bytes free: ENOSPC over */
#define NODE_NREASONS		(SP_ERR_COUNT + 1)	/* reject counters */
#define ZAP_DOMAIN		"samplan"
#define PEER_SOFTWARE_MAX	64	/* bytes of a peer's version we keep */
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN	93	/* DRAFT in zmq.h, works in 4.3.4 */
#endif

/* Rejection logging that an attacker cannot turn into a disk filler. */
struct ratelimit {
	int64_t		window_start;	/* ms */
	uint32_t	lines;		/* lines logged in this window */
	uint64_t	suppressed;	/* lines held back in this window */
};

/* One inbound connection of a peer, as its ROUTER routing id. */
struct peer_route {
	uint8_t		 id[NODE_ROUTE_MAX];
	size_t		 len;		/* 0: slot free */
	int64_t		 heard;		/* ms: its last message */
	int		 fd;		/* its socket (ZMQ_SRCFD), or -1 */
};

struct peer {
	char		*name;		/* node name from the config */
	char		*endpoint;	/* NULL: the peer connects to us */
	uint8_t		 key[KEY_PUBLIC_LEN];	/* Ed25519 */
	uint8_t		 curve[KEY_CURVE_LEN];	/* derived X25519 */
	void		*dealer;	/* our connection to it, or NULL */
	int		 dealer_used;	/* since the loop last asked it (poller.h) */
	uint8_t		 route[NODE_ROUTE_MAX];	/* its id on our ROUTER */
	size_t		 route_len;	/* 0: no inbound connection seen */
	int64_t		 last_dial;	/* ms: our DEALER last (re)connected */
	struct peer_route routes[NODE_MAX_ROUTES];	/* its connections */
	char		 software[PEER_SOFTWARE_MAX + 1];	/* its Hello's */
	uint32_t	 protocol;	/* its Hello's; 0: none yet */
	int64_t		 admitted[NODE_MAX_ADMITS];	/* ms: ZAP said yes */
	size_t		 idx;		/* its index in node.peers, repl.peers */
	struct repl_peer *rp;		/* its session state, in node.repl */
	uint64_t	 records_sent;
	uint64_t	 records_received;
	uint64_t	 records_duplicate;	/* replays of records we held */
	uint64_t	 rejects[NODE_NREASONS];	/* by -code */
	struct ratelimit log_limit;
	uint64_t	 own_claim;	/* our own feed's seq it last showed */
	uint64_t	 own_checked;	/* seq whose hash we compared */
	uint64_t	 own_conflict;	/* seq where its record differs, or 0 */
	/*
	 * ms: when it was last heard before a reload made this peer anew
	 * (0: never), so that status and `samplan check` still know a
	 * member that is down; the session itself starts anew.
	 */
	int64_t		 heard_before;
};

/* How much of one feed this node holds, for its quota (limits.c). */
struct feed_usage {
	uint64_t	bytes;		/* envelope bytes committed */
	uint64_t	counted;	/* seq up to which bytes are counted */
	uint64_t	pending;	/* bytes staged in this turn's txn */
	uint64_t	over;		/* first seq refused for quota, or 0 */
};

/* The sockets and state of every peer: built whole, swapped in whole. */
struct peerset {
	void		*router;	/* peers connect here, or NULL */
	struct peer	**peers;	/* every configured peer */
	size_t		 npeers;
	struct peer	**dialed;	/* those with an endpoint: we dial */
	size_t		 ndialed;
	struct repl	 repl;		/* their replication state */
};

/* One piece of work staged in a loop turn, applied in one transaction. */
struct op {
	int		 kind;		/* OP_INGEST, OP_APPEND, OP_EVIDENCE */
	struct peer	*peer;		/* OP_INGEST, OP_EVIDENCE: who sent it */
	struct entry	*entries;	/* OP_INGEST: one feed, ascending;
					   OP_EVIDENCE: the two records */
	size_t		 nentries;
	Samplan__ControlRequest *req;	/* OP_APPEND: the tool's request */
	uint8_t		 route[NODE_ROUTE_MAX];	/* OP_APPEND: the tool */
	size_t		 route_len;
	int		 rc;		/* outcome after apply */
	struct ingest_result result;	/* OP_INGEST outcome */
	struct feed_head head;		/* OP_APPEND: our new head */
	struct sign_job	*job;		/* OP_APPEND: its signing */
	uint64_t	 bytes_before;	/* OP_COMPACT: data.mdb before */
	uint64_t	 bytes_after;	/* OP_COMPACT: and after */
	int		 blocked;	/* OP_EVIDENCE: it blocked the feed */
};

#define OP_INGEST	1
#define OP_APPEND	2
#define OP_EVIDENCE	3
#define OP_COMPACT	4	/* compact after this turn's commit */

/*
 * control.c: the OS user behind the last tool write and its name.  Each
 * lookup reads /etc/passwd (10 us here, on a write's path), so a
 * name is kept CTL_USER_KEEP_MS: a renamed user is seen within that.
 */
#define CTL_USER_KEEP_MS	5000

struct ctl_user {
	unsigned long	uid;
	int		known;
	int64_t		at;		/* ms, monotonic: looked up then */
	char		name[64];	/* as the actor takes it */
};

struct node {
	struct config	*cfg;		/* current configuration */
	const char	*cfg_path;	/* for SIGHUP */
	struct identity	 id;		/* our keys: signing and CURVE */
	uint8_t		 feed_id[KEY_PUBLIC_LEN]; /* the feed we write */
	struct store	*store;		/* our LMDB environment */
	void		*zctx;		/* ZeroMQ context */
	void		*router;	/* peers connect here (CURVE server) */
	void		*zap;		/* our ZAP handler (REP) */
	void		*control;	/* tools connect here (ipc) */
	/* Each used since the loop last asked it for input (poller.h). */
	int		 router_used, zap_used, control_used;
	char		*control_path;	/* the control socket file */
	struct peer	**peers;	/* every configured peer */
	size_t		 npeers;
	/*
	 * The peers we dial, in peers' order: the only ones a redial is
	 * for, a few of a national member's hundreds, which the loop looks
	 * at twice a turn.
	 */
	struct peer	**dialed;
	size_t		 ndialed;
	struct repl	 repl;		/* replication decisions (repl.c) */
	struct store_txn *pump_txn;	/* read txn of one pump, or NULL */
	uint8_t		(*authors)[KEY_PUBLIC_LEN];	/* [0] is us */
	size_t		 nauthors;
	uint64_t	*heads;		/* our head seq per author */
	uint8_t		(*hashes)[RECORD_HASH_LEN];	/* our head hashes */
	uint32_t	*flags;		/* FEED_* per author */
	struct feed_usage *usage;	/* bytes held per author */
	/*
	 * Staged this turn, and the signed writes of the queue it takes:
	 * [2 * NODE_MAX_OPS], then the local writes being signed:
	 * [NODE_MAX_OPS].  Mapped, not on the stack, so that a page is
	 * resident only once a turn has used it (node_ops_map).
	 */
	struct op	*ops;
	size_t		 nops;
	struct op	*queue;
	size_t		 nqueued;
	struct signer	*signer;	/* signs them (localwrite.c) */
	int		 resign;	/* next write chains onto the store */
	size_t		 turn_bytes;	/* peer bytes read this turn */
	int64_t		 started;	/* ms, monotonic */
	int		 keys_stale;	/* a commit since peers_follow_keys */
	int64_t		 next_keys;	/* ms: its next run at the earliest */
	int64_t		 next_reader_check;
	int64_t		 reader_check_ms;	/* sweep interval */
	uint64_t	 rejects[NODE_NREASONS];	/* totals */
	uint64_t	 auth_denied;	/* ZAP refusals */
	int		 disk_full;	/* last commit hit ENOSPC */
	int		 lock_fd;	/* DATA_DIR/node.lock, held till exit */
	struct own_mark	 mark;		/* DATA_DIR/own-seq */
	int		 own_refusing;	/* local writes refused (ownfeed.c) */
	/*
	 * Seq from which a key other than ours signs our own feed (a
	 * rotate-key not yet followed by a restart with the new key), or 0.
	 */
	uint64_t	 own_key_from;
	struct ctl_user	 ctl_user;	/* the tools' OS user (control.c) */
};

/* node.c */
int64_t	 clock_ms(void);
int	 node_author_index(const struct node *, const uint8_t *key, size_t *idx);

/*
 * heads.c: fn(n, t, i) for every author i, in one read transaction t,
 * until one returns non-zero.  Returns that, or 0.
 */
int	 node_each_author(struct node *,
	    int (*fn)(struct node *, struct store_txn *, size_t));
/* heads.c: every author's head from the store into n.  Returns 0 or rc. */
int	 node_load_heads(struct node *);
/*
 * heads.c: after a committed turn, the heads of the feeds its ops wrote,
 * the only ones a turn moves or blocks (an ingest's or evidence's feed,
 * ours for a local write).  Returns 0 or the store's error.
 */
int	 node_load_turn_heads(struct node *);
void	 node_count_reject(struct node *, struct peer *, int rc,
	    const char *what);
int	 node_set_common_opts(void *sock);

/* auth.c: the ZAP handler. */
int	 auth_start(struct node *);
void	 auth_handle(struct node *);

/* peerset.c: the sockets of replication, built and swapped whole. */
void	 peer_redial(struct peer *);
int	 peers_create(struct node *);
void	 peers_follow_keys(struct node *);
int	 peers_reload(struct node *, const char *old_listen);
void	 peers_destroy(struct node *);
int	 peer_admit(struct peer *, int64_t now);
int	 peer_note_route(struct peer *, const uint8_t *id, size_t len, int fd,
	    int64_t now);
void	 peer_drop_route(struct peer *);

/* peer.c: peer protocol 2 over those sockets. */
struct peer *peer_by_name(struct node *, const char *name);
void	 peer_on_router(struct node *);
void	 peer_on_dealer(struct node *, struct peer *);
void	 peer_after_commit(struct node *);
void	 peer_tick(struct node *, int64_t now);
int64_t	 peer_next_wake(struct node *, int64_t now);
void	 peer_io(struct node *, struct repl_io *io);
int	 peer_connected(const struct peer *, int64_t now);

/* ownfeed.c: never sign a seq of our own feed twice. */
int	 ownfeed_start(struct node *);
void	 ownfeed_stop(struct node *);
int	 ownfeed_may_sign(const struct node *, char *why, size_t len);
int	 ownfeed_reserve(struct node *, struct store_txn *t);
void	 ownfeed_after_commit(struct node *);
void	 ownfeed_on_peer_head(struct node *, struct peer *,
	    const Samplan__FeedHead *fh);
void	 ownfeed_on_chain_break(struct node *, struct peer *,
	    const struct entry *e, size_t count, uint64_t seq);

/* limits.c: per-feed quota and revocation from a seq. */
int	 limits_count(struct node *);
void	 limits_after_commit(struct node *);
int	 limits_check_record(const struct node *, const Samplan__Record *rec);
void	 limits_begin_try(struct node *);
size_t	 limits_cut(struct node *, struct store_txn *t, struct op *op,
	    int *rc);
int	 limits_own_room(const struct node *, size_t bytes, char *why,
	    size_t len);

/* localwrite.c: local writes signed beside the commit before them. */
void	 localwrite_start(struct node *);
void	 localwrite_stop(struct node *);
void	 localwrite_stage(struct node *);
int	 localwrite_apply(struct node *, struct store_txn *t, struct op *op);
void	 localwrite_after_commit(struct node *, int rc);
int	 localwrite_pending(const struct node *);

/* control.c: the tools' socket. */
int	 control_start(struct node *);
void	 control_stop(struct node *);
void	 ctl_on_request(struct node *);
int	 ctl_request_records(const Samplan__ControlRequest *req,
	    Samplan__Record **recs, size_t *n);
void	 control_reply_ops(struct node *);
void	 control_send(struct node *, const uint8_t *route, size_t route_len,
	    Samplan__ControlReply *reply);
void	 control_error(struct node *, const uint8_t *route, size_t route_len,
	    int rc, const char *text);

/* alerts.c: alerts with ids and evidence; acks. */
void	 ctl_on_alerts(struct node *, const uint8_t *route, size_t route_len);
int	 alerts_known(struct node *, const char *id, char *why, size_t len);
void	 control_compact(struct node *);

#endif
