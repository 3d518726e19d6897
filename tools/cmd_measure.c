/*
 * cmd_measure.c - `samplan measure add|edit|retire`: regional measures
 * on a coordinator, local measures on a kommune.  The node signs and
 * appends; the tool checks the input first and names the bad field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "errors.h"
#include "samplan.h"
#include "wire.h"

/* The region this node coordinates, or "" (local measures). */
static const char *
tool_coordinated_region(struct tool *t)
{
	size_t	i;

	for (i = 0; i < t->cfg->nregions; i++)
		if (config_is_coordinator(&t->cfg->regions[i], t->cfg->name))
			return t->cfg->regions[i].name;
	return "";
}

/* Sends one write; prints the outcome.  Returns an exit status. */
int
tool_write(struct tool *t, const Samplan__ControlRequest *req,
    const char *what)
{
	Samplan__ControlReply	*reply;
	int			 rc;

	if ((rc = ctl_call(t, req, &reply)) != 0)
		return rc;
	if (reply->code != 0) {
		fprintf(stderr, "samplan: %s: %s\n", what, reply->error);
		rc = EXIT_USAGE;
	} else
		printf("%s: recorded as %s#%llu\n", what, t->cfg->name,
		    (unsigned long long)reply->seq);
	wire_free((ProtobufCMessage **)&reply);
	return rc;
}

int
cmd_measure(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__Measure	*m;
	const char		*verb, *reason, *field;
	char			*eq, what[128];
	int			 i, rc;

	if (argc < 3)
		return tool_error("usage: samplan measure add|edit|retire ID "
		    "[--set FIELD=VALUE ...]");
	verb = argv[1];
	if (strcmp(verb, "add") != 0)
		return tool_error("measure: unknown verb «%s»", verb);
	if ((m = malloc(sizeof(*m))) == NULL)
		return EXIT_FAIL;
	samplan__measure__init(m);
	if ((rc = domain_measure_set(m, "id", argv[2])) != 0) {
		wire_free((ProtobufCMessage **)&m);
		return tool_error("measure: id «%s» is not valid (ASCII "
		    "letters, digits, . _ -)", argv[2]);
	}
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--set") != 0 || i + 1 >= argc ||
		    (eq = strchr(argv[i + 1], '=')) == NULL) {
			wire_free((ProtobufCMessage **)&m);
			return tool_error("measure: expected --set FIELD=VALUE "
			    "at «%s»", argv[i]);
		}
		*eq = '\0';
		rc = domain_measure_check_field(argv[i + 1], eq + 1, &reason);
		if (rc == 0)
			rc = domain_measure_set(m, argv[i + 1], eq + 1);
		if (rc != 0) {
			tool_error("measure: %s: %s", argv[i + 1], rc ==
			    SP_ENOTFOUND ? "unknown field" : reason);
			wire_free((ProtobufCMessage **)&m);
			return EXIT_USAGE;
		}
		i++;
	}
	m->region = strdup(tool_coordinated_region(t));
	if ((rc = domain_check_measure(m, &field, &reason)) != 0) {
		tool_error("measure: %s: %s", field, reason);
		wire_free((ProtobufCMessage **)&m);
		return EXIT_USAGE;
	}
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
	req.measure = m;
	snprintf(what, sizeof(what), "measure %s", m->id);
	rc = tool_write(t, &req, what);
	wire_free((ProtobufCMessage **)&m);
	return rc;
}
