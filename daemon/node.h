/*
 * node.h - the running samplan-node: its state and the functions its
 * parts (node.c, peer.c, auth.c, control.c) call on each other.
 *
 * Everything hangs off one struct node owned by main(); no globals but
 * the signal flags in node.c.  One thread runs the loop; LMDB writes are
 * staged during a loop turn and committed once, before any reply.
 */
#ifndef SAMPLAN_NODE_H
#define SAMPLAN_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "feed.h"
#include "errors.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "sync.h"

#define NODE_TICK_MS		1000	/* frontier (and liveness) interval */
#define PEER_TIMEOUT_MS		3000	/* silent this long: disconnected */
#define NODE_READER_CHECK_MS	60000	/* stale reader slot sweep */
#define NODE_MAX_OPS		256	/* staged operations per loop turn */
#define NODE_BATCH_BYTES	(1024 * 1024)	/* bytes in one batch message */
#define NODE_TURN_BYTES		(4 * 1024 * 1024)	/* peer bytes per turn */
#define NODE_SNDHWM		1000	/* messages queued per socket pipe */
#define NODE_RCVHWM		4	/* inbound messages queued per pipe */
#define NODE_ROUTE_MAX		256	/* bytes of a ZeroMQ routing id */
#define NODE_MAX_BATCH		10000	/* bodies in one WriteBatch */
#define NODE_LOG_BURST		5	/* rejection lines per peer per window */
#define NODE_LOG_WINDOW_MS	10000	/* rate-limit window */
#define NODE_EXIT_EIO		70	/* fail-stop exit status on EIO */
#define NODE_EXIT_USAGE		2	/* bad command line */
#define NODE_DISK_RESUME	(4 * 1024 * 1024)	/* bytes free: ENOSPC over */
#define NODE_NREASONS		(SP_ERR_COUNT + 1)	/* reject counters */
#define ZAP_DOMAIN		"samplan"
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN	93	/* DRAFT in zmq.h, works in 4.3.4 */
#endif

/* Rejection logging that an attacker cannot turn into a disk filler. */
struct ratelimit {
	int64_t		window_start;	/* ms */
	uint32_t	lines;		/* lines logged in this window */
	uint64_t	suppressed;	/* lines held back in this window */
};

struct peer {
	char		*name;		/* node name from the config */
	char		*endpoint;	/* NULL: the peer connects to us */
	uint8_t		 key[KEY_PUBLIC_LEN];	/* Ed25519 */
	uint8_t		 curve[KEY_CURVE_LEN];	/* derived X25519 */
	void		*dealer;	/* our connection to it, or NULL */
	uint8_t		 route[NODE_ROUTE_MAX];	/* its id on our ROUTER */
	size_t		 route_len;	/* 0: no inbound connection seen */
	int64_t		 last_heard;	/* ms, monotonic; 0: never */
	struct sync_peer sync;		/* what it holds, what we sent */
	uint64_t	 records_sent;
	uint64_t	 records_received;
	uint64_t	 records_duplicate;	/* replays of records we held */
	uint64_t	 rejects[NODE_NREASONS];	/* by -code */
	struct ratelimit log_limit;
};

/* One piece of work staged in a loop turn, applied in one transaction. */
struct op {
	int		 kind;		/* OP_INGEST or OP_APPEND */
	struct peer	*peer;		/* OP_INGEST: who sent it */
	struct entry	*entries;	/* OP_INGEST: one feed, ascending */
	size_t		 nentries;
	Samplan__ControlRequest *req;	/* OP_APPEND: the tool's request */
	uint8_t		 route[NODE_ROUTE_MAX];	/* OP_APPEND: the tool */
	size_t		 route_len;
	int		 rc;		/* outcome after apply */
	struct ingest_result result;	/* OP_INGEST outcome */
	struct feed_head head;		/* OP_APPEND: our new head */
};

#define OP_INGEST	1
#define OP_APPEND	2

struct node {
	struct config	*cfg;		/* current configuration */
	const char	*cfg_path;	/* for SIGHUP */
	struct identity	 id;		/* our keys */
	struct store	*store;		/* our LMDB environment */
	void		*zctx;		/* ZeroMQ context */
	void		*router;	/* peers connect here (CURVE server) */
	void		*zap;		/* our ZAP handler (REP) */
	void		*control;	/* tools connect here (ipc) */
	char		*control_path;	/* the control socket file */
	struct peer	**peers;	/* every configured peer */
	size_t		 npeers;
	uint8_t		(*authors)[KEY_PUBLIC_LEN];	/* [0] is us */
	size_t		 nauthors;
	uint64_t	*heads;		/* our head seq per author */
	uint8_t		(*hashes)[RECORD_HASH_LEN];	/* our head hashes */
	uint32_t	*flags;		/* FEED_* per author */
	struct op	 ops[NODE_MAX_OPS];	/* staged this turn */
	size_t		 nops;
	size_t		 turn_bytes;	/* peer bytes read this turn */
	int64_t		 started;	/* ms, monotonic */
	int64_t		 next_tick;	/* ms: next frontier round */
	int64_t		 next_reader_check;
	int64_t		 reader_check_ms;	/* sweep interval */
	uint64_t	 rejects[NODE_NREASONS];	/* totals */
	uint64_t	 auth_denied;	/* ZAP refusals */
	int		 disk_full;	/* last commit hit ENOSPC */
};

/* node.c */
int64_t	 clock_ms(void);
int	 node_author_index(const struct node *, const uint8_t *key, size_t *idx);
void	 node_count_reject(struct node *, struct peer *, int rc,
	    const char *what);
int	 node_set_common_opts(void *sock);

/* auth.c: the ZAP handler. */
int	 auth_start(struct node *);
void	 auth_handle(struct node *);

/* peer.c: replication with peers. */
int	 peers_create(struct node *);
void	 peers_destroy(struct node *);
struct peer *peer_by_name(struct node *, const char *name);
void	 peer_on_router(struct node *);
void	 peer_on_dealer(struct node *, struct peer *);
void	 peer_after_commit(struct node *);
void	 peer_tick(struct node *, int64_t now);
int	 peer_connected(const struct peer *, int64_t now);

/* control.c: the tools' socket. */
int	 control_start(struct node *);
void	 control_stop(struct node *);
void	 ctl_on_request(struct node *);
int	 ctl_request_records(const Samplan__ControlRequest *req,
	    Samplan__Record **recs, size_t *n);
void	 control_reply_ops(struct node *);

#endif
