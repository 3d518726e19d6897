/*
 * peerset.c - the sockets of replication and who may hold them.
 *
 * Owns the ROUTER (CURVE server, bound to the config's listen endpoint)
 * and one DEALER (CURVE client) per peer with an endpoint, built whole
 * into a struct peerset and swapped into the node whole: at start, and on
 * SIGHUP beside the running set, so that a reload that fails (a bad key,
 * a bind error) leaves the node serving exactly as before.  Also owns
 * what one peer key may cost in connections: routes per ZAP User-Id and
 * admissions per key (issue 8).  What goes over these sockets is peer.c's
 * and repl.c's.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zmq.h>

#include "feed.h"
#include "i18n.h"
#include "log.h"
#include "node.h"
#include "repl.h"

/*
 * ZAP asks whether p may open one more connection.  ZAP cannot see
 * disconnects, so we count what we can see: routes heard from within the
 * timeout (at most NODE_MAX_ROUTES), and admissions within it, which may
 * not have spoken yet (at most NODE_MAX_ADMITS; a connection that never
 * completes a message is dropped by the heartbeat timeout).  That bounds
 * what one key can make libzmq buffer, however many connections it
 * opens.  libzmq does not reconnect after a refusal, so the limits are
 * far above what an honest peer's reconnects reach.
 */
int
peer_admit(struct peer *p, int64_t now)
{
	size_t	i, live = 0, recent = 0, oldest = 0;

	for (i = 0; i < NODE_MAX_ROUTES; i++)
		if (p->routes[i].len > 0 &&
		    now - p->routes[i].heard <= NODE_ROUTE_LIVE_MS)
			live++;
	for (i = 0; i < NODE_MAX_ADMITS; i++) {
		if (p->admitted[i] != 0 &&
		    now - p->admitted[i] <= NODE_ROUTE_LIVE_MS)
			recent++;
		if (p->admitted[i] < p->admitted[oldest])
			oldest = i;
	}
	if (live >= NODE_MAX_ROUTES || recent >= NODE_MAX_ADMITS)
		return SP_ETOOBIG;
	p->admitted[oldest] = now;
	return 0;
}

/*
 * A message came from p over ROUTER connection id: note the route, or
 * refuse it when p already has NODE_MAX_ROUTES other live ones.  The
 * newest route is the one we answer on.
 */
int
peer_note_route(struct peer *p, const uint8_t *id, size_t len, int fd,
    int64_t now)
{
	struct peer_route	*r, *slot = NULL;
	size_t			 i;

	for (i = 0; i < NODE_MAX_ROUTES; i++) {
		r = &p->routes[i];
		if (r->len == len && memcmp(r->id, id, len) == 0) {
			slot = r;
			break;
		}
		if (slot == NULL && (r->len == 0 ||
		    now - r->heard > NODE_ROUTE_LIVE_MS))
			slot = r;	/* free, or gone silent */
	}
	if (slot == NULL)
		return SP_ETOOBIG;
	memcpy(slot->id, id, len);
	slot->len = len;
	slot->heard = now;
	slot->fd = fd;
	memcpy(p->route, id, len);
	p->route_len = len;
	return 0;
}

static int
set_int(void *sock, int opt, int v)
{
	return zmq_setsockopt(sock, opt, &v, sizeof(v)) == -1 ? SP_EIO : 0;
}

/*
 * Liveness (R9) without ZMTP heartbeats.  libzmq 4.3's heartbeat timer
 * writes a PING through out_event(), which asserts !_io_error; an engine
 * whose input was stopped by our small RCVHWM and whose peer then hung up
 * has set _io_error already, so the next PING aborts the whole node
 * (docs/RELIABILITY-RESULTS.md, "libzmq abort").  Our own traffic is the
 * heartbeat instead: repl.c's Ping and frontiers both ways, a peer silent
 * for PEER_TIMEOUT_MS is disconnected and its DEALER re-dialled
 * (peer_tick), and TCP itself drops a dead inbound connection (keepalive
 * when idle, TCP_USER_TIMEOUT through ZMQ_TCP_MAXRT when data is stuck).
 * SAMPLAN_ZMTP_HEARTBEAT=1 puts the ZMTP heartbeats back, for the stress
 * reproduction in scripts/torture only.
 */
static int
peer_set_liveness(void *sock)
{
	const char	*hb = getenv("SAMPLAN_ZMTP_HEARTBEAT");
	int		 ivl = hb != NULL && strcmp(hb, "1") == 0 ? 1000 : 0;

	if (set_int(sock, ZMQ_HEARTBEAT_IVL, ivl) != 0 ||
	    set_int(sock, ZMQ_HEARTBEAT_TIMEOUT, 3000) != 0 ||
	    set_int(sock, ZMQ_HEARTBEAT_TTL, 3000) != 0 ||
	    set_int(sock, ZMQ_HANDSHAKE_IVL, 5000) != 0 ||
	    set_int(sock, ZMQ_TCP_KEEPALIVE, 1) != 0 ||
	    set_int(sock, ZMQ_TCP_KEEPALIVE_IDLE, 2) != 0 ||
	    set_int(sock, ZMQ_TCP_KEEPALIVE_INTVL, 1) != 0 ||
	    set_int(sock, ZMQ_TCP_KEEPALIVE_CNT, 3) != 0 ||
	    set_int(sock, ZMQ_TCP_MAXRT, PEER_TIMEOUT_MS + 2000) != 0 ||
	    node_set_common_opts(sock) != 0)
		return SP_EIO;
	/* What a peer that never reads can hold of ours (issue 8). */
	return set_int(sock, ZMQ_SNDHWM, PEER_SNDHWM);
}

/* A new ROUTER bound to the config's listen endpoint, in *out (or NULL). */
static int
router_create(struct node *n, void **out)
{
	void	*router;
	int	 enforce = 0;
	size_t	 len = sizeof(enforce);

	*out = NULL;
	if (n->cfg->listen == NULL)
		return 0;
	if ((router = zmq_socket(n->zctx, ZMQ_ROUTER)) == NULL)
		return SP_EIO;
	*out = router;	/* the caller closes it on error */
	if (peer_set_liveness(router) != 0 ||
	    set_int(router, ZMQ_ROUTER_MANDATORY, 1) != 0 ||
	    set_int(router, ZMQ_CURVE_SERVER, 1) != 0 ||
	    zmq_setsockopt(router, ZMQ_CURVE_SECRETKEY, n->id.curve_secret,
	    KEY_CURVE_LEN) == -1 ||
	    zmq_setsockopt(router, ZMQ_ZAP_DOMAIN, ZAP_DOMAIN,
	    strlen(ZAP_DOMAIN)) == -1)
		return SP_EIO;
	/* S1: without a ZAP answer, no client gets in (fail closed). */
	if (set_int(router, ZMQ_ZAP_ENFORCE_DOMAIN, 1) != 0 ||
	    zmq_getsockopt(router, ZMQ_ZAP_ENFORCE_DOMAIN, &enforce,
	    &len) == -1 || enforce != 1) {
		log_warnx(_("libzmq does not enforce the ZAP domain; refusing "
		    "to run an open CURVE server"));
		return SP_ECONFIG;
	}
	if (zmq_bind(router, n->cfg->listen) == -1) {
		log_warnx(_("bind %s: %s"), n->cfg->listen,
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
	p->dealer_used = 1;
	if (zmq_connect(p->dealer, p->endpoint) == -1) {
		log_warnx(_("peer %s: connect %s: %s"), p->name, p->endpoint,
		    zmq_strerror(zmq_errno()));
		return SP_EIO;
	}
	p->last_dial = clock_ms();
	return 0;
}

/*
 * A peer we connect to went silent: drop the connection and dial again,
 * which ZMTP heartbeats did for us before (see peer_set_liveness).  A
 * connection that died without a FIN would otherwise stay until TCP
 * gives up, and after a partition heals nothing would flow on it.
 */
void
peer_redial(struct peer *p)
{
	if (p->dealer == NULL || p->endpoint == NULL)
		return;
	p->dealer_used = 1;
	if (zmq_disconnect(p->dealer, p->endpoint) == -1 ||
	    zmq_connect(p->dealer, p->endpoint) == -1)
		log_warnx(_("peer %s: redial %s: %s"), p->name, p->endpoint,
		    zmq_strerror(zmq_errno()));
}

/*
 * Follows each peer feed's key succession: ZAP admits, and the DEALER
 * dials with, the CURVE form of the key in force at the feed's head, so
 * a peer that rotated its key is known by its feed id still.  A DEALER
 * built with the retired server key is closed and built again.
 */
void
peers_follow_keys(struct node *n)
{
	struct store_txn	*t;
	struct feed_head	 h;
	struct peer		*p;
	uint8_t			 curve[KEY_CURVE_LEN], own[KEY_PUBLIC_LEN];
	size_t			 i;

	if (store_begin(n->store, 0, &t) != 0)
		return;
	/* Ours: may our key sign the next record of our own feed? */
	if (store_head_get(t, n->feed_id, &h) == 0) {
		feed_signing_key(&h, h.seq + 1, own);
		n->own_key_from = memcmp(own, n->id.public_key,
		    KEY_PUBLIC_LEN) == 0 ? 0 : h.key_from != 0 ? h.key_from : 1;
	}
	for (i = 0; i < n->npeers; i++) {
		p = n->peers[i];
		if (store_head_get(t, p->key, &h) != 0 ||
		    crypto_sign_ed25519_pk_to_curve25519(curve, h.key_from != 0 ?
		    h.key : p->key) != 0 ||
		    memcmp(curve, p->curve, KEY_CURVE_LEN) == 0)
			continue;
		memcpy(p->curve, curve, KEY_CURVE_LEN);
		log_info(_("peer %s: its feed's key changed at seq %llu; it is "
		    "known by the new key now"), p->name,
		    (unsigned long long)h.key_from);
		if (p->dealer == NULL)
			continue;
		zmq_close(p->dealer);
		p->dealer = NULL;
		if (peer_connect(n, p) != 0)
			log_warnx(_("peer %s: cannot dial with its new key"),
			    p->name);
		repl_set_lead(&n->repl, p->idx, p->dealer == NULL);
	}
	store_abort(&t);
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

/* Closes everything in ps; ps is empty afterwards. */
static void
peerset_clear(struct peerset *ps)
{
	size_t	i;

	for (i = 0; i < ps->npeers; i++)
		peer_destroy(&ps->peers[i]);
	free(ps->peers);
	free(ps->dialed);
	repl_clear(&ps->repl);
	/* Closing the ROUTER drops every inbound connection at once. */
	if (ps->router != NULL)
		zmq_close(ps->router);
	memset(ps, 0, sizeof(*ps));
}

/*
 * Builds the peers of n->cfg into ps: their DEALERs connected, their
 * replication state, and the ROUTER (router, when given, is the running
 * one, reused because the listen endpoint did not change).  Touches
 * nothing the node runs on.  On error ps holds what was built, for
 * peerset_clear (router excepted: the caller still owns it).
 */
static int
peerset_build(struct node *n, void *router, struct peerset *ps)
{
	const struct config_peer	*cp;
	struct peer			*p;
	struct repl_io			 io;
	size_t				 i;
	int				 rc;

	memset(ps, 0, sizeof(*ps));
	peer_io(n, &io);
	if ((rc = repl_init(&ps->repl, n->cfg->npeers, n->nauthors,
	    n->heads, &io)) != 0)
		return rc;
	if ((ps->peers = calloc(n->cfg->npeers + 1, sizeof(*ps->peers))) ==
	    NULL ||
	    (ps->dialed = calloc(n->cfg->npeers + 1, sizeof(*ps->dialed))) ==
	    NULL)
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
		p->idx = ps->npeers;
		p->rp = &ps->repl.peers[p->idx];
		ps->peers[ps->npeers++] = p;
		if (p->endpoint != NULL)
			ps->dialed[ps->ndialed++] = p;
		memcpy(p->key, cp->public_key, KEY_PUBLIC_LEN);
		if (crypto_sign_ed25519_pk_to_curve25519(p->curve, p->key) != 0) {
			log_warnx(_("peer %s: public key has no CURVE form"),
			    p->name);
			return SP_ECONFIG;
		}
		/* A revoked member: its history is kept, it is not called. */
		if (p->endpoint != NULL && !cp->revoked &&
		    (rc = peer_connect(n, p)) != 0)
			return rc;
		/*
		 * We lead the Pings of a peer that dials us and that we do
		 * not dial: members dial their coordinator, whose Pings then
		 * go out in one turn and come back in a burst.
		 */
		repl_set_lead(&ps->repl, p->idx, p->dealer == NULL);
	}
	if (router != NULL) {
		ps->router = router;
		return 0;
	}
	return router_create(n, &ps->router);
}

/* Puts ps in the node's place and the node's peers in ps. */
static void
peerset_swap(struct node *n, struct peerset *ps)
{
	struct peerset	old;

	old.router = n->router;
	old.peers = n->peers;
	old.npeers = n->npeers;
	old.dialed = n->dialed;
	old.ndialed = n->ndialed;
	old.repl = n->repl;
	n->router = ps->router;
	n->router_used = 1;	/* new, or bound again: ask it */
	n->peers = ps->peers;
	n->npeers = ps->npeers;
	n->dialed = ps->dialed;
	n->ndialed = ps->ndialed;
	n->repl = ps->repl;
	*ps = old;
}

int
peers_create(struct node *n)
{
	struct peerset	ps;
	int		rc;

	if ((rc = peerset_build(n, NULL, &ps)) != 0) {
		peerset_clear(&ps);
		return rc;
	}
	peerset_swap(n, &ps);
	peerset_clear(&ps);	/* the empty set the node had */
	return 0;
}

/* Shuts the live connections p had on the reused ROUTER. */
static void
peer_shut_routes(const struct peer *p, int64_t t)
{
	const struct peer_route	*r;
	size_t			 k;

	for (k = 0; k < NODE_MAX_ROUTES; k++) {
		r = &p->routes[k];
		if (r->len > 0 && r->fd >= 0 && t - r->heard <= REPL_TIMEOUT_MS)
			shutdown(r->fd, SHUT_RDWR);
	}
}

/*
 * S3: ZAP runs only at the handshake, and a reused ROUTER keeps every
 * connection, so a peer the new config drops (or whose key changed), or
 * revokes (revoked_from), has its live connections shut here; libzmq
 * then sees them fail and drops them, and ZAP refuses the reconnect.
 * Left open, a revoked key would go on reading the region's records.
 * (libzmq cannot close one ROUTER connection; shutting its socket,
 * known from ZMQ_SRCFD, is the way.)
 */
static void
peerset_drop_revoked(const struct peerset *old, const struct node *n,
    int64_t t)
{
	const struct config_peer	*cp;
	size_t				 i, j;

	for (i = 0; i < old->npeers; i++) {
		for (j = 0; j < n->npeers; j++)
			if (memcmp(old->peers[i]->key, n->peers[j]->key,
			    KEY_PUBLIC_LEN) == 0)
				break;
		if (j == n->npeers) {
			peer_shut_routes(old->peers[i], t);
			log_info(_("peer %s: no longer in the config; its "
			    "connections closed"), old->peers[i]->name);
		} else if ((cp = config_peer_by_name(n->cfg,
		    n->peers[j]->name)) != NULL && cp->revoked) {
			peer_shut_routes(old->peers[i], t);
			log_info(_("peer %s: revoked (revoked_from); its "
			    "connections closed"), old->peers[i]->name);
		}
	}
}

/*
 * What status tells of a peer outlives a reload when its key stays: when
 * it was last heard, its counters and its software.  Without it every
 * peer read "never heard" after a SIGHUP, and `samplan check` stopped
 * counting a member that was down as down.
 */
static void
peerset_carry(const struct peerset *old, struct node *n)
{
	const struct peer	*o;
	struct peer		*p;
	size_t			 i, j;

	for (i = 0; i < n->npeers; i++) {
		p = n->peers[i];
		for (j = 0; j < old->npeers; j++)
			if (memcmp(old->peers[j]->key, p->key,
			    KEY_PUBLIC_LEN) == 0)
				break;
		if (j == old->npeers)
			continue;
		o = old->peers[j];
		p->heard_before = o->rp->last_heard > o->heard_before ?
		    o->rp->last_heard : o->heard_before;
		p->records_sent = o->records_sent;
		p->records_received = o->records_received;
		p->records_duplicate = o->records_duplicate;
		memcpy(p->rejects, o->rejects, sizeof(p->rejects));
		memcpy(p->software, o->software, sizeof(p->software));
		p->protocol = o->protocol;
	}
}

int
peers_reload(struct node *n, const char *old_listen)
{
	struct peerset	 ps;
	void		*keep = NULL;
	int		 rc;

	/* Same endpoint: keep the bound ROUTER (rebinding would fail). */
	if (n->router != NULL && old_listen != NULL &&
	    n->cfg->listen != NULL && strcmp(old_listen, n->cfg->listen) == 0)
		keep = n->router;
	if ((rc = peerset_build(n, keep, &ps)) != 0) {
		if (ps.router == keep)
			ps.router = NULL;
		peerset_clear(&ps);
		return rc;
	}
	peerset_swap(n, &ps);
	peerset_carry(&ps, n);
	if (ps.router == keep) {
		ps.router = NULL;	/* the node runs on it still */
		peerset_drop_revoked(&ps, n, clock_ms());
	}
	peerset_clear(&ps);
	return 0;
}

void
peers_destroy(struct node *n)
{
	struct peerset	ps;

	memset(&ps, 0, sizeof(ps));
	peerset_swap(n, &ps);
	peerset_clear(&ps);
}

/* The route we answer on is gone: forget it, free its slot. */
void
peer_drop_route(struct peer *p)
{
	size_t	i;

	for (i = 0; i < NODE_MAX_ROUTES; i++)
		if (p->routes[i].len == p->route_len &&
		    memcmp(p->routes[i].id, p->route, p->route_len) == 0)
			p->routes[i].len = 0;
	p->route_len = 0;
}
