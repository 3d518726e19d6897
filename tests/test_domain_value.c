/*
 * test_domain_value.c - the domain's values as people type them: frister,
 * dates, years, decimals, ids, statuses, states, periods and collation
 * (daemon/domain_value.c, domain_input.c).  test_domain.c: the records.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "domain.h"

static void
test_frist(void **state)
{
	static const char *const good[] = {
		"2026-06-30", "2024-02-29", "2000-02-29", "1900-01-01",
		"2200-12-31", "2026", "1900", "2200", "løpende", "årlig",
	};
	static const char *const bad[] = {
		"2025-02-29", "1900-02-29", "2100-02-29", "2026-04-31",
		"2026-13-01", "2026-00-10", "2026-01-00", "2026-6-30",
		"2026-06-30 ", " 2026", "26", "20261", "1899", "2201",
		"1899-12-31", "Løpende", "LØPENDE", "Årlig", "løpende ",
		"lopende", "aarlig", "", "2026/06/30", "30.06.2026",
		"2026-06-3x",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (domain_frist_check(good[i]) != 0)
			fail_msg("frist «%s» rejected", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (domain_frist_check(bad[i]) != SP_EINVAL)
			fail_msg("frist «%s» accepted", bad[i]);
	assert_rc(domain_frist_check(NULL), SP_EINVAL);
}

static void
test_frist_due(void **state)
{
	int	y = 0, m = 0, d = 0;

	(void)state;
	assert_ok(domain_frist_due("2026", &y, &m, &d));
	assert_int_equal(y, 2026);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	assert_ok(domain_frist_due("2024-02-29", &y, &m, &d));
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_rc(domain_frist_due("løpende", &y, &m, &d), SP_ENOTFOUND);
	assert_rc(domain_frist_due("årlig", &y, &m, &d), SP_ENOTFOUND);
	assert_rc(domain_frist_due("2025-02-29", &y, &m, &d), SP_EINVAL);
	assert_rc(domain_frist_due("Løpende", &y, &m, &d), SP_EINVAL);
}

static void
test_dates(void **state)
{
	char	out[11];

	(void)state;
	assert_ok(domain_date_check("2019-09-25"));
	assert_rc(domain_date_check("2019-9-25"), SP_EINVAL);
	assert_rc(domain_date_check("2023-02-29"), SP_EINVAL);

	assert_ok(domain_date_from_norwegian("01.01.2020", out));
	assert_string_equal(out, "2020-01-01");
	assert_ok(domain_date_from_norwegian("25.09.19", out));
	assert_string_equal(out, "2019-09-25");
	assert_ok(domain_date_from_norwegian("3.4.2024", out));
	assert_string_equal(out, "2024-04-03");
	assert_ok(domain_date_from_norwegian("29.02.24", out));
	assert_string_equal(out, "2024-02-29");
	assert_rc(domain_date_from_norwegian("29.02.23", out), SP_EINVAL);
	assert_string_equal(out, "");
	assert_rc(domain_date_from_norwegian("32.01.2020", out), SP_EINVAL);
	assert_rc(domain_date_from_norwegian("01.13.2020", out), SP_EINVAL);
	assert_rc(domain_date_from_norwegian("01.01.202", out), SP_EINVAL);
	assert_rc(domain_date_from_norwegian("01.01.20200", out), SP_EINVAL);
	assert_rc(domain_date_from_norwegian("01/01/2020", out), SP_EINVAL);
	assert_rc(domain_date_from_norwegian("2020-01-01", out), SP_EINVAL);
	assert_rc(domain_date_from_norwegian("001.01.2020", out), SP_EINVAL);
	assert_rc(domain_date_from_norwegian("", out), SP_EINVAL);
	assert_rc(domain_date_from_norwegian("01.01.2020 ", out), SP_EINVAL);
}

static void
test_user_dates(void **state)
{
	char	iso[11], f[DOMAIN_FRIST_MAX];

	(void)state;
	assert_ok(domain_date_parse("31.12.2025", iso));
	assert_string_equal(iso, "2025-12-31");
	assert_ok(domain_date_parse("2025-12-31", iso));
	assert_string_equal(iso, "2025-12-31");
	assert_rc(domain_date_parse("31.12", iso), SP_EINVAL);
	assert_ok(domain_frist_parse("31.12.2025", f));
	assert_string_equal(f, "2025-12-31");
	assert_ok(domain_frist_parse("2025-12-31", f));
	assert_string_equal(f, "2025-12-31");
	assert_ok(domain_frist_parse("2026", f));
	assert_string_equal(f, "2026");
	assert_ok(domain_frist_parse("Løpende", f));
	assert_string_equal(f, "løpende");
	assert_ok(domain_frist_parse("ÅRLIG", f));
	assert_string_equal(f, "årlig");
	assert_ok(domain_frist_parse("lopende", f));
	assert_string_equal(f, "løpende");
	assert_rc(domain_frist_parse("snart", f), SP_EINVAL);
	assert_rc(domain_frist_parse("31.02.2025", f), SP_EINVAL);
	/* The stored form stays strict: records hold ISO dates only. */
	assert_rc(domain_frist_check("31.12.2025"), SP_EINVAL);
}

/* A mistyped year is refused where people type it, not in records. */
static void
test_typed_years(void **state)
{
	const char	*why = NULL;
	char		 iso[11], *v = NULL;

	(void)state;
	assert_int_equal(setenv("SAMPLAN_TODAY", "2025-11-15", 1), 0);
	assert_true(domain_typed_year_ok(2000));
	assert_true(domain_typed_year_ok(2035));
	assert_false(domain_typed_year_ok(2036));
	assert_false(domain_typed_year_ok(1999));
	assert_ok(domain_date_input("31.12.2025", iso, &why));
	assert_string_equal(iso, "2025-12-31");
	assert_rc(domain_date_input("14.03.1924", iso, &why), SP_EINVAL);
	assert_non_null(strstr(why, "a typo"));
	assert_rc(domain_date_input("31.02.2025", iso, &why), SP_EINVAL);
	assert_non_null(strstr(why, "not a date"));
	/* Records keep the wide window: a relayed 1924 date still checks. */
	assert_ok(domain_date_check("1924-03-14"));
	assert_ok(domain_plan_period_input("2028-2031", &why));
	assert_ok(domain_plan_period_input("2024\xe2\x80\x93" "2027", &why));
	assert_rc(domain_plan_period_input("2024-2072", &why), SP_EINVAL);
	assert_rc(domain_plan_period_input("2020-2035", &why), SP_EINVAL);
	assert_non_null(strstr(why, "12 years"));
	assert_rc(domain_plan_period_input("2082-2085", &why), SP_EINVAL);
	assert_rc(domain_plan_period_input("2027-2024", &why), SP_EINVAL);
	assert_rc(domain_plan_period_input("2024-27", &why), SP_EINVAL);
	assert_rc(domain_plan_period_input("+024-2027", &why), SP_EINVAL);
	assert_rc(domain_measure_input("frist", "2052", &v, &why), SP_EINVAL);
	assert_null(v);
	assert_ok(domain_measure_input("frist", "2027", &v, &why));
	assert_string_equal(v, "2027");
	free(v);
	assert_ok(domain_measure_input("frist", "løpende", &v, &why));
	free(v);
	/* The clock moves the window: in 2045, 2052 is near. */
	assert_int_equal(setenv("SAMPLAN_TODAY", "2045-01-01", 1), 0);
	assert_true(domain_typed_year_ok(2052));
	assert_int_equal(unsetenv("SAMPLAN_TODAY"), 0);
}

/* Decimals as stored (malverdi, verdi), and withdrawn reports. */
static void
test_decimals_withdrawal(void **state)
{
	Samplan__StatusReport	 r = SAMPLAN__STATUS_REPORT__INIT;
	const char		*field, *reason;
	char			 num[32];

	(void)state;
	assert_ok(domain_decimal_check("12"));
	assert_ok(domain_decimal_check("-0.75"));
	assert_rc(domain_decimal_check("12,5"), SP_EINVAL);
	assert_rc(domain_decimal_check("12."), SP_EINVAL);
	assert_rc(domain_decimal_check(".5"), SP_EINVAL);
	assert_rc(domain_decimal_check("1e3"), SP_EINVAL);
	assert_ok(domain_decimal_parse(" 12,5 ", num));
	assert_string_equal(num, "12.5");
	assert_rc(domain_decimal_parse("12 %", num), SP_EINVAL);
	r.measure = "GR-MF-01";
	r.period = "2025";
	r.withdrawn = 1;
	r.note = "Feil tiltak";
	assert_ok(domain_check_report(&r, &field, &reason));
	r.note = "";
	assert_rc(domain_check_report(&r, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "reason");
	r.note = "  ";
	assert_rc(domain_check_report(&r, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "reason");
	r.note = "x";
	r.status = "igangsatt";
	assert_rc(domain_check_report(&r, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "status");
	r.withdrawn = 0;
	r.verdi = "12,5";
	assert_rc(domain_check_report(&r, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "verdi");
	r.verdi = "12.5";
	assert_ok(domain_check_report(&r, &field, &reason));
}

static void
test_ids(void **state)
{
	char	long_id[DOMAIN_ID_MAX + 2];

	(void)state;
	assert_true(domain_id_valid("GR-MF-01"));
	assert_true(domain_id_valid("3443-L-02"));
	assert_true(domain_id_valid("a.b_c"));
	assert_false(domain_id_valid(""));
	assert_false(domain_id_valid("GR MF"));
	assert_false(domain_id_valid("-x"));	/* an option, when typed */
	assert_true(domain_id_valid("x-"));
	assert_true(domain_id_valid("ÆØÅ-01"));
	assert_true(domain_id_valid("GØ-1"));
	assert_true(domain_id_valid("IR-ÆRE-01"));
	assert_true(domain_id_valid("æøå-ÆØÅ"));
	assert_false(domain_id_valid("IR-ÄRE-01"));	/* not Norwegian */
	assert_false(domain_id_valid("a\xc3"));		/* cut sequence */
	assert_false(domain_id_valid("a/b"));
	memset(long_id, 'x', DOMAIN_ID_MAX);
	long_id[DOMAIN_ID_MAX] = '\0';
	assert_true(domain_id_valid(long_id));
	long_id[DOMAIN_ID_MAX] = 'x';
	long_id[DOMAIN_ID_MAX + 1] = '\0';
	assert_false(domain_id_valid(long_id));
}

/* Ids that differ only in case, æøå included, fold alike. */
static void
test_id_fold(void **state)
{
	char	a[DOMAIN_ID_MAX + 1], b[DOMAIN_ID_MAX + 1];
	char	long_id[DOMAIN_ID_MAX + 2];

	(void)state;
	assert_int_equal(domain_id_fold("GR-MF-02", a), 0);
	assert_string_equal(a, "gr-mf-02");
	assert_int_equal(domain_id_fold("IR-ÆRE-ØÅ", a), 0);
	assert_string_equal(a, "ir-ære-øå");
	assert_int_equal(domain_id_fold("ir-ære-øå", b), 0);
	assert_string_equal(a, b);
	assert_int_equal(domain_id_fold("IR-ARE", b), 0);
	assert_string_not_equal(a, b);
	memset(long_id, 'X', DOMAIN_ID_MAX - 2);
	memcpy(long_id + DOMAIN_ID_MAX - 2, "Å", 3);
	assert_int_equal(domain_id_fold(long_id, a), 0);
	assert_int_equal(strlen(a), DOMAIN_ID_MAX);
	assert_string_equal(a + DOMAIN_ID_MAX - 2, "å");
	memset(long_id, 'X', DOMAIN_ID_MAX + 1);
	long_id[DOMAIN_ID_MAX + 1] = '\0';
	assert_int_equal(domain_id_fold(long_id, a), -1);
}

static void
test_status(void **state)
{
	static const struct {
		const char	*code, *label;
		char		 letter;
	} want[] = {
		{ "ikke_startet",	"ikke startet",	'S' },
		{ "igangsatt",		"igangsatt",	'I' },
		{ "gjennomfort",	"gjennomført",	'G' },
		{ "lopende",		"løpende",	'L' },
		{ "forsinket",		"forsinket",	'F' },
		{ "utsatt",		"utsatt",	'U' },
		{ "bortfalt",		"bortfalt",	'B' },
	};
	const char *const	*codes;
	size_t			 i, n;

	(void)state;
	codes = domain_status_codes(&n);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++) {
		assert_string_equal(codes[i], want[i].code);
		assert_true(domain_status_valid(want[i].code));
		assert_string_equal(domain_status_label(want[i].code),
		    want[i].label);
		assert_int_equal(domain_status_letter(want[i].code),
		    want[i].letter);
		assert_non_null(strstr(domain_status_expected(),
		    want[i].label));
		assert_string_equal(domain_status_parse(want[i].code),
		    want[i].code);
		assert_string_equal(domain_status_parse(want[i].label),
		    want[i].code);
	}
	/* The users' words: labels, any case, blanks for underscores. */
	assert_string_equal(domain_status_parse("Gjennomført"), "gjennomfort");
	assert_string_equal(domain_status_parse("GJENNOMFØRT"), "gjennomfort");
	assert_string_equal(domain_status_parse(" ikke  startet "),
	    "ikke_startet");
	assert_string_equal(domain_status_parse("Ikke_startet"),
	    "ikke_startet");
	assert_string_equal(domain_status_parse("påbegynt"), "igangsatt");
	assert_string_equal(domain_status_parse("Løpende"), "lopende");
	assert_null(domain_status_parse("ferdig"));
	assert_null(domain_status_parse(""));
	assert_null(domain_status_parse(NULL));
	assert_false(domain_status_valid("gjennomført"));
	assert_false(domain_status_valid("Igangsatt"));
	assert_false(domain_status_valid(""));
	assert_null(domain_status_label("done"));
	assert_int_equal(domain_status_letter("done"), '\0');
	assert_string_equal(domain_status_expected(), "ikke startet, "
	    "igangsatt, gjennomført, løpende, forsinket, utsatt, bortfalt");
}

static void
test_states(void **state)
{
	static const struct {
		const char	*code, *label;
		int		 adopted;
	} want[] = {
		{ "initiativ",		 "initiativ",		0 },
		{ "mandat_vedtatt",	 "mandat vedtatt",	0 },
		{ "under_utarbeidelse",	 "under utarbeidelse",	0 },
		{ "adm_kvalitetssikring", "administrativ kvalitetssikring", 0 },
		{ "paa_hoering",	 "på høring",		0 },
		{ "politisk_behandling", "politisk behandling",	0 },
		{ "vedtatt",		 "vedtatt",		1 },
		{ "i_kraft",		 "i kraft",		1 },
		{ "under_evaluering",	 "under evaluering",	1 },
		{ "under_revisjon",	 "under revisjon",	1 },
		{ "erstattet",		 "erstattet",		0 },
		{ "utloept",		 "utløpt",		0 },
		{ "forkastet",		 "forkastet",		0 },
	};
	const char *const	*codes;
	size_t			 i, n;

	(void)state;
	codes = domain_state_codes(&n);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++) {
		assert_string_equal(codes[i], want[i].code);
		assert_true(domain_state_valid(want[i].code));
		assert_string_equal(domain_state_label(want[i].code),
		    want[i].label);
		assert_int_equal(domain_state_adopted(want[i].code),
		    want[i].adopted);
		assert_non_null(strstr(domain_state_expected(),
		    want[i].label));
		assert_string_equal(domain_state_parse(want[i].label),
		    want[i].code);
	}
	assert_string_equal(domain_state_parse("på høring"), "paa_hoering");
	assert_string_equal(domain_state_parse("På Høring"), "paa_hoering");
	assert_string_equal(domain_state_parse("paa_hoering"), "paa_hoering");
	assert_string_equal(domain_state_parse("VEDTATT"), "vedtatt");
	assert_string_equal(domain_state_parse("i kraft"), "i_kraft");
	assert_null(domain_state_parse("ferdig"));
	assert_false(domain_state_valid("på_høring"));
	assert_false(domain_state_valid("VEDTATT"));
	assert_null(domain_state_label("x"));
	assert_false(domain_state_adopted(NULL));
	assert_false(domain_state_adopted("x"));
}

static void
test_period(void **state)
{
	(void)state;
	assert_ok(domain_period_check("2025"));
	assert_ok(domain_period_check("2025H1"));
	assert_ok(domain_period_check("2025H2"));
	assert_ok(domain_period_check("2025T1"));
	assert_ok(domain_period_check("2025T3"));
	assert_rc(domain_period_check("2025H3"), SP_EINVAL);
	assert_rc(domain_period_check("2025T4"), SP_EINVAL);
	assert_rc(domain_period_check("2025T0"), SP_EINVAL);
	assert_rc(domain_period_check("2025h1"), SP_EINVAL);
	assert_rc(domain_period_check("2025Q1"), SP_EINVAL);
	assert_rc(domain_period_check("25"), SP_EINVAL);
	assert_rc(domain_period_check(""), SP_EINVAL);
	assert_rc(domain_period_check("2025H1 "), SP_EINVAL);
	assert_int_equal(domain_period_year("2025T2"), 2025);
	assert_int_equal(domain_period_year("2031"), 2031);
	assert_int_equal(domain_period_year("x"), SP_EINVAL);
}

static void
test_period_fold(void **state)
{
	char	buf[8];
	const char *in[] = { "2025", "2025H1", "2025Q1", "", "2025h1 " };
	size_t	i;

	(void)state;
	assert_string_equal(domain_period_fold("2025h2", buf), "2025H2");
	assert_ptr_equal(domain_period_fold("2025h2", buf), buf);
	assert_string_equal(domain_period_fold("2025t3", buf), "2025T3");
	assert_ok(domain_period_check(domain_period_fold("2025t1", buf)));
	/* Anything else is returned as it is, to be refused or taken. */
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_ptr_equal(domain_period_fold(in[i], buf), in[i]);
	assert_null(domain_period_fold(NULL, buf));
	assert_rc(domain_period_check(domain_period_fold("2025h3", buf)),
	    SP_EINVAL);
}

static int
collate_cmp(const void *a, const void *b)
{
	return domain_collate(*(const char *const *)a,
	    *(const char *const *)b);
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
test_collate(void **state)
{
	static const char *const ascii[] = {
		"GR-MF-01", "GR-MF-02", "GR-MF-10", "GR-LS-01", "3443-L-02",
		"3407", "a", "B", "b", "", "Z", "z", "_", "a.b", "a-b",
	};
	static const char *const want[] = {
		"Gjøvik", "Nordre Land", "Søndre Land", "Vestre Toten",
		"Zeta", "Ærø", "Østre Toten", "Øyer", "Åsnes",
	};
	const char	*names[] = {
		"Åsnes", "Østre Toten", "Ærø", "Søndre Land", "Zeta",
		"Vestre Toten", "Øyer", "Nordre Land", "Gjøvik",
	};
	size_t		 i, j, n = sizeof(ascii) / sizeof(ascii[0]);

	(void)state;
	assert_true(domain_collate("Østre Toten", "Åsnes") < 0);
	assert_true(domain_collate("Åsnes", "Østre Toten") > 0);
	assert_true(domain_collate("Zeta", "Ærø") < 0);
	assert_true(domain_collate("Ærø", "Østre") < 0);
	assert_true(domain_collate("zeta", "æble") < 0);
	assert_true(domain_collate("æble", "øre") < 0);
	assert_true(domain_collate("øre", "åker") < 0);
	assert_true(domain_collate("Søndre", "Sør") < 0);
	assert_true(domain_collate("Sør", "Søndre") > 0);
	assert_true(domain_collate("Sola", "Søndre") < 0);
	assert_true(domain_collate("Åsnes", "Åsnes") == 0);
	assert_true(domain_collate("Gjøvik", "Gjøvika") < 0);
	/* Ö and Ä sort with Ø and Æ, after Z; é beside e. */
	assert_true(domain_collate("Zürich", "Österreich") < 0);
	assert_true(domain_collate("Café", "Cafg") < 0);
	assert_true(domain_collate("Cafe", "Café") < 0);
	/* ASCII sorts bytewise. */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (sign(domain_collate(ascii[i], ascii[j])) !=
			    sign(strcmp(ascii[i], ascii[j])))
				fail_msg("«%s» vs «%s» not bytewise", ascii[i],
				    ascii[j]);
	qsort(names, sizeof(names) / sizeof(names[0]), sizeof(names[0]),
	    collate_cmp);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(names[i], want[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frist),
		cmocka_unit_test(test_frist_due),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_id_fold),
		cmocka_unit_test(test_user_dates),
		cmocka_unit_test(test_decimals_withdrawal),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_period_fold),
		cmocka_unit_test(test_collate),
		cmocka_unit_test(test_typed_years),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
