/*
 * frames.c - frames the node must refuse before any feed logic: random
 * bytes and mutants of valid messages (classified beforehand with the
 * node's own decoder), frames over WIRE_MAX_FRAME, and frames that are
 * cheap to send but were costly to take in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "attack.h"
#include "store.h"
#include "sync.h"
#include "wire.h"

/* ---- malformed frames ----------------------------------------------- */

/*
 * What the node will do with frame: returns 1 and fills *c when it
 * counts the frame exactly once at decode or staging time (the frames
 * we want), 0 when it would pass it on (a frontier, an empty batch, a
 * batch whose first envelope is well formed).  Mirrors peer.c.
 */
static int
predict(const uint8_t *buf, size_t len, struct counters *c)
{
	Samplan__PeerMessage	*msg;
	struct entry		 e;
	int			 rc, counted = 1;

	memset(c, 0, sizeof(*c));
	if ((rc = wire_decode_peer(buf, len, &msg)) != 0) {
		c->rej[-rc] = 1;
		return 1;
	}
	switch (msg->kind_case) {
	case SAMPLAN__PEER_MESSAGE__KIND_BATCH:
		if (msg->batch->n_envelopes == 0) {
			counted = 0;
			break;
		}
		rc = entry_from_envelope(&msg->batch->envelopes[0], &e);
		if (rc == 0) {
			entry_clear(&e);
			counted = 0;
		} else
			c->rej[-rc] = 1;
		break;
	case SAMPLAN__PEER_MESSAGE__KIND_FRONTIER:
		counted = 0;
		break;
	default:
		c->rej[-SP_EMALFORMED] = 1;
		break;
	}
	wire_free((ProtobufCMessage **)&msg);
	return counted;
}

/* One random change to buf (capacity cap); returns the new length. */
static size_t
mutate(struct attack *a, uint8_t *buf, size_t len, size_t cap)
{
	size_t	pos = rnd_below(a, len + 1), n, k;

	switch (rnd_below(a, 9)) {
	case 0:					/* flip a bit */
		if (len > 0)
			buf[pos % len] ^= (uint8_t)(1u << rnd_below(a, 8));
		return len;
	case 1:					/* set a byte */
		if (len > 0) {
			static const uint8_t v[] = { 0, 0xff, 0x80, 0x7f, 0x0a,
			    0x12 };
			buf[pos % len] = rnd_below(a, 2) ? (uint8_t)rnd(a) :
			    v[rnd_below(a, sizeof(v))];
		}
		return len;
	case 2:					/* truncate */
		return pos;
	case 3:					/* delete a run */
		n = rnd_below(a, 16) + 1;
		if (pos + n > len)
			return pos;
		memmove(buf + pos, buf + pos + n, len - pos - n);
		return len - n;
	case 4:					/* insert random bytes */
		n = rnd_below(a, 16) + 1;
		if (len + n > cap)
			return len;
		memmove(buf + pos + n, buf + pos, len - pos);
		rnd_fill(a, buf + pos, n);
		return len + n;
	case 5:					/* duplicate a run */
		n = rnd_below(a, 64) + 1;
		if (pos + n > len || len + n > cap)
			return len;
		memmove(buf + pos + n, buf + pos, len - pos);
		return len + n;
	case 6:					/* a huge length */
		if (len < 6)
			return len;
		pos %= len - 5;
		for (k = 0; k < 4; k++)
			buf[pos + k] = 0xff;
		buf[pos + 4] = 0x0f;
		return len;
	case 7:					/* an over-long varint */
		if (len + 2 > cap)
			return len;
		memmove(buf + pos + 2, buf + pos, len - pos);
		buf[pos] = 0x80;
		buf[pos + 1] = 0x80;
		return len + 2;
	default:				/* swap two bytes */
		if (len > 1) {
			uint8_t	t = buf[pos % len];

			k = rnd_below(a, len);
			buf[pos % len] = buf[k];
			buf[k] = t;
		}
		return len;
	}
}

/* Valid messages to mutate. */
struct templates {
	uint8_t	*t[4];
	size_t	 len[4];
};

static void
templates_build(struct attack *a, struct templates *tp)
{
	Samplan__PeerMessage	msg = SAMPLAN__PEER_MESSAGE__INIT;
	Samplan__Frontier	fr = SAMPLAN__FRONTIER__INIT;
	Samplan__FeedHead	h = SAMPLAN__FEED_HEAD__INIT, *hp = &h;
	struct msg		m;
	uint8_t			*rec, *env[3], sig[RECORD_SIG_LEN];
	size_t			 len, elen[3], k;

	h.author.data = a->k1.public_key;
	h.author.len = KEY_PUBLIC_LEN;
	h.seq = a->k1_seq;
	h.hash.data = a->k1_hash;
	h.hash.len = RECORD_HASH_LEN;
	fr.n_heads = 1;
	fr.heads = &hp;
	fr.reset = 1;
	msg.kind_case = SAMPLAN__PEER_MESSAGE__KIND_FRONTIER;
	msg.frontier = &fr;
	if (wire_pack(&msg.base, &tp->t[0], &tp->len[0]) != 0)
		die("out of memory");
	/* A genuine held record (a duplicate). */
	if (store_copy(a, a->k1.public_key, 1, &env[0], &elen[0]) != 0)
		die("k1's record 1 is not in the store");
	memset(&m, 0, sizeof(m));
	frame_batch(&m, env, elen, 1);
	tp->t[1] = m.frame;
	tp->len[1] = m.len;
	/* Three next records of k1 with bad signatures. */
	for (k = 0; k < 3; k++) {
		k1_next(a, "", &rec, &len);
		rnd_fill(a, sig, sizeof(sig));
		env_pack(rec, len, sig, sizeof(sig), &env[k], &elen[k]);
		free(rec);
	}
	memset(&m, 0, sizeof(m));
	frame_batch(&m, env, elen, 3);
	tp->t[2] = m.frame;
	tp->len[2] = m.len;
	/* A valid next record of evil's own feed (never sent as is). */
	rec_next(a, a->evil.public_key, a->evil_seq + 1, a->evil_seq == 0 ?
	    zero_hash : a->evil_hash, "", &rec, &len);
	sign_rec(&a->evil, rec, len, sig);
	env_pack(rec, len, sig, sizeof(sig), &env[0], &elen[0]);
	free(rec);
	memset(&m, 0, sizeof(m));
	frame_batch(&m, env, elen, 1);
	tp->t[3] = m.frame;
	tp->len[3] = m.len;
}

/*
 * COUNT frames: random bytes, multi-part messages, and mutations of
 * valid messages; each counted once by the node as predicted.  Mutants
 * the node would not count at decode time are made again (and reported).
 */
void
attack_malformed(struct attack *a, size_t count)
{
	struct templates	 tp;
	struct counters		 before, want, got, c;
	uint8_t			*buf;
	size_t			 cap = 8192, len, i, k, passed = 0, multi = 0;
	size_t			 random = 0, mutants = 0;
	int			 tries;
	char			 extra[160];

	a->k1_seq = store_head(a, a->k1.public_key, a->k1_hash, NULL);
	a->evil_seq = store_head(a, a->evil.public_key, a->evil_hash, NULL);
	if (a->k1_seq == 0)
		die("run forged first: k1 holds nothing to mutate");
	templates_build(a, &tp);
	buf = xmalloc(cap);
	memset(&want, 0, sizeof(want));
	status_must(a, &before);
	for (i = 0; i < count; i++) {
		if (i % 20 == 19) {
			/* Extra frames: the ROUTER sees 3+ parts. */
			len = rnd_below(a, 64);
			rnd_fill(a, buf, len);
			zmq_send(a->sock, buf, len, ZMQ_SNDMORE);
			if (rnd_below(a, 2))
				zmq_send(a->sock, buf, len / 2, ZMQ_SNDMORE);
			send_frame(a, buf, len);
			want.rej[-SP_EMALFORMED]++;
			multi++;
			continue;
		}
		for (tries = 0; ; tries++) {
			if (i % 4 == 0) {
				len = rnd_below(a, 2048);
				rnd_fill(a, buf, len);
			} else {
				k = rnd_below(a, 4);
				memcpy(buf, tp.t[k], tp.len[k]);
				len = tp.len[k];
				for (k = rnd_below(a, 4) + 1; k > 0; k--)
					len = mutate(a, buf, len, cap);
			}
			if (predict(buf, len, &c))
				break;
			passed++;
		}
		if (i % 4 == 0)
			random++;
		else
			mutants++;
		send_frame(a, buf, len);
		add(&want, &c);
	}
	wait_counts(a, &before, &want, &got);
	snprintf(extra, sizeof(extra), " [%zu random, %zu mutants, %zu "
	    "multi-part; %zu mutants still valid, not sent]", random, mutants,
	    multi, passed);
	report(a, "malformed", count, &want, &got, 0, extra);
	free(buf);
	for (k = 0; k < 4; k++)
		free(tp.t[k]);
}

/* ---- oversized frames ----------------------------------------------- */

/*
 * Back on line after libzmq dropped us.  The node admits one key at most
 * NODE_MAX_ADMITS times per 3 s (issue 8), and libzmq does not retry a
 * refused handshake: then wait the window out and connect anew.  Returns
 * 1 when that was needed, 0 when the first try took.
 */
static int
reconnect(struct attack *a)
{
	if (mon_wait(a->mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 5000) == 0)
		return 0;
	sleep_ms(3500);
	zmq_disconnect(a->sock, a->endpoint);
	if (zmq_connect(a->sock, a->endpoint) == -1 ||
	    mon_wait(a->mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 20000) != 0)
		die("could not reconnect after a drop");
	return 1;
}

/*
 * COUNT frames above WIRE_MAX_FRAME.  Up to the socket's MAXMSGSIZE the
 * node receives them and counts ETOOBIG; above it libzmq drops the
 * connection before any byte reaches the node, and we reconnect.  Each
 * frame is classified by what happened: counted, or disconnected.
 */
void
attack_oversized(struct attack *a, size_t count)
{
	struct counters	 before, now, d, total;
	uint8_t		*buf;
	size_t		 i, size, maxsize = 64u << 20, counted = 0;
	size_t		 dropped = 0, lim_counted = 0, min_dropped = SIZE_MAX;
	size_t		 refused = 0;
	uint64_t	 bytes = 0;
	int64_t		 end;
	int		 ev, seen;
	char		 extra[256];

	buf = xmalloc(maxsize);
	rnd_fill(a, buf, 1 << 16);
	for (i = 1; i < 1024; i++)
		memcpy(buf + (i << 16), buf, 1 << 16);
	memset(&total, 0, sizeof(total));
	status_must(a, &before);
	for (i = 0; i < count; i++) {
		if (i == 0)
			size = WIRE_MAX_FRAME + 1;
		else if (i == 1)
			size = maxsize;
		else if (i % 10 < 6)		/* just over: reaches the node */
			size = WIRE_MAX_FRAME + 1 + rnd_below(a, ZMQ_SLACK + 512);
		else if (i % 10 < 9)		/* up to 8 MiB */
			size = WIRE_MAX_FRAME + 1 + rnd_below(a, 4u << 20);
		else				/* up to 64 MiB, log-uniform */
			size = (size_t)(8.0 * (1 << 20) * (1 << rnd_below(a,
			    3)) * (1.0 + (double)rnd_below(a, 1000) / 1000));
		if (size > maxsize)
			size = maxsize;
		buf[0] = 0x12;			/* looks like a batch */
		status_must(a, &now);
		if (zmq_send(a->sock, buf, size, 0) != (int)size)
			die("send: %s", zmq_strerror(zmq_errno()));
		bytes += size;
		/* Either the node counts it, or the connection drops. */
		end = now_ms() + 20000;
		seen = 0;
		while (!seen && now_ms() < end) {
			ev = mon_event(a->mon, 20);
			if (ev == ZMQ_EVENT_DISCONNECTED) {
				seen = 2;
				break;
			}
			status_must(a, &d);
			delta(&d, &now, &d);
			if (d.rej[-SP_ETOOBIG] == 1)
				seen = 1;
		}
		if (seen == 1) {
			counted++;
			if (size > lim_counted)
				lim_counted = size;
		} else if (seen == 2) {
			dropped++;
			if (size < min_dropped)
				min_dropped = size;
			refused += (size_t)reconnect(a);
		} else
			fail(a, "oversized frame of %zu bytes: neither counted "
			    "nor disconnected in 20 s", size);
		drain(a);
	}
	sleep_ms(SETTLE_MS);
	status_must(a, &now);
	delta(&now, &before, &d);
	total.rej[-SP_ETOOBIG] = counted;
	snprintf(extra, sizeof(extra), " [%zu dropped by libzmq at "
	    "MAXMSGSIZE (smallest %zu bytes), largest counted %zu bytes, "
	    "%.0f MiB sent; %zu reconnects refused by the per-key limit]",
	    dropped, min_dropped == SIZE_MAX ? 0 : min_dropped, lim_counted,
	    (double)bytes / (1 << 20), refused);
	report(a, "oversized", count, &total, &d, 0, extra);
	if (counted + dropped != count)
		fail(a, "oversized: %zu counted + %zu dropped != %zu sent",
		    counted, dropped, count);
	if (min_dropped != SIZE_MAX && min_dropped <= WIRE_MAX_FRAME)
		fail(a, "oversized: a frame within the limit was dropped");
	free(buf);
}

/* ---- amplification ---------------------------------------------------- */

/* A k1 record near the record size limit: four 4,000-byte text fields. */
static void
rec_heavy(struct attack *a, uint64_t seq, const uint8_t *prev, uint8_t **out,
    size_t *len)
{
	Samplan__Record		r = SAMPLAN__RECORD__INIT;
	Samplan__Measure	m = SAMPLAN__MEASURE__INIT;
	char			id[32], text[4001];

	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	a->serial++;
	snprintf(id, sizeof(id), "H-%u", a->serial);
	m.id = id;
	m.innsatsomrade = (char *)(uintptr_t)"Vold i nære relasjoner";
	m.tittel = (char *)(uintptr_t)"Tungt tiltak";
	/* beskrivelse is sealed (seal.c): four unsealed fields instead. */
	m.ansvar = m.samarbeidspartnere = m.indikator = m.malgruppe = text;
	r.author.data = a->k1.public_key;
	r.author.len = KEY_PUBLIC_LEN;
	r.seq = seq;
	r.prev.data = (uint8_t *)(uintptr_t)prev;
	r.prev.len = RECORD_HASH_LEN;
	r.format = RECORD_FORMAT;
	r.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	r.measure = &m;
	if (wire_pack(&r.base, out, len) != 0)
		die("out of memory");
}

/*
 * A batch of k1's next records, chained and within policy, as many as
 * fit in WIRE_MAX_FRAME, with random signatures: the node decodes and
 * checks all of them before the signatures fail.
 */
static void
frame_heavy(struct attack *a, uint8_t **frame, size_t *flen)
{
	struct msg	 m;
	uint8_t		*envs[SYNC_BATCH], *rec, sig[RECORD_SIG_LEN];
	uint8_t		 prev[RECORD_HASH_LEN];
	size_t		 lens[SYNC_BATCH], len, n = 0, total = 16;

	memcpy(prev, a->k1_seq == 0 ? zero_hash : a->k1_hash, sizeof(prev));
	while (n < SYNC_BATCH) {
		rec_heavy(a, a->k1_seq + 1 + n, prev, &rec, &len);
		rnd_fill(a, sig, sizeof(sig));
		env_pack(rec, len, sig, sizeof(sig), &envs[n], &lens[n]);
		free(rec);
		if (total + lens[n] + 8 > WIRE_MAX_FRAME) {
			free(envs[n]);
			break;
		}
		total += lens[n] + 8;
		{
			struct entry	e;

			if (entry_decode(envs[n], lens[n], &e) != 0)
				die("heavy record does not decode");
			memcpy(prev, e.hash, sizeof(prev));
			entry_clear(&e);
		}
		n++;
	}
	memset(&m, 0, sizeof(m));
	frame_batch(&m, envs, lens, n);
	*frame = m.frame;
	*flen = m.len;
}

/*
 * Frames that are cheap to send but costly to take in, back to back:
 *   0: a Batch of 250,000 empty envelopes (2 bytes each on the wire,
 *      a 64-byte struct each once decoded), just under WIRE_MAX_FRAME
 *   1: one held envelope, then 200,000 empty ones
 *   2: one held envelope, then 4,095 empty ones: within WIRE_MAX_FIELDS
 *      but over the decoder's allocation budget (16 bytes a byte)
 *   3: one held envelope, then 500 empty ones: decodes (an empty
 *      Envelope is 72 bytes decoded since format 2 added its texts)
 *   4: a WIRE_MAX_FRAME batch of k1's next records, valid but for the
 *      signatures
 * Each must be counted once; the script checks the node's peak RSS and
 * that `samplan status` kept answering within 1 s.
 */
void
attack_amplify(struct attack *a, size_t count)
{
	struct counters	 before, want, got;
	uint8_t		*env, *buf, *heavy;
	size_t		 elen, i, n, len, j, hlen;
	char		 extra[160];

	a->k1_seq = store_head(a, a->k1.public_key, a->k1_hash, NULL);
	if (store_copy(a, a->k1.public_key, 1, &env, &elen) != 0)
		die("k1's record 1 is not in the store");
	if (elen < 128 || elen >= 16384)
		die("k1's record 1 has an unexpected size");
	frame_heavy(a, &heavy, &hlen);
	memset(&want, 0, sizeof(want));
	buf = xmalloc(WIRE_MAX_FRAME);
	status_must(a, &before);
	for (i = 0; i < count; i++) {
		if (i % 5 == 4) {
			if (zmq_send(a->sock, heavy, hlen, 0) != (int)hlen)
				die("send: %s", zmq_strerror(zmq_errno()));
			want.rej[-SP_EBADSIG]++;
			continue;
		}
		/* PeerMessage{batch: Batch{envelopes: [env?, {}, {}, ...]}} */
		n = i % 5 == 0 ? 250000 : i % 5 == 1 ? 200000 : i % 5 == 2 ?
		    4095 : 500;
		len = 0;
		buf[len++] = 0x12;
		j = (i % 5 != 0 ? 3 + elen : 0) + 2 * n;
		for (; j >= 0x80; j >>= 7)
			buf[len++] = (uint8_t)(j | 0x80);
		buf[len++] = (uint8_t)j;
		if (i % 5 != 0) {
			buf[len++] = 0x0a;
			buf[len++] = (uint8_t)(elen | 0x80);
			buf[len++] = (uint8_t)(elen >> 7);
			memcpy(buf + len, env, elen);
			len += elen;
		}
		for (j = 0; j < n; j++) {
			buf[len++] = 0x0a;
			buf[len++] = 0x00;
		}
		if (zmq_send(a->sock, buf, len, 0) != (int)len)
			die("send: %s", zmq_strerror(zmq_errno()));
		if (i % 5 < 2)
			want.rej[-SP_ETOOBIG]++;	/* > WIRE_MAX_FIELDS */
		else if (i % 5 == 2)
			want.rej[-SP_ENOMEM]++;		/* allocation cap */
		else {
			want.rej[-SP_EBADSIG]++;	/* the 2nd envelope */
			want.dup++;			/* the 1st, held */
		}
	}
	drain(a);
	wait_counts(a, &before, &want, &got);
	snprintf(extra, sizeof(extra), " [batches of 250,000, 200,000, "
	    "4,095 and 500 empty envelopes; %zu-byte batches of bad "
	    "signatures]", hlen);
	report(a, "amplification", count, &want, &got, 0, extra);
	free(heavy);
	free(buf);
	free(env);
}
