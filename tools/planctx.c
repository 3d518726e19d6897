/*
 * planctx.c - options and context shared by the plan commands (measure,
 * adopt/adapt/decline, report, plan, region, history, import, export).
 * Every bad argument is refused here with one line naming it, before any
 * command looks at the store or the node.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csv.h"
#include "cycle.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "utf8.h"
#include "wire.h"

struct opt_def {
	const char	*name;
	unsigned	 bit;
	int		 takes;		/* takes a value */
};

static const struct opt_def defs[] = {
	{ "--set",		OPT_SET,	1 },
	{ "--unset",		OPT_UNSET,	1 },
	{ "--reason",		OPT_REASON,	1 },
	{ "--note",		OPT_NOTE,	1 },
	{ "--period",		OPT_PERIOD,	1 },
	{ "--status",		OPT_STATUS,	1 },
	{ "--kommune",		OPT_KOMMUNE,	1 },
	{ "--region",		OPT_REGION,	1 },
	{ "--json",		OPT_FORMAT,	0 },
	{ "--csv",		OPT_FORMAT,	0 },
	{ "--markdown",		OPT_MARKDOWN,	0 },
	{ "--html",		OPT_HTML,	0 },
	{ "--verdi",		OPT_VERDI,	1 },
	{ "--excel",		OPT_FORMAT,	0 },
	{ "--out",		OPT_OUT,	1 },
	{ "--semicolon",	OPT_DELIM,	0 },
	{ "--adopt-regional",	OPT_ADOPT,	0 },
	{ "--regional",		OPT_REGIONAL,	0 },
	{ "--technical",	OPT_TECHNICAL,	0 },
	{ "--withdraw",		OPT_WITHDRAW,	0 },
	{ "--plan",		OPT_PLAN,	1 },
	{ "--avslutt",		OPT_AVSLUTT,	1 },
	{ "--with",		OPT_WITH,	1 },
	{ "--grunn",		OPT_GRUNN,	1 },
};

static int
opt_store(struct tool *t, const char *cmd, struct opts *o,
    const struct opt_def *d, char *v)
{
	const char	*why;
	char		*eq, fold[8];

	switch (d->bit) {
	case OPT_SET:
		if ((eq = strchr(v, '=')) == NULL || eq == v)
			return tool_error("%s: --set wants FIELD=VALUE, not "
			    "«%s»", cmd, v);
		if (o->nset == OPTS_MAX_SET)
			return tool_error("%s: too many --set options", cmd);
		*eq = '\0';
		o->set[o->nset].field = v;
		o->set[o->nset++].value = eq + 1;
		return 0;
	case OPT_UNSET:
		if (o->nunset == OPTS_MAX_SET)
			return tool_error("%s: too many --unset options", cmd);
		o->unset[o->nunset++] = v;
		return 0;
	case OPT_REASON: o->reason = v; return 0;
	case OPT_NOTE: o->note = v; return 0;
	case OPT_PERIOD:	/* 2025h2 is 2025H2, in v itself (argv) */
		if (domain_period_fold(v, fold) == fold)
			memcpy(v, fold, 7);
		o->period = t->period = v;
		return 0;
	case OPT_STATUS: o->status = v; return 0;
	case OPT_KOMMUNE: o->kommune = v; return 0;
	case OPT_REGION: o->region = v; return 0;
	case OPT_OUT: o->out = v; return 0;
	case OPT_DELIM: o->delim = ';'; return 0;
	case OPT_ADOPT: o->adopt = 1; return 0;
	case OPT_REGIONAL: o->regional = 1; return 0;
	case OPT_TECHNICAL: o->technical = 1; return 0;
	case OPT_WITHDRAW: o->withdraw = 1; return 0;
	case OPT_MARKDOWN: t->markdown = 1; return 0;
	case OPT_HTML: t->html = 1; return 0;
	case OPT_VERDI: o->verdi = v; return 0;
	case OPT_PLAN:
		if (strcmp(v, CYCLE_NEXT) != 0 && cycle_key_check(v) != 0)
			return tool_error("%s: plan: «%s» is not a plan period "
			    "(2028-2031) or «neste»", cmd, v);
		if (strcmp(v, CYCLE_NEXT) != 0 &&
		    domain_plan_period_input(v, &why) != 0)
			return tool_error("%s: plan: «%s» %s", cmd, v,
			    _(why));
		o->plan = t->plan = v;
		return 0;
	case OPT_WITH:
		if (strcmp(v, CYCLE_NEXT) != 0 && cycle_key_check(v) != 0)
			return tool_error("%s: with: «%s» is not a plan period "
			    "(2028-2031) or «neste»", cmd, v);
		o->with = v;
		return 0;
	case OPT_GRUNN: o->grunn = v; return 0;
	case OPT_AVSLUTT:
		if (o->navslutt == OPTS_MAX_SET)
			return tool_error("%s: too many --avslutt options",
			    cmd);
		o->avslutt[o->navslutt++] = v;
		return 0;
	case OPT_FORMAT:
		if (strcmp(d->name, "--json") == 0)
			t->json = 1;
		else if (strcmp(d->name, "--excel") == 0)
			t->csv = t->excel = 1;
		else
			t->csv = 1;
		return 0;
	}
	return 0;
}

/* Names the field of a value that is not UTF-8: FIELD of --set, else
 * the option's name. */
static int
opt_bad_utf8(const struct opt_def *d, const char *v)
{
	const char	*eq;

	if (d->bit == OPT_SET && (eq = strchr(v, '=')) != NULL &&
	    utf8_valid(v, (size_t)(eq - v)))
		return tool_error("%.*s: not valid UTF-8", (int)(eq - v), v);
	return tool_error("%s: not valid UTF-8", d->name + 2);
}

int
opts_parse(struct tool *t, const char *cmd, int argc, char **argv,
    unsigned allow, size_t npos, struct opts *o)
{
	const struct opt_def	*d;
	size_t			 k;
	int			 i;

	memset(o, 0, sizeof(*o));
	o->delim = ',';
	for (i = 1; i < argc; i++) {
		if (!utf8_valid(argv[i], strlen(argv[i])))
			return tool_error("argument %d: not valid UTF-8", i);
		if (strncmp(argv[i], "--", 2) != 0) {
			if (o->npos == npos)
				return tool_error("%s: unexpected argument «%s»",
				    cmd, argv[i]);
			o->pos[o->npos++] = argv[i];
			continue;
		}
		d = NULL;
		for (k = 0; k < sizeof(defs) / sizeof(defs[0]); k++)
			if (strcmp(defs[k].name, argv[i]) == 0)
				d = &defs[k];
		if (d == NULL || !((allow | OPT_PLAN) & d->bit))
			return tool_error("%s: unknown option «%s»", cmd,
			    argv[i]);
		if (d->takes && i + 1 >= argc)
			return tool_error("%s: %s needs a value", cmd, argv[i]);
		if (d->takes && !utf8_valid(argv[i + 1], strlen(argv[i + 1])))
			return opt_bad_utf8(d, argv[i + 1]);
		if (opt_store(t, cmd, o, d, d->takes ? argv[++i] : NULL) != 0)
			return EXIT_USAGE;
	}
	if ((t->json != 0) + (t->csv != 0) + (t->markdown != 0) +
	    (t->html != 0) > 1)
		return tool_error("%s: choose one of --json, --csv, --excel, "
		    "--markdown, --html", cmd);
	return 0;
}

static int ctx_pick_plan(struct tool *, struct ctx *);

/*
 * Loads the model folded with the plan asked for: --plan, else the
 * plan whose plan period holds the year of --period (a report on 2027
 * belongs to the plan of 2027, also after its successor came into
 * force), else the plan in force.
 */
static int
ctx_load(const struct tool *t, struct ctx *c)
{
	const uint8_t	*self = t->have_self ? t->self : NULL;
	int		 year;

	if (t->plan == NULL && t->period != NULL &&
	    (year = domain_period_year(t->period)) > 0)
		return plan_load_year(c->s, t->cfg, self, year, c->today,
		    &c->m);
	return plan_load_plan(c->s, t->cfg, self, t->plan, c->today, &c->m);
}

/*
 * Says on stderr when --period chose a plan other than the one in
 * force, so that nobody takes one for the other.
 */
static void
ctx_note_period(const struct tool *t, const struct ctx *c)
{
	struct plan_seq	q;

	if (t->plan != NULL || t->period == NULL)
		return;
	ctx_seq(c, &q);
	if (q.selected < 0 || q.in_force < 0 || q.selected == q.in_force)
		return;
	fprintf(stderr, _("samplan: period %s: plan %s, whose plan period "
	    "holds it (the plan in force is %s)\n"), t->period, q.plan,
	    q.versions[q.in_force].key);
}

int
ctx_open(struct tool *t, const char *region, struct ctx *c)
{
	const struct config	*cfg = t->cfg;
	size_t			 i;
	int			 rc;

	memset(c, 0, sizeof(*c));
	if (plan_today(c->today) != 0)
		return tool_error("SAMPLAN_TODAY: not a date (YYYY-MM-DD)");
	if (region != NULL && config_region_by_name(cfg, region) == NULL)
		return tool_error("region: «%s» is not a region of %s", region,
		    cfg->path);
	if (region == NULL) {
		for (i = 0; i < cfg->nregions && region == NULL; i++)
			if (config_is_coordinator(&cfg->regions[i], cfg->name) ||
			    config_is_member(&cfg->regions[i], cfg->name))
				region = cfg->regions[i].name;
		if (region == NULL)
			return tool_error("region: node %s belongs to no region "
			    "in %s", cfg->name, cfg->path);
	}
	if ((rc = tool_open_store(t, &c->s)) != 0)
		return rc;
	if ((rc = ctx_load(t, c)) != 0) {
		fprintf(stderr, _("samplan: reading the store: %s\n"),
		    sp_strerror(rc));
		ctx_close(c);
		return EXIT_FAIL;
	}
	c->g = plan_region(c->m, region);
	c->coord = config_is_coordinator(c->g->cfg, cfg->name);
	c->k = plan_member(c->g, cfg->name);
	if ((rc = ctx_pick_plan(t, c)) != 0) {
		ctx_close(c);
		return rc;
	}
	ctx_note_period(t, c);
	return 0;
}

/* The versions of a sequence as "2024-2027, 2028-2031", into buf. */
static const char *
version_list(const struct plan_seq *q, char *buf, size_t size)
{
	size_t	i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < q->nversions && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s",
		    i > 0 ? ", " : "", q->versions[i].key);
	return q->nversions > 0 ? buf : "ingen";
}

/* Whether some member's own sequence has the version --plan named. */
static int
member_selected(const struct ctx *c)
{
	size_t	i;

	for (i = 0; c->g->parallel && i < c->g->nmembers; i++)
		if (c->g->members[i].seq.selected >= 0)
			return 1;
	return 0;
}

/*
 * Checks that --plan names a version of the plan this node works on
 * (the region's, or in a region of parallel plans a kommune's own), and
 * sets what the writes of this command belong to: the chosen version,
 * or the one in force once the sequence has more than one.
 */
static int
ctx_pick_plan(struct tool *t, struct ctx *c)
{
	struct plan_seq	 q;
	char		 list[256];

	t->plan_stamp = NULL;
	t->plan_read_only = t->plan_discarded = 0;
	ctx_seq(c, &q);
	if (t->plan != NULL && q.selected < 0 && !(c->coord &&
	    member_selected(c)))
		return tool_error("plan: «%s»: %s has no such plan (plans: "
		    "%s)%s", t->plan, ctx_owner(c),
		    version_list(&q, list, sizeof(list)),
		    strcmp(t->plan, CYCLE_NEXT) == 0 ? "; samplan plan revise "
		    "--plan YYYY-YYYY makes the next one" : "");
	/* The coordinator may view the kommuner's plans, not write in them. */
	t->plan_read_only = t->plan != NULL && q.selected < 0;
	/* A discarded version is history: plan revise brings it back. */
	t->plan_discarded = t->plan != NULL && q.selected >= 0 &&
	    cycle_discarded(&q.versions[q.selected]);
	if ((t->plan != NULL || q.nversions > 1) && !t->plan_read_only &&
	    cycle_key_check(q.plan) == 0)
		t->plan_stamp = q.plan;
	return 0;
}

void
ctx_seq(const struct ctx *c, struct plan_seq *out)
{
	plan_seq_of(c->g, c->coord ? NULL : c->k, out);
}

const char *
ctx_owner(const struct ctx *c)
{
	if (c->g->parallel && !c->coord && c->k != NULL)
		return c->k->title;
	return c->g->cfg->name;
}

void
ctx_close(struct ctx *c)
{
	plan_destroy(&c->m);
	store_close(&c->s);
}

enum table_format
ctx_format(const struct tool *t)
{
	if (t->excel)
		return TABLE_EXCEL;
	if (t->csv)
		return TABLE_CSV;
	if (t->html)
		return TABLE_HTML;
	if (t->markdown)
		return TABLE_MARKDOWN;
	return TABLE_TEXT;
}

const char *
ctx_time(int64_t ms, char buf[24])
{
	time_t		secs = (time_t)(ms / 1000);
	struct tm	tm;

	gmtime_r(&secs, &tm);
	strftime(buf, 24, "%Y-%m-%dT%H:%MZ", &tm);
	return buf;
}

/*
 * The `plan` slot of a body, or NULL for bodies without one.  The slot
 * points into the caller's request.
 */
static char **
plan_slot(Samplan__PlanInfo *p, Samplan__Measure *m, Samplan__Adaptation *a,
    Samplan__StatusReport *r)
{
	if (p != NULL)
		return &p->plan;
	if (m != NULL)
		return &m->plan;
	if (a != NULL)
		return &a->plan;
	if (r != NULL)
		return &r->plan;
	return NULL;
}

/* The `plan` slot of a batch body (a oneof: only its own case). */
static char **
body_slot(Samplan__Body *b)
{
	switch (b->body_case) {
	case SAMPLAN__BODY__BODY_PLAN:
		return plan_slot(b->plan, NULL, NULL, NULL);
	case SAMPLAN__BODY__BODY_MEASURE:
		return plan_slot(NULL, b->measure, NULL, NULL);
	case SAMPLAN__BODY__BODY_ADAPTATION:
		return plan_slot(NULL, NULL, b->adaptation, NULL);
	case SAMPLAN__BODY__BODY_REPORT:
		return plan_slot(NULL, NULL, NULL, b->report);
	default:
		return NULL;
	}
}

/*
 * Points an empty `plan` field at the stamp for the time of the send
 * (saved in *old); unstamp puts the old pointer back, so that ownership
 * of the request's strings never changes.
 */
static char **
stamp(const struct tool *t, char **slot, char **old)
{
	if (slot == NULL || t->plan_stamp == NULL ||
	    (*slot != NULL && **slot != '\0'))
		return NULL;
	*old = *slot;
	/* Borrowed for the call only; restored before anyone frees. */
	*slot = (char *)(uintptr_t)t->plan_stamp;
	return slot;
}

static void
unstamp(char **slot, char *old)
{
	if (slot != NULL)
		*slot = old;
}

/* Refuses writes into a version this node may only read. */
static int
write_allowed(const struct tool *t, const char *what)
{
	if (t->plan_read_only)
		return tool_error("%s: plan: «%s» is no plan of %s's own to "
		    "write in (only the kommuner have it)", what, t->plan,
		    t->cfg->name);
	if (t->plan_discarded)
		return tool_error("%s: plan: «%s» is discarded (forkastet); "
		    "samplan plan revise --plan %s brings it back", what,
		    t->plan, t->plan);
	return 0;
}

/*
 * The exit status of a write the node refused: 2 when what was asked
 * cannot be written (bad input, not ours to write, not there), 1 when
 * the node could not write it now (disk or map full, our own feed
 * blocked or behind, over quota, an I/O error): samplan(1), EXIT STATUS.
 */
static int
refused_exit(int32_t code)
{
	switch (code) {
	case SP_EINVAL:
	case SP_EUTF8:
	case SP_ETOOBIG:
	case SP_EMALFORMED:
	case SP_EFIELDS:
	case SP_EFORBIDDEN:
	case SP_ENOTFOUND:
	case SP_EEXIST:
	case SP_EREVOKED:
	case SP_ECONFIG:
		return EXIT_USAGE;
	default:
		return EXIT_FAIL;
	}
}

int
tool_send(struct tool *t, const Samplan__ControlRequest *req,
    const char *what, int quiet)
{
	Samplan__ControlRequest	 named = *req;
	Samplan__ControlReply	*reply;
	char			**slot, *old = NULL;
	char			  buf[1024];
	int			 rc;

	if ((rc = write_allowed(t, what)) != 0)
		return rc;
	/* The node adds the OS user; --av names the person, when given. */
	if (t->av != NULL)
		named.av = (char *)(uintptr_t)t->av;
	slot = stamp(t, plan_slot(req->kind_case ==
	    SAMPLAN__CONTROL_REQUEST__KIND_PLAN ? req->plan : NULL,
	    req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_MEASURE ?
	    req->measure : NULL,
	    req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_ADAPTATION ?
	    req->adaptation : NULL,
	    req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_REPORT ?
	    req->report : NULL), &old);
	rc = ctl_call(t, &named, &reply);
	unstamp(slot, old);
	if (rc != 0)
		return rc;
	if (reply->code != 0) {
		fprintf(stderr, "samplan: %s: %s\n", what,
		    tool_translate(reply->error, buf, sizeof(buf)));
		rc = refused_exit(reply->code);
	} else if (!quiet)
		printf(_("%s: recorded as %s#%llu\n"), what, t->cfg->name,
		    (unsigned long long)reply->seq);
	wire_free((ProtobufCMessage **)&reply);
	return rc;
}

int
tool_send_batch(struct tool *t, Samplan__ControlRequest *const *reqs,
    size_t n, const char *what)
{
	Samplan__ControlRequest	  req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__WriteBatch	  b = SAMPLAN__WRITE_BATCH__INIT;
	Samplan__Body		 *bodies, **ptrs;
	char			***slots, **olds;
	size_t			  i;
	int			  rc;

	if (n == 0)
		return 0;
	if ((rc = write_allowed(t, what)) != 0)
		return rc;
	bodies = calloc(n, sizeof(*bodies));
	ptrs = calloc(n, sizeof(*ptrs));
	slots = calloc(n, sizeof(*slots));
	olds = calloc(n, sizeof(*olds));
	if (bodies == NULL || ptrs == NULL || slots == NULL || olds == NULL) {
		free(bodies);
		free(ptrs);
		free(slots);
		free(olds);
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		samplan__body__init(&bodies[i]);
		switch (reqs[i]->kind_case) {
		case SAMPLAN__CONTROL_REQUEST__KIND_PLAN:
			bodies[i].body_case = SAMPLAN__BODY__BODY_PLAN;
			bodies[i].plan = reqs[i]->plan;
			break;
		case SAMPLAN__CONTROL_REQUEST__KIND_MEASURE:
			bodies[i].body_case = SAMPLAN__BODY__BODY_MEASURE;
			bodies[i].measure = reqs[i]->measure;
			break;
		case SAMPLAN__CONTROL_REQUEST__KIND_ADAPTATION:
			bodies[i].body_case = SAMPLAN__BODY__BODY_ADAPTATION;
			bodies[i].adaptation = reqs[i]->adaptation;
			break;
		case SAMPLAN__CONTROL_REQUEST__KIND_REPORT:
			bodies[i].body_case = SAMPLAN__BODY__BODY_REPORT;
			bodies[i].report = reqs[i]->report;
			break;
		default:
			break;
		}
		ptrs[i] = &bodies[i];
		slots[i] = stamp(t, body_slot(&bodies[i]), &olds[i]);
	}
	b.n_bodies = n;
	b.bodies = ptrs;
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_BATCH;
	req.batch = &b;
	rc = tool_send(t, &req, what, 1);
	for (i = 0; i < n; i++)
		unstamp(slots[i], olds[i]);
	free(bodies);
	free(ptrs);
	free(slots);
	free(olds);
	return rc;
}

int
ctx_check_area(const struct ctx *c, const char *area, const char *where)
{
	char	**names;
	size_t	  n, i, len = 0;
	char	 *list;

	n = plan_areas(c->g, c->coord ? NULL : c->k, &names);
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], area) == 0)
			return 0;
		len += strlen(names[i]) + 4;
	}
	if ((list = calloc(1, len + 1)) == NULL)
		return EXIT_FAIL;
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(list, "; ");
		strcat(list, names[i]);
	}
	fprintf(stderr, _("samplan: %s%sinnsatsomrade: «%s» is not one of "
	    "the plan's innsatsområder (%s)\n"), where ? where : "",
	    where ? ": " : "", area, list);
	free(list);
	return EXIT_USAGE;
}

int
ctx_check_period(const struct tool *t, const struct ctx *c,
    const struct plan_node *k)
{
	struct decide_error	err;

	/* --plan is a choice made knowingly: any period of any version. */
	if (t->period == NULL || t->plan != NULL)
		return 0;
	/* The rule of `report`: no view asks for reports it would refuse. */
	if (decide_period(c->g, k, t->period, c->today, &err) != 0)
		return ctx_error(NULL, err.field, "%s", err.msg);
	return 0;
}

int
ctx_check_new_id(const struct ctx *c, const char *id, const char *where)
{
	const struct plan_measure	*pm;
	const struct plan_node		*k;

	pm = decide_id_taken(c->g, c->coord ? NULL : c->k, id, &k);
	if (pm == NULL)
		return 0;
	if (k == NULL)
		return ctx_error(where, "id", "«%s» is taken: %s is a regional "
		    "measure of %s, and ids that differ only in case name the "
		    "same measure", id, pm->id, c->g->cfg->name);
	return ctx_error(where, "id", "«%s» is taken: %s is a local measure "
	    "of %s, and ids that differ only in case name the same measure",
	    id, pm->id, k->title);
}

/* Reads a whole file into a NUL-terminated buffer. */
static int
slurp(const char *path, char **text, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, r;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "samplan: %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = (cap + 4096) * 2);

			if (nb == NULL) {
				free(buf);
				fclose(f);
				return EXIT_FAIL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, 4096, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		fprintf(stderr, "samplan: %s: %s\n", path, strerror(errno));
		free(buf);
		fclose(f);
		return EXIT_USAGE;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int
tool_read_csv(const char *path, char **text, size_t *len)
{
	char	*raw;
	size_t	 n;
	int	 rc, converted;

	if ((rc = slurp(path, &raw, &n)) != 0)
		return rc;
	rc = csv_to_utf8(raw, n, text, len, &converted);
	free(raw);
	if (rc == SP_ENOMEM)
		return EXIT_FAIL;
	if (rc != 0)
		return tool_error("%s: neither UTF-8 nor Windows-1252 text; "
		    "save it from Excel as \"CSV UTF-8\"", path);
	if (converted)
		fprintf(stderr, _("samplan: %s: read as Windows-1252 (Excel's "
		    "\"CSV\") and converted to UTF-8\n"), path);
	return 0;
}

int
ctx_error(const char *where, const char *field, const char *fmt, ...)
{
	va_list	ap;

	fputs("samplan: ", stderr);
	if (where != NULL)
		fprintf(stderr, "%s: ", where);
	fprintf(stderr, "%s: ", field);
	va_start(ap, fmt);
	/* Collected by xgettext as a keyword, like tool_error(). */
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}
