/*
 * cmd_region.c - `samplan region`: the årsrapport a coordination group
 * sends to the politicians (DOMAIN.md 4; komplan 4.5), for one period.
 *
 * Text and Markdown here, in the order the group reads it: the plan
 * state of each kommune, the matrix of regional measures × kommuner with
 * measure titles, every status with the kommune's note, the totals per
 * innsatsområde, the exceptions (declines with reasons, changes, what
 * was overdue at the end of the period, what has no report), and the
 * local measures.  Kommuner appear by their titles, in kommunenummer
 * order; dates are Norwegian (31.12.2025).  Replication details (copies,
 * versions) only with --technical.  CSV and JSON are in
 * cmd_region_data.c.  Reads the store only; works whether or not the
 * node runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "region.h"
#include "view.h"


/* "A:G", "T:I*", "X", "?": the matrix cell of DOMAIN.md 4. */
const char *
region_cell_text(const struct plan_cell *c, char buf[16])
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

/* A kommune's short name for column heads: its title minus " kommune". */
const char *
region_short(const struct plan_node *k, char *buf, size_t size)
{
	static const char	suffix[] = " kommune";
	size_t			n = strlen(k->title), ls = sizeof(suffix) - 1;

	if (n > ls && strcmp(k->title + n - ls, suffix) == 0) {
		snprintf(buf, size, "%.*s", (int)(n - ls), k->title);
		return buf;
	}
	return k->title;
}

/* "igangsatt (2025)" or "-". */
const char *
region_status_text(const struct plan_report *r, char *buf, size_t size)
{
	if (r == NULL)
		return "-";
	snprintf(buf, size, "%s (%s)", domain_status_label(r->r->status),
	    r->r->period);
	return buf;
}

void
region_asof(struct tool *t, const char *period, const char *judged,
    const char *today)
{
	char	d1[11], d2[11];

	if (strcmp(judged, today) == 0)
		doc_para(t, "Status per %s (perioden %s er ikke slutt)",
		    domain_date_human(today, d1), period);
	else
		doc_para(t, "Status ved utgangen av %s (%s) · laget %s",
		    period, domain_date_human(judged, d1),
		    domain_date_human(today, d2));
}

static void
heading(struct tool *t, const char *text)
{
	doc_heading(t, text);
}

static void
print_table(struct tool *t, struct table *tb)
{
	doc_table(t, tb);
}

/* "Kommunestyret 20.06.2024, sak 45/24", or "". */
static const char *
vedtak_text(const Samplan__PlanInfo *p, char *buf, size_t size)
{
	char	d[11];

	buf[0] = '\0';
	if (p != NULL && p->vedtak != NULL && *p->vedtak->organ)
		snprintf(buf, size, "%s %s%s%s", p->vedtak->organ,
		    domain_date_human(p->vedtak->dato, d),
		    *p->vedtak->saksnr ? ", sak " : "", p->vedtak->saksnr);
	return buf;
}

static void
print_header(struct tool *t, const struct view_region *v, const char *today)
{
	const struct plan_region	*g = v->g;
	const Samplan__PlanInfo		*p = g->coord.info;
	char				 ved[300], *title;

	if (asprintf(&title, "Årsrapport %s: %s", v->period,
	    p && *p->tittel ? p->tittel : "handlingsplan") < 0)
		return;
	doc_begin(t, title);
	free(title);
	vedtak_text(p, ved, sizeof(ved));
	if (g->parallel)
		doc_para(t, "%s · parallelle planer: hver kommune med sin egen "
		    "plan og planperiode", g->cfg->title ? g->cfg->title :
		    g->cfg->name);
	else
		doc_para(t, "%s · planperiode %s · regional plan %s%s%s%s",
	    g->cfg->title ? g->cfg->title : g->cfg->name,
	    p && *p->periode ? p->periode : "-",
	    p && *p->state ? domain_state_label(p->state) : "uten tilstand",
	    *ved ? " (" : "", ved, *ved ? ")" : "");
	region_asof(t, v->period, v->judged, today);
}

static void
print_states(struct tool *t, const struct view_region *v)
{
	static const char *head[] = { "Kommune", "Tilstand", "Vedtak",
	    "I kraft" };
	const struct plan_region	*g = v->g;
	struct table			*tb = table_new(4, head);
	char				 ved[300], d[11];
	size_t				 j;

	heading(t, "Planstatus per kommune");
	for (j = 0; j < g->nmembers; j++) {
		const Samplan__PlanInfo *p = g->members[j].info;
		const char *row[] = { g->members[j].title,
		    p && *p->state ? domain_state_label(p->state) : "-",
		    *vedtak_text(p, ved, sizeof(ved)) ? ved : "-",
		    p && *p->i_kraft ? domain_date_human(p->i_kraft, d) : "-" };
		table_add(tb, row);
	}
	print_table(t, tb);
	table_destroy(&tb);
}

static void
print_matrix(struct tool *t, const struct view_region *v)
{
	const struct plan_region	*g = v->g;
	const char			**head;
	struct table			*tb;
	char				**cells, **shorts, buf[16], done[32];
	char				 title[DOMAIN_TEXT_MAX + 16], reg[8];
	size_t				 r, j, nm = g->nmembers, area = (size_t)-1;
	size_t				 ndone, nin, nc;

	head = calloc(nm + 4, sizeof(*head));
	cells = calloc(nm + 4, sizeof(*cells));
	shorts = calloc(nm + 1, sizeof(*shorts));
	if (head == NULL || cells == NULL || shorts == NULL)
		goto out;
	head[0] = "Tiltak";
	head[1] = "Tittel";
	for (j = 0; j < nm; j++) {
		char s[256];

		shorts[j] = strdup(region_short(&g->members[j], s, sizeof(s)));
		head[j + 2] = shorts[j] != NULL ? shorts[j] : g->members[j].name;
	}
	nc = nm + 2;
	if (v->region_run > 0)
		head[nc++] = "Regionen";
	head[nc] = "Gj.ført";
	tb = table_new(nc + 1, head);
	tb->right[nc] = 1;
	tb->max[1] = TITLE_WIDTH;
	tb->keep = 2;
	heading(t, "Regionale tiltak × kommuner");
	for (r = 0; r < v->nrows; r++) {
		if (v->row_area[r] != area) {
			area = v->row_area[r];
			table_heading(tb, v->areas[area]);
		}
		cells[0] = (char *)(uintptr_t)v->rows[r]->id;
		snprintf(title, sizeof(title), "%s%s", v->rows[r]->m->retired ?
		    "(avsluttet) " : "", v->rows[r]->m->tittel);
		cells[1] = title;
		for (j = 0; j < nm; j++)
			cells[j + 2] = strdup(region_cell_text(
			    view_region_cell(v, r, j), buf));
		view_region_row_done(v, r, &ndone, &nin);
		snprintf(done, sizeof(done), "%zu/%zu", ndone, nin);
		if (v->region_run > 0) {
			const struct plan_report *rs = v->region_status[r];

			snprintf(reg, sizeof(reg), "%c", rs != NULL ?
			    domain_status_letter(rs->r->status) :
			    view_region_run(v->rows[r]->m) ? '-' : ' ');
			cells[nm + 2] = reg;
		}
		cells[nc] = done;
		table_add(tb, (const char *const *)cells);
		for (j = 0; j < nm; j++)
			free(cells[j + 2]);
	}
	doc_table(t, tb);
	table_destroy(&tb);
	doc_para(t, "%sForklaring: A=vedtatt (uttrykkelig eller med planen) "
	    "T=tilpasset X=avslått ?=ikke tatt stilling *=endret regionalt, "
	    "til vurdering%s", t->html || t->markdown ? "" : "  ",
	    v->region_run > 0 ? " Regionen=status for tiltak "
	    "koordineringsgruppen gjennomfører selv" : "");
	doc_para(t, "%sG=gjennomført I=igangsatt L=løpende F=forsinket "
	    "U=utsatt B=bortfalt S=ikke startet -=ingen rapport",
	    t->html || t->markdown ? "" : "  ");
out:
	for (j = 0; shorts != NULL && j < nm; j++)
		free(shorts[j]);
	free(shorts);
	free(cells);
	free(head);
}

/* Every status at the end of the period, with the kommune's note. */
static void
print_statuses(struct tool *t, const struct view_region *v)
{
	static const char *head[] = { "Tiltak", "Kommune", "Status",
	    "Merknad" };
	const struct plan_region	*g = v->g;
	struct table			*tb = table_new(4, head);
	char				 st[96];
	size_t				 r, j, area = (size_t)-1;

	heading(t, "Status og merknader per tiltak");
	for (r = 0; r < v->nrows; r++) {
		if (v->region_status[r] != NULL) {
			if (v->row_area[r] != area) {
				area = v->row_area[r];
				table_heading(tb, v->areas[area]);
			}
			const char *row[] = { v->rows[r]->id, g->coord.title,
			    region_status_text(v->region_status[r], st,
			    sizeof(st)), v->region_status[r]->r->note };
			table_add(tb, row);
		}
		for (j = 0; j < g->nmembers; j++) {
			const struct plan_cell *c = view_region_cell(v, r, j);

			if (c->status == NULL || c->choice == PLAN_DECLINE)
				continue;
			if (v->row_area[r] != area) {
				area = v->row_area[r];
				table_heading(tb, v->areas[area]);
			}
			const char *row[] = { v->rows[r]->id,
			    g->members[j].title, region_status_text(c->status,
			    st, sizeof(st)), c->status->r->note };
			table_add(tb, row);
		}
	}
	print_table(t, tb);
	table_destroy(&tb);
}

static void
print_totals(struct tool *t, const struct view_region *v)
{
	const struct plan_region	*g = v->g;
	const char			**head;
	char				**cells, **shorts, s[256];
	struct table			*tb;
	size_t				 a, j, nm = g->nmembers, done, in;

	head = calloc(nm + 2, sizeof(*head));
	cells = calloc(nm + 2, sizeof(*cells));
	shorts = calloc(nm + 1, sizeof(*shorts));
	if (head == NULL || cells == NULL || shorts == NULL)
		goto out;
	head[0] = "Innsatsområde";
	for (j = 0; j < nm; j++) {
		shorts[j] = strdup(region_short(&g->members[j], s, sizeof(s)));
		head[j + 1] = shorts[j] != NULL ? shorts[j] : g->members[j].name;
	}
	head[nm + 1] = "Sum";
	tb = table_new(nm + 2, head);
	for (j = 1; j < nm + 2; j++)
		tb->right[j] = 1;
	tb->keep = 1;
	heading(t, "Gjennomført av tiltak i kraft per innsatsområde "
	    "(regionale og lokale)");
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
	doc_table(t, tb);
	table_destroy(&tb);
out:
	for (j = 0; shorts != NULL && j < nm; j++)
		free(shorts[j]);
	free(shorts);
	free(cells);
	free(head);
}

/* "12,5" for people from a stored decimal "12.5", into buf. */
static const char *
decimal_human(const char *v, char *buf, size_t size)
{
	char	*dot;

	snprintf(buf, size, "%s", v != NULL ? v : "");
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
	return buf;
}

/*
 * The goals of each innsatsområde (the region's plan) and, for every
 * measure with a target value or a measured one, the target against
 * what each kommune reached by the end of the period.
 */
static void
print_goals(struct tool *t, const struct view_region *v)
{
	static const char *ghead[] = { "Innsatsområde", "Mål" };
	const struct plan_region	*g = v->g;
	const Samplan__PlanInfo		*p = g->coord.info;
	const char			**head;
	char				**cells, s[256], num[48], **own;
	struct table			*tb;
	size_t				 i, r, j, nm = g->nmembers, nown = 0;
	int				 any;

	heading(t, "Mål og måloppnåelse");
	tb = table_new(2, ghead);
	for (i = 0; p != NULL && i < p->n_mal; i++) {
		const char *row[] = { p->mal[i]->innsatsomrade,
		    p->mal[i]->tekst };
		table_add(tb, row);
	}
	print_table(t, tb);
	table_destroy(&tb);
	head = calloc(nm + 4, sizeof(*head));
	cells = calloc(nm + 4, sizeof(*cells));
	own = calloc(2 * nm + 2, sizeof(*own));
	if (head == NULL || cells == NULL || own == NULL)
		goto out;
	head[0] = "Tiltak";
	head[1] = "Indikator";
	head[2] = "Målverdi";
	for (j = 0; j < nm; j++) {
		own[nown] = strdup(region_short(&g->members[j], s, sizeof(s)));
		head[j + 3] = own[nown] != NULL ? own[nown] : g->members[j].name;
		nown++;
	}
	heading(t, "Målverdi mot oppnådd verdi");
	tb = table_new(nm + 3, head);
	tb->max[1] = TITLE_WIDTH;
	tb->keep = 3;
	for (j = 2; j < nm + 3; j++)
		tb->right[j] = 1;
	for (r = 0; r < v->nrows; r++) {
		const Samplan__Measure *m = v->rows[r]->m;

		any = m->malverdi != NULL && *m->malverdi != '\0';
		for (j = 0; j < nm && !any; j++) {
			const struct plan_cell *c = view_region_cell(v, r, j);

			any = c->status != NULL && *c->status->r->verdi;
		}
		if (!any)
			continue;
		cells[0] = (char *)(uintptr_t)m->id;
		cells[1] = (char *)(uintptr_t)m->indikator;
		own[nown] = strdup(*m->malverdi ? decimal_human(m->malverdi,
		    num, sizeof(num)) : "-");
		cells[2] = own[nown];
		for (j = 0; j < nm; j++) {
			const struct plan_cell *c = view_region_cell(v, r, j);

			cells[j + 3] = strdup(c->status != NULL &&
			    *c->status->r->verdi ? decimal_human(
			    c->status->r->verdi, num, sizeof(num)) : "-");
		}
		table_add(tb, (const char *const *)cells);
		free(own[nown]);
		own[nown] = NULL;
		for (j = 0; j < nm; j++)
			free(cells[j + 3]);
	}
	print_table(t, tb);
	table_destroy(&tb);
out:
	for (i = 0; own != NULL && i < nown; i++)
		free(own[i]);
	free(own);
	free(cells);
	free(head);
}

/* The title of kommune `name` in g (exceptions carry node names). */
static const char *
title_of(const struct plan_region *g, const char *name)
{
	const struct plan_node	*k = plan_member(g, name);

	return k != NULL ? k->title : name;
}

/* The title of measure id: regional, else the kommune's local one. */
static const char *
measure_title(const struct plan_region *g, const char *kommune,
    const char *id)
{
	const struct plan_measure	*pm = plan_regional(g, id);
	const struct plan_node		*k;

	if (pm == NULL && (k = plan_member(g, kommune)) != NULL)
		pm = plan_local(k, id);
	return pm != NULL ? pm->m->tittel : "";
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
		const char *kt = title_of(v->g, k);

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
				const char *row[] = { first ? kt : "",
				    first ? count : "", line };

				table_add(tb, row);
				first = 0;
				line[0] = '\0';
			}
			snprintf(line + strlen(line), sizeof(line) -
			    strlen(line), "%s%s", line[0] ? ", " : "", id);
		}
		const char *row[] = { first ? kt : "", first ? count : "",
		    line };
		table_add(tb, row);
		i += n;
	}
	return i;
}

static void
exception_detail(const struct view_exception *e, char *det, size_t size)
{
	char	d1[11], d2[11];

	det[0] = '\0';
	switch (e->kind) {
	case VIEW_EX_DECLINED:
		snprintf(det, size, "%s", e->new);
		break;
	case VIEW_EX_CHANGED:
		snprintf(det, size, "%s: %s → %s", e->field,
		    domain_date_human(e->old, d1), domain_date_human(e->new,
		    d2));
		break;
	case VIEW_EX_FLAGGED:
		snprintf(det, size, "besluttet på versjon %llu, gjeldende "
		    "%llu", (unsigned long long)e->based_on,
		    (unsigned long long)e->version);
		break;
	case VIEW_EX_OVERDUE:
		snprintf(det, size, "frist %s, status %s",
		    domain_date_human(e->old, d1), *e->new ?
		    domain_status_label(e->new) : "ingen rapport");
		break;
	default:
		break;
	}
}

static void
print_exceptions(struct tool *t, const struct view_region *v)
{
	static const char *head[] = { "Kommune", "Tiltak", "Tittel",
	    "Detaljer" };
	static const char *mhead[] = { "Kommune", "Antall", "Tiltak" };
	struct table	*tb;
	char		 det[600], title[128];
	size_t		 i = 0, kind;

	for (kind = 0; kind <= VIEW_EX_MISSING; kind++) {
		snprintf(title, sizeof(title), "%s%s%s",
		    view_exception_title(kind), kind == VIEW_EX_MISSING ||
		    kind == VIEW_EX_OVERDUE ? " " : "",
		    kind == VIEW_EX_MISSING || kind == VIEW_EX_OVERDUE ?
		    v->period : "");
		heading(t, title);
		if (kind == VIEW_EX_MISSING) {
			tb = table_new(3, mhead);
			tb->right[1] = 1;
			i = missing_rows(v, i, tb);
			print_table(t, tb);
			table_destroy(&tb);
			continue;
		}
		tb = table_new(4, head);
		tb->max[2] = TITLE_WIDTH;
		for (; i < v->nex && v->ex[i].kind == kind; i++) {
			const struct view_exception *e = &v->ex[i];

			exception_detail(e, det, sizeof(det));
			const char *row[] = { title_of(v->g, e->kommune),
			    e->measure, measure_title(v->g, e->kommune,
			    e->measure), det };
			table_add(tb, row);
		}
		print_table(t, tb);
		table_destroy(&tb);
	}
}

/* Regional measures the region retired, with the reason. */
static void
print_retired(struct tool *t, const struct view_region *v)
{
	static const char *head[] = { "Tiltak", "Tittel", "Begrunnelse" };
	struct table	*tb = table_new(3, head);
	size_t		 r;

	heading(t, "Avsluttede regionale tiltak");
	for (r = 0; r < v->nrows; r++) {
		const Samplan__Measure *m = v->rows[r]->m;

		if (!m->retired)
			continue;
		const char *row[] = { m->id, m->tittel, m->retired_reason };
		table_add(tb, row);
	}
	print_table(t, tb);
	table_destroy(&tb);
}

/* Each kommune's local measures, with status and note at period end. */
static void
print_local(struct tool *t, const struct view_region *v)
{
	static const char *head[] = { "Kommune", "Tiltak", "Innsatsområde",
	    "Tittel", "Frist", "Status", "Merknad" };
	const struct plan_region	*g = v->g;
	struct table			*tb = table_new(7, head);
	char				 st[96], d[11];
	char				 title[DOMAIN_TEXT_MAX + 16];
	size_t				 j, i;

	tb->max[3] = TITLE_WIDTH;
	heading(t, "Lokale tiltak");
	for (j = 0; j < g->nmembers; j++) {
		const struct plan_node *k = &g->members[j];

		for (i = 0; i < k->nlocal; i++) {
			const Samplan__Measure *m = k->local[i].m;
			const struct plan_report *r;

			r = plan_status_at(k, 0, m->id, v->period);
			snprintf(title, sizeof(title), "%s%s", m->retired ?
			    "(avsluttet) " : "", m->tittel);
			const char *row[] = { k->title, m->id,
			    m->innsatsomrade, title, *m->frist ?
			    domain_date_human(m->frist, d) : "-",
			    region_status_text(r, st, sizeof(st)),
			    m->retired ? m->retired_reason : r ? r->r->note :
			    "" };
			table_add(tb, row);
		}
	}
	print_table(t, tb);
	table_destroy(&tb);
}

int
cmd_region(struct tool *t, int argc, char **argv)
{
	struct view_region	*v;
	struct opts		 o;
	struct ctx		 c;
	int			 rc;

	if ((rc = opts_parse(t, "region", argc, argv, OPT_REGION | OPT_FORMAT |
	    OPT_MARKDOWN | OPT_PERIOD | OPT_TECHNICAL | OPT_HTML, 0, &o)) != 0)
		return rc;
	if (o.period != NULL && domain_period_check(o.period) != 0)
		return ctx_error(NULL, "period", "«%s» is not a period (2025, "
		    "2025H1..H2 or 2025T1..T3)", o.period);
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if ((rc = ctx_check_period(t, &c, c.coord ? NULL : c.k)) != 0) {
		ctx_close(&c);
		return rc;
	}
	if ((rc = view_region_build(c.g, c.today, o.period, &v)) != 0) {
		fprintf(stderr, _("samplan: region: %s\n"), sp_strerror(rc));
		ctx_close(&c);
		return EXIT_FAIL;
	}
	if (t->json)
		region_json(v, c.today, o.technical);
	else if (t->csv)
		region_csv(t, v);
	else if (o.technical) {
		region_technical(t, v, c.today);
	} else {
		print_header(t, v, c.today);
		if (c.g->parallel)
			cycle_own_states(t, c.g, c.today);
		else
			print_states(t, v);
		cycle_timeline(t, c.g->coord.info, "Prosessplan", c.today);
		print_matrix(t, v);
		print_statuses(t, v);
		print_totals(t, v);
		print_goals(t, v);
		print_exceptions(t, v);
		print_retired(t, v);
		print_local(t, v);
		doc_end(t);
	}
	view_region_destroy(&v);
	ctx_close(&c);
	return EXIT_OK;
}
