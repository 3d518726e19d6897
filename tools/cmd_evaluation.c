/*
 * cmd_evaluation.c - `samplan evaluation set` (a node's evaluation of
 * one innsatsområde or one measure of a plan version: nådd, delvis nådd,
 * ikke nådd; what was done and why; the date) and `samplan evaluation
 * show` (the evaluation report of a plan: the share of measures carried
 * out per innsatsområde and per kommune over the whole period, each
 * node's evaluations, and indicator values against their targets).
 * The report reads the store only; set writes through the node.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycle.h"
#include "doc.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "region.h"
#include "wire.h"

#define EVAL_FIELDS	"resultat, gjort, hvorfor, dato, innsatsomrade"

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

/* ---- evaluation set ---- */

/* Fills e from --set; strings borrowed from argv or the parsers. */
static int
eval_fields(const struct opts *o, Samplan__Evaluation *e, char date[11])
{
	const char	*f, *v;
	size_t		 i;

	for (i = 0; i < o->nset; i++) {
		f = o->set[i].field;
		v = o->set[i].value;
		if (strcmp(f, "resultat") == 0) {
			if ((e->resultat = (char *)(uintptr_t)
			    cycle_resultat_parse(v)) == NULL)
				return ctx_error("evaluation", f, "«%s» is not a "
				    "result (nådd, delvis nådd, ikke nådd)", v);
		} else if (strcmp(f, "gjort") == 0)
			e->gjort = (char *)(uintptr_t)v;
		else if (strcmp(f, "hvorfor") == 0)
			e->hvorfor = (char *)(uintptr_t)v;
		else if (strcmp(f, "innsatsomrade") == 0)
			e->innsatsomrade = (char *)(uintptr_t)v;
		else if (strcmp(f, "dato") == 0) {
			const char *why;

			if (domain_date_input(v, date, &why) != 0)
				return ctx_error("evaluation", f, "«%s» %s", v,
				    _(why));
			e->dato = date;
		} else
			return ctx_error("evaluation", f, "unknown field ("
			    EVAL_FIELDS ")");
	}
	return 0;
}

/* The measure or innsatsområde evaluated must be of the plan. */
static int
eval_target(const struct ctx *c, const Samplan__Evaluation *e)
{
	struct plan_seq	q;

	if (*nz(e->measure) != '\0' && *nz(e->innsatsomrade) != '\0')
		return ctx_error("evaluation", "innsatsomrade", "evaluate "
		    "either the measure %s or an innsatsområde, not both",
		    e->measure);
	if (*nz(e->measure) == '\0' && *nz(e->innsatsomrade) == '\0')
		return ctx_error("evaluation", "innsatsomrade", "name a "
		    "measure (evaluation set ID ...) or --set "
		    "innsatsomrade=NAME");
	if (*nz(e->measure) != '\0' && plan_regional(c->g, e->measure) ==
	    NULL && (c->k == NULL || plan_local(c->k, e->measure) == NULL)) {
		ctx_seq(c, &q);
		return ctx_error("evaluation", "measure", "«%s» is no measure "
		    "of the plan %s", e->measure, q.plan);
	}
	if (*nz(e->innsatsomrade) != '\0')
		return ctx_check_area(c, e->innsatsomrade, "evaluation");
	return 0;
}

static int
eval_set(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__WriteBatch	 b = SAMPLAN__WRITE_BATCH__INIT;
	Samplan__Body		 body = SAMPLAN__BODY__INIT, *bp = &body;
	Samplan__Evaluation	 e = SAMPLAN__EVALUATION__INIT;
	struct opts		 o;
	struct ctx		 c;
	struct plan_seq		 q;
	const char		*field, *why;
	char			 date[11];
	int			 rc;

	if ((rc = opts_parse(t, "evaluation set", argc, argv, OPT_SET |
	    OPT_REGION, 1, &o)) != 0)
		return rc;
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if (o.npos == 1)
		e.measure = (char *)(uintptr_t)o.pos[0];
	if ((rc = eval_fields(&o, &e, date)) != 0 ||
	    (rc = eval_target(&c, &e)) != 0)
		goto out;
	ctx_seq(&c, &q);
	if (cycle_key_check(q.plan) != 0) {
		rc = ctx_error("evaluation", "plan", "the plan has no period "
		    "to evaluate (plan set --set periode=2024-2027)");
		goto out;
	}
	e.region = (char *)(uintptr_t)c.g->cfg->name;
	e.plan = (char *)(uintptr_t)q.plan;
	if (*nz(e.dato) == '\0')
		e.dato = c.today;
	if (*nz(e.resultat) == '\0') {
		rc = ctx_error("evaluation", "resultat", "required (--set "
		    "resultat=nådd, delvis nådd or ikke nådd)");
		goto out;
	}
	if (cycle_check_evaluation(&e, &field, &why) != 0) {
		rc = ctx_error("evaluation", field, "%s", why);
		goto out;
	}
	body.body_case = SAMPLAN__BODY__BODY_EVALUATION;
	body.evaluation = &e;
	b.n_bodies = 1;
	b.bodies = &bp;
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_BATCH;
	req.batch = &b;
	rc = tool_send(t, &req, "evaluation", 0);
out:
	ctx_close(&c);
	return rc;
}

/* ---- evaluation show: counting ---- */

/* Carried out: the latest report says gjennomført or løpende. */
static int
carried_out(const struct plan_report *r)
{
	return r != NULL && (strcmp(r->r->status, "gjennomfort") == 0 ||
	    strcmp(r->r->status, "lopende") == 0);
}

static int
run_by_region(const Samplan__Measure *m)
{
	return strcmp(nz(m->gjennomfores_av), "region") == 0;
}

/*
 * Measures of area (NULL: all) that kommune k took into its plan
 * (adopted, adapted, or its own), and how many were carried out.
 */
static void
count_kommune(const struct plan_region *g, const struct plan_node *k,
    const char *area, size_t *n, size_t *done)
{
	struct plan_cell	cell;
	size_t			i;

	for (i = 0; i < g->nmeasures; i++) {
		const struct plan_measure *rm = &g->measures[i];

		if (rm->m->retired || run_by_region(rm->m) ||
		    (area && strcmp(rm->m->innsatsomrade, area) != 0))
			continue;
		plan_cell(g, k, rm, &cell);
		if (cell.choice != PLAN_ADOPT && cell.choice != PLAN_ADAPT)
			continue;
		(*n)++;
		*done += carried_out(plan_status(k, 1, rm->id, NULL));
	}
	for (i = 0; i < k->nlocal; i++) {
		const struct plan_measure *lm = &k->local[i];

		if (lm->m->retired ||
		    (area && strcmp(lm->m->innsatsomrade, area) != 0))
			continue;
		(*n)++;
		*done += carried_out(plan_status(k, 0, lm->id, NULL));
	}
}

/* The measures the region runs itself. */
static void
count_region(const struct plan_region *g, const char *area, size_t *n,
    size_t *done)
{
	size_t	i;

	for (i = 0; i < g->nmeasures; i++) {
		const struct plan_measure *rm = &g->measures[i];

		if (rm->m->retired || !run_by_region(rm->m) ||
		    (area && strcmp(rm->m->innsatsomrade, area) != 0))
			continue;
		(*n)++;
		*done += carried_out(plan_status(&g->coord, 1, rm->id, NULL));
	}
}

/* "2 av 3 (67 %)" or "-". */
static const char *
share_text(size_t n, size_t done, char *buf, size_t size)
{
	if (n == 0)
		return "-";
	snprintf(buf, size, "%zu av %zu (%zu %%)", done, n,
	    (done * 100 + n / 2) / n);
	return buf;
}

/* The plan's innsatsområder: its list, else those its measures name. */
static size_t
areas_of(const struct plan_region *g, const char ***out)
{
	const Samplan__PlanInfo	*p = g->coord.info;
	const char		**v;
	size_t			  n = 0, i, j;

	*out = NULL;
	if ((v = calloc(g->nmeasures + (p ? p->n_innsatsomrader : 0) + 1,
	    sizeof(*v))) == NULL)
		return 0;
	for (i = 0; p != NULL && i < p->n_innsatsomrader; i++)
		v[n++] = p->innsatsomrader[i];
	for (i = 0; i < g->nmeasures; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(v[j], g->measures[i].m->innsatsomrade) == 0)
				break;
		if (j == n)
			v[n++] = g->measures[i].m->innsatsomrade;
	}
	*out = v;
	return n;
}

/* The latest measured value k reported on a measure, or NULL. */
static const char *
latest_verdi(const struct plan_node *k, int regional, const char *id)
{
	const char	*v = NULL;
	size_t		 i;

	/* Reports are sorted by measure, then period: the last one wins. */
	for (i = 0; i < k->nreports; i++)
		if (k->reports[i].regional == regional &&
		    !k->reports[i].r->withdrawn &&
		    strcmp(k->reports[i].r->measure, id) == 0 &&
		    *nz(k->reports[i].r->verdi) != '\0')
			v = k->reports[i].r->verdi;
	return v;
}

/* ---- evaluation show: the report for people ---- */

/* A stored decimal as Norwegians write it: 76.9 -> 76,9. */
static void
comma(char *num)
{
	char	*dot;

	if ((dot = strchr(num, '.')) != NULL)
		*dot = ',';
}

/*
 * Column heads for the kommuner: their titles without " kommune"
 * (region_short), written to head[0..nmembers).  Returns the copies to
 * give to heads_free(), or NULL when out of memory.
 */
static char **
kommune_heads(const struct plan_region *g, const char **head)
{
	char	**shorts, s[256];
	size_t	  j;

	if ((shorts = calloc(g->nmembers + 1, sizeof(*shorts))) == NULL)
		return NULL;
	for (j = 0; j < g->nmembers; j++) {
		shorts[j] = strdup(region_short(&g->members[j], s,
		    sizeof(s)));
		head[j] = shorts[j] != NULL ? shorts[j] :
		    g->members[j].title;
	}
	return shorts;
}

static void
heads_free(char **shorts, size_t n)
{
	size_t	j;

	for (j = 0; shorts != NULL && j < n; j++)
		free(shorts[j]);
	free(shorts);
}

static void
share_table(struct tool *t, const struct plan_region *g,
    const char **areas, size_t nareas)
{
	const char	**head;
	char		**cells, **shorts = NULL, buf[48];
	struct table	*tb;
	size_t		  a, j, n, done, tn, tdone, nm = g->nmembers;

	head = calloc(nm + 3, sizeof(*head));
	cells = calloc(nm + 3, sizeof(*cells));
	if (head == NULL || cells == NULL ||
	    (shorts = kommune_heads(g, head + 1)) == NULL)
		goto out;
	head[0] = "Innsatsområde";
	head[nm + 1] = "Regionen selv";
	head[nm + 2] = "Alle";
	tb = table_new(nm + 3, head);
	tb->keep = 1;
	for (a = 0; a <= nareas; a++) {
		const char *area = a < nareas ? areas[a] : NULL;

		cells[0] = strdup(area ? area : "Hele planen");
		tn = tdone = 0;
		for (j = 0; j <= nm; j++) {
			n = done = 0;
			if (j < nm)
				count_kommune(g, &g->members[j], area, &n,
				    &done);
			else
				count_region(g, area, &n, &done);
			tn += n;
			tdone += done;
			cells[j + 1] = strdup(share_text(n, done, buf,
			    sizeof(buf)));
		}
		cells[nm + 2] = strdup(share_text(tn, tdone, buf,
		    sizeof(buf)));
		table_add(tb, (const char *const *)cells);
		for (j = 0; j < nm + 3; j++) {
			free(cells[j]);
			cells[j] = NULL;
		}
	}
	doc_table(t, tb);
	table_destroy(&tb);
	heads_free(shorts, nm);
out:
	free(head);
	free(cells);
}

/* The nodes of g in report order: the coordinator, then the members. */
static const struct plan_node *
node_at(const struct plan_region *g, size_t i)
{
	return i == 0 ? &g->coord : &g->members[i - 1];
}

static void
evals_table(struct tool *t, const struct plan_region *g, int measures)
{
	static const char *ahead[] = { "Innsatsområde", "Hvem", "Resultat",
	    "Hva ble gjort", "Hvorfor", "Dato" };
	static const char *mhead[] = { "Tiltak", "Hvem", "Resultat",
	    "Hva ble gjort", "Hvorfor", "Dato" };
	struct table	*tb = table_new(6, measures ? mhead : ahead);
	char		 d[11];
	size_t		 i, j, rows = 0;

	for (i = 0; i <= g->nmembers; i++) {
		const struct plan_node *k = node_at(g, i);

		for (j = 0; j < k->nevals; j++) {
			const Samplan__Evaluation *e = k->evals[j].e;
			const char *row[] = { measures ? e->measure :
			    e->innsatsomrade, k->title,
			    cycle_resultat_label(e->resultat),
			    *nz(e->gjort) ? e->gjort : "-",
			    *nz(e->hvorfor) ? e->hvorfor : "-",
			    domain_date_human(e->dato, d) };

			if ((*nz(e->measure) != '\0') != measures)
				continue;
			table_add(tb, row);
			rows++;
		}
	}
	if (rows > 0)
		doc_table(t, tb);
	else
		doc_para(t, "Ingen evaluering ennå.");
	table_destroy(&tb);
}

static void
indicator_table(struct tool *t, const struct plan_region *g)
{
	const char	**head;
	const char	**row;
	struct table	*tb;
	char		  num[32], target[32];
	size_t		  i, j, nm = g->nmembers, rows = 0;
	char		**vals, **shorts = NULL;

	head = calloc(nm + 3, sizeof(*head));
	row = calloc(nm + 3, sizeof(*row));
	vals = calloc(nm + 1, sizeof(*vals));
	if (head == NULL || row == NULL || vals == NULL ||
	    (shorts = kommune_heads(g, head + 3)) == NULL)
		goto out;
	head[0] = "Tiltak";
	head[1] = "Indikator";
	head[2] = "Målverdi";
	tb = table_new(nm + 3, head);
	tb->max[1] = TITLE_WIDTH;
	tb->keep = 3;
	for (i = 0; i < g->nmeasures; i++) {
		const Samplan__Measure *m = g->measures[i].m;

		if (*nz(m->malverdi) == '\0')
			continue;
		row[0] = m->id;
		row[1] = *nz(m->indikator) ? m->indikator : "-";
		snprintf(target, sizeof(target), "%s", m->malverdi);
		comma(target);
		row[2] = target;
		for (j = 0; j < nm; j++) {
			const char *v = latest_verdi(&g->members[j], 1, m->id);

			snprintf(num, sizeof(num), "%s", v ? v : "-");
			comma(num);
			free(vals[j]);
			vals[j] = strdup(num);
			row[j + 3] = vals[j] ? vals[j] : "-";
		}
		table_add(tb, row);
		rows++;
	}
	if (rows > 0)
		doc_table(t, tb);
	else
		doc_para(t, "Ingen tiltak i planen har en målverdi.");
	table_destroy(&tb);
	for (j = 0; j < nm; j++)
		free(vals[j]);
out:
	heads_free(shorts, nm);
	free(vals);
	free(head);
	free(row);
}

static void
show_doc(struct tool *t, const struct ctx *c)
{
	const struct plan_region	*g = c->g;
	const Samplan__PlanInfo		*p = g->coord.info;
	const char			**areas;
	struct plan_seq			  q;
	size_t				  nareas;
	char				  d[11], *title;

	/* In a region of parallel plans a kommune evaluates its own. */
	ctx_seq(c, &q);
	if (g->parallel && !c->coord && c->k != NULL && c->k->info != NULL)
		p = c->k->info;
	if (asprintf(&title, "Evaluering av %s %s", p && *nz(p->tittel) ?
	    p->tittel : "handlingsplanen", q.plan) < 0)
		return;
	doc_begin(t, title);
	free(title);
	doc_para(t, "%s · plan %s · per %s", g->cfg->title ? g->cfg->title :
	    g->cfg->name, q.plan, domain_date_human(c->today, d));
	nareas = areas_of(g, &areas);
	doc_heading(t, "Gjennomført i planperioden");
	doc_para(t, "Andelen tiltak som er gjennomført eller løpende etter "
	    "siste rapport, av tiltakene hver kommune har tatt inn i planen "
	    "(vedtatt, tilpasset eller egne; avslåtte og avsluttede er ikke "
	    "med).");
	share_table(t, g, areas, nareas);
	doc_heading(t, "Måloppnåelse per innsatsområde");
	evals_table(t, g, 0);
	doc_heading(t, "Evaluering av tiltak");
	evals_table(t, g, 1);
	doc_heading(t, "Indikatorer mot målverdi (siste rapporterte verdi)");
	indicator_table(t, g);
	doc_end(t);
	free(areas);
}

/* ---- evaluation show: JSON ---- */

static json_t *
share_json(const struct plan_region *g, const char *area)
{
	json_t	*ks = json_array();
	size_t	 j, n, done;

	for (j = 0; j <= g->nmembers; j++) {
		n = done = 0;
		if (j < g->nmembers)
			count_kommune(g, &g->members[j], area, &n, &done);
		else
			count_region(g, area, &n, &done);
		json_array_append_new(ks, json_pack("{s:s, s:I, s:I}",
		    "kommune", j < g->nmembers ? g->members[j].name :
		    g->coord.name, "tiltak", (json_int_t)n, "gjennomfort",
		    (json_int_t)done));
	}
	return ks;
}

static json_t *
evals_json(const struct plan_region *g)
{
	json_t	*v = json_array();
	size_t	 i, j;

	for (i = 0; i <= g->nmembers; i++) {
		const struct plan_node *k = node_at(g, i);

		for (j = 0; j < k->nevals; j++) {
			const Samplan__Evaluation *e = k->evals[j].e;

			json_array_append_new(v, json_pack("{s:s, s:s, s:s, "
			    "s:s, s:s, s:s, s:s, s:I}", "av", k->name,
			    "innsatsomrade", nz(e->innsatsomrade), "tiltak",
			    nz(e->measure), "resultat", nz(e->resultat),
			    "gjort", nz(e->gjort), "hvorfor", nz(e->hvorfor),
			    "dato", nz(e->dato), "seq",
			    (json_int_t)k->evals[j].rec->seq));
		}
	}
	return v;
}

static json_t *
indicators_json(const struct plan_region *g)
{
	json_t	*v = json_array(), *vals;
	size_t	 i, j;

	for (i = 0; i < g->nmeasures; i++) {
		const Samplan__Measure *m = g->measures[i].m;

		if (*nz(m->malverdi) == '\0')
			continue;
		vals = json_object();
		for (j = 0; j < g->nmembers; j++) {
			const char *x = latest_verdi(&g->members[j], 1, m->id);

			json_object_set_new(vals, g->members[j].name,
			    x ? json_string(x) : json_null());
		}
		json_array_append_new(v, json_pack("{s:s, s:s, s:s, s:o}",
		    "tiltak", m->id, "indikator", nz(m->indikator),
		    "malverdi", m->malverdi, "verdi", vals));
	}
	return v;
}

static void
show_json(const struct ctx *c)
{
	const struct plan_region	*g = c->g;
	const char			**areas;
	json_t				 *root, *av;
	struct plan_seq			  q;
	size_t				  nareas, a;

	ctx_seq(c, &q);
	nareas = areas_of(g, &areas);
	av = json_array();
	for (a = 0; a < nareas; a++)
		json_array_append_new(av, json_pack("{s:s, s:o}",
		    "innsatsomrade", areas[a], "kommuner",
		    share_json(g, areas[a])));
	root = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "region",
	    g->cfg->name, "plan", q.plan, "dato", c->today,
	    "innsatsomrader", av, "hele_planen", share_json(g, NULL),
	    "evalueringer", evals_json(g), "indikatorer",
	    indicators_json(g));
	json_print(root);
	free(areas);
}

static int
eval_show(struct tool *t, int argc, char **argv)
{
	struct opts	o;
	struct ctx	c;
	int		rc;

	if ((rc = opts_parse(t, "evaluation show", argc, argv, OPT_REGION |
	    OPT_FORMAT | OPT_MARKDOWN | OPT_HTML, 0, &o)) != 0)
		return rc;
	if (t->csv)
		return tool_error("evaluation show: no CSV form; use --json");
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if (t->json)
		show_json(&c);
	else
		show_doc(t, &c);
	ctx_close(&c);
	return 0;
}

int
cmd_evaluation(struct tool *t, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "set") == 0)
		return eval_set(t, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return eval_show(t, argc - 1, argv + 1);
	return tool_error("usage: samplan evaluation set|show ...");
}
