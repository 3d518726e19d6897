/*
 * sp_reader.c - a read-only tool for the stale-reader and map-growth
 * tests (RELIABILITY.md C4, C5), opening the store as `samplan` does.
 *
 *   sp_reader hold DATA_DIR
 *	begins a read transaction, prints "holding txn SEQ" and sleeps with
 *	it open until killed: the test kills it with SIGKILL, leaving a
 *	stale slot in the reader table.
 *   sp_reader loop DATA_DIR SECONDS
 *	for SECONDS (or until SIGTERM), short read transactions, each
 *	verifying every feed's chain and head signature; then prints
 *	"scans N resized N errors N head N" and exits 0 only when no scan
 *	failed and no head went backwards.  "resized" counts the times
 *	store_begin() absorbed MDB_MAP_RESIZED from a node growing the map.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errors.h"
#include "feed.h"
#include "store.h"

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int
reader_hold(struct store *s)
{
	struct store_txn	*t;
	struct feed_head	*heads;
	size_t			 n, i;
	uint64_t		 seq = 0;
	int			 rc;

	if ((rc = store_begin(s, 0, &t)) != 0 ||
	    (rc = store_heads(t, &heads, &n)) != 0) {
		fprintf(stderr, "sp_reader: %s\n", sp_strerror(rc));
		return 1;
	}
	for (i = 0; i < n; i++)
		seq += heads[i].seq;
	free(heads);
	printf("holding txn %llu\n", (unsigned long long)seq);
	fflush(stdout);
	for (;;)
		pause();
}

/* One short read transaction: every feed verified; returns 0 or SP_E*. */
static int
reader_scan(struct store *s, uint64_t *total)
{
	struct store_txn	*t;
	struct feed_head	*heads;
	size_t			 n, i;
	uint64_t		 bad;
	int			 rc;

	if ((rc = store_begin(s, 0, &t)) != 0)
		return rc;
	if ((rc = store_heads(t, &heads, &n)) != 0) {
		store_abort(&t);
		return rc;
	}
	*total = 0;
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = feed_verify(t, &heads[i], FEED_VERIFY_QUICK,
		    &bad)) != 0)
			fprintf(stderr, "sp_reader: feed %zu record %llu: "
			    "%s\n", i, (unsigned long long)bad,
			    sp_strerror(rc));
		*total += heads[i].seq;
	}
	free(heads);
	store_abort(&t);
	return rc;
}

static int
reader_loop(struct store *s, int seconds)
{
	time_t		end = time(NULL) + seconds;
	uint64_t	scans = 0, errors = 0, total, last = 0;
	int		rc;

	while (!stop && time(NULL) < end) {
		if ((rc = reader_scan(s, &total)) != 0) {
			errors++;
			fprintf(stderr, "sp_reader: scan: %s\n",
			    sp_strerror(rc));
		} else if (total < last) {
			errors++;
			fprintf(stderr, "sp_reader: head went back from %llu "
			    "to %llu\n", (unsigned long long)last,
			    (unsigned long long)total);
		} else
			last = total;
		scans++;
		usleep(2000);
	}
	printf("scans %llu resized %llu errors %llu head %llu\n",
	    (unsigned long long)scans,
	    (unsigned long long)store_resized(s),
	    (unsigned long long)errors, (unsigned long long)last);
	return errors == 0 ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	struct store	*s;
	int		 rc, ret;

	if (argc < 3 || (strcmp(argv[1], "hold") != 0 &&
	    strcmp(argv[1], "loop") != 0)) {
		fprintf(stderr, "usage: sp_reader hold DATA_DIR\n"
		    "       sp_reader loop DATA_DIR SECONDS\n");
		return 2;
	}
	signal(SIGTERM, on_term);
	if ((rc = store_open(argv[2], 0, STORE_RDONLY, NULL, &s)) != 0) {
		fprintf(stderr, "sp_reader: open %s: %s\n", argv[2],
		    sp_strerror(rc));
		return 1;
	}
	if (strcmp(argv[1], "hold") == 0)
		ret = reader_hold(s);
	else
		ret = reader_loop(s, argc > 3 ? atoi(argv[3]) : 10);
	store_close(&s);
	return ret;
}
