/*
 * sp_appender.c - appends to a store in a loop, batches of 1..16 records
 * per durable commit, and prints each seq only after its commit returned.
 * The kill -9 test (RELIABILITY.md C1) kills it at random moments and
 * checks that every printed seq survived.
 *
 * usage: sp_appender DATA_DIR KEYFILE [SEED]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"
#include "feed.h"
#include "keys.h"
#include "store.h"

int
main(int argc, char *argv[])
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	struct identity		 id;
	struct store		*s;
	struct store_txn	*t;
	struct feed_head	 h, heads[16];
	char			 title[96];
	int			 i, n, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: sp_appender DATA_DIR KEYFILE [SEED]\n");
		return 2;
	}
	srand(argc > 3 ? (unsigned)atoi(argv[3]) : (unsigned)time(NULL));
	if ((rc = keys_load(argv[2], &id)) != 0 ||
	    (rc = store_open(argv[1], 0, 0, id.public_key, &s)) != 0) {
		fprintf(stderr, "sp_appender: %s\n", sp_strerror(rc));
		return 1;
	}
	m.id = (char *)(uintptr_t)"K-1";
	m.innsatsomrade = (char *)(uintptr_t)"Likeverdige og sammenhengende "
	    "tjenester";
	m.tittel = title;
	rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec.measure = &m;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		n = 1 + rand() % 16;
		if ((rc = store_begin(s, 1, &t)) != 0)
			break;
		for (i = 0; i < n; i++) {
			snprintf(title, sizeof(title), "Tiltak %d – "
			    "tverrfaglig samarbeid", rand());
			if ((rc = feed_append(t, &id, &rec, time(NULL) * 1000LL,
			    &heads[i])) != 0)
				break;
		}
		if (rc == 0)
			rc = store_commit(&t);
		else
			store_abort(&t);
		if (rc == SP_EFULL) {
			if ((rc = store_grow(s)) != 0)
				break;
			continue;
		}
		if (rc != 0)
			break;
		/* Acknowledged only now, after the durable commit. */
		for (i = 0; i < n; i++)
			printf("%llu\n", (unsigned long long)heads[i].seq);
	}
	fprintf(stderr, "sp_appender: %s\n", sp_strerror(rc));
	(void)h;
	store_close(&s);
	return 1;
}
