/*
 * signer.h - the own feed's signer: a thread that builds and signs local
 * records ahead of the commit that stores them (issue 13 item 3).
 *
 * The chain makes signing serial (record n+1 carries the hash of record
 * n, signature included), so a node cannot sign one feed on two cores;
 * it can sign the next writes while the previous commit waits for the
 * disk.  A job is the records of one request.  The signer takes jobs in
 * the order given and chains each onto the head the job before it ended
 * at, or onto the head given with the job (a new start).  What it signs
 * stays in this process until the node stores it: a job the node drops
 * was seen by nobody, so signing those seqs again later is no fork.
 */
#ifndef SAMPLAN_SIGNER_H
#define SAMPLAN_SIGNER_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "samplan.pb-c.h"
#include "store.h"

struct signer;

struct sign_job {
	/* Set by the caller, untouched until the job is done. */
	Samplan__Record	*recs;		/* owned: freed by sign_job_free */
	size_t		 count;
	int64_t		 now_ms;	/* the records' timestamp */
	/* Set by the signer; read only after signer_wait() on the job. */
	int		 rc;		/* 0, or feed_sign_next()'s refusal */
	struct feed_head from;		/* the head the job chained onto */
	struct feed_head to;		/* and the head after it */
	uint8_t		**envs;		/* count envelopes when rc is 0 */
	size_t		*lens;
	/* The signer's own. */
	int		 start;		/* chain onto from as given */
	int		 done;
	struct sign_job	*next;
};

/* Starts the thread with a copy of id.  0, SP_ENOMEM or SP_EIO. */
int	signer_new(const struct identity *id, struct signer **out);

/*
 * Stops the thread after the job in hand; jobs not yet taken are never
 * done, and stay the caller's to free.  Nulls *sp.
 */
void	signer_destroy(struct signer **sp);

/*
 * Queues job, and the jobs linked after it by next (NULL-terminated),
 * in that order, with one wake-up.  With from set, the first chains onto
 * *from (the head in the store, when what was signed before will not be
 * stored); with from NULL onto the head the previous job ended at.
 */
void	signer_submit(struct signer *s, struct sign_job *job,
	    const struct feed_head *from);

/*
 * Waits until job is done (one waiting thread: the node's loop).  With s
 * NULL (no thread was started) the job must be done already.
 */
void	signer_wait(struct signer *s, const struct sign_job *job);

/* A job of count records (recs owned from now on), or NULL. */
struct sign_job *sign_job_new(Samplan__Record *recs, size_t count,
	    int64_t now_ms);

/* Drops what the signer made of a done job, so it can be queued again. */
void	sign_job_reset(struct sign_job *job);

/* Marks a job that is not queued done, refused with rc. */
void	sign_job_fail(struct sign_job *job, int rc);

/* Frees a job that is done or was never queued; nulls *jp. */
void	sign_job_free(struct sign_job **jp);

#endif
