/*
 * test_wire.c - wire.c's arena, its canonical-form check and its batch
 * walk: messages decoded into an arena equal those decoded with malloc,
 * the budget still refuses with SP_ENOMEM, wire_canonical() says 1 only
 * for bytes that pack back to themselves, and entry_receive() keeps the
 * received bytes exactly then; its own decoder of plain bytes gives what
 * protobuf-c gives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "record.h"
#include "testutil.h"
#include "wire.h"

#define NOTE	"Tiltaket følges opp av koordinator – æøå ÆØÅ"

/* A signed report of id's feed: a status, a sealed actor and note. */
static uint8_t *
report_make(const struct identity *id, uint64_t seq, const char *status,
    const char *note, size_t *len)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__StatusReport	 r = SAMPLAN__STATUS_REPORT__INIT;
	uint8_t			 prev[RECORD_HASH_LEN] = { 0 }, hash[RECORD_HASH_LEN];
	uint8_t			*out;

	rec.actor = (char *)(uintptr_t)"kari";
	r.measure = (char *)(uintptr_t)"L-1";
	r.period = (char *)(uintptr_t)"2025";
	r.status = (char *)(uintptr_t)status;
	r.note = (char *)(uintptr_t)note;
	rec.body_case = SAMPLAN__RECORD__BODY_REPORT;
	rec.report = &r;
	assert_ok(record_build(id, &rec, seq, prev, 1700000000000LL, &out, len,
	    hash));
	return out;
}

static uint8_t *
envelope_make(const struct identity *id, uint64_t seq, size_t *len)
{
	return report_make(id, seq, "igangsatt", NOTE, len);
}

static void
identity_make(struct identity *id)
{
	crypto_sign_keypair(id->public_key, id->secret_key);
}

/* Packs m and compares with want[0..len). */
static int
packs_to(const ProtobufCMessage *m, const uint8_t *want, size_t len)
{
	uint8_t	*buf;
	size_t	 n;
	int	 same;

	assert_ok(wire_pack(m, &buf, &n));
	same = n == len && memcmp(buf, want, len) == 0;
	free(buf);
	return same;
}

static void
test_arena_equals_malloc(void **state)
{
	struct identity		 id;
	struct wire_arena	*a;
	Samplan__Envelope	*em, *ea;
	uint8_t			*env;
	size_t			 len, i;

	(void)state;
	identity_make(&id);
	env = envelope_make(&id, 1, &len);
	assert_ok(wire_decode_envelope(env, len, &em));
	assert_non_null(a = wire_arena_new(len, 1024 * 1024));
	assert_ok(wire_decode_in(a, &samplan__envelope__descriptor, env, len,
	    WIRE_MAX_ENVELOPE, (ProtobufCMessage **)&ea));
	assert_int_equal(ea->record.len, em->record.len);
	assert_memory_equal(ea->record.data, em->record.data, em->record.len);
	assert_int_equal(ea->signature.len, RECORD_SIG_LEN);
	assert_memory_equal(ea->signature.data, em->signature.data,
	    RECORD_SIG_LEN);
	assert_int_equal(ea->n_texts, em->n_texts);
	assert_true(em->n_texts >= 2);
	for (i = 0; i < em->n_texts; i++) {
		assert_int_equal(ea->texts[i]->slot, em->texts[i]->slot);
		assert_int_equal(ea->texts[i]->index, em->texts[i]->index);
		assert_string_equal(ea->texts[i]->value, em->texts[i]->value);
	}
	assert_true(packs_to(&ea->base, env, len));
	assert_true(packs_to(&em->base, env, len));
	/* Each allocation is aligned for any type. */
	assert_int_equal((uintptr_t)ea % _Alignof(max_align_t), 0);
	assert_int_equal((uintptr_t)ea->texts % _Alignof(max_align_t), 0);
	wire_free((ProtobufCMessage **)&em);
	wire_arena_destroy(&a);
	assert_null(a);
	wire_arena_destroy(&a);		/* a NULL arena is a no-op */
	free(env);
}

/* A batch of many records outgrows the first block: chained blocks. */
static void
test_arena_grows(void **state)
{
	struct identity		 id;
	struct wire_arena	*a;
	Samplan__PeerMessage	*pm, *pa;
	uint8_t			*envs[40], *frame;
	size_t			 lens[40], flen, i;

	(void)state;
	identity_make(&id);
	for (i = 0; i < 40; i++)
		envs[i] = envelope_make(&id, i + 1, &lens[i]);
	assert_ok(wire_pack_batch((const uint8_t *const *)envs, lens, 40,
	    &frame, &flen));
	assert_ok(wire_decode_peer(frame, flen, &pm));
	/* A hint of nothing: every block after the first is chained. */
	assert_non_null(a = wire_arena_new(0, 16 * flen + 65536));
	assert_ok(wire_decode_in(a, &samplan__peer_message__descriptor, frame,
	    flen, WIRE_MAX_FRAME, (ProtobufCMessage **)&pa));
	assert_int_equal(pa->batch->n_envelopes, 40);
	assert_true(wire_arena_spent(a) > 40 * lens[0]);
	assert_true(packs_to(&pa->base, frame, flen));
	assert_true(packs_to(&pm->base, frame, flen));
	wire_arena_destroy(&a);
	wire_free((ProtobufCMessage **)&pm);
	for (i = 0; i < 40; i++)
		free(envs[i]);
	free(frame);
}

/* n empty Texts: 2 bytes each on the wire, a struct each when decoded. */
static uint8_t *
empty_texts(size_t n, size_t *len)
{
	uint8_t	*b = malloc(2 * n);
	size_t	 i;

	assert_non_null(b);
	for (i = 0; i < n; i++) {
		b[2 * i] = 0x1a;
		b[2 * i + 1] = 0x00;
	}
	*len = 2 * n;
	return b;
}

static void
test_arena_budget(void **state)
{
	struct wire_arena	*a;
	ProtobufCMessage	*m;
	uint8_t			*b;
	size_t			 len;

	(void)state;
	/*
	 * 4000 empty texts take 64 bytes each decoded, 32 times their
	 * bytes: past wire_decode()'s budget, and an arena's as large.
	 */
	b = empty_texts(4000, &len);
	assert_rc(wire_decode(&samplan__envelope__descriptor, b, len,
	    WIRE_MAX_ENVELOPE, &m), SP_ENOMEM);
	assert_non_null(a = wire_arena_new(len, len * WIRE_ALLOC_FACTOR +
	    WIRE_ALLOC_SLACK));
	assert_rc(wire_decode_in(a, &samplan__envelope__descriptor, b, len,
	    WIRE_MAX_ENVELOPE, &m), SP_ENOMEM);
	wire_arena_destroy(&a);
	free(b);
	/* 1000 of them fit both. */
	b = empty_texts(1000, &len);
	assert_ok(wire_decode(&samplan__envelope__descriptor, b, len,
	    WIRE_MAX_ENVELOPE, &m));
	wire_free(&m);
	assert_non_null(a = wire_arena_new(len, len * WIRE_ALLOC_FACTOR +
	    WIRE_ALLOC_SLACK));
	assert_ok(wire_decode_in(a, &samplan__envelope__descriptor, b, len,
	    WIRE_MAX_ENVELOPE, &m));
	assert_int_equal(((Samplan__Envelope *)m)->n_texts, 1000);
	wire_arena_destroy(&a);
	/* A budget below what protobuf-c asks: SP_ENOMEM, not malformed. */
	assert_non_null(a = wire_arena_new(len, 16 * 1024));
	assert_rc(wire_decode_in(a, &samplan__envelope__descriptor, b, len,
	    WIRE_MAX_ENVELOPE, &m), SP_ENOMEM);
	assert_null(m);
	assert_true(wire_arena_spent(a) <= 16 * 1024);
	assert_null(wire_arena_alloc(a, 16 * 1024));
	wire_arena_destroy(&a);
	/* A hint past the budget is refused up front. */
	assert_null(wire_arena_new(1024, 512));
	/* Bad bytes are refused by the scan before any allocation. */
	assert_non_null(a = wire_arena_new(16, 1024));
	b[0] = 0x22;			/* field 4: not an Envelope field */
	assert_rc(wire_decode_in(a, &samplan__envelope__descriptor, b, len,
	    WIRE_MAX_ENVELOPE, &m), SP_EFIELDS);
	assert_int_equal(wire_arena_spent(a), 0);
	wire_arena_destroy(&a);
	free(b);
}

/* Decodes buf as an envelope and packs it again; 1 when it is buf. */
static int
repacks_same(const uint8_t *buf, size_t len)
{
	Samplan__Envelope	*e;
	int			 same;

	assert_ok(wire_decode_envelope(buf, len, &e));
	same = packs_to(&e->base, buf, len);
	wire_free((ProtobufCMessage **)&e);
	return same;
}

/* Appends one length-delimited field to p; returns the new end. */
static uint8_t *
put_field(uint8_t *p, uint8_t tag, const uint8_t *v, size_t n)
{
	assert_true(n < 128);
	*p++ = tag;
	*p++ = (uint8_t)n;
	memcpy(p, v, n);
	return p + n;
}

static void
test_canonical_forms(void **state)
{
	const ProtobufCMessageDescriptor *d = &samplan__envelope__descriptor;
	uint8_t		 rec[20], sig[RECORD_SIG_LEN], buf[256], text[32], *p;
	static const uint8_t big_slot[] = { 0x08, 0x80, 0x80, 0x80, 0x80,
	    0x10 };			/* slot = 2^32 */
	static const uint8_t zero_slot[] = { 0x08, 0x00, 0x10, 0x01 };

	(void)state;
	memset(rec, 0x11, sizeof(rec));
	memset(sig, 0x22, sizeof(sig));
	/* record, signature: the packed form. */
	p = put_field(buf, 0x0a, rec, sizeof(rec));
	p = put_field(p, 0x12, sig, sizeof(sig));
	assert_true(wire_canonical(d, buf, (size_t)(p - buf)));
	assert_true(repacks_same(buf, (size_t)(p - buf)));
	/* signature before record: decodes the same, packs otherwise. */
	p = put_field(buf, 0x12, sig, sizeof(sig));
	p = put_field(p, 0x0a, rec, sizeof(rec));
	assert_false(wire_canonical(d, buf, (size_t)(p - buf)));
	assert_false(repacks_same(buf, (size_t)(p - buf)));
	/* record twice: the last one wins. */
	p = put_field(buf, 0x0a, rec, sizeof(rec));
	p = put_field(p, 0x0a, rec, sizeof(rec));
	assert_false(wire_canonical(d, buf, (size_t)(p - buf)));
	assert_false(repacks_same(buf, (size_t)(p - buf)));
	/* An empty signature written out: packing leaves it out. */
	p = put_field(buf, 0x0a, rec, sizeof(rec));
	p = put_field(p, 0x12, sig, 0);
	assert_false(wire_canonical(d, buf, (size_t)(p - buf)));
	assert_false(repacks_same(buf, (size_t)(p - buf)));
	/* A text's slot 0 written out, and a slot past 2^32 - 1. */
	p = put_field(buf, 0x1a, zero_slot, sizeof(zero_slot));
	assert_false(wire_canonical(d, buf, (size_t)(p - buf)));
	assert_false(repacks_same(buf, (size_t)(p - buf)));
	p = put_field(buf, 0x1a, big_slot, sizeof(big_slot));
	assert_false(wire_canonical(d, buf, (size_t)(p - buf)));
	assert_false(repacks_same(buf, (size_t)(p - buf)));
	/* Texts around the signature: packed together after it. */
	memcpy(text, zero_slot + 2, 2);		/* index = 1 */
	p = put_field(buf, 0x1a, text, 2);
	p = put_field(p, 0x12, sig, sizeof(sig));
	p = put_field(p, 0x1a, text, 2);
	assert_false(wire_canonical(d, buf, (size_t)(p - buf)));
	assert_false(repacks_same(buf, (size_t)(p - buf)));
	/* Two texts together, and an empty one: all packed as they are. */
	p = put_field(buf, 0x12, sig, sizeof(sig));
	p = put_field(p, 0x1a, text, 2);
	p = put_field(p, 0x1a, text, 0);
	p = put_field(p, 0x1a, text, 2);
	assert_true(wire_canonical(d, buf, (size_t)(p - buf)));
	assert_true(repacks_same(buf, (size_t)(p - buf)));
	/* The empty envelope. */
	assert_true(wire_canonical(d, buf, 0));
}

/*
 * Every one-byte change and truncation of a real envelope that still
 * scans: wire_canonical() may say 0 for a form that packs back (it is
 * conservative), never 1 for one that does not.
 */
static void
test_canonical_mutations(void **state)
{
	const ProtobufCMessageDescriptor *d = &samplan__envelope__descriptor;
	struct identity	 id;
	uint8_t		*env, *m;
	size_t		 len, i, n, yes = 0, tried = 0;
	static const uint8_t vals[] = { 0x00, 0x01, 0x08, 0x0a, 0x10, 0x12,
	    0x18, 0x1a, 0x20, 0x22, 0x7f, 0x80, 0xff };

	(void)state;
	identity_make(&id);
	env = envelope_make(&id, 7, &len);
	assert_true(wire_canonical(d, env, len));
	assert_true(repacks_same(env, len));
	assert_non_null(m = malloc(len));
	for (i = 0; i < len; i++)
		for (n = 0; n < sizeof(vals); n++) {
			memcpy(m, env, len);
			m[i] = vals[n];
			if (wire_scan(d, m, len, WIRE_MAX_ENVELOPE) != 0)
				continue;
			tried++;
			if (wire_canonical(d, m, len)) {
				yes++;
				assert_true(repacks_same(m, len));
			}
		}
	for (i = 0; i < len; i++)
		if (wire_scan(d, env, i, WIRE_MAX_ENVELOPE) == 0 &&
		    wire_canonical(d, env, i))
			assert_true(repacks_same(env, i));
	/* Most changes land in bytes fields and stay canonical. */
	assert_true(yes > 0 && yes < tried);
	free(m);
	free(env);
}

static void
test_batch_walk(void **state)
{
	struct identity		 id;
	struct wire_batch	 b;
	const uint8_t		*env;
	uint8_t			*envs[3], *frame, *odd;
	size_t			 lens[3], flen, len, i;

	(void)state;
	identity_make(&id);
	for (i = 0; i < 3; i++)
		envs[i] = envelope_make(&id, i + 1, &lens[i]);
	assert_ok(wire_pack_batch((const uint8_t *const *)envs, lens, 3,
	    &frame, &flen));
	assert_true(wire_batch_open(frame, flen, &b));
	assert_int_equal(b.n, 3);
	for (i = 0; wire_batch_next(&b, &env, &len); i++) {
		assert_int_equal(len, lens[i]);
		assert_memory_equal(env, envs[i], len);
	}
	assert_int_equal(i, 3);
	/* An empty batch is a batch of none. */
	assert_ok(wire_pack_batch(NULL, NULL, 0, &odd, &len));
	assert_true(wire_batch_open(odd, len, &b));
	assert_int_equal(b.n, 0);
	assert_false(wire_batch_next(&b, &env, &len));
	free(odd);
	/* Anything else goes to wire_decode_peer(). */
	assert_false(wire_batch_open(frame, flen - 1, &b));	/* short */
	assert_false(wire_batch_open(NULL, 0, &b));
	assert_non_null(odd = malloc(flen + 2));
	memcpy(odd, frame, flen);
	odd[flen] = 0x22;		/* a second field after the batch */
	odd[flen + 1] = 0x00;
	assert_false(wire_batch_open(odd, flen + 2, &b));
	memcpy(odd, frame, flen);
	odd[0] = 0x0a;			/* a Frontier, not a Batch */
	assert_false(wire_batch_open(odd, flen, &b));
	memcpy(odd, frame, flen);
	odd[3] = 0x12;			/* a batch field that is not 1 */
	assert_false(wire_batch_open(odd, flen, &b));
	free(odd);
	for (i = 0; i < 3; i++)
		free(envs[i]);
	free(frame);
}

static void
test_entry_receive(void **state)
{
	struct identity	 id;
	struct entry	 er, ed;
	uint8_t		*env, *odd;
	size_t		 len;

	(void)state;
	identity_make(&id);
	env = envelope_make(&id, 3, &len);
	assert_ok(entry_decode(env, len, &ed));
	assert_ok(entry_receive(env, len, WIRE_MAX_FRAME, &er));
	assert_non_null(er.raw);
	assert_int_equal(er.rawlen, len);
	assert_memory_equal(er.raw, env, len);
	assert_true(er.raw != env);	/* a copy: the frame goes first */
	assert_ok(entry_check(&er));
	assert_memory_equal(er.hash, ed.hash, RECORD_HASH_LEN);
	assert_int_equal(er.redacted, ed.redacted);
	assert_int_equal(er.rec->seq, 3);
	assert_string_equal(er.rec->actor, ed.rec->actor);
	assert_string_equal(er.rec->report->note, NOTE);
	assert_string_equal(er.rec->report->status, ed.rec->report->status);
	entry_clear(&er);
	assert_null(er.arena);
	assert_null(er.env);
	assert_null(er.raw);
	entry_clear(&er);

	/* The same envelope with its signature first: no bytes kept. */
	assert_non_null(odd = malloc(len));
	{
		/* record: tag, a 2-byte length, the bytes; then signature */
		size_t	rl = ed.env->record.len, hl = 3 + rl;
		size_t	sl = 2 + RECORD_SIG_LEN;

		assert_int_equal(env[0], 0x0a);
		assert_true(rl >= 128 && rl < 16384);
		assert_int_equal(env[hl], 0x12);
		memcpy(odd, env + hl, sl);
		memcpy(odd + sl, env, hl);
		memcpy(odd + sl + hl, env + sl + hl, len - sl - hl);
	}
	assert_ok(entry_receive(odd, len, WIRE_MAX_FRAME, &er));
	assert_null(er.raw);
	assert_ok(entry_check(&er));
	assert_memory_equal(er.hash, ed.hash, RECORD_HASH_LEN);
	assert_true(packs_to(&er.env->base, env, len));
	entry_clear(&er);

	/* Errors leave the entry empty. */
	assert_rc(entry_receive(env, len, len - 1, &er), SP_ETOOBIG);
	assert_null(er.arena);
	odd[0] = 0x2a;			/* field 5: not an Envelope field */
	assert_rc(entry_receive(odd, len, WIRE_MAX_FRAME, &er), SP_EFIELDS);
	assert_null(er.arena);
	assert_null(er.env);
	free(odd);

	/*
	 * An envelope larger than WIRE_MAX_ENVELOPE (a member's signed record
	 * with a huge sealed text) fits in a frame but could never be read
	 * back from the store: refused on both paths.
	 */
	{
		Samplan__Envelope	 big = *ed.env, *m;
		Samplan__Text		 t = SAMPLAN__TEXT__INIT, *tp = &t;
		uint8_t			*buf;
		size_t			 blen, vlen = WIRE_MAX_ENVELOPE;
		char			*v;

		assert_non_null(v = malloc(vlen + 1));
		memset(v, 'a', vlen);
		v[vlen] = '\0';
		t.slot = 1;
		t.value = v;
		big.n_texts = 1;
		big.texts = &tp;
		assert_ok(wire_pack(&big.base, &buf, &blen));
		assert_true(blen > WIRE_MAX_ENVELOPE && blen < WIRE_MAX_FRAME);
		assert_rc(entry_receive(buf, blen, WIRE_MAX_ENVELOPE, &er),
		    SP_ETOOBIG);
		assert_ok(wire_decode(&samplan__envelope__descriptor, buf,
		    blen, WIRE_MAX_FRAME, (ProtobufCMessage **)&m));
		assert_rc(entry_from_envelope(&m, &er), SP_ETOOBIG);
		assert_null(m);
		assert_null(er.env);
		free(buf);
		free(v);
	}
	entry_clear(&ed);
	free(env);

	/*
	 * Bad UTF-8 is refused by the scan on this path, in a sealed text
	 * (the envelope's) as in the record: domain.c need not look again.
	 */
	env = report_make(&id, 4, "igangsatt", "bad \xff byte", &len);
	assert_rc(entry_receive(env, len, WIRE_MAX_FRAME, &er), SP_EUTF8);
	free(env);
	env = report_make(&id, 4, "igang\xc3satt", NOTE, &len);
	assert_ok(entry_receive(env, len, WIRE_MAX_FRAME, &er));
	assert_rc(entry_check(&er), SP_EUTF8);
	assert_null(er.arena);
	free(env);
}

static int msg_equal(const ProtobufCMessage *, const ProtobufCMessage *);

/* Compares one value of field f at a and b: content, not addresses. */
static int
value_equal(const ProtobufCFieldDescriptor *f, const void *a, const void *b)
{
	const ProtobufCBinaryData	*x = a, *y = b;

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		return strcmp(*(char *const *)a, *(char *const *)b) == 0;
	case PROTOBUF_C_TYPE_BYTES:
		return x->len == y->len && (x->data == NULL) ==
		    (y->data == NULL) && (x->len == 0 ||
		    memcmp(x->data, y->data, x->len) == 0);
	case PROTOBUF_C_TYPE_MESSAGE:
		return msg_equal(*(ProtobufCMessage *const *)a,
		    *(ProtobufCMessage *const *)b);
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_INT64:
		return memcmp(a, b, 8) == 0;
	case PROTOBUF_C_TYPE_BOOL:
		return memcmp(a, b, sizeof(protobuf_c_boolean)) == 0;
	default:
		return memcmp(a, b, 4) == 0;
	}
}

/* Returns the bytes one element of a repeated field takes. */
static size_t
elt_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(void *);
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_INT64:
		return 8;
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	default:
		return 4;
	}
}

/*
 * Compares two decoded messages field by field (the oneof case, repeated
 * counts, every value, the unknown fields' count): what a reader of
 * either can see, except where bytes live.
 */
static int
msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b)
{
	const ProtobufCMessageDescriptor	*d;
	const ProtobufCFieldDescriptor		*f;
	const char				*pa, *pb;
	size_t					 i, k, n, size;

	if (a == NULL || b == NULL)
		return a == b;
	if ((d = a->descriptor) != b->descriptor ||
	    a->n_unknown_fields != b->n_unknown_fields)
		return 0;
	for (i = 0; i < d->n_fields; i++) {
		f = &d->fields[i];
		pa = (const char *)a + f->offset;
		pb = (const char *)b + f->offset;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			memcpy(&n, (const char *)a + f->quantifier_offset,
			    sizeof(n));
			if (memcmp((const char *)a + f->quantifier_offset,
			    (const char *)b + f->quantifier_offset,
			    sizeof(n)) != 0)
				return 0;
			size = elt_size(f);
			for (k = 0; k < n; k++)
				if (!value_equal(f, *(char *const *)pa + k * size,
				    *(char *const *)pb + k * size))
					return 0;
			continue;
		}
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			if (memcmp((const char *)a + f->quantifier_offset,
			    (const char *)b + f->quantifier_offset, 4) != 0)
				return 0;
			if (*(const uint32_t *)(const void *)((const char *)a +
			    f->quantifier_offset) != f->id)
				continue;
		}
		if (!value_equal(f, pa, pb))
			return 0;
	}
	return 1;
}

/*
 * Decodes buf as d with protobuf-c (wire_decode) and into an arena
 * (wire.c's plain decoder where the bytes allow it), copied and borrowed:
 * the same answer each way, and messages that pack to the same bytes.
 * Returns the answer.
 */
static int
decodes_same(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
    size_t len)
{
	ProtobufCMessage	*pm, *am, *km, *cm;
	struct wire_arena	*a;
	const uint8_t		*cp;
	uint8_t			*pb, *ab, *kb;
	size_t			 pn, an, kn;
	int			 rc, canon;

	rc = wire_decode(d, buf, len, WIRE_MAX_FRAME, &pm);
	assert_non_null(a = wire_arena_new(len, 96 * len + 1024 * 1024));
	assert_int_equal(wire_decode_in(a, d, buf, len, WIRE_MAX_FRAME, &am),
	    rc);
	assert_int_equal(wire_decode_kept(a, d, buf, len, WIRE_MAX_FRAME,
	    &km), rc);
	assert_int_equal(wire_decode_copy(a, d, buf, len, WIRE_MAX_FRAME,
	    &cm, &cp, &canon), rc);
	if (rc == 0) {
		/* The copy's form, found by the decode: wire_canonical's. */
		assert_int_equal(canon, wire_canonical(d, buf, len));
		assert_true(msg_equal(cm, pm));
		assert_true(len == 0 || memcmp(cp, buf, len) == 0);
		assert_ok(wire_pack(pm, &pb, &pn));
		assert_ok(wire_pack(am, &ab, &an));
		assert_ok(wire_pack(km, &kb, &kn));
		assert_int_equal(an, pn);
		assert_int_equal(kn, pn);
		assert_memory_equal(ab, pb, pn);
		assert_memory_equal(kb, pb, pn);
		assert_true(msg_equal(am, pm));
		assert_true(msg_equal(km, pm));
		free(pb);
		free(ab);
		free(kb);
		wire_free(&pm);
	}
	wire_arena_destroy(&a);
	return rc;
}

/* Every one-byte change and truncation of buf decodes the same both ways. */
static void
mutations_decode_same(const ProtobufCMessageDescriptor *d,
    const uint8_t *buf, size_t len)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x02, 0x08, 0x0a, 0x10,
	    0x12, 0x18, 0x1a, 0x20, 0x22, 0x28, 0x2a, 0x30, 0x32, 0x3a, 0x52,
	    0x5a, 0x62, 0x7f, 0x80, 0xff };
	uint8_t	*m;
	size_t	 i, n, ok = 0;

	assert_ok(decodes_same(d, buf, len));
	assert_non_null(m = malloc(len));
	for (i = 0; i < len; i++)
		for (n = 0; n < sizeof(vals); n++) {
			memcpy(m, buf, len);
			m[i] = vals[n];
			ok += decodes_same(d, m, len) == 0;
		}
	for (i = 0; i < len; i++)
		ok += decodes_same(d, buf, i) == 0;
	assert_true(ok > 0);
	free(m);
}

/* The signed record bytes of envelope env. */
static uint8_t *
record_bytes(const uint8_t *env, size_t len, size_t *rlen)
{
	Samplan__Envelope	*e;
	uint8_t			*r;

	assert_ok(wire_decode_envelope(env, len, &e));
	assert_non_null(r = malloc(e->record.len));
	memcpy(r, e->record.data, e->record.len);
	*rlen = e->record.len;
	wire_free((ProtobufCMessage **)&e);
	return r;
}

/* Envelopes of several bodies: repeated strings and messages, a oneof. */
static uint8_t *
body_make(const struct identity *id, int kind, size_t *len)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__PlanInfo	 pi = SAMPLAN__PLAN_INFO__INIT;
	Samplan__Vedtak		 v = SAMPLAN__VEDTAK__INIT;
	Samplan__Goal		 g = SAMPLAN__GOAL__INIT, *gp[2] = { &g, &g };
	Samplan__Adaptation	 ad = SAMPLAN__ADAPTATION__INIT;
	Samplan__Override	 o1 = SAMPLAN__OVERRIDE__INIT;
	Samplan__Override	 o2 = SAMPLAN__OVERRIDE__INIT;
	Samplan__Override	*op[2] = { &o1, &o2 };
	Samplan__KeySuccession	 ks = SAMPLAN__KEY_SUCCESSION__INIT;
	char			*areas[3] = { (char *)(uintptr_t)"Forebygging",
				    (char *)(uintptr_t)"", (char *)(uintptr_t)
				    "Oppfølging av utsatte" };
	uint8_t			 prev[RECORD_HASH_LEN] = { 0 };
	uint8_t			 hash[RECORD_HASH_LEN], key[32];
	uint8_t			*out;

	rec.actor = (char *)(uintptr_t)"Kari Nordmann";
	if (kind == 0) {
		pi.region = (char *)(uintptr_t)"gjovik";
		pi.tittel = (char *)(uintptr_t)"Handlingsplan mot vold";
		pi.vedtak = &v;
		v.organ = (char *)(uintptr_t)"Kommunestyret";
		pi.n_innsatsomrader = 3;
		pi.innsatsomrader = areas;
		pi.regional_version = 300;
		pi.n_mal = 2;
		pi.mal = gp;
		g.tekst = (char *)(uintptr_t)"Færre saker";
		pi.horing_innspill = (char *)(uintptr_t)"Mange innspill";
		rec.body_case = SAMPLAN__RECORD__BODY_PLAN;
		rec.plan = &pi;
	} else if (kind == 1) {
		ad.region = (char *)(uintptr_t)"gjovik";
		ad.measure = (char *)(uintptr_t)"GR-1";
		ad.based_on = 1ULL << 40;
		ad.decision = SAMPLAN__DECISION__ADAPT;
		o1.field = (char *)(uintptr_t)"frist";
		o1.value = (char *)(uintptr_t)"2027";
		o2.field = (char *)(uintptr_t)"tittel";
		o2.value = (char *)(uintptr_t)"Ny tittel";
		ad.n_overrides = 2;
		ad.overrides = op;
		rec.body_case = SAMPLAN__RECORD__BODY_ADAPTATION;
		rec.adaptation = &ad;
	} else {
		memset(key, 7, sizeof(key));
		ks.key.data = key;
		ks.key.len = sizeof(key);
		rec.body_case = SAMPLAN__RECORD__BODY_KEY_SUCCESSION;
		rec.key_succession = &ks;
	}
	assert_ok(record_build(id, &rec, 5, prev, -1700000000000LL, &out,
	    len, hash));
	return out;
}

/*
 * wire.c decodes plain bytes itself: the answer is protobuf-c's, for
 * real records of several kinds and every change to them that still
 * scans or not (out of order, a field twice, a second oneof member,
 * unknown fields, bad lengths and UTF-8), and the bytes it borrows are
 * the input's.
 */
static void
test_plain_decode(void **state)
{
	const ProtobufCMessageDescriptor *rd = &samplan__record__descriptor;
	struct identity		 id;
	struct wire_arena	*a;
	Samplan__Record		*r;
	uint8_t			*env, *rec;
	size_t			 len, rlen;
	int			 kind;

	(void)state;
	identity_make(&id);
	env = envelope_make(&id, 9, &len);
	mutations_decode_same(&samplan__envelope__descriptor, env, len);
	rec = record_bytes(env, len, &rlen);
	mutations_decode_same(rd, rec, rlen);
	/* The author is borrowed: it points into the record's bytes. */
	assert_non_null(a = wire_arena_new(rlen, 1024 * 1024));
	assert_ok(wire_decode_kept(a, rd, rec, rlen, WIRE_MAX_RECORD,
	    (ProtobufCMessage **)&r));
	assert_true(r->author.data > rec && r->author.data < rec + rlen);
	assert_string_equal(r->report->status, "igangsatt");
	wire_arena_destroy(&a);
	free(rec);
	free(env);
	for (kind = 0; kind < 3; kind++) {
		env = body_make(&id, kind, &len);
		mutations_decode_same(&samplan__envelope__descriptor, env,
		    len);
		rec = record_bytes(env, len, &rlen);
		mutations_decode_same(rd, rec, rlen);
		free(rec);
		free(env);
	}
}

/* Appends field (tag) holding n bytes at v to buf at *at; for hand-made forms. */
static void
put_small(uint8_t *buf, size_t *at, uint8_t tag, const void *v, size_t n)
{
	assert_true(n < 128);
	buf[(*at)++] = tag;
	buf[(*at)++] = (uint8_t)n;
	memcpy(buf + *at, v, n);
	*at += n;
}

/* Packs m into the static buffer out; returns its length. */
static size_t
pack_small(const ProtobufCMessage *m, uint8_t *out)
{
	uint8_t	*b;
	size_t	 n;

	assert_ok(wire_pack(m, &b, &n));
	assert_true(n < 128);
	memcpy(out, b, n);
	free(b);
	return n;
}

/*
 * Forms protobuf-c takes that are not plain: a sub-message twice
 * (merged), two members of a oneof (the last wins), fields out of order,
 * a repeated field split, zero and out-of-range scalars, an unknown
 * field kept by a record.  Each decodes as protobuf-c decodes it.
 */
static void
test_plain_edges(void **state)
{
	const ProtobufCMessageDescriptor *rd = &samplan__record__descriptor;
	Samplan__Measure	 m1 = SAMPLAN__MEASURE__INIT;
	Samplan__Measure	 m2 = SAMPLAN__MEASURE__INIT;
	Samplan__StatusReport	 sr = SAMPLAN__STATUS_REPORT__INIT;
	Samplan__Seal		 seal = SAMPLAN__SEAL__INIT;
	uint8_t			 a[128], b[128], c[128], s[128], buf[1024];
	uint8_t			 author[32], big[16];
	size_t			 na, nb, nc, ns, at;

	(void)state;
	memset(author, 1, sizeof(author));
	m1.id = (char *)(uintptr_t)"A";
	m1.tittel = (char *)(uintptr_t)"T";
	m2.id = (char *)(uintptr_t)"B";
	m2.frist = (char *)(uintptr_t)"2026";
	sr.status = (char *)(uintptr_t)"igangsatt";
	seal.slot = 7;
	seal.hash.data = author;
	seal.hash.len = 32;
	na = pack_small(&m1.base, a);
	nb = pack_small(&m2.base, b);
	nc = pack_small(&sr.base, c);
	ns = pack_small(&seal.base, s);

	/* A measure twice: protobuf-c merges the two. */
	at = 0;
	put_small(buf, &at, 0x0a, author, 32);
	put_small(buf, &at, 0x5a, a, na);
	put_small(buf, &at, 0x5a, b, nb);
	assert_ok(decodes_same(rd, buf, at));
	/* A measure, then a report: the report wins. */
	at = 0;
	put_small(buf, &at, 0x5a, a, na);
	put_small(buf, &at, 0x6a, c, nc);
	assert_ok(decodes_same(rd, buf, at));
	/* Out of order, the author twice, seals split by the actor. */
	at = 0;
	put_small(buf, &at, 0x5a, a, na);
	put_small(buf, &at, 0x0a, author, 32);
	put_small(buf, &at, 0x0a, author, 16);
	put_small(buf, &at, 0x32, s, ns);
	put_small(buf, &at, 0x3a, "kari", 4);
	put_small(buf, &at, 0x32, s, ns);
	assert_ok(decodes_same(rd, buf, at));
	/* seq 0 written out, format past 32 bits, an empty actor. */
	at = 0;
	buf[at++] = 0x10;
	buf[at++] = 0x00;
	buf[at++] = 0x28;
	memcpy(big, "\xff\xff\xff\xff\x1f", 5);
	memcpy(buf + at, big, 5);
	at += 5;
	put_small(buf, &at, 0x3a, "", 0);
	assert_ok(decodes_same(rd, buf, at));
	/* A zero seq and an empty actor written out: plain, not canonical. */
	at = 0;
	buf[at++] = 0x10;
	buf[at++] = 0x00;
	assert_ok(decodes_same(rd, buf, at));
	at = 0;
	put_small(buf, &at, 0x3a, "", 0);
	assert_ok(decodes_same(rd, buf, at));
	/* Empty bytes written out: { 0, NULL }, as protobuf-c leaves them. */
	at = 0;
	put_small(buf, &at, 0x0a, "", 0);
	put_small(buf, &at, 0x1a, "", 0);
	assert_ok(decodes_same(rd, buf, at));
	/* A negative timestamp, a bool past 1 in a report. */
	at = 0;
	buf[at++] = 0x20;
	memcpy(buf + at, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10);
	at += 10;
	sr.withdrawn = 1;
	nc = pack_small(&sr.base, c);
	assert_int_equal(c[nc - 1], 0x01);
	c[nc - 1] = 0x02;
	put_small(buf, &at, 0x6a, c, nc);
	assert_ok(decodes_same(rd, buf, at));
	/* An unknown field: kept, and the record still decodes. */
	at = 0;
	put_small(buf, &at, 0x0a, author, 32);
	put_small(buf, &at, 0x4a, "x", 1);	/* field 9: none of ours */
	assert_ok(decodes_same(rd, buf, at));
	/* A vedtak twice in a plan: protobuf-c merges the two. */
	{
		Samplan__Vedtak	 v1 = SAMPLAN__VEDTAK__INIT;
		Samplan__Vedtak	 v2 = SAMPLAN__VEDTAK__INIT;

		v1.organ = (char *)(uintptr_t)"Kommunestyret";
		v2.dato = (char *)(uintptr_t)"2024-01-01";
		na = pack_small(&v1.base, a);
		nb = pack_small(&v2.base, b);
		at = 0;
		put_small(c, &at, 0x2a, a, na);
		put_small(c, &at, 0x2a, b, nb);
		nc = at;
		at = 0;
		put_small(buf, &at, 0x52, c, nc);
		assert_ok(decodes_same(rd, buf, at));
	}
	/* Empty repeated strings and a repeated field after the oneof. */
	{
		Samplan__PlanInfo	 pi = SAMPLAN__PLAN_INFO__INIT;
		char			*areas[2] = { (char *)(uintptr_t)"",
					    (char *)(uintptr_t)"" };

		pi.n_innsatsomrader = 2;
		pi.innsatsomrader = areas;
		na = pack_small(&pi.base, a);
		at = 0;
		put_small(buf, &at, 0x52, a, na);
		assert_ok(decodes_same(rd, buf, at));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_equals_malloc),
		cmocka_unit_test(test_arena_grows),
		cmocka_unit_test(test_arena_budget),
		cmocka_unit_test(test_canonical_forms),
		cmocka_unit_test(test_canonical_mutations),
		cmocka_unit_test(test_batch_walk),
		cmocka_unit_test(test_entry_receive),
		cmocka_unit_test(test_plain_decode),
		cmocka_unit_test(test_plain_edges),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
