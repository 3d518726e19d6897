/*
 * sp_flood.c - an authenticated member that asks for everything and
 * takes nothing (issue 8): it opens CONNS connections to the victim with
 * one allowed key, never reads from any of them, and sends reset
 * frontiers for one feed (about 40 bytes each), FRAMES of them at once
 * and then one per connection every 100 ms until HOLD_S seconds have
 * passed.  The victim must stay within its memory budget (flood.sh).
 *
 * usage: sp_flood KEYFILE ENDPOINT VICTIM_PUB AUTHOR_PUB CONNS FRAMES
 *        HOLD_S
 *
 * Prints how many frames it sent and how many connections took them;
 * exits 0, or 2 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <zmq.h>

#include "keys.h"
#include "samplan.pb-c.h"
#include "wire.h"

#define FLOOD_MAX_CONNS	256

static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A Frontier holding feed `author` at seq 0, with reset. */
static int
reset_frame(const uint8_t *author, uint8_t **buf, size_t *len)
{
	Samplan__PeerMessage	msg = SAMPLAN__PEER_MESSAGE__INIT;
	Samplan__Frontier	fr = SAMPLAN__FRONTIER__INIT;
	Samplan__FeedHead	h = SAMPLAN__FEED_HEAD__INIT, *hp = &h;

	h.author.data = (uint8_t *)(uintptr_t)author;
	h.author.len = KEY_PUBLIC_LEN;
	fr.n_heads = 1;
	fr.heads = &hp;
	fr.reset = 1;
	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_FRONTIER;
	msg.frontier = &fr;
	return wire_pack(&msg.base, buf, len);
}

/* A DEALER that reads as little as libzmq lets it: it never calls recv. */
static void *
flood_connect(void *ctx, const struct identity *me, const uint8_t *vcurve,
    const char *endpoint)
{
	void	*sock;
	int	 linger = 0, hwm = 1, buf = 4096;

	if ((sock = zmq_socket(ctx, ZMQ_DEALER)) == NULL)
		return NULL;
	zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_setsockopt(sock, ZMQ_RCVHWM, &hwm, sizeof(hwm));
	zmq_setsockopt(sock, ZMQ_RCVBUF, &buf, sizeof(buf));
	zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, vcurve, KEY_CURVE_LEN);
	zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, me->curve_public,
	    KEY_CURVE_LEN);
	zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, me->curve_secret,
	    KEY_CURVE_LEN);
	if (zmq_connect(sock, endpoint) == -1) {
		zmq_close(sock);
		return NULL;
	}
	return sock;
}

int
main(int argc, char *argv[])
{
	struct identity	 me;
	uint8_t		 victim[KEY_PUBLIC_LEN], author[KEY_PUBLIC_LEN];
	uint8_t		 vcurve[KEY_CURVE_LEN], *frame;
	void		*ctx, *socks[FLOOD_MAX_CONNS];
	size_t		 flen, i, nconns, frames, sent = 0;
	int64_t		 end;
	int		 hold;

	if (argc != 8) {
		fprintf(stderr, "usage: sp_flood KEYFILE ENDPOINT VICTIM_PUB "
		    "AUTHOR_PUB CONNS FRAMES HOLD_S\n");
		return 2;
	}
	nconns = strtoul(argv[5], NULL, 10);
	frames = strtoul(argv[6], NULL, 10);
	hold = atoi(argv[7]);
	if (keys_load(argv[1], &me) != 0 ||
	    keys_from_hex(argv[3], victim) != 0 ||
	    keys_from_hex(argv[4], author) != 0 ||
	    crypto_sign_ed25519_pk_to_curve25519(vcurve, victim) != 0 ||
	    nconns == 0 || nconns > FLOOD_MAX_CONNS || hold < 0 ||
	    reset_frame(author, &frame, &flen) != 0)
		return 2;
	ctx = zmq_ctx_new();
	for (i = 0; i < nconns; i++)
		if ((socks[i] = flood_connect(ctx, &me, vcurve,
		    argv[2])) == NULL)
			return 2;
	/* FRAMES at once, spread over the connections ... */
	for (i = 0; i < frames; i++)
		if (zmq_send(socks[i % nconns], frame, flen,
		    ZMQ_DONTWAIT) == (int)flen)
			sent++;
	/* ... then one per connection every 100 ms, never reading. */
	for (end = now_ms() + (int64_t)hold * 1000; now_ms() < end;) {
		for (i = 0; i < nconns; i++)
			if (zmq_send(socks[i], frame, flen, ZMQ_DONTWAIT) ==
			    (int)flen)
				sent++;
		zmq_poll(NULL, 0, 100);
	}
	printf("sp_flood: %zu reset frames of %zu bytes over %zu "
	    "connections\n", sent, flen, nconns);
	for (i = 0; i < nconns; i++)
		zmq_close(socks[i]);
	zmq_ctx_term(ctx);
	free(frame);
	keys_clear(&me);
	return 0;
}
