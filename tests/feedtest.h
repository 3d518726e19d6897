/*
 * feedtest.h - the fixture the feed tests share (test_feed.c,
 * test_succession.c, test_signer.c, and the record makers of
 * test_wire*.c): a private directory, three identities, and helpers that
 * build, copy and ingest feeds in real stores.
 */
#ifndef SAMPLAN_FEEDTEST_H
#define SAMPLAN_FEEDTEST_H

#include <stddef.h>
#include <stdint.h>

#include "feed.h"
#include "store.h"
#include "testutil.h"

struct fixture {
	char		*dir;		/* private temporary directory */
	struct identity	 alice;		/* the node's own identity */
	struct identity	 bob;		/* a foreign author */
	struct identity	 eve;		/* an author nobody knows */
};

/* cmocka group setup and teardown: the fixture in *state. */
int	feed_fixture_setup(void **state);
int	feed_fixture_teardown(void **state);

void	identity_make(struct identity *id);

/* A note with the letters a Norwegian text brings. */
#define FEEDTEST_NOTE	"Tiltaket følges opp av koordinator – æøå ÆØÅ"

/* A signed report of id's feed at seq: a status, a sealed actor, note. */
uint8_t	*report_make(const struct identity *id, uint64_t seq,
	    const char *status, const char *note, size_t *len);

/* report_make() with status "igangsatt" and FEEDTEST_NOTE. */
uint8_t	*envelope_make(const struct identity *id, uint64_t seq, size_t *len);

/* A feed_policy admit function that knows alice and bob only. */
int	admit_known(void *arg, const uint8_t *author);

/* name below the fixture's directory; malloc'd. */
char	*subdir(struct fixture *f, const char *name);

/* Appends one measure record titled title to id's feed in store s. */
void	append_one(struct store *s, const struct identity *id,
	    const char *title, struct feed_head *h);

/* Builds id's feed 1..n in a scratch store; returns packed envelopes. */
uint8_t **foreign_feed(struct fixture *f, const struct identity *id,
	    size_t n, size_t **lens);
void	free_feed(uint8_t **envs, size_t *lens, size_t n);

/* Ingests raw envelopes [from, to) into s; returns the result's rc. */
int	ingest_raw(struct fixture *f, struct store *s, uint8_t **envs,
	    size_t *lens, size_t from, size_t to, struct ingest_result *res);

/* The head seq of id's feed in s (0 when it has none). */
uint64_t head_seq(struct store *s, const struct identity *id);

#endif
