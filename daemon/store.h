/*
 * store.h - a node's LMDB environment: feeds, their logs and evidence.
 *
 * Named databases (RELIABILITY.md R1-R5, R11):
 *   meta      "schema" -> STORE_SCHEMA, "node" -> owner's public key
 *   feeds     author (32) -> head seq (8, big-endian) || head hash (32)
 *             || flags (4, big-endian) || signing key (32) || the seq
 *             it signs from (8, big-endian)
 *   log       author (32) || seq (8, big-endian) -> envelope bytes
 *   evidence  author (32) || seq (8) || entry hash (32) -> envelope bytes;
 *             seq is the fork's, the envelope a record at seq or, for
 *             the node's own feed, at seq + 1 (evidence.h)
 *   redactions feed (32) || seq (8) -> the redaction's feed (32) || seq (8)
 * Default flags only: no NOSYNC, no WRITEMAP, no DUPSORT.  A transaction
 * is the unit of durability; nothing is reported done before commit.
 */
#ifndef SAMPLAN_STORE_H
#define SAMPLAN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "record.h"

#define STORE_SCHEMA		"samplan-store-2"
#define STORE_RDONLY		0x1	/* store_open: read-only (tools) */
#define STORE_MAP_DEFAULT	(64ULL << 20)	/* bytes */
#define STORE_MAX_READERS	254	/* reader slots */
#define STORE_FULL_SLACK	(1024 * 1024)	/* bytes free below: disk full */
#define FEED_BLOCKED		0x1	/* feed_head.flags: equivocation seen */

struct feed_head {
	uint8_t		author[KEY_PUBLIC_LEN];	/* whose feed */
	uint64_t	seq;			/* highest seq held, 0 = none */
	uint8_t		hash[RECORD_HASH_LEN];	/* entry hash at seq */
	uint32_t	flags;			/* FEED_* */
	uint8_t		key[KEY_PUBLIC_LEN];	/* signing key from key_from */
	uint64_t	key_from;		/* 0: the feed id signs all */
};

struct store;
struct store_txn;

/*
 * Opens (and, unless STORE_RDONLY, creates) the store in directory dir.
 * When node_key is not NULL the store is bound to that node: a store
 * created for another node is refused.  Clears stale reader slots.
 * Returns 0 and sets *out, SP_ECORRUPT for a damaged or foreign
 * database, SP_EOLDSTORE for a schema 1 store, SP_ENEWSTORE for one of
 * a newer samplan, SP_ENOTFOUND when a read-only open finds no store,
 * SP_EIO.
 */
int	store_open(const char *dir, uint64_t map_size, int flags,
	    const uint8_t *node_key, struct store **out);

/* Closes the environment and sets *s to NULL. */
void	store_close(struct store **s);

/*
 * Begins a transaction (write != 0: the single write transaction).  A
 * read-only store adopts a map grown by the node and retries.  Returns 0,
 * SP_ENOMEM, SP_EIO.
 */
int	store_begin(struct store *s, int write, struct store_txn **out);

/*
 * Commits durably and frees *t (set to NULL) whatever the outcome.
 * Returns 0, SP_EFULL (map full: grow and replay), SP_ENOSPC, SP_EIO.
 */
int	store_commit(struct store_txn **t);

/* Aborts and frees *t, sets it to NULL.  Does nothing on NULL. */
void	store_abort(struct store_txn **t);

/*
 * Doubles the map size.  No transaction of this process may be open.
 * Returns 0 or SP_EIO.
 */
int	store_grow(struct store *s);

/*
 * Frees the reader slots of dead processes (R5).  Returns the number
 * freed, or a negative SP_E* code.
 */
int	store_reader_check(struct store *s);

/*
 * Sets *bytes to the space free for us on the store's filesystem.
 * Returns 0 or SP_EIO (errno set).
 */
int	store_disk_free(struct store *s, uint64_t *bytes);

/*
 * 1 when the store's filesystem has at least min bytes free for us, or
 * when that cannot be told (the next commit decides); else 0.
 */
int	store_disk_has_room(struct store *s, uint64_t min);

/*
 * Returns how many times store_begin() found the map grown by another
 * process (MDB_MAP_RESIZED) and adopted the new size (for tests).
 */
uint64_t store_resized(const struct store *s);

/* Returns the current map size in bytes. */
uint64_t store_map_size(const struct store *s);

/*
 * The key of the node the store belongs to (meta "node": its feed id),
 * into key.  Returns 0, SP_ENOTFOUND (a store no node has opened yet) or
 * SP_ECORRUPT.
 */
int	store_owner_get(struct store_txn *, uint8_t key[KEY_PUBLIC_LEN]);

/* Feed heads.  store_head_get returns SP_ENOTFOUND for an unknown feed. */
int	store_head_get(struct store_txn *, const uint8_t author[KEY_PUBLIC_LEN],
	    struct feed_head *out);
int	store_head_put(struct store_txn *, const struct feed_head *h);

/*
 * Lists every feed head, sorted by author key, into a new array (*out,
 * caller frees; may be NULL when *n is 0).
 */
int	store_heads(struct store_txn *, struct feed_head **out, size_t *n);

/*
 * Stores an envelope at (author, seq).  Never overwrites: an existing key
 * gives SP_EEXIST.  SP_EFULL when the map is full.
 */
int	store_log_put(struct store_txn *, const uint8_t author[KEY_PUBLIC_LEN],
	    uint64_t seq, const uint8_t *env, size_t len);

/*
 * Finds the envelope at (author, seq).  *env points into the map and is
 * valid until the transaction ends: decode or copy it before.  Returns 0
 * or SP_ENOTFOUND.
 */
int	store_log_get(struct store_txn *, const uint8_t author[KEY_PUBLIC_LEN],
	    uint64_t seq, const uint8_t **env, size_t *len);

/*
 * Calls fn for each envelope of author's feed from seq `from` upwards, in
 * order, until fn returns non-zero (which is returned) or the feed ends
 * (0).  Pointers passed to fn are valid only during the call.
 */
int	store_log_scan(struct store_txn *, const uint8_t author[KEY_PUBLIC_LEN],
	    uint64_t from, int (*fn)(void *arg, uint64_t seq,
	    const uint8_t *env, size_t len), void *arg);

/*
 * Keeps a conflicting envelope as evidence of equivocation at the seq
 * of the fork (which evidence.h says the envelope may follow by one).
 */
int	store_evidence_put(struct store_txn *,
	    const uint8_t author[KEY_PUBLIC_LEN], uint64_t seq,
	    const uint8_t hash[RECORD_HASH_LEN], const uint8_t *env, size_t len);

/*
 * Calls fn for each evidence entry, in (author, seq, hash) order, until
 * fn returns non-zero (returned) or the entries end (0).  Pointers are
 * valid only during the call.
 */
int	store_evidence_scan(struct store_txn *, int (*fn)(void *arg,
	    const uint8_t *author, uint64_t seq, const uint8_t *hash,
	    const uint8_t *env, size_t len), void *arg);

/* Counts evidence entries (for status and tests). */
int	store_evidence_count(struct store_txn *, size_t *n);

/*
 * Rewrites the environment without its free pages, so that the text a
 * redaction dropped is gone from the file: a compacted copy to
 * data.mdb.compact, fsync, rename over data.mdb, fsync the directory,
 * reopen.  A crash leaves either file whole; store_open removes a
 * leftover copy.  No transaction of this process may be open; other
 * processes keep the old file until they reopen.  Sets the file sizes
 * before and after.  Returns 0, SP_ENOSPC, SP_EIO (errno set), SP_EINVAL
 * for a read-only store; after a failed reopen the store is unusable and
 * the caller must stop (fail-stop, as for SP_EIO on commit).
 */
int	store_compact(struct store *s, uint64_t *before, uint64_t *after);

/*
 * Overwrites the envelope at (author, seq), which must exist: only to
 * drop a redacted record's texts, whose entry hash does not change.
 * Returns 0, SP_ENOTFOUND, SP_EFULL.
 */
int	store_log_replace(struct store_txn *,
	    const uint8_t author[KEY_PUBLIC_LEN], uint64_t seq,
	    const uint8_t *env, size_t len);

/*
 * Records that (feed, seq) is redacted by record by_seq of feed by.  The
 * first one held stays.  store_redaction_get returns SP_ENOTFOUND for a
 * record no redaction names.
 */
int	store_redaction_put(struct store_txn *,
	    const uint8_t feed[KEY_PUBLIC_LEN], uint64_t seq,
	    const uint8_t by[KEY_PUBLIC_LEN], uint64_t by_seq);
int	store_redaction_get(struct store_txn *,
	    const uint8_t feed[KEY_PUBLIC_LEN], uint64_t seq,
	    uint8_t by[KEY_PUBLIC_LEN], uint64_t *by_seq);

#endif
