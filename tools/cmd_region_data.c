/*
 * cmd_region_data.c - `samplan region` for programs and spreadsheets:
 * the CSV (the matrix in long form, one row per regional measure and
 * kommune, then one per local measure of each kommune, Norwegian column
 * names and labels, ISO dates), the JSON
 * (everything, ISO dates; copies only with --technical), and the
 * technical text (--technical: versions and how far each node's copy
 * is).  The årsrapport for people is cmd_region.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "domain.h"
#include "planctx.h"
#include "region.h"
#include "view.h"

static json_t *
kommuner_json(const struct plan_region *g)
{
	json_t	*arr = json_array(), *o;
	size_t	 j;

	for (j = 0; j < g->nmembers; j++) {
		o = json_object();
		json_object_set_new(o, "node", json_string(g->members[j].name));
		json_object_set_new(o, "title", json_string(
		    g->members[j].title));
		json_object_set_new(o, "kommunenummer",
		    g->members[j].kommunenummer ? json_string(
		    g->members[j].kommunenummer) : json_null());
		/* Parallel plans: the kommune's own version shown, and it. */
		if (g->parallel) {
			json_object_set_new(o, "plan", json_string(
			    g->members[j].seq.plan));
			json_object_set_new(o, "plan_info", g->members[j].info ?
			    json_from_message(&g->members[j].info->base) :
			    json_null());
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static void
print_copies(struct tool *t, const struct view_region *v)
{
	static const char *head[] = { "Node", "Rolle", "Poster", "Siste post",
	    "Regional versjon sett", "Vedtatt versjon", "Etter" };
	struct table	*tb = table_new(7, head);
	char		 a[32], b[32], c[32], d[32], tm[24];
	size_t		 i;

	for (i = 2; i < 7; i++)
		if (i != 3)
			tb->right[i] = 1;
	doc_heading(t, "Kopier: hvor langt hver node er kommet her");
	for (i = 0; i < v->ncopies; i++) {
		const struct view_copy *x = &v->copies[i];

		snprintf(a, sizeof(a), "%llu", (unsigned long long)x->head);
		snprintf(b, sizeof(b), "%llu", (unsigned long long)x->seen);
		snprintf(c, sizeof(c), "%llu", (unsigned long long)x->adopted);
		snprintf(d, sizeof(d), "%llu", (unsigned long long)x->behind);
		const char *row[] = { x->name, x->coordinator ? "koordinator" :
		    "kommune", a, x->known ? ctx_time(x->last_time, tm) :
		    "ingen data", b, x->coordinator ? "-" : c, d };
		table_add(tb, row);
	}
	doc_table(t, tb);
	table_destroy(&tb);
}

/* The CSV columns; tiltakstype came last, with the local measures. */
static const char *const csv_head[] = { "periode", "innsatsomrade",
    "tiltak", "tittel", "kommune", "kommunenummer", "beslutning",
    "implisitt", "til_vurdering", "status", "statusperiode", "merknad",
    "frist", "ansvar", "begrunnelse", "forfalt", "mangler_rapport",
    "avsluttet", "malverdi", "verdi", "tiltakstype" };
#define CSV_COLUMNS	(sizeof(csv_head) / sizeof(csv_head[0]))

/*
 * Whether kommune k's measure id was overdue or has no report for the
 * period: the exceptions the text form lists, so the counts agree.
 */
static void
csv_exceptions(const struct view_region *v, const struct plan_node *k,
    const char *id, int *overdue, int *missing)
{
	size_t	i;

	*overdue = *missing = 0;
	for (i = 0; i < v->nex; i++) {
		if (v->ex[i].kommune != k->name ||
		    strcmp(v->ex[i].measure, id) != 0)
			continue;
		*overdue |= v->ex[i].kind == VIEW_EX_OVERDUE;
		*missing |= v->ex[i].kind == VIEW_EX_MISSING;
	}
}

/* One row per regional measure and kommune: the matrix in long form. */
static void
csv_regional(const struct view_region *v, struct table *tb)
{
	Samplan__Measure eff;
	size_t		 r, j;
	int		 overdue, missing;

	for (r = 0; r < v->nrows; r++)
		for (j = 0; j < v->g->nmembers; j++) {
			const struct plan_cell *c = view_region_cell(v, r, j);
			const struct plan_node *k = &v->g->members[j];
			const Samplan__StatusReport *st = c->status ?
			    c->status->r : NULL;

			csv_exceptions(v, k, v->rows[r]->id, &overdue,
			    &missing);
			plan_effective(v->rows[r]->m, c->a, &eff);
			const char *row[] = { v->period,
			    v->areas[v->row_area[r]], v->rows[r]->id,
			    eff.tittel, k->title, k->kommunenummer ?
			    k->kommunenummer : "", view_choice_label(c->choice),
			    c->implicit ? "ja" : "", c->flagged ? "ja" : "",
			    st ? domain_status_label(st->status) : "",
			    st ? st->period : "", st ? st->note : "",
			    eff.frist, eff.ansvar, c->a ? c->a->reason : "",
			    overdue ? "ja" : "", missing ? "ja" : "",
			    v->rows[r]->m->retired ?
			    v->rows[r]->m->retired_reason : "",
			    eff.malverdi, st ? st->verdi : "", "regionalt" };
			table_add(tb, row);
		}
}

/*
 * One row per local measure of each kommune, retired ones too, as the
 * text form's "Lokale tiltak": no decision, the kommune's own status.
 */
static void
csv_local(const struct view_region *v, struct table *tb)
{
	const struct plan_report	*rep;
	size_t				 j, i;
	int				 overdue, missing;

	for (j = 0; j < v->g->nmembers; j++) {
		const struct plan_node *k = &v->g->members[j];

		for (i = 0; i < k->nlocal; i++) {
			const Samplan__Measure *m = k->local[i].m;
			const Samplan__StatusReport *st;

			rep = plan_status_at(k, 0, m->id, v->period);
			st = rep != NULL ? rep->r : NULL;
			csv_exceptions(v, k, m->id, &overdue, &missing);
			const char *row[] = { v->period, m->innsatsomrade,
			    m->id, m->tittel, k->title, k->kommunenummer ?
			    k->kommunenummer : "", "", "", "",
			    st ? domain_status_label(st->status) : "",
			    st ? st->period : "", st ? st->note : "",
			    m->frist, m->ansvar, "", overdue ? "ja" : "",
			    missing ? "ja" : "", m->retired ?
			    m->retired_reason : "", m->malverdi,
			    st ? st->verdi : "", "lokalt" };
			table_add(tb, row);
		}
	}
}

void
region_csv(struct tool *t, const struct view_region *v)
{
	struct table	*tb = table_new(CSV_COLUMNS, csv_head);

	csv_regional(v, tb);
	csv_local(v, tb);
	if (t->excel)
		table_excel_bom(stdout);
	table_print(tb, stdout, ctx_format(t), NULL);
	table_destroy(&tb);
}

static json_t *
region_json_cells(const struct view_region *v, size_t r)
{
	json_t	*cells = json_object(), *c;
	size_t	 j;

	for (j = 0; j < v->g->nmembers; j++) {
		const struct plan_cell *pc = view_region_cell(v, r, j);

		c = json_object();
		json_object_set_new(c, "decision", json_string(
		    view_choice_name(pc->choice)));
		json_object_set_new(c, "implicit", json_boolean(pc->implicit));
		json_object_set_new(c, "based_on", json_integer(
		    (json_int_t)pc->based_on));
		json_object_set_new(c, "flagged", json_boolean(pc->flagged));
		json_object_set_new(c, "status", report_json(pc->status));
		json_object_set_new(cells, v->g->members[j].name, c);
	}
	return cells;
}

static json_t *
local_json(const struct plan_region *g, const char *period)
{
	json_t	*all = json_object(), *arr, *o;
	size_t	 j, i;

	for (j = 0; j < g->nmembers; j++) {
		const struct plan_node *k = &g->members[j];

		arr = json_array();
		for (i = 0; i < k->nlocal; i++) {
			o = measure_json(k->local[i].m);
			json_object_set_new(o, "status", report_json(
			    plan_status_at(k, 0, k->local[i].id, period)));
			json_array_append_new(arr, o);
		}
		json_object_set_new(all, k->name, arr);
	}
	return all;
}

void
region_json(const struct view_region *v, const char *today, int technical)
{
	json_t	*j = json_object(), *rows = json_array(), *ex = json_array();
	json_t	*copies = json_array(), *o;
	char	 tm[24];
	size_t	 r;

	json_object_set_new(j, "region", json_string(v->g->cfg->name));
	json_object_set_new(j, "version", json_integer((json_int_t)v->version));
	json_object_set_new(j, "period", json_string(v->period));
	json_object_set_new(j, "today", json_string(today));
	json_object_set_new(j, "judged", json_string(v->judged));
	json_object_set_new(j, "kommuner", kommuner_json(v->g));
	json_object_set_new(j, "plan", v->g->coord.info ? json_from_message(
	    &v->g->coord.info->base) : json_null());
	for (r = 0; r < v->nrows; r++) {
		o = measure_json(v->rows[r]->m);
		json_object_set_new(o, "version", json_integer(
		    (json_int_t)v->rows[r]->version));
		json_object_set_new(o, "cells", region_json_cells(v, r));
		json_array_append_new(rows, o);
	}
	json_object_set_new(j, "measures", rows);
	for (r = 0; r < v->nex; r++) {
		const struct view_exception *e = &v->ex[r];

		o = json_object();
		json_object_set_new(o, "kind", json_string(
		    view_exception_name(e->kind)));
		json_object_set_new(o, "kommune", json_string(e->kommune));
		json_object_set_new(o, "measure", json_string(e->measure));
		if (e->field)
			json_object_set_new(o, "field", json_string(e->field));
		if (e->old)
			json_object_set_new(o, "old", json_string(e->old));
		if (e->new)
			json_object_set_new(o, "new", json_string(e->new));
		if (e->kind == VIEW_EX_FLAGGED) {
			json_object_set_new(o, "based_on", json_integer(
			    (json_int_t)e->based_on));
			json_object_set_new(o, "version", json_integer(
			    (json_int_t)e->version));
		}
		json_array_append_new(ex, o);
	}
	json_object_set_new(j, "exceptions", ex);
	for (r = 0; r < v->ncopies; r++) {
		const struct view_copy *x = &v->copies[r];

		o = json_object();
		json_object_set_new(o, "node", json_string(x->name));
		json_object_set_new(o, "coordinator",
		    json_boolean(x->coordinator));
		json_object_set_new(o, "head", json_integer((json_int_t)x->head));
		json_object_set_new(o, "last", x->known ? json_string(
		    ctx_time(x->last_time, tm)) : json_null());
		json_object_set_new(o, "seen", json_integer((json_int_t)x->seen));
		json_object_set_new(o, "adopted",
		    json_integer((json_int_t)x->adopted));
		json_object_set_new(o, "behind",
		    json_integer((json_int_t)x->behind));
		json_array_append_new(copies, o);
	}
	if (technical)
		json_object_set_new(j, "copies", copies);
	else
		json_decref(copies);
	json_object_set_new(j, "local", local_json(v->g, v->period));
	json_print(j);
}


void
region_technical(struct tool *t, const struct view_region *v,
    const char *today)
{
	const struct plan_region	*g = v->g;
	char				*title;

	if (asprintf(&title, "Region %s (%s): teknisk", g->cfg->title ?
	    g->cfg->title : g->cfg->name, g->cfg->name) < 0)
		return;
	doc_begin(t, title);
	free(title);
	doc_para(t, "Regional plan versjon %llu · dato %s",
	    (unsigned long long)v->version, today);
	print_copies(t, v);
	doc_end(t);
}
