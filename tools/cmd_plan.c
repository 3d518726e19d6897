/*
 * cmd_plan.c - `samplan plan set` (a node's plan: title, period, state,
 * vedtak, innsatsområder and their goals, the regional version adopted;
 * an adopted state needs its vedtak and adoption choice) and `samplan
 * plan show [--period P]` (a kommune's effective plan, or the region's
 * own, as text, Markdown, HTML, JSON, CSV or Excel CSV).  plan show
 * reads the store only; it works whether or not the node runs.
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
#include "wire.h"

#define PLAN_FIELDS	"tittel, periode, state, vedtak.organ, vedtak.dato, " \
			"vedtak.saksnr, vedtak.arkivref, innsatsomrader, " \
			"i_kraft, regional_version, mal, horing.start, " \
			"horing.frist, horing.hort, horing.innspill, " \
			"innstilling.organ, innstilling.dato, " \
			"innstilling.saksnr, innstilling.arkivref, " \
			"nasjonalt_grunnlag, planlenker, malgrupper, ressurser"

/* ---- plan set ---- */

static int
str_set(char **slot, const char *v)
{
	char	*copy;

	if ((copy = strdup(v)) == NULL)
		return SP_ENOMEM;
	if (*slot != NULL && *slot != protobuf_c_empty_string)
		free(*slot);
	*slot = copy;
	return 0;
}

/* Appends the goal (mål) text of innsatsområde area to p. */
static int
goal_add(Samplan__PlanInfo *p, const char *area, const char *text)
{
	Samplan__Goal	**v, *g;

	if ((v = realloc(p->mal, (p->n_mal + 1) * sizeof(*v))) == NULL)
		return SP_ENOMEM;
	p->mal = v;
	if ((g = malloc(sizeof(*g))) == NULL)
		return SP_ENOMEM;
	samplan__goal__init(g);
	g->innsatsomrade = strdup(area);
	g->tekst = strdup(text);
	v[p->n_mal++] = g;
	return g->innsatsomrade == NULL || g->tekst == NULL ? SP_ENOMEM : 0;
}

/*
 * --set "mal=INNSATSOMRÅDE: goal" adds a goal to a declared
 * innsatsområde; --set mal= removes them all.
 */
static int
set_goal(const struct ctx *c, Samplan__PlanInfo *p, const char *v)
{
	const char	*colon = strchr(v, ':'), *text;
	char		*area, **names;
	size_t		 i, n;
	int		 rc;

	if (*v == '\0') {
		for (i = 0; i < p->n_mal; i++)
			wire_free((ProtobufCMessage **)&p->mal[i]);
		free(p->mal);
		p->mal = NULL;
		p->n_mal = 0;
		return 0;
	}
	if (colon == NULL || colon == v)
		return ctx_error(NULL, "mal", "«%s» is not INNSATSOMRÅDE: "
		    "goal (e.g. \"Målrettet forebygging: Alle ansatte vet hva "
		    "de skal gjøre\")", v);
	if ((area = strndup(v, (size_t)(colon - v))) == NULL)
		return EXIT_FAIL;
	for (text = colon + 1; *text == ' '; text++)
		;
	names = p->innsatsomrader;
	n = p->n_innsatsomrader;
	if (n == 0)
		n = plan_areas(c->g, c->k, &names);
	for (i = 0; i < n && strcmp(names[i], area) != 0; i++)
		;
	if (n > 0 && i == n) {
		rc = ctx_error(NULL, "mal", "«%s» is not one of the plan's "
		    "innsatsområder", area);
		free(area);
		return rc;
	}
	rc = *text == '\0' ? ctx_error(NULL, "mal", "the goal of «%s» has "
	    "no text", area) : goal_add(p, area, text) != 0 ? EXIT_FAIL : 0;
	free(area);
	return rc;
}

/* A new PlanInfo, a deep copy of old (NULL: empty) for region. */
Samplan__PlanInfo *
planinfo_copy(const Samplan__PlanInfo *old, const char *region)
{
	Samplan__PlanInfo	*p;
	size_t			 i;

	if ((p = malloc(sizeof(*p))) == NULL)
		return NULL;
	samplan__plan_info__init(p);
	if ((p->vedtak = malloc(sizeof(*p->vedtak))) == NULL) {
		free(p);
		return NULL;
	}
	samplan__vedtak__init(p->vedtak);
	if (str_set(&p->region, region) != 0)
		goto fail;
	if (old == NULL)
		return p;
	if (str_set(&p->tittel, old->tittel) != 0 ||
	    str_set(&p->periode, old->periode) != 0 ||
	    str_set(&p->state, old->state) != 0 ||
	    str_set(&p->i_kraft, old->i_kraft) != 0)
		goto fail;
	if (old->vedtak != NULL && (str_set(&p->vedtak->organ,
	    old->vedtak->organ) != 0 || str_set(&p->vedtak->dato,
	    old->vedtak->dato) != 0 || str_set(&p->vedtak->saksnr,
	    old->vedtak->saksnr) != 0))
		goto fail;
	p->regional_version = old->regional_version;
	if (cycle_plan_copy(p, old) != 0)
		goto fail;
	for (i = 0; i < old->n_mal; i++)
		if (goal_add(p, old->mal[i]->innsatsomrade,
		    old->mal[i]->tekst) != 0)
			goto fail;
	if (old->n_innsatsomrader > 0) {
		if ((p->innsatsomrader = calloc(old->n_innsatsomrader,
		    sizeof(char *))) == NULL)
			goto fail;
		for (i = 0; i < old->n_innsatsomrader; i++) {
			if ((p->innsatsomrader[i] =
			    strdup(old->innsatsomrader[i])) == NULL)
				goto fail;
			p->n_innsatsomrader++;
		}
	}
	return p;
fail:
	wire_free((ProtobufCMessage **)&p);
	return NULL;
}

/* Splits "A; B; C" into p->innsatsomrader. */
static int
set_areas(Samplan__PlanInfo *p, const char *v)
{
	const char	*s = v, *e;
	size_t		 i, n;

	for (i = 0; i < p->n_innsatsomrader; i++)
		free(p->innsatsomrader[i]);
	free(p->innsatsomrader);
	p->innsatsomrader = NULL;
	p->n_innsatsomrader = 0;
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		e = strchr(s, ';');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (n == 0)
			return ctx_error(NULL, "innsatsomrader", "an empty name "
			    "in «%s» (separate names with ; )", v);
		char **nv = realloc(p->innsatsomrader,
		    (p->n_innsatsomrader + 1) * sizeof(*nv));
		if (nv == NULL)
			return EXIT_FAIL;
		p->innsatsomrader = nv;
		if ((nv[p->n_innsatsomrader] = strndup(s, n)) == NULL)
			return EXIT_FAIL;
		p->n_innsatsomrader++;
		s = e != NULL ? e + 1 : s + n;
		while (*s == ' ')
			s++;
	}
	return 0;
}

/* A date as given: ISO, or Norwegian d.m.yyyy converted. */
static int
set_date(char **slot, const char *field, const char *v)
{
	const char	*why;
	char		 iso[11];

	if (*v == '\0')
		return str_set(slot, v) == 0 ? 0 : EXIT_FAIL;
	if (domain_date_input(v, iso, &why) == 0)
		return str_set(slot, iso) == 0 ? 0 : EXIT_FAIL;
	return ctx_error(NULL, field, "«%s» %s", v, _(why));
}

static int
plan_field(const struct ctx *c, Samplan__PlanInfo *p, const char *f,
    const char *v)
{
	const char	*code = NULL;
	char		*end;
	int		 rc;

	if ((rc = cycle_plan_field(p, f, v)) >= 0)
		return rc;
	if (strcmp(f, "tittel") == 0)
		return str_set(&p->tittel, v) ? EXIT_FAIL : 0;
	if (strcmp(f, "periode") == 0) {
		const char *why;

		if (*v != '\0' && domain_plan_period_input(v, &why) != 0)
			return ctx_error(NULL, f, "«%s» %s", v, _(why));
		return str_set(&p->periode, v) ? EXIT_FAIL : 0;
	}
	if (strcmp(f, "state") == 0) {
		if (*v != '\0' && (code = domain_state_parse(v)) == NULL)
			return ctx_error(NULL, "state", "«%s» is not a plan "
			    "state (%s)", v, domain_state_expected());
		return str_set(&p->state, *v ? code : "") ? EXIT_FAIL : 0;
	}
	if (strcmp(f, "vedtak.organ") == 0)
		return str_set(&p->vedtak->organ, v) ? EXIT_FAIL : 0;
	if (strcmp(f, "vedtak.saksnr") == 0)
		return str_set(&p->vedtak->saksnr, v) ? EXIT_FAIL : 0;
	if (strcmp(f, "vedtak.dato") == 0)
		return set_date(&p->vedtak->dato, f, v);
	if (strcmp(f, "i_kraft") == 0)
		return set_date(&p->i_kraft, f, v);
	if (strcmp(f, "innsatsomrader") == 0)
		return set_areas(p, v);
	if (strcmp(f, "mal") == 0)
		return set_goal(c, p, v);
	if (strcmp(f, "regional_version") == 0) {
		if (c->k == NULL)
			return ctx_error(NULL, f, "only a member kommune adopts "
			    "a version of the regional plan");
		p->regional_version = strtoull(v, &end, 10);
		if (*v == '\0' || *end != '\0' || p->regional_version >
		    plan_region_version(c->g))
			return ctx_error(NULL, f, "«%s» is not a version of the "
			    "regional plan held here (1..%llu)", v,
			    (unsigned long long)plan_region_version(c->g));
		return 0;
	}
	return ctx_error(NULL, f, "unknown plan field (" PLAN_FIELDS ")");
}

/*
 * An adopted plan (vedtatt, i kraft, ...) names its vedtak, and a
 * member kommune says which regional plan version it adopted (when the
 * region has regional measures to adopt).  Says what is missing.
 */
static int
plan_adoption_check(const struct ctx *c, const Samplan__PlanInfo *p)
{
	const char	*label = domain_state_label(p->state);

	if (!domain_state_adopted(p->state))
		return 0;
	if (p->vedtak == NULL || *p->vedtak->organ == '\0')
		return ctx_error(NULL, "vedtak.organ", "state «%s» needs the "
		    "vedtak: --set vedtak.organ=Kommunestyret --set "
		    "vedtak.dato=20.06.2024 --set vedtak.saksnr=45/24", label);
	if (*p->vedtak->dato == '\0')
		return ctx_error(NULL, "vedtak.dato", "state «%s» needs the "
		    "date of the vedtak (--set vedtak.dato=20.06.2024)", label);
	if (c->k != NULL && c->g->nmeasures > 0 && p->regional_version == 0)
		return ctx_error(NULL, "adopt-regional", "state «%s» needs the "
		    "adoption choice: --adopt-regional (the regional plan as "
		    "it is now, version %llu) or --set regional_version=N",
		    label, (unsigned long long)plan_region_version(c->g));
	return 0;
}

/*
 * A plan is in force from its adoption on, not before: names both dates
 * when i_kraft is before vedtak.dato (domain_check_plan() refuses the
 * same record, with a fixed text).  Checked on the record as it will be
 * written, whichever of the two this command set.
 */
static int
plan_i_kraft_check(const Samplan__PlanInfo *p)
{
	char	a[11], b[11];

	if (p->vedtak == NULL || *p->vedtak->dato == '\0' ||
	    *p->i_kraft == '\0' || strcmp(p->i_kraft, p->vedtak->dato) >= 0)
		return 0;
	return ctx_error(NULL, "i_kraft", "i_kraft %s is before the vedtak "
	    "of %s (vedtak.dato): a plan cannot be in force before it is "
	    "adopted", domain_date_human(p->i_kraft, a),
	    domain_date_human(p->vedtak->dato, b));
}

/*
 * A version is discarded and brought back only by plan discard and
 * plan revise, which check that it is not in force, not adopted, and
 * that no other successor exists; plan set does not change to or from
 * forkastet.
 */
static int
plan_discard_guard(const Samplan__PlanInfo *old, const Samplan__PlanInfo *p)
{
	const char	*was = old != NULL && old->state != NULL ? old->state :
			    "";

	if (strcmp(p->state, "forkastet") == 0 && strcmp(was, "forkastet") != 0)
		return ctx_error(NULL, "state", "a plan version is discarded "
		    "with samplan plan discard --plan PERIOD");
	if (strcmp(was, "forkastet") == 0 && strcmp(p->state, "forkastet") != 0)
		return ctx_error(NULL, "state", "this plan version is discarded "
		    "(forkastet); samplan plan revise --plan PERIOD brings it "
		    "back");
	return 0;
}

static int
plan_set(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__PlanInfo	*p;
	struct opts		 o;
	struct ctx		 c;
	const char		*field, *why;
	size_t			 i;
	int			 rc;

	if ((rc = opts_parse(t, "plan set", argc, argv, OPT_SET | OPT_ADOPT |
	    OPT_REGION, 0, &o)) != 0)
		return rc;
	if (o.nset == 0 && !o.adopt)
		return tool_error("usage: samplan plan set --set FIELD=VALUE ... "
		    "[--adopt-regional] (fields: " PLAN_FIELDS ")");
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if (!c.coord && c.k == NULL) {
		rc = tool_error("plan: node %s is not part of %s",
		    t->cfg->name, c.g->cfg->name);
		goto out;
	}
	if ((p = planinfo_copy(c.coord ? c.g->coord.info : c.k->info,
	    c.g->cfg->name)) == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < o.nset && rc == 0; i++)
		rc = plan_field(&c, p, o.set[i].field, o.set[i].value);
	if (rc == 0 && o.adopt) {
		if (c.k == NULL)
			rc = ctx_error(NULL, "adopt-regional", "only a member "
			    "kommune adopts the regional plan");
		else if (plan_region_version(c.g) == 0)
			rc = ctx_error(NULL, "adopt-regional", "no regional plan "
			    "of %s has reached this node yet", c.g->cfg->name);
		else
			p->regional_version = plan_region_version(c.g);
	}
	if (rc == 0)
		rc = plan_discard_guard(c.coord ? c.g->coord.info : c.k->info,
		    p);
	if (rc == 0)
		rc = plan_adoption_check(&c, p);
	if (rc == 0)
		rc = plan_i_kraft_check(p);
	if (rc == 0 && domain_check_plan(p, &field, &why) != 0)
		rc = ctx_error(NULL, field, "%s", why);
	if (rc == 0) {
		req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_PLAN;
		req.plan = p;
		rc = tool_send(t, &req, "plan", 0);
	}
	wire_free((ProtobufCMessage **)&p);
out:
	ctx_close(&c);
	return rc;
}

/* ---- plan show ---- */

/* "gjennomført (2025)" or "-". */
static const char *
status_text(const struct plan_report *r, char *buf, size_t size)
{
	if (r == NULL)
		return "-";
	snprintf(buf, size, "%s (%s)", domain_status_label(r->r->status),
	    r->r->period);
	return buf;
}

static void
plan_header(struct tool *t, const struct view_plan *v, const char *today)
{
	const Samplan__PlanInfo	*p = v->k ? v->k->info : v->g->coord.info;
	const char		*who = v->k ? v->k->title : v->g->coord.title;
	char			 d[11], *title;

	if (asprintf(&title, "Plan: %s, %s (%s)", who, v->g->cfg->title ?
	    v->g->cfg->title : v->g->cfg->name, v->k ? "kommune" :
	    "regional plan") < 0)
		return;
	doc_begin(t, title);
	free(title);
	if (p == NULL) {
		doc_para(t, "Ingen plan registrert (samplan plan set)");
	} else {
		doc_para(t, "Tittel: %s", *p->tittel ? p->tittel : "-");
		doc_para(t, "Planperiode: %s · tilstand: %s", *p->periode ?
		    p->periode : "-", *p->state ?
		    domain_state_label(p->state) : "-");
		if (p->vedtak != NULL && *p->vedtak->organ)
			doc_para(t, "Vedtak: %s %s, sak %s", p->vedtak->organ,
			    domain_date_human(p->vedtak->dato, d),
			    *p->vedtak->saksnr ? p->vedtak->saksnr : "-");
		if (*p->i_kraft)
			doc_para(t, "I kraft fra: %s",
			    domain_date_human(p->i_kraft, d));
		cycle_plan_context(t, p);
	}
	if (v->k != NULL)
		doc_para(t, "Regional plan: vedtatt versjon %llu, gjeldende "
		    "versjon %llu", p ? (unsigned long long)p->regional_version :
		    0, (unsigned long long)plan_region_version(v->g));
	else
		doc_para(t, "Regional plan: versjon %llu",
		    (unsigned long long)plan_region_version(v->g));
	region_asof(t, v->period, v->judged, today);
}

static void
plan_text(struct tool *t, const struct view_plan *v, const char *today)
{
	static const char *head[] = { "ID", "Opphav", "Tittel", "Ansvar",
	    "Frist", "Status", "Merknad", "Obs" };
	struct table	*tb = table_new(8, head);
	char		 sbuf[64], mbuf[DOMAIN_TEXT_MAX + 32], d[11];
	size_t		 i, area = (size_t)-1;

	plan_header(t, v, today);
	if (!t->html)
		fputc('\n', stdout);
	tb->max[2] = 44;
	tb->max[3] = 32;
	for (i = 0; i < v->nitems; i++) {
		const struct view_item *it = &v->items[i];

		if (it->area != area) {
			area = it->area;
			table_heading(tb, v->areas[area]);
		}
		const char *row[] = { it->eff.id, view_origin_label(it->origin),
		    it->eff.tittel, it->eff.ansvar, *it->eff.frist ?
		    domain_date_human(it->eff.frist, d) : "-",
		    v->k ? status_text(it->status, sbuf, sizeof(sbuf)) : "",
		    v->k && it->status ? it->status->r->note : "",
		    view_item_concerns(v, it, mbuf, sizeof(mbuf)) };
		table_add(tb, row);
	}
	if (v->nitems == 0)
		doc_para(t, "(ingen tiltak)");
	else
		table_print(tb, stdout, t->html ? TABLE_HTML : t->markdown ?
		    TABLE_MARKDOWN : TABLE_TEXT, NULL);
	table_destroy(&tb);
	doc_end(t);
}

static void
plan_csv(struct tool *t, const struct view_plan *v)
{
	static const char *head[] = { "id", "innsatsomrade", "tittel",
	    "beskrivelse", "ansvar", "samarbeidspartnere", "frist",
	    "indikator", "malgruppe", "origin", "decision", "flagged",
	    "status", "period", "overdue", "avsluttet" };
	struct table	*tb = table_new(16, head);
	size_t		 i;

	for (i = 0; i < v->nitems; i++) {
		const struct view_item *it = &v->items[i];
		const char *row[] = { it->eff.id, it->eff.innsatsomrade,
		    it->eff.tittel, it->eff.beskrivelse, it->eff.ansvar,
		    it->eff.samarbeidspartnere, it->eff.frist,
		    it->eff.indikator, it->eff.malgruppe, it->origin,
		    strcmp(it->origin, VIEW_LOCAL) == 0 || v->k == NULL ? "" :
		    view_choice_name(it->cell.choice),
		    it->cell.flagged ? "yes" : "",
		    it->status ? it->status->r->status : "",
		    it->status ? it->status->r->period : "",
		    it->overdue ? "yes" : "",
		    it->retired ? it->eff.retired_reason : "" };
		table_add(tb, row);
	}
	if (t->excel)
		table_excel_bom(stdout);
	table_print(tb, stdout, ctx_format(t), NULL);
	table_destroy(&tb);
}

/* The JSON of one measure: its fields, under the CSV names. */
json_t *
measure_json(const Samplan__Measure *m)
{
	const char *const	*fields;
	json_t			*j = json_object();
	size_t			 n, i;

	fields = domain_measure_fields(&n);
	for (i = 0; i < n; i++)
		json_object_set_new(j, fields[i], json_string(
		    domain_measure_get(m, fields[i])));
	json_object_set_new(j, "retired", json_boolean(m->retired));
	json_object_set_new(j, "retired_reason", json_string(
	    m->retired_reason != NULL ? m->retired_reason : ""));
	return j;
}

json_t *
report_json(const struct plan_report *r)
{
	json_t	*j;

	if (r == NULL)
		return json_null();
	j = json_object();
	json_object_set_new(j, "period", json_string(r->r->period));
	json_object_set_new(j, "status", json_string(r->r->status));
	json_object_set_new(j, "label", json_string(domain_status_label(
	    r->r->status)));
	json_object_set_new(j, "note", json_string(r->r->note));
	json_object_set_new(j, "verdi", json_string(r->r->verdi != NULL ?
	    r->r->verdi : ""));
	json_object_set_new(j, "seq", json_integer((json_int_t)r->rec->seq));
	return j;
}

static void
plan_json(const struct view_plan *v)
{
	const Samplan__PlanInfo	*p = v->k ? v->k->info : v->g->coord.info;
	json_t			*j = json_object(), *arr = json_array(), *o;
	json_t			*ov;
	size_t			 i, k;

	json_object_set_new(j, "region", json_string(v->g->cfg->name));
	json_object_set_new(j, "node", json_string(v->k ? v->k->name :
	    v->g->coord.name));
	json_object_set_new(j, "plan", p ? json_from_message(&p->base) :
	    json_null());
	json_object_set_new(j, "regional_version", json_integer(
	    (json_int_t)plan_region_version(v->g)));
	json_object_set_new(j, "period", json_string(v->period));
	json_object_set_new(j, "title", json_string(v->k ? v->k->title :
	    v->g->coord.title));
	for (i = 0; i < v->nitems; i++) {
		const struct view_item *it = &v->items[i];
		int local = strcmp(it->origin, VIEW_LOCAL) == 0;

		o = measure_json(&it->eff);
		json_object_set_new(o, "origin", json_string(it->origin));
		json_object_set_new(o, "version", json_integer(
		    (json_int_t)it->pm->version));
		if (v->k != NULL && !local) {
			json_object_set_new(o, "decision", json_string(
			    view_choice_name(it->cell.choice)));
			json_object_set_new(o, "implicit",
			    json_boolean(it->cell.implicit));
			json_object_set_new(o, "based_on", json_integer(
			    (json_int_t)it->cell.based_on));
			json_object_set_new(o, "changed",
			    json_boolean(it->cell.changed));
			json_object_set_new(o, "flagged",
			    json_boolean(it->cell.flagged));
			ov = json_object();
			for (k = 0; it->cell.a != NULL && it->cell.choice ==
			    PLAN_ADAPT && k < it->cell.a->n_overrides; k++) {
				const char *f = it->cell.a->overrides[k]->field;
				json_t *pair = json_object();

				json_object_set_new(pair, "local", json_string(
				    it->cell.a->overrides[k]->value));
				json_object_set_new(pair, "regional",
				    json_string(domain_measure_get(it->pm->m,
				    f)));
				json_object_set_new(ov, f, pair);
			}
			json_object_set_new(o, "overrides", ov);
			json_object_set_new(o, "reason", json_string(
			    it->cell.a ? it->cell.a->reason : ""));
		}
		if (v->k != NULL) {
			json_object_set_new(o, "status",
			    report_json(it->status));
			json_object_set_new(o, "overdue",
			    json_boolean(it->overdue));
		}
		json_array_append_new(arr, o);
	}
	json_object_set_new(j, "measures", arr);
	json_print(j);
}

static int
plan_show(struct tool *t, int argc, char **argv)
{
	struct view_plan	*v;
	struct opts		 o;
	struct ctx		 c;
	const struct plan_node	*k;
	size_t			 i;
	int			 rc;

	if ((rc = opts_parse(t, "plan show", argc, argv, OPT_KOMMUNE |
	    OPT_REGION | OPT_FORMAT | OPT_MARKDOWN | OPT_PERIOD | OPT_HTML, 0,
	    &o)) != 0)
		return rc;
	if (o.period != NULL && domain_period_check(o.period) != 0)
		return ctx_error(NULL, "period", "«%s» is not a period (2025, "
		    "2025H1..H2 or 2025T1..T3)", o.period);
	/* --kommune K picks the region K belongs to. */
	if (o.kommune != NULL && o.region == NULL)
		for (i = 0; i < t->cfg->nregions; i++)
			if (config_is_member(&t->cfg->regions[i], o.kommune)) {
				o.region = t->cfg->regions[i].name;
				break;
			}
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	k = c.k;
	if (o.kommune != NULL && (k = plan_member(c.g, o.kommune)) == NULL &&
	    (k = plan_member_by_label(c.g, o.kommune)) == NULL) {
		rc = ctx_error(NULL, "kommune", "«%s» is not a member of %s",
		    o.kommune, c.g->cfg->name);
		goto out;
	}
	if ((rc = ctx_check_period(t, &c, k)) != 0)
		goto out;
	if ((rc = view_plan_build(c.g, k, c.today, o.period, &v)) != 0) {
		fprintf(stderr, "samplan: plan show: %s\n", sp_strerror(rc));
		rc = EXIT_FAIL;
		goto out;
	}
	if (t->json)
		plan_json(v);
	else if (t->csv)
		plan_csv(t, v);
	else
		plan_text(t, v, c.today);
	view_plan_destroy(&v);
out:
	ctx_close(&c);
	return rc;
}

int
cmd_plan(struct tool *t, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "set") == 0)
		return plan_set(t, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return plan_show(t, argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "revise") == 0 ||
	    strcmp(argv[1], "versions") == 0 ||
	    strcmp(argv[1], "discard") == 0))
		return cmd_plan_cycle(t, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "compare") == 0)
		return cmd_plan_compare(t, argc - 1, argv + 1);
	return tool_error("usage: samplan plan set|show|revise|discard|"
	    "versions|compare ...");
}
