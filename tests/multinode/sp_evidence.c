/*
 * sp_evidence.c - a member that speaks peer protocol 2 messages to a node
 * for proto2.sh: Evidence of a fork (genuine or not) and a Hello of
 * another protocol.  It holds an allowed key (evil) and, for evidence, the
 * key of the author whose feed the evidence is about.
 *
 * usage: sp_evidence EVIL_KEY ENDPOINT VICTIM_PUB AUTHOR_KEY MODE
 *   fork    two different records of AUTHOR at seq 1, both signed
 *   same    one record twice (no fork)
 *   badsig  two records, the second with a broken signature
 *   hello3  Hello with protocol 3, then a frontier; then it listens for
 *           3 s and requires that the node sent it only Hellos, of
 *           protocol 2
 *
 * Exits 0 when it could do that (and, for hello3, the node behaved),
 * 1 otherwise, 2 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zmq.h>

#include "keys.h"
#include "record.h"
#include "samplan.pb-c.h"
#include "wire.h"

static const uint8_t zero[RECORD_HASH_LEN];

/* A signed local measure of `author` at seq 1, decoded as an envelope. */
static Samplan__Envelope *
measure_env(const struct identity *author, const char *title)
{
	Samplan__Record		 r = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	Samplan__Envelope	*env;
	uint8_t			*buf, hash[RECORD_HASH_LEN];
	size_t			 len;

	m.id = (char *)(uintptr_t)"FORK-1";
	m.innsatsomrade = (char *)(uintptr_t)"Vold i nære relasjoner";
	m.tittel = (char *)(uintptr_t)title;
	r.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	r.measure = &m;
	if (record_build(author, &r, 1, zero, 1000, &buf, &len, hash) != 0)
		return NULL;
	if (wire_decode_envelope(buf, len, &env) != 0)
		env = NULL;
	free(buf);
	return env;
}

static int
send_msg(void *sock, Samplan__PeerMessage *msg)
{
	uint8_t	*buf;
	size_t	 len;
	int	 rc;

	if (wire_pack(&msg->base, &buf, &len) != 0)
		return -1;
	rc = zmq_send(sock, buf, len, 0) == (int)len ? 0 : -1;
	free(buf);
	return rc;
}

static int
send_evidence(void *sock, const struct identity *author, const char *mode)
{
	Samplan__PeerMessage	 msg = SAMPLAN__PEER_MESSAGE__INIT;
	Samplan__Evidence	 ev = SAMPLAN__EVIDENCE__INIT;
	int			 rc;

	ev.a = measure_env(author, "Første versjon");
	ev.b = measure_env(author, strcmp(mode, "same") == 0 ?
	    "Første versjon" : "Andre versjon");
	if (ev.a == NULL || ev.b == NULL)
		return -1;
	if (strcmp(mode, "badsig") == 0)
		ev.b->signature.data[0] ^= 0x01;
	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_EVIDENCE;
	msg.evidence = &ev;
	rc = send_msg(sock, &msg);
	wire_free((ProtobufCMessage **)&ev.a);
	wire_free((ProtobufCMessage **)&ev.b);
	return rc;
}

/* Hello 3, then a frontier; the node must answer with Hellos only. */
static int
other_protocol(void *sock)
{
	Samplan__PeerMessage	 msg = SAMPLAN__PEER_MESSAGE__INIT;
	Samplan__Hello		 h = SAMPLAN__HELLO__INIT;
	Samplan__Frontier	 fr = SAMPLAN__FRONTIER__INIT;
	Samplan__PeerMessage	*in;
	uint8_t			 buf[65536];
	int			 n, hellos = 0, others = 0, timeout = 200, k;

	h.protocol = 3;
	h.software = (char *)(uintptr_t)"9.9.9-future";
	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_HELLO;
	msg.hello = &h;
	if (send_msg(sock, &msg) != 0)
		return -1;
	fr.reset = 1;
	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_FRONTIER;
	msg.frontier = &fr;
	if (send_msg(sock, &msg) != 0)
		return -1;
	zmq_setsockopt(sock, ZMQ_RCVTIMEO, &timeout, sizeof(timeout));
	for (k = 0; k < 15; k++) {	/* 3 s: its Hello comes at once */
		if ((n = zmq_recv(sock, buf, sizeof(buf), 0)) < 0)
			continue;
		if (n > (int)sizeof(buf) ||
		    wire_decode_peer(buf, (size_t)n, &in) != 0) {
			others++;
			continue;
		}
		if (in->kind_case == SAMPLAN__PEER_MESSAGE__KIND_HELLO &&
		    in->hello->protocol == 2)
			hellos++;
		else
			others++;
		wire_free((ProtobufCMessage **)&in);
	}
	printf("sp_evidence: after our Hello 3 the node sent %d Hellos of "
	    "protocol 2 and %d other messages\n", hellos, others);
	return hellos > 0 && others == 0 ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	struct identity	 evil, author;
	uint8_t		 victim[KEY_PUBLIC_LEN], vcurve[KEY_CURVE_LEN];
	void		*ctx, *sock;
	int		 linger = 0, rc;

	if (argc != 6 || keys_init() != 0 || keys_load(argv[1], &evil) != 0 ||
	    keys_from_hex(argv[3], victim) != 0 ||
	    keys_load(argv[4], &author) != 0 ||
	    crypto_sign_ed25519_pk_to_curve25519(vcurve, victim) != 0) {
		fprintf(stderr, "usage: sp_evidence EVIL_KEY ENDPOINT "
		    "VICTIM_PUB AUTHOR_KEY fork|same|badsig|hello3\n");
		return 2;
	}
	ctx = zmq_ctx_new();
	sock = zmq_socket(ctx, ZMQ_DEALER);
	zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, vcurve, KEY_CURVE_LEN);
	zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, evil.curve_public,
	    KEY_CURVE_LEN);
	zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, evil.curve_secret,
	    KEY_CURVE_LEN);
	if (zmq_connect(sock, argv[2]) == -1)
		return 1;
	if (strcmp(argv[5], "hello3") == 0)
		rc = other_protocol(sock);
	else
		rc = send_evidence(sock, &author, argv[5]);
	zmq_poll(NULL, 0, 500);		/* let it leave */
	zmq_close(sock);
	zmq_ctx_term(ctx);
	keys_clear(&evil);
	keys_clear(&author);
	return rc == 0 ? 0 : 1;
}
