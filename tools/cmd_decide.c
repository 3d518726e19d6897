/*
 * cmd_decide.c - what a kommune records: `samplan adopt|adapt|decline`
 * on regional measures and `samplan report` (status per period, or a
 * withdrawal with --withdraw --reason; the coordinator reports on the
 * measures the region runs itself).  The records are built by the
 * library (decide.c) against the local plan model and the domain rules;
 * this file parses arguments and sends; a refused command writes
 * nothing.
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
		    a->measure, (unsigned long long)a->based_on);
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
	Samplan__StatusReport	*r = NULL;
	struct report_input	 in;
	struct decide_error	 err;
	struct opts		 o;
	struct ctx		 c;
	char			 what[160];
	int			 rc;

	if ((rc = opts_parse(t, "report", argc, argv, OPT_PERIOD | OPT_STATUS |
	    OPT_NOTE | OPT_REGION | OPT_WITHDRAW | OPT_REASON | OPT_VERDI, 1,
	    &o)) != 0)
		return rc;
	if (o.npos != 1)
		return tool_error("usage: samplan report MEASURE --period P "
		    "--status S [--note TEXT] [--verdi N] | report MEASURE "
		    "--period P "
		    "--withdraw --reason TEXT");
	if (o.withdraw && (o.status != NULL || o.note != NULL))
		return ctx_error(NULL, "withdraw", "a withdrawal takes "
		    "--reason TEXT, not --status or --note");
	if (!o.withdraw && o.reason != NULL)
		return ctx_error(NULL, "reason", "--reason goes with "
		    "--withdraw; a report's text is --note");
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	memset(&in, 0, sizeof(in));
	in.measure = o.pos[0];
	in.period = o.period;
	in.status = o.status;
	in.note = o.withdraw ? o.reason : o.note;
	in.withdraw = o.withdraw;
	in.verdi = o.verdi;
	rc = decide_report(c.g, c.k, c.coord, &in, c.today, &r, &err);
	if (rc == SP_EINVAL) {
		rc = ctx_error(NULL, err.field, "%s", err.msg);
		goto out;
	}
	if (rc != 0) {
		rc = EXIT_FAIL;
		goto out;
	}
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_REPORT;
	req.report = r;
	if (r->withdrawn)
		snprintf(what, sizeof(what), "report %s %s: withdrawn",
		    r->measure, r->period);
	else
		snprintf(what, sizeof(what), "report %s %s: %s", r->measure,
		    r->period, domain_status_label(r->status));
	rc = tool_send(t, &req, what, 0);
out:
	wire_free((ProtobufCMessage **)&r);
	ctx_close(&c);
	return rc;
}
