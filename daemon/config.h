/*
 * config.h - a node's INI configuration, parsed into a fresh struct.
 *
 * config_load() reads the file of DESIGN.md ([node], [region NAME],
 * [peer NAME]) and reports every error it finds, each with file, section
 * and key, before it returns.  Unknown sections and keys are errors; a
 * missing or damaged file is refused, never replaced by defaults.
 */
#ifndef SAMPLAN_CONFIG_H
#define SAMPLAN_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "keys.h"

#define CONFIG_NAME_MAX		64	/* bytes in a node or region name */
#define CONFIG_MAX_PEERS	1024	/* [peer] sections in one file */
#define CONFIG_MAX_REGIONS	16	/* [region] sections in one file */
#define CONFIG_MAX_MEMBERS	1024	/* members of one region */

struct config_peer {
	char	*name;			/* section name: the node's name */
	char	*endpoint;		/* NULL: known by key only */
	char	*title;			/* "Østre Toten kommune", or NULL */
	char	*kommunenummer;		/* "3442", or NULL */
	uint8_t	 public_key[KEY_PUBLIC_LEN];	/* Ed25519 */
	uint64_t max_feed_bytes;	/* its feed's quota; 0: the node's */
	uint64_t revoked_from;		/* records after this seq refused */
	int	 revoked;		/* revoked_from was given */
};

struct config_region {
	char	*name;			/* section name, e.g. gjovikregionen */
	char	*title;			/* human title, e.g. Gjøvikregionen */
	char	*coordinator;		/* node name of the coordinator */
	char	**members;		/* node names of member kommuner */
	size_t	 nmembers;
	char	*mode;			/* "shared_plan" (NULL: the same) or
					   "parallel_plans" */
};

struct config {
	char	*path;			/* the file this was loaded from */
	char	*name;			/* [node] name */
	char	*title;			/* [node] title */
	char	*kommunenummer;		/* [node] kommunenummer, or NULL */
	char	*data_dir;		/* [node] data_dir */
	char	*listen;		/* [node] listen endpoint, may be NULL */
	char	*key_path;		/* [node] key */
	uint8_t	 feed_id[KEY_PUBLIC_LEN];	/* [node] feed_id, if has_feed_id */
	int	 has_feed_id;		/* else: the key file's public key */
	char	*control;		/* [node] control socket, absolute path */
	uint64_t map_size;		/* [node] map_size, bytes (default 64 MiB) */
	uint64_t max_feed_bytes;	/* [node] per-feed quota (default 64 MiB) */
	char	*language;		/* [node] language of the log: nb,
					   nn or en; NULL: the environment's */
	struct config_region *regions;
	size_t	 nregions;
	struct config_peer *peers;	/* every other node, by name */
	size_t	 npeers;
};

/*
 * Loads path into a new struct config.  Every error is printed to err as
 * "FILE: [SECTION] KEY: reason" (or "FILE:LINE: reason" for syntax), all
 * in one pass.  Returns 0 and sets *out, or SP_ECONFIG after printing the
 * errors, or SP_ENOMEM.  The caller frees *out with config_destroy().
 * Relative paths in the file are taken relative to the file's directory.
 */
int	config_load(const char *path, FILE *err, struct config **out);

/*
 * Frees cfg and sets *cfg to NULL.  Does nothing when *cfg is NULL.
 */
void	config_destroy(struct config **cfg);

/*
 * Prints cfg in normalized form ([node], then regions and peers sorted
 * by name, keys in a fixed order, defaults filled in, absolute paths) for
 * `samplan-node -n -v` and the golden tests.  config_load() leaves
 * cfg->regions and cfg->peers sorted by name.
 */
void	config_print(const struct config *cfg, FILE *out);

/*
 * Lookups.  Return borrowed pointers into cfg, or NULL when absent.
 */
const struct config_peer   *config_peer_by_name(const struct config *,
	    const char *name);
const struct config_peer   *config_peer_by_key(const struct config *,
	    const uint8_t key[KEY_PUBLIC_LEN]);
const struct config_region *config_region_by_name(const struct config *,
	    const char *name);

/*
 * The byte quota of feed `peer` (an index into cfg->peers), or of the
 * node's own feed when peer is (size_t)-1: the [peer] max_feed_bytes, or
 * the [node] one.
 */
uint64_t config_feed_quota(const struct config *, size_t peer);

/*
 * Returns 1 when node `name` coordinates region r, or is one of its
 * members, and 0 otherwise.
 */
int	config_is_coordinator(const struct config_region *r, const char *name);

/*
 * The title people read for node `name` ([node] or [peer] title; the
 * name itself when none is set) and its kommunenummer (NULL when none).
 * Borrowed from cfg.
 */
const char *config_node_title(const struct config *cfg, const char *name);
const char *config_node_kommunenummer(const struct config *cfg,
	    const char *name);
int	config_is_member(const struct config_region *r, const char *name);

/*
 * Returns 1 when region r runs parallel plans ([region] mode =
 * parallel_plans: each kommune owns its plan and its plan versions),
 * 0 for a shared plan (the default).
 */
int	config_region_parallel(const struct config_region *r);

/* The values of [region] mode. */
#define CONFIG_MODE_SHARED	"shared_plan"
#define CONFIG_MODE_PARALLEL	"parallel_plans"

#endif
