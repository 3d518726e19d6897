/*
 * sp_hostile.c - an authenticated but hostile peer for tests.  It holds a
 * key the victim's config allows, connects to the victim over CURVE, and
 * relays another author's genuine records (read from a store) mixed with
 * forged ones, to show that authorship is decided by signature, not by
 * who relays.
 *
 * usage: sp_hostile KEYFILE VICTIM_ENDPOINT VICTIM_PUBHEX SOURCE_DIR
 *        AUTHOR_PUBHEX
 *
 * It sends, in order: genuine records 1..10 of AUTHOR with record 5's
 * body altered; record 11 claiming AUTHOR but signed by our own key;
 * genuine records 5..20.  The victim must keep 1..4, refuse 5 (bad
 * signature), refuse the forgery, then accept 5..20.  Prints what it
 * sent; exits 0 when it could send everything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <zmq.h>

#include "errors.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "wire.h"

static int
send_batch(void *sock, uint8_t **envs, size_t *lens, size_t n)
{
	uint8_t	*buf;
	size_t	 len;
	int	 rc;

	if (wire_pack_batch((const uint8_t *const *)envs, lens, n, &buf,
	    &len) != 0)
		return -1;
	rc = zmq_send(sock, buf, len, 0) == (int)len ? 0 : -1;
	free(buf);
	return rc;
}

/* Flips a byte inside the record (not the signature) of envelope env. */
static void
alter_body(uint8_t *env, size_t len)
{
	uint8_t	*p = memmem(env, len, "Tiltak", 6);

	if (p != NULL)
		p[0] ^= 0x20;		/* 'T' -> 't': signature now fails */
}

/* Builds a record claiming author `claimed`, seq, signed by `signer`. */
static int
forge(const struct identity *signer, const uint8_t *claimed, uint64_t seq,
    const uint8_t *prev_env, size_t prev_len, uint8_t **out, size_t *outlen)
{
	Samplan__Record		 r = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	Samplan__Envelope	 env = SAMPLAN__ENVELOPE__INIT;
	struct entry		 e;
	uint8_t			 prev[RECORD_HASH_LEN], sig[64], *rb;
	size_t			 rlen;

	/* A careful forger chains onto the real feed; only the key is wrong. */
	if (entry_decode(prev_env, prev_len, &e) != 0)
		return -1;
	memcpy(prev, e.hash, sizeof(prev));
	entry_clear(&e);

	m.id = (char *)(uintptr_t)"FORGED-1";
	m.innsatsomrade = (char *)(uintptr_t)"Forfalsket";
	m.tittel = (char *)(uintptr_t)"Forfalsket tiltak";
	r.author.data = (uint8_t *)(uintptr_t)claimed;
	r.author.len = KEY_PUBLIC_LEN;
	r.seq = seq;
	r.prev.data = prev;
	r.prev.len = sizeof(prev);
	r.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	r.measure = &m;
	if (wire_pack(&r.base, &rb, &rlen) != 0)
		return -1;
	if (record_sign(signer, rb, rlen, sig) != 0) {
		free(rb);
		return -1;
	}
	env.record.data = rb;
	env.record.len = rlen;
	env.signature.data = sig;
	env.signature.len = sizeof(sig);
	if (wire_pack(&env.base, out, outlen) != 0)
		return -1;
	free(rb);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct identity		 me;
	struct store		*s;
	struct store_txn	*t;
	uint8_t			 victim[KEY_PUBLIC_LEN], author[KEY_PUBLIC_LEN];
	uint8_t			 vcurve[KEY_CURVE_LEN], *envs[32];
	size_t			 lens[32], i, n;
	const uint8_t		*buf;
	void			*ctx, *sock;
	int			 linger = 0;

	if (argc != 6) {
		fprintf(stderr, "usage: sp_hostile KEYFILE ENDPOINT VICTIM_PUB "
		    "SOURCE_DIR AUTHOR_PUB\n");
		return 2;
	}
	if (keys_load(argv[1], &me) != 0 ||
	    keys_from_hex(argv[3], victim) != 0 ||
	    keys_from_hex(argv[5], author) != 0 ||
	    crypto_sign_ed25519_pk_to_curve25519(vcurve, victim) != 0)
		return 2;
	if (store_open(argv[4], 0, STORE_RDONLY, NULL, &s) != 0 ||
	    store_begin(s, 0, &t) != 0)
		return 2;
	for (i = 0; i < 20; i++) {
		if (store_log_get(t, author, i + 1, &buf, &lens[i]) != 0)
			return 2;
		envs[i] = malloc(lens[i]);
		memcpy(envs[i], buf, lens[i]);
	}
	store_abort(&t);
	store_close(&s);

	ctx = zmq_ctx_new();
	sock = zmq_socket(ctx, ZMQ_DEALER);
	zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, vcurve, KEY_CURVE_LEN);
	zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, me.curve_public,
	    KEY_CURVE_LEN);
	zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, me.curve_secret,
	    KEY_CURVE_LEN);
	if (zmq_connect(sock, argv[2]) == -1)
		return 1;

	/* 1..10 with 5 altered: the victim keeps 1..4. */
	{
		uint8_t	*copy[10];
		size_t	 clen[10];

		for (i = 0; i < 10; i++) {
			copy[i] = malloc(lens[i]);
			memcpy(copy[i], envs[i], lens[i]);
			clen[i] = lens[i];
		}
		alter_body(copy[4], clen[4]);
		if (send_batch(sock, copy, clen, 10) != 0)
			return 1;
		for (i = 0; i < 10; i++)
			free(copy[i]);
		printf("sent 1..10 with record 5 altered\n");
	}
	/* A record claiming the author, signed by us. */
	{
		uint8_t	*f;
		size_t	 flen;

		if (forge(&me, author, 5, envs[3], lens[3], &f, &flen) != 0 ||
		    send_batch(sock, &f, &flen, 1) != 0)
			return 1;
		free(f);
		printf("sent a forged record 5 claiming the author\n");
	}
	/* The genuine 5..20: all must arrive. */
	n = 16;
	if (send_batch(sock, envs + 4, lens + 4, n) != 0)
		return 1;
	printf("sent genuine 5..20\n");
	sleep(1);
	for (i = 0; i < 20; i++)
		free(envs[i]);
	zmq_close(sock);
	zmq_ctx_term(ctx);
	keys_clear(&me);
	return 0;
}
