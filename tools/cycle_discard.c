/*
 * cycle_discard.c - the way back from a plan version made by mistake:
 * `samplan plan discard --plan PERIOD [--grunn TEXT]` writes the
 * version's PlanInfo again with state forkastet (and why), so that the
 * successor rule (cycle.c) skips it and `plan revise` can make the real
 * successor; and `plan revise --plan PERIOD` on a discarded version
 * brings it back as a draft (under_utarbeidelse) with its measures,
 * when no other successor has been made since.  Nothing is deleted:
 * both are new records, and `samplan history` shows them.  Who may
 * write which PlanInfo stays daemon/policy.c's rule; this file refuses
 * early, with the reason, what the node would refuse or what would
 * undo a vedtak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycle.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "wire.h"

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

/*
 * The sequence this node may discard in: the coordinator's, or in a
 * region of parallel plans a kommune's own.
 */
static int
discard_target(const struct ctx *c, struct plan_seq *q)
{
	if (!c->coord && (c->k == NULL || !c->g->parallel))
		return ctx_error("plan discard", "plan", "only the coordinator "
		    "of %s discards a version of the regional plan (a kommune "
		    "discards its own plan's draft in a region of parallel "
		    "plans: [region] mode = parallel_plans)", c->g->cfg->name);
	ctx_seq(c, q);
	return 0;
}

/* The index of the version key names ("neste" or a period), or -1. */
static long
discard_find(const struct plan_seq *q, const char *key)
{
	size_t	i;

	if (strcmp(key, CYCLE_NEXT) == 0)
		return cycle_next(q->versions, q->nversions, q->in_force);
	for (i = 0; i < q->nversions; i++)
		if (strcmp(q->versions[i].key, key) == 0)
			return (long)i;
	return -1;
}

/* Whether state s says the version was adopted once (vedtatt). */
static int
was_adopted(const char *s)
{
	return domain_state_adopted(s) || strcmp(s, "erstattet") == 0 ||
	    strcmp(s, "utloept") == 0;
}

/* Refuses what cannot be discarded: in force, adopted, gone already. */
static int
discard_check(const struct ctx *c, const struct plan_seq *q, long i,
    const char *key)
{
	const char	*state;

	if (i < 0)
		return ctx_error("plan discard", "plan", "«%s»: %s has no such "
		    "plan", key, ctx_owner(c));
	state = nz(q->versions[i].info->state);
	if (i == q->in_force)
		return ctx_error("plan discard", "plan", "%s is the plan in "
		    "force of %s; it cannot be discarded", q->versions[i].key,
		    ctx_owner(c));
	if (was_adopted(state))
		return ctx_error("plan discard", "plan", "%s is %s: a plan that "
		    "was adopted (vedtatt) is never discarded", q->versions[i].key,
		    domain_state_label(state));
	if (cycle_discarded(&q->versions[i]))
		return ctx_error("plan discard", "plan", "%s is discarded "
		    "already (plan revise --plan %s brings it back)",
		    q->versions[i].key, q->versions[i].key);
	return 0;
}

/*
 * A copy of version v's latest PlanInfo with state and grunn set, for
 * region; NULL when out of memory.
 */
static Samplan__PlanInfo *
restate(const struct cycle_version *v, const char *region, const char *state,
    const char *grunn)
{
	Samplan__PlanInfo	*p;

	if ((p = planinfo_copy(v->info, region)) == NULL)
		return NULL;
	free(p->plan != protobuf_c_empty_string ? p->plan : NULL);
	free(p->state != protobuf_c_empty_string ? p->state : NULL);
	free(p->grunn != protobuf_c_empty_string ? p->grunn : NULL);
	p->plan = strdup(v->key);
	p->state = strdup(state);
	p->grunn = strdup(grunn);
	if (p->plan == NULL || p->state == NULL || p->grunn == NULL)
		wire_free((ProtobufCMessage **)&p);
	return p;
}

/* Sends PlanInfo p of this node as one record; says why when refused. */
static int
send_info(struct tool *t, Samplan__PlanInfo *p, const char *what)
{
	Samplan__ControlRequest	req = SAMPLAN__CONTROL_REQUEST__INIT;

	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_PLAN;
	req.plan = p;
	return tool_send(t, &req, what, 1);
}

int
cycle_discard(struct tool *t, int argc, char **argv)
{
	Samplan__PlanInfo	*p = NULL;
	struct plan_seq		 q;
	struct opts		 o;
	struct ctx		 c;
	const char		*key;
	long			 i;
	int			 rc;

	if ((rc = opts_parse(t, "plan discard", argc, argv, OPT_GRUNN |
	    OPT_REGION, 0, &o)) != 0)
		return rc;
	if ((key = o.plan) == NULL)
		return tool_error("usage: samplan plan discard --plan YYYY-YYYY "
		    "[--grunn TEXT]");
	t->plan = NULL;		/* the plan in force decides what is next */
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if ((rc = discard_target(&c, &q)) != 0)
		goto out;
	i = discard_find(&q, key);
	if ((rc = discard_check(&c, &q, i, key)) != 0)
		goto out;
	if ((p = restate(&q.versions[i], c.g->cfg->name, "forkastet",
	    nz(o.grunn))) == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = send_info(t, p, "plan discard")) == 0)
		printf("plan discard: %s er forkastet; den er ikke lenger neste "
		    "plan for %s (plan revise --plan %s henter den tilbake)\n",
		    q.versions[i].key, ctx_owner(&c), q.versions[i].key);
	wire_free((ProtobufCMessage **)&p);
out:
	ctx_close(&c);
	return rc;
}

/* The measures version key holds for this node's sequence, or -1. */
static long
revive_measures(struct tool *t, const struct ctx *c, const char *key)
{
	struct plan_model	*m;
	struct plan_region	*g;
	struct plan_node	*k;
	long			 n;

	if (plan_load_plan(c->s, t->cfg, t->have_self ? t->self : NULL, key,
	    c->today, &m) != 0)
		return -1;
	g = plan_region(m, c->g->cfg->name);
	if (c->coord || !c->g->parallel)
		n = (long)g->nmeasures;
	else
		n = (k = plan_member(g, c->k->name)) != NULL ?
		    (long)k->nlocal : 0;
	plan_destroy(&m);
	return n;
}

int
cycle_revive(struct tool *t, const struct ctx *c, const struct plan_seq *q,
    long i, const struct opts *o)
{
	Samplan__PlanInfo	*p;
	const char		*key = q->versions[i].key;
	long			 nx, n;
	int			 rc;

	if (o->navslutt > 0 || o->nset > 0)
		return ctx_error("plan revise", "plan", "%s is discarded: plan "
		    "revise brings it back as it was (no --avslutt or --set); "
		    "edit it then with --plan neste", key);
	if (q->in_force >= 0 &&
	    q->versions[i].created < q->versions[q->in_force].created)
		return ctx_error("plan revise", "plan", "%s was made before the "
		    "plan in force (%s); it cannot come back as its successor",
		    key, q->versions[q->in_force].key);
	nx = cycle_next(q->versions, q->nversions, q->in_force);
	if (nx >= 0)
		return ctx_error("plan revise", "plan", "%s cannot come back: "
		    "%s has a next plan already (%s); discard that first",
		    key, ctx_owner(c), q->versions[nx].key);
	if ((n = revive_measures(t, c, key)) < 0)
		return tool_error("reading the store: %s",
		    sp_strerror(SP_EIO));
	if ((p = restate(&q->versions[i], c->g->cfg->name,
	    "under_utarbeidelse", "")) == NULL)
		return EXIT_FAIL;
	if ((rc = send_info(t, p, "plan revise")) == 0)
		printf("plan revise: %s er hentet tilbake som utkast ved siden "
		    "av %s, med sine %ld tiltak\n", key, *q->plan ? q->plan :
		    "planen i kraft", n);
	wire_free((ProtobufCMessage **)&p);
	return rc;
}
