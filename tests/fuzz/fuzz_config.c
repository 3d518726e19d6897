/*
 * fuzz_config.c - a node's INI file: config_load() on arbitrary bytes.
 *
 * The input is written to a file in the process's scratch directory
 * (config_load() takes a path; relative paths in it resolve there) and
 * loaded with the error report going to /dev/null.  An accepted config
 * must keep config.h's promises (regions and peers sorted by name, within
 * the limits, every lookup finding what it lists), and its normalized
 * form must be a fixed point: print(load(print(cfg))) == print(cfg).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "errors.h"
#include "fuzz.h"

#define CONFIG_FILE	"node.ini"	/* one name, so printed paths agree */

/* Returns config_print(cfg) as a malloc'd string, or NULL. */
static char *
print_config(const struct config *cfg, size_t *len)
{
	FILE	*fp;
	char	*buf = NULL;

	if ((fp = open_memstream(&buf, len)) == NULL)
		return NULL;
	config_print(cfg, fp);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
check_config(const struct config *cfg)
{
	size_t	i, j;

	if (cfg->nregions > CONFIG_MAX_REGIONS ||
	    cfg->npeers > CONFIG_MAX_PEERS)
		fuzz_fail("config_load: %zu regions, %zu peers accepted",
		    cfg->nregions, cfg->npeers);
	if (cfg->name == NULL || cfg->data_dir == NULL ||
	    cfg->key_path == NULL || strlen(cfg->name) > CONFIG_NAME_MAX)
		fuzz_fail("config_load: [node] without name, data_dir or key");
	for (i = 0; i < cfg->nregions; i++) {
		if (i > 0 && strcmp(cfg->regions[i - 1].name,
		    cfg->regions[i].name) >= 0)
			fuzz_fail("config_load: regions not sorted or "
			    "repeated");
		if (config_region_by_name(cfg, cfg->regions[i].name) !=
		    &cfg->regions[i])
			fuzz_fail("config_region_by_name: misses a region");
		if (cfg->regions[i].nmembers > CONFIG_MAX_MEMBERS)
			fuzz_fail("config_load: %zu members accepted",
			    cfg->regions[i].nmembers);
		for (j = 0; j < cfg->regions[i].nmembers; j++)
			if (!config_is_member(&cfg->regions[i],
			    cfg->regions[i].members[j]))
				fuzz_fail("config_is_member: misses a "
				    "member");
		if (cfg->regions[i].coordinator != NULL &&
		    !config_is_coordinator(&cfg->regions[i],
		    cfg->regions[i].coordinator))
			fuzz_fail("config_is_coordinator: misses it");
	}
	for (i = 0; i < cfg->npeers; i++) {
		if (i > 0 && strcmp(cfg->peers[i - 1].name,
		    cfg->peers[i].name) >= 0)
			fuzz_fail("config_load: peers not sorted or repeated");
		if (config_peer_by_name(cfg, cfg->peers[i].name) !=
		    &cfg->peers[i])
			fuzz_fail("config_peer_by_name: misses a peer");
		if (config_peer_by_key(cfg, cfg->peers[i].public_key) == NULL)
			fuzz_fail("config_peer_by_key: misses a peer");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*cfg, *cfg2;
	const char	*path;
	char		*p1, *p2;
	size_t		 n1, n2;
	int		 rc;

	path = fuzz_write_file(CONFIG_FILE, data, size);
	rc = config_load(path, fuzz_devnull(), &cfg);
	if (rc != 0) {
		if (cfg != NULL)
			fuzz_fail("config_load: %s with a config",
			    sp_strerror(rc));
		if (rc != SP_ECONFIG && rc != SP_ENOMEM)
			fuzz_fail("config_load: unexpected %s",
			    sp_strerror(rc));
		return 0;
	}
	check_config(cfg);
	if ((p1 = print_config(cfg, &n1)) == NULL)
		goto done;
	path = fuzz_write_file(CONFIG_FILE, (const uint8_t *)p1, n1);
	if ((rc = config_load(path, fuzz_devnull(), &cfg2)) != 0)
		fuzz_fail("config_load: its own printed form is refused "
		    "(%s):\n%s", sp_strerror(rc), p1);
	if ((p2 = print_config(cfg2, &n2)) != NULL) {
		if (n1 != n2 || memcmp(p1, p2, n1) != 0)
			fuzz_fail("config_print: not a fixed point:\n%s\n"
			    "----\n%s", p1, p2);
		free(p2);
	}
	config_destroy(&cfg2);
	free(p1);
 done:
	config_destroy(&cfg);
	return 0;
}
