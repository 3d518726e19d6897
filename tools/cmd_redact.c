/*
 * cmd_redact.c - `samplan redact NODE#SEQ --reason TEXT` and `samplan
 * compact`: removing a record's free texts everywhere, and rewriting the
 * local store so the removed text is gone from the file too.
 *
 * The tool names the record (feed, seq and entry hash, read from the
 * local store); the node decides whether this node may redact it (its
 * own record, or as a region's coordinator: policy_may_redact) and
 * compacts after committing the redaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "planctx.h"
#include "redact.h"
#include "wire.h"

/* Splits "NODE#SEQ" into the feed's key and seq; prints why not. */
static int
redact_parse_ref(struct tool *t, const char *ref, uint8_t key[KEY_PUBLIC_LEN],
    uint64_t *seq)
{
	const struct config_peer	*p;
	const char			*hash = strrchr(ref, '#');
	char				 name[128], *end;
	unsigned long long		 v;

	if (hash == NULL || hash == ref || (size_t)(hash - ref) >= sizeof(name))
		return tool_error("redact: «%s» is not NODE#SEQ (a record as "
		    "the write commands print it, e.g. levanger#12)", ref);
	memcpy(name, ref, (size_t)(hash - ref));
	name[hash - ref] = '\0';
	v = strtoull(hash + 1, &end, 10);
	if (*end != '\0' || hash[1] < '1' || hash[1] > '9')
		return tool_error("redact: «%s»: the seq after # must be a "
		    "number from 1", ref);
	*seq = v;
	if (strcmp(name, t->cfg->name) == 0 && t->have_self) {
		memcpy(key, t->self, KEY_PUBLIC_LEN);
		return 0;
	}
	if ((p = config_peer_by_name(t->cfg, name)) == NULL)
		return tool_error("redact: %s is not a node of this "
		    "configuration", name);
	memcpy(key, p->public_key, KEY_PUBLIC_LEN);
	return 0;
}

/* Reads the record's entry hash; refuses what can not be redacted. */
static int
redact_target(struct tool *t, const char *ref, const uint8_t *key,
    uint64_t seq, uint8_t hash[RECORD_HASH_LEN])
{
	struct redact_info	 ri;
	struct store		*s;
	struct store_txn	*txn;
	struct entry		 e;
	const uint8_t		*buf;
	size_t			 len;
	int			 rc;

	if ((rc = tool_open_store(t, &s)) != 0)
		return rc;
	if ((rc = store_begin(s, 0, &txn)) != 0) {
		store_close(&s);
		return tool_error("redact: %s", sp_strerror(rc));
	}
	rc = store_log_get(txn, key, seq, &buf, &len);
	if (rc == 0 && (rc = entry_decode(buf, len, &e)) == 0) {
		memcpy(hash, e.hash, RECORD_HASH_LEN);
		/* The writer's name (actor, sealed) is free text too. */
		if (e.rec->n_seals == 0)
			rc = tool_error("redact: %s holds no free text to "
			    "remove", ref);
		else if (redact_lookup(txn, key, seq, &ri) == 0)
			rc = tool_error("redact: %s is redacted already: %s",
			    ref, ri.text);
		entry_clear(&e);
	} else if (rc == SP_ENOTFOUND)
		rc = tool_error("redact: this node does not hold %s", ref);
	else
		rc = tool_error("redact: %s: %s", ref, sp_strerror(rc));
	store_abort(&txn);
	store_close(&s);
	return rc;
}

int
cmd_redact(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__Redaction	 red = SAMPLAN__REDACTION__INIT;
	struct opts		 o;
	uint8_t			 key[KEY_PUBLIC_LEN], hash[RECORD_HASH_LEN];
	uint64_t		 seq = 0;
	char			 what[160];
	int			 rc;

	if ((rc = opts_parse(t, "redact", argc, argv, OPT_REASON, 1, &o)) != 0)
		return rc;
	if (o.npos != 1)
		return tool_error("redact: name one record: redact NODE#SEQ "
		    "--reason TEXT");
	if (o.reason == NULL || o.reason[0] == '\0')
		return tool_error("redact: --reason TEXT is required (it is "
		    "shown in the record's place on every node)");
	if ((rc = redact_parse_ref(t, o.pos[0], key, &seq)) != 0 ||
	    (rc = redact_target(t, o.pos[0], key, seq, hash)) != 0)
		return rc;
	red.feed.data = key;
	red.feed.len = KEY_PUBLIC_LEN;
	red.seq = seq;
	red.hash.data = hash;
	red.hash.len = RECORD_HASH_LEN;
	red.reason = (char *)(uintptr_t)o.reason;
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_REDACTION;
	req.redaction = &red;
	snprintf(what, sizeof(what), "redact %s", o.pos[0]);
	return tool_write(t, &req, what);
}

int
cmd_compact(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__CompactRequest	 c = SAMPLAN__COMPACT_REQUEST__INIT;
	Samplan__ControlReply	*reply;
	char			 buf[1024];
	int			 rc;

	(void)argv;
	if (argc != 1)
		return tool_error("compact: takes no arguments");
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_COMPACT;
	req.compact = &c;
	if ((rc = ctl_call(t, &req, &reply)) != 0)
		return rc;
	if (reply->code != 0) {
		fprintf(stderr, _("samplan: compact: %s\n"),
		    tool_translate(reply->error, buf, sizeof(buf)));
		rc = EXIT_FAIL;
	} else
		printf(_("compact: data.mdb %llu -> %llu bytes\n"),
		    (unsigned long long)reply->bytes_before,
		    (unsigned long long)reply->bytes_after);
	wire_free((ProtobufCMessage **)&reply);
	return rc;
}
