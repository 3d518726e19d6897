/*
 * signer.c - the own feed's signer thread (signer.h).
 *
 * Owns the thread, its queue of jobs and the chain head it signs onto.
 * One mutex guards the queue and every job's done flag; a job's results
 * are written before its done flag is set under the mutex and read after
 * it was seen set under the mutex, so the mutex orders them.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "feed.h"
#include "signer.h"

struct signer {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 work;		/* a job was queued, or stop */
	pthread_cond_t	 done;		/* a job is done */
	struct sign_job	*head, *tail;	/* queued, not yet taken */
	const struct sign_job *awaited;	/* signer_wait's, or NULL */
	int		 stop;
	struct identity	 id;		/* a copy: the thread's own */
	struct feed_head chain;		/* where the last job ended */
};

/* Signs job's records onto *h, advancing it; the outcome in job. */
static void
signer_sign(const struct identity *id, struct sign_job *job,
    struct feed_head *h)
{
	struct feed_head	at = *h;
	size_t			i;
	int			rc;

	job->from = *h;
	job->envs = calloc(job->count, sizeof(*job->envs));
	job->lens = calloc(job->count, sizeof(*job->lens));
	job->rc = job->envs == NULL || job->lens == NULL ? SP_ENOMEM : 0;
	for (i = 0; i < job->count && job->rc == 0; i++)
		job->rc = feed_sign_next(id, &job->recs[i], job->now_ms, &at,
		    &job->envs[i], &job->lens[i]);
	if (job->rc != 0) {
		rc = job->rc;
		sign_job_reset(job);	/* none of it: the chain stays */
		job->rc = rc;
		job->from = *h;
		job->to = *h;
		return;
	}
	job->to = at;
	*h = at;
}

static void *
signer_main(void *arg)
{
	struct signer	*s = arg;
	struct sign_job	*job;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->stop && s->head == NULL)
			pthread_cond_wait(&s->work, &s->lock);
		if (s->stop)
			break;
		job = s->head;
		if ((s->head = job->next) == NULL)
			s->tail = NULL;
		job->next = NULL;
		pthread_mutex_unlock(&s->lock);
		if (job->start)
			s->chain = job->from;
		signer_sign(&s->id, job, &s->chain);
		pthread_mutex_lock(&s->lock);
		job->done = 1;
		/* Jobs end in order: wake the waiter only for its own. */
		if (job == s->awaited)
			pthread_cond_signal(&s->done);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/*
 * Starts the thread with every signal blocked, so that SIGTERM and
 * SIGHUP reach the node's loop and interrupt its poll, never this one.
 */
static int
signer_spawn(struct signer *s)
{
	sigset_t	all, old;
	int		rc;

	sigfillset(&all);
	if (pthread_sigmask(SIG_SETMASK, &all, &old) != 0)
		return -1;
	rc = pthread_create(&s->thread, NULL, signer_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int
signer_new(const struct identity *id, struct signer **out)
{
	struct signer	*s;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return SP_ENOMEM;
	s->id = *id;
	if (pthread_mutex_init(&s->lock, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&s->work, NULL) != 0)
		goto fail_lock;
	if (pthread_cond_init(&s->done, NULL) != 0)
		goto fail_work;
	if (signer_spawn(s) != 0)
		goto fail_done;
	*out = s;
	return 0;
fail_done:
	pthread_cond_destroy(&s->done);
fail_work:
	pthread_cond_destroy(&s->work);
fail_lock:
	pthread_mutex_destroy(&s->lock);
fail:
	sodium_memzero(&s->id, sizeof(s->id));
	free(s);
	return SP_EIO;
}

void
signer_destroy(struct signer **sp)
{
	struct signer	*s = *sp;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->done);
	pthread_cond_destroy(&s->work);
	pthread_mutex_destroy(&s->lock);
	sodium_memzero(&s->id, sizeof(s->id));
	free(s);
	*sp = NULL;
}

void
signer_submit(struct signer *s, struct sign_job *job,
    const struct feed_head *from)
{
	struct sign_job	*last;

	job->start = from != NULL;
	if (from != NULL)
		job->from = *from;
	for (last = job;; last = last->next) {
		last->done = 0;
		if (last != job)
			last->start = 0;
		if (last->next == NULL)
			break;
	}
	pthread_mutex_lock(&s->lock);
	if (s->tail != NULL)
		s->tail->next = job;
	else
		s->head = job;
	s->tail = last;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
}

void
signer_wait(struct signer *s, const struct sign_job *job)
{
	if (s == NULL)
		return;	/* never started: its jobs were failed, done */
	pthread_mutex_lock(&s->lock);
	s->awaited = job;
	while (!job->done)
		pthread_cond_wait(&s->done, &s->lock);
	s->awaited = NULL;
	pthread_mutex_unlock(&s->lock);
}

struct sign_job *
sign_job_new(Samplan__Record *recs, size_t count, int64_t now_ms)
{
	struct sign_job	*job;

	if ((job = calloc(1, sizeof(*job))) == NULL)
		return NULL;
	job->recs = recs;
	job->count = count;
	job->now_ms = now_ms;
	return job;
}

void
sign_job_reset(struct sign_job *job)
{
	size_t	i;

	if (job->envs != NULL)
		for (i = 0; i < job->count; i++)
			free(job->envs[i]);
	free(job->envs);
	free(job->lens);
	job->envs = NULL;
	job->lens = NULL;
	job->rc = 0;
}

void
sign_job_fail(struct sign_job *job, int rc)
{
	sign_job_reset(job);
	job->rc = rc;
	job->done = 1;
}

void
sign_job_free(struct sign_job **jp)
{
	if (*jp == NULL)
		return;
	sign_job_reset(*jp);
	free((*jp)->recs);
	free(*jp);
	*jp = NULL;
}
