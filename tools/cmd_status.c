/*
 * cmd_status.c - `samplan status`: asks the running node how it is:
 * version, uptime, peers, feeds, how far behind each peer is, refusals,
 * alerts.  status_fetch() and status_peer_behind() are shared with
 * `metrics` and `check` (cmd_monitor.c).
 */
#include <stdio.h>
#include <string.h>

#include "samplan.h"
#include "utf8.h"
#include "wire.h"

/* Our head for author key, from the status' own heads. */
static uint64_t
own_head(const Samplan__NodeStatus *st, const ProtobufCBinaryData *key)
{
	size_t	i;

	for (i = 0; i < st->n_heads; i++)
		if (st->heads[i]->author.len == key->len &&
		    memcmp(st->heads[i]->author.data, key->data, key->len) == 0)
			return st->heads[i]->seq;
	return 0;
}

uint64_t
status_peer_behind(const Samplan__NodeStatus *st,
    const Samplan__PeerStatus *p)
{
	uint64_t	behind = 0, ours;
	size_t		j;

	for (j = 0; j < p->n_heads; j++) {
		ours = own_head(st, &p->heads[j]->author);
		if (ours > p->heads[j]->seq)
			behind += ours - p->heads[j]->seq;
	}
	return behind;
}

int
status_fetch(struct tool *t, Samplan__ControlReply **reply)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__StatusQuery	 q = SAMPLAN__STATUS_QUERY__INIT;
	char			 buf[1024];
	int			 rc;

	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_STATUS;
	req.status = &q;
	t->ctl_timeout_ms = CTL_QUERY_MS;	/* a monitor cannot wait long */
	if ((rc = ctl_call(t, &req, reply)) != 0)
		return rc;
	if ((*reply)->status == NULL) {
		fprintf(stderr, "samplan: status: %s\n",
		    tool_translate((*reply)->error, buf, sizeof(buf)));
		wire_free((ProtobufCMessage **)reply);
		return EXIT_FAIL;
	}
	return 0;
}

/*
 * Prints a column heading right-aligned in width columns; headings are
 * translated, so their width is counted in characters, not bytes.
 */
static void
heading_right(const char *s, size_t width)
{
	size_t	w = utf8_width(s);

	for (; w < width; w++)
		putchar(' ');
	fputs(s, stdout);
}

static void
print_status(struct tool *t, const Samplan__NodeStatus *st)
{
	char	buf[16];
	size_t	i, j;

	printf(_("node %s, samplan %s, up %lld s\n"), st->name,
	    st->version[0] != '\0' ? st->version : _("(unknown version)"),
	    (long long)(st->uptime_ms / 1000));
	for (i = 0; i < st->n_alerts; i++)
		printf(_("ALERT: %s\n"), st->alerts[i]);
	if (st->auth_refused > 0)
		printf(_("refused %llu connections with unknown keys\n"),
		    (unsigned long long)st->auth_refused);
	putchar('\n');
	/* TRANSLATORS: status column headings, in capitals. */
	utf8_pad(stdout, _("FEED"), 24);
	putchar(' ');
	heading_right(_("HEAD"), 8);
	putchar('\n');
	for (i = 0; i < st->n_heads; i++) {
		utf8_pad(stdout, tool_author_name(t, st->heads[i]->author.data,
		    buf), 24);
		printf(" %8llu\n", (unsigned long long)st->heads[i]->seq);
	}
	putchar('\n');
	utf8_pad(stdout, _("PEER"), 24);
	putchar(' ');
	utf8_pad(stdout, _("UP"), 5);
	putchar(' ');
	heading_right(_("HEARD"), 10);
	putchar(' ');
	heading_right(_("SENT"), 10);
	putchar(' ');
	heading_right(_("RECEIVED"), 10);
	putchar(' ');
	heading_right(_("BEHIND"), 8);
	putchar('\n');
	for (i = 0; i < st->n_peers; i++) {
		const Samplan__PeerStatus *p = st->peers[i];
		uint64_t behind = status_peer_behind(st, p);
		char heard[32];

		if (p->last_heard_ms < 0)
			snprintf(heard, sizeof(heard), "%s", _("never"));
		else
			snprintf(heard, sizeof(heard), "%lld ms",
			    (long long)p->last_heard_ms);
		utf8_pad(stdout, p->name, 24);
		putchar(' ');
		utf8_pad(stdout, p->connected ? _("yes") : _("no"), 5);
		putchar(' ');
		heading_right(heard, 10);
		printf(" %10llu %10llu %8llu\n",
		    (unsigned long long)p->records_sent,
		    (unsigned long long)p->records_received,
		    (unsigned long long)behind);
		if (p->protocol != 0)
			printf(_("    software %s, protocol %u\n"), p->software,
			    p->protocol);
		for (j = 0; j < p->n_rejects; j++)
			printf(_("    refused %-12s %llu\n"),
			    p->rejects[j]->reason,
			    (unsigned long long)p->rejects[j]->count);
	}
	for (i = 0; i < st->n_rejects; i++)
		printf(_("total refused %-12s %llu\n"), st->rejects[i]->reason,
		    (unsigned long long)st->rejects[i]->count);
}

static json_t *
status_json(struct tool *t, const Samplan__NodeStatus *st)
{
	json_t	*j = json_from_message(&st->base), *arr;
	char	 buf[16];
	size_t	 i, k;

	/* Name the feeds: keys alone mean little to a reader. */
	arr = json_object_get(j, "heads");
	for (i = 0; i < st->n_heads; i++)
		json_object_set_new(json_array_get(arr, i), "name",
		    json_string(tool_author_name(t, st->heads[i]->author.data,
		    buf)));
	for (k = 0; k < st->n_peers; k++) {
		json_t *parr = json_object_get(json_array_get(
		    json_object_get(j, "peers"), k), "heads");

		for (i = 0; i < st->peers[k]->n_heads; i++)
			json_object_set_new(json_array_get(parr, i), "name",
			    json_string(tool_author_name(t,
			    st->peers[k]->heads[i]->author.data, buf)));
	}
	return j;
}

int
cmd_status(struct tool *t, int argc, char **argv)
{
	Samplan__ControlReply	*reply;
	int			 i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			t->json = 1;
		else
			return tool_error("status: unknown argument «%s»",
			    argv[i]);
	}
	if ((rc = status_fetch(t, &reply)) != 0)
		return rc;
	if (t->json)
		json_print(status_json(t, reply->status));
	else
		print_status(t, reply->status);
	wire_free((ProtobufCMessage **)&reply);
	return EXIT_OK;
}
