/*
 * samplan.c - the command line: global options, the command table, and
 * the helpers every command shares.  Commands live in cmd_*.c; they
 * write through the local node (ctl.c) and read the store read-only.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "samplan.h"

static const struct command commands[] = {
	{ "keygen", NULL, cmd_keygen, 0, "keygen --out FILE" },
	{ "verify", NULL, cmd_verify, 1, "verify [--quick]" },
	{ "dump", NULL, cmd_dump, 1, "dump [--json] [--feed NAME]" },
	{ "status", NULL, cmd_status, 1, "status [--json]" },
	{ "measure", NULL, cmd_measure, 1,
	    "measure add|edit|retire ID [--set FIELD=VALUE ...]" },
	{ "plan", NULL, cmd_plan, 1,
	    "plan set --set FIELD=VALUE ... [--adopt-regional] | "
	    "plan show [--kommune K] [--json|--csv|--markdown]" },
	{ "adopt", NULL, cmd_decide, 1, "adopt MEASURE [--reason TEXT]" },
	{ "adapt", NULL, cmd_decide, 1,
	    "adapt MEASURE --set FIELD=VALUE ... [--unset FIELD] "
	    "[--reason TEXT]" },
	{ "decline", NULL, cmd_decide, 1, "decline MEASURE --reason TEXT" },
	{ "report", NULL, cmd_report, 1,
	    "report MEASURE --period P --status S [--note TEXT]" },
	{ "region", NULL, cmd_region, 1,
	    "region [--json|--csv|--markdown]" },
	{ "history", NULL, cmd_history, 1, "history MEASURE [--json|--csv]" },
	{ "import", NULL, cmd_import, 1, "import FILE.csv" },
	{ "export", NULL, cmd_export, 1,
	    "export [--regional] [--kommune K] [--semicolon] [--out FILE]" },
	{ "redact", NULL, cmd_redact, 1, "redact NODE#SEQ --reason TEXT" },
	{ "compact", NULL, cmd_compact, 1, "compact" },
	{ "import-decisions", NULL, cmd_import_decisions, 1,
	    "import-decisions FILE.csv" },
};

int
tool_error(const char *fmt, ...)
{
	va_list	ap;

	fputs("samplan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int
tool_open_store(struct tool *t, struct store **out)
{
	int	rc;

	rc = store_open(t->cfg->data_dir, 0, STORE_RDONLY, NULL, out);
	if (rc == 0)
		return 0;
	if (rc == SP_EIO || rc == SP_ENOTFOUND)
		fprintf(stderr, "samplan: cannot open the store in %s: %s\n",
		    t->cfg->data_dir, rc == SP_EIO ? strerror(errno) :
		    "no store there (has the node run yet?)");
	else
		fprintf(stderr, "samplan: store in %s refused: %s\n",
		    t->cfg->data_dir, sp_strerror(rc));
	return EXIT_FAIL;
}

const char *
tool_author_name(struct tool *t, const uint8_t *key, char buf[16])
{
	const struct config_peer	*p;

	if (t->have_self && memcmp(key, t->self, KEY_PUBLIC_LEN) == 0)
		return t->cfg->name;
	if ((p = config_peer_by_key(t->cfg, key)) != NULL)
		return p->name;
	snprintf(buf, 16, "%02x%02x%02x%02x…", key[0], key[1], key[2],
	    key[3]);
	return buf;
}

static void
usage(void)
{
	size_t	i;

	fprintf(stderr, "usage: samplan [-c config.ini] [--av NAME] COMMAND "
	    "...\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "       samplan -c FILE %s\n",
		    commands[i].usage);
	fprintf(stderr, "Every command that takes --region REGION works on "
	    "the node's first region by default.\n");
	exit(EXIT_USAGE);
}

/* Loads the config and our own public key (for naming our feed). */
static int
tool_load(struct tool *t)
{
	struct identity	id;

	if (t->config_path == NULL)
		t->config_path = getenv("SAMPLAN_CONFIG");
	if (t->config_path == NULL)
		return tool_error("no config: give -c FILE (or set "
		    "SAMPLAN_CONFIG)");
	if (config_load(t->config_path, stderr, &t->cfg) != 0)
		return EXIT_USAGE;
	if (keys_load(t->cfg->key_path, &id) == 0) {
		memcpy(t->self, id.public_key, KEY_PUBLIC_LEN);
		t->have_self = 1;
		keys_clear(&id);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct tool	 t;
	size_t		 i;
	int		 rc, k = 1;

	memset(&t, 0, sizeof(t));
	while (k < argc && argv[k][0] == '-') {
		if (strcmp(argv[k], "-c") == 0 && k + 1 < argc) {
			t.config_path = argv[k + 1];
			k += 2;
		} else if (strcmp(argv[k], "--av") == 0 && k + 1 < argc) {
			t.av = argv[k + 1];	/* recorded with every write */
			k += 2;
		} else if (strcmp(argv[k], "-h") == 0 ||
		    strcmp(argv[k], "--help") == 0)
			usage();
		else
			break;
	}
	if (k >= argc)
		usage();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *c = &commands[i];
		int sub = c->sub != NULL;

		if (strcmp(argv[k], c->name) != 0 || (sub && (k + 1 >= argc ||
		    strcmp(argv[k + 1], c->sub) != 0)))
			continue;
		if (c->needs_config && (rc = tool_load(&t)) != 0)
			return rc;
		/* Commands see their own words from argv[0] on. */
		rc = c->run(&t, argc - k - sub, argv + k + sub);
		config_destroy(&t.cfg);
		return rc;
	}
	tool_error("unknown command «%s»; try samplan --help", argv[k]);
	return EXIT_USAGE;
}
