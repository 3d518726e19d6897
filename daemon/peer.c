/*
 * peer.c - replication with peers over ZeroMQ.
 *
 * Owns the ROUTER (CURVE server; peers connect here) and one DEALER
 * (CURVE client) per peer with an endpoint.  Either connection carries
 * the same two messages both ways: Frontier (what I hold; also the
 * heartbeat and the acknowledgement) and Batch (records you lack).  We
 * send to a peer over our DEALER when we have one, else back over the
 * ROUTER to the connection it opened.  What to send, to whom and when
 * is decided by repl.c, which this file drives with real sockets and the
 * store (the simulation drives the same module); every input here is
 * hostile until wire.c and feed.c have accepted it (functions named
 * peer_on_*).
 */
#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zmq.h>

#include "feed.h"
#include "log.h"
#include "node.h"
#include "policy.h"
#include "repl.h"
#include "wire.h"

int
peer_connected(const struct peer *p, int64_t now)
{
	return p->rp != NULL && p->rp->last_heard != 0 &&
	    now - p->rp->last_heard <= REPL_TIMEOUT_MS;
}

struct peer *
peer_by_name(struct node *n, const char *name)
{
	size_t	i;

	for (i = 0; i < n->npeers; i++)
		if (strcmp(n->peers[i]->name, name) == 0)
			return n->peers[i];
	return NULL;
}

static int
set_int(void *sock, int opt, int v)
{
	return zmq_setsockopt(sock, opt, &v, sizeof(v)) == -1 ? SP_EIO : 0;
}

/* Heartbeats, reconnects and handshake limits (R9). */
static int
peer_set_liveness(void *sock)
{
	if (set_int(sock, ZMQ_HEARTBEAT_IVL, 1000) != 0 ||
	    set_int(sock, ZMQ_HEARTBEAT_TIMEOUT, 3000) != 0 ||
	    set_int(sock, ZMQ_HEARTBEAT_TTL, 3000) != 0 ||
	    set_int(sock, ZMQ_HANDSHAKE_IVL, 5000) != 0)
		return SP_EIO;
	return node_set_common_opts(sock);
}

static int
router_create(struct node *n)
{
	int	enforce = 0;
	size_t	len = sizeof(enforce);

	if (n->cfg->listen == NULL)
		return 0;
	if ((n->router = zmq_socket(n->zctx, ZMQ_ROUTER)) == NULL)
		return SP_EIO;
	if (peer_set_liveness(n->router) != 0 ||
	    set_int(n->router, ZMQ_ROUTER_MANDATORY, 1) != 0 ||
	    set_int(n->router, ZMQ_CURVE_SERVER, 1) != 0 ||
	    zmq_setsockopt(n->router, ZMQ_CURVE_SECRETKEY, n->id.curve_secret,
	    KEY_CURVE_LEN) == -1 ||
	    zmq_setsockopt(n->router, ZMQ_ZAP_DOMAIN, ZAP_DOMAIN,
	    strlen(ZAP_DOMAIN)) == -1)
		return SP_EIO;
	/* S1: without a ZAP answer, no client gets in (fail closed). */
	if (set_int(n->router, ZMQ_ZAP_ENFORCE_DOMAIN, 1) != 0 ||
	    zmq_getsockopt(n->router, ZMQ_ZAP_ENFORCE_DOMAIN, &enforce,
	    &len) == -1 || enforce != 1) {
		log_warnx("libzmq does not enforce the ZAP domain; refusing "
		    "to run an open CURVE server");
		return SP_ECONFIG;
	}
	if (zmq_bind(n->router, n->cfg->listen) == -1) {
		log_warnx("bind %s: %s", n->cfg->listen,
		    zmq_strerror(zmq_errno()));
		return SP_EIO;
	}
	return 0;
}

static int
peer_connect(struct node *n, struct peer *p)
{
	if ((p->dealer = zmq_socket(n->zctx, ZMQ_DEALER)) == NULL)
		return SP_EIO;
	if (peer_set_liveness(p->dealer) != 0 ||
	    set_int(p->dealer, ZMQ_IMMEDIATE, 1) != 0 ||
	    set_int(p->dealer, ZMQ_RECONNECT_IVL, 100) != 0 ||
	    set_int(p->dealer, ZMQ_RECONNECT_IVL_MAX, 2000) != 0 ||
	    /* Else a SYN lost in a partition backs off for up to 30 s. */
	    set_int(p->dealer, ZMQ_CONNECT_TIMEOUT, 2000) != 0 ||
	    zmq_setsockopt(p->dealer, ZMQ_CURVE_SERVERKEY, p->curve,
	    KEY_CURVE_LEN) == -1 ||
	    zmq_setsockopt(p->dealer, ZMQ_CURVE_PUBLICKEY, n->id.curve_public,
	    KEY_CURVE_LEN) == -1 ||
	    zmq_setsockopt(p->dealer, ZMQ_CURVE_SECRETKEY, n->id.curve_secret,
	    KEY_CURVE_LEN) == -1)
		return SP_EIO;
	if (zmq_connect(p->dealer, p->endpoint) == -1) {
		log_warnx("peer %s: connect %s: %s", p->name, p->endpoint,
		    zmq_strerror(zmq_errno()));
		return SP_EIO;
	}
	return 0;
}

static void
peer_destroy(struct peer **pp)
{
	struct peer	*p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	if (p->dealer != NULL)
		zmq_close(p->dealer);
	free(p->name);
	free(p->endpoint);
	free(p);
	*pp = NULL;
}

int
peers_create(struct node *n)
{
	const struct config_peer	*cp;
	struct peer			*p;
	size_t				 i;
	int				 rc;

	struct repl_io			 io;

	if ((rc = router_create(n)) != 0)
		return rc;
	peer_io(n, &io);
	if ((rc = repl_init(&n->repl, n->cfg->npeers, n->nauthors, &io)) != 0)
		return rc;
	n->peers = calloc(n->cfg->npeers + 1, sizeof(*n->peers));
	if (n->peers == NULL)
		return SP_ENOMEM;
	for (i = 0; i < n->cfg->npeers; i++) {
		cp = &n->cfg->peers[i];
		if ((p = calloc(1, sizeof(*p))) == NULL ||
		    (p->name = strdup(cp->name)) == NULL ||
		    (cp->endpoint != NULL &&
		    (p->endpoint = strdup(cp->endpoint)) == NULL)) {
			peer_destroy(&p);
			return SP_ENOMEM;
		}
		p->idx = n->npeers;
		p->rp = &n->repl.peers[p->idx];
		n->peers[n->npeers++] = p;
		memcpy(p->key, cp->public_key, KEY_PUBLIC_LEN);
		if (crypto_sign_ed25519_pk_to_curve25519(p->curve, p->key) != 0) {
			log_warnx("peer %s: public key has no CURVE form",
			    p->name);
			return SP_ECONFIG;
		}
		if (p->endpoint != NULL && (rc = peer_connect(n, p)) != 0)
			return rc;
	}
	return 0;
}

void
peers_destroy(struct node *n)
{
	size_t	i;

	for (i = 0; i < n->npeers; i++)
		peer_destroy(&n->peers[i]);
	free(n->peers);
	n->peers = NULL;
	n->npeers = 0;
	repl_clear(&n->repl);
	/* Closing the ROUTER drops every inbound connection at once. */
	if (n->router != NULL) {
		zmq_close(n->router);
		n->router = NULL;
	}
}

/* Sends buf to p over the DEALER, falling back to its ROUTER route. */
static int
peer_send(struct node *n, struct peer *p, const uint8_t *buf, size_t len)
{
	if (p->dealer != NULL &&
	    zmq_send(p->dealer, buf, len, ZMQ_DONTWAIT) == (int)len)
		return 0;
	if (p->route_len == 0 || n->router == NULL)
		return SP_ENOTRUNNING;
	if (zmq_send(n->router, p->route, p->route_len,
	    ZMQ_SNDMORE | ZMQ_DONTWAIT) == -1) {
		if (zmq_errno() == EHOSTUNREACH)
			p->route_len = 0;	/* that connection is gone */
		return SP_ENOTRUNNING;
	}
	if (zmq_send(n->router, buf, len, ZMQ_DONTWAIT) == -1)
		return SP_ENOTRUNNING;
	return 0;
}

/* repl_io.frontier: our heads of the listed feeds (NULL: all). */
static int
peer_send_frontier(void *arg, size_t pi, const size_t *feeds, size_t nfeeds,
    int reset)
{
	struct node		*n = arg;
	Samplan__PeerMessage	 msg = SAMPLAN__PEER_MESSAGE__INIT;
	Samplan__Frontier	 fr = SAMPLAN__FRONTIER__INIT;
	Samplan__FeedHead	*heads, **ptrs;
	uint8_t			*buf;
	size_t			 i, k, idx, len;
	int			 rc = SP_ENOMEM;

	if (feeds == NULL)
		nfeeds = n->nauthors;
	heads = calloc(nfeeds + 1, sizeof(*heads));
	ptrs = calloc(nfeeds + 1, sizeof(*ptrs));
	if (heads == NULL || ptrs == NULL)
		goto out;
	for (k = 0, i = 0; i < nfeeds; i++) {
		idx = feeds == NULL ? i : feeds[i];
		if (idx >= n->nauthors)
			continue;
		samplan__feed_head__init(&heads[k]);
		heads[k].author.data = n->authors[idx];
		heads[k].author.len = KEY_PUBLIC_LEN;
		heads[k].seq = n->heads[idx];
		if (n->heads[idx] > 0) {
			heads[k].hash.data = n->hashes[idx];
			heads[k].hash.len = RECORD_HASH_LEN;
		}
		ptrs[k] = &heads[k];
		k++;
	}
	fr.n_heads = k;
	fr.heads = ptrs;
	fr.reset = reset;
	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_FRONTIER;
	msg.frontier = &fr;
	if ((rc = wire_pack(&msg.base, &buf, &len)) == 0) {
		rc = peer_send(n, n->peers[pi], buf, len);
		free(buf);
	}
out:
	free(heads);
	free(ptrs);
	return rc;
}

/* repl_io.link: the log's view of a session starting or ending. */
static void
peer_link(void *arg, size_t pi, int up)
{
	struct node	*n = arg;

	if (up)
		log_info("peer %s: connected", n->peers[pi]->name);
	else
		log_info("peer %s: silent for %d ms, disconnected",
		    n->peers[pi]->name, REPL_TIMEOUT_MS);
}

static void
peer_on_frontier(struct node *n, struct peer *p, const Samplan__Frontier *f)
{
	int64_t	now = clock_ms();
	size_t	i, idx;

	for (i = 0; i < f->n_heads; i++) {
		if (f->heads[i]->author.len != KEY_PUBLIC_LEN ||
		    node_author_index(n, f->heads[i]->author.data, &idx) != 0)
			continue;	/* a feed we do not take: not ours */
		repl_on_head(&n->repl, p->idx, idx, f->heads[i]->seq,
		    f->reset, now);
	}
}

/* Stages a batch for the turn's transaction; decode errors truncate it. */
static void
peer_on_batch(struct node *n, struct peer *p, Samplan__Batch *b)
{
	struct op	*op;
	size_t		 i;
	int		 rc;

	if (b->n_envelopes == 0)
		return;
	if (n->nops == NODE_MAX_OPS) {
		/* Full turn: drop it; the retransmit timer resends. */
		return;
	}
	op = &n->ops[n->nops];
	memset(op, 0, sizeof(*op));
	if ((op->entries = calloc(b->n_envelopes, sizeof(*op->entries))) ==
	    NULL)
		return;
	for (i = 0; i < b->n_envelopes; i++) {
		/* The entry takes the envelope out of the batch. */
		rc = entry_from_envelope(&b->envelopes[i], &op->entries[i]);
		if (rc != 0) {
			node_count_reject(n, p, rc, "record");
			break;
		}
		op->nentries++;
	}
	if (op->nentries == 0) {
		free(op->entries);
		op->entries = NULL;
		return;
	}
	op->kind = OP_INGEST;
	op->peer = p;
	n->nops++;
}

static void
peer_on_message(struct node *n, struct peer *p, const uint8_t *buf,
    size_t len)
{
	Samplan__PeerMessage	*msg;
	int			 rc;

	if ((rc = wire_decode_peer(buf, len, &msg)) != 0) {
		node_count_reject(n, p, rc, "message");
		return;
	}
	repl_on_heard(&n->repl, p->idx, clock_ms());
	switch (msg->kind_case) {
	case SAMPLAN__PEER_MESSAGE__KIND_FRONTIER:
		peer_on_frontier(n, p, msg->frontier);
		break;
	case SAMPLAN__PEER_MESSAGE__KIND_BATCH:
		peer_on_batch(n, p, msg->batch);
		break;
	default:
		node_count_reject(n, p, SP_EMALFORMED, "empty message");
		break;
	}
	wire_free((ProtobufCMessage **)&msg);
}

/* Reads one whole multipart message; returns frames read or -1. */
static int
recv_parts(void *sock, zmq_msg_t *parts, int max)
{
	int	k = 0, more;
	size_t	len = sizeof(more);

	do {
		if (k == max) {
			zmq_msg_t	junk;

			/* Too many frames: drain and refuse the message. */
			zmq_msg_init(&junk);
			zmq_msg_recv(&junk, sock, 0);
			zmq_msg_close(&junk);
		} else {
			zmq_msg_init(&parts[k]);
			if (zmq_msg_recv(&parts[k], sock, ZMQ_DONTWAIT) == -1) {
				zmq_msg_close(&parts[k]);
				while (k > 0)
					zmq_msg_close(&parts[--k]);
				return -1;
			}
			k++;
		}
		zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &len);
	} while (more);
	return k;
}

void
peer_on_router(struct node *n)
{
	zmq_msg_t	 parts[3];
	struct peer	*p;
	const char	*user;
	int		 k, i, budget;

	/*
	 * A turn stages what it reads until the commit: bound it in bytes
	 * too, or 256 frames of 4 MiB would all be decoded and held at once.
	 */
	for (budget = 0; budget < NODE_MAX_OPS && n->nops < NODE_MAX_OPS &&
	    n->turn_bytes < NODE_TURN_BYTES; budget++) {
		if ((k = recv_parts(n->router, parts, 3)) == -1)
			return;
		for (i = 0; i < k; i++)
			n->turn_bytes += zmq_msg_size(&parts[i]);
		user = zmq_msg_gets(&parts[k - 1], "User-Id");
		p = user != NULL ? peer_by_name(n, user) : NULL;
		if (k != 2 || p == NULL ||
		    zmq_msg_size(&parts[0]) > NODE_ROUTE_MAX) {
			/* A peer revoked since its handshake lands here too. */
			node_count_reject(n, p, p == NULL ? SP_EUNKNOWN :
			    SP_EMALFORMED, "inbound frame");
		} else {
			p->route_len = zmq_msg_size(&parts[0]);
			memcpy(p->route, zmq_msg_data(&parts[0]), p->route_len);
			peer_on_message(n, p, zmq_msg_data(&parts[1]),
			    zmq_msg_size(&parts[1]));
		}
		for (i = 0; i < k; i++)
			zmq_msg_close(&parts[i]);
	}
}

void
peer_on_dealer(struct node *n, struct peer *p)
{
	zmq_msg_t	parts[1];
	int		k, budget;

	for (budget = 0; budget < NODE_MAX_OPS && n->nops < NODE_MAX_OPS &&
	    n->turn_bytes < NODE_TURN_BYTES; budget++) {
		if ((k = recv_parts(p->dealer, parts, 1)) == -1)
			return;
		n->turn_bytes += zmq_msg_size(&parts[0]);
		peer_on_message(n, p, zmq_msg_data(&parts[0]),
		    zmq_msg_size(&parts[0]));
		zmq_msg_close(&parts[0]);
	}
}

struct batch_read {
	const uint8_t	*envs[SYNC_BATCH];	/* into the read txn */
	size_t		 lens[SYNC_BATCH];
	size_t		 n;
	size_t		 bytes;
};

static int
batch_collect(void *arg, uint64_t seq, const uint8_t *env, size_t len)
{
	struct batch_read	*br = arg;

	(void)seq;
	if (br->n == SYNC_BATCH || (br->n > 0 &&
	    br->bytes + len > NODE_BATCH_BYTES))
		return 1;
	br->envs[br->n] = env;
	br->lens[br->n] = len;
	br->n++;
	br->bytes += len;
	return 0;
}

/* repl_io.batch: reads what p lacks from the store and sends it. */
static int
peer_send_batch(void *arg, size_t pi, size_t idx, uint64_t from,
    uint64_t count, uint64_t *sent, size_t *bytes)
{
	struct node		*n = arg;
	struct batch_read	 br;
	uint8_t			*buf;
	size_t			 len;
	int			 rc;

	if (n->pump_txn == NULL &&
	    (rc = store_begin(n->store, 0, &n->pump_txn)) != 0)
		return rc;
	memset(&br, 0, sizeof(br));
	rc = store_log_scan(n->pump_txn, n->authors[idx], from, batch_collect,
	    &br);
	if (rc < 0)
		return rc;
	if (br.n == 0)
		return SP_ENOTFOUND;
	if (br.n > count)
		br.n = count;
	if ((rc = wire_pack_batch(br.envs, br.lens, br.n, &buf, &len)) != 0)
		return rc;
	rc = peer_send(n, n->peers[pi], buf, len);
	free(buf);
	if (rc != 0)
		return rc;
	*sent = br.n;
	*bytes = len;
	n->peers[pi]->records_sent += br.n;
	return 0;
}

/* How repl.c reaches our sockets and store. */
void
peer_io(struct node *n, struct repl_io *io)
{
	io->arg = n;
	io->frontier = peer_send_frontier;
	io->batch = peer_send_batch;
	io->link = peer_link;
}

void
peer_after_commit(struct node *n)
{
	struct op		*op;
	size_t			 i, idx;

	for (i = 0; i < n->nops; i++) {
		op = &n->ops[i];
		if (op->kind != OP_INGEST)
			continue;
		op->peer->records_received += op->result.accepted;
		op->peer->records_duplicate += op->result.duplicates;
		if (op->result.rc != 0)
			node_count_reject(n, op->peer, op->result.rc, "record");
		if (op->result.rc == SP_EFORK) {
			const char *who = policy_author_name(n->cfg,
			    n->id.public_key, op->entries[0].rec->author.data);

			log_warnx("ALERT: equivocation by %s at seq %llu, "
			    "relayed by %s; feed blocked, evidence kept",
			    who != NULL ? who : "an unknown author",
			    (unsigned long long)op->result.bad_seq,
			    op->peer->name);
		}
		if (node_author_index(n, op->entries[0].rec->author.data,
		    &idx) != 0)
			continue;
		repl_on_ingest(&n->repl, op->peer->idx, idx,
		    op->result.rc == SP_EGAP);
	}
	repl_pump(&n->repl, n->heads, clock_ms());
	store_abort(&n->pump_txn);
}

void
peer_tick(struct node *n, int64_t now)
{
	repl_tick(&n->repl, n->heads, now);
	store_abort(&n->pump_txn);
}
