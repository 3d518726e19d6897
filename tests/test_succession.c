/*
 * test_succession.c - key succession in a feed: ingest and verify across
 * one or two successions, forged successions, a redaction after one, a
 * fork around one, and the policy's check of the key it names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "feed.h"
#include "feedtest.h"
#include "policy.h"
#include "store.h"
#include "testutil.h"
#include "wire.h"

/* Appends a measure to feed, signed by signer; returns feed_append_to's rc. */
static int
append_as(struct store *s, const uint8_t *feed, const struct identity *signer,
    const char *title)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	struct store_txn	*t;
	struct feed_head	 h;
	int			 rc;

	m.id = (char *)(uintptr_t)"GR-MF-01";
	m.tittel = (char *)(uintptr_t)title;
	rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec.measure = &m;
	assert_ok(store_begin(s, 1, &t));
	rc = feed_append_to(t, feed, signer, &rec, 1700000000000, &h);
	if (rc == 0)
		assert_ok(store_commit(&t));
	else
		store_abort(&t);
	return rc;
}

/* Appends a succession of feed naming next, signed by signer. */
static int
succeed_as(struct store *s, const uint8_t *feed, const struct identity *signer,
    const uint8_t *next)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__KeySuccession	 ks = SAMPLAN__KEY_SUCCESSION__INIT;
	struct store_txn	*t;
	struct feed_head	 h;
	int			 rc;

	ks.key.data = (uint8_t *)(uintptr_t)next;
	ks.key.len = KEY_PUBLIC_LEN;
	rec.body_case = SAMPLAN__RECORD__BODY_KEY_SUCCESSION;
	rec.key_succession = &ks;
	assert_ok(store_begin(s, 1, &t));
	rc = feed_append_to(t, feed, signer, &rec, 1700000000000, &h);
	if (rc == 0)
		assert_ok(store_commit(&t));
	else
		store_abort(&t);
	return rc;
}

/* Copies feed's records 1..n out of s as packed envelopes. */
static uint8_t **
feed_copy(struct store *s, const uint8_t *feed, size_t n, size_t **lens)
{
	struct store_txn	*t;
	uint8_t			**envs = calloc(n + 4, sizeof(*envs));
	const uint8_t		*buf;
	size_t			 i, len;

	*lens = calloc(n + 4, sizeof(**lens));
	assert_ok(store_begin(s, 0, &t));
	for (i = 0; i < n; i++) {
		assert_ok(store_log_get(t, feed, i + 1, &buf, &len));
		envs[i] = malloc(len);
		memcpy(envs[i], buf, len);
		(*lens)[i] = len;
	}
	store_abort(&t);
	return envs;
}

/*
 * Builds alice's feed of 8 in a scratch store: 1-2 by alice, 3 names k2,
 * 4-5 by k2, 6 names k3, 7-8 by k3.  Checks the writer's refusals.
 */
static uint8_t **
rotated_feed(struct fixture *f, const struct identity *k2,
    const struct identity *k3, size_t **lens)
{
	const uint8_t	*a = f->alice.public_key;
	struct store	*s;
	uint8_t		**envs;
	char		*dir = subdir(f, "rotscratch");

	assert_ok(store_open(dir, 0, 0, NULL, &s));
	assert_ok(append_as(s, a, &f->alice, "Før"));
	assert_ok(append_as(s, a, &f->alice, "Før 2"));
	/* The same key, or a stranger's signature, can not succeed. */
	assert_rc(succeed_as(s, a, &f->alice, a), SP_EINVAL);
	assert_rc(succeed_as(s, a, k2, k2->public_key), SP_EFORBIDDEN);
	assert_ok(succeed_as(s, a, &f->alice, k2->public_key));
	/* The old key writes no more. */
	assert_rc(append_as(s, a, &f->alice, "Gammel nøkkel"), SP_EFORBIDDEN);
	assert_ok(append_as(s, a, k2, "Etter 1"));
	assert_ok(append_as(s, a, k2, "Etter 2"));
	assert_ok(succeed_as(s, a, k2, k3->public_key));
	assert_rc(append_as(s, a, k2, "Gammel nøkkel"), SP_EFORBIDDEN);
	assert_ok(append_as(s, a, k3, "Tredje 1"));
	assert_ok(append_as(s, a, k3, "Tredje 2"));
	envs = feed_copy(s, a, 8, lens);
	store_close(&s);
	tmpdir_remove(dir);
	free(dir);
	return envs;
}

/* Checks alice's head in s: seq, the key in force and key_from; verifies. */
static void
check_rotated_head(struct fixture *f, struct store *s, uint64_t seq,
    const uint8_t *key, uint64_t key_from)
{
	struct store_txn	*t;
	struct feed_head	 h;
	uint64_t		 bad;

	assert_ok(store_begin(s, 0, &t));
	assert_ok(store_head_get(t, f->alice.public_key, &h));
	assert_int_equal(h.seq, seq);
	/* An unrotated head names the feed id from seq 1. */
	assert_int_equal(h.key_from, key_from);
	assert_memory_equal(h.key, key, KEY_PUBLIC_LEN);
	assert_ok(feed_verify(t, &h, 0, &bad));
	assert_ok(feed_verify(t, &h, FEED_VERIFY_QUICK, &bad));
	store_abort(&t);
}

/* Two successions: in one batch, and in batches that split around them. */
static void
test_succession_ingest_verify(void **state)
{
	struct fixture		*f = *state;
	struct identity		 k2, k3;
	struct ingest_result	 res;
	struct store		*s;
	uint8_t			**envs;
	size_t			*lens;
	char			*dir;

	identity_make(&k2);
	identity_make(&k3);
	envs = rotated_feed(f, &k2, &k3, &lens);

	dir = subdir(f, "rot1");
	assert_ok(store_open(dir, 0, 0, f->bob.public_key, &s));
	assert_ok(ingest_raw(f, s, envs, lens, 0, 8, &res));
	assert_int_equal(res.accepted, 8);
	check_rotated_head(f, s, 8, k3.public_key, 7);
	store_close(&s);
	free(dir);

	/* A batch with the succession in the middle, then the rest. */
	dir = subdir(f, "rot2");
	assert_ok(store_open(dir, 0, 0, f->bob.public_key, &s));
	assert_ok(ingest_raw(f, s, envs, lens, 0, 1, &res));
	assert_ok(ingest_raw(f, s, envs, lens, 1, 4, &res));
	assert_int_equal(res.accepted, 3);
	check_rotated_head(f, s, 4, k2.public_key, 4);
	assert_ok(ingest_raw(f, s, envs, lens, 4, 6, &res));
	check_rotated_head(f, s, 6, k3.public_key, 7);
	assert_ok(ingest_raw(f, s, envs, lens, 6, 8, &res));
	check_rotated_head(f, s, 8, k3.public_key, 7);
	/* One by one from here on: nothing new, all held. */
	assert_ok(ingest_raw(f, s, envs, lens, 0, 8, &res));
	assert_int_equal(res.duplicates, 8);
	store_close(&s);
	free(dir);
	free_feed(envs, lens, 8);
}

/* Builds alice's record seq after prev, signed by signer, into envs[i]. */
static void
forge(struct fixture *f, const struct identity *signer, const uint8_t *next,
    uint64_t seq, uint8_t **envs, size_t *lens, size_t i)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	Samplan__KeySuccession	 ks = SAMPLAN__KEY_SUCCESSION__INIT;
	struct entry		 prev;
	uint8_t			 hash[RECORD_HASH_LEN];

	assert_ok(entry_decode(envs[i - 1], lens[i - 1], &prev));
	if (next != NULL) {
		ks.key.data = (uint8_t *)(uintptr_t)next;
		ks.key.len = KEY_PUBLIC_LEN;
		rec.body_case = SAMPLAN__RECORD__BODY_KEY_SUCCESSION;
		rec.key_succession = &ks;
	} else {
		m.id = (char *)(uintptr_t)"GR-MF-09";
		rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
		rec.measure = &m;
	}
	free(envs[i]);
	assert_ok(record_build_feed(signer, f->alice.public_key, &rec, seq,
	    prev.hash, 1700000000000, &envs[i], &lens[i], hash));
	entry_clear(&prev);
}

/* Builds rec as alice's record seq, signed by signer, into envs[i]. */
static void
forge_record(struct fixture *f, const struct identity *signer,
    Samplan__Record *rec, uint64_t seq, uint8_t **envs, size_t *lens,
    size_t i)
{
	struct entry	prev;
	uint8_t		hash[RECORD_HASH_LEN];

	assert_ok(entry_decode(envs[i - 1], lens[i - 1], &prev));
	free(envs[i]);
	assert_ok(record_build_feed(signer, f->alice.public_key, rec, seq,
	    prev.hash, 1700000000000, &envs[i], &lens[i], hash));
	entry_clear(&prev);
}

/*
 * Refused: a succession signed by another key (and what that key signs
 * after it), a record after the succession signed by the old key, and a
 * succession naming the key in force.  Each keeps the valid prefix only.
 */
static void
test_succession_forged(void **state)
{
	struct fixture		*f = *state;
	struct identity		 k2, k3;
	struct ingest_result	 res;
	struct store		*s;
	uint8_t			**envs;
	size_t			*lens;
	char			*dir;

	identity_make(&k2);
	identity_make(&k3);
	envs = rotated_feed(f, &k2, &k3, &lens);
	dir = subdir(f, "rotforged");
	assert_ok(store_open(dir, 0, 0, f->bob.public_key, &s));

	/* eve's succession at 3 and eve's record at 4. */
	forge(f, &f->eve, f->eve.public_key, 3, envs, lens, 2);
	forge(f, &f->eve, NULL, 4, envs, lens, 3);
	assert_rc(ingest_raw(f, s, envs, lens, 0, 4, &res), SP_EBADSIG);
	assert_int_equal(res.accepted, 2);
	assert_int_equal(res.bad_seq, 3);
	check_rotated_head(f, s, 2, f->alice.public_key, 1);
	free_feed(envs, lens, 8);

	/* The genuine succession, then alice's old key at 4. */
	envs = rotated_feed(f, &k2, &k3, &lens);
	forge(f, &f->alice, NULL, 4, envs, lens, 3);
	assert_rc(ingest_raw(f, s, envs, lens, 2, 5, &res), SP_EBADSIG);
	assert_int_equal(res.accepted, 1);
	assert_int_equal(res.bad_seq, 4);
	check_rotated_head(f, s, 3, k2.public_key, 4);

	/* k2 names itself at 4: refused as invalid, nothing written. */
	forge(f, &k2, k2.public_key, 4, envs, lens, 3);
	assert_rc(ingest_raw(f, s, envs, lens, 3, 4, &res), SP_EINVAL);
	assert_int_equal(res.accepted, 0);
	check_rotated_head(f, s, 3, k2.public_key, 4);
	store_close(&s);
	free(dir);
	free_feed(envs, lens, 8);
}

/* Appends rec to feed, signed by signer; sets *h to the new head. */
static void
append_rec(struct store *s, const uint8_t *feed, const struct identity *signer,
    Samplan__Record *rec, struct feed_head *h)
{
	struct store_txn	*t;

	assert_ok(store_begin(s, 1, &t));
	assert_ok(feed_append_to(t, feed, signer, rec, 1700000000000, h));
	assert_ok(store_commit(&t));
}

/*
 * A record that arrives without its texts, followed in its batch by a
 * succession and the redaction the new key signed, is held; with a
 * forged succession before the redaction it is not.
 */
static void
test_succession_redaction_later(void **state)
{
	struct fixture		*f = *state;
	const uint8_t		*a = f->alice.public_key;
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	Samplan__KeySuccession	 ks = SAMPLAN__KEY_SUCCESSION__INIT;
	Samplan__Redaction	 red = SAMPLAN__REDACTION__INIT;
	struct identity		 k2;
	struct feed_head	 h, first;
	struct ingest_result	 res;
	struct store		*s;
	uint8_t			**envs;
	size_t			*lens;
	char			*dir = subdir(f, "rotred");

	identity_make(&k2);
	assert_ok(store_open(dir, 0, 0, NULL, &s));
	m.id = (char *)(uintptr_t)"GR-MF-01";
	m.beskrivelse = (char *)(uintptr_t)"Tekst som fjernes";
	rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec.measure = &m;
	append_rec(s, a, &f->alice, &rec, &first);
	ks.key.data = k2.public_key;
	ks.key.len = KEY_PUBLIC_LEN;
	rec.body_case = SAMPLAN__RECORD__BODY_KEY_SUCCESSION;
	rec.key_succession = &ks;
	append_rec(s, a, &f->alice, &rec, &h);
	red.feed.data = (uint8_t *)(uintptr_t)a;
	red.feed.len = KEY_PUBLIC_LEN;
	red.seq = 1;
	red.hash.data = first.hash;
	red.hash.len = RECORD_HASH_LEN;
	red.reason = (char *)(uintptr_t)"feilført";
	rec.body_case = SAMPLAN__RECORD__BODY_REDACTION;
	rec.redaction = &red;
	append_rec(s, a, &k2, &rec, &h);
	envs = feed_copy(s, a, 3, &lens);	/* record 1 is stripped */
	store_close(&s);
	tmpdir_remove(dir);
	free(dir);

	/* The genuine batch: held, record 1 without its text. */
	dir = subdir(f, "rotred2");
	assert_ok(store_open(dir, 0, 0, f->bob.public_key, &s));
	assert_ok(ingest_raw(f, s, envs, lens, 0, 3, &res));
	assert_int_equal(res.accepted, 3);
	check_rotated_head(f, s, 3, k2.public_key, 3);
	store_close(&s);
	free(dir);

	/* eve's succession at 2 and her redaction at 3: record 1 is not. */
	dir = subdir(f, "rotred3");
	assert_ok(store_open(dir, 0, 0, f->bob.public_key, &s));
	forge(f, &f->eve, f->eve.public_key, 2, envs, lens, 1);
	forge_record(f, &f->eve, &rec, 3, envs, lens, 2);
	assert_rc(ingest_raw(f, s, envs, lens, 0, 3, &res), SP_EREDACTED);
	assert_int_equal(res.accepted, 0);
	assert_int_equal(res.bad_seq, 1);
	store_close(&s);
	free(dir);
	free_feed(envs, lens, 3);
}

/*
 * A fork between two successions is told by the key in force there (the
 * head keeps only the newest): k2's second record 4 is a fork, eve's a
 * bad signature.
 */
static void
test_succession_fork(void **state)
{
	struct fixture		*f = *state;
	struct identity		 k2, k3;
	struct ingest_result	 res;
	struct store		*s;
	uint8_t			**envs;
	size_t			*lens;
	char			*dir = subdir(f, "rotfork");

	identity_make(&k2);
	identity_make(&k3);
	envs = rotated_feed(f, &k2, &k3, &lens);
	assert_ok(store_open(dir, 0, 0, f->bob.public_key, &s));
	assert_ok(ingest_raw(f, s, envs, lens, 0, 8, &res));
	forge(f, &f->eve, NULL, 4, envs, lens, 3);
	assert_rc(ingest_raw(f, s, envs, lens, 3, 4, &res), SP_EBADSIG);
	check_rotated_head(f, s, 8, k3.public_key, 7);
	forge(f, &k2, NULL, 4, envs, lens, 3);
	assert_rc(ingest_raw(f, s, envs, lens, 3, 4, &res), SP_EFORK);
	assert_int_equal(res.bad_seq, 4);
	store_close(&s);
	free(dir);
	free_feed(envs, lens, 8);
}

/* policy_check: a succession names one key with a CURVE form. */
static void
test_succession_policy(void **state)
{
	struct fixture		*f = *state;
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__KeySuccession	 ks = SAMPLAN__KEY_SUCCESSION__INIT;
	uint8_t			 ident[KEY_PUBLIC_LEN] = { 1 };
	const char		*field, *reason;

	rec.body_case = SAMPLAN__RECORD__BODY_KEY_SUCCESSION;
	rec.key_succession = &ks;
	ks.key.data = f->bob.public_key;
	ks.key.len = KEY_PUBLIC_LEN - 1;
	assert_rc(policy_check(NULL, "alice", &rec, &field, &reason),
	    SP_EINVAL);
	assert_string_equal(field, "key");
	/* The identity point: 32 bytes, but no CURVE form. */
	ks.key.data = ident;
	ks.key.len = KEY_PUBLIC_LEN;
	assert_rc(policy_check(NULL, "alice", &rec, &field, &reason),
	    SP_EINVAL);
	ks.key.data = f->bob.public_key;
	assert_ok(policy_check(NULL, "alice", &rec, &field, &reason));
	assert_string_equal(record_kind(&rec), "key_succession");
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_succession_ingest_verify),
		cmocka_unit_test(test_succession_forged),
		cmocka_unit_test(test_succession_policy),
		cmocka_unit_test(test_succession_redaction_later),
		cmocka_unit_test(test_succession_fork),
	};

	return cmocka_run_group_tests(tests, feed_fixture_setup,
	    feed_fixture_teardown);
}
