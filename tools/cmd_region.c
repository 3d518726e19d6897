/*
 * cmd_region.c - `samplan region`: what a coordination group reads
 * (DOMAIN.md 4).  The plan state of each kommune, the matrix of regional
 * measures x kommuner, the totals per innsatsområde, the exceptions, and
 * how far each node's copy is behind; as text, Markdown, JSON or CSV (the
 * CSV is the matrix in long form, one row per cell).  Reads the store
 * only; works whether or not the node runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "view.h"

/* "A:G", "T:I*", "X", "?": the matrix cell of DOMAIN.md 4. */
static const char *
cell_text(const struct plan_cell *c, char buf[16])
{
	char	d, s;

	switch (c->choice) {
	case PLAN_ADOPT:
		d = 'A';
		break;
	case PLAN_ADAPT:
		d = 'T';
		break;
	case PLAN_DECLINE:
		snprintf(buf, 16, "X%s", c->flagged ? "*" : "");
		return buf;
	default:
		return "?";
	}
	s = c->status ? domain_status_letter(c->status->r->status) : '-';
	snprintf(buf, 16, "%c:%c%s", d, s, c->flagged ? "*" : "");
	return buf;
}

static void
heading(struct tool *t, const char *text)
{
	printf(t->markdown ? "\n## %s\n\n" : "\n%s\n", text);
}

static void
print_header(struct tool *t, const struct view_region *v, const char *today)
{
	const struct plan_region	*g = v->g;
	const Samplan__PlanInfo		*p = g->coord.info;

	printf(t->markdown ? "# Region %s (%s)\n\n" : "Region %s (%s)\n",
	    g->cfg->title ? g->cfg->title : g->cfg->name, g->cfg->name);
	printf("Regional plan: %s · periode %s · tilstand %s%s\n",
	    p && *p->tittel ? p->tittel : "-", p && *p->periode ? p->periode :
	    "-", p && *p->state ? domain_state_label(p->state) : "-",
	    t->markdown ? "  " : "");
	printf("Versjon %llu · rapporteringsperiode %s · dato %s\n",
	    (unsigned long long)v->version, v->period, today);
}

static void
print_states(struct tool *t, const struct view_region *v)
{
	static const char *head[] = { "Kommune", "Tilstand", "Vedtak",
	    "I kraft", "Regional versjon" };
	const struct plan_region	*g = v->g;
	struct table			*tb = table_new(5, head);
	char				 ved[256], ver[32];
	size_t				 j;

	heading(t, "Planstatus per kommune");
	for (j = 0; j < g->nmembers; j++) {
		const Samplan__PlanInfo *p = g->members[j].info;

		ved[0] = '\0';
		if (p != NULL && p->vedtak != NULL && *p->vedtak->organ)
			snprintf(ved, sizeof(ved), "%s %s%s%s",
			    p->vedtak->organ, p->vedtak->dato,
			    *p->vedtak->saksnr ? ", sak " : "",
			    p->vedtak->saksnr);
		snprintf(ver, sizeof(ver), "%llu", p ? (unsigned long long)
		    p->regional_version : 0ULL);
		const char *row[] = { g->members[j].name,
		    p && *p->state ? domain_state_label(p->state) : "-",
		    *ved ? ved : "-", p && *p->i_kraft ? p->i_kraft : "-",
		    p && p->regional_version ? ver : "-" };
		table_add(tb, row);
	}
	table_print(tb, stdout, ctx_format(t), "  ");
	table_destroy(&tb);
}

static void
print_matrix(struct tool *t, const struct view_region *v)
{
	const struct plan_region	*g = v->g;
	const char			**head;
	struct table			*tb;
	char				**cells, buf[16], done[32];
	size_t				 r, j, nm = g->nmembers, area = (size_t)-1;
	size_t				 ndone, nin;

	head = calloc(nm + 2, sizeof(*head));
	cells = calloc(nm + 2, sizeof(*cells));
	if (head == NULL || cells == NULL)
		goto out;
	head[0] = "Tiltak";
	for (j = 0; j < nm; j++)
		head[j + 1] = g->members[j].name;
	head[nm + 1] = "Gj.ført";
	tb = table_new(nm + 2, head);
	tb->right[nm + 1] = 1;
	heading(t, "Regionale tiltak × kommuner");
	for (r = 0; r < v->nrows; r++) {
		if (v->row_area[r] != area) {
			area = v->row_area[r];
			table_heading(tb, v->areas[area]);
		}
		cells[0] = (char *)(uintptr_t)v->rows[r]->id;
		ndone = nin = 0;
		for (j = 0; j < nm; j++) {
			const struct plan_cell *c = view_region_cell(v, r, j);

			cells[j + 1] = strdup(cell_text(c, buf));
			if (c->choice != PLAN_DECLINE)
				nin++;
			if (c->choice != PLAN_DECLINE && c->status &&
			    strcmp(c->status->r->status, "gjennomfort") == 0)
				ndone++;
		}
		snprintf(done, sizeof(done), "%zu/%zu", ndone, nin);
		cells[nm + 1] = done;
		table_add(tb, (const char *const *)cells);
		for (j = 0; j < nm; j++)
			free(cells[j + 1]);
	}
	if (v->nrows == 0)
		printf(t->markdown ? "(ingen regionale tiltak)\n\n" :
		    "  (ingen regionale tiltak)\n");
	else
		table_print(tb, stdout, ctx_format(t), "  ");
	table_destroy(&tb);
	printf("%sForklaring: A=vedtatt (uttrykkelig eller med planen) "
	    "T=tilpasset X=avslått ?=ikke tatt stilling *=endret regionalt, "
	    "til vurdering%s", t->markdown ? "\n" : "  ",
	    t->markdown ? "  \n" : "\n  ");
	printf("G=gjennomført I=igangsatt L=løpende F=forsinket U=utsatt "
	    "B=bortfalt S=ikke startet -=ingen rapport\n");
out:
	free(cells);
	free(head);
}

static void
print_totals(struct tool *t, const struct view_region *v)
{
	const struct plan_region	*g = v->g;
	const char			**head;
	char				**cells;
	struct table			*tb;
	size_t				 a, j, nm = g->nmembers, done, in;

	if ((head = calloc(nm + 2, sizeof(*head))) == NULL ||
	    (cells = calloc(nm + 2, sizeof(*cells))) == NULL) {
		free(head);
		return;
	}
	head[0] = "Innsatsområde";
	for (j = 0; j < nm; j++)
		head[j + 1] = g->members[j].name;
	head[nm + 1] = "Sum";
	tb = table_new(nm + 2, head);
	for (j = 1; j < nm + 2; j++)
		tb->right[j] = 1;
	heading(t, "Gjennomført av tiltak i kraft per innsatsområde (regionale og lokale)");
	for (a = 0; a < v->nareas; a++) {
		done = in = 0;
		cells[0] = (char *)(uintptr_t)v->areas[a];
		for (j = 0; j < nm; j++) {
			const struct view_total *x = &v->totals[a * nm + j];

			done += x->done;
			in += x->in_effect;
			if (asprintf(&cells[j + 1], "%zu/%zu", x->done,
			    x->in_effect) < 0)
				cells[j + 1] = NULL;
		}
		if (asprintf(&cells[nm + 1], "%zu/%zu", done, in) < 0)
			cells[nm + 1] = NULL;
		table_add(tb, (const char *const *)cells);
		for (j = 1; j < nm + 2; j++)
			free(cells[j]);
	}
	table_print(tb, stdout, ctx_format(t), "  ");
	table_destroy(&tb);
	free(cells);
	free(head);
}

/*
 * Missing reports, one line per kommune with its measures, wrapped to
 * MISSING_WIDTH columns (text) so a kommune that has not reported shows
 * as one short block, not one line per measure.  Returns the index
 * after the last MISSING exception.
 */
#define MISSING_WIDTH	72
static size_t
missing_rows(const struct view_region *v, size_t i, struct table *tb)
{
	char	 line[MISSING_WIDTH + 80], count[32];
	size_t	 j, n;
	int	 first;

	while (i < v->nex) {
		const char *k = v->ex[i].kommune;

		for (n = 0; i + n < v->nex && v->ex[i + n].kommune == k; n++)
			;
		snprintf(count, sizeof(count), "%zu", n);
		line[0] = '\0';
		first = 1;
		for (j = 0; j < n; j++) {
			const char *id = v->ex[i + j].measure;

			if (line[0] != '\0' && strlen(line) + strlen(id) + 2 >
			    MISSING_WIDTH) {
				strcat(line, ",");
				const char *row[] = { first ? k : "",
				    first ? count : "", line };

				table_add(tb, row);
				first = 0;
				line[0] = '\0';
			}
			snprintf(line + strlen(line), sizeof(line) -
			    strlen(line), "%s%s", line[0] ? ", " : "", id);
		}
		const char *row[] = { first ? k : "", first ? count : "", line };
		table_add(tb, row);
		i += n;
	}
	return i;
}

static void
print_exceptions(struct tool *t, const struct view_region *v)
{
	static const char *titles[] = {
		"Avslått", "Endret frist, ansvar eller indikator",
		"Til vurdering: endret regionalt etter kommunens beslutning",
		"Ikke tatt stilling", "Forfalt", "Mangler rapport for "
	};
	static const char *head[] = { "Kommune", "Tiltak", "Detaljer" };
	static const char *mhead[] = { "Kommune", "Antall", "Tiltak" };
	struct table	*tb;
	char		 det[600], title[96];
	size_t		 i = 0, kind;

	for (kind = 0; kind <= VIEW_EX_MISSING; kind++) {
		snprintf(title, sizeof(title), "%s%s", titles[kind],
		    kind == VIEW_EX_MISSING ? v->period : "");
		heading(t, title);
		if (kind == VIEW_EX_MISSING) {
			tb = table_new(3, mhead);
			tb->right[1] = 1;
			i = missing_rows(v, i, tb);
			goto print;
		}
		tb = table_new(3, head);
		for (; i < v->nex && v->ex[i].kind == kind; i++) {
			const struct view_exception *e = &v->ex[i];

			det[0] = '\0';
			if (kind == VIEW_EX_DECLINED)
				snprintf(det, sizeof(det), "%s", e->new);
			else if (kind == VIEW_EX_CHANGED)
				snprintf(det, sizeof(det), "%s: %s → %s",
				    e->field, e->old, e->new);
			else if (kind == VIEW_EX_FLAGGED)
				snprintf(det, sizeof(det), "besluttet på "
				    "versjon %llu, gjeldende %llu",
				    (unsigned long long)e->based_on,
				    (unsigned long long)e->version);
			else if (kind == VIEW_EX_OVERDUE)
				snprintf(det, sizeof(det), "frist %s, status %s",
				    e->old, *e->new ? domain_status_label(
				    e->new) : "ingen rapport");
			const char *row[] = { e->kommune, e->measure, det };
			table_add(tb, row);
		}
print:
		if (tb->nrows == 0)
			printf(t->markdown ? "(ingen)\n" : "  (ingen)\n");
		else
			table_print(tb, stdout, ctx_format(t), "  ");
		table_destroy(&tb);
	}
}

/* Each kommune's local measures, side by side (parallel plans). */
static void
print_local(struct tool *t, const struct view_region *v)
{
	static const char *head[] = { "Kommune", "Tiltak", "Innsatsområde",
	    "Tittel", "Frist", "Status" };
	const struct plan_region	*g = v->g;
	struct table			*tb = table_new(6, head);
	char				 st[64];
	size_t				 j, i;

	tb->max[3] = 44;
	heading(t, "Lokale tiltak");
	for (j = 0; j < g->nmembers; j++) {
		const struct plan_node *k = &g->members[j];

		for (i = 0; i < k->nlocal; i++) {
			const Samplan__Measure *m = k->local[i].m;
			const struct plan_report *r;

			if (m->retired)
				continue;
			r = plan_status(k, 0, m->id, NULL);
			if (r != NULL)
				snprintf(st, sizeof(st), "%s (%s)",
				    domain_status_label(r->r->status),
				    r->r->period);
			const char *row[] = { k->name, m->id, m->innsatsomrade,
			    m->tittel, *m->frist ? m->frist : "-",
			    r ? st : "-" };
			table_add(tb, row);
		}
	}
	if (tb->nrows == 0)
		printf(t->markdown ? "(ingen)\n" : "  (ingen)\n");
	else
		table_print(tb, stdout, ctx_format(t), "  ");
	table_destroy(&tb);
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
	heading(t, "Kopier: hvor langt hver node er kommet her");
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
	table_print(tb, stdout, ctx_format(t), "  ");
	table_destroy(&tb);
}

static void
region_csv(const struct view_region *v)
{
	static const char *head[] = { "innsatsomrade", "id", "kommune",
	    "decision", "implicit", "flagged", "status", "period", "frist",
	    "ansvar", "reason" };
	struct table	*tb = table_new(11, head);
	Samplan__Measure eff;
	size_t		 r, j;

	for (r = 0; r < v->nrows; r++)
		for (j = 0; j < v->g->nmembers; j++) {
			const struct plan_cell *c = view_region_cell(v, r, j);

			plan_effective(v->rows[r]->m, c->a, &eff);
			const char *row[] = { v->areas[v->row_area[r]],
			    v->rows[r]->id, v->g->members[j].name,
			    view_choice_name(c->choice),
			    c->implicit ? "yes" : "", c->flagged ? "yes" : "",
			    c->status ? c->status->r->status : "",
			    c->status ? c->status->r->period : "",
			    eff.frist, eff.ansvar, c->a ? c->a->reason : "" };
			table_add(tb, row);
		}
	table_print(tb, stdout, TABLE_CSV, NULL);
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
local_json(const struct plan_region *g)
{
	json_t	*all = json_object(), *arr, *o;
	size_t	 j, i;

	for (j = 0; j < g->nmembers; j++) {
		const struct plan_node *k = &g->members[j];

		arr = json_array();
		for (i = 0; i < k->nlocal; i++) {
			if (k->local[i].m->retired)
				continue;
			o = measure_json(k->local[i].m);
			json_object_set_new(o, "status", report_json(
			    plan_status(k, 0, k->local[i].id, NULL)));
			json_array_append_new(arr, o);
		}
		json_object_set_new(all, k->name, arr);
	}
	return all;
}

static void
region_json(const struct view_region *v, const char *today)
{
	json_t	*j = json_object(), *rows = json_array(), *ex = json_array();
	json_t	*copies = json_array(), *o;
	char	 tm[24];
	size_t	 r;

	json_object_set_new(j, "region", json_string(v->g->cfg->name));
	json_object_set_new(j, "version", json_integer((json_int_t)v->version));
	json_object_set_new(j, "period", json_string(v->period));
	json_object_set_new(j, "today", json_string(today));
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
	json_object_set_new(j, "copies", copies);
	json_object_set_new(j, "local", local_json(v->g));
	json_print(j);
}

int
cmd_region(struct tool *t, int argc, char **argv)
{
	struct view_region	*v;
	struct opts		 o;
	struct ctx		 c;
	int			 rc;

	if ((rc = opts_parse(t, "region", argc, argv, OPT_REGION | OPT_FORMAT |
	    OPT_MARKDOWN, 0, &o)) != 0)
		return rc;
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if ((rc = view_region_build(c.g, c.today, &v)) != 0) {
		fprintf(stderr, "samplan: region: %s\n", sp_strerror(rc));
		ctx_close(&c);
		return EXIT_FAIL;
	}
	if (t->json)
		region_json(v, c.today);
	else if (t->csv)
		region_csv(v);
	else {
		print_header(t, v, c.today);
		print_states(t, v);
		print_matrix(t, v);
		print_totals(t, v);
		print_exceptions(t, v);
		print_local(t, v);
		print_copies(t, v);
	}
	view_region_destroy(&v);
	ctx_close(&c);
	return EXIT_OK;
}
