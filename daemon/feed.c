/*
 * feed.c - the rules of a feed: one writer, consecutive seqs, a hash
 * chain, signatures, and equivocation kept as evidence.
 *
 * Invariant: for every author, the log holds records 1..head.seq with
 * record n's prev equal to the entry hash of record n-1, and head.hash is
 * the entry hash of record head.seq.  Nothing here commits; the caller's
 * transaction is the unit of durability.
 */
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "feed.h"
#include "seal.h"
#include "wire.h"

static const uint8_t zero_hash[RECORD_HASH_LEN];

int
feed_head_read(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
    struct feed_head *h)
{
	int	rc;

	rc = store_head_get(t, author, h);
	if (rc == SP_ENOTFOUND) {
		memset(h, 0, sizeof(*h));
		memcpy(h->author, author, KEY_PUBLIC_LEN);
		return 0;
	}
	return rc;
}

/* Applies a redaction this node just wrote (its envelope bytes). */
static int
feed_apply_own_redaction(struct store_txn *t, const uint8_t *env, size_t len)
{
	struct entry	e;
	int		rc;

	if ((rc = entry_decode(env, len, &e)) != 0)
		return rc;
	rc = feed_apply_redaction(t, &e);
	entry_clear(&e);
	return rc;
}

/*
 * A succession this node writes names a 32-byte key other than the one
 * in force now (h is the head it extends).  Returns 0 or SP_EINVAL.
 */
static int
feed_append_succession_ok(const struct feed_head *h,
    const Samplan__Record *rec)
{
	uint8_t	cur[KEY_PUBLIC_LEN];

	if (rec->body_case != SAMPLAN__RECORD__BODY_KEY_SUCCESSION)
		return 0;
	if (rec->key_succession == NULL ||
	    rec->key_succession->key.len != KEY_PUBLIC_LEN)
		return SP_EINVAL;
	feed_signing_key(h, h->seq + 1, cur);
	if (memcmp(cur, rec->key_succession->key.data, KEY_PUBLIC_LEN) == 0)
		return SP_EINVAL;
	return 0;
}

int
feed_append(struct store_txn *t, const struct identity *id,
    Samplan__Record *rec, int64_t now_ms, struct feed_head *head)
{
	return feed_append_to(t, id->public_key, id, rec, now_ms, head);
}

int
feed_sign_next(const struct identity *id, Samplan__Record *rec,
    int64_t now_ms, struct feed_head *h, uint8_t **env, size_t *len)
{
	uint8_t	cur[KEY_PUBLIC_LEN];
	uint8_t	hash[RECORD_HASH_LEN];
	int	rc;

	if (h->flags & FEED_BLOCKED)
		return SP_EBLOCKED;
	/* Only the key in force signs: never the old one after a succession. */
	feed_signing_key(h, h->seq + 1, cur);
	if (memcmp(cur, id->public_key, KEY_PUBLIC_LEN) != 0)
		return SP_EFORBIDDEN;
	if ((rc = feed_append_succession_ok(h, rec)) != 0)
		return rc;
	if ((rc = record_build_feed(id, h->author, rec, h->seq + 1,
	    h->seq == 0 ? zero_hash : h->hash, now_ms, env, len, hash)) != 0)
		return rc;
	h->seq++;
	memcpy(h->hash, hash, RECORD_HASH_LEN);
	if (rec->body_case == SAMPLAN__RECORD__BODY_KEY_SUCCESSION) {
		memcpy(h->key, rec->key_succession->key.data, KEY_PUBLIC_LEN);
		h->key_from = h->seq + 1;
	}
	return 0;
}

/* Stores records from->seq+1.. as signed, then the head to. */
static int
feed_put_run(struct store_txn *t, const struct feed_head *from,
    const struct feed_head *to, const Samplan__Record *recs,
    uint8_t *const *envs, const size_t *lens, size_t count)
{
	size_t	i;
	int	rc;

	for (i = 0; i < count; i++) {
		rc = store_log_put(t, from->author, from->seq + 1 + i, envs[i],
		    lens[i]);
		if (rc == 0 &&
		    recs[i].body_case == SAMPLAN__RECORD__BODY_REDACTION)
			rc = feed_apply_own_redaction(t, envs[i], lens[i]);
		if (rc != 0)
			return rc == SP_EEXIST ? SP_ECORRUPT : rc;
	}
	return store_head_put(t, to);
}

/*
 * Do heads a and b say the same of what comes next?  The store writes
 * "no succession yet" as the feed id signing from seq 1, so the keys are
 * compared as the key in force at the next seq.
 */
static int
feed_head_same(const struct feed_head *a, const struct feed_head *b)
{
	uint8_t	ka[KEY_PUBLIC_LEN], kb[KEY_PUBLIC_LEN];

	feed_signing_key(a, a->seq + 1, ka);
	feed_signing_key(b, b->seq + 1, kb);
	return memcmp(a->author, b->author, KEY_PUBLIC_LEN) == 0 &&
	    a->seq == b->seq && a->flags == b->flags &&
	    memcmp(a->hash, b->hash, RECORD_HASH_LEN) == 0 &&
	    memcmp(ka, kb, KEY_PUBLIC_LEN) == 0;
}

int
feed_put_signed(struct store_txn *t, const struct feed_head *from,
    const struct feed_head *to, const Samplan__Record *recs,
    uint8_t *const *envs, const size_t *lens, size_t count)
{
	struct feed_head	h;
	int			rc;

	/* R3: the head is read inside the write transaction. */
	if ((rc = feed_head_read(t, from->author, &h)) != 0)
		return rc;
	if (!feed_head_same(&h, from))
		return SP_ECHAIN;
	return feed_put_run(t, from, to, recs, envs, lens, count);
}

int
feed_append_to(struct store_txn *t, const uint8_t feed[KEY_PUBLIC_LEN],
    const struct identity *id, Samplan__Record *rec, int64_t now_ms,
    struct feed_head *head)
{
	struct feed_head	 from, to;
	uint8_t			*env;
	size_t			 len;
	int			 rc;

	/* R3: the head is read inside the write transaction. */
	if ((rc = feed_head_read(t, feed, &from)) != 0)
		return rc;
	to = from;
	if ((rc = feed_sign_next(id, rec, now_ms, &to, &env, &len)) != 0)
		return rc;
	rc = feed_put_run(t, &from, &to, rec, &env, &len, 1);
	free(env);
	if (rc != 0)
		return rc;
	*head = to;
	return 0;
}

/* Returns 1 when the entry at seq in the store has the given hash. */
static int
feed_holds(struct store_txn *t, const uint8_t *author, uint64_t seq,
    const uint8_t hash[RECORD_HASH_LEN], int *rc)
{
	struct entry	 stored;
	const uint8_t	*buf;
	size_t		 len;
	int		 same;

	if ((*rc = store_log_get(t, author, seq, &buf, &len)) != 0)
		return 0;
	if ((*rc = entry_decode(buf, len, &stored)) != 0) {
		*rc = SP_ECORRUPT;
		return 0;
	}
	same = memcmp(stored.hash, hash, RECORD_HASH_LEN) == 0;
	entry_clear(&stored);
	return same;
}

void
feed_signing_key(const struct feed_head *h, uint64_t seq,
    uint8_t key[KEY_PUBLIC_LEN])
{
	/* The hook for key succession (FORMAT-V2.md 1): none is written yet. */
	if (h->key_from != 0 && seq >= h->key_from)
		memcpy(key, h->key, KEY_PUBLIC_LEN);
	else
		memcpy(key, h->author, KEY_PUBLIC_LEN);
}

static int
entry_verify(const struct feed_head *h, const struct entry *e)
{
	uint8_t	key[KEY_PUBLIC_LEN];

	feed_signing_key(h, e->rec->seq, key);
	return record_verify(key, e->env->record.data, e->env->record.len,
	    e->env->signature.data, e->env->signature.len);
}

/* Returns 1 when e is a KeySuccession record. */
static int
entry_is_succession(const struct entry *e)
{
	return e->rec->body_case == SAMPLAN__RECORD__BODY_KEY_SUCCESSION;
}

/*
 * Moves the key state k past e: after a succession (its shape checked
 * by policy_check), its key signs from the next seq on.
 */
static void
feed_key_step(struct feed_head *k, const struct entry *e)
{
	if (!entry_is_succession(e) ||
	    e->rec->key_succession->key.len != KEY_PUBLIC_LEN)
		return;
	memcpy(k->key, e->rec->key_succession->key.data, KEY_PUBLIC_LEN);
	k->key_from = e->rec->seq + 1;
}

/*
 * A succession must name a key other than the one in force at its seq
 * (k is the key state there).  Returns 0 or SP_EINVAL.
 */
static int
feed_check_succession(const struct feed_head *k, const struct entry *e)
{
	uint8_t	cur[KEY_PUBLIC_LEN];

	if (!entry_is_succession(e))
		return 0;
	if (e->rec->key_succession->key.len != KEY_PUBLIC_LEN)
		return SP_EINVAL;
	feed_signing_key(k, e->rec->seq, cur);
	if (memcmp(cur, e->rec->key_succession->key.data,
	    KEY_PUBLIC_LEN) == 0)
		return SP_EINVAL;
	return 0;
}

/* The key state walked over a stored feed up to (not including) seq. */
struct key_walk {
	struct feed_head k;		/* the key in force at the next seq */
	uint64_t	 seq;		/* stop here */
};

static int
feed_key_walk_one(void *arg, uint64_t seq, const uint8_t *buf, size_t len)
{
	struct key_walk	*kw = arg;
	struct entry	 e;

	if (seq >= kw->seq)
		return 1;		/* done: not an error */
	if (entry_decode(buf, len, &e) != 0)
		return SP_ECORRUPT;
	feed_key_step(&kw->k, &e);
	entry_clear(&e);
	return 0;
}

/*
 * Sets *k to h's key state at seq, for a seq the store holds: the head
 * keeps only the newest key, so a seq before it walks the stored
 * successions (only when records conflict, so the cost is rare).
 * Returns 0 or SP_ECORRUPT and storage errors.
 */
static int
feed_key_at(struct store_txn *t, const struct feed_head *h, uint64_t seq,
    struct feed_head *k)
{
	struct key_walk	kw;
	int		rc;

	*k = *h;
	if (h->key_from <= 1 || seq >= h->key_from)
		return 0;
	kw.k = *h;
	kw.k.key_from = 0;		/* the feed id signs seq 1 */
	kw.seq = seq;
	if ((rc = store_log_scan(t, h->author, 1, feed_key_walk_one,
	    &kw)) < 0)
		return rc;
	*k = kw.k;
	return 0;
}

/*
 * Sets *k to the key state at seq, a seq of the batch's new run
 * e[first, i) that starts at h: h stepped past the run's records below.
 */
static void
feed_batch_key_at(const struct feed_head *h, const struct entry *e,
    size_t first, size_t i, uint64_t seq, struct feed_head *k)
{
	size_t	j;

	*k = *h;
	for (j = first; j < i && e[j].rec->seq < seq; j++)
		feed_key_step(k, &e[j]);
}

/* Keeps a validly signed conflicting record and blocks its feed. */
static int
feed_record_fork(struct store_txn *t, struct feed_head *h,
    const struct entry *e)
{
	uint8_t	*buf;
	size_t	 len;
	int	 rc;

	if ((rc = wire_pack(&e->env->base, &buf, &len)) != 0)
		return rc;
	rc = store_evidence_put(t, h->author, e->rec->seq, e->hash, buf, len);
	free(buf);
	if (rc != 0)
		return rc;
	h->flags |= FEED_BLOCKED;
	return store_head_put(t, h);
}

/*
 * Evidence from a peer (peer protocol 2): two records of one feed and seq
 * with different entry hashes, both validly signed by the feed's author.
 * Nothing else can block a feed.
 */
int
feed_evidence(struct store_txn *t, const struct feed_policy *p,
    const struct entry *a, const struct entry *b, int *blocked)
{
	struct feed_head	h, k;
	int			rc;

	*blocked = 0;
	if (a->rec->author.len != KEY_PUBLIC_LEN ||
	    b->rec->author.len != KEY_PUBLIC_LEN ||
	    memcmp(a->rec->author.data, b->rec->author.data,
	    KEY_PUBLIC_LEN) != 0)
		return SP_EAUTHOR;
	if (a->rec->seq != b->rec->seq || a->rec->seq == 0)
		return SP_ESEQ;
	if (memcmp(a->hash, b->hash, RECORD_HASH_LEN) == 0)
		return SP_EDUP;		/* one record twice: no fork */
	if (p != NULL && p->admit != NULL &&
	    (rc = p->admit(p->arg, a->rec->author.data)) != 0)
		return rc;
	if ((rc = feed_head_read(t, a->rec->author.data, &h)) != 0)
		return rc;
	if ((rc = feed_key_at(t, &h, a->rec->seq, &k)) != 0)
		return rc;
	if (entry_verify(&k, a) != 0 || entry_verify(&k, b) != 0)
		return SP_EBADSIG;
	if (h.flags & FEED_BLOCKED)
		return 0;		/* known already: nothing to relay */
	if ((rc = feed_record_fork(t, &h, a)) != 0 ||
	    (rc = feed_record_fork(t, &h, b)) != 0)
		return rc;
	*blocked = 1;
	return 0;
}

/*
 * Finds the new record of this batch, among e[first, end), that holds seq.
 * By seq, never by position: a batch may repeat records, and a position
 * taken for a seq once compared two honest records and cried fork.
 */
static const struct entry *
feed_batch_twin(const struct entry *e, size_t first, size_t end,
    uint64_t seq)
{
	size_t	j;

	for (j = first; j < end; j++)
		if (e[j].rec->seq == seq)
			return &e[j];
	return NULL;
}

/*
 * Drops later copies of a record that appears more than once in a batch
 * (same seq, same entry hash), keeping the order of the rest, so that
 * the new records of a batch are one run.  Returns how many were dropped;
 * the freed slots at the end are zeroed, so the caller's cleanup of all
 * n entries stays right, and a replay of the same batch (after the map
 * grew) finds the same records.
 */
static size_t
feed_drop_repeats(struct entry *e, size_t n)
{
	uint64_t	top = 0;	/* the highest seq kept so far */
	size_t		i, j, kept = 0;

	for (i = 0; i < n; i++) {
		if (e[i].rec == NULL)
			continue;	/* dropped by an earlier try */
		/*
		 * A seq above every kept one repeats none of them: a batch
		 * in ascending order, the usual one, costs one compare per
		 * record instead of one per pair.
		 */
		j = kept;
		if (kept > 0 && e[i].rec->seq <= top)
			for (j = 0; j < kept; j++)
				if (e[j].rec->seq == e[i].rec->seq &&
				    memcmp(e[j].hash, e[i].hash,
				    RECORD_HASH_LEN) == 0)
					break;
		if (j < kept) {
			entry_clear(&e[i]);
			continue;
		}
		if (e[i].rec->seq > top)
			top = e[i].rec->seq;
		if (kept != i) {
			e[kept] = e[i];
			memset(&e[i], 0, sizeof(e[i]));
		}
		kept++;
	}
	return n - kept;
}

/*
 * Returns 1 when t holds a redaction of exactly e (feed, seq and entry
 * hash), 0 when it holds none, or a storage error.
 */
static int
feed_redacted(struct store_txn *t, const struct entry *e)
{
	struct entry	 red;
	const uint8_t	*buf;
	uint8_t		 by[KEY_PUBLIC_LEN];
	uint64_t	 by_seq;
	size_t		 len;
	int		 rc, same;

	rc = store_redaction_get(t, e->rec->author.data, e->rec->seq, by,
	    &by_seq);
	if (rc == SP_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if ((rc = store_log_get(t, by, by_seq, &buf, &len)) != 0)
		return rc == SP_ENOTFOUND ? SP_ECORRUPT : rc;
	if (entry_decode(buf, len, &red) != 0)
		return SP_ECORRUPT;
	same = red.rec->body_case == SAMPLAN__RECORD__BODY_REDACTION &&
	    red.rec->redaction->hash.len == RECORD_HASH_LEN &&
	    memcmp(red.rec->redaction->hash.data, e->hash,
	    RECORD_HASH_LEN) == 0;
	entry_clear(&red);
	return same;
}

int
feed_apply_redaction(struct store_txn *t, const struct entry *e)
{
	const Samplan__Redaction	*r;
	struct entry			 target;
	const uint8_t			*buf;
	uint8_t				*out;
	size_t				 len;
	int				 rc;

	if (e->rec->body_case != SAMPLAN__RECORD__BODY_REDACTION)
		return 0;
	r = e->rec->redaction;
	rc = store_log_get(t, r->feed.data, r->seq, &buf, &len);
	if (rc == SP_ENOTFOUND)		/* not here yet: stripped on arrival */
		return store_redaction_put(t, r->feed.data, r->seq,
		    e->rec->author.data, e->rec->seq);
	if (rc != 0)
		return rc;
	if (entry_decode(buf, len, &target) != 0)
		return SP_ECORRUPT;
	if (memcmp(target.hash, r->hash.data, RECORD_HASH_LEN) != 0) {
		entry_clear(&target);
		return 0;	/* names another record: no effect here */
	}
	rc = entry_pack_stripped(&target, &out, &len);
	entry_clear(&target);
	if (rc != 0)
		return rc;
	rc = store_log_replace(t, r->feed.data, r->seq, out, len);
	free(out);
	if (rc != 0)
		return rc;
	return store_redaction_put(t, r->feed.data, r->seq,
	    e->rec->author.data, e->rec->seq);
}

/*
 * Returns 1 when a later entry of this batch is the author's own,
 * validly signed redaction of e[i]: an author's redaction always follows
 * its target in the same feed, so it can not be held before it.  Its
 * own signature is checked here, so that a relay can not strip the text
 * and append a forged redaction; h is the key state at e[i], and the key
 * follows the successions between that verify on their own.
 */
static int
feed_redacted_later(const struct feed_head *h, const struct entry *e,
    size_t i, size_t n)
{
	const Samplan__Redaction	*r;
	struct feed_head		 k = *h;	/* key in force at j */
	size_t				 j;

	for (j = i + 1; j < n; j++) {
		/* Past a succession only when its own signature holds. */
		feed_key_step(&k, &e[j - 1]);
		if (entry_is_succession(&e[j]) && entry_verify(&k, &e[j]) != 0)
			return 0;
		if (e[j].rec->body_case != SAMPLAN__RECORD__BODY_REDACTION)
			continue;
		r = e[j].rec->redaction;
		if (r->seq == e[i].rec->seq && r->feed.len == KEY_PUBLIC_LEN &&
		    memcmp(r->feed.data, h->author, KEY_PUBLIC_LEN) == 0 &&
		    r->hash.len == RECORD_HASH_LEN &&
		    memcmp(r->hash.data, e[i].hash, RECORD_HASH_LEN) == 0 &&
		    entry_verify(&k, &e[j]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Checks e[i], which extends the chain: a record without its texts only
 * while its redaction is held or follows in the batch (SP_EREDACTED),
 * then the policy, with redacted fields filled so that a required text
 * does not fail it.  Sets *rc to a storage error; returns the refusal,
 * or 0.
 */
static int
feed_check(struct store_txn *t, const struct feed_policy *p,
    const struct feed_head *h, struct entry *e, size_t i, size_t n, int *rc)
{
	struct seal_saved	*saved;
	size_t			 nsaved;
	int			 why;

	*rc = 0;
	if (e[i].redacted > 0) {
		if ((why = feed_redacted(t, &e[i])) < 0) {
			*rc = why;
			return 0;
		}
		if (why == 0 && !feed_redacted_later(h, e, i, n))
			return SP_EREDACTED;
	}
	e = &e[i];
	if ((why = feed_check_succession(h, e)) != 0)
		return why;
	if (p == NULL || p->check == NULL)
		return 0;
	if ((*rc = seal_fill(e->rec, e->env, "-", &saved, &nsaved)) != 0)
		return 0;
	why = p->check(p->arg, e->rec);
	seal_unfill(&saved, nsaved);
	return why;
}

/*
 * Walks entries against the head: skips held duplicates, stops at the
 * first record that does not extend the chain.  Sets *first and *end to
 * the new records [first, end) and res->rc/bad_seq to why it stopped.
 * Returns a storage error, or 0.
 */
static int
feed_walk(struct store_txn *t, const struct feed_policy *p,
    struct feed_head *h, struct entry *e, size_t n, size_t *first,
    size_t *end, struct ingest_result *res)
{
	struct feed_head k = *h;	/* the key in force at expect */
	struct feed_head at;		/* the key at an older seq */
	const uint8_t	*running = h->hash;
	uint64_t	 expect = h->seq + 1;
	size_t		 i;
	int		 rc = 0, why = 0;

	*first = n;
	for (i = 0; i < n; i++) {
		const Samplan__Record *r = e[i].rec;

		const struct entry *twin = NULL;

		/* A seq already taken by a new record earlier in this batch. */
		if (r->seq < expect && *first != n)
			twin = feed_batch_twin(e, *first, i, r->seq);
		if (memcmp(r->author.data, h->author, KEY_PUBLIC_LEN) != 0)
			why = SP_EAUTHOR;
		else if (r->seq < expect && (twin != NULL || *first == n)) {
			if (twin != NULL ? memcmp(twin->hash, e[i].hash,
			    RECORD_HASH_LEN) == 0 : feed_holds(t, h->author,
			    r->seq, e[i].hash, &rc)) {
				res->duplicates++;
				continue;
			}
			if (twin == NULL && rc != 0)
				return rc == SP_ENOTFOUND ? SP_ECORRUPT : rc;
			if (twin != NULL)
				feed_batch_key_at(h, e, *first, i, r->seq, &at);
			else if ((rc = feed_key_at(t, h, r->seq, &at)) != 0)
				return rc;
			if (entry_verify(&at, &e[i]) != 0)
				why = twin != NULL ? SP_ESEQ : SP_EBADSIG;
			else if (twin != NULL && entry_verify(&at, twin) != 0)
				why = SP_EBADSIG;	/* the twin was forged */
			else {
				/* Two valid records for one seq: keep both. */
				why = SP_EFORK;
				if (twin != NULL &&
				    (rc = feed_record_fork(t, h, twin)) != 0)
					return rc;
				if ((rc = feed_record_fork(t, h, &e[i])) != 0)
					return rc;
			}
		} else if (r->seq != expect)
			why = r->seq < expect ? SP_ESEQ : SP_EGAP;
		else if (memcmp(r->prev.data, expect == 1 ? zero_hash :
		    running, RECORD_HASH_LEN) != 0)
			why = SP_ECHAIN;
		else
			why = feed_check(t, p, &k, e, i, n, &rc);
		if (rc != 0)
			return rc;
		if (why != 0) {
			res->rc = why;
			res->bad_seq = r->seq;
			break;
		}
		if (*first == n)
			*first = i;
		feed_key_step(&k, &e[i]);
		running = e[i].hash;
		expect++;
	}
	*end = i;
	if (*first == n)
		*first = *end;
	return 0;
}

/*
 * Checks [first, end) by chain and few signatures: each succession alone,
 * by the key before it (it vouches for all below it and names the next
 * key), then the last record by the key in force at its seq, which
 * vouches for the rest.  Sets *k to the key state after end.  Returns 0
 * or SP_EBADSIG.
 */
static int
feed_signed_fast(struct feed_head *k, const struct entry *e, size_t first,
    size_t end)
{
	size_t	i;

	for (i = first; i < end; i++) {
		/* Before the step: the head keeps only the newest key. */
		if ((entry_is_succession(&e[i]) || i == end - 1) &&
		    entry_verify(k, &e[i]) != 0)
			return SP_EBADSIG;
		feed_key_step(k, &e[i]);
	}
	return 0;
}

/*
 * Trims [first, *end) to the part whose signatures hold, each under the
 * key in force at its seq (successions in the batch applied in order);
 * if the fast check fails, finds the first bad signature one by one.
 * Sets *k, a copy of h on entry, to the key state after the kept part.
 */
static void
feed_trim_signed(struct feed_head *k, struct entry *e, size_t first,
    size_t *end, struct ingest_result *res)
{
	struct feed_head	h = *k;
	size_t			i;

	if (feed_signed_fast(k, e, first, *end) == 0)
		return;
	*k = h;
	for (i = first; i < *end; i++) {
		if (entry_verify(k, &e[i]) != 0)
			break;
		feed_key_step(k, &e[i]);
	}
	/* Everything below i verifies alone; i - 1 vouches for them. */
	res->rc = SP_EBADSIG;
	res->bad_seq = e[i < *end ? i : *end - 1].rec->seq;
	*end = i < *end ? i : *end - 1;
}

/*
 * The bytes the log keeps for e: the envelope as wire_pack() gives it,
 * or without its texts when the record was redacted already.  Sets
 * *bytes and *len; *buf is what the caller frees (NULL when *bytes
 * points into e).  Returns 0 or an error.
 *
 * The log has always held the envelope packed again, whatever form a
 * peer sent it in, so that each record has one form in every store.  A
 * peer's envelope bytes may be stored as they are only when they are
 * that form, and entry_receive() keeps them (e->raw) only when
 * wire_canonical() proves it: wire.c's scanner already refuses over-long
 * varints and tags, unknown fields and wrong wire types, and
 * wire_canonical() refuses what protobuf-c would still accept but not
 * give back: fields out of order, a singular field twice (the last
 * wins), a zero or empty scalar written out (left out when packed), a
 * Text's uint32 above 2^32 - 1 (truncated).  For those, and for every
 * entry not from a peer, we pack again as before.
 */
static int
feed_entry_bytes(struct store_txn *t, const struct entry *e, uint8_t **buf,
    const uint8_t **bytes, size_t *len)
{
	int	rc;

	*buf = NULL;
	/* A record redacted already is kept without its texts. */
	if ((rc = feed_redacted(t, e)) < 0)
		return rc;
	if (rc == 1)
		rc = entry_pack_stripped(e, buf, len);
	else if (e->raw != NULL) {
		*bytes = e->raw;
		*len = e->rawlen;
		return 0;
	} else
		rc = wire_pack(&e->env->base, buf, len);
	*bytes = *buf;
	return rc;
}

int
feed_ingest(struct store_txn *t, const struct feed_policy *p,
    struct entry *e, size_t n, struct ingest_result *res)
{
	struct feed_head	 h;
	const uint8_t		*bytes;
	uint8_t			*buf;
	size_t			 first, end, i, len;
	int			 rc;

	memset(res, 0, sizeof(*res));
	if (n == 0)
		return 0;
	if (p != NULL && p->admit != NULL &&
	    (rc = p->admit(p->arg, e[0].rec->author.data)) != 0) {
		res->rc = rc;
		res->bad_seq = e[0].rec->seq;
		return 0;
	}
	if ((rc = feed_head_read(t, e[0].rec->author.data, &h)) != 0)
		return rc;
	res->duplicates = feed_drop_repeats(e, n);
	n -= res->duplicates;
	if (h.flags & FEED_BLOCKED) {
		res->rc = SP_EBLOCKED;
		res->bad_seq = e[0].rec->seq;
		res->head = h;
		return 0;
	}
	if ((rc = feed_walk(t, p, &h, e, n, &first, &end, res)) != 0)
		return rc;
	if (h.flags & FEED_BLOCKED) {
		res->head = h;
		return 0;
	}
	feed_trim_signed(&h, e, first, &end, res);	/* h takes the new key */
	for (i = first; i < end; i++) {
		if ((rc = feed_entry_bytes(t, &e[i], &buf, &bytes, &len)) != 0)
			return rc;
		rc = store_log_put(t, h.author, e[i].rec->seq, bytes, len);
		free(buf);
		if (rc != 0)
			return rc == SP_EEXIST ? SP_ECORRUPT : rc;
		if ((rc = feed_apply_redaction(t, &e[i])) != 0)
			return rc;
	}
	if (end > first) {
		h.seq = e[end - 1].rec->seq;
		memcpy(h.hash, e[end - 1].hash, RECORD_HASH_LEN);
		if ((rc = store_head_put(t, &h)) != 0)
			return rc;
	}
	res->accepted = end - first;
	res->head = h;
	return 0;
}

struct verify_state {
	const struct feed_head *head;	/* the feed being checked */
	struct feed_head key;		/* the key in force at expect */
	uint64_t	 expect;	/* next seq */
	uint8_t		 prev[RECORD_HASH_LEN];	/* hash of expect - 1 */
	uint64_t	 bad_seq;	/* where it failed */
	int		 flags;		/* FEED_VERIFY_* */
};

static int
feed_verify_one(void *arg, uint64_t seq, const uint8_t *buf, size_t len)
{
	struct verify_state	*vs = arg;
	struct entry		 e;
	int			 rc;

	vs->bad_seq = seq;
	if (seq != vs->expect)
		return SP_EGAP;
	if ((rc = entry_decode(buf, len, &e)) != 0)
		return SP_EMALFORMED;
	if (memcmp(e.rec->author.data, vs->head->author, KEY_PUBLIC_LEN) != 0 ||
	    e.rec->seq != seq)
		rc = SP_EAUTHOR;
	else if (memcmp(e.rec->prev.data, vs->prev, RECORD_HASH_LEN) != 0)
		rc = SP_ECHAIN;
	else if (!(vs->flags & FEED_VERIFY_QUICK) || seq == vs->head->seq ||
	    entry_is_succession(&e))
		rc = entry_verify(&vs->key, &e);
	if (rc == 0)
		feed_key_step(&vs->key, &e);
	memcpy(vs->prev, e.hash, RECORD_HASH_LEN);
	entry_clear(&e);
	if (rc == 0)
		vs->expect++;
	return rc;
}

/* Returns 1 when a and b name the same key for the feed's next seq. */
static int
feed_same_key(const struct feed_head *a, const struct feed_head *b)
{
	uint8_t	ka[KEY_PUBLIC_LEN], kb[KEY_PUBLIC_LEN];

	feed_signing_key(a, b->seq + 1, ka);
	feed_signing_key(b, b->seq + 1, kb);
	return memcmp(ka, kb, KEY_PUBLIC_LEN) == 0;
}

int
feed_verify(struct store_txn *t, const struct feed_head *head, int flags,
    uint64_t *bad_seq)
{
	struct verify_state	vs;
	int			rc;

	memset(&vs, 0, sizeof(vs));
	vs.flags = flags;
	vs.head = head;
	vs.key = *head;
	vs.key.key_from = 0;		/* the feed id signs seq 1 */
	vs.expect = 1;
	rc = store_log_scan(t, head->author, 1, feed_verify_one, &vs);
	if (rc == 0 && vs.expect != head->seq + 1) {
		vs.bad_seq = vs.expect;
		rc = SP_EGAP;
	}
	if (rc == 0 && head->seq > 0 &&
	    memcmp(vs.prev, head->hash, RECORD_HASH_LEN) != 0) {
		vs.bad_seq = head->seq;
		rc = SP_ECHAIN;
	}
	if (rc == 0 && !feed_same_key(&vs.key, head)) {
		vs.bad_seq = head->seq;
		rc = SP_ECORRUPT;	/* the head's key is not the feed's */
	}
	*bad_seq = rc == 0 ? 0 : vs.bad_seq;
	return rc;
}
