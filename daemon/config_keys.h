/*
 * config_keys.h - the key table shared by config.c and config_value.c
 * (parsing) and config_table.c (printing); internal to the config
 * module.
 *
 * Every key of the file format, its section, type, bounds, default and
 * destination field lives in keytab[] (STYLE.md rule 16).
 */
#ifndef SAMPLAN_CONFIG_KEYS_H
#define SAMPLAN_CONFIG_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define CONFIG_CONTROL_DEFAULT	"control.sock"	/* control, in data_dir */
#define CONFIG_SOCKET_MAX	107	/* bytes of a socket path (sun_path) */
#define CONFIG_MAP_DEFAULT	"67108864"	/* map_size default, 64 MiB */
#define CONFIG_MAP_MIN		(1ULL << 20)	/* map_size minimum, 1 MiB */
#define CONFIG_MAP_MAX		(1ULL << 40)	/* map_size maximum, 1 TiB */
#define CONFIG_QUOTA_DEFAULT	"67108864"	/* max_feed_bytes, 64 MiB */
#define CONFIG_QUOTA_MIN	65536ULL	/* max_feed_bytes minimum */
#define CONFIG_SEQ_MAX		(1ULL << 62)	/* largest seq in a config */

enum section_kind {
	SECT_NONE,		/* before the first section */
	SECT_SKIP,		/* a bad or duplicate section: keys ignored */
	SECT_NODE,
	SECT_REGION,
	SECT_PEER
};

enum key_type {
	KT_NAME,		/* a node name: [a-z0-9-], 1..63 */
	KT_NAMES,		/* a comma-separated list of node names */
	KT_TEXT,		/* UTF-8 text for people */
	KT_PATH,		/* a file or directory, made absolute */
	KT_ENDPOINT,		/* tcp://HOST:PORT or ipc://PATH */
	KT_SIZE,		/* a byte count */
	KT_PUBKEY,		/* 64 hex digits, an Ed25519 public key;
				   count, if not 0: its int "given" */
	KT_SEQ,			/* a feed seq; count: offset of its int "given" */
	KT_KNR,			/* a kommunenummer: four digits */
	KT_LANG			/* a language of the log: nb, nn or en */
};

#define KF_REQUIRED	0x01	/* the section is incomplete without it */
#define KF_DEFNAME	0x02	/* defaults to the section's or node's name */
#define KF_DEFDATA	0x04	/* defaults to DATA_DIR/def */

struct config_key {
	enum section_kind section;	/* where the key may appear */
	const char	*name;		/* as written in the file */
	enum key_type	 type;		/* how the value is parsed and printed */
	int		 flags;		/* KF_* */
	size_t		 offset;	/* destination in the section's struct */
	size_t		 count;		/* KT_NAMES: offset of the count;
					   KT_SEQ, KT_PUBKEY: of the int set
					   when given (0: none) */
	const char	*def;		/* default value as text, or NULL */
	uint64_t	 min, max;	/* KT_SIZE: bounds, bytes; 0 when
					   absent is printed only with def */
};

extern const struct config_key	keytab[];	/* in print order */
extern const size_t		keytab_len;
#define NKEYS		keytab_len
#define NKEYS_MAX	32	/* struct section.seen has 32 bits */

#endif
