/*
 * nodekey.c - the node's own secret key, as samplan-node takes it at
 * start and `samplan-node -n` checks it: that only its owner may read
 * it, that it loads, and that it is not the key of one of the node's
 * peers (a config copied from another kommune's, with its key line).
 * Says what is wrong and how to mend it; the caller logs it (a fatal
 * line at start, an error of -n).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "errors.h"
#include "i18n.h"
#include "keys.h"
#include "nodekey.h"

int
nodekey_load(const struct config *cfg, struct identity *id, char *why,
    size_t len)
{
	const struct config_peer	*p;
	struct stat			 st;
	int				 rc;

	if (stat(cfg->key_path, &st) == -1) {
		snprintf(why, len, _("key %s: %s"), cfg->key_path,
		    strerror(errno));
		return SP_EIO;
	}
	if ((st.st_mode & 0077) != 0) {
		snprintf(why, len, _("key %s: mode %04o lets others read the "
		    "node's secret key; not using it (chmod 600 %s, owned by "
		    "the node's user)"), cfg->key_path,
		    (unsigned)(st.st_mode & 07777), cfg->key_path);
		return SP_EINVAL;
	}
	if ((rc = keys_load(cfg->key_path, id)) != 0) {
		snprintf(why, len, _("key %s: %s"), cfg->key_path,
		    rc == SP_EIO ? strerror(errno) : sp_strerror(rc));
		return rc;
	}
	if ((p = config_peer_by_key(cfg, id->public_key)) != NULL) {
		snprintf(why, len, _("key %s is the key of peer %s, not of "
		    "node %s: each node has its own (samplan keygen)"),
		    cfg->key_path, p->name, cfg->name);
		keys_clear(id);
		return SP_ECONFIG;
	}
	return 0;
}
