/*
 * redact.c - reading held redactions: the "[fjernet ...]" text that
 * takes a removed text's place in every view, and who redacted what.
 *
 * Owns only the rendering; the store side of redaction is feed.c's.
 * Reads inside the caller's transaction and never writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"
#include "redact.h"
#include "seal.h"

void
redact_format(int64_t time_ms, const char *reason, char *buf, size_t size)
{
	struct tm	tm;
	time_t		secs = (time_t)(time_ms / 1000);

	if (localtime_r(&secs, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	snprintf(buf, size, "[fjernet %02d.%02d.%04d: %s]", tm.tm_mday,
	    tm.tm_mon + 1, tm.tm_year + 1900, reason);
}

int
redact_lookup(struct store_txn *t, const uint8_t feed[KEY_PUBLIC_LEN],
    uint64_t seq, struct redact_info *out)
{
	struct entry	 red;
	const uint8_t	*buf;
	size_t		 len;
	int		 rc;

	if ((rc = store_redaction_get(t, feed, seq, out->by,
	    &out->by_seq)) != 0)
		return rc;
	if ((rc = store_log_get(t, out->by, out->by_seq, &buf, &len)) != 0)
		return rc == SP_ENOTFOUND ? SP_ECORRUPT : rc;
	if (entry_decode(buf, len, &red) != 0)
		return SP_ECORRUPT;
	if (red.rec->body_case != SAMPLAN__RECORD__BODY_REDACTION) {
		entry_clear(&red);
		return SP_ECORRUPT;
	}
	out->time = red.rec->timestamp;
	redact_format(red.rec->timestamp, red.rec->redaction->reason,
	    out->text, sizeof(out->text));
	entry_clear(&red);
	return 0;
}

int
redact_render(struct store_txn *t, struct entry *e)
{
	struct redact_info	 ri;
	char			**f, *copy;
	size_t			 i;
	int			 rc;

	if (e->redacted == 0)
		return 0;
	rc = redact_lookup(t, e->rec->author.data, e->rec->seq, &ri);
	if (rc == SP_ENOTFOUND)
		snprintf(ri.text, sizeof(ri.text), "[fjernet]");
	else if (rc != 0)
		return rc;
	for (i = 0; i < e->rec->n_seals; i++) {
		const Samplan__Seal *s = e->rec->seals[i];

		if (!seal_is_redacted(e->rec, e->env, s->slot, s->index) ||
		    (f = seal_field(e->rec, s->slot, s->index)) == NULL)
			continue;
		if ((copy = strdup(ri.text)) == NULL)
			return SP_ENOMEM;
		/* The field is protobuf-c's empty default: nothing to free. */
		*f = copy;
	}
	return 0;
}
