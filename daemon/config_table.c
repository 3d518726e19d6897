/*
 * config_table.c - the config's key table, and what reads a loaded
 * config: config_print() (driven by the table, for `samplan-node -n -v`
 * and the golden tests), config_destroy() and the lookups.  Parsing is
 * in config.c and config_value.c.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_keys.h"
#include "keys.h"

/* Keys in the order config_print() prints them. */
const struct config_key keytab[] = {
	{ SECT_NODE, "name", KT_NAME, KF_REQUIRED,
	    offsetof(struct config, name), 0, NULL, 0, 0 },
	{ SECT_NODE, "title", KT_TEXT, KF_DEFNAME,
	    offsetof(struct config, title), 0, NULL, 0, 0 },
	{ SECT_NODE, "data_dir", KT_PATH, KF_REQUIRED,
	    offsetof(struct config, data_dir), 0, NULL, 0, 0 },
	{ SECT_NODE, "listen", KT_ENDPOINT, 0,
	    offsetof(struct config, listen), 0, NULL, 0, 0 },
	{ SECT_NODE, "key", KT_PATH, KF_REQUIRED,
	    offsetof(struct config, key_path), 0, NULL, 0, 0 },
	{ SECT_NODE, "feed_id", KT_PUBKEY, 0,
	    offsetof(struct config, feed_id),
	    offsetof(struct config, has_feed_id), NULL, 0, 0 },
	{ SECT_NODE, "control", KT_PATH, KF_DEFDATA,
	    offsetof(struct config, control), 0, CONFIG_CONTROL_DEFAULT, 0,
	    0 },
	{ SECT_NODE, "map_size", KT_SIZE, 0,
	    offsetof(struct config, map_size), 0, CONFIG_MAP_DEFAULT,
	    CONFIG_MAP_MIN, CONFIG_MAP_MAX },
	{ SECT_NODE, "max_feed_bytes", KT_SIZE, 0,
	    offsetof(struct config, max_feed_bytes), 0, CONFIG_QUOTA_DEFAULT,
	    CONFIG_QUOTA_MIN, CONFIG_MAP_MAX },
	{ SECT_REGION, "title", KT_TEXT, KF_DEFNAME,
	    offsetof(struct config_region, title), 0, NULL, 0, 0 },
	{ SECT_REGION, "coordinator", KT_NAME, KF_REQUIRED,
	    offsetof(struct config_region, coordinator), 0, NULL, 0, 0 },
	{ SECT_REGION, "members", KT_NAMES, 0,
	    offsetof(struct config_region, members),
	    offsetof(struct config_region, nmembers), NULL, 0, 0 },
	{ SECT_REGION, "mode", KT_TEXT, 0,
	    offsetof(struct config_region, mode), 0, NULL, 0, 0 },
	{ SECT_PEER, "endpoint", KT_ENDPOINT, 0,
	    offsetof(struct config_peer, endpoint), 0, NULL, 0, 0 },
	{ SECT_PEER, "public_key", KT_PUBKEY, KF_REQUIRED,
	    offsetof(struct config_peer, public_key), 0, NULL, 0, 0 },
	{ SECT_PEER, "max_feed_bytes", KT_SIZE, 0,
	    offsetof(struct config_peer, max_feed_bytes), 0, NULL,
	    CONFIG_QUOTA_MIN, CONFIG_MAP_MAX },
	{ SECT_PEER, "revoked_from", KT_SEQ, 0,
	    offsetof(struct config_peer, revoked_from),
	    offsetof(struct config_peer, revoked), NULL, 0, CONFIG_SEQ_MAX },
	{ SECT_NODE, "kommunenummer", KT_KNR, 0,
	    offsetof(struct config, kommunenummer), 0, NULL, 0, 0 },
	{ SECT_PEER, "title", KT_TEXT, 0,
	    offsetof(struct config_peer, title), 0, NULL, 0, 0 },
	{ SECT_PEER, "kommunenummer", KT_KNR, 0,
	    offsetof(struct config_peer, kommunenummer), 0, NULL, 0, 0 },
	{ SECT_NODE, "language", KT_LANG, 0,
	    offsetof(struct config, language), 0, NULL, 0, 0 },
};
const size_t keytab_len = sizeof(keytab) / sizeof(keytab[0]);
_Static_assert(sizeof(keytab) / sizeof(keytab[0]) <= NKEYS_MAX,
    "struct section.seen has 32 bits");


void
config_destroy(struct config **cfgp)
{
	struct config	*cfg;
	size_t		 i, j;

	if (cfgp == NULL || (cfg = *cfgp) == NULL)
		return;
	for (i = 0; i < cfg->npeers; i++) {
		free(cfg->peers[i].name);
		free(cfg->peers[i].endpoint);
		free(cfg->peers[i].title);
		free(cfg->peers[i].kommunenummer);
	}
	free(cfg->peers);
	for (i = 0; i < cfg->nregions; i++) {
		free(cfg->regions[i].name);
		free(cfg->regions[i].title);
		free(cfg->regions[i].coordinator);
		free(cfg->regions[i].mode);
		for (j = 0; j < cfg->regions[i].nmembers; j++)
			free(cfg->regions[i].members[j]);
		free(cfg->regions[i].members);
	}
	free(cfg->regions);
	free(cfg->path);
	free(cfg->name);
	free(cfg->title);
	free(cfg->kommunenummer);
	free(cfg->data_dir);
	free(cfg->listen);
	free(cfg->key_path);
	free(cfg->control);
	free(cfg->language);
	free(cfg);
	*cfgp = NULL;
}

/* ---- print ---- */

/* Prints the keys of one section of kind, read from base. */
static void
print_keys(FILE *out, enum section_kind kind, const void *base)
{
	const struct config_key	*k;
	const char		*str;
	char			 hex[KEY_HEX_LEN + 1];
	char * const		*names;
	size_t			 i, j, n;

	for (i = 0; i < NKEYS; i++) {
		k = &keytab[i];
		if (k->section != kind)
			continue;
		switch (k->type) {
		case KT_NAME:
		case KT_KNR:
		case KT_TEXT:
		case KT_LANG:
		case KT_PATH:
		case KT_ENDPOINT:
			str = *(char * const *)((const char *)base +
			    k->offset);
			if (str != NULL)
				fprintf(out, "%s = %s\n", k->name, str);
			break;
		case KT_NAMES:
			names = *(char * const * const *)((const char *)base +
			    k->offset);
			n = *(const size_t *)((const char *)base + k->count);
			if (n == 0)
				break;
			fprintf(out, "%s = ", k->name);
			for (j = 0; j < n; j++)
				fprintf(out, "%s%s", j ? ", " : "", names[j]);
			fputc('\n', out);
			break;
		case KT_SIZE:
			n = *(const uint64_t *)((const char *)base + k->offset);
			if (n != 0 || k->def != NULL)
				fprintf(out, "%s = %" PRIu64 "\n", k->name,
				    (uint64_t)n);
			break;
		case KT_SEQ:
			if (*(const int *)((const char *)base + k->count))
				fprintf(out, "%s = %" PRIu64 "\n", k->name,
				    *(const uint64_t *)((const char *)base +
				    k->offset));
			break;
		case KT_PUBKEY:
			/* An optional key (one with a count) prints if set. */
			if (k->count != 0 &&
			    !*(const int *)((const char *)base + k->count))
				break;
			keys_to_hex((const uint8_t *)base + k->offset, hex);
			fprintf(out, "%s = %s\n", k->name, hex);
			break;
		}
	}
}

void
config_print(const struct config *cfg, FILE *out)
{
	size_t	i;

	fprintf(out, "[node]\n");
	print_keys(out, SECT_NODE, cfg);
	for (i = 0; i < cfg->nregions; i++) {
		fprintf(out, "\n[region %s]\n", cfg->regions[i].name);
		print_keys(out, SECT_REGION, &cfg->regions[i]);
	}
	for (i = 0; i < cfg->npeers; i++) {
		fprintf(out, "\n[peer %s]\n", cfg->peers[i].name);
		print_keys(out, SECT_PEER, &cfg->peers[i]);
	}
}

/* ---- lookups ---- */

const struct config_peer *
config_peer_by_name(const struct config *cfg, const char *name)
{
	size_t	i;

	for (i = 0; i < cfg->npeers; i++)
		if (strcmp(cfg->peers[i].name, name) == 0)
			return &cfg->peers[i];
	return NULL;
}

const struct config_peer *
config_peer_by_key(const struct config *cfg,
    const uint8_t key[KEY_PUBLIC_LEN])
{
	size_t	i;

	for (i = 0; i < cfg->npeers; i++)
		if (memcmp(cfg->peers[i].public_key, key,
		    KEY_PUBLIC_LEN) == 0)
			return &cfg->peers[i];
	return NULL;
}

const struct config_region *
config_region_by_name(const struct config *cfg, const char *name)
{
	size_t	i;

	for (i = 0; i < cfg->nregions; i++)
		if (strcmp(cfg->regions[i].name, name) == 0)
			return &cfg->regions[i];
	return NULL;
}

uint64_t
config_feed_quota(const struct config *cfg, size_t peer)
{
	if (peer < cfg->npeers && cfg->peers[peer].max_feed_bytes != 0)
		return cfg->peers[peer].max_feed_bytes;
	return cfg->max_feed_bytes;
}

int
config_is_coordinator(const struct config_region *r, const char *name)
{
	return r->coordinator != NULL && strcmp(r->coordinator, name) == 0;
}

int
config_is_member(const struct config_region *r, const char *name)
{
	size_t	i;

	for (i = 0; i < r->nmembers; i++)
		if (strcmp(r->members[i], name) == 0)
			return 1;
	return 0;
}

const char *
config_node_title(const struct config *cfg, const char *name)
{
	const struct config_peer	*p;

	if (cfg->name != NULL && strcmp(cfg->name, name) == 0)
		return cfg->title != NULL ? cfg->title : cfg->name;
	if ((p = config_peer_by_name(cfg, name)) != NULL && p->title != NULL)
		return p->title;
	return name;
}

const char *
config_node_kommunenummer(const struct config *cfg, const char *name)
{
	const struct config_peer	*p;

	if (cfg->name != NULL && strcmp(cfg->name, name) == 0)
		return cfg->kommunenummer;
	if ((p = config_peer_by_name(cfg, name)) != NULL)
		return p->kommunenummer;
	return NULL;
}

int
config_region_parallel(const struct config_region *r)
{
	return r->mode != NULL && strcmp(r->mode, CONFIG_MODE_PARALLEL) == 0;
}
