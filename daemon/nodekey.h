/*
 * nodekey.h - the node's own secret key, checked as it is loaded.
 */
#ifndef SAMPLAN_NODEKEY_H
#define SAMPLAN_NODEKEY_H

#include "config.h"
#include "keys.h"

#include <stddef.h>

/*
 * Loads cfg's key into id when only its owner may read the file (no
 * group or other bits), it parses, and no [peer] of cfg has its public
 * key.  Returns 0, or an SP_E* code with what is wrong and what to do
 * in why (len bytes).
 */
int	nodekey_load(const struct config *cfg, struct identity *id, char *why,
	    size_t len);

#endif
