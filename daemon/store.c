/*
 * store.c - the node's LMDB environment.
 *
 * Owns the MDB_env, the named databases (meta, feeds, log, evidence,
 * redactions) and every transaction on them; no file but this one and
 * store_compact.c (compaction) calls mdb_*().  LMDB codes are
 * translated here, once, into SP_E* codes.  Does not encode records
 * (record.c) or decide what may be written (feed.c).
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

#include "errors.h"
#include "store.h"
#include "store_int.h"

/* The one place LMDB's codes become ours. */
int
store_err(int rc)
{
	switch (rc) {
	case MDB_SUCCESS:
		return 0;
	case MDB_NOTFOUND:
		return SP_ENOTFOUND;
	case MDB_KEYEXIST:
		return SP_EEXIST;
	case MDB_MAP_FULL:
		return SP_EFULL;
	case MDB_CORRUPTED:
	case MDB_PANIC:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
	case MDB_PAGE_NOTFOUND:
	case MDB_INCOMPATIBLE:
		return SP_ECORRUPT;
	case ENOSPC:
		return SP_ENOSPC;
	case ENOMEM:
		return SP_ENOMEM;
	case ENOENT:
		return SP_ENOTFOUND;
	default:
		errno = rc > 0 ? rc : EIO;
		return SP_EIO;
	}
}

static void
be64_put(uint8_t *p, uint64_t v)
{
	int	i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t
be64_get(const uint8_t *p)
{
	uint64_t	v = 0;
	int		i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static void
log_key(uint8_t key[LOG_KEY_LEN], const uint8_t *author, uint64_t seq)
{
	memcpy(key, author, KEY_PUBLIC_LEN);
	be64_put(key + KEY_PUBLIC_LEN, seq);
}

/*
 * Checks (or, in a new store, writes) the schema.  A schema 1 store and
 * one of a newer samplan each get their own code, whose message says
 * what to do.
 */
static int
store_check_schema(struct store *s, MDB_txn *txn)
{
	MDB_val	k, v;
	int	rc;

	k.mv_data = "schema";
	k.mv_size = 6;
	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc == MDB_NOTFOUND && !s->rdonly) {
		v.mv_data = (void *)(uintptr_t)STORE_SCHEMA;
		v.mv_size = strlen(STORE_SCHEMA);
		return store_err(mdb_put(txn, s->meta, &k, &v,
		    MDB_NOOVERWRITE));
	}
	if (rc != 0)
		return rc == MDB_NOTFOUND ? SP_ECORRUPT : store_err(rc);
	if (v.mv_size == strlen(STORE_SCHEMA) &&
	    memcmp(v.mv_data, STORE_SCHEMA, v.mv_size) == 0)
		return 0;
	if (v.mv_size == strlen(STORE_SCHEMA_V1) &&
	    memcmp(v.mv_data, STORE_SCHEMA_V1, v.mv_size) == 0)
		return SP_EOLDSTORE;
	if (v.mv_size > 14 && memcmp(v.mv_data, "samplan-store-", 14) == 0)
		return SP_ENEWSTORE;
	return SP_ECORRUPT;
}

/* Checks (or, in a new store, writes) the owner's key. */
static int
store_check_owner(struct store *s, MDB_txn *txn, const uint8_t *node_key)
{
	MDB_val	k, v;
	int	rc;

	k.mv_data = "node";
	k.mv_size = 4;
	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc == MDB_NOTFOUND && !s->rdonly) {
		v.mv_data = (void *)(uintptr_t)node_key;
		v.mv_size = KEY_PUBLIC_LEN;
		rc = mdb_put(txn, s->meta, &k, &v, MDB_NOOVERWRITE);
	} else if (rc == 0 && (v.mv_size != KEY_PUBLIC_LEN ||
	    memcmp(v.mv_data, node_key, KEY_PUBLIC_LEN) != 0))
		return SP_EOWNER;	/* intact, but another key's */
	return store_err(rc);
}

/* Opens the named databases and checks (or writes) meta. */
int
store_open_dbs(struct store *s, const uint8_t *node_key)
{
	MDB_txn		*txn;
	unsigned	 dbflags = s->rdonly ? 0 : MDB_CREATE;
	int		 rc;

	if ((rc = mdb_txn_begin(s->env, NULL, s->rdonly ? MDB_RDONLY : 0,
	    &txn)) != 0)
		return store_err(rc);
	/* meta first: an old or newer store is named before anything else. */
	if ((rc = mdb_dbi_open(txn, "meta", dbflags, &s->meta)) == 0 &&
	    (rc = store_check_schema(s, txn)) != 0) {
		mdb_txn_abort(txn);
		return rc;
	}
	if (rc != 0 ||
	    (rc = mdb_dbi_open(txn, "feeds", dbflags, &s->feeds)) != 0 ||
	    (rc = mdb_dbi_open(txn, "log", dbflags, &s->log)) != 0 ||
	    (rc = mdb_dbi_open(txn, "evidence", dbflags, &s->evidence)) != 0 ||
	    (rc = mdb_dbi_open(txn, "redactions", dbflags,
	    &s->redactions)) != 0) {
		/*
		 * A read-only open of a foreign file lands here, and so does
		 * one of a store whose creator died before its first commit:
		 * an empty main database means "no store yet".
		 */
		if (rc == MDB_NOTFOUND) {
			MDB_stat	st;

			rc = mdb_stat(txn, 1, &st) == 0 && st.ms_entries == 0 ?
			    SP_ENOTFOUND : SP_ECORRUPT;
			mdb_txn_abort(txn);
			return rc;
		}
		mdb_txn_abort(txn);
		return store_err(rc);
	}
	if (node_key != NULL && (rc = store_check_owner(s, txn,
	    node_key)) != 0) {
		mdb_txn_abort(txn);
		return rc;
	}
	/* Commit even a read-only txn: an abort would close the handles. */
	return store_err(mdb_txn_commit(txn));
}

/*
 * Returns 1 when dir holds an empty data.mdb: its creator was killed
 * before LMDB wrote the first meta pages.  A read-only open of it would
 * try to write them through a read-only descriptor and fail with EBADF.
 */
static int
store_unborn(const char *dir)
{
	struct stat	st;
	char		path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/data.mdb", dir) >=
	    sizeof(path))
		return 0;
	return stat(path, &st) == 0 && st.st_size == 0;
}

int
store_open(const char *dir, uint64_t map_size, int flags,
    const uint8_t *node_key, struct store **out)
{
	struct store	*s;
	MDB_txn		*txn;
	int		 rc, dead;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return SP_ENOMEM;
	s->rdonly = (flags & STORE_RDONLY) != 0;
	if (!s->rdonly && mkdir(dir, 0700) == -1 && errno != EEXIST) {
		free(s);
		return SP_EIO;
	}
	if ((s->dir = strdup(dir)) == NULL) {
		free(s);
		return SP_ENOMEM;
	}
	/* A compaction killed before its rename left its copy behind. */
	if (!s->rdonly && (rc = store_compact_leftover(dir)) != 0) {
		free(s->dir);
		free(s);
		return rc;
	}
	if (s->rdonly && store_unborn(dir)) {
		free(s->dir);
		free(s);
		return SP_ENOTFOUND;	/* no store yet, as below */
	}
	if ((rc = mdb_env_create(&s->env)) != 0)
		goto fail;
	if ((rc = mdb_env_set_maxdbs(s->env, 8)) != 0 ||
	    (rc = mdb_env_set_maxreaders(s->env, STORE_MAX_READERS)) != 0 ||
	    (!s->rdonly && map_size > 0 &&
	    (rc = mdb_env_set_mapsize(s->env, map_size)) != 0))
		goto fail;
	if ((rc = mdb_env_open(s->env, dir, s->rdonly ? MDB_RDONLY : 0,
	    0600)) != 0)
		goto fail;
	/* R5: free the slots of readers that died. */
	if ((rc = mdb_reader_check(s->env, &dead)) != 0)
		goto fail;
	/*
	 * R3: after a crashed writer, readers may see an old snapshot until a
	 * write transaction has begun; begin and abort one now.
	 */
	if (!s->rdonly) {
		if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0)
			goto fail;
		mdb_txn_abort(txn);
		/*
		 * A compaction killed after its rename, with a tool holding
		 * the old file's lock file: never use those transaction ids
		 * with the new file (store_reopen).
		 */
		if (!store_lock_matches(s) && (rc = store_relock(s)) != 0) {
			if (s->env != NULL)
				mdb_env_close(s->env);
			free(s->dir);
			free(s);
			return rc;
		}
	}
	if ((rc = store_open_dbs(s, node_key)) != 0) {
		mdb_env_close(s->env);
		free(s->dir);
		free(s);
		return rc;
	}
	*out = s;
	return 0;
fail:
	if (s->env != NULL)
		mdb_env_close(s->env);
	free(s->dir);
	free(s);
	return store_err(rc);
}

void
store_close(struct store **sp)
{
	if (sp == NULL || *sp == NULL)
		return;
	mdb_env_close((*sp)->env);
	free((*sp)->dir);
	free(*sp);
	*sp = NULL;
}

int
store_begin(struct store *s, int write, struct store_txn **out)
{
	struct store_txn	*t;
	int			 rc, tries;

	*out = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return SP_ENOMEM;
	t->store = s;
	for (tries = 0; tries < 8; tries++) {
		rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY,
		    &t->txn);
		if (rc != MDB_MAP_RESIZED)
			break;
		/* The node grew the map: adopt the new size and retry. */
		if ((rc = mdb_env_set_mapsize(s->env, 0)) != 0)
			break;
		s->resized++;
	}
	if (rc == MDB_READERS_FULL) {
		int	dead;

		mdb_reader_check(s->env, &dead);
		rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY,
		    &t->txn);
	}
	if (rc != 0) {
		free(t);
		return store_err(rc);
	}
	*out = t;
	return 0;
}

/*
 * LMDB reports a short page write as EIO ("short write, filesystem
 * full?"), and a write of several pages (writev) comes back short, not
 * with ENOSPC, when the disk fills part-way through it.  That happens
 * before the meta page is written, so the commit failed cleanly: when the
 * filesystem is (nearly) full and the environment is not in its fatal
 * state (a failed meta write), it is ENOSPC, not a device error.
 */
static int
store_short_write_was_full(struct store *s)
{
	MDB_txn		*probe;
	uint64_t	 free_bytes;
	int		 rc;

	if (store_disk_free(s, &free_bytes) != 0 ||
	    free_bytes >= STORE_FULL_SLACK)
		return 0;
	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &probe)) != 0)
		return 0;		/* MDB_PANIC: the meta write failed */
	mdb_txn_abort(probe);
	return 1;
}

int
store_commit(struct store_txn **tp)
{
	struct store_txn	*t = *tp;
	int			 rc;

	*tp = NULL;
	rc = mdb_txn_commit(t->txn);
	if (rc == EIO && store_short_write_was_full(t->store))
		rc = ENOSPC;
	free(t);
	return store_err(rc);
}

void
store_abort(struct store_txn **tp)
{
	if (tp == NULL || *tp == NULL)
		return;
	mdb_txn_abort((*tp)->txn);
	free(*tp);
	*tp = NULL;
}

int
store_grow(struct store *s)
{
	MDB_envinfo	info;
	int		rc;

	if ((rc = mdb_env_info(s->env, &info)) != 0)
		return store_err(rc);
	return store_err(mdb_env_set_mapsize(s->env, info.me_mapsize * 2));
}

int
store_reader_check(struct store *s)
{
	int	dead = 0, rc;

	if ((rc = mdb_reader_check(s->env, &dead)) != 0)
		return store_err(rc);
	return dead;
}

int
store_disk_free(struct store *s, uint64_t *bytes)
{
	struct statvfs	st;
	int		fd;

	if (mdb_env_get_fd(s->env, &fd) != 0 || fstatvfs(fd, &st) != 0)
		return SP_EIO;
	*bytes = (uint64_t)st.f_bavail * st.f_frsize;
	return 0;
}

int
store_disk_has_room(struct store *s, uint64_t min)
{
	uint64_t	free_bytes;

	return store_disk_free(s, &free_bytes) != 0 || free_bytes >= min;
}

uint64_t
store_resized(const struct store *s)
{
	return s->resized;
}

uint64_t
store_map_size(const struct store *s)
{
	MDB_envinfo	info;

	if (mdb_env_info(s->env, &info) != 0)
		return 0;
	return info.me_mapsize;
}

static void
head_decode(struct feed_head *h, const uint8_t *author, const MDB_val *v)
{
	const uint8_t	*p = v->mv_data;

	memcpy(h->author, author, KEY_PUBLIC_LEN);
	h->seq = be64_get(p);
	memcpy(h->hash, p + 8, RECORD_HASH_LEN);
	h->flags = (uint32_t)p[40] << 24 | (uint32_t)p[41] << 16 |
	    (uint32_t)p[42] << 8 | p[43];
	memcpy(h->key, p + 44, KEY_PUBLIC_LEN);
	h->key_from = be64_get(p + 44 + KEY_PUBLIC_LEN);
}

int
store_owner_get(struct store_txn *t, uint8_t key[KEY_PUBLIC_LEN])
{
	MDB_val	k, v;
	int	rc;

	k.mv_data = "node";
	k.mv_size = 4;
	if ((rc = mdb_get(t->txn, t->store->meta, &k, &v)) != 0)
		return store_err(rc);
	if (v.mv_size != KEY_PUBLIC_LEN)
		return SP_ECORRUPT;
	memcpy(key, v.mv_data, KEY_PUBLIC_LEN);
	return 0;
}

int
store_head_get(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
    struct feed_head *out)
{
	MDB_val	k, v;
	int	rc;

	k.mv_data = (void *)(uintptr_t)author;
	k.mv_size = KEY_PUBLIC_LEN;
	if ((rc = mdb_get(t->txn, t->store->feeds, &k, &v)) != 0)
		return store_err(rc);
	if (v.mv_size != HEAD_VAL_LEN)
		return SP_ECORRUPT;
	head_decode(out, author, &v);
	return 0;
}

int
store_head_put(struct store_txn *t, const struct feed_head *h)
{
	uint8_t	buf[HEAD_VAL_LEN];
	MDB_val	k, v;

	be64_put(buf, h->seq);
	memcpy(buf + 8, h->hash, RECORD_HASH_LEN);
	buf[40] = (uint8_t)(h->flags >> 24);
	buf[41] = (uint8_t)(h->flags >> 16);
	buf[42] = (uint8_t)(h->flags >> 8);
	buf[43] = (uint8_t)h->flags;
	/* Until a key succession, the feed id signs from seq 1. */
	if (h->key_from == 0) {
		memcpy(buf + 44, h->author, KEY_PUBLIC_LEN);
		be64_put(buf + 44 + KEY_PUBLIC_LEN, 1);
	} else {
		memcpy(buf + 44, h->key, KEY_PUBLIC_LEN);
		be64_put(buf + 44 + KEY_PUBLIC_LEN, h->key_from);
	}
	k.mv_data = (void *)(uintptr_t)h->author;
	k.mv_size = KEY_PUBLIC_LEN;
	v.mv_data = buf;
	v.mv_size = sizeof(buf);
	return store_err(mdb_put(t->txn, t->store->feeds, &k, &v, 0));
}

int
store_heads(struct store_txn *t, struct feed_head **out, size_t *n)
{
	MDB_cursor		*c;
	MDB_val			 k, v;
	struct feed_head	*heads = NULL, *tmp;
	size_t			 count = 0, cap = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((rc = mdb_cursor_open(t->txn, t->store->feeds, &c)) != 0)
		return store_err(rc);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != KEY_PUBLIC_LEN || v.mv_size != HEAD_VAL_LEN) {
			rc = MDB_CORRUPTED;
			break;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			if ((tmp = realloc(heads, cap * sizeof(*heads))) == NULL) {
				rc = ENOMEM;
				break;
			}
			heads = tmp;
		}
		head_decode(&heads[count++], k.mv_data, &v);
	}
	mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND) {
		free(heads);
		return store_err(rc);
	}
	*out = heads;
	*n = count;
	return 0;
}

int
store_log_put(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
    uint64_t seq, const uint8_t *env, size_t len)
{
	uint8_t	key[LOG_KEY_LEN];
	MDB_val	k, v;

	log_key(key, author, seq);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	v.mv_data = (void *)(uintptr_t)env;
	v.mv_size = len;
	/* R3: never overwrite a committed record. */
	return store_err(mdb_put(t->txn, t->store->log, &k, &v,
	    MDB_NOOVERWRITE));
}

int
store_log_get(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
    uint64_t seq, const uint8_t **env, size_t *len)
{
	uint8_t	key[LOG_KEY_LEN];
	MDB_val	k, v;
	int	rc;

	log_key(key, author, seq);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	if ((rc = mdb_get(t->txn, t->store->log, &k, &v)) != 0)
		return store_err(rc);
	*env = v.mv_data;
	*len = v.mv_size;
	return 0;
}

int
store_log_scan(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
    uint64_t from, int (*fn)(void *, uint64_t, const uint8_t *, size_t),
    void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	uint8_t		 key[LOG_KEY_LEN];
	int		 rc, ret = 0;

	if ((rc = mdb_cursor_open(t->txn, t->store->log, &c)) != 0)
		return store_err(rc);
	log_key(key, author, from);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != LOG_KEY_LEN ||
		    memcmp(k.mv_data, author, KEY_PUBLIC_LEN) != 0)
			break;
		ret = fn(arg, be64_get((const uint8_t *)k.mv_data +
		    KEY_PUBLIC_LEN), v.mv_data, v.mv_size);
		if (ret != 0)
			break;
	}
	mdb_cursor_close(c);
	if (ret != 0)
		return ret;
	return rc == 0 || rc == MDB_NOTFOUND ? 0 : store_err(rc);
}

int
store_evidence_put(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
    uint64_t seq, const uint8_t hash[RECORD_HASH_LEN], const uint8_t *env,
    size_t len)
{
	uint8_t	key[EVIDENCE_KEY_LEN];
	MDB_val	k, v;
	int	rc;

	log_key(key, author, seq);
	memcpy(key + LOG_KEY_LEN, hash, RECORD_HASH_LEN);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	v.mv_data = (void *)(uintptr_t)env;
	v.mv_size = len;
	rc = mdb_put(t->txn, t->store->evidence, &k, &v, MDB_NOOVERWRITE);
	return rc == MDB_KEYEXIST ? 0 : store_err(rc);
}

int
store_evidence_count(struct store_txn *t, size_t *n)
{
	MDB_stat	st;
	int		rc;

	if ((rc = mdb_stat(t->txn, t->store->evidence, &st)) != 0)
		return store_err(rc);
	*n = st.ms_entries;
	return 0;
}

int
store_evidence_scan(struct store_txn *t, int (*fn)(void *, const uint8_t *,
    uint64_t, const uint8_t *, const uint8_t *, size_t), void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	const uint8_t	*key;
	int		 rc, ret = 0;

	if ((rc = mdb_cursor_open(t->txn, t->store->evidence, &c)) != 0)
		return store_err(rc);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (k.mv_size != EVIDENCE_KEY_LEN)
			continue;	/* not ours: skip, never trust */
		key = k.mv_data;
		ret = fn(arg, key, be64_get(key + KEY_PUBLIC_LEN),
		    key + LOG_KEY_LEN, v.mv_data, v.mv_size);
		if (ret != 0)
			break;
	}
	mdb_cursor_close(c);
	if (ret != 0)
		return ret;
	return rc == 0 || rc == MDB_NOTFOUND ? 0 : store_err(rc);
}

int
store_log_replace(struct store_txn *t, const uint8_t author[KEY_PUBLIC_LEN],
    uint64_t seq, const uint8_t *env, size_t len)
{
	uint8_t	key[LOG_KEY_LEN];
	MDB_val	k, v;
	int	rc;

	log_key(key, author, seq);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	if ((rc = mdb_get(t->txn, t->store->log, &k, &v)) != 0)
		return store_err(rc);
	v.mv_data = (void *)(uintptr_t)env;
	v.mv_size = len;
	return store_err(mdb_put(t->txn, t->store->log, &k, &v, 0));
}

int
store_redaction_put(struct store_txn *t, const uint8_t feed[KEY_PUBLIC_LEN],
    uint64_t seq, const uint8_t by[KEY_PUBLIC_LEN], uint64_t by_seq)
{
	uint8_t	key[LOG_KEY_LEN], val[LOG_KEY_LEN];
	MDB_val	k, v;
	int	rc;

	log_key(key, feed, seq);
	log_key(val, by, by_seq);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	v.mv_data = val;
	v.mv_size = sizeof(val);
	/* The first redaction held stays the one shown. */
	rc = mdb_put(t->txn, t->store->redactions, &k, &v, MDB_NOOVERWRITE);
	return rc == MDB_KEYEXIST ? 0 : store_err(rc);
}

int
store_redaction_get(struct store_txn *t, const uint8_t feed[KEY_PUBLIC_LEN],
    uint64_t seq, uint8_t by[KEY_PUBLIC_LEN], uint64_t *by_seq)
{
	uint8_t	key[LOG_KEY_LEN];
	MDB_val	k, v;
	int	rc;

	log_key(key, feed, seq);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	if ((rc = mdb_get(t->txn, t->store->redactions, &k, &v)) != 0)
		return store_err(rc);
	if (v.mv_size != LOG_KEY_LEN)
		return SP_ECORRUPT;
	memcpy(by, v.mv_data, KEY_PUBLIC_LEN);
	*by_seq = be64_get((const uint8_t *)v.mv_data + KEY_PUBLIC_LEN);
	return 0;
}
