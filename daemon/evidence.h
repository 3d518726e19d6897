/*
 * evidence.h - what one entry of the evidence database shows a reader:
 * the seq where a feed's branches part, and the records that prove it.
 *
 * An entry is kept under the seq of the fork.  Its envelope is either a
 * second record for that seq (an equivocation seen on ingest or sent as
 * Evidence) or, for a node's own feed, the next record of the other
 * branch: its prev names a record at the fork seq other than ours, which
 * the peer may never have sent (ownfeed.c).  The writers are feed.c and
 * ownfeed.c; this module only reads, for alerts.c and `samplan dump
 * --evidence`, so that both name a fork the same way.
 */
#ifndef SAMPLAN_EVIDENCE_H
#define SAMPLAN_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "store.h"

/* One evidence entry as a fork. */
struct evidence_fork {
	uint64_t	 seq;		/* where the branches part */
	uint64_t	 rec_seq;	/* the seq of the entry's own record */
	const uint8_t	*held;		/* the log's record at seq, or NULL */
	size_t		 held_len;	/* bytes at held */
};

/*
 * Reads one entry (author, seq, env as store_evidence_scan() passes
 * them) into *f.  rec_seq is seq + 1 when the record proves the other
 * record at seq by its prev.  An entry that an older samplan kept under
 * the seq of such a proof is named by the fork's seq as well.  held
 * points into the map: valid until the transaction ends.  Returns 0, or
 * SP_EMALFORMED for an envelope that does not decode (f names seq).
 */
int	evidence_fork(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
	    uint64_t seq, const uint8_t *env, size_t len,
	    struct evidence_fork *f);

#endif
