/*
 * node.c - samplan-node: main(), the event loop, the staged commit, and
 * signals.
 *
 * One loop turn: poll; read what is ready (peer frontiers are handled at
 * once, batches and tool writes are staged); apply the staged work in one
 * write transaction and commit it; only then reply to tools, acknowledge
 * to peers and push new records; then run timers.  A write is therefore
 * never reported done, nor sent anywhere, before it is durable.
 */
#include <sys/mman.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

#include "datadir.h"
#include "domain.h"
#include "feed.h"
#include "host.h"
#include "i18n.h"
#include "log.h"
#include "node.h"
#include "nodekey.h"
#include "poller.h"
#include "policy.h"
#include "version.h"
#include "wire.h"

static volatile sig_atomic_t quit;
static volatile sig_atomic_t reload;


static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		quit = 1;
}

int64_t
clock_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
node_author_index(const struct node *n, const uint8_t *key, size_t *idx)
{
	size_t	i;

	for (i = 0; i < n->nauthors; i++)
		if (memcmp(n->authors[i], key, KEY_PUBLIC_LEN) == 0) {
			*idx = i;
			return 0;
		}
	return SP_EUNKNOWN;
}

void
node_count_reject(struct node *n, struct peer *p, int rc, const char *what)
{
	struct ratelimit	*rl;
	int64_t			 now = clock_ms();
	size_t			 r = rc < 0 && -rc < NODE_NREASONS ? (size_t)-rc : 0;

	n->rejects[r]++;
	if (p == NULL) {
		log_warnx(_("refused %s: %s"), what, sp_strerror(rc));
		return;
	}
	p->rejects[r]++;
	rl = &p->log_limit;
	if (now - rl->window_start >= NODE_LOG_WINDOW_MS) {
		if (rl->suppressed > 0)
			log_warnx(_("peer %s: %llu more refusals not logged"),
			    p->name, (unsigned long long)rl->suppressed);
		rl->window_start = now;
		rl->lines = 0;
		rl->suppressed = 0;
	}
	if (rl->lines++ < NODE_LOG_BURST)
		log_warnx(_("peer %s: refused %s: %s"), p->name, what,
		    sp_strerror(rc));
	else
		rl->suppressed++;
}

int
node_set_common_opts(void *sock)
{
	int	linger = 0, hwm = NODE_SNDHWM, rcvhwm = NODE_RCVHWM;
	int64_t	maxmsg = WIRE_MAX_FRAME + 4096;

	if (zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger)) == -1 ||
	    zmq_setsockopt(sock, ZMQ_SNDHWM, &hwm, sizeof(hwm)) == -1 ||
	    zmq_setsockopt(sock, ZMQ_RCVHWM, &rcvhwm, sizeof(rcvhwm)) == -1 ||
	    zmq_setsockopt(sock, ZMQ_MAXMSGSIZE, &maxmsg, sizeof(maxmsg)) == -1)
		return SP_EIO;
	return 0;
}

/* The authors this node accepts: itself, then every configured peer. */
static int
node_set_authors(struct node *n)
{
	size_t	i, count = n->cfg->npeers + 1;
	int	rc;

	free(n->authors);
	free(n->heads);
	free(n->hashes);
	free(n->flags);
	free(n->usage);
	n->authors = calloc(count, sizeof(*n->authors));
	n->usage = calloc(count, sizeof(*n->usage));
	n->heads = calloc(count, sizeof(*n->heads));
	n->hashes = calloc(count, sizeof(*n->hashes));
	n->flags = calloc(count, sizeof(*n->flags));
	if (n->authors == NULL || n->heads == NULL || n->hashes == NULL ||
	    n->flags == NULL || n->usage == NULL)
		return SP_ENOMEM;
	memcpy(n->authors[0], n->feed_id, KEY_PUBLIC_LEN);
	for (i = 0; i < n->cfg->npeers; i++)
		memcpy(n->authors[i + 1], n->cfg->peers[i].public_key,
		    KEY_PUBLIC_LEN);
	n->nauthors = count;
	if ((rc = node_load_heads(n)) != 0)
		return rc;
	return limits_count(n);
}

/* feed_policy callbacks: only configured authors, only their records. */
static int
node_admit(void *arg, const uint8_t *author)
{
	size_t	idx;

	return node_author_index(arg, author, &idx);
}

static int
node_check(void *arg, const Samplan__Record *rec)
{
	struct node	*n = arg;
	const char	*author, *field, *reason;
	int		 rc;

	author = policy_author_name(n->cfg, n->feed_id,
	    rec->author.data);
	if (author == NULL)
		return SP_EUNKNOWN;
	if (limits_check_record(n, rec) != 0)
		return SP_EREVOKED;
	if ((rc = policy_may_redact(n->cfg, n->feed_id, author,
	    rec->author.data, rec, &field, &reason)) != 0)
		return rc;
	/*
	 * rec is a struct entry's (feed_check): record.c decoded it with
	 * wire.c, whose scan checked every string's UTF-8, including the
	 * sealed texts seal_open() placed; the only change since is
	 * seal_fill()'s ASCII placeholder for redacted texts.
	 */
	return policy_check_as(n->cfg, author, rec, DOMAIN_SCANNED |
	    DOMAIN_PEER, &field, &reason);
}

/*
 * Ingests a peer's batch, up to the record that would take its feed past
 * its quota (limits.c); that record and the rest are refused.
 */
static int
node_ingest(struct node *n, struct store_txn *t, struct op *op,
    const struct feed_policy *pol)
{
	size_t	fit;
	int	rc;

	fit = limits_cut(n, t, op, &rc);
	if (rc != 0)
		return rc;
	if ((rc = feed_ingest(t, pol, op->entries, fit, &op->result)) != 0)
		return rc;
	if (fit < op->nentries && op->result.rc == 0 &&
	    op->entries[fit].rec != NULL) {
		op->result.rc = SP_EQUOTA;
		op->result.bad_seq = op->entries[fit].rec->seq;
	}
	return 0;
}

/* Applies one staged op inside t.  Returns a storage error or 0. */
static int
node_apply_op(struct node *n, struct store_txn *t, struct op *op)
{
	struct feed_policy	 pol = { node_admit, node_check, n };

	if (op->kind == OP_INGEST)
		return node_ingest(n, t, op, &pol);
	if (op->kind == OP_EVIDENCE) {
		op->rc = feed_evidence(t, &pol, &op->entries[0],
		    &op->entries[1], &op->blocked);
		return op->rc == SP_EFULL || op->rc == SP_EIO ||
		    op->rc == SP_ENOSPC || op->rc == SP_ECORRUPT ? op->rc : 0;
	}
	if (op->kind == OP_COMPACT)
		return 0;	/* after the commit: control_compact() */
	return localwrite_apply(n, t, op);
}

/* Applies every staged op in one transaction; grows and replays. */
static int
node_apply(struct node *n)
{
	struct store_txn	*t;
	size_t			 i;
	int			 rc, tries;

	if (n->nops == 0)
		return 0;
	for (tries = 0; tries < 32; tries++) {
		if ((rc = store_begin(n->store, 1, &t)) != 0)
			return rc;
		limits_begin_try(n);
		for (i = 0; i < n->nops; i++)
			if ((rc = node_apply_op(n, t, &n->ops[i])) != 0)
				break;
		/* The lease covers every own seq before it is durable. */
		if (rc == 0)
			rc = ownfeed_reserve(n, t);
		if (rc == 0)
			rc = store_commit(&t);
		else
			store_abort(&t);
		if (rc != SP_EFULL)
			return rc;
		if ((rc = store_grow(n->store)) != 0)
			return rc;
		log_info(_("map full: grew to %llu MiB, replaying %zu ops"),
		    (unsigned long long)(store_map_size(n->store) >> 20),
		    n->nops);
	}
	return SP_EFULL;
}

static void
node_clear_ops(struct node *n)
{
	size_t	i, j;

	for (i = 0; i < n->nops; i++) {
		struct op *op = &n->ops[i];

		for (j = 0; j < op->nentries; j++)
			entry_clear(&op->entries[j]);
		free(op->entries);
		sign_job_free(&op->job);
		wire_free((ProtobufCMessage **)&op->req);
		memset(op, 0, sizeof(*op));
	}
	n->nops = 0;
}

/* Commits the turn's work; a failed commit fails every op in it. */
static void
node_commit_turn(struct node *n)
{
	size_t	i;
	int	rc;

	localwrite_stage(n);	/* the signed writes join this turn */
	if (n->nops == 0) {
		peer_after_commit(n);	/* frontiers may have freed credit */
		return;
	}
	/*
	 * R6: after ENOSPC, refuse writes without trying them until the
	 * filesystem has room again; a commit that happens to fit would
	 * otherwise flip the node between full and not full every turn.
	 */
	if (n->disk_full && !store_disk_has_room(n->store, NODE_DISK_RESUME))
		rc = SP_ENOSPC;
	else
		rc = node_apply(n);
	if (rc == SP_EIO || rc == SP_ECORRUPT) {
		log_warn(_("storage failed (%s): stopping; restart verifies"),
		    sp_strerror(rc));
		exit(NODE_EXIT_EIO);
	}
	if (rc == SP_ENOSPC && !n->disk_full)
		log_warnx(_("disk full: refusing writes until space returns"));
	if (rc == 0 && n->disk_full)
		log_info(_("disk has space again: accepting writes"));
	n->disk_full = rc == SP_ENOSPC;
	localwrite_after_commit(n, rc);
	if (rc != 0)
		for (i = 0; i < n->nops; i++) {
			n->ops[i].rc = rc;
			n->ops[i].result.accepted = 0;
			n->ops[i].result.rc = rc;
		}
	else {
		control_compact(n);	/* asked for, or after a redaction */
		n->keys_stale = 1;	/* a key succession may have come */
	}
	/* A failed turn changed no head in the store: all read again. */
	if ((rc = rc == 0 ? node_load_turn_heads(n) : node_load_heads(n)) != 0)
		log_warnx(_("cannot read the feed heads: %s"), sp_strerror(rc));
	limits_after_commit(n);
	ownfeed_after_commit(n);
	control_reply_ops(n);
	peer_after_commit(n);
	node_clear_ops(n);
}

/*
 * The stale reader sweep interval (R5): NODE_READER_CHECK_MS, or what the
 * crash tests set in SAMPLAN_READER_CHECK_MS (100 ms to 1 h).
 */
static int64_t
node_reader_check_ms(void)
{
	const char	*v = getenv("SAMPLAN_READER_CHECK_MS");
	char		*end;
	long long	 ms;

	if (v == NULL || *v == '\0')
		return NODE_READER_CHECK_MS;
	errno = 0;
	ms = strtoll(v, &end, 10);
	if (errno != 0 || *end != '\0' || ms < 100 || ms > 3600000) {
		log_warnx(_("SAMPLAN_READER_CHECK_MS=%s: not 100 to 3600000; "
		    "using %d"), v, NODE_READER_CHECK_MS);
		return NODE_READER_CHECK_MS;
	}
	return ms;
}

/*
 * The next deadline of any timer: the peers' (repl_next_wake, re-dials),
 * a pending key check and the reader sweep.  An idle node with its peers
 * up sleeps until a Ping or the slow round is due, not every second.
 */
static int64_t
node_next_wake(struct node *n, int64_t now)
{
	int64_t	wake = peer_next_wake(n, now);

	if (n->keys_stale && n->next_keys < wake)
		wake = n->next_keys;
	if (n->next_reader_check < wake)
		wake = n->next_reader_check;
	if (n->disk_full && now + NODE_TICK_MS < wake)
		wake = now + NODE_TICK_MS;	/* node_timers looks again */
	return wake;
}

static int
node_poll_timeout(struct node *n)
{
	int64_t	now = clock_ms(), left = node_next_wake(n, now) - now;

	if (left < 0 || localwrite_pending(n))
		return 0;
	return left > REPL_FULL_MS ? REPL_FULL_MS : (int)left;
}

static void
node_timers(struct node *n)
{
	int64_t	now = clock_ms();
	int	dead;

	/*
	 * A feed's key changes only by a record we committed: look at the
	 * heads after commits, at most once per NODE_TICK_MS, not on every
	 * tick for every peer (an Ed25519 to X25519 conversion each).
	 */
	if (n->keys_stale && now >= n->next_keys) {
		peers_follow_keys(n);
		n->keys_stale = 0;
		n->next_keys = now + NODE_TICK_MS;
	}
	if (now >= peer_next_wake(n, now))
		peer_tick(n, now);
	/* The disk-full alert goes when space returns, not at a write. */
	if (n->disk_full && store_disk_has_room(n->store, NODE_DISK_RESUME)) {
		n->disk_full = 0;
		log_info(_("disk has space again: accepting writes"));
	}
	if (now >= n->next_reader_check) {
		if ((dead = store_reader_check(n->store)) > 0)
			log_info("cleared %d stale reader slot%s", dead,
			    dead == 1 ? "" : "s");
		n->next_reader_check = now + n->reader_check_ms;
	}
}

/*
 * Builds the poll set: zap, the router when we listen, control, then one
 * item per dealer, with used[] pointing at each socket's used flag.  A
 * socket we do not have is left out.
 */
static size_t
node_pollset(struct node *n, struct poller_item *items, struct peer **owners,
    int **used, size_t max)
{
	void	*fixed[3] = { n->zap, n->router, n->control };
	int	*fixed_used[3] = { &n->zap_used, &n->router_used,
		    &n->control_used };
	size_t	 k = 0, i;

	for (i = 0; i < 3; i++)
		if (fixed[i] != NULL) {
			owners[k] = NULL;
			used[k] = fixed_used[i];
			items[k++] = (struct poller_item){ fixed[i],
			    *fixed_used[i], 0 };
		}
	for (i = 0; i < n->ndialed && k < max; i++)	/* only they have one */
		if (n->dialed[i]->dealer != NULL) {
			owners[k] = n->dialed[i];
			used[k] = &n->dialed[i]->dealer_used;
			items[k++] = (struct poller_item){ n->dialed[i]->dealer,
			    n->dialed[i]->dealer_used, 0 };
		}
	return k;
}

static void
node_dispatch(struct node *n, struct poller_item *items, struct peer **owners,
    int **used, size_t nitems)
{
	size_t	i;

	/* ZAP comes first in the set: a handshake waits on it. */
	for (i = 0; i < nitems; i++) {
		if (!items[i].ready)
			continue;
		*used[i] = 1;	/* read from: ask it before the next wait */
		if (owners[i] != NULL)
			peer_on_dealer(n, owners[i]);
		else if (items[i].socket == n->zap)
			auth_handle(n);
		else if (items[i].socket == n->router)
			peer_on_router(n);
		else if (items[i].socket == n->control)
			ctl_on_request(n);
	}
}

/*
 * config_load() for the node: under the journal each error line goes
 * through the log (with its priority), at start-up and on reload alike;
 * otherwise to stderr as config_load() writes it.
 */
static int
node_config_load(const char *path, struct config **out)
{
	FILE	*mem;
	char	*buf = NULL, *line, *next;
	size_t	 len = 0;
	int	 rc;

	if (!log_journal() || (mem = open_memstream(&buf, &len)) == NULL)
		return config_load(path, stderr, out);
	rc = config_load(path, mem, out);
	fclose(mem);
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		log_warnx("%s", line);
	}
	free(buf);
	return rc;
}

/* The per-author arrays of node_set_authors, set aside during a reload. */
struct node_authors {
	uint8_t		(*authors)[KEY_PUBLIC_LEN];
	size_t		 nauthors;
	uint64_t	*heads;
	uint8_t		(*hashes)[RECORD_HASH_LEN];
	uint32_t	*flags;
	struct feed_usage *usage;
};

/* Swaps the node's author arrays with a. */
static void
node_authors_swap(struct node *n, struct node_authors *a)
{
	struct node_authors	t = *a;

	a->authors = n->authors;
	a->nauthors = n->nauthors;
	a->heads = n->heads;
	a->hashes = n->hashes;
	a->flags = n->flags;
	a->usage = n->usage;
	n->authors = t.authors;
	n->nauthors = t.nauthors;
	n->heads = t.heads;
	n->hashes = t.hashes;
	n->flags = t.flags;
	n->usage = t.usage;
}

static void
node_authors_free(struct node_authors *a)
{
	free(a->authors);
	free(a->heads);
	free(a->hashes);
	free(a->flags);
	free(a->usage);
	memset(a, 0, sizeof(*a));
}

/*
 * SIGHUP: builds the new state (config, authors, ROUTER, peers) beside
 * the running one and swaps it in only when all of it exists, so that a
 * bad config or a bind error leaves the node serving exactly as before.
 */
static int
node_reload(struct node *n)
{
	struct config		*cfg, *old;
	struct node_authors	 saved;
	int			 rc;

	if ((rc = node_config_load(n->cfg_path, &cfg)) != 0) {
		log_warnx(_("reload: %s has errors; still running the old "
		    "configuration"), n->cfg_path);
		return rc;
	}
	if (strcmp(cfg->name, n->cfg->name) != 0) {
		log_warnx(_("reload: node name changed; still running the old "
		    "configuration"));
		config_destroy(&cfg);
		return SP_ECONFIG;
	}
	old = n->cfg;
	n->cfg = cfg;
	memset(&saved, 0, sizeof(saved));
	node_authors_swap(n, &saved);	/* the running arrays, set aside */
	if ((rc = node_set_authors(n)) != 0 ||
	    (rc = peers_reload(n, old->listen)) != 0) {
		log_warnx(_("reload: %s: %s; still running the old "
		    "configuration"), n->cfg_path, sp_strerror(rc));
		node_authors_swap(n, &saved);
		node_authors_free(&saved);	/* what was built */
		n->cfg = old;
		config_destroy(&cfg);
		return rc;
	}
	node_authors_free(&saved);
	config_destroy(&old);
	n->keys_stale = 1;	/* the new peers know only configured keys */
	log_info("reloaded %s: %zu peers", n->cfg_path, n->npeers);
	return 0;
}

static void
node_loop(struct node *n)
{
	struct poller_item	 items[3 + CONFIG_MAX_PEERS];
	struct peer		*owners[3 + CONFIG_MAX_PEERS];
	int			*used[3 + CONFIG_MAX_PEERS];
	struct pollfd		 fds[3 + CONFIG_MAX_PEERS];
	size_t			 nitems, i;
	int			 rc;

	n->zap_used = n->router_used = n->control_used = 1;
	while (!quit) {
		nitems = node_pollset(n, items, owners, used,
		    3 + CONFIG_MAX_PEERS);
		rc = poller_wait(items, fds, nitems, node_poll_timeout(n));
		for (i = 0; i < nitems; i++)
			*used[i] = 0;	/* asked by poller_wait */
		if (rc == -1) {
			if (zmq_errno() == EINTR)
				goto signals;
			log_warnx("poll: %s", zmq_strerror(zmq_errno()));
			break;
		}
		n->turn_bytes = 0;
		node_dispatch(n, items, owners, used, nitems);
		node_commit_turn(n);	/* durable before any reply */
		node_timers(n);
signals:
		if (reload) {
			reload = 0;
			host_notify_reloading();
			node_reload(n);
			host_notify("READY=1");
		}
	}
}

/*
 * R7: before serving, check every feed's chain and head signature (the
 * chain covers every byte below the head, so this finds any damage in
 * bounded time).  A damaged store is refused, not served.
 */
static int
node_verify_store(struct node *n)
{
	struct store_txn	*t;
	struct feed_head	*heads;
	size_t			 i, count;
	uint64_t		 bad;
	int			 rc;

	if ((rc = store_begin(n->store, 0, &t)) != 0)
		return rc;
	if ((rc = store_heads(t, &heads, &count)) != 0) {
		store_abort(&t);
		return rc;
	}
	for (i = 0; i < count && rc == 0; i++)
		if ((rc = feed_verify(t, &heads[i], FEED_VERIFY_QUICK,
		    &bad)) != 0)
			log_warnx(_("store %s: feed %s record %llu: %s"),
			    n->cfg->data_dir, policy_author_name(n->cfg,
			    n->feed_id, heads[i].author) != NULL ?
			    policy_author_name(n->cfg, n->feed_id,
			    heads[i].author) : "(unknown author)",
			    (unsigned long long)bad, sp_strerror(rc));
	free(heads);
	store_abort(&t);
	return rc;
}

#define USAGE_LINE	"samplan-node [-hnv] [--version] -c config.ini\n"

/* --help: stdout and exit 0; a usage error: stderr and exit 2. */
/*
 * One node per data directory (issue 8 item 7): the lock is taken before
 * anything else in the directory is opened, so a second node touches
 * nothing, not even control.sock, and says who holds it.
 */
static void
node_lock_datadir(struct node *n)
{
	pid_t	holder;
	int	rc;

	rc = datadir_lock(n->cfg->data_dir, &n->lock_fd, &holder);
	if (rc == SP_EBUSY && holder > 0)
		fatalx(_("data directory %s is in use by another "
		    "samplan-node (pid %ld); not starting"), n->cfg->data_dir,
		    (long)holder);
	if (rc == SP_EBUSY)
		fatalx(_("data directory %s is in use by another "
		    "samplan-node; not starting"), n->cfg->data_dir);
	if (rc != 0)
		fatalx(_("data directory %s: cannot take %s: %s"),
		    n->cfg->data_dir, DATADIR_LOCK_FILE, rc == SP_EIO ?
		    strerror(errno) : sp_strerror(rc));
}

static void
usage(int help)
{
	if (!help) {
		fprintf(stderr, "%s %s", _("usage:"), USAGE_LINE);
		exit(NODE_EXIT_USAGE);
	}
	printf("%s %s", _("usage:"), USAGE_LINE);
	fputs(_("Runs one samplan node: keeps its feeds in DATA_DIR, "
	    "exchanges\nthem with its peers, and serves `samplan` on its "
	    "control socket.\n\n"
	    "  -c, --config FILE  the node's configuration (samplan.ini(5));"
	    " -f is the same\n"
	    "  -n, --check        check the configuration, print "
	    "\"configuration OK\"\n"
	    "  -v, --verbose      with -n: print the normalized config; "
	    "else log debug\n"
	    "  -h, --help         print this help\n"
	    "      --version      print the version\n\n"
	    "Exit status: 0 clean stop, 1 cannot start, 2 usage error, "
	    "70 storage failure.\n"
	    "See samplan-node(8).\n"), stdout);
	exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1);
}

#define NODE_OPS_BYTES	(3 * NODE_MAX_OPS * sizeof(struct op))	/* node.h */

/*
 * Maps the ops zeroed and untouched: on the stack, the memset of struct
 * node wrote all 470 KiB of them, most of an idle node's memory.
 */
static int
node_ops_map(struct node *n)
{
	void	*p;

	p = mmap(NULL, NODE_OPS_BYTES, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return SP_ENOMEM;
	n->ops = p;
	n->queue = n->ops + 2 * NODE_MAX_OPS;
	return 0;
}

static void
node_ops_unmap(struct node *n)
{
	if (n->ops != NULL)
		munmap(n->ops, NODE_OPS_BYTES);
	n->ops = n->queue = NULL;
}

static void
node_destroy(struct node *n)
{
	control_stop(n);
	peers_destroy(n);
	if (n->zap != NULL)
		zmq_close(n->zap);
	if (n->zctx != NULL)
		zmq_ctx_term(n->zctx);
	localwrite_stop(n);
	store_close(&n->store);
	ownfeed_stop(n);
	free(n->authors);
	free(n->heads);
	free(n->hashes);
	free(n->flags);
	free(n->usage);
	keys_clear(&n->id);
	config_destroy(&n->cfg);
	node_ops_unmap(n);
	if (n->lock_fd != -1)
		close(n->lock_fd);	/* last: the directory is ours till now */
}

int
main(int argc, char *argv[])
{
	struct node		 n;
	struct sigaction	 sa;
	const char		*path = NULL;
	int			 ch, check = 0, verbose = 0, rc, tries;
	char			 hex[KEY_HEX_LEN + 1], why[512];
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "check",	no_argument,		NULL, 'n' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};

	host_heap_tune();
	i18n_init();
	while ((ch = getopt_long(argc, argv, "c:f:hnv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(1);
			break;
		case 'V':
			printf("samplan-node %s\n", sp_version());
			return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
		case 'c':
		case 'f':
			path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage(0);
		}
	}
	if (path == NULL || optind != argc)
		usage(0);
	log_init(LOG_TO_STDERR, verbose > (check ? 1 : 0), "samplan-node");
	memset(&n, 0, sizeof(n));
	n.lock_fd = -1;
	n.mark.fd = -1;
	n.cfg_path = path;
	if (node_ops_map(&n) != 0)
		fatalx("%s", sp_strerror(SP_ENOMEM));
	if (node_config_load(path, &n.cfg) != 0) {
		if (log_journal())
			fatalx(_("%s has errors; not starting"), path);
		exit(1);
	}
	/* The log speaks [node] language from here on (i18n.h). */
	if (n.cfg->language != NULL && i18n_set_language(n.cfg->language) != 0)
		log_warnx("language %s: the C.UTF-8 locale is missing; logging "
		    "in English", n.cfg->language);
	if (keys_init() != 0)
		fatalx(_("libsodium failed to initialise"));
	if (check) {	/* the key too: a node that cannot start is not OK */
		if ((rc = nodekey_load(n.cfg, &n.id, why, sizeof(why))) != 0)
			log_warnx("%s", why);
		keys_clear(&n.id);
		if (verbose)
			config_print(n.cfg, stdout);
		else if (rc == 0)
			printf("configuration OK\n");
		config_destroy(&n.cfg);
		exit(rc == 0 ? 0 : 1);
	}
	node_lock_datadir(&n);
	if (nodekey_load(n.cfg, &n.id, why, sizeof(why)) != 0)
		fatalx("%s", why);
	/* The feed we write; after a key rotation it is the first key. */
	memcpy(n.feed_id, n.cfg->has_feed_id ? n.cfg->feed_id :
	    n.id.public_key, KEY_PUBLIC_LEN);
	if ((rc = store_open(n.cfg->data_dir, n.cfg->map_size, 0,
	    n.feed_id, &n.store)) == SP_EOWNER)
		fatalx(_("store %s was made for another node key, and is "
		    "left as it is: after rotate-key, feed_id must name the "
		    "first key (samplan.ini(5)); else key or data_dir names "
		    "the wrong node"), n.cfg->data_dir);
	if (rc != 0)
		fatalx(_("store %s: %s"), n.cfg->data_dir, rc == SP_EIO ?
		    strerror(errno) : sp_strerror(rc));
	if ((rc = node_set_authors(&n)) != 0)
		fatalx(_("store %s: %s"), n.cfg->data_dir, sp_strerror(rc));
	if (node_verify_store(&n) != 0)
		fatalx(_("store %s is damaged; refusing to serve it (move it "
		    "away and restart: the node rebuilds it from its peers)"),
		    n.cfg->data_dir);
	if (ownfeed_start(&n) != 0)
		fatalx(_("store %s: cannot keep the own-feed mark; not "
		    "starting"), n.cfg->data_dir);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((n.zctx = zmq_ctx_new()) == NULL)
		fatalx(_("zmq_ctx_new failed"));
	if ((rc = auth_start(&n)) != 0)
		fatalx(_("cannot start the ZAP handler: %s"), sp_strerror(rc));
	if ((rc = peers_create(&n)) != 0)
		fatalx(_("cannot set up peers: %s"), sp_strerror(rc));
	localwrite_start(&n);
	if ((rc = control_start(&n)) != 0)
		fatalx(_("cannot open the control socket: %s"),
		    sp_strerror(rc));
	n.started = clock_ms();
	n.keys_stale = 1;
	n.next_keys = n.started;
	n.reader_check_ms = node_reader_check_ms();
	n.next_reader_check = n.started + n.reader_check_ms;
	keys_to_hex(n.id.public_key, hex);
	log_info(_("samplan-node %s: node %s ready, key %s, listening on "
	    "%s, %s (%zu peers, %zu feeds held)"), sp_version(), n.cfg->name,
	    hex, n.cfg->listen != NULL ? n.cfg->listen : _("nothing "
	    "(connects out only)"), n.cfg->data_dir, n.npeers, n.nauthors);
	host_notify("READY=1");

	node_loop(&n);
	host_notify("STOPPING=1");
	/* Writes signed ahead are stored and answered; a second failure ends it. */
	for (tries = 0; tries < 2 && localwrite_pending(&n); tries++)
		node_commit_turn(&n);

	node_clear_ops(&n);
	node_destroy(&n);
	log_info(_("terminating"));
	return 0;
}
