/*
 * plan_seq.c - sequences of plan versions, folded from PlanInfo records.
 *
 * A region's plans are the coordinator's PlanInfo records, keyed by
 * their plan period; in a region of parallel plans ([region] mode =
 * parallel_plans) each kommune's own PlanInfo records are its own
 * sequence in the same way (docs/PLAN-CYCLE.md).  This file builds such
 * a sequence and picks the version a view folds; which version is in
 * force is cycle.c's rule.  Split from plan.c, which folds the records
 * of the version picked here.
 */
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "plan.h"

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

/* The PlanInfo of rec when it is author's record for region, or NULL. */
static const Samplan__PlanInfo *
info_of(const char *region, const char *author, const struct plan_rec *rec)
{
	const Samplan__Record	*r = rec->e.rec;

	if (strcmp(rec->author, author) != 0 ||
	    r->body_case != SAMPLAN__RECORD__BODY_PLAN)
		return NULL;
	if (*nz(r->plan->region) != '\0' &&
	    strcmp(r->plan->region, region) != 0)
		return NULL;
	return r->plan;
}

static int
version_put(struct plan_seq *s, const char *key, int legacy,
    const struct plan_rec *rec)
{
	struct cycle_version	*v;
	size_t			 i;

	for (i = 0; i < s->nversions; i++)
		if (strcmp(s->versions[i].key, key) == 0)
			break;
	if (i == s->nversions) {
		v = realloc(s->versions, (s->nversions + 1) * sizeof(*v));
		if (v == NULL)
			return SP_ENOMEM;
		s->versions = v;
		memset(&v[i], 0, sizeof(v[i]));
		v[i].key = key;
		v[i].created = rec->seq;
		s->nversions++;
	}
	s->versions[i].info = rec->e.rec->plan;
	s->versions[i].seq = rec->seq;
	s->versions[i].legacy |= legacy;
	return 0;
}

int
plan_seq_build(const struct plan_model *m, const char *region,
    const char *author, struct plan_seq *s)
{
	const Samplan__PlanInfo	*p;
	const char		*legacy = NULL;
	size_t			 i;
	int			 rc;

	memset(s, 0, sizeof(*s));
	s->in_force = s->selected = -1;
	for (i = 0; i < m->nrecs; i++)
		if ((p = info_of(region, author, &m->recs[i])) != NULL &&
		    *nz(p->plan) == '\0')
			legacy = nz(p->periode);
	for (i = 0; i < m->nrecs; i++) {
		if ((p = info_of(region, author, &m->recs[i])) == NULL)
			continue;
		if (*nz(p->plan) != '\0')
			rc = version_put(s, p->plan, 0, &m->recs[i]);
		else
			rc = version_put(s, legacy, 1, &m->recs[i]);
		if (rc != 0)
			return rc;
	}
	s->first_key = legacy != NULL ? legacy :
	    s->nversions > 0 ? s->versions[0].key : "";
	s->plan = s->first_key;
	return 0;
}

void
plan_seq_select(struct plan_seq *s, const char *which, int year,
    const char *today)
{
	size_t	i;

	s->in_force = cycle_in_force(s->versions, s->nversions, today);
	s->selected = -1;
	if (which == NULL) {
		/* A reporting year's own plan, else the plan in force. */
		if (year > 0)
			s->selected = cycle_for_year(s->versions,
			    s->nversions, year);
		if (s->selected < 0)
			s->selected = s->in_force;
	} else if (strcmp(which, CYCLE_NEXT) == 0)
		s->selected = cycle_next(s->versions, s->nversions,
		    s->in_force);
	else
		for (i = 0; i < s->nversions; i++)
			if (strcmp(s->versions[i].key, which) == 0)
				s->selected = (long)i;
	if (s->selected >= 0)
		s->plan = s->versions[s->selected].key;
	else if (which != NULL)
		s->plan = which;	/* no version: only its own records */
	else
		s->plan = s->first_key;
}

void
plan_seq_free(struct plan_seq *s)
{
	free(s->versions);
	s->versions = NULL;
	s->nversions = 0;
}

void
plan_seq_of(const struct plan_region *g, const struct plan_node *k,
    struct plan_seq *out)
{
	if (g->parallel && k != NULL && k != &g->coord) {
		*out = k->seq;
		return;
	}
	out->versions = g->versions;
	out->nversions = g->nversions;
	out->in_force = g->in_force;
	out->selected = g->selected;
	out->plan = g->plan;
	out->first_key = g->first_key;
}
