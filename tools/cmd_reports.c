/*
 * cmd_reports.c - `samplan import-reports FILE.csv`: a year of status
 * reports in one file, written in one transaction or not at all.
 *
 * Columns (by name, any order; comma or semicolon, BOM, CRLF, and
 * Excel's Windows-1252 all read): tiltak, periode, status, and the
 * optional merknad, verdi and kommune.  Status and dates are taken in
 * the users' words (decide_report()).  With a kommune column only this
 * node's rows are written; the others are counted, and a name that is
 * no kommune of the region (nor the coordination group, "Regionen")
 * refuses the file.  Without --plan each row is checked against, and
 * written into, the plan whose plan period holds its period's year
 * (cycle_for_year), as `report --period` is.  Every bad row is named
 * by its line before anything is sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "cycle.h"
#include "decide.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "utf8.h"
#include "wire.h"

enum rep_col { RC_TILTAK, RC_PERIODE, RC_STATUS, RC_MERKNAD, RC_VERDI,
    RC_KOMMUNE, RC_N };

static const char *const rep_names[RC_N] = {
	"tiltak", "periode", "status", "merknad", "verdi", "kommune"
};

/* The model folded with the plan of one reporting year (see rep_plan). */
struct rep_year {
	int			 year;
	struct plan_model	*m;
};

struct rep_read {
	struct tool		*t;
	struct ctx		*c;
	struct rep_year		*years;		/* models of other plans */
	size_t			 nyears;
	const char		*file;
	int			 col[RC_N];	/* file column, or -1 */
	Samplan__ControlRequest	**reqs;		/* the checked writes */
	size_t			*lines;		/* line of each write */
	size_t			 nreqs;
	size_t			 errors;
	size_t			 skipped;	/* rows of other nodes */
};

/* Is label the coordination group of g (by name, title or "Regionen")? */
static int
is_coordinator(const struct plan_region *g, const char *label)
{
	return strcmp(label, g->coord.name) == 0 ||
	    strcmp(label, g->coord.title) == 0 ||
	    strcmp(label, "Regionen") == 0 || strcmp(label, "regionen") == 0;
}

static int
rep_header(struct rep_read *d, const struct csv_record *rec)
{
	size_t	i, j;

	for (j = 0; j < RC_N; j++) {
		d->col[j] = -1;
		for (i = 0; i < rec->n; i++)
			if (strcmp(rec->cell[i], rep_names[j]) == 0)
				d->col[j] = (int)i;
		if (d->col[j] < 0 && j <= RC_STATUS) {
			fprintf(stderr, _("samplan: %s:%zu: missing column %s "
			    "(the columns are tiltak, periode, status, and "
			    "optionally merknad, verdi, kommune)\n"), d->file,
			    rec->line, rep_names[j]);
			d->errors++;
		}
	}
	for (i = 0; i < rec->n; i++) {
		for (j = 0; j < RC_N; j++)
			if (d->col[j] == (int)i)
				break;
		if (j == RC_N) {
			fprintf(stderr, _("samplan: %s:%zu: unknown column "
			    "«%s» (tiltak, periode, status, merknad, verdi, "
			    "kommune)\n"), d->file, rec->line, rec->cell[i]);
			d->errors++;
		}
	}
	return d->errors ? SP_EINVAL : 0;
}

/* The cell of column j, "" when the file has no such column. */
static const char *
cell(const struct rep_read *d, const struct csv_record *rec, int j)
{
	return d->col[j] >= 0 ? rec->cell[d->col[j]] : "";
}

/* Refuses a second report on the same measure and period in the file. */
static int
rep_duplicate(struct rep_read *d, const Samplan__StatusReport *r,
    const char *where)
{
	size_t	i;

	for (i = 0; i < d->nreqs; i++) {
		const Samplan__StatusReport *o = d->reqs[i]->report;

		if (strcmp(o->measure, r->measure) == 0 &&
		    strcmp(o->period, r->period) == 0) {
			d->errors++;
			return ctx_error(where, "tiltak", "%s %s is reported "
			    "twice (first on line %zu)", r->measure,
			    r->period, d->lines[i]);
		}
	}
	return 0;
}

static int
rep_push(struct rep_read *d, Samplan__StatusReport *r, size_t line)
{
	Samplan__ControlRequest	**v, *req;
	size_t			 *l;

	if ((req = calloc(1, sizeof(*req))) == NULL)
		return SP_ENOMEM;
	samplan__control_request__init(req);
	req->kind_case = SAMPLAN__CONTROL_REQUEST__KIND_REPORT;
	req->report = r;
	if ((v = realloc(d->reqs, (d->nreqs + 1) * sizeof(*v))) == NULL ||
	    (d->reqs = v, (l = realloc(d->lines, (d->nreqs + 1) *
	    sizeof(*l))) == NULL)) {
		free(req);
		return SP_ENOMEM;
	}
	d->lines = l;
	v[d->nreqs] = req;
	l[d->nreqs++] = line;
	return 0;
}

/* The model folded with the plan of year, loaded once per year. */
static int
rep_year_model(struct rep_read *d, int year, struct plan_model **out)
{
	const struct tool	*t = d->t;
	struct rep_year		*v;
	size_t			 i;
	int			 rc;

	for (i = 0; i < d->nyears; i++)
		if (d->years[i].year == year) {
			*out = d->years[i].m;
			return 0;
		}
	if ((v = realloc(d->years, (d->nyears + 1) * sizeof(*v))) == NULL)
		return SP_ENOMEM;
	d->years = v;
	if ((rc = plan_load_year(d->c->s, t->cfg, t->have_self ? t->self :
	    NULL, year, d->c->today, out)) != 0)
		return rc;
	v[d->nyears].year = year;
	v[d->nyears++].m = *out;
	return 0;
}

/*
 * The region and node a row of period is checked against: without
 * --plan, a row belongs to the plan whose plan period holds its year
 * (as `report --period` does), which may not be the plan of the
 * import; *key is then that plan's key, else NULL.
 */
static int
rep_plan(struct rep_read *d, const char *period,
    const struct plan_region **g, const struct plan_node **k,
    const char **key)
{
	struct plan_model	*m;
	struct plan_region	*g2;
	struct plan_seq		 q, q2;
	long			 i;
	int			 year, rc;

	*g = d->c->g;
	*k = d->c->k;
	*key = NULL;
	if (d->t->plan != NULL || (year = domain_period_year(period)) < 0)
		return 0;
	ctx_seq(d->c, &q);
	i = cycle_for_year(q.versions, q.nversions, year);
	if (i < 0 || i == q.selected)
		return 0;
	if ((rc = rep_year_model(d, year, &m)) != 0)
		return rc;
	if ((g2 = plan_region(m, d->c->g->cfg->name)) == NULL)
		return SP_ENOTFOUND;
	*g = g2;
	*k = d->c->k != NULL ? plan_member(g2, d->c->k->name) : NULL;
	plan_seq_of(g2, d->c->coord ? NULL : *k, &q2);
	if (q2.selected >= 0 && q2.selected != q.selected)
		*key = q2.plan;
	return 0;
}

/* Sets r's plan key to key.  0 or SP_ENOMEM. */
static int
rep_stamp(Samplan__StatusReport *r, const char *key)
{
	char	*dup;

	if ((dup = strdup(key)) == NULL)
		return SP_ENOMEM;
	if (r->plan != protobuf_c_empty_string)
		free(r->plan);
	r->plan = dup;
	return 0;
}

static int
rep_row(const struct csv_record *rec, void *arg)
{
	struct rep_read			*d = arg;
	const struct plan_node		*k = NULL, *rk;
	const struct plan_region	*rg;
	Samplan__StatusReport		*r;
	struct report_input		 in;
	struct decide_error		 err;
	char				 where[300], period[8];
	const char			*kommune, *key;
	size_t				 j;
	int				 rc, coord = 0;

	if (rec->index == 0)
		return rep_header(d, rec);
	for (j = 0; j < rec->n && rec->len[j] == 0; j++)
		;
	if (j == rec->n)
		return 0;	/* a blank row, as spreadsheets write them */
	snprintf(where, sizeof(where), "%s:%zu", d->file, rec->line);
	for (j = 0; j < RC_N; j++) {
		if (d->col[j] < 0)
			continue;
		if ((size_t)d->col[j] >= rec->n) {
			d->errors++;
			ctx_error(where, rep_names[j], "missing cell");
			return 0;
		}
		if (!utf8_valid(rec->cell[d->col[j]], rec->len[d->col[j]])) {
			d->errors++;
			ctx_error(where, rep_names[j], "not valid UTF-8");
			return 0;
		}
	}
	kommune = cell(d, rec, RC_KOMMUNE);
	if (*kommune != '\0') {
		if (is_coordinator(d->c->g, kommune))
			coord = 1;
		else if ((k = plan_member_by_label(d->c->g, kommune)) ==
		    NULL) {
			d->errors++;
			ctx_error(where, "kommune", "«%s» is no kommune of %s",
			    kommune, d->c->g->cfg->name);
			return 0;
		}
		if ((coord && !d->c->coord) || (!coord && k != d->c->k)) {
			d->skipped++;
			return 0;
		}
	}
	memset(&in, 0, sizeof(in));
	in.measure = cell(d, rec, RC_TILTAK);
	in.period = domain_period_fold(cell(d, rec, RC_PERIODE), period);
	in.status = cell(d, rec, RC_STATUS);
	in.note = cell(d, rec, RC_MERKNAD);
	in.verdi = cell(d, rec, RC_VERDI);
	if ((rc = rep_plan(d, in.period, &rg, &rk, &key)) != 0)
		return rc;
	rc = decide_report(rg, rk, d->c->coord, &in, d->c->today, &r, &err);
	if (rc == SP_EINVAL) {
		d->errors++;
		ctx_error(where, strcmp(err.field, "measure") == 0 ? "tiltak" :
		    strcmp(err.field, "period") == 0 ? "periode" : err.field,
		    "%s", err.msg);
		return 0;
	}
	if (rc != 0)
		return rc;
	if (rep_duplicate(d, r, where) != 0) {
		wire_free((ProtobufCMessage **)&r);
		return 0;
	}
	/* Stamped with its own plan, not the import's (planctx.c). */
	if (key != NULL && (rc = rep_stamp(r, key)) != 0) {
		wire_free((ProtobufCMessage **)&r);
		return rc;
	}
	if ((rc = rep_push(d, r, rec->line)) != 0)
		wire_free((ProtobufCMessage **)&r);
	return rc;
}

int
cmd_import_reports(struct tool *t, int argc, char **argv)
{
	struct rep_read		 d;
	struct opts		 o;
	struct ctx		 c;
	char			*text = NULL, what[300];
	const char		*why = NULL;
	size_t			 len = 0, i, errline = 0;
	int			 rc;

	if ((rc = opts_parse(t, "import-reports", argc, argv, OPT_REGION, 1,
	    &o)) != 0)
		return rc;
	if (o.npos != 1)
		return tool_error("usage: samplan import-reports FILE.csv");
	if ((rc = tool_read_csv(o.pos[0], &text, &len)) != 0)
		return rc;
	if ((rc = ctx_open(t, o.region, &c)) != 0) {
		free(text);
		return rc;
	}
	memset(&d, 0, sizeof(d));
	d.t = t;
	d.c = &c;
	d.file = o.pos[0];
	if (c.k == NULL && !c.coord)
		rc = tool_error("import-reports: node %s is not part of %s",
		    t->cfg->name, c.g->cfg->name);
	else if ((rc = csv_read_rows(text, len, csv_detect_delim(text, len,
	    rep_names, RC_N), rep_row, &d, &errline, &why)) != 0 &&
	    why != NULL)
		rc = ctx_error(d.file, "csv", "line %zu: %s", errline, why);
	else if (rc != 0 || d.errors > 0)
		rc = tool_error("import-reports: %s: nothing written", d.file);
	/* One transaction: the node writes every row or none. */
	if (rc == 0) {
		snprintf(what, sizeof(what), "import-reports %s", d.file);
		rc = tool_send_batch(t, d.reqs, d.nreqs, what);
	}
	if (rc == 0)
		printf(_("import-reports %s: %zu written for %s, %zu rows of "
		    "other kommuner\n"), d.file, d.nreqs, t->cfg->name,
		    d.skipped);
	for (i = 0; i < d.nreqs; i++)
		wire_free((ProtobufCMessage **)&d.reqs[i]);
	for (i = 0; i < d.nyears; i++)
		plan_destroy(&d.years[i].m);
	free(d.years);
	free(d.reqs);
	free(d.lines);
	free(text);
	ctx_close(&c);
	return rc;
}
