/*
 * sp_forkstore.c - makes a stopped node hold a real fork: a second record
 * for SEQ of AUTHOR's feed, validly signed with AUTHOR's key (a test has
 * every key), ingested through feed_ingest() as a peer's batch would be.
 * The node's store then keeps both envelopes as evidence and blocks the
 * feed, exactly as after a member's equivocation.
 *
 * usage: sp_forkstore DATA_DIR AUTHOR_KEYFILE SEQ
 * Exits 0 when the store answered with a fork (SP_EFORK), 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "feed.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "wire.h"

/* The entry hash of AUTHOR's record at seq, from the store. */
static int
prev_hash(struct store_txn *t, const uint8_t *author, uint64_t seq,
    uint8_t out[RECORD_HASH_LEN])
{
	struct entry	 e;
	const uint8_t	*buf;
	size_t		 len;
	int		 rc;

	if (seq == 0) {
		memset(out, 0, RECORD_HASH_LEN);
		return 0;
	}
	if ((rc = store_log_get(t, author, seq, &buf, &len)) != 0 ||
	    (rc = entry_decode(buf, len, &e)) != 0)
		return rc;
	memcpy(out, e.hash, RECORD_HASH_LEN);
	entry_clear(&e);
	return 0;
}

int
main(int argc, char **argv)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	struct identity		 id;
	struct store		*s;
	struct store_txn	*t;
	struct ingest_result	 res;
	struct entry		 e;
	uint8_t			 prev[RECORD_HASH_LEN], hash[RECORD_HASH_LEN];
	uint8_t			*env;
	size_t			 len;
	uint64_t		 seq;
	int			 rc;

	if (argc != 4 || (seq = strtoull(argv[3], NULL, 10)) == 0) {
		fprintf(stderr, "usage: sp_forkstore DATA_DIR AUTHOR_KEYFILE "
		    "SEQ\n");
		return 2;
	}
	if (keys_init() != 0 || keys_load(argv[2], &id) != 0 ||
	    store_open(argv[1], 0, 0, NULL, &s) != 0 ||
	    store_begin(s, 1, &t) != 0) {
		fprintf(stderr, "sp_forkstore: cannot open key or store\n");
		return 1;
	}
	m.id = (char *)(uintptr_t)"FORK-1";
	m.innsatsomrade = (char *)(uintptr_t)"Eldre";
	m.tittel = (char *)(uintptr_t)"Det andre tiltaket for samme seq";
	m.frist = (char *)(uintptr_t)"årlig";
	rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec.measure = &m;
	if ((rc = prev_hash(t, id.public_key, seq - 1, prev)) != 0 ||
	    (rc = record_build(&id, &rec, seq, prev, 1700000000000LL, &env,
	    &len, hash)) != 0 || (rc = entry_decode(env, len, &e)) != 0) {
		fprintf(stderr, "sp_forkstore: build: %s\n", sp_strerror(rc));
		return 1;
	}
	free(env);
	rc = feed_ingest(t, NULL, &e, 1, &res);
	entry_clear(&e);
	if (rc == 0)
		rc = store_commit(&t);
	else
		store_abort(&t);
	store_close(&s);
	keys_clear(&id);
	printf("%s\n", sp_strerror(rc != 0 ? rc : res.rc));
	return rc == 0 && res.rc == SP_EFORK ? 0 : 1;
}
