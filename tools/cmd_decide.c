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

#include "decide.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "wire.h"

/* ---- decisions on regional measures ---- */

int
decision_build(const struct ctx *c, const char *where, const char *action,
    const char *id, const struct field_value *sets, size_t nset,
    const char *const *unset, size_t nunset, const char *reason,
    Samplan__Adaptation **out)
{
	struct decide_error	err;
	int			rc;

	rc = decide_build(c->g, c->k, c->coord, action, id, sets, nset, unset,
	    nunset, reason, out, &err);
	if (rc == SP_EINVAL)
		return ctx_error(where, err.field, "%s", err.msg);
	return rc == 0 ? 0 : EXIT_FAIL;
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
