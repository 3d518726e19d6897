/*
 * test_signer.c - the signer thread (signer.c) and the two halves of an
 * append (feed_sign_next, feed_put_signed): what it signs ahead is byte
 * for byte what feed_append would have written, a refused job leaves the
 * chain where it was, a stale head is refused and nothing is written,
 * and a new start chains onto the head given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "feed.h"
#include "feedtest.h"
#include "signer.h"
#include "store.h"
#include "testutil.h"

#define NOW	1700000000000LL
#define PER_JOB	5

/* The records of one job; each title names its job and place. */
struct job_recs {
	Samplan__Measure	 m[PER_JOB];
	Samplan__KeySuccession	 ks;
	char			 title[PER_JOB][96];
};

static struct sign_job *
job_make(struct job_recs *jr, int job, size_t count)
{
	Samplan__Record	*recs = calloc(count, sizeof(*recs));
	struct sign_job	*sj;
	size_t		 i;

	assert_non_null(recs);
	for (i = 0; i < count; i++) {
		samplan__record__init(&recs[i]);
		samplan__measure__init(&jr->m[i]);
		snprintf(jr->title[i], sizeof(jr->title[i]),
		    "Tiltak %d.%zu – trygghet på åpne møteplasser", job, i);
		jr->m[i].id = (char *)(uintptr_t)"GR-MF-04";
		jr->m[i].tittel = jr->title[i];
		recs[i].body_case = SAMPLAN__RECORD__BODY_MEASURE;
		recs[i].measure = &jr->m[i];
	}
	assert_non_null(sj = sign_job_new(recs, count, NOW + job));
	return sj;
}

/* Stores a done job in one transaction; returns feed_put_signed's rc. */
static int
job_store(struct store *s, const struct sign_job *job)
{
	struct store_txn	*t;
	int			 rc;

	assert_ok(store_begin(s, 1, &t));
	rc = feed_put_signed(t, &job->from, &job->to, job->recs, job->envs,
	    job->lens, job->count);
	if (rc == 0)
		assert_ok(store_commit(&t));
	else
		store_abort(&t);
	return rc;
}

static void
head_of(struct store *s, const struct identity *id, struct feed_head *h)
{
	struct store_txn	*t;

	assert_ok(store_begin(s, 0, &t));
	assert_ok(feed_head_read(t, id->public_key, h));
	store_abort(&t);
}

/* Appends the same records one by one, the old way, at job's time. */
static void
append_serial(struct store *s, const struct identity *id, int job,
    size_t count)
{
	struct job_recs		 jr;
	struct sign_job		*sj = job_make(&jr, job, count);
	struct store_txn	*t;
	struct feed_head	 h;
	size_t			 i;

	assert_ok(store_begin(s, 1, &t));
	for (i = 0; i < count; i++)
		assert_ok(feed_append(t, id, &sj->recs[i], NOW + job, &h));
	assert_ok(store_commit(&t));
	sign_job_free(&sj);
}

/* The log of id's feed in a and b holds the same bytes, 1..n. */
static void
assert_same_log(struct store *a, struct store *b, const struct identity *id,
    uint64_t n)
{
	struct store_txn	*ta, *tb;
	const uint8_t		*ba, *bb;
	size_t			 la, lb;
	uint64_t		 seq;

	assert_ok(store_begin(a, 0, &ta));
	assert_ok(store_begin(b, 0, &tb));
	for (seq = 1; seq <= n; seq++) {
		assert_ok(store_log_get(ta, id->public_key, seq, &ba, &la));
		assert_ok(store_log_get(tb, id->public_key, seq, &bb, &lb));
		assert_int_equal(la, lb);
		assert_memory_equal(ba, bb, la);
	}
	assert_rc(store_log_get(tb, id->public_key, n + 1, &bb, &lb),
	    SP_ENOTFOUND);
	store_abort(&ta);
	store_abort(&tb);
}

/*
 * Four jobs queued at once, the signer chaining each onto the last, the
 * commits after: the same bytes as appending in one thread.
 */
static void
test_signed_ahead_is_append(void **state)
{
	struct fixture	*f = *state;
	struct store	*piped, *serial;
	struct signer	*sg;
	struct job_recs	 jr[4];
	struct sign_job	*jobs[4];
	struct feed_head h;
	char		*d1 = subdir(f, "piped"), *d2 = subdir(f, "serial");
	uint64_t	 bad;
	struct store_txn *t;
	int		 i;

	assert_ok(store_open(d1, 0, 0, f->alice.public_key, &piped));
	assert_ok(store_open(d2, 0, 0, f->alice.public_key, &serial));
	assert_ok(signer_new(&f->alice, &sg));
	head_of(piped, &f->alice, &h);
	for (i = 0; i < 4; i++)
		signer_submit(sg, jobs[i] = job_make(&jr[i], i, PER_JOB),
		    i == 0 ? &h : NULL);
	for (i = 0; i < 4; i++) {
		signer_wait(sg, jobs[i]);
		assert_ok(jobs[i]->rc);
		assert_int_equal(jobs[i]->from.seq, (uint64_t)i * PER_JOB);
		assert_int_equal(jobs[i]->to.seq, (uint64_t)(i + 1) * PER_JOB);
		assert_ok(job_store(piped, jobs[i]));
		append_serial(serial, &f->alice, i, PER_JOB);
	}
	assert_same_log(piped, serial, &f->alice, 4 * PER_JOB);
	head_of(piped, &f->alice, &h);
	assert_int_equal(h.seq, 4 * PER_JOB);
	assert_memory_equal(h.hash, jobs[3]->to.hash, RECORD_HASH_LEN);
	assert_ok(store_begin(piped, 0, &t));
	assert_ok(feed_verify(t, &h, 0, &bad));
	store_abort(&t);
	for (i = 0; i < 4; i++)
		sign_job_free(&jobs[i]);
	signer_destroy(&sg);
	assert_null(sg);
	store_close(&piped);
	store_close(&serial);
	free(d1);
	free(d2);
}

/*
 * A job whose record is refused (a succession naming the key in force)
 * signs nothing and leaves the chain: the job after it chains onto the
 * one before, and both store.
 */
static void
test_refused_job_keeps_chain(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	struct signer	*sg;
	struct job_recs	 jr[3];
	struct sign_job	*jobs[3];
	struct feed_head h;
	char		*dir = subdir(f, "refused");
	int		 i;

	assert_ok(store_open(dir, 0, 0, f->alice.public_key, &s));
	assert_ok(signer_new(&f->alice, &sg));
	head_of(s, &f->alice, &h);
	jobs[0] = job_make(&jr[0], 0, 2);
	jobs[1] = job_make(&jr[1], 1, 2);
	samplan__key_succession__init(&jr[1].ks);
	jr[1].ks.key.data = f->alice.public_key;	/* the key in force */
	jr[1].ks.key.len = KEY_PUBLIC_LEN;
	jobs[1]->recs[1].body_case = SAMPLAN__RECORD__BODY_KEY_SUCCESSION;
	jobs[1]->recs[1].key_succession = &jr[1].ks;
	jobs[2] = job_make(&jr[2], 2, 3);
	for (i = 0; i < 3; i++)
		signer_submit(sg, jobs[i], i == 0 ? &h : NULL);
	for (i = 0; i < 3; i++)
		signer_wait(sg, jobs[i]);
	assert_ok(jobs[0]->rc);
	assert_rc(jobs[1]->rc, SP_EINVAL);
	assert_null(jobs[1]->envs);
	assert_ok(jobs[2]->rc);
	assert_int_equal(jobs[2]->from.seq, 2);
	assert_memory_equal(jobs[2]->from.hash, jobs[0]->to.hash,
	    RECORD_HASH_LEN);
	assert_ok(job_store(s, jobs[0]));
	assert_ok(job_store(s, jobs[2]));
	head_of(s, &f->alice, &h);
	assert_int_equal(h.seq, 5);
	for (i = 0; i < 3; i++)
		sign_job_free(&jobs[i]);
	signer_destroy(&sg);
	store_close(&s);
	free(dir);
}

/*
 * Signed ahead onto a head that then moved (another write got there
 * first): refused as SP_ECHAIN, nothing written; signed again from the
 * store's head (a new start), it stores.
 */
static void
test_stale_head_signs_again(void **state)
{
	struct fixture	*f = *state;
	struct store	*s;
	struct signer	*sg;
	struct job_recs	 jr;
	struct sign_job	*job;
	struct feed_head h, before;
	char		*dir = subdir(f, "stale");

	assert_ok(store_open(dir, 0, 0, f->alice.public_key, &s));
	assert_ok(signer_new(&f->alice, &sg));
	append_one(s, &f->alice, "Grunnopplæring for nyansatte", &h);
	head_of(s, &f->alice, &h);
	signer_submit(sg, job = job_make(&jr, 1, PER_JOB), &h);
	signer_wait(sg, job);
	assert_ok(job->rc);
	append_one(s, &f->alice, "Kartlegging av vold i nære relasjoner", &h);
	head_of(s, &f->alice, &before);
	assert_rc(job_store(s, job), SP_ECHAIN);
	head_of(s, &f->alice, &h);
	assert_int_equal(h.seq, 2);
	assert_memory_equal(h.hash, before.hash, RECORD_HASH_LEN);

	sign_job_reset(job);
	signer_submit(sg, job, &h);
	signer_wait(sg, job);
	assert_ok(job->rc);
	assert_int_equal(job->from.seq, 2);
	assert_ok(job_store(s, job));
	head_of(s, &f->alice, &h);
	assert_int_equal(h.seq, 2 + PER_JOB);
	sign_job_free(&job);
	signer_destroy(&sg);
	store_close(&s);
	free(dir);
}

/* Stopped with jobs queued: the thread ends, the jobs stay ours. */
static void
test_destroy_with_queue(void **state)
{
	struct fixture	*f = *state;
	struct signer	*sg;
	struct job_recs	*jr = calloc(64, sizeof(*jr));
	struct sign_job	*jobs[64];
	struct feed_head h;
	int		 i;

	assert_non_null(jr);
	memset(&h, 0, sizeof(h));
	memcpy(h.author, f->alice.public_key, KEY_PUBLIC_LEN);
	assert_ok(signer_new(&f->alice, &sg));
	for (i = 0; i < 64; i++)
		signer_submit(sg, jobs[i] = job_make(&jr[i], i, PER_JOB),
		    i == 0 ? &h : NULL);
	signer_destroy(&sg);
	assert_null(sg);
	for (i = 0; i < 64; i++)
		sign_job_free(&jobs[i]);
	free(jr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signed_ahead_is_append),
		cmocka_unit_test(test_refused_job_keeps_chain),
		cmocka_unit_test(test_stale_head_signs_again),
		cmocka_unit_test(test_destroy_with_queue),
	};

	return cmocka_run_group_tests(tests, feed_fixture_setup,
	    feed_fixture_teardown);
}
