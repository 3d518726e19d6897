/*
 * test_seal.c - record format 2: sealed texts opened by entry_decode, a
 * text that does not match its seal, records of a newer kind or with a
 * newer field kept, redaction in the store (drop, strip on arrival,
 * refuse a text-less record without one), and the schema refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>
#include <sodium.h>

#include "feed.h"
#include "seal.h"
#include "store.h"
#include "testutil.h"
#include "wire.h"

#define NOTE	"Samtale med mor til Ola Nordmann – æøå ÆØÅ"

struct fixture {
	char		*dir;		/* private temporary directory */
	struct identity	 alice;		/* the author */
	int		 serial;	/* names scratch stores */
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	if (f == NULL || sodium_init() < 0)
		return -1;
	f->dir = tmpdir_create("seal");
	crypto_sign_keypair(f->alice.public_key, f->alice.secret_key);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	tmpdir_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static struct store *
store_new(struct fixture *f, char **dirp)
{
	struct store	*s;
	char		 name[32];

	snprintf(name, sizeof(name), "s%d", ++f->serial);
	*dirp = path_join(f->dir, name);
	assert_ok(store_open(*dirp, 0, 0, NULL, &s));
	return s;
}

/* Appends a report with a note, or a redaction of (seq, hash). */
static void
append(struct store *s, const struct identity *id, const char *note,
    uint64_t red_seq, const uint8_t *red_hash, struct feed_head *h)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__StatusReport	 r = SAMPLAN__STATUS_REPORT__INIT;
	Samplan__Redaction	 red = SAMPLAN__REDACTION__INIT;
	struct store_txn	*t;

	rec.actor = (char *)(uintptr_t)"kari";
	if (red_seq == 0) {
		r.measure = (char *)(uintptr_t)"L-1";
		r.period = (char *)(uintptr_t)"2025";
		r.status = (char *)(uintptr_t)"igangsatt";
		r.note = (char *)(uintptr_t)note;
		rec.body_case = SAMPLAN__RECORD__BODY_REPORT;
		rec.report = &r;
	} else {
		red.feed.data = (uint8_t *)(uintptr_t)id->public_key;
		red.feed.len = KEY_PUBLIC_LEN;
		red.seq = red_seq;
		red.hash.data = (uint8_t *)(uintptr_t)red_hash;
		red.hash.len = RECORD_HASH_LEN;
		red.reason = (char *)(uintptr_t)"navn";
		rec.body_case = SAMPLAN__RECORD__BODY_REDACTION;
		rec.redaction = &red;
	}
	assert_ok(store_begin(s, 1, &t));
	assert_ok(feed_append(t, id, &rec, 1700000000000, h));
	assert_ok(store_commit(&t));
	/* record_build hands the caller's record back as it was. */
	assert_int_equal(rec.n_seals, 0);
	assert_string_equal(rec.actor, "kari");
}

/* Copies the stored envelope at seq out of s. */
static uint8_t *
stored(struct store *s, const uint8_t *author, uint64_t seq, size_t *len)
{
	struct store_txn	*t;
	const uint8_t		*buf;
	uint8_t			*copy;

	assert_ok(store_begin(s, 0, &t));
	assert_ok(store_log_get(t, author, seq, &buf, len));
	copy = malloc(*len);
	memcpy(copy, buf, *len);
	store_abort(&t);
	return copy;
}

/* Returns 1 when needle occurs in the n bytes at hay. */
static int
contains(const uint8_t *hay, size_t n, const char *needle)
{
	size_t	k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

static void
test_open_texts(void **state)
{
	struct fixture		*f = *state;
	struct feed_head	 h;
	struct entry		 e;
	struct store		*s;
	uint8_t			*env;
	size_t			 len;
	char			*dir;

	s = store_new(f, &dir);
	append(s, &f->alice, NOTE, 0, NULL, &h);
	env = stored(s, f->alice.public_key, 1, &len);
	assert_ok(entry_decode(env, len, &e));
	assert_int_equal(e.rec->format, RECORD_FORMAT);
	assert_int_equal(e.rec->n_seals, 2);	/* actor and note */
	assert_int_equal(e.redacted, 0);
	assert_string_equal(e.rec->report->note, NOTE);
	assert_string_equal(e.rec->actor, "kari");
	assert_string_equal(e.rec->report->status, "igangsatt");
	/* The signed bytes hold neither text. */
	assert_false(contains(e.env->record.data, e.env->record.len, "Ola"));
	assert_false(contains(e.env->record.data, e.env->record.len, "kari"));
	entry_clear(&e);
	free(env);
	store_close(&s);
	free(dir);
}

/* Decodes env, changes it with fn, repacks it and decodes that. */
static int
decode_altered(const uint8_t *env, size_t len,
    void (*fn)(Samplan__Envelope *))
{
	Samplan__Envelope	*m;
	struct entry		 e;
	uint8_t			*buf;
	size_t			 n;
	int			 rc;

	assert_ok(wire_decode_envelope(env, len, &m));
	fn(m);
	assert_ok(wire_pack(&m->base, &buf, &n));
	wire_free((ProtobufCMessage **)&m);
	rc = entry_decode(buf, n, &e);
	if (rc == 0)
		entry_clear(&e);
	free(buf);
	return rc;
}

static void
alter_value(Samplan__Envelope *m)
{
	m->texts[1]->value[0] = 'X';
}

static void
alter_salt(Samplan__Envelope *m)
{
	m->texts[0]->salt.data[0] ^= 1;
}

static void
alter_slot(Samplan__Envelope *m)
{
	m->texts[1]->slot = 1304;
}

static void
alter_twice(Samplan__Envelope *m)
{
	/* Two texts for the note's seal (and none for the actor's). */
	m->texts[0]->slot = m->texts[1]->slot;
	memcpy(m->texts[0]->salt.data, m->texts[1]->salt.data, SEAL_SALT_LEN);
	free(m->texts[0]->value);
	m->texts[0]->value = strdup(m->texts[1]->value);
}

static void
test_bad_texts(void **state)
{
	struct fixture		*f = *state;
	struct feed_head	 h;
	struct store		*s;
	uint8_t			*env;
	size_t			 len;
	char			*dir;

	s = store_new(f, &dir);
	append(s, &f->alice, NOTE, 0, NULL, &h);
	env = stored(s, f->alice.public_key, 1, &len);
	assert_rc(decode_altered(env, len, alter_value), SP_EMALFORMED);
	assert_rc(decode_altered(env, len, alter_salt), SP_EMALFORMED);
	assert_rc(decode_altered(env, len, alter_slot), SP_EMALFORMED);
	assert_rc(decode_altered(env, len, alter_twice), SP_EMALFORMED);
	free(env);
	store_close(&s);
	free(dir);
}

/* Signs hand-made record bytes as alice and packs an envelope. */
static uint8_t *
hand_envelope(struct fixture *f, const uint8_t *rec, size_t reclen,
    size_t *len)
{
	Samplan__Envelope	env = SAMPLAN__ENVELOPE__INIT;
	uint8_t			sig[RECORD_SIG_LEN], *out;

	assert_ok(record_sign(&f->alice, rec, reclen, sig));
	env.record.data = (uint8_t *)(uintptr_t)rec;
	env.record.len = reclen;
	env.signature.data = sig;
	env.signature.len = sizeof(sig);
	assert_ok(wire_pack(&env.base, &out, len));
	return out;
}

/* Record bytes of alice at seq 1, with `extra` appended. */
static uint8_t *
hand_record(struct fixture *f, uint32_t format, const uint8_t *extra,
    size_t extralen, size_t *len)
{
	Samplan__Record	 r = SAMPLAN__RECORD__INIT;
	uint8_t		 zero[RECORD_HASH_LEN] = { 0 }, *buf;

	r.author.data = f->alice.public_key;
	r.author.len = KEY_PUBLIC_LEN;
	r.seq = 1;
	r.prev.data = zero;
	r.prev.len = sizeof(zero);
	r.format = format;
	assert_ok(wire_pack(&r.base, &buf, len));
	buf = realloc(buf, *len + extralen);
	memcpy(buf + *len, extra, extralen);
	*len += extralen;
	return buf;
}

static void
test_newer_records(void **state)
{
	struct fixture		*f = *state;
	/* Field 99 (a newer body kind) holding "hi"; field 9 varint 1. */
	static const uint8_t	 kind[] = { 0x9a, 0x06, 0x02, 'h', 'i' };
	static const uint8_t	 field[] = { 0x48, 0x01, 0x9a, 0x06, 0x00 };
	struct ingest_result	 res;
	struct store_txn	*t;
	struct store		*s;
	struct entry		 e;
	uint8_t			*rec, *env, *back;
	size_t			 rlen, elen, blen;
	char			*dir;

	rec = hand_record(f, RECORD_FORMAT, kind, sizeof(kind), &rlen);
	env = hand_envelope(f, rec, rlen, &elen);
	assert_ok(entry_decode(env, elen, &e));
	assert_string_equal(record_kind(e.rec), "unknown");
	s = store_new(f, &dir);
	assert_ok(store_begin(s, 1, &t));
	assert_ok(feed_ingest(t, NULL, &e, 1, &res));
	assert_ok(res.rc);
	assert_int_equal(res.accepted, 1);
	assert_ok(store_commit(&t));
	entry_clear(&e);
	/* Stored and served byte for byte. */
	back = stored(s, f->alice.public_key, 1, &blen);
	assert_int_equal(blen, elen);
	assert_memory_equal(back, env, elen);
	free(back);
	free(env);
	free(rec);

	rec = hand_record(f, RECORD_FORMAT, field, sizeof(field), &rlen);
	env = hand_envelope(f, rec, rlen, &elen);
	assert_ok(entry_decode(env, elen, &e));
	entry_clear(&e);
	free(env);
	free(rec);

	/* Format 1 (or none) is refused. */
	rec = hand_record(f, 1, kind, sizeof(kind), &rlen);
	env = hand_envelope(f, rec, rlen, &elen);
	assert_rc(entry_decode(env, elen, &e), SP_EFORMAT);
	free(env);
	free(rec);
	/* No body at all is still malformed. */
	rec = hand_record(f, RECORD_FORMAT, kind, 0, &rlen);
	env = hand_envelope(f, rec, rlen, &elen);
	assert_rc(entry_decode(env, elen, &e), SP_EMALFORMED);
	free(env);
	free(rec);
	store_close(&s);
	free(dir);
}

/* Decodes envs[from, to) and ingests them into s. */
static int
ingest(struct store *s, uint8_t **envs, size_t *lens, size_t from,
    size_t to, struct ingest_result *res)
{
	struct entry		 e[8];
	struct store_txn	*t;
	size_t			 i, n = 0;

	for (i = from; i < to; i++)
		assert_ok(entry_decode(envs[i], lens[i], &e[n++]));
	assert_ok(store_begin(s, 1, &t));
	assert_ok(feed_ingest(t, NULL, e, n, res));
	assert_ok(store_commit(&t));
	for (i = 0; i < n; i++)
		entry_clear(&e[i]);
	return res->rc;
}

/* Packs envelope bytes without texts. */
static uint8_t *
strip(const uint8_t *env, size_t len, size_t *outlen)
{
	struct entry	 e;
	uint8_t		*out;

	assert_ok(entry_decode(env, len, &e));
	assert_ok(entry_pack_stripped(&e, &out, outlen));
	entry_clear(&e);
	return out;
}

static void
test_redaction(void **state)
{
	struct fixture		*f = *state;
	struct feed_head	 h, h1;
	struct ingest_result	 res;
	struct store_txn	*t;
	struct store		*a, *b, *c;
	struct entry		 e;
	uint8_t			*env[3], *bare[3];
	size_t			 len[3], barelen[3];
	uint64_t		 bad;
	char			*da, *db, *dc;
	int			 i;

	/* alice writes a note (1), another (2), and redacts the first (3). */
	a = store_new(f, &da);
	append(a, &f->alice, NOTE, 0, NULL, &h1);
	append(a, &f->alice, "Ingen navn her", 0, NULL, &h);
	for (i = 0; i < 2; i++)
		env[i] = stored(a, f->alice.public_key, (uint64_t)i + 1,
		    &len[i]);
	append(a, &f->alice, NULL, 1, h1.hash, &h);
	env[2] = stored(a, f->alice.public_key, 3, &len[2]);
	for (i = 0; i < 3; i++)
		bare[i] = strip(env[i], len[i], &barelen[i]);

	/* The author's store dropped the text; verify still passes. */
	{
		size_t	 n;
		uint8_t	*now = stored(a, f->alice.public_key, 1, &n);

		assert_false(contains(now, n, "Ola"));
		assert_ok(entry_decode(now, n, &e));
		assert_int_equal(e.redacted, 2);
		assert_string_equal(e.rec->report->note, "");
		assert_string_equal(e.rec->report->status, "igangsatt");
		assert_memory_equal(e.hash, h1.hash, RECORD_HASH_LEN);
		entry_clear(&e);
		free(now);
	}
	assert_ok(store_begin(a, 0, &t));
	assert_ok(feed_verify(t, &h, 0, &bad));
	store_abort(&t);

	/* b: a text-less record alone is refused, counted by its code. */
	b = store_new(f, &db);
	assert_rc(ingest(b, bare, barelen, 0, 1, &res), SP_EREDACTED);
	assert_int_equal(res.accepted, 0);
	/* So is one that nothing redacts, in a batch with a redaction. */
	assert_rc(ingest(b, bare, barelen, 0, 3, &res), SP_EREDACTED);
	assert_int_equal(res.accepted, 1);
	assert_int_equal(res.bad_seq, 2);
	/* With its redaction later in the batch it is kept. */
	assert_ok(ingest(b, env, len, 1, 3, &res));
	assert_int_equal(res.accepted, 2);

	/* c: a stale peer's full copy, then the redaction, then again. */
	c = store_new(f, &dc);
	assert_ok(ingest(c, env, len, 0, 2, &res));
	assert_ok(ingest(c, env, len, 2, 3, &res));
	{
		uint8_t	*now;
		size_t	 n;

		now = stored(c, f->alice.public_key, 1, &n);
		assert_false(contains(now, n, "Ola"));
		free(now);
		/* The late full copy is a duplicate; nothing comes back. */
		assert_ok(ingest(c, env, len, 0, 3, &res));
		assert_int_equal(res.duplicates, 3);
		now = stored(c, f->alice.public_key, 1, &n);
		assert_false(contains(now, n, "Ola"));
		free(now);
		now = stored(c, f->alice.public_key, 2, &n);
		assert_true(contains(now, n, "Ingen navn"));
		free(now);
	}
	assert_ok(store_begin(c, 0, &t));
	assert_ok(feed_verify(t, &h, 0, &bad));
	store_abort(&t);

	for (i = 0; i < 3; i++) {
		free(env[i]);
		free(bare[i]);
	}
	store_close(&a);
	store_close(&b);
	store_close(&c);
	free(da);
	free(db);
	free(dc);
}

/* Counts needle in the file dir/name. */
static int
file_contains(const char *dir, const char *name, const char *needle)
{
	char	*path = path_join(dir, name);
	FILE	*f = fopen(path, "rb");
	uint8_t	*buf;
	long	 n;
	int	 found;

	free(path);
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	found = contains(buf, (size_t)n, needle);
	free(buf);
	return found;
}

static void
test_compact(void **state)
{
	struct fixture		*f = *state;
	struct feed_head	 h, h1;
	struct store_txn	*t;
	struct store		*s;
	uint64_t		 before, after, bad;
	char			*dir, *left;

	s = store_new(f, &dir);
	append(s, &f->alice, NOTE, 0, NULL, &h1);
	append(s, &f->alice, NULL, 1, h1.hash, &h);
	/* Dropped from the record, but freed pages may still hold it. */
	assert_ok(store_compact(s, &before, &after));
	assert_true(after > 0 && before > 0);
	assert_false(file_contains(dir, "data.mdb", "Ola Nordmann"));
	/* The store goes on after the reopen. */
	append(s, &f->alice, "Etter komprimering", 0, NULL, &h);
	assert_ok(store_begin(s, 0, &t));
	assert_ok(feed_verify(t, &h, 0, &bad));
	store_abort(&t);
	store_close(&s);
	/* A copy left by a compaction killed before its rename goes. */
	left = path_join(dir, "data.mdb.compact");
	file_write(left, "half a copy");
	assert_ok(store_open(dir, 0, 0, NULL, &s));
	assert_int_equal(access(left, F_OK), -1);
	store_close(&s);
	free(left);
	free(dir);
}

/* Writes schema into the meta database of the store in dir. */
static void
set_schema(const char *dir, const char *schema)
{
	MDB_env	*env;
	MDB_txn	*txn;
	MDB_dbi	 dbi;
	MDB_val	 k = { 6, (void *)(uintptr_t)"schema" };
	MDB_val	 v = { strlen(schema), (void *)(uintptr_t)schema };

	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 8), 0);
	assert_int_equal(mdb_env_open(env, dir, 0, 0600), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &dbi), 0);
	assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

static void
test_schema(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	char		*dir;

	s = store_new(f, &dir);
	store_close(&s);
	set_schema(dir, "samplan-store-1");
	assert_rc(store_open(dir, 0, 0, NULL, &s), SP_EOLDSTORE);
	assert_rc(store_open(dir, 0, STORE_RDONLY, NULL, &s), SP_EOLDSTORE);
	assert_non_null(strstr(sp_strerror(SP_EOLDSTORE), "samplan export"));
	set_schema(dir, "samplan-store-3");
	assert_rc(store_open(dir, 0, 0, NULL, &s), SP_ENEWSTORE);
	assert_non_null(strstr(sp_strerror(SP_ENEWSTORE), "upgrade"));
	set_schema(dir, "samplan-store-2");
	assert_ok(store_open(dir, 0, 0, NULL, &s));
	store_close(&s);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_texts),
		cmocka_unit_test(test_bad_texts),
		cmocka_unit_test(test_newer_records),
		cmocka_unit_test(test_redaction),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_compact),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
