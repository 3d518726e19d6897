/*
 * view.c - the plan and region views, computed from a plan model.
 *
 * Owns the arithmetic of what a kommune's plan holds and what the region
 * report shows (plan.h answers per measure; this file walks all of them
 * and orders the result).  Does not print (tools/cmd_plan.c,
 * cmd_region.c) and never touches the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "errors.h"
#include "view.h"

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

/* ---- innsatsområder in display order ---- */

struct areas {
	const char	**v;
	size_t		  n;
	size_t		  declared;	/* the first `declared` keep their order */
};

static int
areas_add(struct areas *a, const char *name)
{
	const char	**v;
	size_t		  i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], name) == 0)
			return 0;
	if ((v = realloc(a->v, (a->n + 1) * sizeof(*v))) == NULL)
		return SP_ENOMEM;
	a->v = v;
	a->v[a->n++] = name;
	return 0;
}

static int
cmp_collate(const void *a, const void *b)
{
	return domain_collate(*(const char *const *)a,
	    *(const char *const *)b);
}

/* Declared areas (k's plan, then the region's) first, in order. */
static int
areas_declared(struct areas *a, const struct plan_region *g,
    const struct plan_node *k)
{
	size_t	i;
	int	rc;

	if (k != NULL && k->info != NULL)
		for (i = 0; i < k->info->n_innsatsomrader; i++)
			if ((rc = areas_add(a, k->info->innsatsomrader[i])) != 0)
				return rc;
	if (g->coord.info != NULL)
		for (i = 0; i < g->coord.info->n_innsatsomrader; i++)
			if ((rc = areas_add(a,
			    g->coord.info->innsatsomrader[i])) != 0)
				return rc;
	a->declared = a->n;
	return 0;
}

/* Sorts the undeclared tail by Norwegian collation. */
static void
areas_finish(struct areas *a)
{
	if (a->n - a->declared > 1)
		qsort(a->v + a->declared, a->n - a->declared, sizeof(*a->v),
		    cmp_collate);
}

static size_t
areas_index(const struct areas *a, const char *name)
{
	size_t	i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], name) == 0)
			return i;
	return 0;
}

/* ---- a kommune's plan ---- */

static int
cmp_item(const void *a, const void *b)
{
	const struct view_item	*x = a, *y = b;

	if (x->area != y->area)
		return x->area < y->area ? -1 : 1;
	return strcmp(x->eff.id, y->eff.id);
}

static int
items_add(struct view_plan *v, const struct view_item *it)
{
	struct view_item	*n;

	if ((n = realloc(v->items, (v->nitems + 1) * sizeof(*n))) == NULL)
		return SP_ENOMEM;
	v->items = n;
	v->items[v->nitems++] = *it;
	return 0;
}

static int
plan_regional_items(struct view_plan *v, struct areas *ar, const char *today)
{
	const char			*period = v->period;
	const struct plan_region	*g = v->g;
	struct view_item		 it;
	size_t				 i;
	int				 rc;

	for (i = 0; i < g->nmeasures; i++) {
		const struct plan_measure *pm = &g->measures[i];

		memset(&it, 0, sizeof(it));
		it.pm = pm;
		it.origin = VIEW_REGIONAL;
		it.retired = pm->m->retired;
		if (v->k != NULL) {
			plan_cell(g, v->k, pm, &it.cell);
			it.cell.status = plan_status_at(v->k, 1, pm->id,
			    period);
			if (it.cell.choice == PLAN_ADAPT)
				it.origin = VIEW_ADAPTED;
			else if (it.cell.choice == PLAN_DECLINE)
				it.origin = VIEW_DECLINED;
			it.status = it.cell.status;
		}
		plan_effective(pm->m, it.cell.a, &it.eff);
		if (v->k != NULL && it.cell.choice != PLAN_DECLINE &&
		    !it.retired)
			it.overdue = plan_overdue(it.eff.frist, it.status ?
			    it.status->r->status : NULL, today);
		if ((rc = areas_add(ar, it.eff.innsatsomrade)) != 0 ||
		    (rc = items_add(v, &it)) != 0)
			return rc;
	}
	return 0;
}

static int
plan_local_items(struct view_plan *v, struct areas *ar, const char *today)
{
	struct view_item	 it;
	size_t			 i;
	int			 rc;

	for (i = 0; i < v->k->nlocal; i++) {
		const struct plan_measure *pm = &v->k->local[i];

		memset(&it, 0, sizeof(it));
		it.pm = pm;
		it.origin = VIEW_LOCAL;
		it.retired = pm->m->retired;
		it.eff = *pm->m;
		it.status = plan_status_at(v->k, 0, pm->id, v->period);
		it.overdue = !it.retired && plan_overdue(it.eff.frist,
		    it.status ? it.status->r->status : NULL, today);
		if ((rc = areas_add(ar, it.eff.innsatsomrade)) != 0 ||
		    (rc = items_add(v, &it)) != 0)
			return rc;
	}
	return 0;
}

/*
 * Sets v's period (period, or the year of today) and the day its
 * overdue checks are made on: the period's last day, or today when the
 * period has not ended yet.
 */
static int
view_period(const char *period, const char *today, char out[8],
    char judge[11])
{
	char	first[11], last[11];

	if (period == NULL) {
		memcpy(out, today, 4);
		out[4] = '\0';
	} else if (strlen(period) < 8)
		strcpy(out, period);
	else
		return SP_EINVAL;
	if (plan_period_bounds(out, first, last) != 0)
		return SP_EINVAL;
	memcpy(judge, strcmp(last, today) < 0 ? last : today, 11);
	return 0;
}

int
view_plan_build(const struct plan_region *g, const struct plan_node *k,
    const char *today, const char *period, struct view_plan **out)
{
	struct view_plan	*v;
	struct areas		 ar;
	size_t			 i;
	int			 rc;

	*out = NULL;
	memset(&ar, 0, sizeof(ar));
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return SP_ENOMEM;
	v->g = g;
	v->k = k;
	if ((rc = view_period(period, today, v->period, v->judged)) != 0) {
		free(v);
		return rc;
	}
	today = v->judged;
	if ((rc = areas_declared(&ar, g, k)) != 0 ||
	    (rc = plan_regional_items(v, &ar, today)) != 0 ||
	    (k != NULL && (rc = plan_local_items(v, &ar, today)) != 0)) {
		free(ar.v);
		view_plan_destroy(&v);
		return rc;
	}
	areas_finish(&ar);
	for (i = 0; i < v->nitems; i++)
		v->items[i].area = areas_index(&ar, v->items[i].eff.innsatsomrade);
	if (v->nitems > 1)
		qsort(v->items, v->nitems, sizeof(*v->items), cmp_item);
	v->areas = ar.v;
	v->nareas = ar.n;
	*out = v;
	return 0;
}

void
view_plan_destroy(struct view_plan **vp)
{
	struct view_plan	*v;

	if (vp == NULL || (v = *vp) == NULL)
		return;
	free(v->items);
	free(v->areas);
	free(v);
	*vp = NULL;
}

/* ---- what people read ---- */

const char *
view_item_concerns(const struct view_plan *v, const struct view_item *it, char *buf,
    size_t size)
{
	buf[0] = '\0';
	if (it->retired) {
		snprintf(buf, size, "avsluttet: %s", it->eff.retired_reason);
		return buf;
	}
	if (v->k == NULL)
		return buf;
	if (it->pm != NULL && strcmp(it->origin, VIEW_LOCAL) != 0) {
		if (it->cell.choice == PLAN_UNDECIDED)
			strncat(buf, "ny, ikke tatt stilling; ", size -
			    strlen(buf) - 1);
		else if (it->cell.flagged)
			strncat(buf, "endret regionalt: til vurdering; ",
			    size - strlen(buf) - 1);
		else if (it->cell.changed)
			strncat(buf, "endret regionalt; ", size - strlen(buf) -
			    1);
	}
	if (it->overdue)
		strncat(buf, "forfalt; ", size - strlen(buf) - 1);
	if (buf[0] != '\0')
		buf[strlen(buf) - 2] = '\0';
	return buf;
}

const char *
view_origin_label(const char *origin)
{
	if (strcmp(origin, VIEW_ADAPTED) == 0)
		return "tilpasset";
	if (strcmp(origin, VIEW_LOCAL) == 0)
		return "lokalt";
	if (strcmp(origin, VIEW_DECLINED) == 0)
		return "avsl\xc3\xa5tt";
	return "regionalt";
}

const char *
view_choice_label(enum plan_choice c)
{
	switch (c) {
	case PLAN_ADOPT:
		return "vedtatt";
	case PLAN_ADAPT:
		return "tilpasset";
	case PLAN_DECLINE:
		return "avsl\xc3\xa5tt";
	default:
		return "ikke tatt stilling";
	}
}

/* ---- the region ---- */

const char *
view_choice_name(enum plan_choice c)
{
	switch (c) {
	case PLAN_ADOPT:
		return "adopt";
	case PLAN_ADAPT:
		return "adapt";
	case PLAN_DECLINE:
		return "decline";
	default:
		return "undecided";
	}
}

const char *
view_exception_name(enum view_exception_kind k)
{
	static const char *const names[] = {
		"declined", "changed", "flagged", "undecided", "overdue",
		"missing_report",
	};

	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

int
view_region_run(const Samplan__Measure *m)
{
	return m->gjennomfores_av != NULL &&
	    strcmp(m->gjennomfores_av, "region") == 0;
}

const char *
view_exception_title(enum view_exception_kind k)
{
	static const char *const titles[] = {
		"Avsl\xc3\xa5tt",
		"Endret frist, ansvar eller indikator",
		"Til vurdering: endret regionalt etter kommunens beslutning",
		"Ikke tatt stilling",
		"Forfalt ved periodens slutt",
		"Mangler rapport for perioden",
	};

	return (size_t)k < sizeof(titles) / sizeof(titles[0]) ? titles[k] :
	    "?";
}

void
view_region_row_done(const struct view_region *v, size_t r, size_t *done,
    size_t *in_effect)
{
	size_t	j;

	*done = *in_effect = 0;
	for (j = 0; j < v->g->nmembers; j++) {
		const struct plan_cell *c = view_region_cell(v, r, j);

		if (c->choice == PLAN_DECLINE)
			continue;
		(*in_effect)++;
		if (c->status != NULL && strcmp(c->status->r->status,
		    "gjennomfort") == 0)
			(*done)++;
	}
}

const struct plan_cell *
view_region_cell(const struct view_region *v, size_t r, size_t j)
{
	return &v->cells[r * v->g->nmembers + j];
}

static int
ex_add(struct view_region *v, const struct view_exception *e)
{
	struct view_exception	*n;

	if ((n = realloc(v->ex, (v->nex + 1) * sizeof(*n))) == NULL)
		return SP_ENOMEM;
	v->ex = n;
	v->ex[v->nex++] = *e;
	return 0;
}

static size_t
status_index(const char *code)
{
	const char *const	*codes;
	size_t			 n, i;

	codes = domain_status_codes(&n);
	for (i = 0; i < n; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return 0;
}

/* The exceptions of one measure for kommune j, in kind order. */
static int
ex_measure(struct view_region *v, size_t j, const char *id,
    const struct plan_measure *pm, const struct plan_cell *c,
    const char *today, int regional)
{
	static const char *const watched[] = { "frist", "ansvar", "indikator" };
	const struct plan_node	*k = &v->g->members[j];
	const Samplan__Measure	*rm = pm->m;
	struct view_exception	 e;
	Samplan__Measure	 eff;
	size_t			 i;
	int			 rc;

	memset(&e, 0, sizeof(e));
	e.kommune = k->name;
	e.measure = id;
	if (c->choice == PLAN_DECLINE) {
		e.kind = VIEW_EX_DECLINED;
		e.new = nz(c->a->reason);
		return ex_add(v, &e);
	}
	for (i = 0; regional && i < 3; i++) {
		const char *o = plan_override(c->a, watched[i]);

		if (o == NULL || strcmp(o, domain_measure_get(rm,
		    watched[i])) == 0)
			continue;
		e.kind = VIEW_EX_CHANGED;
		e.field = watched[i];
		e.old = domain_measure_get(rm, watched[i]);
		e.new = o;
		if ((rc = ex_add(v, &e)) != 0)
			return rc;
	}
	e.field = e.old = e.new = NULL;
	if (c->flagged) {
		e.kind = VIEW_EX_FLAGGED;
		e.based_on = c->based_on;
		e.version = pm->version;
		if ((rc = ex_add(v, &e)) != 0)
			return rc;
		e.based_on = e.version = 0;
	}
	if (c->choice == PLAN_UNDECIDED) {
		e.kind = VIEW_EX_UNDECIDED;
		return ex_add(v, &e);
	}
	plan_effective(rm, c->a, &eff);
	if (plan_overdue(eff.frist, c->status ? c->status->r->status : NULL,
	    today)) {
		e.kind = VIEW_EX_OVERDUE;
		e.old = eff.frist;
		e.new = c->status ? c->status->r->status : "";
		if ((rc = ex_add(v, &e)) != 0)
			return rc;
		e.old = e.new = NULL;
	}
	/* The region reports on the measures it runs, not the kommuner. */
	if (regional && view_region_run(rm))
		return 0;
	/* Done or dropped measures need no further reports. */
	if (c->status != NULL && (strcmp(c->status->r->status,
	    "gjennomfort") == 0 || strcmp(c->status->r->status,
	    "bortfalt") == 0))
		return 0;
	if (c->status == NULL || !plan_period_contains(v->period,
	    c->status->r->period)) {
		e.kind = VIEW_EX_MISSING;
		return ex_add(v, &e);
	}
	return 0;
}

static int
region_exceptions(struct view_region *v, const char *today)
{
	const struct plan_region	*g = v->g;
	struct plan_cell		 c;
	size_t				 j, r;
	int				 rc;

	for (j = 0; j < g->nmembers; j++) {
		const struct plan_node *k = &g->members[j];

		for (r = 0; r < v->nrows; r++)
			if (!v->rows[r]->m->retired &&
			    (rc = ex_measure(v, j, v->rows[r]->id,
			    v->rows[r], view_region_cell(v, r, j), today,
			    1)) != 0)
				return rc;
		for (r = 0; r < k->nlocal; r++) {
			if (k->local[r].m->retired)
				continue;
			memset(&c, 0, sizeof(c));
			c.choice = PLAN_ADOPT;
			c.status = plan_status_at(k, 0, k->local[r].id,
			    v->period);
			if ((rc = ex_measure(v, j, k->local[r].id,
			    &k->local[r], &c, today, 0)) != 0)
				return rc;
		}
	}
	/* Group by kind, keeping kommune and id order within a kind. */
	if (v->nex > 1) {
		struct view_exception *copy = malloc(v->nex * sizeof(*copy));
		size_t i, n = 0, kind;

		if (copy == NULL)
			return SP_ENOMEM;
		for (kind = 0; kind <= VIEW_EX_MISSING; kind++)
			for (i = 0; i < v->nex; i++)
				if (v->ex[i].kind == kind)
					copy[n++] = v->ex[i];
		free(v->ex);
		v->ex = copy;
	}
	return 0;
}

/* Local measures of member j: in effect, done when reported so. */
static void
region_totals_local(struct view_region *v, size_t j)
{
	const struct plan_node		*k = &v->g->members[j];
	const struct plan_report	*st;
	struct view_total		*t;
	struct areas			 ar;
	size_t				 i;

	ar.v = v->areas;
	ar.n = v->nareas;
	for (i = 0; i < k->nlocal; i++) {
		if (k->local[i].m->retired)
			continue;
		t = &v->totals[areas_index(&ar, k->local[i].m->innsatsomrade) *
		    v->g->nmembers + j];
		t->local++;
		t->in_effect++;
		if ((st = plan_status_at(k, 0, k->local[i].id,
		    v->period)) != NULL) {
			t->status[status_index(st->r->status)]++;
			if (strcmp(st->r->status, "gjennomfort") == 0)
				t->done++;
		}
	}
}

static void
region_totals(struct view_region *v)
{
	const struct plan_region	*g = v->g;
	size_t				 r, j;

	for (j = 0; j < g->nmembers; j++)
		region_totals_local(v, j);

	for (r = 0; r < v->nrows; r++)
		for (j = 0; j < g->nmembers && !v->rows[r]->m->retired; j++) {
			const struct plan_cell *c = view_region_cell(v, r, j);
			struct view_total *t = &v->totals[v->row_area[r] *
			    g->nmembers + j];

			t->measures++;
			if (c->choice == PLAN_DECLINE)
				t->declined++;
			else if (c->choice == PLAN_UNDECIDED)
				t->undecided++;
			else
				t->in_effect++;
			if (c->flagged)
				t->flagged++;
			if (c->status != NULL && c->choice != PLAN_DECLINE) {
				t->status[status_index(c->status->r->status)]++;
				if (strcmp(c->status->r->status,
				    "gjennomfort") == 0)
					t->done++;
			}
		}
}

static void
copy_fill(struct view_copy *c, const struct plan_node *k, uint64_t version,
    int coordinator)
{
	size_t	i;

	c->name = k->name;
	c->coordinator = coordinator;
	c->known = k->known;
	c->head = k->head;
	c->last_time = k->last_time;
	if (coordinator)
		c->seen = c->adopted = k->head;
	else {
		if (k->info != NULL)
			c->seen = c->adopted = k->info->regional_version;
		for (i = 0; i < k->ndec; i++)
			if (k->dec[i].a->based_on > c->seen)
				c->seen = k->dec[i].a->based_on;
	}
	c->behind = version > c->seen ? version - c->seen : 0;
}

static int
region_rows(struct view_region *v)
{
	const struct plan_region	*g = v->g;
	struct areas			 ar;
	size_t				 i, n = 0, r;
	int				 rc;

	memset(&ar, 0, sizeof(ar));
	if ((rc = areas_declared(&ar, g, NULL)) != 0)
		goto fail;
	for (i = 0; i < g->nmeasures; i++)
		if ((rc = areas_add(&ar, g->measures[i].m->innsatsomrade)) != 0)
			goto fail;
	/* Local measures count in the totals, so their areas are rows too. */
	for (r = 0; r < g->nmembers; r++)
		for (i = 0; i < g->members[r].nlocal; i++)
			if (!g->members[r].local[i].m->retired &&
			    (rc = areas_add(&ar, g->members[r].local[i].m->
			    innsatsomrade)) != 0)
				goto fail;
	areas_finish(&ar);
	v->areas = ar.v;
	v->nareas = ar.n;
	if ((v->rows = calloc(g->nmeasures + 1, sizeof(*v->rows))) == NULL ||
	    (v->row_area = calloc(g->nmeasures + 1,
	    sizeof(*v->row_area))) == NULL)
		return SP_ENOMEM;
	/* Rows by area, then id: measures are sorted by id already. */
	for (r = 0; r < ar.n; r++)
		for (i = 0; i < g->nmeasures; i++) {
			const struct plan_measure *pm = &g->measures[i];

			if (strcmp(pm->m->innsatsomrade,
			    ar.v[r]) != 0)
				continue;
			v->rows[n] = pm;
			v->row_area[n++] = r;
		}
	v->nrows = n;
	return 0;
fail:
	free(ar.v);
	return rc;
}

int
view_region_build(const struct plan_region *g, const char *today,
    const char *period, struct view_region **out)
{
	struct view_region	*v;
	size_t			 r, j, nm = g->nmembers;
	int			 rc;

	*out = NULL;
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return SP_ENOMEM;
	v->g = g;
	v->version = plan_region_version(g);
	if ((rc = view_period(period, today, v->period, v->judged)) != 0) {
		free(v);
		return rc;
	}
	today = v->judged;
	if ((rc = region_rows(v)) != 0)
		goto fail;
	rc = SP_ENOMEM;
	if ((v->cells = calloc(v->nrows * nm + 1, sizeof(*v->cells))) == NULL ||
	    (v->totals = calloc(v->nareas * nm + 1,
	    sizeof(*v->totals))) == NULL ||
	    (v->copies = calloc(nm + 1, sizeof(*v->copies))) == NULL)
		goto fail;
	for (r = 0; r < v->nrows; r++)
		for (j = 0; j < nm; j++)
		{
			struct plan_cell *c = &v->cells[r * nm + j];

			plan_cell(g, &g->members[j], v->rows[r], c);
			c->status = plan_status_at(&g->members[j], 1,
			    v->rows[r]->id, v->period);
		}
	if ((v->region_status = calloc(v->nrows + 1,
	    sizeof(*v->region_status))) == NULL) {
		rc = SP_ENOMEM;
		goto fail;
	}
	for (r = 0; r < v->nrows; r++)
		if (view_region_run(v->rows[r]->m)) {
			v->region_run++;
			v->region_status[r] = plan_status_at(&g->coord, 1,
			    v->rows[r]->id, v->period);
		}
	region_totals(v);
	if ((rc = region_exceptions(v, today)) != 0)
		goto fail;
	copy_fill(&v->copies[0], &g->coord, v->version, 1);
	for (j = 0; j < nm; j++)
		copy_fill(&v->copies[j + 1], &g->members[j], v->version, 0);
	v->ncopies = nm + 1;
	*out = v;
	return 0;
fail:
	view_region_destroy(&v);
	return rc;
}

void
view_region_destroy(struct view_region **vp)
{
	struct view_region	*v;

	if (vp == NULL || (v = *vp) == NULL)
		return;
	free(v->region_status);
	free(v->copies);
	free(v->ex);
	free(v->totals);
	free(v->cells);
	free(v->row_area);
	free(v->rows);
	free(v->areas);
	free(v);
	*vp = NULL;
}
