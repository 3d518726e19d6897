/*
 * record.h - signing, hashing and structural checks of feed records.
 *
 * A record's exact bytes are signed with the feed's Ed25519 key over
 * RECORD_SIGN_TAG || record, and chained by its entry hash,
 * BLAKE2b-256(RECORD_HASH_TAG || record || signature).  Because the entry
 * hash covers the signature, a verified signature at the head of a chain
 * vouches for every record and signature below it.  Free texts are
 * sealed (seal.h): outside both, so a redaction can drop them.
 */
#ifndef SAMPLAN_RECORD_H
#define SAMPLAN_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "samplan.pb-c.h"

#define RECORD_HASH_LEN	32	/* BLAKE2b-256 entry hash, bytes */
#define RECORD_SIG_LEN	64	/* Ed25519 signature, bytes */
#define RECORD_SIGN_TAG	"samplan/record/v2"
#define RECORD_HASH_TAG	"samplan/entry/v2"
#define RECORD_FORMAT	2	/* Record.format this version writes and reads */

struct wire_arena;

/*
 * One decoded entry of a feed: the envelope, its record, its hash.  An
 * entry from entry_receive() keeps all it holds in its own arena; any
 * other's env and rec are wire_decode()'s, each freed alone.
 */
struct entry {
	Samplan__Envelope *env;		/* owns the exact record bytes */
	Samplan__Record	*rec;		/* decoded from env->record */
	uint8_t		 hash[RECORD_HASH_LEN];	/* entry hash */
	size_t		 redacted;	/* seals without a text */
	struct wire_arena *arena;	/* NULL, or holds env, rec and raw */
	const uint8_t	*raw;		/* NULL, or the envelope as received:
					   the bytes wire_pack(env) gives */
	size_t		 rawlen;	/* bytes at raw */
};

/*
 * Computes the entry hash of (record, signature).
 */
void	record_hash(const uint8_t *rec, size_t reclen, const uint8_t *sig,
	    size_t siglen, uint8_t out[RECORD_HASH_LEN]);

/*
 * Signs rec with id's secret key into sig.  Returns 0, or SP_ENOMEM
 * with sig untouched: a failed signature is an error, never a zero one.
 */
int	record_sign(const struct identity *id, const uint8_t *rec,
	    size_t reclen, uint8_t sig[RECORD_SIG_LEN]);

/*
 * Returns 0 when sig is author's valid signature over rec, else
 * SP_EBADSIG (also for a signature of the wrong length).
 */
int	record_verify(const uint8_t author[KEY_PUBLIC_LEN], const uint8_t *rec,
	    size_t reclen, const uint8_t *sig, size_t siglen);

/*
 * Decodes envelope bytes into *e (fields owned by e; free with
 * entry_clear) and checks the structure: signature 64 bytes, record
 * decodes, format 2, author 32 bytes, seq >= 1, prev 32 bytes, a body
 * (one this version knows, or an unknown field that may be a newer
 * kind).  Opens the sealed texts into e->rec (seal_open); e->redacted
 * counts seals without text.  Does not check the signature or the chain.
 * Returns 0, SP_EMALFORMED, SP_EFORMAT, SP_ETOOBIG, SP_EFIELDS, SP_EUTF8
 * or SP_ENOMEM; *e is empty on error.
 */
int	entry_decode(const uint8_t *buf, size_t len, struct entry *e);

/*
 * Like entry_decode() for an envelope already decoded; takes ownership of
 * *env (sets it to NULL) whatever the outcome.
 */
int	entry_from_envelope(Samplan__Envelope **env, struct entry *e);

/*
 * Decodes the envelope bytes a peer sent into *e, all in an arena of e's
 * own: wire checks only, as wire_decode_envelope() with max as its size
 * cap (the batch's frame cap, as when the frame was decoded whole).
 * When the bytes are exactly what packing the envelope again would give
 * (wire_canonical()), a copy of them is kept in e->raw for the store.
 * Returns 0, or wire_decode()'s errors with *e empty.  Finish with
 * entry_check().
 */
int	entry_receive(const uint8_t *buf, size_t len, size_t max,
	    struct entry *e);

/*
 * The checks of entry_decode() after entry_receive(): decodes the record
 * (into e's arena), checks its structure, opens its texts and computes
 * the entry hash.  Returns as entry_decode(); on error e is cleared.
 */
int	entry_check(struct entry *e);

/*
 * Frees what e holds and zeroes it.
 */
void	entry_clear(struct entry *e);

/*
 * Builds, signs and packs a new record of id's feed.  rec has its body
 * (and actor) set by the caller; this fills author, seq, prev, timestamp
 * and format and seals the texts with fresh salts (rec's author, prev and
 * seals point into local memory while packing only; rec is as it was on
 * return).  On success
 * returns 0 and sets *out to the packed envelope (caller frees) and hash
 * to the new entry hash.  Returns SP_ENOMEM or SP_ETOOBIG.
 */
int	record_build(const struct identity *id, Samplan__Record *rec,
	    uint64_t seq, const uint8_t prev[RECORD_HASH_LEN], int64_t now_ms,
	    uint8_t **out, size_t *outlen, uint8_t hash[RECORD_HASH_LEN]);

/*
 * As record_build, for feed (the feed id, Record.author) signed by id:
 * after a key succession the signing key is not the feed id.
 */
int	record_build_feed(const struct identity *id,
	    const uint8_t feed[KEY_PUBLIC_LEN], Samplan__Record *rec,
	    uint64_t seq, const uint8_t prev[RECORD_HASH_LEN], int64_t now_ms,
	    uint8_t **out, size_t *outlen, uint8_t hash[RECORD_HASH_LEN]);

/*
 * Packs e's envelope without its texts (a redaction) into *out (caller
 * frees).  Returns 0 or SP_ENOMEM.
 */
int	entry_pack_stripped(const struct entry *e, uint8_t **out,
	    size_t *outlen);

/*
 * Returns a short name of the record's body ("measure", "adaptation", ...).
 */
const char *record_kind(const Samplan__Record *rec);

#endif
