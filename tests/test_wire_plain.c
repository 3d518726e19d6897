/*
 * test_wire_plain.c - wire_plain.c's decoder of plain bytes gives what
 * protobuf-c gives, field by field: on real records of several kinds,
 * every one-byte change and truncation of them, and hand-made forms
 * protobuf-c merges or overrides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "feedtest.h"
#include "record.h"
#include "testutil.h"
#include "wire.h"

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
		cmocka_unit_test(test_plain_decode),
		cmocka_unit_test(test_plain_edges),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
