/*
 * cmd_alerts.c - `samplan alerts` (the node's alerts, each with a stable
 * id and its evidence), `samplan alerts ack ID --reason TEXT` (an
 * AlertAck record in our own feed: who saw which alert, and why it may
 * rest), and the evidence printer that `samplan dump --evidence` shares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"
#include "samplan.h"
#include "wire.h"

static void
hex(const uint8_t *b, size_t len, char *out)
{
	size_t	i;

	for (i = 0; i < len; i++)
		sprintf(out + i * 2, "%02x", b[i]);
}

json_t *
tool_envelope_json(struct tool *t, const Samplan__Envelope *env)
{
	Samplan__Envelope	*copy;
	struct entry		 e;
	uint8_t			*buf;
	size_t			 len;
	char			 h[RECORD_HASH_LEN * 2 + 1], name[16];
	json_t			*j = json_object();

	/* Decode a copy: the entry takes its envelope. */
	if (wire_pack(&env->base, &buf, &len) != 0)
		return j;
	if (wire_decode_envelope(buf, len, &copy) != 0 ||
	    entry_from_envelope(&copy, &e) != 0) {
		free(buf);
		json_object_set_new(j, "error", json_string("undecodable"));
		return j;
	}
	free(buf);
	hex(e.hash, RECORD_HASH_LEN, h);
	json_object_set_new(j, "author", json_string(tool_author_name(t,
	    e.rec->author.data, name)));
	json_object_set_new(j, "seq", json_integer((json_int_t)e.rec->seq));
	json_object_set_new(j, "hash", json_string(h));
	hex(e.rec->prev.data, e.rec->prev.len < RECORD_HASH_LEN ?
	    e.rec->prev.len : RECORD_HASH_LEN, h);
	json_object_set_new(j, "prev", json_string(h));
	json_object_set_new(j, "timestamp_ms",
	    json_integer((json_int_t)e.rec->timestamp));
	json_object_set_new(j, "kind", json_string(record_kind(e.rec)));
	json_object_set_new(j, "signature_valid", json_boolean(record_verify(
	    e.rec->author.data, e.env->record.data, e.env->record.len,
	    e.env->signature.data, e.env->signature.len) == 0));
	json_object_set_new(j, "record", json_from_message(&e.rec->base));
	entry_clear(&e);
	return j;
}

void
tool_print_envelope(struct tool *t, const Samplan__Envelope *env)
{
	json_t	*j = tool_envelope_json(t, env), *rec;
	char	*body;
	time_t	 secs;
	struct tm tm;
	char	 stamp[32];

	if (json_object_get(j, "error") != NULL) {
		printf("    (undecodable envelope)\n");
		json_decref(j);
		return;
	}
	secs = (time_t)(json_integer_value(json_object_get(j,
	    "timestamp_ms")) / 1000);
	gmtime_r(&secs, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rec = json_object_get(json_object_get(j, "record"),
	    json_string_value(json_object_get(j, "kind")));
	body = rec != NULL ? json_dumps(rec, JSON_SORT_KEYS | JSON_COMPACT) :
	    NULL;
	printf("    %s seq %lld  %s  %s  signature %s\n      hash %s\n"
	    "      prev %s\n      %s\n",
	    json_string_value(json_object_get(j, "author")),
	    (long long)json_integer_value(json_object_get(j, "seq")), stamp,
	    json_string_value(json_object_get(j, "kind")),
	    json_is_true(json_object_get(j, "signature_valid")) ? "valid" :
	    "INVALID", json_string_value(json_object_get(j, "hash")),
	    json_string_value(json_object_get(j, "prev")),
	    body != NULL ? body : "");
	free(body);
	json_decref(j);
}

static int
alerts_fetch(struct tool *t, Samplan__ControlReply **reply)
{
	Samplan__ControlRequest	req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__AlertsQuery	q = SAMPLAN__ALERTS_QUERY__INIT;
	char			buf[1024];
	int			rc;

	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_ALERTS;
	req.alerts = &q;
	if ((rc = ctl_call(t, &req, reply)) != 0)
		return rc;
	if ((*reply)->code != 0) {
		fprintf(stderr, "samplan: alerts: %s\n",
		    tool_translate((*reply)->error, buf, sizeof(buf)));
		wire_free((ProtobufCMessage **)reply);
		return EXIT_FAIL;
	}
	return 0;
}

static void
alerts_print_json(struct tool *t, const Samplan__ControlReply *r)
{
	json_t	*arr = json_array(), *o, *ev;
	size_t	 i, k;

	for (i = 0; i < r->n_alerts; i++) {
		o = json_object();
		json_object_set_new(o, "id", json_string(r->alerts[i]->id));
		json_object_set_new(o, "text", json_string(r->alerts[i]->text));
		json_object_set_new(o, "acked",
		    json_boolean(r->alerts[i]->acked));
		if (r->alerts[i]->acked)
			json_object_set_new(o, "ack_reason",
			    json_string(r->alerts[i]->ack_reason));
		ev = json_array();
		for (k = 0; k < r->alerts[i]->n_evidence; k++)
			json_array_append_new(ev, tool_envelope_json(t,
			    r->alerts[i]->evidence[k]));
		json_object_set_new(o, "evidence", ev);
		json_array_append_new(arr, o);
	}
	json_print(arr);
}

int
cmd_alerts(struct tool *t, int argc, char **argv)
{
	Samplan__ControlReply	*r;
	size_t			 i, k;
	int			 rc;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			t->json = 1;
		else
			return tool_error("alerts: unknown argument «%s»",
			    argv[i]);
	}
	if ((rc = alerts_fetch(t, &r)) != 0)
		return rc;
	if (t->json)
		alerts_print_json(t, r);
	else if (r->n_alerts == 0)
		printf("%s\n", _("no alerts"));
	for (i = 0; i < r->n_alerts && !t->json; i++) {
		const Samplan__Alert *a = r->alerts[i];

		printf("%s%s\n  %s\n", a->id, a->acked ? _("  (acked)") : "",
		    a->text);
		if (a->acked)
			printf(_("  acked: %s\n"), a->ack_reason);
		for (k = 0; k < a->n_evidence; k++)
			tool_print_envelope(t, a->evidence[k]);
	}
	wire_free((ProtobufCMessage **)&r);
	return EXIT_OK;
}

int
cmd_alerts_ack(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__AlertAck	 ack = SAMPLAN__ALERT_ACK__INIT;
	const char		*id = NULL, *reason = NULL;
	int			 i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--reason") == 0) {
			if (i + 1 >= argc)
				return tool_error("alerts ack: --reason needs "
				    "a text");
			reason = argv[++i];
		} else if (argv[i][0] != '-' && id == NULL)
			id = argv[i];
		else
			return tool_error("alerts ack: unknown argument «%s»",
			    argv[i]);
	}
	if (id == NULL)
		return tool_error("alerts ack: which alert? (an ID from "
		    "samplan alerts)");
	if (reason == NULL || reason[0] == '\0')
		return tool_error("alerts ack: --reason TEXT is required: say "
		    "what was seen and done");
	ack.alert = (char *)(uintptr_t)id;
	ack.reason = (char *)(uintptr_t)reason;
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_ACK;
	req.ack = &ack;
	return tool_write(t, &req, "alerts ack");
}
