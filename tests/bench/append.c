/*
 * append.c - the records samplan-bench writes, and a feed appended the
 * node's way (the signer thread beside the commits, as localwrite.c
 * does) and the old way, timed against raw signing in interleaved rounds;
 * a feed's envelopes copied out for the raw baselines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "append.h"
#include "bench_util.h"
#include "errors.h"
#include "feed.h"
#include "signer.h"
#include "store.h"

#define APPEND_N	20480	/* local records appended */
#define GROUP		64	/* records per local group commit (R1) */

void
bench_measure_body(Samplan__Record *rec, Samplan__Measure *m, char *title, int i)
{
	samplan__record__init(rec);
	samplan__measure__init(m);
	snprintf(title, 96, "Tiltak %d – samtalegrupper om vold i nære "
	    "relasjoner på ungdomstrinnet", i);
	m->id = (char *)(uintptr_t)"GR-MF-04";
	m->innsatsomrade = (char *)(uintptr_t)"Målrettet forebygging";
	m->tittel = title;
	m->frist = (char *)(uintptr_t)"2026-06-30";
	m->ansvar = (char *)(uintptr_t)"Rektor ungdomsskole; Helsesykepleier";
	rec->body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec->measure = m;
}

/*
 * Appends n records to id's feed in s, group per commit.  With dry set,
 * each group is aborted instead of committed: the cost of everything but
 * the disk.
 */
static int
append_run(struct store *s, const struct identity *id, size_t n,
    size_t group, int dry)
{
	Samplan__Record		 rec;
	Samplan__Measure	 m;
	struct store_txn	*t = NULL;
	struct feed_head	 h;
	char			 title[96];
	size_t			 i;
	int			 rc;

	for (i = 0; i < n; i++) {
		if (t == NULL && (rc = store_begin(s, 1, &t)) != 0)
			return rc;
		bench_measure_body(&rec, &m, title, (int)i);
		if ((rc = feed_append(t, id, &rec, 1700000000000LL, &h)) != 0) {
			store_abort(&t);
			return rc;
		}
		if (i % group == group - 1 || i == n - 1) {
			if (dry)
				store_abort(&t);
			else if ((rc = store_commit(&t)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The records of one group commit, alive while the signer has them. */
struct append_group {
	Samplan__Measure	 m[BENCH_BATCH];
	char			 title[BENCH_BATCH][96];
	struct sign_job		*job;
};

/* Makes group g's job: records g * group .. of group each. */
static struct sign_job *
append_group_job(struct append_group *ag, size_t g, size_t group)
{
	Samplan__Record	*recs = calloc(group, sizeof(*recs));
	size_t		 i;

	if (recs == NULL)
		exit(1);
	for (i = 0; i < group; i++)
		bench_measure_body(&recs[i], &ag->m[i], ag->title[i],
		    (int)(g * group + i));
	if ((ag->job = sign_job_new(recs, group, 1700000000000LL)) == NULL)
		exit(1);
	return ag->job;
}

/*
 * As append_run, the way the node appends (localwrite.c): the signer
 * thread signs group g + 1 while group g commits.  n a multiple of group.
 */
static int
append_run_pipelined(struct store *s, const struct identity *id, size_t n,
    size_t group)
{
	struct append_group	*ag = calloc(2, sizeof(*ag));
	struct store_txn	*t;
	struct signer		*sg;
	struct feed_head	 h;
	size_t			 g, ngroups = n / group;
	int			 rc;

	if (ag == NULL || signer_new(id, &sg) != 0 ||
	    store_begin(s, 0, &t) != 0 ||
	    feed_head_read(t, id->public_key, &h) != 0)
		exit(1);
	store_abort(&t);
	signer_submit(sg, append_group_job(&ag[0], 0, group), &h);
	for (g = 0, rc = 0; g < ngroups && rc == 0; g++) {
		struct sign_job *job = ag[g % 2].job;

		if (g + 1 < ngroups)
			signer_submit(sg, append_group_job(&ag[(g + 1) % 2],
			    g + 1, group), NULL);
		signer_wait(sg, job);
		if ((rc = job->rc) == 0 && (rc = store_begin(s, 1, &t)) == 0) {
			rc = feed_put_signed(t, &job->from, &job->to,
			    job->recs, job->envs, job->lens, job->count);
			if (rc == 0)
				rc = store_commit(&t);
			else
				store_abort(&t);
		}
		sign_job_free(&ag[g % 2].job);
	}
	if (g < ngroups)	/* the next one may be in the signer's hands */
		signer_wait(sg, ag[g % 2].job);
	signer_destroy(&sg);
	sign_job_free(&ag[0].job);
	sign_job_free(&ag[1].job);
	free(ag);
	return rc;
}

int
bench_append_n(struct store *s, const struct identity *id, size_t n,
    size_t group)
{
	return append_run(s, id, n, group, 0);
}

/*
 * The local append against raw signing, measured in BENCH_APPEND_ROUNDS
 * interleaved rounds: each round times raw Ed25519 signing, then
 * APPEND_N / BENCH_APPEND_ROUNDS records into each of the three stores (64 per
 * commit, 256 per commit, 64 per aborted commit).  A ratio is taken
 * within a round and the median over rounds reported, so a machine whose
 * speed drifts between seconds (a shared VM) moves both sides together.
 */
#define APPEND_SERIAL	0	/* sign, put, commit, one after the other */
#define APPEND_DRY	1	/* the same, commit aborted: no disk */
#define APPEND_PIPELINED 2	/* the node's way: signer.c beside commits */

/* What each kind of append run does; medians over the rounds. */
static const struct append_kind {
	const char	*dir;
	size_t		 group;
	int		 how;
} append_kinds[APPEND_KINDS] = {
	{ "append64", GROUP, APPEND_PIPELINED },
	{ "append256", BENCH_BATCH, APPEND_PIPELINED },
	{ "append64serial", GROUP, APPEND_SERIAL },
	{ "appenddry", GROUP, APPEND_DRY },
};

static double
append_chunk(struct store *s, const struct identity *id, size_t group,
    int how)
{
	double	t0 = now_s();
	int	rc;

	if (how == APPEND_PIPELINED)
		rc = append_run_pipelined(s, id, APPEND_N / BENCH_APPEND_ROUNDS,
		    group);
	else
		rc = append_run(s, id, APPEND_N / BENCH_APPEND_ROUNDS, group,
		    how == APPEND_DRY);
	if (rc != 0)
		exit(1);
	return (APPEND_N / BENCH_APPEND_ROUNDS) / (now_s() - t0);
}

void
bench_append_rounds(const char *base, const struct identity *id,
    struct append_figures *f)
{
	struct store	*s[APPEND_KINDS];
	double		 sign[BENCH_APPEND_ROUNDS];
	double		 rate[APPEND_KINDS][BENCH_APPEND_ROUNDS];
	double		 ratio[APPEND_KINDS][BENCH_APPEND_ROUNDS];
	char		*dir;
	int		 r, k;

	for (k = 0; k < APPEND_KINDS; k++) {
		if (asprintf(&dir, "%s/%s", base, append_kinds[k].dir) < 0)
			exit(1);
		if ((r = store_open(dir, 1ULL << 30, 0, id->public_key,
		    &s[k])) != 0) {
			fprintf(stderr, "%s: %s\n", dir, sp_strerror(r));
			exit(1);
		}
		free(dir);
	}
	for (r = 0; r < BENCH_APPEND_ROUNDS; r++) {
		sign[r] = raw_sign_rate(0.25);
		for (k = 0; k < APPEND_KINDS; k++) {
			rate[k][r] = append_chunk(s[k], id,
			    append_kinds[k].group, append_kinds[k].how);
			ratio[k][r] = rate[k][r] / sign[r];
		}
	}
	f->sign = percentile(sign, BENCH_APPEND_ROUNDS, 0.5);
	for (k = 0; k < APPEND_KINDS; k++) {
		store_close(&s[k]);
		f->rate[k] = percentile(rate[k], BENCH_APPEND_ROUNDS, 0.5);
		f->ratio[k] = percentile(ratio[k], BENCH_APPEND_ROUNDS, 0.5);
	}
}

/* Copies feed author's envelopes 1..n out of the store at dir. */
void
bench_read_feed(const char *dir, const uint8_t *author, size_t n, uint8_t ***envs,
    size_t **lens, uint8_t ***keys)
{
	struct store		*s;
	struct store_txn	*t;
	const uint8_t		*buf;
	size_t			 i, len;
	uint64_t		 seq;

	*envs = calloc(n, sizeof(**envs));
	*lens = calloc(n, sizeof(**lens));
	*keys = calloc(n, sizeof(**keys));
	if (store_open(dir, 0, STORE_RDONLY, NULL, &s) != 0 ||
	    store_begin(s, 0, &t) != 0)
		exit(1);
	for (i = 0; i < n; i++) {
		if (store_log_get(t, author, i + 1, &buf, &len) != 0)
			exit(1);
		(*envs)[i] = malloc(len);
		memcpy((*envs)[i], buf, len);
		(*lens)[i] = len;
		(*keys)[i] = malloc(40);
		memcpy((*keys)[i], author, 32);
		for (seq = i + 1, len = 0; len < 8; len++)
			(*keys)[i][39 - len] = (uint8_t)(seq >> (8 * len));
	}
	store_abort(&t);
	store_close(&s);
}

/* Frees what bench_read_feed() returned. */
void
bench_free_feed(uint8_t **envs, size_t *lens, uint8_t **keys, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(envs[i]);
		free(keys[i]);
	}
	free(envs);
	free(keys);
	free(lens);
}

