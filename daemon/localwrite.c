/*
 * localwrite.c - the tools' writes to our own feed, from the turn that
 * staged them to the commit that stores them (issue 13 item 3).
 *
 * Owns the queue of local writes being signed.  A write staged in a turn
 * goes to the signer (signer.c) at once; each turn's transaction takes
 * the signed front of the queue, waiting only for the first write when
 * none is signed yet.  So while one commit waits for the disk, the
 * signer signs the writes that came in meanwhile, and the next commit
 * stores them: signing and the disk overlap instead of taking turns.
 *
 * The signer chains each write onto the one before.  When a signed write
 * is not stored (refused, or its commit failed), the writes signed after
 * it chain onto records that do not exist: they are signed again from
 * the store's head.  A signed record that was never stored was never
 * sent, so signing its seq again is no fork (signer.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "i18n.h"
#include "node.h"
#include "signer.h"
#include "wire.h"

/* Records below which a turn's first writes are not split (see below). */
#define LOCALWRITE_SPLIT	64

static int64_t
localwrite_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
localwrite_start(struct node *n)
{
	n->resign = 1;		/* the first write chains onto the store */
	n->signer = NULL;	/* started by the first local write */
}

/* Frees an append op that will never be applied. */
static void
localwrite_drop(struct op *op)
{
	sign_job_free(&op->job);
	wire_free((ProtobufCMessage **)&op->req);
}

void
localwrite_stop(struct node *n)
{
	size_t	i;

	signer_destroy(&n->signer);	/* queued jobs are never taken now */
	for (i = 0; i < n->nqueued; i++)
		localwrite_drop(&n->queue[i]);
	n->nqueued = 0;
}

/* Our feed's head in the store, key and flags included. */
static int
localwrite_store_head(struct node *n, struct feed_head *h)
{
	struct store_txn	*t;
	int			 rc;

	if ((rc = store_begin(n->store, 0, &t)) != 0)
		return rc;
	rc = feed_head_read(t, n->feed_id, h);
	store_abort(&t);
	return rc;
}

/*
 * Queues the jobs of count ops, in order: onto the store's head after a
 * break, else onto where the last job ends.  0 or why none was queued.
 */
static int
localwrite_submit(struct node *n, struct op *ops, size_t count)
{
	struct feed_head	h;
	size_t			i;
	int			rc;

	/*
	 * A node that never writes locally (most of a national test's, a
	 * relay) never starts the thread, nor gives it a malloc arena.
	 */
	if (n->signer == NULL && (rc = signer_new(&n->id, &n->signer)) != 0) {
		log_warnx(_("cannot start the signer thread: %s"),
		    sp_strerror(rc));
		return rc;
	}
	for (i = 0; i + 1 < count; i++)
		ops[i].job->next = ops[i + 1].job;
	ops[count - 1].job->next = NULL;
	if (!n->resign) {
		signer_submit(n->signer, ops[0].job, NULL);
		return 0;
	}
	if ((rc = localwrite_store_head(n, &h)) != 0)
		return rc;
	signer_submit(n->signer, ops[0].job, &h);
	n->resign = 0;
	return 0;
}

/* Makes op's sign job; 0 or the error op fails with. */
static int
localwrite_job(struct op *op)
{
	Samplan__Record	*recs;
	size_t		 count;
	int		 rc;

	if ((rc = ctl_request_records(op->req, &recs, &count)) != 0)
		return rc;
	if ((op->job = sign_job_new(recs, count, localwrite_now_ms())) ==
	    NULL) {
		free(recs);
		return SP_ENOMEM;
	}
	return 0;
}

/*
 * With nothing signed ahead, how many of the fresh writes at the front
 * of the queue this turn stores: all of them when they are few (what a
 * commit could overlap is less than a second commit and its batches to
 * every peer cost), else the first half, the rest signed during its
 * commit.
 */
static size_t
localwrite_split(const struct node *n, size_t fresh)
{
	size_t	i, records = 0;

	for (i = 0; i < fresh; i++)
		records += n->queue[i].job->count;
	return records < LOCALWRITE_SPLIT ? fresh : (fresh + 1) / 2;
}

/*
 * Before the turn's transaction: the writes queued in earlier turns come
 * into this one, once signed, and this turn's new writes go to the
 * signer, to be signed while this turn commits and stored by the next.
 * So a commit holds everything that came in during the one before it,
 * as when one thread did both, and signing overlaps the disk.  With
 * nothing queued before, localwrite_split() says how many are stored
 * now: one write alone is stored in the turn that read it.
 */
void
localwrite_stage(struct node *n)
{
	size_t	i, kept = 0, take = n->nqueued, fresh;
	int	rc = 0;

	for (i = 0; i < n->nops; i++) {
		struct op *op = &n->ops[i];

		if (op->kind != OP_APPEND || op->job != NULL || op->rc != 0 ||
		    (op->rc = localwrite_job(op)) != 0)
			n->ops[kept++] = *op;	/* a failed one: this turn */
		else
			n->queue[n->nqueued++] = *op;
	}
	n->nops = kept;
	fresh = n->nqueued - take;
	if (fresh > 0 && (rc = localwrite_submit(n, &n->queue[take],
	    fresh)) != 0)
		for (i = take; i < n->nqueued; i++)
			sign_job_fail(n->queue[i].job, rc);
	if (take == 0)
		take = localwrite_split(n, fresh);
	if (take == 0)
		return;
	signer_wait(n->signer, n->queue[take - 1].job);	/* jobs end in order */
	memcpy(&n->ops[n->nops], n->queue, take * sizeof(*n->queue));
	n->nops += take;
	n->nqueued -= take;
	memmove(n->queue, n->queue + take, n->nqueued * sizeof(*n->queue));
}

/* The old way, for a write whose signed records no longer fit the head. */
static int
localwrite_inline(struct node *n, struct store_txn *t, struct op *op)
{
	struct sign_job	*job = op->job;
	size_t		 i;

	for (i = 0; i < job->count && op->rc == 0; i++)
		op->rc = feed_append_to(t, n->feed_id, &n->id, &job->recs[i],
		    localwrite_now_ms(), &op->head);
	return 0;
}

int
localwrite_apply(struct node *n, struct store_txn *t, struct op *op)
{
	struct sign_job	*job = op->job;
	char		 why[256];
	int		 rc;

	if (job == NULL || !job->done)
		return 0;	/* failed when staged: op->rc says why */
	if ((op->rc = ownfeed_may_sign(n, why, sizeof(why))) != 0)
		return 0;
	if ((op->rc = job->rc) != 0)
		return 0;
	/*
	 * Every body was checked when it was staged, so only storage can
	 * fail here, and a storage failure aborts the whole transaction:
	 * a batch is written whole or not at all.
	 */
	rc = feed_put_signed(t, &job->from, &job->to, job->recs, job->envs,
	    job->lens, job->count);
	if (rc == SP_ECHAIN) {
		n->resign = 1;	/* the signer's chain is not the store's */
		rc = localwrite_inline(n, t, op);
	} else if (rc == 0)
		op->head = job->to;
	else
		op->rc = rc;
	if (op->rc == SP_EFULL || op->rc == SP_EIO || op->rc == SP_ENOSPC ||
	    op->rc == SP_ECORRUPT)
		return op->rc;
	return 0;
}

/*
 * Signs every queued write again, from the store's head on.  When that
 * head cannot be read, the writes fail: refused, never guessed.
 */
static void
localwrite_resign(struct node *n)
{
	size_t	i;
	int	rc;

	n->resign = 1;
	signer_wait(n->signer, n->queue[n->nqueued - 1].job);	/* in order */
	log_info(_("a local write signed ahead was not stored: signing the "
	    "%zu queued after it again, from seq %llu"), n->nqueued,
	    (unsigned long long)n->heads[0] + 1);
	for (i = 0; i < n->nqueued; i++) {
		sign_job_reset(n->queue[i].job);
		n->queue[i].job->now_ms = localwrite_now_ms();
	}
	if ((rc = localwrite_submit(n, n->queue, n->nqueued)) == 0)
		return;
	log_warnx(_("cannot read our own feed's head to sign local writes "
	    "again: %s"), sp_strerror(rc));
	for (i = 0; i < n->nqueued; i++)
		sign_job_fail(n->queue[i].job, rc);
}

/*
 * After the turn's commit (rc its outcome): when a signed write of this
 * turn was not stored, what the signer did after it chains onto nothing.
 */
void
localwrite_after_commit(struct node *n, int rc)
{
	size_t	i;
	int	broken = n->resign;

	for (i = 0; i < n->nops && !broken; i++) {
		const struct op *op = &n->ops[i];

		if (op->kind == OP_APPEND && op->job != NULL &&
		    op->job->rc == 0 && (rc != 0 || op->rc != 0))
			broken = 1;
	}
	if (broken && n->nqueued > 0)
		localwrite_resign(n);
	else if (broken)
		n->resign = 1;
}

int
localwrite_pending(const struct node *n)
{
	return n->nqueued > 0;
}
