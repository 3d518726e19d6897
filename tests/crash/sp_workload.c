/*
 * sp_workload.c - a fixed, deterministic append workload for the kill
 * point test (RELIABILITY.md C2): COMMITS durable commits of
 * WORKLOAD_PER_COMMIT records each, every seventh record large enough to
 * need overflow pages, so that commits write single pages (pwrite64),
 * runs of pages (writev) and the meta page, and sync (fdatasync).
 *
 * It resumes from the stored head, so running it again after a kill
 * finishes the same workload.  Each seq is printed only after the commit
 * that holds it returned.  Exits 0 once the head is COMMITS *
 * WORKLOAD_PER_COMMIT, 1 on any error.
 *
 * usage: sp_workload DATA_DIR KEYFILE [COMMITS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "feed.h"
#include "keys.h"
#include "store.h"

#define WORKLOAD_PER_COMMIT	3	/* records in one commit */
#define WORKLOAD_BIG_EVERY	7	/* every 7th seq carries a long text */
#define WORKLOAD_BIG_LEN	6000	/* bytes: two overflow pages */
#define WORKLOAD_EPOCH_MS	1700000000000LL	/* fixed timestamps */

/* The head seq of our own feed, read inside a write txn (R3). */
static int
workload_head(struct store *s, const struct identity *id, uint64_t *seq)
{
	struct store_txn	*t;
	struct feed_head	 h;
	int			 rc;

	if ((rc = store_begin(s, 1, &t)) != 0)
		return rc;
	rc = store_head_get(t, id->public_key, &h);
	store_abort(&t);
	if (rc == SP_ENOTFOUND) {
		*seq = 0;
		return 0;
	}
	*seq = h.seq;
	return rc;
}

int
main(int argc, char *argv[])
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	static char		 title[WORKLOAD_BIG_LEN + 64];
	struct identity		 id;
	struct store		*s;
	struct store_txn	*t;
	struct feed_head	 heads[WORKLOAD_PER_COMMIT];
	uint64_t		 head, target, seq;
	int			 i, n, rc, commits;

	if (argc < 3) {
		fprintf(stderr, "usage: sp_workload DATA_DIR KEYFILE "
		    "[COMMITS]\n");
		return 2;
	}
	commits = argc > 3 ? atoi(argv[3]) : 30;
	target = (uint64_t)commits * WORKLOAD_PER_COMMIT;
	if ((rc = keys_load(argv[2], &id)) != 0 ||
	    (rc = store_open(argv[1], 0, 0, id.public_key, &s)) != 0) {
		fprintf(stderr, "sp_workload: open: %s\n", sp_strerror(rc));
		return 1;
	}
	if ((rc = workload_head(s, &id, &head)) != 0)
		goto fail;
	m.id = (char *)(uintptr_t)"K-7";
	m.innsatsomrade = (char *)(uintptr_t)"Trygge lokalsamfunn";
	m.tittel = title;
	rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec.measure = &m;
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (head < target) {
		n = target - head < WORKLOAD_PER_COMMIT ? (int)(target - head) :
		    WORKLOAD_PER_COMMIT;
		if ((rc = store_begin(s, 1, &t)) != 0)
			goto fail;
		for (i = 0; i < n && rc == 0; i++) {
			seq = head + 1 + (uint64_t)i;
			snprintf(title, sizeof(title), "Tiltak %llu – "
			    "nabolagsvakt og møteplasser",
			    (unsigned long long)seq);
			if (seq % WORKLOAD_BIG_EVERY == 0) {
				size_t len = strlen(title);

				memset(title + len, 'x', WORKLOAD_BIG_LEN);
				title[len + WORKLOAD_BIG_LEN] = '\0';
			}
			rc = feed_append(t, &id, &rec, WORKLOAD_EPOCH_MS +
			    (int64_t)seq, &heads[i]);
		}
		if (rc == 0)
			rc = store_commit(&t);
		else
			store_abort(&t);
		if (rc == SP_EFULL && (rc = store_grow(s)) == 0)
			continue;
		if (rc != 0)
			goto fail;
		/* Acknowledged only now, after the durable commit. */
		for (i = 0; i < n; i++)
			printf("%llu\n", (unsigned long long)heads[i].seq);
		head = heads[n - 1].seq;
	}
	store_close(&s);
	keys_clear(&id);
	return 0;
fail:
	fprintf(stderr, "sp_workload: %s\n", sp_strerror(rc));
	store_close(&s);
	keys_clear(&id);
	return 1;
}
