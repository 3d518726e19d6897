/*
 * cmd_owner.c - `samplan keygen ... --owner USER`: makes the key with
 * cmd_keygen (cmd_feed.c), then gives the file to USER and USER's
 * primary group, so that a node running as a service user can read a
 * key that root made.  The mode stays 0600.  Owns only the --owner
 * option; every other argument is cmd_keygen's.
 */
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samplan.h"

int
cmd_keygen_owner(struct tool *t, int argc, char **argv)
{
	struct passwd	*pw = NULL;
	const char	*owner = NULL, *out = NULL;
	char		**rest;
	int		 i, n = 0, rc;

	if ((rest = calloc((size_t)argc + 1, sizeof(*rest))) == NULL)
		return tool_error("keygen: out of memory");
	for (i = 0; i < argc; i++) {
		if (i > 0 && strcmp(argv[i], "--owner") == 0) {
			if (i + 1 >= argc) {
				free(rest);
				return tool_error("keygen: --owner needs a "
				    "user name");
			}
			owner = argv[++i];
			continue;
		}
		if (i > 0 && strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[i + 1];
		rest[n++] = argv[i];
	}
	/* Check the user before a key exists that nobody can read. */
	if (owner != NULL) {
		errno = 0;
		if ((pw = getpwnam(owner)) == NULL) {
			free(rest);
			return tool_error("keygen: --owner %s: %s", owner,
			    errno != 0 ? strerror(errno) : "no such user");
		}
	}
	rc = cmd_keygen(t, n, rest);
	free(rest);
	if (rc != EXIT_OK || owner == NULL || out == NULL)
		return rc;
	if (chown(out, pw->pw_uid, pw->pw_gid) == -1) {
		fprintf(stderr, _("samplan: keygen: cannot give %s to %s: %s "
		    "(the key was made; remove it or chown it)\n"), out, owner,
		    strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
