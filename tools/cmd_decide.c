/*
 * cmd_decide.c - what a kommune records: `samplan adopt|adapt|decline`
 * on regional measures, `samplan report` (status per period) and, for
 * every node, `samplan plan set`.  Each command builds one record body,
 * checks it against the local plan model and the domain rules, and only
 * then sends it to the node; a refused command writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "wire.h"

#define OVERRIDE_LIST	"tittel, beskrivelse, ansvar, samarbeidspartnere, " \
			"frist, indikator, malgruppe"

/* ---- decisions on regional measures ---- */

static int
override_put(Samplan__Adaptation *a, const char *field, const char *value)
{
	Samplan__Override	**v, *o;
	size_t			  i;

	for (i = 0; i < a->n_overrides; i++)
		if (strcmp(a->overrides[i]->field, field) == 0) {
			free(a->overrides[i]->value);
			return (a->overrides[i]->value = strdup(value)) ==
			    NULL ? SP_ENOMEM : 0;
		}
	if ((v = realloc(a->overrides, (a->n_overrides + 1) *
	    sizeof(*v))) == NULL)
		return SP_ENOMEM;
	a->overrides = v;
	if ((o = malloc(sizeof(*o))) == NULL)
		return SP_ENOMEM;
	samplan__override__init(o);
	o->field = strdup(field);
	o->value = strdup(value);
	v[a->n_overrides++] = o;
	return o->field == NULL || o->value == NULL ? SP_ENOMEM : 0;
}

static void
override_drop(Samplan__Adaptation *a, const char *field)
{
	size_t	i;

	for (i = 0; i < a->n_overrides; i++)
		if (strcmp(a->overrides[i]->field, field) == 0) {
			wire_free((ProtobufCMessage **)&a->overrides[i]);
			memmove(&a->overrides[i], &a->overrides[i + 1],
			    (a->n_overrides - i - 1) * sizeof(*a->overrides));
			a->n_overrides--;
			return;
		}
}

static int
decision_overrides(const struct ctx *c, const char *where, const char *id,
    const struct opt_set *sets, size_t nset, const char *const *unset,
    size_t nunset, Samplan__Adaptation *a)
{
	const struct plan_decision	*d = plan_decision_of(c->k, id);
	const char			*reason;
	char				*value;
	size_t				 i;
	int				 rc;

	/* Deciding again keeps the earlier overrides unless unset. */
	if (d != NULL && d->a->decision == SAMPLAN__DECISION__ADAPT)
		for (i = 0; i < d->a->n_overrides; i++)
			if (override_put(a, d->a->overrides[i]->field,
			    d->a->overrides[i]->value) != 0)
				return EXIT_FAIL;
	for (i = 0; i < nset; i++) {
		const char *f = sets[i].field;

		if (domain_measure_field_name(f) == NULL)
			return ctx_error(where, f, "unknown field (a kommune "
			    "may override " OVERRIDE_LIST ")");
		if (!domain_override_allowed(f))
			return ctx_error(where, f, "may not be overridden (a "
			    "kommune may override " OVERRIDE_LIST ")");
		if ((rc = domain_measure_input(f, sets[i].value, &value,
		    &reason)) == SP_ENOMEM)
			return EXIT_FAIL;
		if (rc != 0)
			return ctx_error(where, f, "«%s»: %s", sets[i].value,
			    reason);
		rc = override_put(a, f, value);
		free(value);
		if (rc != 0)
			return EXIT_FAIL;
	}
	for (i = 0; i < nunset; i++) {
		if (!domain_override_allowed(unset[i]))
			return ctx_error(where, unset[i], "unknown or not an "
			    "overridable field");
		override_drop(a, unset[i]);
	}
	if (a->n_overrides == 0)
		return ctx_error(where, "set", "adapt needs at least one --set "
		    "FIELD=VALUE (or use adopt)");
	return 0;
}

int
decision_build(const struct ctx *c, const char *where, const char *action,
    const char *id, const struct opt_set *sets, size_t nset,
    const char *const *unset, size_t nunset, const char *reason,
    Samplan__Adaptation **out)
{
	const struct plan_measure	*rm;
	Samplan__Adaptation		*a;
	const char			*field, *why;
	int				 rc;

	*out = NULL;
	if (c->k == NULL)
		return ctx_error(where, action, "only a member kommune decides "
		    "on regional measures; %s %s", c->g->cfg->coordinator,
		    c->coord ? "coordinates this region and changes measures "
		    "with measure edit" : "is not a member here");
	if ((rm = plan_regional(c->g, id)) == NULL)
		return ctx_error(where, "measure", "no regional measure «%s» "
		    "in %s%s", id, c->g->cfg->name, plan_local(c->k, id) ?
		    " (it is a local measure: use measure edit)" : "");
	if (rm->m->retired)
		return ctx_error(where, "measure", "%s is retired in %s", id,
		    c->g->cfg->name);
	if (strcmp(action, "adapt") != 0 && (nset > 0 || nunset > 0))
		return ctx_error(where, "set", "only adapt overrides fields");
	if (strcmp(action, "decline") == 0 && (reason == NULL ||
	    *reason == '\0'))
		return ctx_error(where, "reason", "a decline needs a reason "
		    "(--reason TEXT)");
	if ((a = malloc(sizeof(*a))) == NULL)
		return EXIT_FAIL;
	samplan__adaptation__init(a);
	a->region = strdup(c->g->cfg->name);
	a->measure = strdup(id);
	a->reason = strdup(reason != NULL ? reason : "");
	a->based_on = rm->version;
	if (strcmp(action, "adopt") == 0)
		a->decision = SAMPLAN__DECISION__ADOPT;
	else if (strcmp(action, "decline") == 0)
		a->decision = SAMPLAN__DECISION__DECLINE;
	else if (strcmp(action, "adapt") == 0) {
		a->decision = SAMPLAN__DECISION__ADAPT;
		if ((rc = decision_overrides(c, where, id, sets, nset, unset,
		    nunset, a)) != 0) {
			wire_free((ProtobufCMessage **)&a);
			return rc;
		}
	} else {
		wire_free((ProtobufCMessage **)&a);
		return ctx_error(where, "action", "«%s» is not adopt, adapt or "
		    "decline", action);
	}
	if (a->region == NULL || a->measure == NULL || a->reason == NULL) {
		wire_free((ProtobufCMessage **)&a);
		return EXIT_FAIL;
	}
	if (domain_check_adaptation(a, &field, &why) != 0) {
		wire_free((ProtobufCMessage **)&a);
		return ctx_error(where, field, "%s", why);
	}
	*out = a;
	return 0;
}

/* `samplan adopt|adapt|decline MEASURE ...`; argv[0] is the action. */
int
cmd_decide(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__Adaptation	*a;
	struct opts		 o;
	struct ctx		 c;
	char			 what[128];
	unsigned		 allow = OPT_REASON | OPT_REGION;
	int			 rc;

	if (strcmp(argv[0], "adapt") == 0)
		allow |= OPT_SET | OPT_UNSET;
	if ((rc = opts_parse(t, argv[0], argc, argv, allow, 1, &o)) != 0)
		return rc;
	if (o.npos != 1)
		return tool_error("usage: samplan %s MEASURE%s", argv[0],
		    strcmp(argv[0], "adapt") == 0 ? " --set FIELD=VALUE ... "
		    "[--reason TEXT]" : strcmp(argv[0], "decline") == 0 ?
		    " --reason TEXT" : " [--reason TEXT]");
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	rc = decision_build(&c, NULL, argv[0], o.pos[0], o.set, o.nset,
	    o.unset, o.nunset, o.reason, &a);
	if (rc == 0) {
		req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_ADAPTATION;
		req.adaptation = a;
		snprintf(what, sizeof(what), "%s %s (version %llu)", argv[0],
		    o.pos[0], (unsigned long long)a->based_on);
		rc = tool_send(t, &req, what, 0);
		wire_free((ProtobufCMessage **)&a);
	}
	ctx_close(&c);
	return rc;
}

/* ---- status reports ---- */

int
cmd_report(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__StatusReport	 r = SAMPLAN__STATUS_REPORT__INIT;
	const struct plan_measure *pm;
	struct opts		 o;
	struct ctx		 c;
	const char		*field, *why, *status;
	char			 what[160];
	int			 rc;

	if ((rc = opts_parse(t, "report", argc, argv, OPT_PERIOD | OPT_STATUS |
	    OPT_NOTE | OPT_REGION, 1, &o)) != 0)
		return rc;
	if (o.npos != 1)
		return tool_error("usage: samplan report MEASURE --period P "
		    "--status S [--note TEXT]");
	if (o.period == NULL)
		return ctx_error(NULL, "period", "required (--period YYYY, "
		    "YYYYH1, YYYYT2, ...)");
	if (domain_period_check(o.period) != 0)
		return ctx_error(NULL, "period", "«%s» is not a period (YYYY, "
		    "YYYYH1..H2 or YYYYT1..T3)", o.period);
	if (o.status == NULL)
		return ctx_error(NULL, "status", "required (%s)",
		    domain_status_expected());
	if ((status = domain_status_parse(o.status)) == NULL)
		return ctx_error(NULL, "status", "«%s» is not a status (%s)",
		    o.status, domain_status_expected());
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if (c.k == NULL) {
		rc = ctx_error(NULL, "report", "only a member kommune reports "
		    "status; %s is not a member of %s", t->cfg->name,
		    c.g->cfg->name);
		goto out;
	}
	r.measure = (char *)(uintptr_t)o.pos[0];
	r.period = (char *)(uintptr_t)o.period;
	r.status = (char *)(uintptr_t)status;
	r.note = (char *)(uintptr_t)(o.note != NULL ? o.note : "");
	if ((pm = plan_regional(c.g, o.pos[0])) != NULL)
		r.region = (char *)(uintptr_t)c.g->cfg->name;
	else if ((pm = plan_local(c.k, o.pos[0])) == NULL) {
		rc = ctx_error(NULL, "measure", "no measure «%s» in the plan "
		    "of %s", o.pos[0], t->cfg->name);
		goto out;
	}
	if (pm->m->retired) {
		rc = ctx_error(NULL, "measure", "%s is retired", o.pos[0]);
		goto out;
	}
	if (domain_check_report(&r, &field, &why) != 0) {
		rc = ctx_error(NULL, field, "%s", why);
		goto out;
	}
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_REPORT;
	req.report = &r;
	snprintf(what, sizeof(what), "report %s %s: %s", o.pos[0], o.period,
	    domain_status_label(status));
	rc = tool_send(t, &req, what, 0);
out:
	ctx_close(&c);
	return rc;
}
