/*
 * seal.h - sealed texts of format-2 records (docs/FORMAT-V2.md 1).
 *
 * A record is signed with each free-text field left empty and a Seal in
 * its place: a salted BLAKE2b-256 commitment to the text.  The text and
 * its salt travel beside the record in the envelope, outside the
 * signature and the entry hash, so a redaction can drop them and every
 * chain link and signature still verifies.
 */
#ifndef SAMPLAN_SEAL_H
#define SAMPLAN_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "samplan.pb-c.h"

#define SEAL_TAG	"samplan/text/v2"	/* hash domain separation */
#define SEAL_SALT_LEN	16	/* random bytes per text */
#define SEAL_HASH_LEN	32	/* BLAKE2b-256 */
#define SEAL_SLOT_ACTOR	7	/* Record.actor */

/* The seals and texts of one record being built (seal_record). */
struct seal_set {
	Samplan__Seal	 *seals;	/* n seals, signed with the record */
	Samplan__Seal	**pseals;	/* pointers to them, for rec->seals */
	Samplan__Text	 *texts;	/* n texts, for the envelope */
	Samplan__Text	**ptexts;	/* pointers to them, for env.texts */
	uint8_t		(*salt)[SEAL_SALT_LEN];	/* salt of text i */
	uint8_t		(*hash)[SEAL_HASH_LEN];	/* hash of text i */
	char		***field;	/* where text i lives in the record */
	size_t		  n;		/* texts sealed */
};

/*
 * Seals every non-empty text of rec named in seal.c's table: fills ss
 * (ss->texts borrow rec's strings), points rec->seals at ss->pseals and
 * empties the sealed fields, ready to be packed and signed.  Undo with
 * seal_restore() before rec's strings are used or freed.  Returns 0 or
 * SP_ENOMEM (rec untouched, ss empty).
 */
int	seal_record(Samplan__Record *rec, struct seal_set *ss);

/* Puts the texts back into rec, clears rec->seals, frees ss. */
void	seal_restore(Samplan__Record *rec, struct seal_set *ss);

/*
 * Opens the texts of env into rec, decoded from env->record: each Text
 * must match exactly one Seal (slot, index, hash) and its value is placed
 * into the field the slot names (when this version knows the field).
 * Seals must be in ascending (slot, index) order, and a field this
 * version seals must not hold text in the signed record.  Sets *redacted
 * to the number of seals without a text.  Returns 0, SP_EMALFORMED (a
 * text without a seal, two texts for one seal, a hash mismatch, bad
 * salt, text in the clear) or SP_ENOMEM.  The values are copies that rec
 * owns (freed with it), or with borrow set env's own strings: only for a
 * rec and env that are freed together, as in one wire arena.
 */
int	seal_open(Samplan__Record *rec, const Samplan__Envelope *env,
	    size_t *redacted, int borrow);

/*
 * Returns 1 when rec has a Seal for (slot, index) that env carries no
 * Text for: the field was redacted.  0 otherwise.
 */
int	seal_is_redacted(const Samplan__Record *rec,
	    const Samplan__Envelope *env, uint32_t slot, uint32_t index);

/*
 * Finds the string field a slot names in rec (see FORMAT-V2.md 1 for the
 * numbering), or NULL when rec has no such field.  The pointer is into
 * rec; the string it points to belongs to rec.
 */
char	**seal_field(Samplan__Record *rec, uint32_t slot, uint32_t index);

/*
 * Sets each redacted field of rec to the static string ph, saving what
 * was there into *saved (an array of *n the callee allocates), so
 * that validation of a redacted record does not trip over a required
 * text; seal_unfill() puts them back.  Returns 0 or SP_ENOMEM.
 */
struct seal_saved {
	char	**field;		/* a redacted field of the record */
	char	 *old;			/* what it held before seal_fill */
};
int	seal_fill(Samplan__Record *rec, const Samplan__Envelope *env,
	    const char *ph, struct seal_saved **saved, size_t *n);
void	seal_unfill(struct seal_saved **saved, size_t n);

#endif
