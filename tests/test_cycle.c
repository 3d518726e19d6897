/*
 * test_cycle.c - the rules of plan versions (cycle.c) without a store:
 * the key's syntax, which version is in force on a date (adopted, its
 * i_kraft come), the successor, the roles people read, the checks of
 * the political handling and of evaluations, and late milestones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycle.h"
#include "errors.h"
#include "testutil.h"

static void
test_key(void **state)
{
	(void)state;
	assert_ok(cycle_key_check("2024-2027"));
	assert_ok(cycle_key_check("2028-2028"));
	assert_rc(cycle_key_check("2028"), SP_EINVAL);
	assert_rc(cycle_key_check("2031-2028"), SP_EINVAL);
	assert_rc(cycle_key_check("2024\xe2\x80\x93" "2027"), SP_EINVAL);
	assert_rc(cycle_key_check("neste"), SP_EINVAL);
	assert_rc(cycle_key_check(NULL), SP_EINVAL);
}

/* Two versions: 2024-2027 in force, 2028-2031 adopted from 2028. */
static void
test_in_force(void **state)
{
	Samplan__PlanInfo	 old = SAMPLAN__PLAN_INFO__INIT;
	Samplan__PlanInfo	 next = SAMPLAN__PLAN_INFO__INIT;
	Samplan__Vedtak		 ved = SAMPLAN__VEDTAK__INIT;
	struct cycle_version	 v[2];

	(void)state;
	memset(v, 0, sizeof(v));
	old.state = "vedtatt";
	old.i_kraft = "2024-01-01";
	next.state = "under_utarbeidelse";
	v[0].key = "2024-2027";
	v[0].info = &old;
	v[0].created = 1;
	v[1].key = "2028-2031";
	v[1].info = &next;
	v[1].created = 40;
	assert_int_equal(cycle_in_force(v, 2, "2027-06-01"), 0);
	assert_int_equal(cycle_next(v, 2, 0), 1);
	assert_int_equal(cycle_next(v, 2, 1), -1);
	assert_string_equal(cycle_role(v, 2, 1, "2027-06-01"), "neste");
	/* Adopted, but its i_kraft has not come: still the old one. */
	next.state = "vedtatt";
	next.i_kraft = "2028-01-01";
	assert_int_equal(cycle_in_force(v, 2, "2027-12-31"), 0);
	assert_int_equal(cycle_in_force(v, 2, "2028-01-01"), 1);
	assert_string_equal(cycle_role(v, 2, 0, "2028-01-01"), "avsluttet");
	assert_string_equal(cycle_role(v, 2, 1, "2028-01-01"), "gjeldende");
	/* Without i_kraft the vedtak's date is the start. */
	next.i_kraft = "";
	ved.dato = "2027-12-10";
	next.vedtak = &ved;
	assert_int_equal(cycle_in_force(v, 2, "2027-12-09"), 0);
	assert_int_equal(cycle_in_force(v, 2, "2027-12-10"), 1);
	/* With no date at all, at once. */
	next.vedtak = NULL;
	assert_int_equal(cycle_in_force(v, 2, "2027-12-01"), 1);
	/* Nothing adopted: the first plan. */
	old.state = "under_utarbeidelse";
	next.state = "paa_hoering";
	assert_int_equal(cycle_in_force(v, 2, "2030-01-01"), 0);
	assert_int_equal(cycle_in_force(v, 0, "2030-01-01"), -1);
}

/*
 * 2024-2027 in force; 2027-2030 made by mistake and discarded, then
 * 2028-2031 made: the successor is 2028-2031, never the discarded one.
 */
static void
test_discarded(void **state)
{
	Samplan__PlanInfo	 old = SAMPLAN__PLAN_INFO__INIT;
	Samplan__PlanInfo	 wrong = SAMPLAN__PLAN_INFO__INIT;
	Samplan__PlanInfo	 next = SAMPLAN__PLAN_INFO__INIT;
	struct cycle_version	 v[3];

	(void)state;
	memset(v, 0, sizeof(v));
	old.state = "vedtatt";
	old.i_kraft = "2024-01-01";
	wrong.state = "under_utarbeidelse";
	next.state = "under_utarbeidelse";
	v[0] = (struct cycle_version){ "2024-2027", &old, 1, 1, 0 };
	v[1] = (struct cycle_version){ "2027-2030", &wrong, 30, 30, 0 };
	/* Before the mistake is undone, it is the successor. */
	assert_int_equal(cycle_next(v, 2, 0), 1);
	assert_false(cycle_discarded(&v[1]));
	wrong.state = "forkastet";
	assert_true(cycle_discarded(&v[1]));
	assert_false(cycle_discarded(&v[0]));
	/* Discarded and nothing after it: no successor. */
	assert_int_equal(cycle_next(v, 2, 0), -1);
	assert_string_equal(cycle_role(v, 2, 1, "2027-03-01"), "forkastet");
	/* The real successor, created after the discarded one. */
	v[2] = (struct cycle_version){ "2028-2031", &next, 40, 40, 0 };
	assert_int_equal(cycle_in_force(v, 3, "2027-03-01"), 0);
	assert_int_equal(cycle_next(v, 3, 0), 2);
	assert_string_equal(cycle_role(v, 3, 0, "2027-03-01"), "gjeldende");
	assert_string_equal(cycle_role(v, 3, 1, "2027-03-01"), "forkastet");
	assert_string_equal(cycle_role(v, 3, 2, "2027-03-01"), "neste");
	/* A discarded version is never in force, even with an i_kraft. */
	next.state = "vedtatt";
	next.i_kraft = "2028-01-01";
	assert_int_equal(cycle_in_force(v, 3, "2028-01-02"), 2);
	assert_string_equal(cycle_role(v, 3, 1, "2028-01-02"), "forkastet");
	assert_int_equal(cycle_next(v, 3, 2), -1);
	/* Nothing adopted: the first plan not discarded. */
	old.state = "under_utarbeidelse";
	next.state = "under_utarbeidelse";
	v[0].info = &wrong;
	v[1].info = &old;
	assert_int_equal(cycle_in_force(v, 3, "2027-03-01"), 1);
	/* Brought back (plan revise): the successor again. */
	v[0].info = &old;
	v[1].info = &wrong;
	wrong.state = "under_utarbeidelse";
	assert_int_equal(cycle_next(v, 3, 0), 1);
}

/*
 * The plan a reporting year belongs to: 2024-2027 and its successor
 * 2028-2031, adopted; a draft and a discarded version never count.
 */
static void
test_for_year(void **state)
{
	Samplan__PlanInfo	 old = SAMPLAN__PLAN_INFO__INIT;
	Samplan__PlanInfo	 wrong = SAMPLAN__PLAN_INFO__INIT;
	Samplan__PlanInfo	 next = SAMPLAN__PLAN_INFO__INIT;
	struct cycle_version	 v[3];

	(void)state;
	old.state = "vedtatt";
	old.periode = "2024-2027";
	old.i_kraft = "2024-01-01";
	wrong.state = "forkastet";
	next.state = "under_utarbeidelse";
	v[0] = (struct cycle_version){ "2024-2027", &old, 1, 1, 0 };
	v[1] = (struct cycle_version){ "2027-2030", &wrong, 30, 30, 0 };
	v[2] = (struct cycle_version){ "2028-2031", &next, 40, 40, 0 };
	assert_int_equal(cycle_for_year(v, 3, 2024), 0);
	assert_int_equal(cycle_for_year(v, 3, 2027), 0);
	/* Neither the discarded version nor the draft holds a year. */
	assert_int_equal(cycle_for_year(v, 3, 2029), -1);
	assert_int_equal(cycle_for_year(v, 3, 2023), -1);
	/* Adopted: its years are its own, before and after its i_kraft. */
	next.state = "vedtatt";
	next.i_kraft = "2028-01-01";
	assert_int_equal(cycle_for_year(v, 3, 2027), 0);
	assert_int_equal(cycle_for_year(v, 3, 2028), 2);
	assert_int_equal(cycle_for_year(v, 3, 2031), 2);
	assert_int_equal(cycle_for_year(v, 3, 2032), -1);
	/* Replaced or expired, the old plan still holds its years. */
	old.state = "erstattet";
	assert_int_equal(cycle_for_year(v, 3, 2026), 0);
	old.state = "utloept";
	assert_int_equal(cycle_for_year(v, 3, 2026), 0);
	/* A legacy version without periode: its key tells. */
	old.periode = NULL;
	assert_int_equal(cycle_for_year(v, 3, 2025), 0);
	assert_int_equal(cycle_for_year(v, 0, 2025), -1);
}

static void
test_check_plan(void **state)
{
	Samplan__PlanInfo	 p = SAMPLAN__PLAN_INFO__INIT;
	Samplan__Vedtak		 in = SAMPLAN__VEDTAK__INIT;
	Samplan__Milestone	 m = SAMPLAN__MILESTONE__INIT, *mp = &m;
	const char		*field = NULL, *reason = NULL;

	(void)state;
	assert_ok(cycle_check_plan(&p, &field, &reason));
	p.plan = "2028";
	assert_rc(cycle_check_plan(&p, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "plan");
	p.plan = "2028-2031";
	p.horing_start = "2027-09-01";
	p.horingsfrist = "2027-08-01";
	assert_rc(cycle_check_plan(&p, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "horing.frist");
	p.horingsfrist = "2027-10-01";
	in.dato = "01.11.2027";
	p.innstilling = &in;
	assert_rc(cycle_check_plan(&p, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "innstilling.dato");
	in.dato = "2027-11-01";
	p.n_milepaler = 1;
	p.milepaler = &mp;
	m.navn = "Høring";
	assert_rc(cycle_check_plan(&p, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "milepael.planlagt");
	m.planlagt = "2027-09-01";
	assert_ok(cycle_check_plan(&p, &field, &reason));
	p.grunn = "Feil periode \xff";
	assert_rc(cycle_check_plan(&p, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "grunn");
	p.grunn = "Feil periode; skal være 2028-2031";
	assert_ok(cycle_check_plan(&p, &field, &reason));
	/* Control characters would act on the reader's terminal. */
	p.grunn = "Feil periode\x1b[2J";
	assert_rc(cycle_check_plan(&p, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "grunn");
	assert_non_null(strstr(reason, "control character"));
	p.grunn = "";
	m.navn = "H\x1b[31m\xc3\xb8ring";
	assert_rc(cycle_check_plan(&p, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "milepael");
	m.navn = "Høring";
	p.grunn = "Feil periode;\r\nskal være 2028-2031";
	assert_ok(cycle_check_plan(&p, &field, &reason));
	assert_string_equal(cycle_milestone_late(&m, "2027-09-02"),
	    "forsinket");
	assert_string_equal(cycle_milestone_late(&m, "2027-09-01"),
	    "planlagt");
	m.faktisk = "2027-09-03";
	assert_string_equal(cycle_milestone_late(&m, "2027-12-01"),
	    "nådd for sent");
}

static void
test_evaluation(void **state)
{
	Samplan__Evaluation	 e = SAMPLAN__EVALUATION__INIT;
	const char		*field = NULL, *reason = NULL;

	(void)state;
	e.region = "gjovikregionen";
	e.plan = "2024-2027";
	e.measure = "GR-SG-02";
	e.resultat = "delvis_naadd";
	e.dato = "2028-02-20";
	e.gjort = "TryggEst i drift; æøå";
	assert_ok(cycle_check_evaluation(&e, &field, &reason));
	e.innsatsomrade = "Tiltak mot sårbare grupper";
	assert_rc(cycle_check_evaluation(&e, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "innsatsomrade");
	e.measure = "";
	e.resultat = "delvis nådd";	/* a label is not a code */
	assert_rc(cycle_check_evaluation(&e, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "resultat");
	e.resultat = "naadd";
	e.dato = "";
	assert_rc(cycle_check_evaluation(&e, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "dato");
	e.dato = "2028-02-20";
	e.hvorfor = "Ikke nådd\a";
	assert_rc(cycle_check_evaluation(&e, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "hvorfor");
	e.hvorfor = "Ikke nådd:\n\tfor få kurs";
	assert_ok(cycle_check_evaluation(&e, &field, &reason));
	assert_string_equal(cycle_resultat_parse("delvis nådd"),
	    "delvis_naadd");
	assert_string_equal(cycle_resultat_parse("ikke nadd"), "ikke_naadd");
	assert_null(cycle_resultat_parse("kanskje"));
	assert_string_equal(cycle_resultat_label("naadd"), "nådd");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_in_force),
		cmocka_unit_test(test_discarded),
		cmocka_unit_test(test_for_year),
		cmocka_unit_test(test_check_plan),
		cmocka_unit_test(test_evaluation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
