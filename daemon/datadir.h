/*
 * datadir.h - the files of a node's data directory that live outside
 * LMDB: the instance lock and the own-feed mark (docs/FORMAT-V2.md 5).
 *
 * The lock (DATA_DIR/node.lock, an fcntl write lock held for the life of
 * the process) makes one samplan-node per data directory.  The mark
 * (DATA_DIR/own-seq) is the highest seq of the node's own feed it has
 * ever committed, so that a store restored from a backup, or one that
 * lost records, is found before the node signs a seq a second time.
 */
#ifndef SAMPLAN_DATADIR_H
#define SAMPLAN_DATADIR_H

#include <sys/types.h>

#include <stdint.h>

#define DATADIR_LOCK_FILE	"node.lock"
#define DATADIR_MARK_FILE	"own-seq"
#define OWNMARK_LEASE		1000	/* seqs reserved per fsync */

/*
 * Creates dir (0700) when missing and takes the exclusive lock on
 * dir/node.lock without waiting.  Returns 0 and sets *fd (keep it open:
 * closing it drops the lock), SP_EBUSY with the holder's PID in *holder
 * when another process has it, or SP_EIO (errno set).
 */
int	datadir_lock(const char *dir, int *fd, pid_t *holder);

/*
 * The own-feed mark.  seq is exact: rewritten after every commit that
 * moved the own head.  lease is durable (fdatasync): no seq above it has
 * ever been signed, so a mark lost in a power cut still bounds the feed.
 */
struct own_mark {
	int		fd;		/* dir/own-seq, open for writing */
	uint64_t	seq;		/* highest own seq committed */
	uint64_t	lease;		/* highest own seq we may sign */
	int		created;	/* the file did not exist at open */
};

/*
 * Opens dir/own-seq, creating it (seq 0, durable) when missing.
 * Returns 0, SP_ECORRUPT when the file is not a mark, or SP_EIO.
 */
int	ownmark_open(const char *dir, struct own_mark *m);

/*
 * Makes sure seqs up to `upto` are leased, extending the lease by
 * OWNMARK_LEASE and syncing it when they are not.  Call before the
 * commit that signs them.  Returns 0 or SP_EIO.
 */
int	ownmark_reserve(struct own_mark *m, uint64_t upto);

/*
 * Records that the own feed is committed up to seq (no sync: the lease
 * covers a crash).  Lower values are ignored.  Returns 0 or SP_EIO.
 */
int	ownmark_set(struct own_mark *m, uint64_t seq);

/* Closes the mark's file; m->fd becomes -1. */
void	ownmark_close(struct own_mark *m);

#endif
