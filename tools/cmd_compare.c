/*
 * cmd_compare.c - `samplan plan compare`: two plan versions side by side
 * (default: the plan in force and the next), one row per measure with a
 * column per plan (the measure's title in it) and what the revision did
 * with it: videreført
 * (carried over unchanged), endret (carried over, with the fields that
 * changed), avsluttet (ended with the period) or ny (new in the later
 * plan).  The measures are the regional plan's and, for a kommune, its
 * own local ones; in a region of parallel plans each plan is the
 * kommune's own version (plan_seq.c).  Reads the store only; the
 * folding of each version is plan.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycle.h"
#include "doc.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"

#define CHANGED_MAX	512	/* bytes of the "endret: ..." text */

/* One measure of either plan. */
struct row {
	const char		*id;
	const Samplan__Measure	*a;	/* in the first plan, or NULL */
	const Samplan__Measure	*b;	/* in the later plan, or NULL */
	char			 what[CHANGED_MAX];
};

struct compare {
	struct row	*rows;
	size_t		 nrows;
	size_t		 cap;
	size_t		 kept, changed, ended, added;	/* the counts */
};

static struct row *
row_of(struct compare *cm, const char *id)
{
	struct row	*v;
	size_t		 i;

	for (i = 0; i < cm->nrows; i++)
		if (strcmp(cm->rows[i].id, id) == 0)
			return &cm->rows[i];
	if (cm->nrows == cm->cap) {
		cm->cap = cm->cap ? cm->cap * 2 : 32;
		if ((v = realloc(cm->rows, cm->cap * sizeof(*v))) == NULL)
			return NULL;
		cm->rows = v;
	}
	v = &cm->rows[cm->nrows++];
	memset(v, 0, sizeof(*v));
	v->id = id;
	return v;
}

/* Adds the measures of one plan (side 0: first, 1: later). */
static int
add_measures(struct compare *cm, const struct plan_measure *v, size_t n,
    int side)
{
	struct row	*r;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (v[i].m->retired)
			continue;	/* ended: not part of that plan */
		if ((r = row_of(cm, v[i].id)) == NULL)
			return EXIT_FAIL;
		if (side == 0)
			r->a = v[i].m;
		else
			r->b = v[i].m;
	}
	return 0;
}

/* The fields of a carried-over measure that changed, into r->what. */
static void
row_judge(struct compare *cm, struct row *r)
{
	const char *const	*fields;
	size_t			 n, i, len;

	if (r->b == NULL) {
		snprintf(r->what, sizeof(r->what), "avsluttet");
		cm->ended++;
		return;
	}
	if (r->a == NULL) {
		snprintf(r->what, sizeof(r->what), "ny");
		cm->added++;
		return;
	}
	snprintf(r->what, sizeof(r->what), "endret: ");
	len = strlen(r->what);
	fields = domain_measure_fields(&n);
	for (i = 0; i < n; i++)
		if (strcmp(domain_measure_get(r->a, fields[i]),
		    domain_measure_get(r->b, fields[i])) != 0) {
			size_t l = strlen(r->what);

			snprintf(r->what + l, sizeof(r->what) - l, "%s%s",
			    l > len ? ", " : "", fields[i]);
		}
	if (strlen(r->what) == len) {
		snprintf(r->what, sizeof(r->what), "videreført");
		cm->kept++;
	} else
		cm->changed++;
}

static int
cmp_row(const void *x, const void *y)
{
	return strcmp(((const struct row *)x)->id,
	    ((const struct row *)y)->id);
}

/* The kommune whose plans are compared: --kommune, else this node. */
static int
compare_kommune(const struct ctx *c, const struct opts *o,
    const struct plan_region *g, const struct plan_node **k)
{
	*k = NULL;
	if (o->kommune != NULL) {
		if ((*k = plan_member_by_label(g, o->kommune)) == NULL)
			return ctx_error("plan compare", "kommune", "«%s» is not "
			    "a kommune of %s", o->kommune, g->cfg->name);
		return 0;
	}
	if (!c->coord && c->k != NULL)
		*k = plan_member(g, c->k->name);
	return 0;
}

/* The measures of both plans, judged and sorted by id. */
static int
compare_build(const struct plan_region *ga, const struct plan_node *ka,
    const struct plan_region *gb, const struct plan_node *kb,
    struct compare *cm)
{
	size_t	i;

	if (add_measures(cm, ga->measures, ga->nmeasures, 0) != 0 ||
	    add_measures(cm, gb->measures, gb->nmeasures, 1) != 0)
		return EXIT_FAIL;
	if (ka != NULL && add_measures(cm, ka->local, ka->nlocal, 0) != 0)
		return EXIT_FAIL;
	if (kb != NULL && add_measures(cm, kb->local, kb->nlocal, 1) != 0)
		return EXIT_FAIL;
	for (i = 0; i < cm->nrows; i++)
		row_judge(cm, &cm->rows[i]);
	if (cm->nrows > 1)
		qsort(cm->rows, cm->nrows, sizeof(*cm->rows), cmp_row);
	return 0;
}

static void
compare_doc(struct tool *t, const struct compare *cm, const char *who,
    const char *ka, const char *kb)
{
	const char	*head[] = { "ID", ka, kb, "Endring" };
	struct table	*tb = table_new(4, head);
	char		*title;
	size_t		 i;

	/* A column per plan: the measure's title in it, "-" when absent. */
	tb->max[1] = tb->max[2] = 40;
	for (i = 0; i < cm->nrows; i++) {
		const struct row *r = &cm->rows[i];
		const char *row[] = { r->id, r->a ? r->a->tittel : "-",
		    r->b ? r->b->tittel : "-", r->what };

		table_add(tb, row);
	}
	if (t->csv) {
		table_print(tb, stdout, ctx_format(t), NULL);
		table_destroy(&tb);
		return;
	}
	if (asprintf(&title, "Planene side om side: %s og %s", ka, kb) < 0)
		title = NULL;
	doc_begin(t, title != NULL ? title : "Planene side om side");
	free(title);
	doc_para(t, "%s · %zu videreført uendret, %zu endret, %zu avsluttet "
	    "med perioden, %zu nye", who, cm->kept, cm->changed, cm->ended,
	    cm->added);
	doc_table(t, tb);
	doc_end(t);
	table_destroy(&tb);
}

static void
compare_json(const struct compare *cm, const char *who, const char *ka,
    const char *kb)
{
	json_t	*root, *arr;
	size_t	 i;

	root = json_pack("{s:s, s:s, s:s}", "plan", who, "fra", ka, "til",
	    kb);
	arr = json_array();
	for (i = 0; i < cm->nrows; i++) {
		const struct row *r = &cm->rows[i];

		json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:s}",
		    "id", r->id, "tittel_fra", r->a ?
		    json_string(r->a->tittel) : json_null(), "tittel_til",
		    r->b ? json_string(r->b->tittel) : json_null(), "endring",
		    r->what));
	}
	json_object_set_new(root, "tiltak", arr);
	json_print(root);
}

/* The later plan's model: --with, else the successor of the first. */
static int
load_with(struct tool *t, const struct ctx *c, const char *with,
    struct plan_model **out, struct plan_region **gb)
{
	int	rc;

	if ((rc = plan_load_plan(c->s, t->cfg, t->have_self ? t->self : NULL,
	    with, c->today, out)) != 0)
		return tool_error("reading the store: %s", sp_strerror(rc));
	*gb = plan_region(*out, c->g->cfg->name);
	return 0;
}

/* Whether the version --with named exists for the plans compared. */
static int
with_found(const struct plan_region *gb, const struct plan_node *kb)
{
	if (kb != NULL && gb->parallel)
		return kb->seq.selected >= 0;
	return gb->selected >= 0;
}

int
cmd_plan_compare(struct tool *t, int argc, char **argv)
{
	struct plan_model		*mb = NULL;
	struct plan_region		*gb = NULL;
	const struct plan_node		*ka, *kb = NULL;
	struct compare			 cm;
	struct plan_seq			 qa;
	struct opts			 o;
	struct ctx			 c;
	const char			*with, *keya, *keyb, *who;
	int				 rc;

	if ((rc = opts_parse(t, "plan compare", argc, argv, OPT_REGION |
	    OPT_KOMMUNE | OPT_WITH | OPT_FORMAT | OPT_MARKDOWN | OPT_HTML, 0,
	    &o)) != 0)
		return rc;
	if (t->excel)
		return tool_error("plan compare: no Excel form; use --csv");
	with = o.with != NULL ? o.with : CYCLE_NEXT;
	memset(&cm, 0, sizeof(cm));
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if ((rc = compare_kommune(&c, &o, c.g, &ka)) != 0 ||
	    (rc = load_with(t, &c, with, &mb, &gb)) != 0)
		goto out;
	if (ka != NULL)
		kb = plan_member(gb, ka->name);
	if (!with_found(gb, kb)) {
		rc = ctx_error("plan compare", "with", "«%s»: no such plan%s",
		    with, ka == NULL && c.g->parallel ? " of the coordination "
		    "group (each kommune has its own plans: --kommune K)" :
		    strcmp(with, CYCLE_NEXT) == 0 ? " (samplan plan revise "
		    "--plan YYYY-YYYY makes the next one)" : "");
		goto out;
	}
	plan_seq_of(c.g, ka, &qa);
	keya = qa.plan;
	keyb = kb != NULL && gb->parallel ? kb->seq.plan : gb->plan;
	who = ka != NULL ? ka->title : c.g->cfg->title ? c.g->cfg->title :
	    c.g->cfg->name;
	if ((rc = compare_build(c.g, ka, gb, kb, &cm)) != 0)
		goto out;
	if (t->json)
		compare_json(&cm, who, keya, keyb);
	else
		compare_doc(t, &cm, who, keya, keyb);
out:
	free(cm.rows);
	plan_destroy(&mb);
	ctx_close(&c);
	return rc;
}
