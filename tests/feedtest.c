/*
 * feedtest.c - the shared fixture of the feed tests (see feedtest.h).
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

void
identity_make(struct identity *id)
{
	crypto_sign_keypair(id->public_key, id->secret_key);
}

uint8_t *
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

uint8_t *
envelope_make(const struct identity *id, uint64_t seq, size_t *len)
{
	return report_make(id, seq, "igangsatt", FEEDTEST_NOTE, len);
}

int
feed_fixture_setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	if (f == NULL || sodium_init() < 0)
		return -1;
	f->dir = tmpdir_create("feed");
	identity_make(&f->alice);
	identity_make(&f->bob);
	identity_make(&f->eve);
	*state = f;
	return 0;
}

int
feed_fixture_teardown(void **state)
{
	struct fixture	*f = *state;

	tmpdir_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* A policy that knows alice and bob only. */
int
admit_known(void *arg, const uint8_t *author)
{
	struct fixture	*f = arg;

	if (memcmp(author, f->alice.public_key, KEY_PUBLIC_LEN) == 0 ||
	    memcmp(author, f->bob.public_key, KEY_PUBLIC_LEN) == 0)
		return 0;
	return SP_EUNKNOWN;
}

char *
subdir(struct fixture *f, const char *name)
{
	return path_join(f->dir, name);
}

/* Appends one measure record titled `title` to id's feed in store s. */
void
append_one(struct store *s, const struct identity *id, const char *title,
    struct feed_head *h)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	struct store_txn	*t;

	m.id = (char *)(uintptr_t)"GR-MF-01";
	m.tittel = (char *)(uintptr_t)title;
	rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec.measure = &m;
	assert_ok(store_begin(s, 1, &t));
	assert_ok(feed_append(t, id, &rec, 1700000000000, h));
	assert_ok(store_commit(&t));
}

/* Builds bob's feed 1..n in a scratch store; returns packed envelopes. */
uint8_t **
foreign_feed(struct fixture *f, const struct identity *id, size_t n,
    size_t **lens)
{
	struct store		*s;
	struct store_txn	*t;
	struct feed_head	 h;
	uint8_t			**envs = calloc(n, sizeof(*envs));
	const uint8_t		*buf;
	char			*dir = subdir(f, "scratch");
	char			 title[64];
	size_t			 i, len;

	*lens = calloc(n, sizeof(**lens));
	assert_ok(store_open(dir, 0, 0, NULL, &s));
	for (i = 0; i < n; i++) {
		snprintf(title, sizeof(title), "Tiltak nr. %zu – æøå", i + 1);
		append_one(s, id, title, &h);
	}
	assert_ok(store_begin(s, 0, &t));
	for (i = 0; i < n; i++) {
		assert_ok(store_log_get(t, id->public_key, i + 1, &buf, &len));
		envs[i] = malloc(len);
		memcpy(envs[i], buf, len);
		(*lens)[i] = len;
	}
	store_abort(&t);
	store_close(&s);
	tmpdir_remove(dir);
	free(dir);
	return envs;
}

void
free_feed(uint8_t **envs, size_t *lens, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(envs[i]);
	free(envs);
	free(lens);
}

/* Ingests raw envelopes [from, to) into s; returns the result. */
int
ingest_raw(struct fixture *f, struct store *s, uint8_t **envs, size_t *lens,
    size_t from, size_t to, struct ingest_result *res)
{
	struct feed_policy	 p = { admit_known, NULL, f };
	struct entry		 e[64];
	struct store_txn	*t;
	size_t			 i, n = 0;
	int			 rc;

	memset(res, 0, sizeof(*res));
	for (i = from; i < to; i++) {
		if ((rc = entry_decode(envs[i], lens[i], &e[n])) != 0) {
			while (n > 0)
				entry_clear(&e[--n]);
			return rc;
		}
		n++;
	}
	assert_ok(store_begin(s, 1, &t));
	rc = feed_ingest(t, &p, e, n, res);
	assert_ok(rc);
	assert_ok(store_commit(&t));
	for (i = 0; i < n; i++)
		entry_clear(&e[i]);
	return res->rc;
}

uint64_t
head_seq(struct store *s, const struct identity *id)
{
	struct store_txn	*t;
	struct feed_head	 h;
	int			 rc;

	assert_ok(store_begin(s, 0, &t));
	rc = store_head_get(t, id->public_key, &h);
	store_abort(&t);
	return rc == 0 ? h.seq : 0;
}
