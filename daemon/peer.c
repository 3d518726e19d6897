/*
 * peer.c - replication with peers over ZeroMQ.
 *
 * Speaks peer protocol 2 (docs/FORMAT-V2.md section 4) over the sockets
 * peerset.c owns: the ROUTER (peers connect here) and one DEALER per
 * peer with an endpoint.  Either connection carries the same messages
 * both ways: Hello (protocol, software), Frontier (what I hold; also the
 * acknowledgement), Batch (records you lack), Ping (liveness) and
 * Evidence (a fork, both records).  We send to a peer over our DEALER
 * when we have one, else back over the ROUTER to the connection it
 * opened.  What to send, to whom and when
 * is decided by repl.c, which this file drives with real sockets and the
 * store (the simulation drives the same module); every input here is
 * hostile until wire.c and feed.c have accepted it (functions named
 * peer_on_*).
 */
#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "feed.h"
#include "i18n.h"
#include "log.h"
#include "node.h"
#include "policy.h"
#include "repl.h"
#include "version.h"
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

/* Sends buf to p over the DEALER, falling back to its ROUTER route. */
static int
peer_send(struct node *n, struct peer *p, const uint8_t *buf, size_t len)
{
	if (p->dealer != NULL) {
		p->dealer_used = 1;
		if (zmq_send(p->dealer, buf, len, ZMQ_DONTWAIT) == (int)len)
			return 0;
	}
	if (p->route_len == 0 || n->router == NULL)
		return SP_ENOTRUNNING;
	n->router_used = 1;
	if (zmq_send(n->router, p->route, p->route_len,
	    ZMQ_SNDMORE | ZMQ_DONTWAIT) == -1) {
		if (zmq_errno() == EHOSTUNREACH)
			peer_drop_route(p);	/* that connection is gone */
		return SP_ENOTRUNNING;
	}
	if (zmq_send(n->router, buf, len, ZMQ_DONTWAIT) == -1)
		return SP_ENOTRUNNING;
	return 0;
}

/* We have a way to p: our DEALER, or the connection it opened to us. */
static int
peer_reachable(const struct node *n, const struct peer *p)
{
	return p->dealer != NULL || (p->route_len > 0 && n->router != NULL);
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

	if (!peer_reachable(n, n->peers[pi]))
		return SP_ENOTRUNNING;	/* nothing to pack it for */
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
	fr.full = feeds == NULL;
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

/* Packs msg and sends it to peer pi. */
static int
peer_send_msg(struct node *n, size_t pi, const Samplan__PeerMessage *msg)
{
	uint8_t	*buf;
	size_t	 len;
	int	 rc;

	if (!peer_reachable(n, n->peers[pi]))
		return SP_ENOTRUNNING;
	if ((rc = wire_pack(&msg->base, &buf, &len)) != 0)
		return rc;
	rc = peer_send(n, n->peers[pi], buf, len);
	free(buf);
	return rc;
}

/* repl_io.hello: our protocol and software version. */
static int
peer_send_hello(void *arg, size_t pi)
{
	Samplan__PeerMessage	msg = SAMPLAN__PEER_MESSAGE__INIT;
	Samplan__Hello		h = SAMPLAN__HELLO__INIT;

	h.protocol = REPL_PROTOCOL;
	h.software = (char *)(uintptr_t)sp_version();
	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_HELLO;
	msg.hello = &h;
	return peer_send_msg(arg, pi, &msg);
}

/* repl_io.ping: we are up, and nothing else went to pi lately. */
static int
peer_send_ping(void *arg, size_t pi)
{
	Samplan__PeerMessage	msg = SAMPLAN__PEER_MESSAGE__INIT;
	Samplan__Ping		ping = SAMPLAN__PING__INIT;

	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_PING;
	msg.ping = &ping;
	return peer_send_msg(arg, pi, &msg);
}

/* repl_io.link: the log's view of a session starting or ending. */
static void
peer_link(void *arg, size_t pi, int up)
{
	struct node	*n = arg;

	if (up)
		log_info(_("peer %s: connected"), n->peers[pi]->name);
	else
		log_info(_("peer %s: silent for %d ms, disconnected"),
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
		if (idx == 0)	/* our own feed: are we behind, or forked? */
			ownfeed_on_peer_head(n, p, f->heads[i]);
		repl_on_head(&n->repl, p->idx, idx, f->heads[i]->seq,
		    f->reset, now);
	}
	if (f->full)
		repl_on_full(&n->repl, p->idx);
}

/* Takes op, filled with p's entries, into the turn; an empty one is freed. */
static void
peer_stage_op(struct node *n, struct peer *p, struct op *op)
{
	if (op->nentries == 0) {
		free(op->entries);
		op->entries = NULL;
		return;
	}
	op->kind = OP_INGEST;
	op->peer = p;
	n->nops++;
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
	peer_stage_op(n, p, op);
}

/* Clears and frees n entries. */
static void
peer_entries_free(struct entry **ep, size_t n)
{
	size_t	i;

	if (*ep == NULL)
		return;
	for (i = 0; i < n; i++)
		entry_clear(&(*ep)[i]);
	free(*ep);
	*ep = NULL;
}

/*
 * Decodes every envelope of b into an entry of its own arena (the wire
 * checks only).  What the envelopes take together is held to the budget
 * decoding the whole frame of len bytes had, plus their kept bytes.
 * Returns 0 and *ep (NULL for no envelopes), or the first envelope's
 * error, with nothing kept.
 */
static int
peer_receive_entries(struct wire_batch *b, size_t len, struct entry **ep)
{
	struct entry	*entries;
	const uint8_t	*env;
	size_t		 envlen, i = 0, spent = 0;
	int		 rc = 0;

	*ep = NULL;
	if (b->n == 0)
		return 0;
	if ((entries = calloc(b->n, sizeof(*entries))) == NULL)
		return SP_ENOMEM;
	while (rc == 0 && wire_batch_next(b, &env, &envlen)) {
		if ((rc = entry_receive(env, envlen, WIRE_MAX_ENVELOPE,
		    &entries[i])) != 0)
			break;
		spent += wire_arena_spent(entries[i++].arena);
		if (spent > len * (WIRE_ALLOC_FACTOR + 1) + WIRE_ALLOC_SLACK)
			rc = SP_ENOMEM;
	}
	if (rc != 0) {
		peer_entries_free(&entries, i);
		return rc;
	}
	*ep = entries;
	return 0;
}

/*
 * Stages the entries of one batch for the turn's transaction, up to the
 * first that fails entry_check().  Takes *ep and its n entries.
 */
static void
peer_stage_entries(struct node *n, struct peer *p, struct entry **ep,
    size_t count)
{
	struct op	*op;
	size_t		 i;
	int		 rc;

	if (count == 0 || n->nops == NODE_MAX_OPS) {
		/* Full turn: drop it; the retransmit timer resends. */
		peer_entries_free(ep, count);
		return;
	}
	op = &n->ops[n->nops];
	memset(op, 0, sizeof(*op));
	op->entries = *ep;
	*ep = NULL;
	for (i = 0; i < count; i++) {
		if ((rc = entry_check(&op->entries[i])) != 0) {
			node_count_reject(n, p, rc, "record");
			break;
		}
		op->nentries++;
	}
	/* entry_check() cleared the one that failed; these are left. */
	for (i = op->nentries; i < count; i++)
		entry_clear(&op->entries[i]);
	peer_stage_op(n, p, op);
}

/*
 * A Batch frame in its plain form (wire_batch_open()), taken apart
 * without decoding the frame whole: each envelope is decoded into an
 * arena of its own entry, with its bytes kept for the store.  The
 * outcome is that of wire_decode_peer() and peer_on_batch(): an envelope
 * that does not decode refuses the whole frame ("message") before it
 * counts as heard; a record that fails its checks ends the batch there.
 * Returns 0 when buf is not such a frame: decode it whole then.
 */
static int
peer_on_batch_frame(struct node *n, struct peer *p, const uint8_t *buf,
    size_t len)
{
	struct wire_batch	 b;
	struct entry		*entries;
	int			 rc;

	if (!wire_batch_open(buf, len, &b))
		return 0;
	if ((rc = peer_receive_entries(&b, len, &entries)) != 0) {
		node_count_reject(n, p, rc, "message");
		return 1;
	}
	if ((rc = repl_on_heard(&n->repl, p->idx, clock_ms())) != 0) {
		/* Another protocol: we take nothing. */
		node_count_reject(n, p, rc, "message");
		peer_entries_free(&entries, b.n);
		return 1;
	}
	peer_stage_entries(n, p, &entries, b.n);
	return 1;
}

/* Stages evidence of a fork for the turn's transaction (feed_evidence). */
static void
peer_on_evidence(struct node *n, struct peer *p, Samplan__Evidence *ev)
{
	struct op	*op;
	int		 rc;

	if (ev->a == NULL || ev->b == NULL) {
		node_count_reject(n, p, SP_EMALFORMED, "evidence");
		return;
	}
	if (n->nops == NODE_MAX_OPS)
		return;		/* full turn: the sender's next one comes */
	op = &n->ops[n->nops];
	memset(op, 0, sizeof(*op));
	if ((op->entries = calloc(2, sizeof(*op->entries))) == NULL)
		return;
	/* The entries take the envelopes out of the message. */
	if ((rc = entry_from_envelope(&ev->a, &op->entries[0])) != 0 ||
	    (rc = entry_from_envelope(&ev->b, &op->entries[1])) != 0) {
		entry_clear(&op->entries[0]);
		entry_clear(&op->entries[1]);
		free(op->entries);
		op->entries = NULL;
		node_count_reject(n, p, rc, "evidence");
		return;
	}
	op->nentries = 2;
	op->kind = OP_EVIDENCE;
	op->peer = p;
	n->nops++;
}

/* Its protocol and software version, once per session or change. */
static void
peer_on_hello(struct node *n, struct peer *p, const Samplan__Hello *h)
{
	char	soft[PEER_SOFTWARE_MAX + 1];
	size_t	len = strlen(h->software);

	if (len > PEER_SOFTWARE_MAX)
		len = PEER_SOFTWARE_MAX;
	memcpy(soft, h->software, len);
	soft[len] = '\0';
	if (strcmp(soft, p->software) != 0 || h->protocol != p->protocol)
		log_info("peer %s: software %s, protocol %u", p->name,
		    len > 0 ? soft : "(not given)", h->protocol);
	memcpy(p->software, soft, len + 1);
	p->protocol = h->protocol;
	if (repl_on_hello(&n->repl, p->idx, h->protocol, clock_ms()) ==
	    SP_EPROTO)
		log_warnx(_("peer %s speaks protocol %u; this node speaks %d: "
		    "upgrade"), p->name, h->protocol, REPL_PROTOCOL);
}

static void
peer_on_message(struct node *n, struct peer *p, const uint8_t *buf,
    size_t len)
{
	Samplan__PeerMessage	*msg;
	int			 rc;

	/* Catch-up's frames: a batch, envelope by envelope, in arenas. */
	if (peer_on_batch_frame(n, p, buf, len))
		return;
	if ((rc = wire_decode_peer(buf, len, &msg)) != 0) {
		node_count_reject(n, p, rc, "message");
		return;
	}
	rc = repl_on_heard(&n->repl, p->idx, clock_ms());
	if (msg->kind_case == SAMPLAN__PEER_MESSAGE__KIND_HELLO)
		peer_on_hello(n, p, msg->hello);
	else if (rc != 0)	/* another protocol: we take nothing */
		node_count_reject(n, p, rc, "message");
	else switch (msg->kind_case) {
	case SAMPLAN__PEER_MESSAGE__KIND_PING:
		/* Liveness, noted above; answered when we were quiet. */
		repl_on_ping(&n->repl, p->idx, clock_ms());
		break;
	case SAMPLAN__PEER_MESSAGE__KIND_FRONTIER:
		peer_on_frontier(n, p, msg->frontier);
		break;
	case SAMPLAN__PEER_MESSAGE__KIND_BATCH:
		peer_on_batch(n, p, msg->batch);
		break;
	case SAMPLAN__PEER_MESSAGE__KIND_EVIDENCE:
		peer_on_evidence(n, p, msg->evidence);
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
		} else if (peer_note_route(p, zmq_msg_data(&parts[0]),
		    zmq_msg_size(&parts[0]), zmq_msg_get(&parts[1], ZMQ_SRCFD),
		    clock_ms()) != 0) {
			node_count_reject(n, p, SP_ETOOBIG,
			    "message on a connection over the per-key limit");
		} else
			peer_on_message(n, p, zmq_msg_data(&parts[1]),
			    zmq_msg_size(&parts[1]));
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
	io->hello = peer_send_hello;
	io->ping = peer_send_ping;
	io->link = peer_link;
}

/* Sends every peer that speaks our protocol, but `except`, evidence a, b. */
static void
peer_send_evidence(struct node *n, const struct peer *except,
    Samplan__Envelope *a, Samplan__Envelope *b)
{
	Samplan__PeerMessage	 msg = SAMPLAN__PEER_MESSAGE__INIT;
	Samplan__Evidence	 ev = SAMPLAN__EVIDENCE__INIT;
	int64_t			 now = clock_ms();
	size_t			 i;

	ev.a = a;
	ev.b = b;
	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_EVIDENCE;
	msg.evidence = &ev;
	for (i = 0; i < n->npeers; i++)
		if (n->peers[i] != except &&
		    repl_ready(&n->repl, n->peers[i]->idx, now))
			peer_send_msg(n, i, &msg);
}

/*
 * Our ingest found a fork at seq: the batch's record for it and the one
 * we hold (or a second one in the same batch) go to every peer.
 */
static void
peer_share_fork(struct node *n, struct op *op)
{
	Samplan__Envelope	*held = NULL, *a = NULL, *b = NULL;
	struct store_txn	*t = NULL;
	const uint8_t		*buf;
	size_t			 i, len;
	uint64_t		 seq = op->result.bad_seq;

	for (i = 0; i < op->nentries; i++) {
		if (op->entries[i].rec == NULL || op->entries[i].rec->seq != seq)
			continue;
		if (a == NULL)
			a = op->entries[i].env;
		else if (b == NULL)
			b = op->entries[i].env;
	}
	if (a != NULL && b == NULL && store_begin(n->store, 0, &t) == 0 &&
	    store_log_get(t, op->entries[0].rec->author.data, seq, &buf,
	    &len) == 0 && wire_decode_envelope(buf, len, &held) == 0)
		b = held;
	store_abort(&t);
	if (a != NULL && b != NULL)
		peer_send_evidence(n, NULL, a, b);
	wire_free((ProtobufCMessage **)&held);
}

/* how: "relayed by" (a fork in a batch) or "evidence from". */
static void
peer_alert_fork(struct node *n, const uint8_t *author, uint64_t seq,
    const char *how, const struct peer *from)
{
	const char	*who = policy_author_name(n->cfg, n->feed_id,
			    author);

	log_warnx("ALERT: equivocation by %s at seq %llu, %s %s; feed "
	    "blocked, evidence kept and sent to peers",
	    who != NULL ? who : "an unknown author", (unsigned long long)seq,
	    how, from->name);
}

/* After the commit: what evidence a peer sent us did. */
static void
peer_after_evidence(struct node *n, struct op *op)
{
	if (op->rc != 0) {
		node_count_reject(n, op->peer, op->rc, "evidence");
		return;
	}
	if (!op->blocked)
		return;		/* we knew: the flood ends here */
	peer_alert_fork(n, op->entries[0].rec->author.data,
	    op->entries[0].rec->seq, "evidence from", op->peer);
	peer_send_evidence(n, op->peer, op->entries[0].env,
	    op->entries[1].env);
}

/* The highest seq among an ingest's records. */
static uint64_t
op_highest_seq(const struct op *op)
{
	uint64_t	seq = 0;
	size_t		i;

	for (i = 0; i < op->nentries; i++)
		if (op->entries[i].rec != NULL && op->entries[i].rec->seq > seq)
			seq = op->entries[i].rec->seq;
	return seq;
}

void
peer_after_commit(struct node *n)
{
	struct op		*op;
	size_t			 i, idx;

	for (i = 0; i < n->nops; i++) {
		op = &n->ops[i];
		if (op->kind == OP_EVIDENCE)
			peer_after_evidence(n, op);
		if (op->kind != OP_INGEST)
			continue;
		op->peer->records_received += op->result.accepted;
		op->peer->records_duplicate += op->result.duplicates;
		if (op->result.rc != 0)
			node_count_reject(n, op->peer, op->result.rc, "record");
		if (op->result.rc == SP_EFORK) {
			peer_alert_fork(n, op->entries[0].rec->author.data,
			    op->result.bad_seq, "relayed by", op->peer);
			peer_share_fork(n, op);
		}
		if (node_author_index(n, op->entries[0].rec->author.data,
		    &idx) != 0)
			continue;
		if (idx == 0 && op->result.rc == SP_ECHAIN)
			ownfeed_on_chain_break(n, op->peer, op->entries,
			    op->nentries, op->result.bad_seq);
		repl_on_ingest(&n->repl, op->peer->idx, idx,
		    op->result.rc == SP_EGAP);
		if (op->result.rc == 0)		/* we hold all it sent */
			repl_on_batch(&n->repl, op->peer->idx, idx,
			    op_highest_seq(op), clock_ms());
	}
	repl_pump(&n->repl, clock_ms());
	store_abort(&n->pump_txn);
}

/* When peer_tick is next due: repl's timer, or a re-dial. */
int64_t
peer_next_wake(struct node *n, int64_t now)
{
	struct peer	*p;
	int64_t		 wake = repl_next_wake(&n->repl), t;
	size_t		 i;

	for (i = 0; i < n->ndialed; i++) {
		p = n->dialed[i];
		if (p->dealer == NULL || peer_connected(p, now))
			continue;
		t = p->last_dial + PEER_REDIAL_MS;
		if (t < wake)
			wake = t;
	}
	return wake;
}

void
peer_tick(struct node *n, int64_t now)
{
	struct peer	*p;
	size_t		 i;

	/* Re-dial a peer we connect to once it has gone silent (peerset.c). */
	for (i = 0; i < n->ndialed; i++) {
		p = n->dialed[i];
		if (p->dealer != NULL && !peer_connected(p, now) &&
		    now - p->last_dial >= PEER_REDIAL_MS) {
			peer_redial(p);
			p->last_dial = now;
		}
	}
	if (now >= repl_next_wake(&n->repl))
		repl_tick(&n->repl, now);
	store_abort(&n->pump_txn);
}
