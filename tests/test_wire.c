/*
 * test_wire.c - wire.c's arena, its canonical-form check and its batch
 * walk: messages decoded into an arena equal those decoded with malloc,
 * the budget still refuses with SP_ENOMEM, wire_canonical() says 1 only
 * for bytes that pack back to themselves, and entry_receive() keeps the
 * received bytes exactly then (its plain decoder: test_wire_plain.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "feedtest.h"
#include "record.h"
#include "testutil.h"
#include "wire.h"

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
	assert_string_equal(er.rec->report->note, FEEDTEST_NOTE);
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
	env = report_make(&id, 4, "igang\xc3satt", FEEDTEST_NOTE, &len);
	assert_ok(entry_receive(env, len, WIRE_MAX_FRAME, &er));
	assert_rc(entry_check(&er), SP_EUTF8);
	assert_null(er.arena);
	free(env);
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
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
