/*
 * forge.c - the sixteen forged and semantic classes of S2.
 *
 * Builds records byte by byte where protobuf-c would not (bad lengths,
 * NUL in strings, unknown fields, nesting), signs them with the keys the
 * attacker stole (k1, the fork authors) or its own, and sends each in a
 * Batch of its own.  Every class says exactly which of the node's
 * counters each message must move; run_class() compares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "attack.h"
#include "store.h"
#include "wire.h"

/* Ed25519's group order L, little-endian. */
static const uint8_t ed_l[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
	0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0x10
};

/* ---- building records ---------------------------------------------- */

/* Packs a Record with a measure body; author/prev of any length. */
static void
rec_pack(const uint8_t *author, size_t alen, uint64_t seq,
    const uint8_t *prev, size_t plen, const char *region, const char *id,
    const char *title, uint8_t **out, size_t *len)
{
	Samplan__Record		r = SAMPLAN__RECORD__INIT;
	Samplan__Measure	m = SAMPLAN__MEASURE__INIT;

	m.region = (char *)(uintptr_t)region;
	m.id = (char *)(uintptr_t)id;
	m.innsatsomrade = (char *)(uintptr_t)"Vold i nære relasjoner";
	m.tittel = (char *)(uintptr_t)title;
	m.frist = (char *)(uintptr_t)"løpende";
	r.author.data = (uint8_t *)(uintptr_t)author;
	r.author.len = alen;
	r.seq = seq;
	r.prev.data = (uint8_t *)(uintptr_t)prev;
	r.prev.len = plen;
	r.timestamp = 1700000000000LL;
	r.format = RECORD_FORMAT;
	r.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	r.measure = &m;
	if (wire_pack(&r.base, out, len) != 0)
		die("out of memory");
}

/* A distinct, valid local or regional measure of author at seq. */
void
rec_next(struct attack *a, const uint8_t *author, uint64_t seq,
    const uint8_t *prev, const char *region, uint8_t **out, size_t *len)
{
	char	id[32], title[96];

	a->serial++;
	snprintf(id, sizeof(id), "H-%u", a->serial);
	snprintf(title, sizeof(title), "Tiltak %u mot vold i nære relasjoner",
	    a->serial);
	rec_pack(author, KEY_PUBLIC_LEN, seq, prev, RECORD_HASH_LEN, region,
	    id, title, out, len);
}

/* Ed25519 over tag || rec (the node's tag includes its NUL). */
static void
sign_tagged(const struct identity *id, const void *tag, size_t taglen,
    const uint8_t *rec, size_t len, uint8_t sig[RECORD_SIG_LEN])
{
	uint8_t	*m = xmalloc(taglen + len);

	memcpy(m, tag, taglen);
	memcpy(m + taglen, rec, len);
	crypto_sign_detached(sig, NULL, m, taglen + len, id->secret_key);
	free(m);
}

void
sign_rec(const struct identity *id, const uint8_t *rec, size_t len,
    uint8_t sig[RECORD_SIG_LEN])
{
	sign_tagged(id, RECORD_SIGN_TAG, sizeof(RECORD_SIGN_TAG), rec, len,
	    sig);
}

void
env_pack(const uint8_t *rec, size_t len, const uint8_t *sig, size_t siglen,
    uint8_t **out, size_t *outlen)
{
	Samplan__Envelope	env = SAMPLAN__ENVELOPE__INIT;

	env.record.data = (uint8_t *)(uintptr_t)rec;
	env.record.len = len;
	env.signature.data = (uint8_t *)(uintptr_t)sig;
	env.signature.len = siglen;
	if (wire_pack(&env.base, out, outlen) != 0)
		die("out of memory");
}

/* Frames envs[0..n) as one Batch; frees them. */
void
frame_batch(struct msg *m, uint8_t **envs, size_t *lens, size_t n)
{
	size_t	i;

	if (wire_pack_batch((const uint8_t *const *)envs, lens, n, &m->frame,
	    &m->len) != 0)
		die("out of memory");
	for (i = 0; i < n; i++)
		free(envs[i]);
}

/* Frames one record + signature as a Batch and notes it as hostile. */
static void
frame_one(struct msg *m, const uint8_t *rec, size_t len, const uint8_t *sig,
    size_t siglen, const uint8_t *author, uint64_t seq)
{
	uint8_t	*env;
	size_t	 elen;

	env_pack(rec, len, sig, siglen, &env, &elen);
	frame_batch(m, &env, &elen, 1);
	if (author != NULL) {
		m->has_rec = 1;
		memcpy(m->rec.author, author, KEY_PUBLIC_LEN);
		m->rec.seq = seq;
		record_hash(rec, len, sig, siglen, m->rec.hash);
	}
}

/* k1's next record, body chosen by the caller's region. */
void
k1_next(struct attack *a, const char *region, uint8_t **rec, size_t *len)
{
	rec_next(a, a->k1.public_key, a->k1_seq + 1,
	    a->k1_seq == 0 ? zero_hash : a->k1_hash, region, rec, len);
}

/* ---- the sixteen classes of S2 ------------------------------------- */

static void
gen_badsig(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec, sig[RECORD_SIG_LEN];
	size_t	 len;

	(void)i;
	k1_next(a, "", &rec, &len);
	rnd_fill(a, sig, sizeof(sig));
	frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
	    a->k1_seq + 1);
	m->expect.rej[-SP_EBADSIG] = 1;
	free(rec);
}

static void
gen_wrongkey(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec, sig[RECORD_SIG_LEN];
	size_t	 len;

	/* k1's record signed by evil, or by a fork author. */
	k1_next(a, "", &rec, &len);
	sign_rec(i % 2 == 0 || a->nfork == 0 ? &a->evil :
	    &a->fork[i % a->nfork], rec, len, sig);
	frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
	    a->k1_seq + 1);
	m->expect.rej[-SP_EBADSIG] = 1;
	free(rec);
}

static void
gen_altered(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec, *p, sig[RECORD_SIG_LEN];
	size_t	 len;

	/* Genuinely signed by k1, then one letter of the body changed. */
	k1_next(a, "", &rec, &len);
	sign_rec(&a->k1, rec, len, sig);
	if ((p = memmem(rec, len, "vold", 4)) == NULL)
		die("no body text to alter");
	p[i % 4] ^= 0x20;		/* a lower-case letter turns upper */
	frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
	    a->k1_seq + 1);
	m->expect.rej[-SP_EBADSIG] = 1;
	free(rec);
}

static void
gen_gap(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec, sig[RECORD_SIG_LEN], prev[RECORD_HASH_LEN];
	uint64_t seq = a->k1_seq + 2 + i % 1000;
	size_t	 len;

	rnd_fill(a, prev, sizeof(prev));
	rec_next(a, a->k1.public_key, seq, prev, "", &rec, &len);
	sign_rec(&a->k1, rec, len, sig);
	frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key, seq);
	m->expect.rej[-SP_EGAP] = 1;
	free(rec);
}

/*
 * A seq lower than the one before it: a genuine next record of k1 (which
 * the node must keep) followed by one whose seq goes back.  The second
 * is signed by evil: a validly signed one would be a fork (class fork).
 */
static void
gen_regress(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec[2], *env[2], sig[2][RECORD_SIG_LEN];
	size_t	 len[2], elen[2];
	uint64_t seq;

	k1_next(a, "", &rec[0], &len[0]);
	sign_rec(&a->k1, rec[0], len[0], sig[0]);
	seq = 1 + i % (a->k1_seq + 1);		/* 1 .. the carrier's seq */
	rec_next(a, a->k1.public_key, seq, a->k1_hash, "", &rec[1], &len[1]);
	sign_rec(&a->evil, rec[1], len[1], sig[1]);
	env_pack(rec[0], len[0], sig[0], RECORD_SIG_LEN, &env[0], &elen[0]);
	env_pack(rec[1], len[1], sig[1], RECORD_SIG_LEN, &env[1], &elen[1]);
	frame_batch(m, env, elen, 2);
	m->has_rec = 1;
	memcpy(m->rec.author, a->k1.public_key, KEY_PUBLIC_LEN);
	m->rec.seq = seq;
	record_hash(rec[1], len[1], sig[1], RECORD_SIG_LEN, m->rec.hash);
	m->expect.rej[-SP_ESEQ] = 1;
	m->expect.received = 1;
	/* The carrier is k1's new head. */
	a->k1_seq++;
	record_hash(rec[0], len[0], sig[0], RECORD_SIG_LEN, a->k1_hash);
	free(rec[0]);
	free(rec[1]);
}

static void
gen_duplicate(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*env;
	size_t	 elen;

	if (store_copy(a, a->k1.public_key, 1 + i % a->k1_seq, &env,
	    &elen) != 0)
		die("k1's record %zu is not in the store", 1 + i % a->k1_seq);
	frame_batch(m, &env, &elen, 1);
	m->expect.dup = 1;
}

static void
gen_chain(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec, sig[RECORD_SIG_LEN], prev[RECORD_HASH_LEN];
	size_t	 len;

	/* Right seq, valid signature, prev not the head's hash. */
	if (i % 2 == 0)
		rnd_fill(a, prev, sizeof(prev));
	else
		memcpy(prev, zero_hash, sizeof(prev));
	rec_next(a, a->k1.public_key, a->k1_seq + 1, prev, "", &rec, &len);
	sign_rec(&a->k1, rec, len, sig);
	frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
	    a->k1_seq + 1);
	m->expect.rej[-SP_ECHAIN] = 1;
	free(rec);
}

/*
 * Two validly signed records for one seq.  The first per fork author is
 * equivocation (evidence kept, feed blocked); after that everything of
 * that author, forks and genuine next records alike, is refused.
 */
static void
gen_fork(struct attack *a, size_t i, struct msg *m)
{
	const struct identity	*f = &a->fork[i % a->nfork];
	uint8_t			*rec, sig[RECORD_SIG_LEN], prev[RECORD_HASH_LEN];
	uint64_t		 seq, head = a->fork_seq[i % a->nfork];
	size_t			 len;

	if (i < a->nfork || i % 2 == 0) {
		seq = 1 + i % head;
		if (seq == 1)
			memcpy(prev, zero_hash, sizeof(prev));
		else
			rnd_fill(a, prev, sizeof(prev));
	} else {
		seq = head + 1;		/* genuine next: blocked all the same */
		store_head(a, f->public_key, prev, NULL);
	}
	rec_next(a, f->public_key, seq, prev, "", &rec, &len);
	sign_rec(f, rec, len, sig);
	frame_one(m, rec, len, sig, sizeof(sig), f->public_key, seq);
	m->expect.rej[i < a->nfork ? -SP_EFORK : -SP_EBLOCKED] = 1;
	free(rec);
}

static void
gen_domaintag(struct attack *a, size_t i, struct msg *m)
{
	static const struct {
		const char	*tag;
		size_t		 len;
	} tags[] = {
		{ "samplan/record/v1", sizeof("samplan/record/v1") },
		{ "samplan/record/v2", sizeof("samplan/record/v2") - 1 },
		{ "samplan/record/v3", sizeof("samplan/record/v3") },
		{ RECORD_HASH_TAG, sizeof(RECORD_HASH_TAG) },
		{ "", 0 },
		{ "SAMPLAN/RECORD/V1", sizeof("SAMPLAN/RECORD/V1") },
	};
	uint8_t	*rec, sig[RECORD_SIG_LEN];
	size_t	 len, k = i % (sizeof(tags) / sizeof(tags[0]));

	k1_next(a, "", &rec, &len);
	sign_tagged(&a->k1, tags[k].tag, tags[k].len, rec, len, sig);
	frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
	    a->k1_seq + 1);
	m->expect.rej[-SP_EBADSIG] = 1;
	free(rec);
}

/* Signatures of 63/65 bytes; prev hashes of 31/33 bytes. */
static void
gen_lengths(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec, sig[RECORD_SIG_LEN + 1], prev[RECORD_HASH_LEN + 1];
	size_t	 len;

	switch (i % 4) {
	case 0:
	case 1:
		k1_next(a, "", &rec, &len);
		sign_rec(&a->k1, rec, len, sig);
		sig[RECORD_SIG_LEN] = 0;
		frame_one(m, rec, len, sig, i % 4 == 0 ? RECORD_SIG_LEN - 1 :
		    RECORD_SIG_LEN + 1, NULL, 0);
		m->expect.rej[-SP_EBADSIG] = 1;
		break;
	default:
		memcpy(prev, a->k1_seq == 0 ? zero_hash : a->k1_hash,
		    RECORD_HASH_LEN);
		prev[RECORD_HASH_LEN] = 0;
		a->serial++;
		rec_pack(a->k1.public_key, KEY_PUBLIC_LEN, a->k1_seq + 1, prev,
		    i % 4 == 2 ? RECORD_HASH_LEN - 1 : RECORD_HASH_LEN + 1, "",
		    "H-LEN", "Lengde", &rec, &len);
		sign_rec(&a->k1, rec, len, sig);
		frame_one(m, rec, len, sig, RECORD_SIG_LEN, NULL, 0);
		m->expect.rej[-SP_EMALFORMED] = 1;
		break;
	}
	free(rec);
}

/* S + kL: the same curve equation holds, libsodium must refuse it. */
static void
gen_malleate(struct attack *a, size_t i, struct msg *m)
{
	uint8_t		*rec, sig[RECORD_SIG_LEN];
	size_t		 len, b, k = 1 + i % 7, j;
	unsigned	 carry;

	k1_next(a, "", &rec, &len);
	sign_rec(&a->k1, rec, len, sig);
	for (j = 0; j < k; j++) {
		carry = 0;
		for (b = 0; b < 32; b++) {
			carry += sig[32 + b] + ed_l[b];
			sig[32 + b] = (uint8_t)carry;
			carry >>= 8;
		}
	}
	frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
	    a->k1_seq + 1);
	m->expect.rej[-SP_EBADSIG] = 1;
	free(rec);
}

/*
 * A small-order point as the author key with R = that point and S = 0
 * (verifies against a naive implementation for any message); or k1's
 * record with such a signature.
 */
static void
gen_smallorder(struct attack *a, size_t i, struct msg *m)
{
	const uint8_t	*pt = small_order[(i / 2) % 8];
	uint8_t		*rec, sig[RECORD_SIG_LEN];
	size_t		 len;

	memcpy(sig, pt, 32);
	memset(sig + 32, 0, 32);
	if (i % 2 == 0) {
		a->serial++;
		rec_pack(pt, KEY_PUBLIC_LEN, 1, zero_hash, RECORD_HASH_LEN, "",
		    "H-SMALL", "Liten orden", &rec, &len);
		frame_one(m, rec, len, sig, sizeof(sig), pt, 1);
		m->expect.rej[-SP_EUNKNOWN] = 1;
	} else {
		k1_next(a, "", &rec, &len);
		frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
		    a->k1_seq + 1);
		m->expect.rej[-SP_EBADSIG] = 1;
	}
	free(rec);
}

/*
 * An unknown field in the envelope.  Inside the signed record unknown
 * fields are kept and relayed (a newer writer's; FORMAT-V2.md 1), which
 * test_seal and multinode_newer check; here they would move k1's head.
 */
static void
gen_unknown(struct attack *a, size_t i, struct msg *m)
{
	static const uint8_t extra[][4] = {
		{ 0xf8, 0x06, 0x01 },		/* field 111, varint 1 */
		{ 0x2a, 0x01, 0x00 },		/* field 5, bytes, len 1 */
		{ 0x20, 0x07 },			/* field 4, varint */
	};
	static const size_t extra_len[] = { 3, 3, 2 };
	uint8_t	*rec, sig[RECORD_SIG_LEN], *env, *env2;
	size_t	 len, k = i % 3, elen;

	k1_next(a, "", &rec, &len);
	sign_rec(&a->k1, rec, len, sig);
	env_pack(rec, len, sig, sizeof(sig), &env, &elen);
	env2 = xmalloc(elen + extra_len[k]);
	memcpy(env2, env, elen);
	memcpy(env2 + elen, extra[k], extra_len[k]);
	elen += extra_len[k];
	free(env);
	frame_batch(m, &env2, &elen, 1);
	m->expect.rej[-SP_EFIELDS] = 1;
	free(rec);
}

/* A title with NUL or bad UTF-8, validly signed by k1. */
static void
gen_utf8(struct attack *a, size_t i, struct msg *m)
{
	static const char *bad[] = {
		"Tiltak\001X\001nul",		/* \001X\001 becomes NUL */
		"Tiltak \xc3\x28",		/* bad continuation */
		"Tiltak \xc0\xaf",		/* overlong '/' */
		"Tiltak \xed\xa0\x80",		/* surrogate D800 */
		"Tiltak \xf4\x90\x80\x80",	/* above U+10FFFF */
		"Tiltak \xff",
		"Tiltak \xe2\x82",		/* truncated */
	};
	uint8_t	*rec, *p, sig[RECORD_SIG_LEN];
	size_t	 len, k = i % (sizeof(bad) / sizeof(bad[0]));
	char	 id[32];

	a->serial++;
	snprintf(id, sizeof(id), "H-%u", a->serial);
	rec_pack(a->k1.public_key, KEY_PUBLIC_LEN, a->k1_seq + 1,
	    a->k1_seq == 0 ? zero_hash : a->k1_hash, RECORD_HASH_LEN, "", id,
	    bad[k], &rec, &len);
	if (k == 0) {
		if ((p = memmem(rec, len, "\001X\001", 3)) == NULL)
			die("no NUL placeholder");
		p[1] = '\0';
	}
	sign_rec(&a->k1, rec, len, sig);
	frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
	    a->k1_seq + 1);
	m->expect.rej[-SP_EUTF8] = 1;
	free(rec);
}

/* Wraps inner in `depth` levels of field `tag`, length-delimited. */
static uint8_t *
nest(uint8_t tag, const uint8_t *inner, size_t ilen, int depth,
    size_t *outlen)
{
	size_t	 cap = ilen + (size_t)depth * 11 + 16, len = ilen, h;
	uint8_t	*buf = xmalloc(cap), hdr[11];
	uint64_t v;

	/* Build from the inside out at the end of the buffer. */
	memcpy(buf + cap - ilen, inner, ilen);
	while (depth-- > 0) {
		h = 0;
		hdr[h++] = tag;
		for (v = len; v >= 0x80; v >>= 7)
			hdr[h++] = (uint8_t)(v | 0x80);
		hdr[h++] = (uint8_t)v;
		memcpy(buf + cap - len - h, hdr, h);
		len += h;
	}
	memmove(buf, buf + cap - len, len);
	*outlen = len;
	return buf;
}

/*
 * NEST_DEPTH levels: batch inside batch (PeerMessage level); start-group
 * tags (the protobuf-c recursion of fact 6); an envelope whose unknown
 * field 5 nests further.  Our schema has no recursion, so the scanner
 * stops each at the first level the schema does not have.  (Inside a
 * record, an unknown field is skipped by its length, never descended.)
 */
static void
gen_nesting(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec, *body, *inner, sig[RECORD_SIG_LEN];
	size_t	 len, blen, ilen, j;

	switch (i % 3) {
	case 0:
		m->frame = nest(0x12, (const uint8_t *)"", 0, NEST_DEPTH,
		    &m->len);
		m->expect.rej[-SP_EFIELDS] = 1;
		break;
	case 1:
		m->len = NEST_DEPTH;
		m->frame = xmalloc(m->len);
		for (j = 0; j < m->len; j++)
			m->frame[j] = 0x13;	/* field 2, start group */
		m->expect.rej[-SP_EMALFORMED] = 1;
		break;
	default:
		/* Envelope { record, signature, 5 { 5 { 5 { ... } } } } */
		inner = nest(0x2a, (const uint8_t *)"", 0, NEST_DEPTH, &ilen);
		k1_next(a, "", &rec, &len);
		sign_rec(&a->k1, rec, len, sig);
		env_pack(rec, len, sig, sizeof(sig), &body, &blen);
		body = realloc(body, blen + ilen);
		if (body == NULL)
			die("out of memory");
		memcpy(body + blen, inner, ilen);
		blen += ilen;
		frame_batch(m, &body, &blen, 1);
		m->expect.rej[-SP_EFIELDS] = 1;
		free(inner);
		free(rec);
		break;
	}
}

/* A regional measure, the coordinator's to write, from a kommune. */
static void
gen_coordonly(struct attack *a, size_t i, struct msg *m)
{
	uint8_t	*rec, sig[RECORD_SIG_LEN];
	size_t	 len;

	if (i % 2 == 0) {
		k1_next(a, REGION, &rec, &len);
		sign_rec(&a->k1, rec, len, sig);
		frame_one(m, rec, len, sig, sizeof(sig), a->k1.public_key,
		    a->k1_seq + 1);
	} else {
		rec_next(a, a->evil.public_key, a->evil_seq + 1,
		    a->evil_seq == 0 ? zero_hash : a->evil_hash, REGION, &rec,
		    &len);
		sign_rec(&a->evil, rec, len, sig);
		frame_one(m, rec, len, sig, sizeof(sig), a->evil.public_key,
		    a->evil_seq + 1);
	}
	m->expect.rej[-SP_EFORBIDDEN] = 1;
	free(rec);
}

struct cls {
	const char	*name;
	void		(*gen)(struct attack *, size_t, struct msg *);
};

static const struct cls classes[] = {
	{ "bad-signature", gen_badsig },
	{ "other-authors-key", gen_wrongkey },
	{ "altered-relay", gen_altered },
	{ "seq-gap", gen_gap },
	{ "seq-regression", gen_regress },
	{ "duplicate", gen_duplicate },
	{ "broken-prev-hash", gen_chain },
	{ "fork", gen_fork },
	{ "wrong-domain-tag", gen_domaintag },
	{ "sig-or-hash-length", gen_lengths },
	{ "malleated-sig", gen_malleate },
	{ "small-order-key", gen_smallorder },
	{ "unknown-fields", gen_unknown },
	{ "nul-or-bad-utf8", gen_utf8 },
	{ "deep-nesting", gen_nesting },
	{ "coordinator-only", gen_coordonly },
};


static void
run_class(struct attack *a, const struct cls *c, size_t count)
{
	struct counters	 before, want, got;
	struct hrec	*recs;
	struct msg	 m;
	size_t		 i, nrecs = 0, accepted, ev0 = 0, ev;
	char		 extra[128] = "";

	recs = xmalloc(count * sizeof(*recs));
	memset(&want, 0, sizeof(want));
	if (c->gen == gen_fork)
		ev0 = store_evidence(a);
	status_must(a, &before);
	for (i = 0; i < count; i++) {
		memset(&m, 0, sizeof(m));
		c->gen(a, i, &m);
		send_frame(a, m.frame, m.len);
		add(&want, &m.expect);
		if (m.has_rec)
			recs[nrecs++] = m.rec;
		free(m.frame);
	}
	wait_counts(a, &before, &want, &got);
	accepted = store_holds(a, recs, nrecs);
	if (c->gen == gen_fork) {
		ev = store_evidence(a) - ev0;
		snprintf(extra, sizeof(extra), "; %zu forks kept as evidence",
		    ev);
		if (ev != a->nfork)
			fail(a, "fork: %zu evidence records, want %zu", ev,
			    a->nfork);
	}
	report(a, c->name, count, &want, &got, accepted, extra);
	free(recs);
}

/* Makes sure k1 and the fork authors hold genuine records to build on. */
static void
seed(struct attack *a)
{
	struct msg	 m;
	uint8_t		*rec, *env[3], sig[RECORD_SIG_LEN];
	size_t		 len, elen[3], j, k, sent = 0;
	int64_t		 end;

	/* Genuine records, validly relayed by us: the node keeps them. */
	for (j = 0; j <= a->nfork; j++) {
		const struct identity *id = j == 0 ? &a->k1 : &a->fork[j - 1];
		uint64_t *seqp = j == 0 ? &a->k1_seq : &a->fork_seq[j - 1];
		uint8_t hash[RECORD_HASH_LEN];

		*seqp = store_head(a, id->public_key, hash, NULL);
		if (*seqp >= 3)
			continue;
		for (k = 0; *seqp < 3; k++) {
			rec_next(a, id->public_key, *seqp + 1, *seqp == 0 ?
			    zero_hash : hash, "", &rec, &len);
			sign_rec(id, rec, len, sig);
			record_hash(rec, len, sig, sizeof(sig), hash);
			env_pack(rec, len, sig, sizeof(sig), &env[k],
			    &elen[k]);
			free(rec);
			(*seqp)++;
		}
		memset(&m, 0, sizeof(m));
		frame_batch(&m, env, elen, k);
		send_frame(a, m.frame, m.len);
		free(m.frame);
		sent += k;
	}
	end = now_ms() + WAIT_MS;
	for (j = 0; j <= a->nfork; j++) {
		const struct identity *id = j == 0 ? &a->k1 : &a->fork[j - 1];
		uint64_t want = j == 0 ? a->k1_seq : a->fork_seq[j - 1];

		while (store_head(a, id->public_key, NULL, NULL) < want &&
		    now_ms() < end)
			sleep_ms(20);
	}
	a->k1_seq = store_head(a, a->k1.public_key, a->k1_hash, NULL);
	a->evil_seq = store_head(a, a->evil.public_key, a->evil_hash, NULL);
	for (j = 0; j < a->nfork; j++)
		a->fork_seq[j] = store_head(a, a->fork[j].public_key, NULL,
		    NULL);
	printf("seeded: %zu genuine records of k1 and %zu fork authors "
	    "relayed and kept (k1 head %llu)\n", sent, a->nfork,
	    (unsigned long long)a->k1_seq);
	if (a->k1_seq < 3)
		die("the victim did not keep the genuine seed records");
}

void
attack_forged(struct attack *a, size_t count)
{
	size_t		i;
	uint64_t	k1_before;
	uint32_t	flags;

	if (a->nfork == 0)
		die("the fork class needs f1.key in KEYDIR");
	seed(a);
	k1_before = a->k1_seq;
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		run_class(a, &classes[i], count);
	/* Heads: only the regression class's genuine carriers moved k1. */
	if (store_head(a, a->k1.public_key, NULL, NULL) != k1_before + count)
		fail(a, "k1's head is %llu, want %llu (carriers only)",
		    (unsigned long long)store_head(a, a->k1.public_key, NULL,
		    NULL), (unsigned long long)(k1_before + count));
	if (store_head(a, a->evil.public_key, NULL, NULL) != a->evil_seq)
		fail(a, "evil's own feed moved");
	for (i = 0; i < a->nfork; i++) {
		if (store_head(a, a->fork[i].public_key, NULL, &flags) !=
		    a->fork_seq[i] || !(flags & FEED_BLOCKED))
			fail(a, "fork author f%zu: head moved or not blocked",
			    i + 1);
	}
	printf("heads: k1 %llu (+%zu genuine carriers), evil %llu, %zu fork "
	    "authors blocked at their seed heads\n",
	    (unsigned long long)store_head(a, a->k1.public_key, NULL, NULL),
	    count, (unsigned long long)a->evil_seq, a->nfork);
}
