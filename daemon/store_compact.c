/*
 * store_compact.c - compaction of the node's LMDB environment: a
 * compacted copy written beside data.mdb, fsynced, renamed over it and
 * reopened, so that the pages that held redacted text leave the file;
 * and the recovery of a compaction that was killed half-way (a leftover
 * copy, a lock file of the old data.mdb).  Part of the store: it shares
 * store_int.h with store.c, and no other file calls mdb_*().
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

#include "errors.h"
#include "store.h"
#include "store_int.h"

/* Removes the copy a compaction killed before its rename left. */
int
store_compact_leftover(const char *dir)
{
	char	path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
	    COMPACT_FILE) >= sizeof(path))
		return SP_EIO;
	if (unlink(path) == -1 && errno != ENOENT)
		return SP_EIO;
	return 0;
}

/* Fsyncs the directory dir, so that a rename in it is durable. */
static int
store_sync_dir(const char *dir)
{
	int	fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1)
		return SP_EIO;
	rc = fsync(fd) == -1 ? SP_EIO : 0;
	close(fd);
	return rc;
}

/* Writes a compacted copy of s's environment to path, fsynced. */
static int
store_compact_copy(struct store *s, const char *path)
{
	int	fd, rc;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		return errno == ENOSPC ? SP_ENOSPC : SP_EIO;
	rc = store_err(mdb_env_copyfd2(s->env, fd, MDB_CP_COMPACT));
	if (rc == 0 && fsync(fd) == -1)
		rc = errno == ENOSPC ? SP_ENOSPC : SP_EIO;
	if (close(fd) == -1 && rc == 0)
		rc = SP_EIO;
	if (rc != 0)
		unlink(path);
	return rc;
}

/*
 * Removes dir/lock.mdb.  The lock file holds the last transaction id;
 * a compacted copy starts again from 1, so the old lock file must never
 * be used with it.  A read-only tool that still has it open keeps it,
 * with the old data.mdb it has open: a consistent old snapshot.
 */
static int
store_unlink_lock(const char *dir)
{
	char	path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/lock.mdb", dir) >=
	    sizeof(path))
		return SP_EIO;
	if (unlink(path) == -1 && errno != ENOENT)
		return SP_EIO;
	return 0;
}

/*
 * Returns 1 when the lock file's transaction id (a read txn's) is the
 * data file's (its newest meta page), 0 when a lock file of the old
 * data.mdb was picked up: a tool opened it between our unlink and our
 * reopen.
 */
int
store_lock_matches(struct store *s)
{
	MDB_envinfo	 info;
	MDB_txn		*txn;
	int		 same;

	if (mdb_env_info(s->env, &info) != 0 ||
	    mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != 0)
		return 0;
	same = mdb_txn_id(txn) == info.me_last_txnid;
	mdb_txn_abort(txn);
	return same;
}

/* Closes s->env and opens it again with a fresh lock file. */
int
store_relock(struct store *s)
{
	MDB_envinfo	info;
	int		rc;

	if ((rc = mdb_env_info(s->env, &info)) != 0)
		return store_err(rc);
	mdb_env_close(s->env);
	s->env = NULL;
	if ((rc = store_unlink_lock(s->dir)) != 0)
		return rc;
	return store_reopen(s, info.me_mapsize);
}

/* Opens s->env again on the (renamed) data.mdb, with the same map. */
int
store_reopen(struct store *s, size_t mapsize)
{
	int	rc, tries;

	for (tries = 0; tries < STORE_REOPEN_TRIES; tries++) {
		if ((rc = mdb_env_create(&s->env)) != 0 ||
		    (rc = mdb_env_set_maxdbs(s->env, 8)) != 0 ||
		    (rc = mdb_env_set_maxreaders(s->env,
		    STORE_MAX_READERS)) != 0 ||
		    (rc = mdb_env_set_mapsize(s->env, mapsize)) != 0 ||
		    (rc = mdb_env_open(s->env, s->dir, 0, 0600)) != 0)
			return store_err(rc);
		if (store_lock_matches(s))
			return store_open_dbs(s, NULL);
		mdb_env_close(s->env);
		s->env = NULL;
		if ((rc = store_unlink_lock(s->dir)) != 0)
			return rc;
	}
	return SP_EIO;
}

/* Returns the size of dir/data.mdb in bytes, 0 when unknown. */
static uint64_t
store_file_size(const char *dir)
{
	struct stat	st;
	char		path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/data.mdb", dir) >=
	    sizeof(path) || stat(path, &st) == -1)
		return 0;
	return (uint64_t)st.st_size;
}

int
store_compact(struct store *s, uint64_t *before, uint64_t *after)
{
	MDB_envinfo	info;
	char		tmp[4096], data[4096];
	int		rc;

	if (s->rdonly)
		return SP_EINVAL;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/%s", s->dir,
	    COMPACT_FILE) >= sizeof(tmp) ||
	    (size_t)snprintf(data, sizeof(data), "%s/data.mdb", s->dir) >=
	    sizeof(data))
		return SP_EIO;
	*before = store_file_size(s->dir);
	if ((rc = store_compact_leftover(s->dir)) != 0 ||
	    (rc = store_compact_copy(s, tmp)) != 0)
		return rc;
	if ((rc = mdb_env_info(s->env, &info)) != 0) {
		unlink(tmp);
		return store_err(rc);
	}
	/*
	 * The copy is whole and durable: from the rename on, a crash
	 * leaves either file complete.  Close first, so that no page of
	 * the old file is written after the rename.
	 */
	mdb_env_close(s->env);
	s->env = NULL;
	if ((rc = store_unlink_lock(s->dir)) != 0) {
		unlink(tmp);
	} else if (rename(tmp, data) == -1) {
		unlink(tmp);
		rc = SP_EIO;
	} else
		rc = store_sync_dir(s->dir);
	/* Reopen whatever happened: the node must go on with a store. */
	{
		int	orc = store_reopen(s, info.me_mapsize);

		if (orc != 0)
			return orc;
	}
	if (rc != 0)
		return rc;
	*after = store_file_size(s->dir);
	return 0;
}
