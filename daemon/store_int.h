/*
 * store_int.h - what store.c and store_compact.c share and nobody else
 * sees: the environment and its databases, the transaction, LMDB's codes
 * translated, and the steps of compaction store_open() needs.
 */
#ifndef SAMPLAN_STORE_INT_H
#define SAMPLAN_STORE_INT_H

#include <lmdb.h>

#include "store.h"

#define LOG_KEY_LEN	(KEY_PUBLIC_LEN + 8)
#define HEAD_VAL_LEN	(8 + RECORD_HASH_LEN + 4 + KEY_PUBLIC_LEN + 8)
#define STORE_SCHEMA_V1	"samplan-store-1"	/* refused with a hint */
#define COMPACT_FILE	"data.mdb.compact"	/* a compaction's copy */
#define STORE_REOPEN_TRIES 10	/* a tool keeps taking the old lock file */
#define EVIDENCE_KEY_LEN (KEY_PUBLIC_LEN + 8 + RECORD_HASH_LEN)

struct store {
	MDB_env		*env;		/* the environment */
	MDB_dbi		 meta;		/* schema and owner */
	MDB_dbi		 feeds;		/* author -> head */
	MDB_dbi		 log;		/* author||seq -> envelope */
	MDB_dbi		 evidence;	/* forks kept as proof */
	MDB_dbi		 redactions;	/* feed||seq -> redaction's feed||seq */
	int		 rdonly;	/* opened with STORE_RDONLY */
	char		*dir;		/* the directory, for compaction */
	uint64_t	 resized;	/* MDB_MAP_RESIZED absorbed (R4) */
};

struct store_txn {
	struct store	*store;		/* owner */
	MDB_txn		*txn;		/* the LMDB transaction */
};

/* The one place LMDB's codes become ours. */
int	store_err(int rc);

/* Opens the named databases and checks (or writes) meta. */
int	store_open_dbs(struct store *s, const uint8_t *node_key);

/* Removes the copy a compaction killed before its rename left. */
int	store_compact_leftover(const char *dir);

/*
 * Returns 1 when the lock file's transaction id is the data file's, 0
 * when a lock file of the old data.mdb was picked up.
 */
int	store_lock_matches(struct store *s);

/* Closes s->env and opens it again with a fresh lock file. */
int	store_relock(struct store *s);

/* Opens s->env again on the (renamed) data.mdb, with the same map. */
int	store_reopen(struct store *s, size_t mapsize);

#endif
