/*
 * plan.c - the plans, folded from the signed feeds of one store.
 *
 * Owns the in-memory model of plan.h: it decodes every record of every
 * known feed once (plan_load), indexes them per region and node, and
 * answers the questions every view asks (a kommune's position on a
 * regional measure, the effective measure, the latest status, overdue).
 * It does not format anything (tools/) and never writes the store.
 * Invariants: arrays of measures, decisions and reports are sorted by
 * their ASCII keys, so every view iterates in a stable order; within one
 * feed records are visited in seq order, so "latest" is "last seen".
 * Today's date and frist arithmetic are plan_time.c's; which plan version
 * each node folds is plan_seq.c's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain.h"
#include "errors.h"
#include "plan.h"
#include "policy.h"
#include "redact.h"

/* ---- loading ---- */

struct loader {
	struct store_txn	*t;		/* the reading transaction */
	struct plan_model	*m;
	const char		*author;
	int			 rc;
};

static int
load_one(void *arg, uint64_t seq, const uint8_t *env, size_t len)
{
	struct loader	*l = arg;
	struct plan_rec	*r, *v;
	struct entry	 e;

	if (entry_decode(env, len, &e) != 0)
		return 0;	/* verify reports it; views skip it */
	/* The one place a removed text becomes "[fjernet DD.MM.YYYY: ...]". */
	if ((l->rc = redact_render(l->t, &e)) != 0) {
		entry_clear(&e);
		return 1;
	}
	v = realloc(l->m->recs, (l->m->nrecs + 1) * sizeof(*v));
	if (v == NULL) {
		entry_clear(&e);
		l->rc = SP_ENOMEM;
		return 1;
	}
	l->m->recs = v;
	r = &v[l->m->nrecs++];
	r->e = e;
	r->author = l->author;
	r->seq = seq;
	r->time = e.rec->timestamp;
	return 0;
}

static int
measure_add_version(struct plan_measure **arr, size_t *n,
    const struct plan_rec *rec)
{
	const Samplan__Measure	*m = rec->e.rec->measure;
	struct plan_measure	*pm = NULL, *v;
	const struct plan_rec	**vv;
	size_t			 i;

	for (i = 0; i < *n; i++)
		if (strcmp((*arr)[i].id, m->id) == 0) {
			pm = &(*arr)[i];
			break;
		}
	if (pm == NULL) {
		if ((v = realloc(*arr, (*n + 1) * sizeof(*v))) == NULL)
			return SP_ENOMEM;
		*arr = v;
		pm = &v[(*n)++];
		memset(pm, 0, sizeof(*pm));
		pm->id = m->id;
		pm->owner = rec->author;
		pm->created = rec->seq;
	}
	if ((vv = realloc(pm->v, (pm->nv + 1) * sizeof(*vv))) == NULL)
		return SP_ENOMEM;
	pm->v = vv;
	pm->v[pm->nv++] = rec;
	pm->version = rec->seq;
	pm->m = m;
	return 0;
}

static int
decision_add(struct plan_node *k, const struct plan_rec *rec)
{
	const Samplan__Adaptation	*a = rec->e.rec->adaptation;
	struct plan_decision		*v;
	size_t				 i;

	for (i = 0; i < k->ndec; i++)
		if (strcmp(k->dec[i].measure, a->measure) == 0) {
			k->dec[i].a = a;
			k->dec[i].rec = rec;
			return 0;
		}
	if ((v = realloc(k->dec, (k->ndec + 1) * sizeof(*v))) == NULL)
		return SP_ENOMEM;
	k->dec = v;
	v[k->ndec].measure = a->measure;
	v[k->ndec].a = a;
	v[k->ndec].rec = rec;
	k->ndec++;
	return 0;
}

static int
report_add(struct plan_node *k, const struct plan_rec *rec, int regional)
{
	const Samplan__StatusReport	*r = rec->e.rec->report;
	struct plan_report		*v;
	size_t				 i;

	for (i = 0; i < k->nreports; i++)
		if (k->reports[i].regional == regional &&
		    strcmp(k->reports[i].r->measure, r->measure) == 0 &&
		    strcmp(k->reports[i].r->period, r->period) == 0) {
			k->reports[i].r = r;
			k->reports[i].rec = rec;
			return 0;
		}
	if ((v = realloc(k->reports, (k->nreports + 1) * sizeof(*v))) == NULL)
		return SP_ENOMEM;
	k->reports = v;
	v[k->nreports].regional = regional;
	v[k->nreports].r = r;
	v[k->nreports].rec = rec;
	k->nreports++;
	return 0;
}

static int
eval_add(struct plan_node *k, const struct plan_rec *rec)
{
	const Samplan__Evaluation	*e = rec->e.rec->evaluation;
	struct plan_eval		*v;
	size_t				 i;

	for (i = 0; i < k->nevals; i++)
		if (strcmp(k->evals[i].e->innsatsomrade, e->innsatsomrade) ==
		    0 && strcmp(k->evals[i].e->measure, e->measure) == 0) {
			k->evals[i].e = e;
			k->evals[i].rec = rec;
			return 0;
		}
	if ((v = realloc(k->evals, (k->nevals + 1) * sizeof(*v))) == NULL)
		return SP_ENOMEM;
	k->evals = v;
	v[k->nevals].e = e;
	v[k->nevals].rec = rec;
	k->nevals++;
	return 0;
}

/* The plan version a record of node k belongs to (cycle.h). */
static const char *
record_key(const struct plan_node *k, const Samplan__Record *r)
{
	const char	*key = cycle_record_key(r);

	return *key != '\0' ? key : k->seq.first_key;
}

/* Folds one record of node k (a member when member != 0) into region. */
static int
fold(struct plan_region *g, struct plan_node *k, int member,
    const struct plan_rec *rec)
{
	const Samplan__Record	*r = rec->e.rec;
	const char		*region = g->cfg->name;

	k->known = 1;
	k->head = rec->seq;
	k->last_time = rec->time;
	if (strcmp(record_key(k, r), k->seq.plan) != 0)
		return 0;	/* another plan version's */
	switch (r->body_case) {
	case SAMPLAN__RECORD__BODY_PLAN:
		if (strcmp(r->plan->region, region) == 0 ||
		    r->plan->region[0] == '\0') {
			k->info = r->plan;
			k->info_rec = rec;
		}
		return 0;
	case SAMPLAN__RECORD__BODY_MEASURE:
		if (!member && strcmp(r->measure->region, region) == 0)
			return measure_add_version(&g->measures, &g->nmeasures,
			    rec);
		if (member && r->measure->region[0] == '\0')
			return measure_add_version(&k->local, &k->nlocal, rec);
		return 0;
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		if (member && strcmp(r->adaptation->region, region) == 0)
			return decision_add(k, rec);
		return 0;
	case SAMPLAN__RECORD__BODY_REPORT:
		/* The coordinator reports on measures the region runs. */
		if (!member)
			return strcmp(r->report->region, region) == 0 ?
			    report_add(k, rec, 1) : 0;
		if (strcmp(r->report->region, region) == 0)
			return report_add(k, rec, 1);
		if (r->report->region[0] == '\0')
			return report_add(k, rec, 0);
		return 0;
	case SAMPLAN__RECORD__BODY_EVALUATION:
		return strcmp(r->evaluation->region, region) == 0 ?
		    eval_add(k, rec) : 0;
	default:
		return 0;
	}
}

static int
cmp_measure(const void *a, const void *b)
{
	return strcmp(((const struct plan_measure *)a)->id,
	    ((const struct plan_measure *)b)->id);
}

static int
cmp_decision(const void *a, const void *b)
{
	return strcmp(((const struct plan_decision *)a)->measure,
	    ((const struct plan_decision *)b)->measure);
}

static int
cmp_report(const void *a, const void *b)
{
	const struct plan_report *x = a, *y = b;
	int	c;

	if (x->regional != y->regional)
		return y->regional - x->regional;
	if ((c = strcmp(x->r->measure, y->r->measure)) != 0)
		return c;
	return plan_period_cmp(x->r->period, y->r->period);
}

static void
node_sort(struct plan_node *k)
{
	if (k->nlocal > 1)
		qsort(k->local, k->nlocal, sizeof(*k->local), cmp_measure);
	if (k->ndec > 1)
		qsort(k->dec, k->ndec, sizeof(*k->dec), cmp_decision);
	if (k->nreports > 1)
		qsort(k->reports, k->nreports, sizeof(*k->reports),
		    cmp_report);
}

/* Members with a kommunenummer first, by it; then config order. */
static int
cmp_member(const void *a, const void *b)
{
	const struct plan_node	*x = a, *y = b;
	int			 c;

	if (x->kommunenummer != NULL && y->kommunenummer != NULL &&
	    (c = strcmp(x->kommunenummer, y->kommunenummer)) != 0)
		return c;
	if ((x->kommunenummer == NULL) != (y->kommunenummer == NULL))
		return x->kommunenummer == NULL ? 1 : -1;
	/* Config order: the heads are still zero, names point into cfg. */
	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * The region's plan versions (the coordinator's), and in a region of
 * parallel plans each member's own; every node then knows the key of
 * the version it folds (seq.plan).
 */
static int
sequences_build(const struct plan_model *m, struct plan_region *g,
    const char *which, int year, const char *today)
{
	struct plan_seq	 rs;
	size_t		 j;
	int		 rc;

	if ((rc = plan_seq_build(m, g->cfg->name, g->coord.name, &rs)) != 0) {
		plan_seq_free(&rs);
		return rc;
	}
	plan_seq_select(&rs, which, year, today);
	g->versions = rs.versions;
	g->nversions = rs.nversions;
	g->in_force = rs.in_force;
	g->selected = rs.selected;
	g->plan = rs.plan;
	g->first_key = rs.first_key;
	g->parallel = config_region_parallel(g->cfg);
	g->coord.seq.plan = g->plan;
	g->coord.seq.first_key = g->first_key;
	for (j = 0; j < g->nmembers; j++) {
		struct plan_node *k = &g->members[j];

		if (!g->parallel) {
			k->seq.plan = g->plan;
			k->seq.first_key = g->first_key;
			k->seq.in_force = g->in_force;
			k->seq.selected = g->selected;
			continue;
		}
		if ((rc = plan_seq_build(m, g->cfg->name, k->name,
		    &k->seq)) != 0)
			return rc;
		plan_seq_select(&k->seq, which, year, today);
	}
	return 0;
}

static int
region_build(struct plan_model *m, const struct config *cfg,
    struct plan_region *g, const char *which, int year, const char *today)
{
	size_t	i, j;
	int	rc;

	g->coord.name = g->cfg->coordinator;
	g->coord.title = config_node_title(cfg, g->coord.name);
	g->coord.kommunenummer = config_node_kommunenummer(cfg, g->coord.name);
	if (g->cfg->nmembers > 0 && (g->members = calloc(g->cfg->nmembers,
	    sizeof(*g->members))) == NULL)
		return SP_ENOMEM;
	g->nmembers = g->cfg->nmembers;
	for (j = 0; j < g->nmembers; j++) {
		g->members[j].name = g->cfg->members[j];
		g->members[j].title = config_node_title(cfg,
		    g->members[j].name);
		g->members[j].kommunenummer = config_node_kommunenummer(cfg,
		    g->members[j].name);
		g->members[j].order = j;
	}
	if (g->nmembers > 1)
		qsort(g->members, g->nmembers, sizeof(*g->members),
		    cmp_member);
	if ((rc = sequences_build(m, g, which, year, today)) != 0)
		return rc;
	for (i = 0; i < m->nrecs; i++) {
		const struct plan_rec *rec = &m->recs[i];

		if (strcmp(rec->author, g->coord.name) == 0) {
			if ((rc = fold(g, &g->coord, 0, rec)) != 0)
				return rc;
			continue;
		}
		for (j = 0; j < g->nmembers; j++)
			if (strcmp(rec->author, g->members[j].name) == 0 &&
			    (rc = fold(g, &g->members[j], 1, rec)) != 0)
				return rc;
	}
	if (g->nmeasures > 1)
		qsort(g->measures, g->nmeasures, sizeof(*g->measures),
		    cmp_measure);
	for (j = 0; j < g->nmembers; j++)
		node_sort(&g->members[j]);
	node_sort(&g->coord);
	return 0;
}

static int	load_model(struct store *, const struct config *,
		    const uint8_t *, const char *, int, const char *,
		    struct plan_model **);

int
plan_load(struct store *s, const struct config *cfg, const uint8_t *self,
    struct plan_model **out)
{
	char	today[11];

	if (plan_today(today) != 0)
		plan_oslo_date(time(NULL), today);
	return plan_load_plan(s, cfg, self, NULL, today, out);
}

int
plan_load_plan(struct store *s, const struct config *cfg,
    const uint8_t *self, const char *which, const char *today,
    struct plan_model **out)
{
	return load_model(s, cfg, self, which, 0, today, out);
}

int
plan_load_year(struct store *s, const struct config *cfg,
    const uint8_t *self, int year, const char *today,
    struct plan_model **out)
{
	return load_model(s, cfg, self, NULL, year, today, out);
}

/* plan_load_plan and plan_load_year: which or else year picks. */
static int
load_model(struct store *s, const struct config *cfg, const uint8_t *self,
    const char *which, int year, const char *today, struct plan_model **out)
{
	struct plan_model	*m;
	struct store_txn	*t = NULL;
	struct feed_head	*heads = NULL;
	struct loader		 l;
	size_t			 n = 0, i;
	int			 rc;

	*out = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return SP_ENOMEM;
	if ((rc = store_begin(s, 0, &t)) != 0 ||
	    (rc = store_heads(t, &heads, &n)) != 0)
		goto fail;
	memset(&l, 0, sizeof(l));
	l.t = t;
	l.m = m;
	for (i = 0; i < n && l.rc == 0; i++) {
		l.author = policy_author_name(cfg, self, heads[i].author);
		if (l.author == NULL)
			continue;
		if ((rc = store_log_scan(t, heads[i].author, 1, load_one,
		    &l)) < 0)
			goto fail;
	}
	if ((rc = l.rc) != 0)
		goto fail;
	store_abort(&t);
	if (cfg->nregions > 0 && (m->regions = calloc(cfg->nregions,
	    sizeof(*m->regions))) == NULL) {
		rc = SP_ENOMEM;
		goto fail;
	}
	m->nregions = cfg->nregions;
	for (i = 0; i < cfg->nregions; i++) {
		m->regions[i].cfg = &cfg->regions[i];
		if ((rc = region_build(m, cfg, &m->regions[i], which,
		    year, today)) != 0)
			goto fail;
	}
	free(heads);
	*out = m;
	return 0;
fail:
	store_abort(&t);
	free(heads);
	plan_destroy(&m);
	return rc;
}

static void
measures_free(struct plan_measure *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i].v);
	free(v);
}

static void
node_free(struct plan_node *k)
{
	measures_free(k->local, k->nlocal);
	free(k->dec);
	free(k->reports);
	free(k->evals);
	plan_seq_free(&k->seq);
}

void
plan_destroy(struct plan_model **mp)
{
	struct plan_model	*m;
	size_t			 i, j;

	if (mp == NULL || (m = *mp) == NULL)
		return;
	for (i = 0; i < m->nregions; i++) {
		struct plan_region *g = &m->regions[i];

		for (j = 0; j < g->nmembers; j++)
			node_free(&g->members[j]);
		free(g->members);
		node_free(&g->coord);
		measures_free(g->measures, g->nmeasures);
		free(g->versions);
	}
	free(m->regions);
	for (i = 0; i < m->nrecs; i++)
		entry_clear(&m->recs[i].e);
	free(m->recs);
	free(m);
	*mp = NULL;
}

/* ---- lookups ---- */

struct plan_region *
plan_region(const struct plan_model *m, const char *name)
{
	size_t	i;

	for (i = 0; i < m->nregions; i++)
		if (strcmp(m->regions[i].cfg->name, name) == 0)
			return &m->regions[i];
	return NULL;
}

struct plan_node *
plan_member(const struct plan_region *g, const char *name)
{
	size_t	i;

	for (i = 0; i < g->nmembers; i++)
		if (strcmp(g->members[i].name, name) == 0)
			return &g->members[i];
	return NULL;
}

struct plan_node *
plan_member_by_label(const struct plan_region *g, const char *label)
{
	static const char	 suffix[] = " kommune";
	size_t			 i, n, ls = sizeof(suffix) - 1;

	for (i = 0; i < g->nmembers; i++) {
		const char *t = g->members[i].title;

		if (strcmp(g->members[i].name, label) == 0 ||
		    strcmp(t, label) == 0)
			return &g->members[i];
		n = strlen(t);
		if (n > ls && strcmp(t + n - ls, suffix) == 0 &&
		    strlen(label) == n - ls && strncmp(t, label, n - ls) == 0)
			return &g->members[i];
	}
	return NULL;
}

static const struct plan_measure *
measure_find(const struct plan_measure *v, size_t n, const char *id)
{
	size_t	lo = 0, hi = n, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(id, v[mid].id)) == 0)
			return &v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct plan_measure *
plan_regional(const struct plan_region *g, const char *id)
{
	return measure_find(g->measures, g->nmeasures, id);
}

const struct plan_measure *
plan_local(const struct plan_node *k, const char *id)
{
	return measure_find(k->local, k->nlocal, id);
}

const struct plan_decision *
plan_decision_of(const struct plan_node *k, const char *measure)
{
	size_t	i;

	for (i = 0; i < k->ndec; i++)
		if (strcmp(k->dec[i].measure, measure) == 0)
			return &k->dec[i];
	return NULL;
}

uint64_t
plan_region_version(const struct plan_region *g)
{
	return g->coord.head;
}

size_t
plan_areas(const struct plan_region *g, const struct plan_node *k,
    char ***names)
{
	if (k != NULL && k->info != NULL && k->info->n_innsatsomrader > 0) {
		*names = k->info->innsatsomrader;
		return k->info->n_innsatsomrader;
	}
	if (g->coord.info != NULL && g->coord.info->n_innsatsomrader > 0) {
		*names = g->coord.info->innsatsomrader;
		return g->coord.info->n_innsatsomrader;
	}
	*names = NULL;
	return 0;
}

/* ---- decisions ---- */

void
plan_cell(const struct plan_region *g, const struct plan_node *k,
    const struct plan_measure *rm, struct plan_cell *out)
{
	const struct plan_decision	*d;

	(void)g;
	memset(out, 0, sizeof(*out));
	out->status = plan_status(k, 1, rm->id, NULL);
	if ((d = plan_decision_of(k, rm->id)) != NULL) {
		out->a = d->a;
		out->based_on = d->a->based_on;
		switch (d->a->decision) {
		case SAMPLAN__DECISION__ADAPT:
			out->choice = PLAN_ADAPT;
			break;
		case SAMPLAN__DECISION__DECLINE:
			out->choice = PLAN_DECLINE;
			break;
		default:
			out->choice = PLAN_ADOPT;
			break;
		}
		out->changed = d->a->based_on < rm->version;
		out->flagged = out->changed && out->choice != PLAN_ADOPT;
		return;
	}
	if (k->info != NULL && domain_state_adopted(k->info->state) &&
	    k->info->regional_version >= rm->created) {
		out->choice = PLAN_ADOPT;
		out->implicit = 1;
		out->based_on = k->info->regional_version;
		out->changed = k->info->regional_version < rm->version;
	}
}

/* The slot of field in m, or NULL for a field overrides may not touch. */
static char **
measure_slot(Samplan__Measure *m, const char *field)
{
	if (strcmp(field, "tittel") == 0)
		return &m->tittel;
	if (strcmp(field, "beskrivelse") == 0)
		return &m->beskrivelse;
	if (strcmp(field, "ansvar") == 0)
		return &m->ansvar;
	if (strcmp(field, "samarbeidspartnere") == 0)
		return &m->samarbeidspartnere;
	if (strcmp(field, "frist") == 0)
		return &m->frist;
	if (strcmp(field, "indikator") == 0)
		return &m->indikator;
	if (strcmp(field, "malgruppe") == 0)
		return &m->malgruppe;
	return NULL;
}

void
plan_effective(const Samplan__Measure *rm, const Samplan__Adaptation *a,
    Samplan__Measure *out)
{
	char	**slot;
	size_t	  i;

	*out = *rm;
	if (a == NULL || a->decision != SAMPLAN__DECISION__ADAPT)
		return;
	for (i = 0; i < a->n_overrides; i++)
		if ((slot = measure_slot(out, a->overrides[i]->field)) != NULL)
			*slot = a->overrides[i]->value;
}

const char *
plan_override(const Samplan__Adaptation *a, const char *field)
{
	size_t	i;

	if (a == NULL || a->decision != SAMPLAN__DECISION__ADAPT)
		return NULL;
	for (i = 0; i < a->n_overrides; i++)
		if (strcmp(a->overrides[i]->field, field) == 0)
			return a->overrides[i]->value;
	return NULL;
}

const Samplan__Measure *
plan_measure_at(const struct plan_measure *rm, uint64_t at)
{
	const Samplan__Measure	*m = NULL;
	size_t			 i;

	for (i = 0; i < rm->nv && rm->v[i]->seq <= at; i++)
		m = rm->v[i]->e.rec->measure;
	return m;
}

/* ---- reports and dates ---- */

/* The month a period ends in (12 for a bare year), or 0 if malformed. */
static int
period_end(const char *p)
{
	size_t	len = strlen(p);

	if (len == 4)
		return 12;
	if (len == 6 && p[4] == 'H')
		return (p[5] - '0') * 6;
	if (len == 6 && p[4] == 'T')
		return (p[5] - '0') * 4;
	return 0;
}

int
plan_period_cmp(const char *a, const char *b)
{
	int	c, ea, eb;

	if ((c = strncmp(a, b, 4)) != 0)
		return c;
	ea = period_end(a);
	eb = period_end(b);
	if (ea != eb)
		return ea < eb ? -1 : 1;
	return strcmp(a, b);
}

const struct plan_report *
plan_status(const struct plan_node *k, int regional, const char *measure,
    const char *period)
{
	const struct plan_report	*best = NULL;
	size_t				 i;
	int				 c;

	for (i = 0; i < k->nreports; i++) {
		const struct plan_report *r = &k->reports[i];

		if (r->regional != regional || r->r->withdrawn ||
		    strcmp(r->r->measure, measure) != 0)
			continue;
		if (period != NULL && strcmp(r->r->period, period) != 0)
			continue;
		/* The latest period wins; within one, the latest record. */
		if (best == NULL) {
			best = r;
			continue;
		}
		c = strncmp(r->r->period, best->r->period, 4);
		if (c == 0)
			c = period_end(r->r->period) -
			    period_end(best->r->period);
		if (c > 0 || (c == 0 && r->rec->seq > best->rec->seq))
			best = r;
	}
	return best;
}

/* Days since 1970-01-01 of y-m-d (proleptic Gregorian). */
static int
period_months(const char *p, int *first, int *last)
{
	int	y = domain_period_year(p);

	if (y < 0)
		return 0;
	*last = period_end(p);
	*first = strlen(p) == 4 ? 1 : p[4] == 'H' ? *last - 5 : *last - 3;
	return y;
}

int
plan_period_contains(const char *outer, const char *inner)
{
	int	yo, yi, fo, lo, fi, li;

	if ((yo = period_months(outer, &fo, &lo)) == 0 ||
	    (yi = period_months(inner, &fi, &li)) == 0)
		return 0;
	return yo == yi && fi >= fo && li <= lo;
}

int
plan_period_bounds(const char *p, char first[11], char last[11])
{
	static const int	mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	char			buf[32];
	int			y, f, l;

	/* Periods end in April, June, August or December: no leap day. */
	if ((y = period_months(p, &f, &l)) == 0)
		return SP_EINVAL;
	snprintf(buf, sizeof(buf), "%04d-%02d-01", y, f);
	memcpy(first, buf, 11);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, l, mdays[l - 1]);
	memcpy(last, buf, 11);
	return 0;
}

/* 1 when report period a ends before or with period b. */
static int
ends_by(const char *a, const char *b)
{
	int	ya = domain_period_year(a), yb = domain_period_year(b);

	return ya < yb || (ya == yb && period_end(a) <= period_end(b));
}

const struct plan_report *
plan_status_at(const struct plan_node *k, int regional, const char *measure,
    const char *period)
{
	const struct plan_report	*best = NULL;
	size_t				 i;
	int				 c;

	for (i = 0; i < k->nreports; i++) {
		const struct plan_report *r = &k->reports[i];

		if (r->regional != regional || r->r->withdrawn ||
		    strcmp(r->r->measure, measure) != 0 ||
		    !ends_by(r->r->period, period))
			continue;
		if (best == NULL) {
			best = r;
			continue;
		}
		c = plan_period_cmp(r->r->period, best->r->period);
		if (c > 0 || (c == 0 && r->rec->seq > best->rec->seq))
			best = r;
	}
	return best;
}
