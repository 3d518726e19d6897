/*
 * cmd_cycle.c - the four-year cycle on the command line: `samplan plan
 * revise` (the successor as a draft next to the plan in force, measures
 * carried over or ended with the period), `samplan plan versions` (the
 * region's plans and, per kommune, where the successor stands in its
 * political handling), the plan fields of that handling (høring,
 * innstilling, archive references), of the plan's context (national
 * basis, other plans, målgrupper, resources) and of the prosessplan
 * (milestones, printed as a timeline) for `plan set` and the views.
 * The rules of which version is in force are cycle.c's; this file
 * parses and prints.  `plan discard` and the revival of a discarded
 * version by `plan revise` are cycle_discard.c's.
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
#include "wire.h"

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

static int
str_put(char **slot, const char *v)
{
	char	*copy;

	if ((copy = strdup(nz(v))) == NULL)
		return EXIT_FAIL;
	if (*slot != NULL && *slot != protobuf_c_empty_string)
		free(*slot);
	*slot = copy;
	return 0;
}

static int
date_put(char **slot, const char *field, const char *v)
{
	const char	*why;
	char		 iso[11];

	if (*v == '\0')
		return str_put(slot, v);
	if (domain_date_input(v, iso, &why) == 0)
		return str_put(slot, iso);
	return ctx_error(NULL, field, "«%s» %s", v, _(why));
}

/* ---- the fields of the political handling ---- */

static Samplan__Vedtak *
innstilling(Samplan__PlanInfo *p)
{
	if (p->innstilling == NULL &&
	    (p->innstilling = malloc(sizeof(*p->innstilling))) != NULL)
		samplan__vedtak__init(p->innstilling);
	return p->innstilling;
}

/* Copies the part of s before the next ';' (or the end), trimmed. */
static char *
part(const char **s)
{
	const char	*b = *s, *e;
	size_t		 n;

	while (*b == ' ')
		b++;
	e = strchr(b, ';');
	n = e != NULL ? (size_t)(e - b) : strlen(b);
	*s = e != NULL ? e + 1 : b + n;
	while (n > 0 && b[n - 1] == ' ')
		n--;
	return strndup(b, n);
}

static void
milestone_free(Samplan__Milestone *m)
{
	wire_free((ProtobufCMessage **)&m);
}

/* Drops milestone i of p. */
static void
milestone_drop(Samplan__PlanInfo *p, size_t i)
{
	milestone_free(p->milepaler[i]);
	memmove(&p->milepaler[i], &p->milepaler[i + 1],
	    (p->n_milepaler - i - 1) * sizeof(*p->milepaler));
	p->n_milepaler--;
}

/*
 * "NAVN; PLANLAGT; FAKTISK; ANSVAR" adds or replaces the milestone of
 * that name; "NAVN" alone removes it.
 */
static int
milestone_set(Samplan__PlanInfo *p, const char *v)
{
	Samplan__Milestone	*m, **nv;
	const char		*s = v;
	char			*navn, *pl, *fa, *an;
	size_t			 i;
	int			 rc = 0;

	navn = part(&s);
	pl = part(&s);
	fa = part(&s);
	an = part(&s);
	if (navn == NULL || pl == NULL || fa == NULL || an == NULL)
		rc = EXIT_FAIL;
	else if (*navn == '\0')
		rc = ctx_error(NULL, "milepael", "«%s»: write NAVN; PLANLAGT; "
		    "FAKTISK; ANSVAR (FAKTISK empty until reached)", v);
	for (i = 0; rc == 0 && i < p->n_milepaler; i++)
		if (strcmp(p->milepaler[i]->navn, navn) == 0) {
			milestone_drop(p, i);
			break;
		}
	if (rc == 0 && *pl != '\0') {
		if ((m = malloc(sizeof(*m))) == NULL ||
		    (nv = realloc(p->milepaler, (p->n_milepaler + 1) *
		    sizeof(*nv))) == NULL) {
			free(m);
			rc = EXIT_FAIL;
			goto out;
		}
		samplan__milestone__init(m);
		p->milepaler = nv;
		nv[p->n_milepaler++] = m;
		if (str_put(&m->navn, navn) != 0 ||
		    str_put(&m->ansvar, an) != 0)
			rc = EXIT_FAIL;
		else if ((rc = date_put(&m->planlagt, "milepael.planlagt",
		    pl)) == 0)
			rc = date_put(&m->faktisk, "milepael.faktisk", fa);
	}
out:
	free(navn);
	free(pl);
	free(fa);
	free(an);
	return rc;
}

int
cycle_plan_field(Samplan__PlanInfo *p, const char *f, const char *v)
{
	Samplan__Vedtak	*in;

	if (strcmp(f, "horing.start") == 0)
		return date_put(&p->horing_start, f, v);
	if (strcmp(f, "horing.frist") == 0)
		return date_put(&p->horingsfrist, f, v);
	if (strcmp(f, "horing.hort") == 0)
		return str_put(&p->horing_hort, v);
	if (strcmp(f, "horing.innspill") == 0)
		return str_put(&p->horing_innspill, v);
	if (strcmp(f, "vedtak.arkivref") == 0)
		return str_put(&p->vedtak->arkivref, v);
	if (strcmp(f, "nasjonalt_grunnlag") == 0)
		return str_put(&p->nasjonalt_grunnlag, v);
	if (strcmp(f, "planlenker") == 0)
		return str_put(&p->planlenker, v);
	if (strcmp(f, "malgrupper") == 0)
		return str_put(&p->malgrupper, v);
	if (strcmp(f, "ressurser") == 0)
		return str_put(&p->ressurser, v);
	if (strcmp(f, "milepael") == 0)
		return milestone_set(p, v);
	if (strncmp(f, "innstilling.", 12) != 0)
		return -1;
	if ((in = innstilling(p)) == NULL)
		return EXIT_FAIL;
	if (strcmp(f, "innstilling.organ") == 0)
		return str_put(&in->organ, v);
	if (strcmp(f, "innstilling.dato") == 0)
		return date_put(&in->dato, f, v);
	if (strcmp(f, "innstilling.saksnr") == 0)
		return str_put(&in->saksnr, v);
	if (strcmp(f, "innstilling.arkivref") == 0)
		return str_put(&in->arkivref, v);
	return -1;
}

static int
milestones_copy(Samplan__PlanInfo *p, const Samplan__PlanInfo *old)
{
	Samplan__Milestone	*m;
	size_t			 i;

	if (old->n_milepaler == 0)
		return 0;
	if ((p->milepaler = calloc(old->n_milepaler,
	    sizeof(*p->milepaler))) == NULL)
		return EXIT_FAIL;
	for (i = 0; i < old->n_milepaler; i++) {
		if ((m = malloc(sizeof(*m))) == NULL)
			return EXIT_FAIL;
		samplan__milestone__init(m);
		p->milepaler[p->n_milepaler++] = m;
		if (str_put(&m->navn, old->milepaler[i]->navn) != 0 ||
		    str_put(&m->planlagt, old->milepaler[i]->planlagt) != 0 ||
		    str_put(&m->faktisk, old->milepaler[i]->faktisk) != 0 ||
		    str_put(&m->ansvar, old->milepaler[i]->ansvar) != 0)
			return EXIT_FAIL;
	}
	return 0;
}

int
cycle_plan_copy(Samplan__PlanInfo *p, const Samplan__PlanInfo *old)
{
	const Samplan__Vedtak	*oi = old->innstilling;
	Samplan__Vedtak		*in;

	if (str_put(&p->plan, old->plan) != 0 ||
	    str_put(&p->horing_start, old->horing_start) != 0 ||
	    str_put(&p->horingsfrist, old->horingsfrist) != 0 ||
	    str_put(&p->horing_hort, old->horing_hort) != 0 ||
	    str_put(&p->horing_innspill, old->horing_innspill) != 0 ||
	    str_put(&p->nasjonalt_grunnlag, old->nasjonalt_grunnlag) != 0 ||
	    str_put(&p->planlenker, old->planlenker) != 0 ||
	    str_put(&p->malgrupper, old->malgrupper) != 0 ||
	    str_put(&p->ressurser, old->ressurser) != 0 ||
	    str_put(&p->grunn, old->grunn) != 0)
		return EXIT_FAIL;
	if (old->vedtak != NULL &&
	    str_put(&p->vedtak->arkivref, old->vedtak->arkivref) != 0)
		return EXIT_FAIL;
	if (milestones_copy(p, old) != 0)
		return EXIT_FAIL;
	if (oi == NULL)
		return 0;
	if ((in = innstilling(p)) == NULL ||
	    str_put(&in->organ, oi->organ) != 0 ||
	    str_put(&in->dato, oi->dato) != 0 ||
	    str_put(&in->saksnr, oi->saksnr) != 0 ||
	    str_put(&in->arkivref, oi->arkivref) != 0)
		return EXIT_FAIL;
	return 0;
}

void
cycle_plan_context(struct tool *t, const Samplan__PlanInfo *p)
{
	char	a[11], b[11];

	if (*nz(p->nasjonalt_grunnlag) != '\0')
		doc_para(t, "Nasjonalt grunnlag: %s", p->nasjonalt_grunnlag);
	if (*nz(p->planlenker) != '\0')
		doc_para(t, "Forankring i andre planer: %s", p->planlenker);
	if (*nz(p->malgrupper) != '\0')
		doc_para(t, "Målgrupper: %s", p->malgrupper);
	if (*nz(p->ressurser) != '\0')
		doc_para(t, "Ressurser: %s", p->ressurser);
	if (*nz(p->horing_start) != '\0')
		doc_para(t, "Høring: %s–%s%s%s",
		    domain_date_human(p->horing_start, a),
		    domain_date_human(nz(p->horingsfrist), b),
		    *nz(p->horing_hort) ? ", hørt: " : "", nz(p->horing_hort));
}

static int
cmp_milestone(const void *a, const void *b)
{
	const Samplan__Milestone *x = *(const Samplan__Milestone *const *)a;
	const Samplan__Milestone *y = *(const Samplan__Milestone *const *)b;

	return strcmp(x->planlagt, y->planlagt);
}

void
cycle_timeline(struct tool *t, const Samplan__PlanInfo *p,
    const char *heading, const char *today)
{
	static const char *head[] = { "Planlagt", "Milepæl", "Ansvar",
	    "Faktisk", "Status" };
	const Samplan__Milestone	**v;
	struct table			 *tb;
	char				  a[11], b[11];
	size_t				  i;

	if (p == NULL || p->n_milepaler == 0 ||
	    (v = calloc(p->n_milepaler, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < p->n_milepaler; i++)
		v[i] = p->milepaler[i];
	qsort(v, p->n_milepaler, sizeof(*v), cmp_milestone);
	tb = table_new(5, head);
	for (i = 0; i < p->n_milepaler; i++) {
		const char *row[] = { domain_date_human(v[i]->planlagt, a),
		    v[i]->navn, *nz(v[i]->ansvar) ? v[i]->ansvar : "-",
		    *nz(v[i]->faktisk) ? domain_date_human(v[i]->faktisk, b) :
		    "-", cycle_milestone_late(v[i], today) };
		table_add(tb, row);
	}
	doc_heading(t, heading);
	doc_table(t, tb);
	table_destroy(&tb);
	free(v);
}

/* ---- plan revise ---- */

/*
 * What plan revise works on: the coordinator's regional plan, or in a
 * region of parallel plans a kommune's own plan and local measures.
 */
struct revise {
	struct plan_seq			 q;	/* the versions revised */
	const Samplan__PlanInfo		*info;	/* the plan in force */
	const struct plan_measure	*measures;	/* its measures */
	size_t				 nmeasures;
};

static int
revise_target(const struct ctx *c, struct revise *rv)
{
	const struct plan_region	*g = c->g;

	ctx_seq(c, &rv->q);
	if (c->coord) {
		rv->info = g->coord.info;
		rv->measures = g->measures;
		rv->nmeasures = g->nmeasures;
		return 0;
	}
	if (c->k == NULL || !g->parallel)
		return ctx_error("plan revise", "plan", "only the coordinator "
		    "of %s writes the regional plan and its successor (a "
		    "kommune revises its own plan in a region of parallel "
		    "plans: [region] mode = parallel_plans)", g->cfg->name);
	rv->info = c->k->info;
	rv->measures = c->k->local;
	rv->nmeasures = c->k->nlocal;
	return 0;
}

int
opts_ends(const struct opts *o, const char *id)
{
	size_t	i;

	for (i = 0; i < o->navslutt; i++)
		if (strcmp(o->avslutt[i], id) == 0)
			return 1;
	return 0;
}

static int
revise_has(const struct revise *rv, const char *id)
{
	size_t	i;

	for (i = 0; i < rv->nmeasures; i++)
		if (strcmp(rv->measures[i].id, id) == 0)
			return 1;
	return 0;
}

/* Refuses what cannot become the successor of the plan in force. */
static int
revise_check(const struct ctx *c, const struct revise *rv,
    const struct opts *o, const char *key)
{
	const struct plan_seq	*q = &rv->q;
	const char		*who = ctx_owner(c);
	long			 nx;
	size_t			 i;

	if (strcmp(key, CYCLE_NEXT) == 0 || cycle_key_check(key) != 0)
		return ctx_error("plan revise", "plan", "«%s» is not a plan "
		    "period (2028-2031)", key);
	for (i = 0; i < q->nversions; i++)
		if (strcmp(q->versions[i].key, key) == 0)
			return ctx_error("plan revise", "plan", "%s has a plan "
			    "%s already", who, key);
	if ((nx = cycle_next(q->versions, q->nversions, q->in_force)) >= 0)
		return ctx_error("plan revise", "plan", "%s has a next plan "
		    "already (%s); edit it with --plan neste", who,
		    q->versions[nx].key);
	if (cycle_key_check(q->plan) == 0 && strcmp(key, q->plan) <= 0)
		return ctx_error("plan revise", "plan", "«%s» does not come "
		    "after the plan in force (%s)", key, q->plan);
	/* 2029-2032 for 2028-2031 would leave a year without a plan. */
	if (cycle_key_check(q->plan) == 0 &&
	    atoi(key) > atoi(q->plan + 5) + 1)
		return ctx_error("plan revise", "plan", "«%s» leaves a gap "
		    "after the plan in force (%s): its successor starts by "
		    "%d", key, q->plan, atoi(q->plan + 5) + 1);
	for (i = 0; i < o->navslutt; i++)
		if (!revise_has(rv, o->avslutt[i]))
			return ctx_error("plan revise", "avslutt", "«%s» is no "
			    "measure of the plan in force (%s)", o->avslutt[i],
			    *q->plan ? q->plan : "-");
	return 0;
}

/* The index of discarded version key in q, or -1. */
static long
revise_discarded(const struct plan_seq *q, const char *key)
{
	size_t	i;

	for (i = 0; i < q->nversions; i++)
		if (strcmp(q->versions[i].key, key) == 0 &&
		    cycle_discarded(&q->versions[i]))
			return (long)i;
	return -1;
}

/* The successor's PlanInfo: the plan in force's title, areas and goals. */
static Samplan__PlanInfo *
revise_info(const struct ctx *c, const struct revise *rv, const char *key)
{
	Samplan__PlanInfo	*p;

	if ((p = planinfo_copy(rv->info, c->g->cfg->name)) == NULL)
		return NULL;
	if (str_put(&p->plan, key) != 0 || str_put(&p->periode, key) != 0 ||
	    str_put(&p->state, "under_utarbeidelse") != 0 ||
	    str_put(&p->i_kraft, "") != 0 ||
	    str_put(&p->vedtak->organ, "") != 0 ||
	    str_put(&p->vedtak->dato, "") != 0 ||
	    str_put(&p->vedtak->saksnr, "") != 0 ||
	    str_put(&p->vedtak->arkivref, "") != 0 ||
	    str_put(&p->horing_start, "") != 0 ||
	    str_put(&p->horingsfrist, "") != 0 ||
	    str_put(&p->horing_hort, "") != 0 ||
	    str_put(&p->horing_innspill, "") != 0) {
		wire_free((ProtobufCMessage **)&p);
		return NULL;
	}
	/* The old plan's saksgang and prosessplan stay with it. */
	wire_free((ProtobufCMessage **)&p->innstilling);
	while (p->n_milepaler > 0)
		milestone_drop(p, p->n_milepaler - 1);
	return p;
}

void
cycle_reqs_free(Samplan__ControlRequest **reqs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (reqs[i] == NULL)
			continue;
		if (reqs[i]->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_PLAN)
			wire_free((ProtobufCMessage **)&reqs[i]->plan);
		else
			wire_free((ProtobufCMessage **)&reqs[i]->measure);
		free(reqs[i]);
	}
	free(reqs);
}

/* Request i: the successor's PlanInfo, then each measure carried over. */
static int
revise_build(const struct ctx *c, const struct revise *rv,
    const struct opts *o, const char *key, Samplan__ControlRequest **reqs,
    size_t *n, size_t *kept)
{
	Samplan__ControlRequest		*r;
	Samplan__Measure		*m;
	size_t				 i;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return EXIT_FAIL;
	samplan__control_request__init(r);
	reqs[(*n)++] = r;
	r->kind_case = SAMPLAN__CONTROL_REQUEST__KIND_PLAN;
	if ((r->plan = revise_info(c, rv, key)) == NULL)
		return EXIT_FAIL;
	for (i = 0; i < o->nset; i++)
		if (strcmp(o->set[i].field, "tittel") != 0)
			return ctx_error("plan revise", o->set[i].field, "only "
			    "tittel is set here; the rest with plan set --plan "
			    "neste");
		else if (str_put(&r->plan->tittel, o->set[i].value) != 0)
			return EXIT_FAIL;
	for (i = 0; i < rv->nmeasures; i++) {
		if (rv->measures[i].m->retired || opts_ends(o, rv->measures[i].id))
			continue;
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return EXIT_FAIL;
		samplan__control_request__init(r);
		reqs[(*n)++] = r;
		r->kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
		if ((m = decide_measure_dup(rv->measures[i].m)) == NULL)
			return EXIT_FAIL;
		r->measure = m;
		if (str_put(&m->plan, key) != 0)
			return EXIT_FAIL;
		(*kept)++;
	}
	return 0;
}

static int
plan_revise(struct tool *t, int argc, char **argv)
{
	Samplan__ControlRequest	**reqs = NULL;
	struct revise		  rv;
	struct opts		  o;
	struct ctx		  c;
	const char		 *key;
	size_t			  n = 0, kept = 0;
	long			  i;
	int			  rc;

	if ((rc = opts_parse(t, "plan revise", argc, argv, OPT_SET |
	    OPT_AVSLUTT | OPT_REGION, 0, &o)) != 0)
		return rc;
	if ((key = o.plan) == NULL)
		return tool_error("usage: samplan plan revise --plan YYYY-YYYY "
		    "[--avslutt ID ...] [--set tittel=TEXT]");
	t->plan = NULL;		/* read the plan in force */
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if (!c.coord && c.k != NULL && !c.g->parallel) {
		/* A kommune of a shared plan carries its own measures. */
		rc = cycle_carry_local(t, &c, &o, key);
		goto out;
	}
	if ((rc = revise_target(&c, &rv)) != 0)
		goto out;
	if ((i = revise_discarded(&rv.q, key)) >= 0) {
		/* The way back from plan discard. */
		rc = cycle_revive(t, &c, &rv.q, i, &o);
		goto out;
	}
	if ((rc = revise_check(&c, &rv, &o, key)) != 0)
		goto out;
	if ((reqs = calloc(rv.nmeasures + 1, sizeof(*reqs))) == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = revise_build(&c, &rv, &o, key, reqs, &n, &kept)) == 0)
		rc = tool_send_batch(t, reqs, n, "plan revise");
	if (rc == 0)
		printf("plan revise: %s er laget som utkast ved siden av %s: "
		    "%zu tiltak videreført, %zu avsluttet med perioden\n", key,
		    *rv.q.plan ? rv.q.plan : "planen i kraft", kept,
		    rv.nmeasures - kept);
	cycle_reqs_free(reqs, n);
out:
	ctx_close(&c);
	return rc;
}

/* ---- plan versions ---- */

/*
 * The saksgang step kommune plan p has reached on today: from
 * "ikke startet" (no plan record for the version) to "i kraft", or
 * "forkastet" (a version discarded).
 */
const char *
cycle_step(const Samplan__PlanInfo *p, const char *today)
{
	if (p == NULL)
		return "ikke startet";
	if (strcmp(nz(p->state), "forkastet") == 0)
		return "forkastet";
	if (domain_state_adopted(p->state) && *nz(p->i_kraft) != '\0' &&
	    strcmp(p->i_kraft, today) <= 0)
		return "i kraft";
	if (p->vedtak != NULL && *nz(p->vedtak->dato) != '\0')
		return "vedtatt";
	if (p->innstilling != NULL && *nz(p->innstilling->dato) != '\0')
		return "innstilling";
	if (*nz(p->horing_start) != '\0')
		return *nz(p->horingsfrist) != '\0' &&
		    strcmp(p->horingsfrist, today) < 0 ? "høring avsluttet" :
		    "på høring";
	return "under arbeid";
}

const char *
cycle_sak_text(const Samplan__Vedtak *v, char *buf, size_t size)
{
	char	d[11];

	if (v == NULL || (*nz(v->organ) == '\0' && *nz(v->dato) == '\0'))
		return "-";
	snprintf(buf, size, "%s%s%s%s%s%s%s", nz(v->organ),
	    *nz(v->dato) ? " " : "", domain_date_human(nz(v->dato), d),
	    *nz(v->saksnr) ? ", sak " : "", nz(v->saksnr),
	    *nz(v->arkivref) ? ", arkiv " : "", nz(v->arkivref));
	return buf;
}

const char *
cycle_horing_text(const Samplan__PlanInfo *p, char *buf, size_t size)
{
	char	a[11], b[11];

	if (p == NULL || *nz(p->horing_start) == '\0')
		return "-";
	snprintf(buf, size, "%s–%s", domain_date_human(p->horing_start, a),
	    *nz(p->horingsfrist) ? domain_date_human(p->horingsfrist, b) :
	    "");
	return buf;
}

static void
versions_table(struct tool *t, const struct plan_region *g,
    const char *today)
{
	static const char *head[] = { "Plan", "Rolle", "Tilstand", "Vedtak",
	    "I kraft" };
	struct table	*tb = table_new(5, head);
	char		 d[11], sak[512];
	size_t		 i;

	for (i = 0; i < g->nversions; i++) {
		const Samplan__PlanInfo *p = g->versions[i].info;
		const char *row[] = { g->versions[i].key,
		    cycle_role(g->versions, g->nversions, i, today),
		    *nz(p->state) ? domain_state_label(p->state) : "-",
		    cycle_sak_text(p->vedtak, sak, sizeof(sak)),
		    *nz(p->i_kraft) ? domain_date_human(p->i_kraft, d) : "-" };
		table_add(tb, row);
	}
	doc_table(t, tb);
	table_destroy(&tb);
}

static void
successor_table(struct tool *t, const struct plan_region *n,
    const char *today)
{
	static const char *head[] = { "Kommune", "Tilstand", "Saksgang",
	    "Høring", "Innstilling", "Vedtak", "I kraft" };
	struct table	*tb = table_new(7, head);
	char		 d[11], h[32], in[512], ved[512];
	size_t		 j;

	for (j = 0; j < n->nmembers; j++) {
		const Samplan__PlanInfo *p = n->members[j].info;
		const char *row[] = { n->members[j].title,
		    p && *nz(p->state) ? domain_state_label(p->state) : "-",
		    cycle_step(p, today), cycle_horing_text(p, h, sizeof(h)),
		    cycle_sak_text(p ? p->innstilling : NULL, in, sizeof(in)),
		    cycle_sak_text(p ? p->vedtak : NULL, ved, sizeof(ved)),
		    p && *nz(p->i_kraft) ? domain_date_human(p->i_kraft, d) :
		    "-" };
		table_add(tb, row);
	}
	doc_table(t, tb);
	table_destroy(&tb);
}

static json_t *
sak_json(const Samplan__Vedtak *v)
{
	if (v == NULL)
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s}", "organ", nz(v->organ),
	    "dato", nz(v->dato), "saksnr", nz(v->saksnr), "arkivref",
	    nz(v->arkivref));
}

static void
versions_json(const struct plan_region *g, const struct plan_region *n,
    const char *today)
{
	json_t	*root, *vs, *ks;
	size_t	 i;

	root = json_pack("{s:s, s:s}", "region", g->cfg->name, "dato", today);
	vs = json_array();
	for (i = 0; i < g->nversions; i++) {
		const Samplan__PlanInfo *p = g->versions[i].info;

		json_array_append_new(vs, json_pack("{s:s, s:s, s:s, s:o, "
		    "s:s}", "plan", g->versions[i].key, "rolle",
		    cycle_role(g->versions, g->nversions, i, today), "state",
		    nz(p->state), "vedtak", sak_json(p->vedtak), "i_kraft",
		    nz(p->i_kraft)));
	}
	json_object_set_new(root, "planer", vs);
	ks = json_array();
	for (i = 0; n != NULL && i < n->nmembers; i++) {
		const Samplan__PlanInfo *p = n->members[i].info;

		json_array_append_new(ks, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:s, s:o, s:o, s:s}", "kommune",
		    n->members[i].name, "state", p ? nz(p->state) : "",
		    "saksgang", cycle_step(p, today), "horing_start",
		    p ? nz(p->horing_start) : "", "horingsfrist",
		    p ? nz(p->horingsfrist) : "", "horing_hort",
		    p ? nz(p->horing_hort) : "", "horing_innspill",
		    p ? nz(p->horing_innspill) : "", "innstilling",
		    sak_json(p ? p->innstilling : NULL), "vedtak",
		    sak_json(p ? p->vedtak : NULL), "i_kraft",
		    p ? nz(p->i_kraft) : ""));
	}
	json_object_set_new(root, "neste", n != NULL ? json_string(n->plan) :
	    json_null());
	json_object_set_new(root, "kommuner", ks);
	if (g->parallel)
		json_object_set_new(root, "kommuneplaner",
		    cycle_own_json(g, today));
	json_print(root);
}

static void
versions_doc(struct tool *t, const struct plan_region *g,
    const struct plan_region *n, const char *today)
{
	char	d[11];

	doc_begin(t, "Planversjoner");
	doc_para(t, "%s · per %s", g->cfg->title ? g->cfg->title :
	    g->cfg->name, domain_date_human(today, d));
	if (g->parallel)
		doc_para(t, "Koordineringsgruppens egne planversjoner (felles "
		    "innsatsområder):");
	versions_table(t, g, today);
	if (n == NULL && !g->parallel)
		doc_para(t, "Ingen neste plan (samplan plan revise --plan "
		    "YYYY-YYYY lager den).");
	else if (n != NULL) {
		doc_heading(t, "Neste plan i kommunene");
		doc_para(t, "Plan %s · kommunene bruker %s til den er vedtatt "
		    "og i kraft.", n->plan, *g->plan ? g->plan : "planen i "
		    "kraft");
		successor_table(t, n, today);
		cycle_timeline(t, n->coord.info, "Prosessplan for neste plan",
		    today);
	}
	cycle_own_doc(t, g, today);
	doc_end(t);
}

static int
plan_versions(struct tool *t, int argc, char **argv)
{
	struct plan_model	*next = NULL;
	struct plan_region	*n = NULL;
	struct opts		 o;
	struct ctx		 c;
	long			 nx;
	int			 rc;

	if ((rc = opts_parse(t, "plan versions", argc, argv, OPT_REGION |
	    OPT_FORMAT | OPT_MARKDOWN | OPT_HTML, 0, &o)) != 0)
		return rc;
	if (t->csv)
		return tool_error("plan versions: no CSV form; use --json");
	t->plan = NULL;
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	nx = cycle_next(c.g->versions, c.g->nversions, c.g->in_force);
	if (nx >= 0) {
		if ((rc = plan_load_plan(c.s, t->cfg, t->have_self ? t->self :
		    NULL, c.g->versions[nx].key, c.today, &next)) != 0) {
			rc = tool_error("reading the store: %s",
			    sp_strerror(rc));
			goto out;
		}
		n = plan_region(next, c.g->cfg->name);
	}
	if (t->json)
		versions_json(c.g, n, c.today);
	else
		versions_doc(t, c.g, n, c.today);
	plan_destroy(&next);
out:
	ctx_close(&c);
	return rc;
}

int
cmd_plan_cycle(struct tool *t, int argc, char **argv)
{
	if (strcmp(argv[0], "revise") == 0)
		return plan_revise(t, argc, argv);
	if (strcmp(argv[0], "discard") == 0)
		return cycle_discard(t, argc, argv);
	return plan_versions(t, argc, argv);
}
