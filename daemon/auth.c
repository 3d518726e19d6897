/*
 * auth.c - our ZAP handler: who may connect to the ROUTER.
 *
 * libzmq asks over inproc://zeromq.zap.01 for every CURVE handshake.  We
 * admit exactly the CURVE keys of the peers in the current config and
 * name the connection by the peer's node name (the User-Id that peer.c
 * reads from every message), at most NODE_MAX_ROUTES live connections per
 * key (peer_admit).  Everything else, including NULL and PLAIN
 * clients and other domains, is refused and logged (rate-limited).  We
 * write this ourselves rather than use CZMQ's zauth (RELIABILITY.md
 * fact 7).
 */
#include <string.h>

#include <zmq.h>

#include "i18n.h"
#include "log.h"
#include "node.h"

#define ZAP_ENDPOINT	"inproc://zeromq.zap.01"
#define ZAP_MAX_FRAMES	8

int
auth_start(struct node *n)
{
	int	linger = 0;

	if ((n->zap = zmq_socket(n->zctx, ZMQ_REP)) == NULL)
		return SP_EIO;
	zmq_setsockopt(n->zap, ZMQ_LINGER, &linger, sizeof(linger));
	/* Bound before any CURVE server binds (S1). */
	if (zmq_bind(n->zap, ZAP_ENDPOINT) == -1)
		return SP_EIO;
	return 0;
}

static int
frame_is(zmq_msg_t *m, const char *s)
{
	return zmq_msg_size(m) == strlen(s) &&
	    memcmp(zmq_msg_data(m), s, strlen(s)) == 0;
}

/* Returns the peer whose CURVE key is key, or NULL. */
static struct peer *
auth_peer_by_curve(struct node *n, const uint8_t *key)
{
	size_t	i;

	for (i = 0; i < n->npeers; i++)
		if (memcmp(n->peers[i]->curve, key, KEY_CURVE_LEN) == 0)
			return n->peers[i];
	return NULL;
}

static void
auth_reply(void *sock, zmq_msg_t *reqid, const char *code,
    const char *text, const char *user)
{
	zmq_send(sock, "1.0", 3, ZMQ_SNDMORE);
	zmq_send(sock, zmq_msg_data(reqid), zmq_msg_size(reqid), ZMQ_SNDMORE);
	zmq_send(sock, code, strlen(code), ZMQ_SNDMORE);
	zmq_send(sock, text, strlen(text), ZMQ_SNDMORE);
	zmq_send(sock, user, strlen(user), ZMQ_SNDMORE);
	zmq_send(sock, "", 0, 0);
}

/* Lower-case hex of a CURVE (X25519) public key, for the log. */
static void
auth_key_hex(const uint8_t *k, char out[2 * KEY_CURVE_LEN + 1])
{
	size_t	i;

	for (i = 0; i < KEY_CURVE_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", k[i]);
}

void
auth_handle(struct node *n)
{
	zmq_msg_t	 f[ZAP_MAX_FRAMES];
	struct peer	*p = NULL;
	const char	*why = "unknown key";
	int		 k = 0, more, i;
	size_t		 len = sizeof(more);

	do {
		zmq_msg_init(&f[k]);
		if (zmq_msg_recv(&f[k], n->zap, ZMQ_DONTWAIT) == -1) {
			zmq_msg_close(&f[k]);
			goto out;
		}
		k++;
		zmq_getsockopt(n->zap, ZMQ_RCVMORE, &more, &len);
	} while (more && k < ZAP_MAX_FRAMES);
	if (more || k < 6) {
		/* A REP socket must answer; a broken request gets a 500. */
		if (k >= 2)
			auth_reply(n->zap, &f[1], "500", "bad request", "");
		goto out;
	}
	/* version, request id, domain, address, identity, mechanism, creds */
	if (!frame_is(&f[0], "1.0"))
		why = "bad ZAP version";
	else if (!frame_is(&f[2], ZAP_DOMAIN))
		why = "wrong domain";
	else if (!frame_is(&f[5], "CURVE") || k != 7)
		why = "not CURVE";
	else if (zmq_msg_size(&f[6]) != KEY_CURVE_LEN)
		why = "bad key length";
	else if ((p = auth_peer_by_curve(n, zmq_msg_data(&f[6]))) == NULL)
		why = "unknown key";
	else if (config_peer_by_name(n->cfg, p->name)->revoked)
		why = "revoked (revoked_from in its [peer])";
	else if (peer_admit(p, clock_ms()) != 0)
		why = "too many connections for one key";
	else
		why = NULL;
	if (why == NULL) {
		log_debug("auth: admitted %s", p->name);
		auth_reply(n->zap, &f[1], "200", "OK", p->name);
	} else {
		char	addr[64], key[2 * KEY_CURVE_LEN + 1];
		size_t	alen = zmq_msg_size(&f[3]);

		if (alen >= sizeof(addr))
			alen = sizeof(addr) - 1;
		memcpy(addr, zmq_msg_data(&f[3]), alen);
		addr[alen] = '\0';
		n->auth_denied++;
		/* The key names the refused node to whoever reads the log. */
		if (k == 7 && zmq_msg_size(&f[6]) == KEY_CURVE_LEN)
			auth_key_hex(zmq_msg_data(&f[6]), key);
		else
			snprintf(key, sizeof(key), "(none)");
		if (n->auth_denied <= 20 || n->auth_denied % 1000 == 0)
			log_warnx(_("auth: refused connection from %s with "
			    "curve key %s: %s (%llu refused so far)"), addr,
			    key, why, (unsigned long long)n->auth_denied);
		auth_reply(n->zap, &f[1], "400", why, "");
	}
out:
	for (i = 0; i < k; i++)
		zmq_msg_close(&f[i]);
}
