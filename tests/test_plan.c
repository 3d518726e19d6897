/*
 * test_plan.c - the plan model and views, on stores built directly with
 * feed_append (no network): versions, the adoption rule of DOMAIN.md 3.1
 * (explicit, implicit, undecided), the review flag, effective measures,
 * latest status, overdue, the region's exceptions and copies, that
 * unknown authors and other regions are ignored, and each kommune's own
 * plan sequence in a region of parallel plans.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "decide.h"
#include "errors.h"
#include "feed.h"
#include "plan.h"
#include "store.h"
#include "testutil.h"
#include "view.h"
#include "wire.h"

struct fixture {
	char			*dir;
	struct store		*s;
	struct identity		 coord, ka, kb, eve;
	struct config		 cfg;
	struct config_region	 region;
	struct config_peer	 peers[3];
	char			*members[2];
	int64_t			 now;		/* strictly increasing stamps */
};

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	if (f == NULL || sodium_init() < 0)
		return -1;
	f->dir = tmpdir_create("plan");
	crypto_sign_keypair(f->coord.public_key, f->coord.secret_key);
	crypto_sign_keypair(f->ka.public_key, f->ka.secret_key);
	crypto_sign_keypair(f->kb.public_key, f->kb.secret_key);
	crypto_sign_keypair(f->eve.public_key, f->eve.secret_key);
	f->members[0] = "ka";
	f->members[1] = "kb";
	f->region.name = "r";
	f->region.title = "Regionen";
	f->region.coordinator = "koord";
	f->region.members = f->members;
	f->region.nmembers = 2;
	f->peers[0].name = "koord";
	memcpy(f->peers[0].public_key, f->coord.public_key, KEY_PUBLIC_LEN);
	f->peers[1].name = "ka";
	memcpy(f->peers[1].public_key, f->ka.public_key, KEY_PUBLIC_LEN);
	f->peers[2].name = "kb";
	memcpy(f->peers[2].public_key, f->kb.public_key, KEY_PUBLIC_LEN);
	f->cfg.name = "observer";
	f->cfg.regions = &f->region;
	f->cfg.nregions = 1;
	f->cfg.peers = f->peers;
	f->cfg.npeers = 3;
	f->now = 1700000000000;
	assert_ok(store_open(f->dir, 0, 0, NULL, &f->s));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(&f->s);
	tmpdir_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static uint64_t
append(struct fixture *f, const struct identity *id, Samplan__Record *rec)
{
	struct store_txn	*t;
	struct feed_head	 h;

	assert_ok(store_begin(f->s, 1, &t));
	assert_ok(feed_append(t, id, rec, f->now++, &h));
	assert_ok(store_commit(&t));
	return h.seq;
}

static uint64_t
measure(struct fixture *f, const struct identity *id, const char *region,
    const char *mid, const char *area, const char *tittel,
    const char *ansvar, const char *frist, int retired)
{
	Samplan__Record		rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	m = SAMPLAN__MEASURE__INIT;

	m.region = (char *)(uintptr_t)region;
	m.id = (char *)(uintptr_t)mid;
	m.innsatsomrade = (char *)(uintptr_t)area;
	m.tittel = (char *)(uintptr_t)tittel;
	m.ansvar = (char *)(uintptr_t)ansvar;
	m.frist = (char *)(uintptr_t)frist;
	m.retired = retired;
	rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec.measure = &m;
	return append(f, id, &rec);
}

static uint64_t
plan(struct fixture *f, const struct identity *id, const char *state,
    uint64_t version, char **areas, size_t nareas)
{
	Samplan__Record		rec = SAMPLAN__RECORD__INIT;
	Samplan__PlanInfo	p = SAMPLAN__PLAN_INFO__INIT;

	p.region = (char *)(uintptr_t)"r";
	p.state = (char *)(uintptr_t)state;
	p.regional_version = version;
	p.innsatsomrader = areas;
	p.n_innsatsomrader = nareas;
	rec.body_case = SAMPLAN__RECORD__BODY_PLAN;
	rec.plan = &p;
	return append(f, id, &rec);
}

static uint64_t
decide(struct fixture *f, const struct identity *id, const char *mid,
    Samplan__Decision d, uint64_t based_on, const char *field,
    const char *value, const char *reason)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Adaptation	 a = SAMPLAN__ADAPTATION__INIT;
	Samplan__Override	 o = SAMPLAN__OVERRIDE__INIT, *op = &o;

	a.region = (char *)(uintptr_t)"r";
	a.measure = (char *)(uintptr_t)mid;
	a.decision = d;
	a.based_on = based_on;
	a.reason = (char *)(uintptr_t)(reason ? reason : "");
	if (field != NULL) {
		o.field = (char *)(uintptr_t)field;
		o.value = (char *)(uintptr_t)value;
		a.overrides = &op;
		a.n_overrides = 1;
	}
	rec.body_case = SAMPLAN__RECORD__BODY_ADAPTATION;
	rec.adaptation = &a;
	return append(f, id, &rec);
}

static void
report(struct fixture *f, const struct identity *id, const char *region,
    const char *mid, const char *period, const char *status)
{
	Samplan__Record		rec = SAMPLAN__RECORD__INIT;
	Samplan__StatusReport	r = SAMPLAN__STATUS_REPORT__INIT;

	r.region = (char *)(uintptr_t)region;
	r.measure = (char *)(uintptr_t)mid;
	r.period = (char *)(uintptr_t)period;
	r.status = (char *)(uintptr_t)status;
	rec.body_case = SAMPLAN__RECORD__BODY_REPORT;
	rec.report = &r;
	append(f, id, &rec);
}

static char *AREAS[] = { "Målrettet forebygging", "Tiltak mot sårbare grupper" };

/* The scenario most tests read: see each step's comment. */
static void
build_region(struct fixture *f)
{
	uint64_t	v1;

	plan(f, &f->coord, "vedtatt", 0, AREAS, 2);			/* c1 */
	measure(f, &f->coord, "r", "GR-01", AREAS[0], "Første", "A",
	    "2025-06-30", 0);						/* c2 */
	v1 = measure(f, &f->coord, "r", "GR-02", AREAS[1], "Andre", "B",
	    "løpende", 0);						/* c3 */
	measure(f, &f->coord, "r", "GR-03", AREAS[0], "Tredje", "C",
	    "2026", 0);							/* c4 */
	/* ka adopts plan version 4, adapts GR-01, declines GR-02. */
	plan(f, &f->ka, "vedtatt", 4, NULL, 0);
	decide(f, &f->ka, "GR-01", SAMPLAN__DECISION__ADAPT, 2, "ansvar",
	    "Lokal", "grunn");
	decide(f, &f->ka, "GR-02", SAMPLAN__DECISION__DECLINE, v1, NULL, NULL,
	    "ingen kapasitet");
	measure(f, &f->ka, "", "ka-L-01", AREAS[1], "Lokal", "L", "2024",
	    0);
	report(f, &f->ka, "r", "GR-03", "2025", "igangsatt");
	report(f, &f->ka, "r", "GR-03", "2025H1", "ikke_startet");
	report(f, &f->ka, "r", "GR-03", "2024", "gjennomfort");
	report(f, &f->ka, "", "ka-L-01", "2025", "gjennomfort");
	/* kb's plan is not adopted: everything stays undecided. */
	plan(f, &f->kb, "paa_hoering", 4, NULL, 0);
	/* The region changes GR-01 (c5), adds GR-04 (c6), retires GR-03. */
	measure(f, &f->coord, "r", "GR-01", AREAS[0], "Første, ny", "A2",
	    "2025-06-30", 0);
	measure(f, &f->coord, "r", "GR-04", AREAS[1], "Fjerde", "D", "årlig",
	    0);
	/* Another region's measure and an unknown author: both ignored. */
	measure(f, &f->coord, "annen", "GR-99", "X", "Annen", "", "", 0);
	measure(f, &f->eve, "r", "GR-66", AREAS[0], "Falsk", "", "", 0);
}

static struct plan_model *
load(struct fixture *f)
{
	struct plan_model	*m;

	assert_ok(plan_load(f->s, &f->cfg, NULL, &m));
	return m;
}

static void
test_versions(void **state)
{
	struct fixture			*f = *state;
	struct plan_model		*m;
	struct plan_region		*g;
	const struct plan_measure	*pm;

	build_region(f);
	m = load(f);
	assert_non_null(g = plan_region(m, "r"));
	assert_int_equal(g->nmeasures, 4);	/* GR-99, GR-66 left out */
	assert_null(plan_regional(g, "GR-99"));
	assert_null(plan_regional(g, "GR-66"));
	assert_int_equal(plan_region_version(g), 7);
	pm = plan_regional(g, "GR-01");
	assert_int_equal(pm->created, 2);
	assert_int_equal(pm->version, 5);
	assert_int_equal(pm->nv, 2);
	assert_string_equal(pm->m->tittel, "Første, ny");
	assert_string_equal(plan_measure_at(pm, 4)->tittel, "Første");
	assert_null(plan_measure_at(pm, 1));
	/* Sorted by id. */
	assert_string_equal(g->measures[0].id, "GR-01");
	assert_string_equal(g->measures[3].id, "GR-04");
	assert_non_null(plan_local(plan_member(g, "ka"), "ka-L-01"));
	assert_null(plan_member(g, "koord"));
	plan_destroy(&m);
	assert_null(m);
}

/* A PlanInfo of a plan version: key "" writes one without a key. */
static void
plan_version(struct fixture *f, const struct identity *id, const char *key,
    const char *periode, const char *state, const char *i_kraft)
{
	Samplan__Record		rec = SAMPLAN__RECORD__INIT;
	Samplan__PlanInfo	p = SAMPLAN__PLAN_INFO__INIT;

	p.region = (char *)(uintptr_t)"r";
	p.plan = (char *)(uintptr_t)key;
	p.periode = (char *)(uintptr_t)periode;
	p.state = (char *)(uintptr_t)state;
	p.i_kraft = (char *)(uintptr_t)i_kraft;
	rec.body_case = SAMPLAN__RECORD__BODY_PLAN;
	rec.plan = &p;
	append(f, id, &rec);
}

/* A local measure of a plan version. */
static void
local_in(struct fixture *f, const struct identity *id, const char *mid,
    const char *key)
{
	Samplan__Record		rec = SAMPLAN__RECORD__INIT;
	Samplan__Measure	m = SAMPLAN__MEASURE__INIT;

	m.id = (char *)(uintptr_t)mid;
	m.innsatsomrade = (char *)(uintptr_t)AREAS[0];
	m.tittel = (char *)(uintptr_t)mid;
	m.plan = (char *)(uintptr_t)key;
	rec.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec.measure = &m;
	append(f, id, &rec);
}

static struct plan_region *
load_on(struct fixture *f, const char *which, const char *today,
    struct plan_model **m)
{
	assert_ok(plan_load_plan(f->s, &f->cfg, NULL, which, today, m));
	return plan_region(*m, "r");
}

/*
 * Parallel plans: each kommune's own PlanInfo records are its sequence;
 * its records fold with its own version in force (its own i_kraft), its
 * successor with "neste"; in a shared-plan region the same records
 * fold with the region's version.
 */
static void
test_parallel_sequences(void **state)
{
	struct fixture		*f = *state;
	struct plan_model	*m;
	struct plan_region	*g;
	struct plan_node	*ka, *kb;
	struct plan_seq		 q;

	f->region.mode = "parallel_plans";
	plan_version(f, &f->ka, "", "2020-2023", "i_kraft", "2020-01-01");
	local_in(f, &f->ka, "ka-L-01", "");
	plan_version(f, &f->ka, "2024-2027", "2024-2027", "vedtatt",
	    "2024-01-01");
	local_in(f, &f->ka, "ka-L-02", "2024-2027");
	plan_version(f, &f->kb, "", "2019-2022", "vedtatt", "");
	local_in(f, &f->kb, "kb-L-01", "");

	/* Before ka's i_kraft: its old plan; kb on its own. */
	g = load_on(f, NULL, "2023-12-31", &m);
	assert_true(g->parallel);
	ka = plan_member(g, "ka");
	kb = plan_member(g, "kb");
	assert_int_equal(ka->seq.nversions, 2);
	assert_string_equal(ka->seq.plan, "2020-2023");
	assert_int_equal(ka->nlocal, 1);
	assert_string_equal(ka->local[0].id, "ka-L-01");
	assert_string_equal(kb->seq.plan, "2019-2022");
	assert_int_equal(kb->nlocal, 1);
	plan_seq_of(g, ka, &q);
	assert_string_equal(q.plan, "2020-2023");
	plan_seq_of(g, NULL, &q);
	assert_int_equal(q.nversions, 0);	/* the coordinator has none */
	plan_destroy(&m);

	/* On ka's i_kraft ka switches; kb does not. */
	g = load_on(f, NULL, "2024-01-01", &m);
	ka = plan_member(g, "ka");
	kb = plan_member(g, "kb");
	assert_string_equal(ka->seq.plan, "2024-2027");
	assert_int_equal(ka->nlocal, 1);
	assert_string_equal(ka->local[0].id, "ka-L-02");
	assert_string_equal(ka->info->periode, "2024-2027");
	assert_string_equal(kb->seq.plan, "2019-2022");
	assert_string_equal(kb->local[0].id, "kb-L-01");
	plan_destroy(&m);

	/* "neste" is each kommune's own successor; kb has none. */
	g = load_on(f, "neste", "2023-06-01", &m);
	ka = plan_member(g, "ka");
	kb = plan_member(g, "kb");
	assert_int_equal(ka->seq.selected, 1);
	assert_string_equal(ka->local[0].id, "ka-L-02");
	assert_int_equal(kb->seq.selected, -1);
	assert_int_equal(kb->nlocal, 0);
	plan_destroy(&m);

	/* A shared plan: the kommuner's PlanInfo keys move nothing. */
	f->region.mode = NULL;
	g = load_on(f, NULL, "2024-06-01", &m);
	ka = plan_member(g, "ka");
	assert_false(g->parallel);
	assert_null(ka->seq.versions);
	assert_int_equal(ka->nlocal, 1);
	assert_string_equal(ka->local[0].id, "ka-L-01");
	plan_destroy(&m);
}

static void
test_cells(void **state)
{
	struct fixture		*f = *state;
	struct plan_model	*m;
	struct plan_region	*g;
	struct plan_node	*ka, *kb;
	struct plan_cell	 c;
	Samplan__Measure	 eff;

	build_region(f);
	m = load(f);
	g = plan_region(m, "r");
	ka = plan_member(g, "ka");
	kb = plan_member(g, "kb");

	/* Adapted on version 2, changed at 5: flagged; fields overlay. */
	plan_cell(g, ka, plan_regional(g, "GR-01"), &c);
	assert_int_equal(c.choice, PLAN_ADAPT);
	assert_false(c.implicit);
	assert_true(c.changed);
	assert_true(c.flagged);
	plan_effective(plan_regional(g, "GR-01")->m, c.a, &eff);
	assert_string_equal(eff.tittel, "Første, ny");	/* follows */
	assert_string_equal(eff.ansvar, "Lokal");	/* kept */
	assert_string_equal(plan_override(c.a, "ansvar"), "Lokal");
	assert_null(plan_override(c.a, "tittel"));

	/* Declined on the current version: not flagged. */
	plan_cell(g, ka, plan_regional(g, "GR-02"), &c);
	assert_int_equal(c.choice, PLAN_DECLINE);
	assert_false(c.flagged);

	/* No record, plan adopted at 4, created at 4: implicit adopt. */
	plan_cell(g, ka, plan_regional(g, "GR-03"), &c);
	assert_int_equal(c.choice, PLAN_ADOPT);
	assert_true(c.implicit);
	assert_false(c.flagged);
	/* Latest status: the latest period, 2025 ends after 2025H1. */
	assert_non_null(c.status);
	assert_string_equal(c.status->r->period, "2025");
	assert_string_equal(c.status->r->status, "igangsatt");
	assert_string_equal(plan_status(ka, 1, "GR-03", "2024")->r->status,
	    "gjennomfort");
	assert_null(plan_status(ka, 0, "GR-03", NULL));	/* not local */

	/* Added after the adopted version: undecided. */
	plan_cell(g, ka, plan_regional(g, "GR-04"), &c);
	assert_int_equal(c.choice, PLAN_UNDECIDED);

	/* kb's plan is on høring: nothing is implied. */
	plan_cell(g, kb, plan_regional(g, "GR-03"), &c);
	assert_int_equal(c.choice, PLAN_UNDECIDED);
	plan_destroy(&m);
}

static void
test_redecide_clears_flag(void **state)
{
	struct fixture		*f = *state;
	struct plan_model	*m;
	struct plan_region	*g;
	struct plan_cell	 c;

	build_region(f);
	decide(f, &f->ka, "GR-01", SAMPLAN__DECISION__ADAPT, 5, "ansvar",
	    "Lokal", NULL);
	m = load(f);
	g = plan_region(m, "r");
	plan_cell(g, plan_member(g, "ka"), plan_regional(g, "GR-01"), &c);
	assert_int_equal(c.choice, PLAN_ADAPT);
	assert_false(c.flagged);
	assert_int_equal(c.based_on, 5);
	plan_destroy(&m);
}

static void
test_dates(void **state)
{
	(void)state;
	assert_true(plan_period_cmp("2025", "2025H1") > 0);
	assert_true(plan_period_cmp("2025H1", "2025T2") < 0);
	assert_true(plan_period_cmp("2024", "2025T1") < 0);
	assert_int_equal(plan_period_cmp("2025H2", "2025H2"), 0);
	assert_true(plan_overdue("2025-06-30", NULL, "2025-07-01"));
	assert_false(plan_overdue("2025-06-30", NULL, "2025-06-30"));
	assert_false(plan_overdue("2025-06-30", "gjennomfort", "2026-01-01"));
	assert_false(plan_overdue("2025-06-30", "lopende", "2026-01-01"));
	assert_true(plan_overdue("2025-06-30", "forsinket", "2026-01-01"));
	assert_true(plan_overdue("2025", "igangsatt", "2026-01-01"));
	assert_false(plan_overdue("2025", NULL, "2025-12-31"));
	assert_false(plan_overdue("løpende", NULL, "2099-01-01"));
	assert_false(plan_overdue("årlig", NULL, "2099-01-01"));
	assert_false(plan_overdue("", NULL, "2099-01-01"));
}

/* Periods within periods, their bounds, and the date in Oslo. */
static void
test_periods_and_oslo(void **state)
{
	char	a[11], b[11];

	(void)state;
	assert_true(plan_period_contains("2025", "2025"));
	assert_true(plan_period_contains("2025", "2025H2"));
	assert_true(plan_period_contains("2025", "2025T3"));
	assert_true(plan_period_contains("2025H1", "2025T1"));
	assert_false(plan_period_contains("2025H1", "2025T2"));
	assert_false(plan_period_contains("2025H1", "2025"));
	assert_false(plan_period_contains("2025", "2024"));
	assert_ok(plan_period_bounds("2025", a, b));
	assert_string_equal(a, "2025-01-01");
	assert_string_equal(b, "2025-12-31");
	assert_ok(plan_period_bounds("2025T2", a, b));
	assert_string_equal(a, "2025-05-01");
	assert_string_equal(b, "2025-08-31");
	assert_ok(plan_period_bounds("2025H1", a, b));
	assert_string_equal(b, "2025-06-30");
	assert_rc(plan_period_bounds("2025Q1", a, b), SP_EINVAL);
	/* New Year's Eve 23:30 UTC is already 2026 in Oslo (CET). */
	plan_oslo_date(1767223800, a);		/* 2025-12-31T23:30Z */
	assert_string_equal(a, "2026-01-01");
	/* Midsummer: CEST, two hours ahead. */
	plan_oslo_date(1751322600, a);		/* 2025-06-30T22:30Z */
	assert_string_equal(a, "2025-07-01");
	plan_oslo_date(1751319000, a);		/* 2025-06-30T21:30Z */
	assert_string_equal(a, "2025-06-30");
	/* 2025-03-29T22:30Z: still CET (the switch is 30.03 01:00Z). */
	plan_oslo_date(1743287400, a);
	assert_string_equal(a, "2025-03-29");
	/* 2025-10-25T22:30Z: still CEST, so 00:30 on the 26th. */
	plan_oslo_date(1761431400, a);
	assert_string_equal(a, "2025-10-26");
}

static size_t
count_ex(const struct view_region *v, enum view_exception_kind k,
    const char *kommune, const char *measure)
{
	size_t	i, n = 0;

	for (i = 0; i < v->nex; i++)
		if (v->ex[i].kind == k && strcmp(v->ex[i].kommune,
		    kommune) == 0 && strcmp(v->ex[i].measure, measure) == 0)
			n++;
	return n;
}

static void
test_region_view(void **state)
{
	struct fixture		*f = *state;
	struct plan_model	*m;
	struct plan_region	*g;
	struct view_region	*v;
	size_t			 i;

	build_region(f);
	measure(f, &f->coord, "r", "GR-03", AREAS[0], "Tredje", "C", "2026",
	    1);
	m = load(f);
	g = plan_region(m, "r");
	assert_ok(view_region_build(g, "2025-11-01", NULL, &v));
	/*
	 * GR-03 retired (avsluttet) stays as a row, with no exceptions:
	 * four rows, by declared area, then id.
	 */
	assert_int_equal(v->nrows, 4);
	assert_string_equal(v->rows[0]->id, "GR-01");
	assert_string_equal(v->rows[1]->id, "GR-03");
	assert_true(v->rows[1]->m->retired);
	assert_string_equal(v->rows[2]->id, "GR-02");
	assert_string_equal(v->rows[3]->id, "GR-04");
	assert_int_equal(count_ex(v, VIEW_EX_MISSING, "ka", "GR-03"), 0);
	assert_int_equal(count_ex(v, VIEW_EX_UNDECIDED, "kb", "GR-03"), 0);
	assert_int_equal(v->nareas, 2);
	assert_string_equal(v->areas[0], AREAS[0]);
	assert_string_equal(v->period, "2025");
	assert_int_equal(count_ex(v, VIEW_EX_DECLINED, "ka", "GR-02"), 1);
	assert_int_equal(count_ex(v, VIEW_EX_CHANGED, "ka", "GR-01"), 1);
	assert_int_equal(count_ex(v, VIEW_EX_FLAGGED, "ka", "GR-01"), 1);
	assert_int_equal(count_ex(v, VIEW_EX_UNDECIDED, "ka", "GR-04"), 1);
	assert_int_equal(count_ex(v, VIEW_EX_UNDECIDED, "kb", "GR-01"), 1);
	assert_int_equal(count_ex(v, VIEW_EX_OVERDUE, "ka", "GR-01"), 1);
	assert_int_equal(count_ex(v, VIEW_EX_MISSING, "ka", "GR-01"), 1);
	/* A local measure reported done needs no more reports. */
	assert_int_equal(count_ex(v, VIEW_EX_MISSING, "ka", "ka-L-01"), 0);
	assert_int_equal(count_ex(v, VIEW_EX_OVERDUE, "ka", "ka-L-01"), 0);
	/* Kinds in order. */
	for (i = 1; i < v->nex; i++)
		assert_true(v->ex[i - 1].kind <= v->ex[i].kind);
	/* Copies: coordinator first, then members in config order. */
	assert_int_equal(v->ncopies, 3);
	assert_string_equal(v->copies[0].name, "koord");
	assert_int_equal(v->copies[0].head, 8);
	assert_int_equal(v->copies[1].adopted, 4);
	assert_int_equal(v->copies[1].seen, 4);
	assert_int_equal(v->copies[1].behind, 4);
	/* Totals: ka has GR-01 in effect in area 0, GR-02 declined. */
	assert_int_equal(v->totals[0 * 2 + 0].in_effect, 1);
	assert_int_equal(v->totals[1 * 2 + 0].declined, 1);
	assert_int_equal(v->totals[1 * 2 + 0].undecided, 1);
	view_region_destroy(&v);
	assert_null(v);
	plan_destroy(&m);
}

static void
test_plan_view(void **state)
{
	struct fixture		*f = *state;
	struct plan_model	*m;
	struct plan_region	*g;
	struct view_plan	*v;

	build_region(f);
	m = load(f);
	g = plan_region(m, "r");
	assert_ok(view_plan_build(g, plan_member(g, "ka"), "2025-11-01",
	    NULL, &v));
	/* GR-01, GR-03 (area 0); GR-02, GR-04, ka-L-01 (area 1). */
	assert_int_equal(v->nitems, 5);
	assert_string_equal(v->items[0].eff.id, "GR-01");
	assert_string_equal(v->items[0].origin, VIEW_ADAPTED);
	assert_string_equal(v->items[0].eff.ansvar, "Lokal");
	assert_true(v->items[0].overdue);
	assert_string_equal(v->items[1].eff.id, "GR-03");
	assert_string_equal(v->items[1].origin, VIEW_REGIONAL);
	assert_string_equal(v->items[2].origin, VIEW_DECLINED);
	assert_string_equal(v->items[3].eff.id, "GR-04");
	assert_int_equal(v->items[3].cell.choice, PLAN_UNDECIDED);
	assert_string_equal(v->items[4].origin, VIEW_LOCAL);
	assert_false(v->items[4].overdue);	/* reported done */
	view_plan_destroy(&v);
	/* The regional plan itself: regional measures only. */
	assert_ok(view_plan_build(g, NULL, "2025-11-01", NULL, &v));
	assert_int_equal(v->nitems, 4);
	view_plan_destroy(&v);
	plan_destroy(&m);
}

/*
 * Ids that differ only in case: a lookup that matches two says so and
 * names both (data from an older version may hold GR-MF-02 and
 * gr-mf-02), and a new id that folds like a taken one, æøå included,
 * is found taken, among a kommune's local measures too.
 */
static void
test_decide_ids(void **state)
{
	struct fixture			*f = *state;
	struct plan_model		*m;
	struct plan_region		*g;
	const struct plan_node		*k, *kb, *owner;
	const struct plan_measure	*pm;
	Samplan__StatusReport		*r = NULL;
	Samplan__Adaptation		*a = NULL;
	struct report_input		 in;
	struct decide_error		 err;
	char				 list[128];
	int				 regional;

	plan(f, &f->coord, "vedtatt", 0, AREAS, 2);
	measure(f, &f->coord, "r", "GR-MF-02", AREAS[0], "Første", "A",
	    "2026", 0);
	measure(f, &f->coord, "r", "gr-mf-02", AREAS[0], "Noe annet", "B",
	    "2026", 0);
	measure(f, &f->coord, "r", "IR-ÆRE-01", AREAS[1], "Ære", "C",
	    "2026", 0);
	plan(f, &f->ka, "vedtatt", 4, NULL, 0);
	measure(f, &f->ka, "", "KA-LOKAL-01", AREAS[1], "Lokal", "L", "2026",
	    0);
	m = load(f);
	g = plan_region(m, "r");
	k = plan_member(g, "ka");
	kb = plan_member(g, "kb");

	assert_null(decide_find_measure(g, k, "gR-mF-02", &regional));
	assert_int_equal(decide_measure_matches(g, k, "gR-mF-02", list,
	    sizeof(list)), 2);
	assert_string_equal(list, "GR-MF-02, gr-mf-02");
	memset(&in, 0, sizeof(in));
	in.measure = "gR-mF-02";
	in.period = "2025";
	in.status = "igangsatt";
	assert_int_equal(decide_report(g, k, 0, &in, "2025-11-01", &r, &err),
	    SP_EINVAL);
	assert_non_null(strstr(err.msg, "ambiguous"));
	assert_non_null(strstr(err.msg, "GR-MF-02, gr-mf-02"));
	in.measure = "gr-mf-02";	/* exactly as written: no doubt */
	assert_ok(decide_report(g, k, 0, &in, "2025-11-01", &r, &err));
	assert_string_equal(r->measure, "gr-mf-02");
	wire_free((ProtobufCMessage **)&r);
	assert_int_equal(decide_build(g, k, 0, "adopt", "Gr-Mf-02", NULL, 0,
	    NULL, 0, NULL, &a, &err), SP_EINVAL);
	assert_non_null(strstr(err.msg, "ambiguous"));
	assert_null(a);

	/* New ids: taken in any case, ÆØÅ folded too. */
	pm = decide_id_taken(g, NULL, "ir-ære-01", &owner);
	assert_non_null(pm);
	assert_string_equal(pm->id, "IR-ÆRE-01");
	assert_null(owner);
	pm = decide_id_taken(g, NULL, "ka-lokal-01", &owner);
	assert_non_null(pm);
	assert_ptr_equal(owner, k);
	pm = decide_id_taken(g, k, "Ka-Lokal-01", &owner);
	assert_non_null(pm);
	assert_ptr_equal(owner, k);
	assert_null(decide_id_taken(g, kb, "ka-lokal-01", &owner));
	assert_non_null(decide_id_taken(g, kb, "ir-æRE-01", &owner));
	assert_null(decide_id_taken(g, NULL, "IR-ARE-01", &owner));
	assert_null(decide_id_taken(g, NULL, "GR-MF-03", &owner));
	plan_destroy(&m);
}

/*
 * A retired measure: its reports can be withdrawn, and a report that
 * says what was done in a period that ended before it was retired is
 * taken; later periods are refused with what to do instead.
 */
static void
test_decide_retired(void **state)
{
	struct fixture			*f = *state;
	struct plan_model		*m;
	struct plan_region		*g;
	const struct plan_node		*k;
	Samplan__StatusReport		*r = NULL;
	struct report_input		 in;
	struct decide_error		 err;

	plan(f, &f->coord, "vedtatt", 0, AREAS, 2);
	measure(f, &f->coord, "r", "GR-09", AREAS[0], "Niende", "A", "2026",
	    0);
	plan(f, &f->ka, "vedtatt", 2, NULL, 0);
	report(f, &f->ka, "r", "GR-09", "2025", "forsinket");
	f->now = 1771149600000;		/* retired 2026-02-15 */
	measure(f, &f->coord, "r", "GR-09", AREAS[0], "Niende", "A", "2026",
	    1);
	m = load(f);
	g = plan_region(m, "r");
	k = plan_member(g, "ka");

	memset(&in, 0, sizeof(in));
	in.measure = "GR-09";
	in.period = "2025";
	in.note = "feil";
	in.withdraw = 1;
	assert_ok(decide_report(g, k, 0, &in, "2026-03-01", &r, &err));
	assert_true(r->withdrawn);
	wire_free((ProtobufCMessage **)&r);
	/* A correction for 2025, which ended before the retirement. */
	in.withdraw = 0;
	in.status = "gjennomført";
	in.note = NULL;
	assert_ok(decide_report(g, k, 0, &in, "2026-03-01", &r, &err));
	assert_string_equal(r->status, "gjennomfort");
	wire_free((ProtobufCMessage **)&r);
	/* 2025 had not ended on the test clock's today: refused. */
	assert_int_equal(decide_report(g, k, 0, &in, "2025-11-01", &r, &err),
	    SP_EINVAL);
	/* Periods that ended after it was retired. */
	in.period = "2026T1";
	assert_int_equal(decide_report(g, k, 0, &in, "2026-12-01", &r, &err),
	    SP_EINVAL);
	assert_string_equal(err.field, "measure");
	assert_non_null(strstr(err.msg, "avsluttet since 2026-02-15"));
	assert_non_null(strstr(err.msg, "--withdraw"));
	assert_non_null(strstr(err.msg, "measure reinstate GR-09"));
	in.period = "2026";
	assert_int_equal(decide_report(g, k, 0, &in, "2026-12-01", &r, &err),
	    SP_EINVAL);
	assert_null(r);
	plan_destroy(&m);
}

static void
test_empty_store(void **state)
{
	struct fixture		*f = *state;
	struct plan_model	*m;
	struct view_region	*v;

	m = load(f);
	assert_int_equal(plan_region_version(plan_region(m, "r")), 0);
	assert_ok(view_region_build(plan_region(m, "r"), "2025-01-01", NULL, &v));
	assert_int_equal(v->nrows, 0);
	view_region_destroy(&v);
	plan_destroy(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parallel_sequences, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_redecide_clears_flag,
		    setup, teardown),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_periods_and_oslo),
		cmocka_unit_test_setup_teardown(test_region_view, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_plan_view, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_store, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_decide_ids, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_decide_retired, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
