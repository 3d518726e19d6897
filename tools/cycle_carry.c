/*
 * cycle_carry.c - `samplan plan revise` on a kommune of a shared-plan
 * region: the coordinator's revision carries the regional measures into
 * the next plan, and each kommune carries its own local measures into
 * the same next plan (or ends them with the period, --avslutt), in one
 * batch.  Its handling of the next plan (høring, vedtak) stays with
 * `plan set --plan neste`; nothing of the plan in force is rewritten.
 * Split from cmd_cycle.c, which revises a plan sequence of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycle.h"
#include "errors.h"
#include "planctx.h"
#include "wire.h"

/* The region's next plan, named by key ("neste" or its period). */
static int
carry_target(const struct ctx *c, const char *key, const char **next)
{
	const struct plan_region	*g = c->g;
	long				 nx;

	nx = cycle_next(g->versions, g->nversions, g->in_force);
	if (nx < 0)
		return ctx_error("plan revise", "plan", "%s has no next plan "
		    "yet: its coordinator makes it (plan revise), then each "
		    "kommune carries its own measures over", g->cfg->name);
	*next = g->versions[nx].key;
	if (strcmp(key, CYCLE_NEXT) != 0 && strcmp(key, *next) != 0)
		return ctx_error("plan revise", "plan", "«%s» is not the next "
		    "plan of %s (%s); the coordinator writes the regional "
		    "plan", key, g->cfg->name, *next);
	return 0;
}

/* Refuses --avslutt of no local measure, and carrying over twice. */
static int
carry_check(struct tool *t, const struct ctx *c, const struct opts *o,
    const char *next)
{
	struct plan_model	*m;
	struct plan_node	*kn;
	size_t			 i, held;
	int			 rc;

	for (i = 0; i < o->navslutt; i++)
		if (plan_local(c->k, o->avslutt[i]) == NULL)
			return ctx_error("plan revise", "avslutt", "«%s» is no "
			    "local measure of %s in the plan in force",
			    o->avslutt[i], c->k->title);
	if ((rc = plan_load_plan(c->s, t->cfg, t->have_self ? t->self : NULL,
	    next, c->today, &m)) != 0)
		return tool_error("reading the store: %s", sp_strerror(rc));
	kn = plan_member(plan_region(m, c->g->cfg->name), c->k->name);
	held = kn != NULL ? kn->nlocal : 0;
	plan_destroy(&m);
	if (held > 0)
		return ctx_error("plan revise", "plan", "%s has its own "
		    "measures in %s already; edit them with --plan neste",
		    c->k->title, next);
	return 0;
}

/* A request per local measure carried over into next. */
static int
carry_build(const struct ctx *c, const struct opts *o, const char *next,
    Samplan__ControlRequest **reqs, size_t *n)
{
	Samplan__ControlRequest	*r;
	Samplan__Measure	*m;
	size_t			 i;

	for (i = 0; i < c->k->nlocal; i++) {
		if (c->k->local[i].m->retired || opts_ends(o, c->k->local[i].id))
			continue;
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return EXIT_FAIL;
		samplan__control_request__init(r);
		reqs[(*n)++] = r;
		r->kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
		if ((m = decide_measure_dup(c->k->local[i].m)) == NULL)
			return EXIT_FAIL;
		r->measure = m;
		if (m->plan != NULL && m->plan != protobuf_c_empty_string)
			free(m->plan);
		if ((m->plan = strdup(next)) == NULL)
			return EXIT_FAIL;
	}
	return 0;
}

int
cycle_carry_local(struct tool *t, const struct ctx *c, const struct opts *o,
    const char *key)
{
	Samplan__ControlRequest	**reqs;
	const char		 *next = NULL;
	size_t			  n = 0;
	int			  rc;

	if (o->nset > 0)
		return ctx_error("plan revise", o->set[0].field, "a kommune of "
		    "a shared plan sets its next plan's fields with plan set "
		    "--plan neste");
	if ((rc = carry_target(c, key, &next)) != 0 ||
	    (rc = carry_check(t, c, o, next)) != 0)
		return rc;
	if ((reqs = calloc(c->k->nlocal + 1, sizeof(*reqs))) == NULL)
		return EXIT_FAIL;
	if ((rc = carry_build(c, o, next, reqs, &n)) == 0)
		rc = tool_send_batch(t, reqs, n, "plan revise");
	if (rc == 0)
		printf("plan revise: %zu lokale tiltak i %s er videreført til "
		    "%s, %zu avsluttet med perioden\n", n, c->k->title, next,
		    c->k->nlocal - n);
	cycle_reqs_free(reqs, n);
	return rc;
}
