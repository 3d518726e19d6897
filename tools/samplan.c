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
#include "version.h"

/*
 * The command table: name, second word, handler, whether it loads the
 * config, the usage line and the help that `samplan CMD --help` prints
 * (to stdout, exit 0) before the handler ever sees its arguments.
 */
static const struct command commands[] = {
	{ "keygen", NULL, cmd_keygen_owner, 0,
	    "keygen --out FILE [--owner USER]",
	    N_("Makes a new node key (Ed25519) in FILE, mode 0600, and prints its\n"
	    "public key.  Refuses to overwrite a file.  --owner USER (as root)\n"
	    "gives the file to USER and USER's group, so that a node running\n"
	    "as USER can read it: samplan keygen --owner samplan --out ...\n") },
	{ "rotate-key", NULL, cmd_rotate_key, 1, "rotate-key --out FILE",
	    N_("Makes the node's next key in FILE (mode 0600, never over a file)\n"
	    "and has the running node sign a key succession to it with its\n"
	    "current key.  Then set [node] key = FILE and feed_id = the old\n"
	    "public key (the feed id, which peers keep) and restart the node.\n") },
	{ "verify", NULL, cmd_verify, 1, "verify [--quick]",
	    N_("Checks every feed's hash chain and every signature in the store,\n"
	    "read-only, whether or not the node runs.  --quick checks the\n"
	    "chains and each head's signature only.  Exit 1 on any damage.\n") },
	{ "dump", NULL, cmd_dump, 1,
	    "dump [--json] [--feed NAME | --evidence]",
	    N_("Prints the feeds the store holds (author, head seq, head hash),\n"
	    "with --feed NAME every record of that feed, with --evidence both\n"
	    "records of every fork (equivocation) the store holds.\n") },
	{ "status", NULL, cmd_status, 1, "status [--json]",
	    N_("Asks the running node how it is: version, uptime, feeds, peers\n"
	    "(connected, last heard, records sent and received, how far\n"
	    "behind), refusals and alerts.  Exit 3 when the node is not\n"
	    "running or does not answer within 2 s.\n") },
	{ "metrics", NULL, cmd_metrics, 1, "metrics",
	    N_("Prints the node's counters in the Prometheus text exposition\n"
	    "format, for node_exporter's textfile collector or a scrape.\n") },
	{ "check", NULL, cmd_check, 1,
	    "check [--max-lag N] [--max-down SECONDS]",
	    N_("A Nagios/Icinga plugin: one status line with performance data.\n"
	    "Exit 0 OK, 1 WARNING (a peer down, some lag), 2 CRITICAL (an\n"
	    "alert such as equivocation, a peer down longer than --max-down\n"
	    "(default 900 s), a peer more than --max-lag records behind\n"
	    "(default 1000)), 3 UNKNOWN (node not running, bad arguments).\n") },
	{ "alerts", "ack", cmd_alerts_ack, 1,
	    "alerts ack ID --reason TEXT",
	    N_("Records, as a signed record of this node, that an operator has\n"
	    "seen alert ID and what was done about it.\n") },
	{ "alerts", NULL, cmd_alerts, 1, "alerts [--json]",
	    N_("Lists the node's alerts (equivocation, quota, own feed behind)\n"
	    "with a stable id, their evidence and whether they were acked.\n") },
	{ "measure", NULL, cmd_measure, 1,
	    "measure add|edit ID [--set FIELD=VALUE ...] | measure retire ID "
	    "--reason TEXT | measure reinstate ID",
	    N_("Writes a measure (tiltak) of this node's plan through the node.\n"
	    "retire ends a measure with a reason (it stays visible as\n"
	    "avsluttet, with its results); reinstate takes it back.\n") },
	{ "plan", NULL, cmd_plan, 1,
	    "plan set --set FIELD=VALUE ... [--adopt-regional] | "
	    "plan show [--kommune K] [--period P] "
	    "[--json|--csv|--excel|--markdown|--html] | "
	    "plan revise --plan YYYY-YYYY [--avslutt ID ...] | "
	    "plan discard --plan YYYY-YYYY [--grunn TEXT] | "
	    "plan versions [--json|--markdown|--html] | "
	    "plan compare [--plan P] [--with P|neste] [--kommune K] "
	    "[--json|--csv|--markdown|--html]",
	    N_("plan set writes the plan's own fields (state, vedtak, dates,\n"
	    "innsatsområder, the høring: horing.start, horing.frist,\n"
	    "horing.hort, horing.innspill; the saksgang: innstilling.organ,\n"
	    "innstilling.dato, innstilling.saksnr, innstilling.arkivref,\n"
	    "vedtak.arkivref; the context: nasjonalt_grunnlag, planlenker,\n"
	    "malgrupper, ressurser; the prosessplan: milepael=\"NAVN;\n"
	    "PLANLAGT; FAKTISK; ANSVAR\"); plan show prints a kommune's effective plan,\n"
	    "with the reports of --period P (2025, 2025H1, 2025T2).\n"
	    "plan revise makes the next plan (period YYYY-YYYY) as a draft\n"
	    "next to the plan in force, every measure carried over but those\n"
	    "named by --avslutt, which end with the period (the coordinator;\n"
	    "with [region] mode = parallel_plans a kommune, for its own plan;\n"
	    "in a shared plan a kommune carries its own measures into the\n"
	    "region's next plan: plan revise --plan neste).\n"
	    "plan discard sets aside a next plan made by mistake (forkastet,\n"
	    "--grunn says why; never the plan in force or an adopted one):\n"
	    "it is kept as history but is no longer the next plan, and plan\n"
	    "revise --plan YYYY-YYYY on it brings it back as a draft.\n"
	    "plan versions lists the plans and where each kommune stands\n"
	    "with the next (and each kommune's own plans, when parallel).\n"
	    "plan compare shows two plans side by side (default: the plan in\n"
	    "force and the next): per measure its title in each plan and\n"
	    "whether it was carried over (videreført), edited (endret, with\n"
	    "the fields), ended (avsluttet) or new (ny); the regional\n"
	    "measures and, for a kommune (--kommune K), its own.\n"
	    "Every plan command takes --plan PERIOD (2024-2027) or --plan\n"
	    "neste; the default is the plan in force, which stays the one\n"
	    "in use until its successor is adopted and its i_kraft has come.\n") },
	{ "adopt", NULL, cmd_decide, 1, "adopt MEASURE [--reason TEXT]",
	    N_("Adopts a regional measure unchanged into this kommune's plan.\n") },
	{ "adapt", NULL, cmd_decide, 1,
	    "adapt MEASURE --set FIELD=VALUE ... [--unset FIELD] "
	    "[--reason TEXT]",
	    N_("Adopts a regional measure with local changes to its fields.\n") },
	{ "decline", NULL, cmd_decide, 1, "decline MEASURE --reason TEXT",
	    N_("Declines a regional measure, with the reason.\n") },
	{ "report", NULL, cmd_report, 1,
	    "report MEASURE --period P --status S [--note TEXT] [--verdi N] | "
	    "report MEASURE --period P --withdraw --reason TEXT",
	    N_("Reports the status of a measure for a period (the status as its\n"
	    "label or code: gjennomført, \"ikke startet\"), or withdraws a\n"
	    "report, which stays in the history.\n") },
	{ "region", NULL, cmd_region, 1,
	    "region [--period P] [--technical] "
	    "[--json|--csv|--excel|--markdown|--html]",
	    N_("Prints the årsrapport for a period (default: this year, in\n"
	    "Europe/Oslo): every measure against every kommune, statuses with\n"
	    "notes, goals, declines, changes, what is overdue or unreported.\n"
	    "--technical prints the copies and versions instead.\n") },
	{ "evaluation", NULL, cmd_evaluation, 1,
	    "evaluation set [MEASURE] --set resultat=R [--set FIELD=VALUE ...] | "
	    "evaluation show [--plan P] [--json|--markdown|--html]",
	    N_("evaluation set records this node's evaluation of one measure\n"
	    "(MEASURE) or one innsatsområde (--set innsatsomrade=NAME) of the\n"
	    "plan: resultat (nådd, delvis nådd, ikke nådd), gjort (what was\n"
	    "done), hvorfor (why), dato (default today).  evaluation show\n"
	    "prints the plan's evaluation report: the share of measures\n"
	    "carried out per innsatsområde and kommune over the period, the\n"
	    "evaluations, and indicator values against their targets.  Both\n"
	    "take --plan 2024-2027 (default: the plan in force).\n") },
	{ "history", NULL, cmd_history, 1,
	    "history [MEASURE] [--plan P] [--json|--csv]",
	    N_("Prints every version of a measure, who wrote it and when.\n"
	    "Without MEASURE: the plan-cycle records (each node's plan\n"
	    "versions with what each record changed: state, høring,\n"
	    "innstilling, vedtak, i_kraft, milestones; evaluations), of\n"
	    "one plan with --plan P.\n") },
	{ "import", NULL, cmd_import, 1, "import FILE.csv",
	    N_("Imports measures from a CSV file, all or none; only the columns\n"
	    "the file has are changed, and the others are named.\n") },
	{ "export", NULL, cmd_export, 1,
	    "export [--regional] [--kommune K] [--semicolon] [--out FILE]",
	    N_("Exports measures as CSV, in the format import reads.\n") },
	{ "redact", NULL, cmd_redact, 1, "redact NODE#SEQ --reason TEXT",
	    N_("Removes the free texts (notes, reasons, descriptions, who did it)\n"
	    "of one record, named as the write commands print it (gjovik#12),\n"
	    "on every node of the region; the record's other fields and the\n"
	    "signed history stay.  Allowed for the record's own node, and for\n"
	    "the coordinator of its region (shown as such in history).\n") },
	{ "compact", NULL, cmd_compact, 1, "compact",
	    N_("Rewrites the store without its free pages, so that removed texts\n"
	    "are gone from data.mdb too (the node also does this after a\n"
	    "redaction).  Crash-safe.\n") },
	{ "import-decisions", NULL, cmd_import_decisions, 1,
	    "import-decisions FILE.csv",
	    N_("Imports adopt, adapt and decline decisions from a CSV file.\n") },
	{ "import-reports", NULL, cmd_import_reports, 1,
	    "import-reports FILE.csv",
	    N_("Imports status reports (columns tiltak, periode, status, and\n"
	    "optionally merknad, verdi, kommune) in one transaction, all or\n"
	    "none; rows of other kommuner are counted and left.\n") },
};
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

int
tool_error(const char *fmt, ...)
{
	va_list	ap;

	fputs("samplan: ", stderr);
	va_start(ap, fmt);
	/*
	 * The English text is the msgid: xgettext collects every
	 * tool_error("...") (po/CMakeLists.txt), and gcc has checked the
	 * arguments against it; msgfmt -c checks each translation's
	 * conversions against the English.
	 */
	vfprintf(stderr, _(fmt), ap);
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
		fprintf(stderr, _("samplan: cannot open the store in %s: "
		    "%s\n"), t->cfg->data_dir, rc == SP_EIO ?
		    strerror(errno) : _("no store there (has the node run "
		    "yet?)"));
	else
		fprintf(stderr, _("samplan: store in %s refused: %s\n"),
		    t->cfg->data_dir, sp_strerror(rc));
	return EXIT_FAIL;
}

const char *
tool_translate(const char *text, char *buf, size_t len)
{
	const char	*t, *tail = NULL, *p;

	if (text == NULL || *text == '\0')
		return text;
	if ((t = _(text)) != text)	/* gettext() returns text if unknown */
		return t;
	for (p = text; (p = strstr(p, ": ")) != NULL; p += 2)
		tail = p;
	if (tail == NULL || (t = _(tail + 2)) == tail + 2)
		return text;
	snprintf(buf, len, "%.*s: %s", (int)(tail - text), text, t);
	return buf;
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

/*
 * The overall usage: to stdout with exit 0 for --help, to stderr with
 * exit 2 for a usage error.
 */
static void
usage(int help)
{
	FILE	*out = help ? stdout : stderr;
	size_t	 i;

	/* TRANSLATORS: "usage:" is followed by the command lines. */
	fprintf(out, "%s samplan [-h] [--version] [-c config.ini] "
	    "[--av NAME] COMMAND ...\n", _("usage:"));
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "       samplan -c FILE %s\n", commands[i].usage);
	fputs(_("Every command that takes --region REGION works on "
	    "the node's first region by default.\n"), out);
	if (help)
		fputs(_("\n-c FILE (or SAMPLAN_CONFIG) names the node's "
		    "configuration.  `samplan COMMAND --help` explains a "
		    "command.\nExit status: 0 done, 1 failed or found a "
		    "fault, 2 usage or config error,\n3 node not running or "
		    "not answering (check: 0 OK, 1 WARNING, 2 CRITICAL,\n"
		    "3 UNKNOWN).  See samplan(1).\n"), out);
	exit(help ? tool_exit(EXIT_OK) : EXIT_USAGE);
}

/* `samplan CMD --help`: the command's usage and help, to stdout. */
static int
command_help(const struct command *c)
{
	/* A command added without a help text still gets its usage. */
	printf("%s samplan [-c FILE] %s\n", _("usage:"), c->usage);
	if (c->help != NULL)
		printf("\n%s", _(c->help));
	return tool_exit(EXIT_OK);
}

/* Does the command's argv ask for help (before a "--")? */
static int
wants_help(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

int
tool_exit(int rc)
{
	/*
	 * Output the user asked for that did not arrive (a full disk, a
	 * closed pipe) is a failure, not success: check the stream, then
	 * close it so that the last write error surfaces too.
	 */
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, _("samplan: write error on standard output: "
		    "%s\n"), strerror(errno));
		return rc == EXIT_OK ? EXIT_FAIL : rc;
	}
	return rc;
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
	if (t->cfg->has_feed_id) {	/* the node's feed after a rotation */
		memcpy(t->self, t->cfg->feed_id, KEY_PUBLIC_LEN);
		t->have_self = 1;
	} else if (keys_load(t->cfg->key_path, &id) == 0) {
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

	i18n_init();
	memset(&t, 0, sizeof(t));
	while (k < argc && argv[k][0] == '-') {
		if ((strcmp(argv[k], "-c") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc) {
			t.config_path = argv[k + 1];
			k += 2;
		} else if (strncmp(argv[k], "--config=", 9) == 0) {
			t.config_path = argv[k] + 9;
			k++;
		} else if (strcmp(argv[k], "--av") == 0 && k + 1 < argc) {
			t.av = argv[k + 1];	/* recorded with every write */
			k += 2;
		} else if (strcmp(argv[k], "-h") == 0 ||
		    strcmp(argv[k], "--help") == 0)
			usage(1);
		else if (strcmp(argv[k], "--version") == 0 ||
		    strcmp(argv[k], "-V") == 0) {
			printf("samplan %s\n", sp_version());
			return tool_exit(EXIT_OK);
		} else {
			tool_error("unknown option «%s»; try samplan --help",
			    argv[k]);
			return EXIT_USAGE;
		}
	}
	if (k >= argc)
		usage(0);
	for (i = 0; i < NCOMMANDS; i++) {
		const struct command *c = &commands[i];
		int sub = c->sub != NULL;

		if (strcmp(argv[k], c->name) != 0 || (sub && (k + 1 >= argc ||
		    strcmp(argv[k + 1], c->sub) != 0)))
			continue;
		if (wants_help(argc - k, argv + k))
			return command_help(c);
		/* A monitoring plugin says UNKNOWN (3) for a bad config. */
		if (c->needs_config && (rc = tool_load(&t)) != 0)
			return c->run == cmd_check ? 3 : rc;
		/* Commands see their own words from argv[0] on. */
		rc = c->run(&t, argc - k - sub, argv + k + sub);
		config_destroy(&t.cfg);
		return tool_exit(rc);
	}
	tool_error("unknown command «%s»; try samplan --help", argv[k]);
	return EXIT_USAGE;
}
