/*
 * feed.h - single-writer signed feeds on top of the store.
 *
 * feed_append() extends the node's own feed; feed_ingest() takes records
 * of other authors' feeds, as received from peers, and keeps exactly the
 * longest prefix that is consecutive, chained, authorised and signed.
 * Both work inside a write transaction the caller owns, so the caller
 * decides the batch and commits once (store_commit) before reporting
 * anything as done.
 */
#ifndef SAMPLAN_FEED_H
#define SAMPLAN_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "store.h"

/*
 * What a node lets into its store.  admit() says whether an author's feed
 * is accepted at all (SP_EUNKNOWN otherwise); check() says whether one
 * record's body may be written by its author and is valid (0, or
 * SP_EFORBIDDEN / SP_EINVAL).  Either may be NULL to allow everything.
 * check() gets an entry's record as record.c decoded it with wire.c,
 * redacted texts set to an ASCII placeholder, and nothing else changed.
 */
struct feed_policy {
	int	(*admit)(void *arg, const uint8_t author[KEY_PUBLIC_LEN]);
	int	(*check)(void *arg, const Samplan__Record *rec);
	void	 *arg;
};

struct ingest_result {
	size_t		accepted;	/* new records written */
	size_t		duplicates;	/* records already held */
	int		rc;		/* first refusal, 0 if none */
	uint64_t	bad_seq;	/* seq of the refused record */
	struct feed_head head;		/* the feed's head afterwards */
};

/*
 * Appends rec (body set by the caller) to id's own feed: reads the head
 * inside t, builds, signs, stores.  On success returns 0 and fills *head.
 * Returns SP_EFULL (abort, grow, replay), SP_ETOOBIG, SP_EBLOCKED, SP_EIO.
 * Nothing is durable until the caller commits t.
 */
int	feed_append(struct store_txn *t, const struct identity *id,
	    Samplan__Record *rec, int64_t now_ms, struct feed_head *head);

/*
 * As feed_append, for the feed whose id is feed, signed by id, which must
 * hold the key in force at the next seq (SP_EFORBIDDEN otherwise: the
 * feed's first key after a succession, for one).  A KeySuccession must
 * name another 32-byte key (SP_EINVAL); once written, its key is kept in
 * the head and signs from the next seq on.
 */
int	feed_append_to(struct store_txn *t, const uint8_t feed[KEY_PUBLIC_LEN],
	    const struct identity *id, Samplan__Record *rec, int64_t now_ms,
	    struct feed_head *head);

/*
 * feed_append_to() in two halves, so that signing can run beside a
 * commit (signer.c).  feed_sign_next() builds and signs rec as the record
 * after *h, in memory only, and advances *h to it (its seq, hash and a
 * succession's key); it refuses as feed_append_to() does.  The envelope
 * (*env, *len) is the caller's to free.  feed_put_signed() stores count
 * such envelopes inside t, when the head there is still exactly from,
 * and the head to after them; SP_ECHAIN when the head has moved (sign
 * again), or a storage error.
 */
int	feed_sign_next(const struct identity *id, Samplan__Record *rec,
	    int64_t now_ms, struct feed_head *h, uint8_t **env, size_t *len);
int	feed_put_signed(struct store_txn *t, const struct feed_head *from,
	    const struct feed_head *to, const Samplan__Record *recs,
	    uint8_t *const *envs, const size_t *lens, size_t count);

/* The head of feed inside t, or an empty head (seq 0) for a new feed. */
int	feed_head_read(struct store_txn *t, const uint8_t feed[KEY_PUBLIC_LEN],
	    struct feed_head *h);

/*
 * Ingests n decoded entries, which must all claim one author and be in
 * ascending seq order.  Verifies the hash chain from the stored head,
 * the signature of each KeySuccession by the key before it and of the
 * last new record by the key in force at its seq (falling back to each
 * signature when that fails), and keeps the new key in the head.  A
 * succession naming the key in force is refused (SP_EINVAL).  Writes
 * the valid prefix; *res says how far it got and why it stopped.  A
 * validly signed record that conflicts with a stored one is kept as
 * evidence and blocks the feed (SP_EFORK).  Returns 0
 * unless storage failed (SP_EFULL, SP_EIO, ...), in which case the
 * transaction must be aborted.
 */
int	feed_ingest(struct store_txn *t, const struct feed_policy *policy,
	    struct entry *entries, size_t n, struct ingest_result *res);

/*
 * Sets key to the key that signs seq of h's feed: the feed id, or the
 * successor h names from h->key_from on.  The one place this is decided.
 */
void	feed_signing_key(const struct feed_head *h, uint64_t seq,
	    uint8_t key[KEY_PUBLIC_LEN]);

/*
 * When e (stored inside t) is a Redaction: drops the named record's
 * texts from the log if it is held with the named hash, and remembers
 * the redaction so that a later copy of the record is stripped on
 * arrival.  Does nothing for other records.  Returns 0 or a storage
 * error.
 */
int	feed_apply_redaction(struct store_txn *t, const struct entry *e);

/*
 * Evidence of equivocation sent by a peer: a and b must be two records of
 * one admitted author and seq with different entry hashes, each validly
 * signed.  Then both are kept as evidence and the feed is blocked, as
 * feed_ingest does for a fork it finds; *blocked is 1 when this blocked
 * it (0 when it was blocked already).  Returns 0, or SP_EAUTHOR, SP_ESEQ,
 * SP_EDUP (the same record twice), SP_EUNKNOWN, SP_EBADSIG for evidence
 * that proves nothing, or a storage error (abort the transaction).
 */
int	feed_evidence(struct store_txn *t, const struct feed_policy *policy,
	    const struct entry *a, const struct entry *b, int *blocked);

#define FEED_VERIFY_QUICK	0x1	/* chain, successions, head signature */

/*
 * Verifies one stored feed end to end: contiguous from 1, chain links,
 * and every signature, each by the key in force at its seq (the feed id,
 * then each KeySuccession's key from the seq after it), or with
 * FEED_VERIFY_QUICK only the successions' and the head's (the
 * chain covers every byte below it, so any damage is still found; only
 * a record its own author signed badly would pass).  Returns 0, or the
 * first fault's code with its seq in *bad_seq (SP_EGAP, SP_ECHAIN,
 * SP_EBADSIG, SP_EAUTHOR, SP_EMALFORMED; SP_ECORRUPT when the head's
 * stored key is not the one the successions name).
 */
int	feed_verify(struct store_txn *t, const struct feed_head *head,
	    int flags, uint64_t *bad_seq);

#endif
