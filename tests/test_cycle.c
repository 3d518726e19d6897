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
		cmocka_unit_test(test_check_plan),
		cmocka_unit_test(test_evaluation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
