/*
 * policy.h - who may write what: the contract's rule 2, from the config.
 *
 * A region's coordinator alone writes that region's regional measures; a
 * member kommune writes its own adaptations, local measures, reports and
 * plan.  The same check runs on a write from the command line (before
 * signing) and on every record received from a peer (after the
 * signature has named the author), so a relayed record cannot speak for
 * anybody but its author.
 */
#ifndef SAMPLAN_POLICY_H
#define SAMPLAN_POLICY_H

#include <stdint.h>

#include "config.h"
#include "samplan.pb-c.h"

/*
 * Returns the node name of key: cfg->name for self, a peer's name, or
 * NULL when the config does not know the key.
 */
const char *policy_author_name(const struct config *cfg,
	    const uint8_t self[KEY_PUBLIC_LEN], const uint8_t key[KEY_PUBLIC_LEN]);

/*
 * Checks that node `author` may write rec's body and that the body is
 * valid, and that rec's actor is one line of text (domain_line_reason(),
 * field "av").  Returns 0, SP_EINVAL (a bad field) or SP_EFORBIDDEN (not this
 * author's to write); *field and *reason then say what and why (static
 * strings).
 */
int	policy_check(const struct config *cfg, const char *author,
	    const Samplan__Record *rec, const char **field, const char **reason);

/*
 * policy_check() with the domain checks' flags (domain.h): a record of
 * a struct entry, decoded by wire.c and changed by no code since, may
 * pass DOMAIN_SCANNED.
 */
int	policy_check_as(const struct config *cfg, const char *author,
	    const Samplan__Record *rec, int flags, const char **field,
	    const char **reason);

/*
 * For a Redaction record: returns 0 when node `author` (key author_key)
 * may redact the record it names: its own, or, as the one
 * documented exception to "nobody writes for anybody else", one of a
 * feed that is a member or coordinator of a region `author`
 * coordinates.  SP_EFORBIDDEN otherwise, with *field and *reason set.
 * self is this node's key.  Returns 0 for every other kind of record.
 */
int	policy_may_redact(const struct config *cfg,
	    const uint8_t self[KEY_PUBLIC_LEN], const char *author,
	    const uint8_t author_key[KEY_PUBLIC_LEN], const Samplan__Record *rec,
	    const char **field, const char **reason);

#endif
