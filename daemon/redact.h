/*
 * redact.h - what a held redaction means to a reader: the text shown in
 * place of each removed field, and who redacted a record.
 *
 * The store side of redaction (dropping texts, stripping late copies,
 * refusing text-less records without one) is feed.c's; this module only
 * reads (docs/FORMAT-V2.md 2).
 */
#ifndef SAMPLAN_REDACT_H
#define SAMPLAN_REDACT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "record.h"
#include "store.h"

#define REDACT_TEXT_MAX	4200	/* bytes of "[fjernet DD.MM.YYYY: reason]" */

/* A held redaction of one record, as a reader needs it. */
struct redact_info {
	uint8_t	 by[KEY_PUBLIC_LEN];	/* feed that wrote the redaction */
	uint64_t by_seq;		/* its seq there */
	int64_t	 time;			/* its timestamp, ms since the epoch */
	char	 text[REDACT_TEXT_MAX];	/* "[fjernet DD.MM.YYYY: reason]" */
};

/*
 * Looks up the redaction of (feed, seq) held in t.  Returns 0 and fills
 * *out, SP_ENOTFOUND when none is held, or a storage error.
 */
int	redact_lookup(struct store_txn *t, const uint8_t feed[KEY_PUBLIC_LEN],
	    uint64_t seq, struct redact_info *out);

/*
 * Puts "[fjernet DD.MM.YYYY: reason]" into each redacted field of e (a
 * decoded entry with e->redacted > 0), so that every view, export and
 * history shows it in the text's place.  Does nothing for an entry with
 * all its texts.  Returns 0, SP_ENOMEM or a storage error; a redacted
 * entry whose redaction is not held (it can not be stored so) shows
 * "[fjernet]".
 */
int	redact_render(struct store_txn *t, struct entry *e);

/*
 * Formats "[fjernet DD.MM.YYYY: reason]" for a redaction written at
 * time_ms (local date) into buf.
 */
void	redact_format(int64_t time_ms, const char *reason, char *buf,
	    size_t size);

#endif
