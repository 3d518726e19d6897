/*
 * evidence.c - reading the evidence database as forks (evidence.h).
 *
 * Owns only the interpretation of an entry: which seq the fork is at,
 * which held record stands beside the kept one, and which seq the kept
 * record itself has.  Keeping evidence is feed.c's and ownfeed.c's;
 * printing it is alerts.c's and the tool's.  Never logs.
 */
#include <string.h>

#include "errors.h"
#include "evidence.h"
#include "record.h"

/*
 * Whether e chains from a record at e's seq - 1 other than the one the
 * log holds there (held, which must decode).
 */
static int
evidence_breaks_chain(const struct entry *e, const uint8_t *held,
    size_t hlen)
{
	struct entry	h;
	int		breaks;

	if (entry_decode(held, hlen, &h) != 0)
		return 0;
	breaks = e->rec->prev.len != RECORD_HASH_LEN ||
	    memcmp(e->rec->prev.data, h.hash, RECORD_HASH_LEN) != 0;
	entry_clear(&h);
	return breaks;
}

int
evidence_fork(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
    uint64_t seq, const uint8_t *env, size_t len, struct evidence_fork *f)
{
	struct entry	 e;
	const uint8_t	*below;
	size_t		 blen;
	int		 rc;

	memset(f, 0, sizeof(*f));
	f->seq = seq;
	f->rec_seq = seq;
	if (store_log_get(t, author, seq, &f->held, &f->held_len) != 0)
		f->held = NULL;
	if ((rc = entry_decode(env, len, &e)) != 0)
		return rc;
	f->rec_seq = e.rec->seq;
	/*
	 * A proof kept under its own seq (before the fork's seq was the
	 * key): we hold no record there, and its prev is not ours.
	 */
	if (f->rec_seq == seq && f->held == NULL && seq > 1 &&
	    store_log_get(t, author, seq - 1, &below, &blen) == 0 &&
	    evidence_breaks_chain(&e, below, blen)) {
		f->seq = seq - 1;
		f->held = below;
		f->held_len = blen;
	}
	entry_clear(&e);
	return 0;
}
