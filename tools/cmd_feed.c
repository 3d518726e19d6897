/*
 * cmd_feed.c - commands on the signed feeds themselves: keygen, verify,
 * dump, read-only on the store, whether or not the node runs; and
 * rotate-key, which has the running node sign a key succession.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"
#include "evidence.h"
#include "feed.h"
#include "samplan.h"
#include "utf8.h"
#include "wire.h"

/* Takes "--flag" or "--opt VALUE" arguments; returns 0 or EXIT_USAGE. */
static int
opt_value(int argc, char **argv, int *i, const char *name, const char **out)
{
	if (strcmp(argv[*i], name) != 0)
		return 1;
	if (*i + 1 >= argc)
		return tool_error("%s needs a value", name);
	*out = argv[++*i];
	return 0;
}

int
cmd_keygen(struct tool *t, int argc, char **argv)
{
	struct identity	 id;
	const char	*out = NULL;
	char		 hex[KEY_HEX_LEN + 1];
	int		 i, rc;

	(void)t;
	for (i = 1; i < argc; i++)
		if ((rc = opt_value(argc, argv, &i, "--out", &out)) != 0)
			return rc == 1 ? tool_error("keygen: unknown argument "
			    "«%s»", argv[i]) : rc;
	if (out == NULL)
		return tool_error("keygen: --out FILE is required");
	rc = keys_generate(out, &id);
	if (rc == SP_EEXIST)
		return tool_error("keygen: %s exists; refusing to overwrite "
		    "a key", out);
	if (rc != 0) {
		fprintf(stderr, "samplan: keygen: %s: %s\n", out,
		    rc == SP_EIO ? strerror(errno) : sp_strerror(rc));
		return EXIT_FAIL;
	}
	keys_to_hex(id.public_key, hex);
	keys_clear(&id);
	printf("%s\n", hex);
	return EXIT_OK;
}

/* The lowest seq at which author's feed has forked, by the evidence. */
struct fork_seq_state {
	struct store_txn *txn;		/* to read the evidence as forks */
	const uint8_t	*author;	/* the feed asked about */
	uint64_t	 seq;		/* lowest fork seq found, or 0 */
};

static int
fork_seq_entry(void *arg, const uint8_t *author, uint64_t seq,
    const uint8_t *hash, const uint8_t *env, size_t len)
{
	struct fork_seq_state	*fs = arg;
	struct evidence_fork	 f;

	(void)hash;
	if (memcmp(author, fs->author, KEY_PUBLIC_LEN) != 0)
		return 0;
	(void)evidence_fork(fs->txn, author, seq, env, len, &f);
	if (fs->seq == 0 || f.seq < fs->seq)
		fs->seq = f.seq;
	return 0;
}

/* Returns 0 or a storage error; *seq is 0 when no evidence names one. */
static int
verify_fork_seq(struct store_txn *txn, const uint8_t *author, uint64_t *seq)
{
	struct fork_seq_state	fs;
	int			rc;

	fs.txn = txn;
	fs.author = author;
	fs.seq = 0;
	rc = store_evidence_scan(txn, fork_seq_entry, &fs);
	*seq = fs.seq;
	return rc;
}

/*
 * Prints the line of one verified, blocked feed.  Returns 1 when it is
 * our own (the store's owner's): a fork of it stops this node signing;
 * 0 for another's; -1 after a FAULT line when the evidence that blocked
 * it cannot be read (a block without evidence is a damaged store).
 */
static int
verify_blocked(struct store_txn *txn, const struct feed_head *h,
    const uint8_t *own, const char *name)
{
	uint64_t	fork = 0;
	int		rc;

	if ((rc = verify_fork_seq(txn, h->author, &fork)) != 0 ||
	    fork == 0) {
		printf(_("FAULT %-24s record %llu: %s\n"), name,
		    (unsigned long long)h->seq,
		    sp_strerror(rc != 0 ? rc : SP_ECORRUPT));
		return -1;
	}
	if (own != NULL && memcmp(h->author, own, KEY_PUBLIC_LEN) == 0) {
		/* TRANSLATORS: keep "FORKED". */
		printf(_("FORKED %-24s %llu records; our own feed has forked "
		    "at seq %llu (samplan dump --evidence): this node refuses "
		    "local writes; see \"A node that forked itself\" in "
		    "conf/README.md\n"), name, (unsigned long long)h->seq,
		    (unsigned long long)fork);
		return 1;
	}
	printf(_("ok    %-24s %llu records; blocked: it signed two "
	    "different records for seq %llu (samplan dump --evidence)\n"),
	    name, (unsigned long long)h->seq, (unsigned long long)fork);
	return 0;
}

int
cmd_verify(struct tool *t, int argc, char **argv)
{
	struct store		*s;
	struct store_txn	*txn;
	struct feed_head	*heads;
	uint8_t			 owner[KEY_PUBLIC_LEN];
	const uint8_t		*own = NULL;
	char			 buf[16];
	size_t			 n, i, bad = 0, forked = 0;
	uint64_t		 bad_seq;
	int			 rc, k, flags = 0;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--quick") == 0)
			flags |= FEED_VERIFY_QUICK;
		else
			return tool_error("verify: unknown argument «%s»",
			    argv[k]);
	}
	if ((rc = tool_open_store(t, &s)) != 0)
		return rc;
	if ((rc = store_begin(s, 0, &txn)) != 0 ||
	    (rc = store_heads(txn, &heads, &n)) != 0) {
		fprintf(stderr, "samplan: verify: %s\n", sp_strerror(rc));
		store_abort(&txn);
		store_close(&s);
		return EXIT_FAIL;
	}
	/* Our own feed: the store's owner, else the config's. */
	if (store_owner_get(txn, owner) == 0)
		own = owner;
	else if (t->have_self)
		own = t->self;
	for (i = 0; i < n; i++) {
		const char *name = tool_author_name(t, heads[i].author, buf);

		rc = feed_verify(txn, &heads[i], flags, &bad_seq);
		if (rc != 0) {
			printf(_("FAULT %-24s record %llu: %s\n"), name,
			    (unsigned long long)bad_seq, sp_strerror(rc));
			bad++;
		} else if (heads[i].flags & FEED_BLOCKED) {
			if ((rc = verify_blocked(txn, &heads[i], own,
			    name)) < 0)
				bad++;
			else
				forked += (size_t)rc;
		} else
			/* TRANSLATORS: keep "ok" and "FAULT". */
			printf(_("ok    %-24s %llu records\n"), name,
			    (unsigned long long)heads[i].seq);
	}
	free(heads);
	store_abort(&txn);
	store_close(&s);
	if (bad > 0) {
		fprintf(stderr, _("samplan: verify: %zu of %zu feeds "
		    "damaged\n"),
		    bad, n);
		return EXIT_FAIL;
	}
	printf(_("%zu feeds verified\n"), n);
	if (forked > 0) {
		fprintf(stderr, _("samplan: verify: the chains hold, but this "
		    "node's own feed has forked: it may not sign until an "
		    "operator acts\n"));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static void
hex_short(const uint8_t *b, size_t len, char *out)
{
	size_t	i;

	for (i = 0; i < len; i++)
		sprintf(out + i * 2, "%02x", b[i]);
}

static json_t *
head_json(struct tool *t, const struct feed_head *h)
{
	char	key[KEY_HEX_LEN + 1], hash[RECORD_HASH_LEN * 2 + 1], buf[16];
	json_t	*j = json_object();

	keys_to_hex(h->author, key);
	hex_short(h->hash, RECORD_HASH_LEN, hash);
	json_object_set_new(j, "author", json_string(tool_author_name(t,
	    h->author, buf)));
	json_object_set_new(j, "key", json_string(key));
	json_object_set_new(j, "seq", json_integer((json_int_t)h->seq));
	json_object_set_new(j, "hash", json_string(h->seq ? hash : ""));
	json_object_set_new(j, "blocked", json_boolean(h->flags &
	    FEED_BLOCKED));
	return j;
}

static void
dump_frontier(struct tool *t, struct feed_head *heads, size_t n)
{
	char	key[KEY_HEX_LEN + 1], hash[RECORD_HASH_LEN * 2 + 1], buf[16];
	size_t	i;
	json_t	*arr;

	if (t->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, head_json(t, &heads[i]));
		json_print(arr);
		return;
	}
	printf("%-24s %-16s %8s  %s\n", "FEED", "KEY", "SEQ", "HEAD HASH");
	for (i = 0; i < n; i++) {
		keys_to_hex(heads[i].author, key);
		hex_short(heads[i].hash, RECORD_HASH_LEN, hash);
		key[16] = '\0';
		utf8_pad(stdout, tool_author_name(t, heads[i].author, buf), 24);
		printf(" %-16s %8llu  %s%s\n", key,
		    (unsigned long long)heads[i].seq,
		    heads[i].seq ? hash : "-",
		    heads[i].flags & FEED_BLOCKED ? "  BLOCKED" : "");
	}
}

struct dump_state {
	struct tool	*tool;		/* for names and flags */
	json_t		*arr;		/* --json: the records */
	int		 rc;		/* first decode fault */
};

static int
dump_record(void *arg, uint64_t seq, const uint8_t *buf, size_t len)
{
	struct dump_state	*ds = arg;
	struct entry		 e;
	json_t			*j, *body;
	char			 stamp[32];
	time_t			 secs;
	struct tm		 tm;
	int			 rc;

	if ((rc = entry_decode(buf, len, &e)) != 0) {
		printf("%6llu  (undecodable: %s)\n", (unsigned long long)seq,
		    sp_strerror(rc));
		ds->rc = rc;
		return 0;
	}
	secs = (time_t)(e.rec->timestamp / 1000);
	gmtime_r(&secs, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	j = json_from_message(&e.rec->base);
	body = json_object_get(j, record_kind(e.rec));
	if (ds->tool->json) {
		json_t *o = json_object();

		json_object_set_new(o, "seq", json_integer((json_int_t)seq));
		json_object_set_new(o, "time", json_string(stamp));
		json_object_set_new(o, "kind", json_string(record_kind(e.rec)));
		json_object_set(o, "body", body);
		json_array_append_new(ds->arr, o);
	} else {
		char *text = json_dumps(body, JSON_SORT_KEYS | JSON_COMPACT);

		printf("%6llu  %s  %-10s %s\n", (unsigned long long)seq, stamp,
		    record_kind(e.rec), text != NULL ? text : "");
		free(text);
	}
	json_decref(j);
	entry_clear(&e);
	return 0;
}

struct evidence_state {
	struct tool	*tool;		/* names, --json */
	struct store_txn *txn;		/* for the held record */
	json_t		*arr;		/* --json: one object per fork */
	uint8_t		 last[KEY_PUBLIC_LEN + 8];	/* author || seq shown */
	size_t		 forks;
};

/* Adds (or prints) one envelope given as stored bytes. */
static void
evidence_one(struct evidence_state *es, json_t *list, const uint8_t *buf,
    size_t len)
{
	Samplan__Envelope	*env;

	if (wire_decode_envelope(buf, len, &env) != 0) {
		if (!es->tool->json)
			printf("    (undecodable envelope)\n");
		return;
	}
	if (es->tool->json)
		json_array_append_new(list, tool_envelope_json(es->tool, env));
	else
		tool_print_envelope(es->tool, env);
	wire_free((ProtobufCMessage **)&env);
}

static int
evidence_entry(void *arg, const uint8_t *author, uint64_t seq,
    const uint8_t *hash, const uint8_t *env, size_t len)
{
	struct evidence_state	*es = arg;
	struct evidence_fork	 f;
	uint8_t			 key[KEY_PUBLIC_LEN + 8];
	char			 buf[16];
	json_t			*o, *list;
	int			 i;

	(void)hash;
	(void)evidence_fork(es->txn, author, seq, env, len, &f);
	memcpy(key, author, KEY_PUBLIC_LEN);
	for (i = 0; i < 8; i++)
		key[KEY_PUBLIC_LEN + i] = (uint8_t)(f.seq >> (56 - 8 * i));
	if (es->forks == 0 || memcmp(key, es->last, sizeof(key)) != 0) {
		/* A new fork: first the record the log holds for its seq. */
		memcpy(es->last, key, sizeof(key));
		es->forks++;
		if (es->tool->json) {
			o = json_object();
			json_object_set_new(o, "author", json_string(
			    tool_author_name(es->tool, author, buf)));
			json_object_set_new(o, "seq",
			    json_integer((json_int_t)f.seq));
			json_object_set_new(o, "envelopes", json_array());
			json_array_append_new(es->arr, o);
		} else
			printf("fork: %s seq %llu\n", tool_author_name(es->tool,
			    author, buf), (unsigned long long)f.seq);
		list = json_object_get(json_array_get(es->arr,
		    json_array_size(es->arr) - 1), "envelopes");
		if (f.held != NULL)
			evidence_one(es, list, f.held, f.held_len);
	}
	list = json_object_get(json_array_get(es->arr,
	    json_array_size(es->arr) - 1), "envelopes");
	evidence_one(es, list, env, len);
	/* A record of another seq says what it proves (evidence.h). */
	if (f.rec_seq != f.seq && !es->tool->json)
		printf(_("      (seq %llu of the other branch, which chains "
		    "from another record at seq %llu)\n"),
		    (unsigned long long)f.rec_seq, (unsigned long long)f.seq);
	return 0;
}

/* `dump --evidence`: both (or all) envelopes of every fork held. */
static int
dump_evidence(struct tool *t, struct store_txn *txn)
{
	struct evidence_state	es;
	int			rc;

	memset(&es, 0, sizeof(es));
	es.tool = t;
	es.txn = txn;
	es.arr = json_array();
	rc = store_evidence_scan(txn, evidence_entry, &es);
	if (t->json)
		json_print(es.arr);
	else {
		json_decref(es.arr);
		if (es.forks == 0)
			printf("%s\n", _("no evidence of forks"));
	}
	if (rc != 0) {
		fprintf(stderr, "samplan: dump: %s\n", sp_strerror(rc));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cmd_dump(struct tool *t, int argc, char **argv)
{
	struct store		*s;
	struct store_txn	*txn;
	struct feed_head	*heads;
	struct dump_state	 ds;
	const char		*feed = NULL, *name;
	char			 buf[16];
	size_t			 n, i;
	int			 rc, evidence = 0;

	for (i = 1; i < (size_t)argc; i++) {
		int k = (int)i;

		if (strcmp(argv[i], "--json") == 0)
			t->json = 1;
		else if (strcmp(argv[i], "--evidence") == 0)
			evidence = 1;
		else if ((rc = opt_value(argc, argv, &k, "--feed", &feed)) != 0)
			return rc == 1 ? tool_error("dump: unknown argument "
			    "«%s»", argv[i]) : rc;
		i = (size_t)k;
	}
	if ((rc = tool_open_store(t, &s)) != 0)
		return rc;
	if ((rc = store_begin(s, 0, &txn)) != 0 ||
	    (rc = store_heads(txn, &heads, &n)) != 0) {
		fprintf(stderr, "samplan: dump: %s\n", sp_strerror(rc));
		store_abort(&txn);
		store_close(&s);
		return EXIT_FAIL;
	}
	rc = EXIT_OK;
	if (evidence && feed != NULL)
		rc = tool_error("dump: --evidence and --feed go alone");
	else if (evidence)
		rc = dump_evidence(t, txn);
	else if (feed == NULL)
		dump_frontier(t, heads, n);
	else {
		for (i = 0; i < n; i++) {
			name = tool_author_name(t, heads[i].author, buf);
			if (strcmp(name, feed) == 0)
				break;
		}
		if (i == n)
			rc = tool_error("dump: no feed named «%s» in this "
			    "store", feed);
		else {
			memset(&ds, 0, sizeof(ds));
			ds.tool = t;
			ds.arr = json_array();
			store_log_scan(txn, heads[i].author, 1, dump_record,
			    &ds);
			if (t->json)
				json_print(ds.arr);
			else
				json_decref(ds.arr);
			if (ds.rc != 0)
				rc = EXIT_FAIL;
		}
	}
	free(heads);
	store_abort(&txn);
	store_close(&s);
	return rc;
}

/*
 * rotate-key --out FILE: makes the next key in FILE (0600, never over an
 * existing file), has the running node append the KeySuccession naming
 * it, signed by the key in force, and says how to switch the node over.
 * The old key stays the feed id: peers keep it as the node's public_key.
 */
int
cmd_rotate_key(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__KeySuccession	 ks = SAMPLAN__KEY_SUCCESSION__INIT;
	struct identity		 id;
	const char		*out = NULL;
	char			 hex[KEY_HEX_LEN + 1], feed[KEY_HEX_LEN + 1];
	int			 i, rc;

	for (i = 1; i < argc; i++)
		if ((rc = opt_value(argc, argv, &i, "--out", &out)) != 0)
			return rc == 1 ? tool_error("rotate-key: unknown "
			    "argument «%s»", argv[i]) : rc;
	if (out == NULL)
		return tool_error("rotate-key: --out FILE is required");
	if (!t->have_self)
		return tool_error("rotate-key: cannot tell the node's feed id: "
		    "its key %s is unreadable (run as the node's user)",
		    t->cfg->key_path);
	rc = keys_generate(out, &id);
	if (rc == SP_EEXIST)
		return tool_error("rotate-key: %s exists; refusing to "
		    "overwrite a key", out);
	if (rc != 0) {
		fprintf(stderr, "samplan: rotate-key: %s: %s\n", out,
		    rc == SP_EIO ? strerror(errno) : sp_strerror(rc));
		return EXIT_FAIL;
	}
	keys_to_hex(id.public_key, hex);
	ks.key.data = id.public_key;
	ks.key.len = KEY_PUBLIC_LEN;
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_SUCCESSION;
	req.succession = &ks;
	rc = tool_write(t, &req, "rotate-key");
	keys_clear(&id);
	if (rc != 0) {
		fprintf(stderr, _("samplan: rotate-key: the node did not take "
		    "the new key; %s is not in use and may be removed\n"),
		    out);
		return rc;
	}
	keys_to_hex(t->self, feed);
	printf(_("new key %s in %s\n"
	    "next: in %s, [node] set\n"
	    "  key = %s\n"
	    "  feed_id = %s\n"
	    "and restart the node; peers keep public_key = %s\n"),
	    hex, out, t->cfg->path, out, feed, feed);
	return EXIT_OK;
}
