/*
 * test_domain.c - the per-record rules: measure fields, what each record
 * kind may hold, control characters (test_domain_value.c: the values).
 */
#include <stdlib.h>
#include <string.h>

#include "samplan.pb-c.h"

#include "testutil.h"
#include "domain.h"

static Samplan__Measure *
measure_new(void)
{
	Samplan__Measure	*m;

	if ((m = malloc(sizeof(*m))) == NULL)
		fail_msg("malloc");
	samplan__measure__init(m);
	return m;
}

static void
test_measure_fields(void **state)
{
	static const char *const want[] = {
		"id", "innsatsomrade", "tittel", "beskrivelse", "ansvar",
		"samarbeidspartnere", "frist", "indikator", "malgruppe",
		"gjennomfores_av", "malverdi", "ressurser",
	};
	Samplan__Measure	*m = measure_new();
	const char *const	*f;
	const char		*reason = NULL;
	char			*big;
	size_t			 i, n;

	(void)state;
	f = domain_measure_fields(&n);
	assert_int_equal(n, 12);
	for (i = 0; i < n; i++) {
		assert_string_equal(f[i], want[i]);
		assert_ptr_equal(domain_measure_field_name(want[i]), f[i]);
		/* Every field starts out as "", never NULL. */
		assert_string_equal(domain_measure_get(m, f[i]), "");
	}
	assert_null(domain_measure_field_name("region"));
	/* A name as people type it (a CSV header, --set), folded. */
	assert_ptr_equal(domain_measure_field_name("Tittel"), f[2]);
	assert_string_equal(domain_measure_field_name("Innsatsområde"),
	    "innsatsomrade");
	assert_string_equal(domain_measure_field_name("Gjennomføres av"),
	    "gjennomfores_av");
	assert_string_equal(domain_measure_field_name("MÅLVERDI"), "malverdi");
	assert_string_equal(domain_measure_field_name("målgruppe"),
	    "malgruppe");
	assert_null(domain_measure_field_name("tittel2"));
	assert_null(domain_measure_field_name("a_field_name_far_longer_than_"
	    "any_of_the_table"));
	/* The record's own names stay exact. */
	assert_null(domain_measure_get(m, "Tittel"));
	assert_null(domain_measure_get(m, "region"));
	assert_null(domain_measure_get(m, "nope"));

	assert_ok(domain_measure_set(m, "id", "GR-MF-01"));
	assert_ok(domain_measure_set(m, "tittel", "Grunnopplæring"));
	/* Replacing a malloc'd value frees the old one (ASan checks). */
	assert_ok(domain_measure_set(m, "tittel", "Grunnopplæring for "
	    "nyansatte"));
	assert_ok(domain_measure_set(m, "frist", "løpende"));
	assert_ok(domain_measure_set(m, "malgruppe", "Ansatte"));
	assert_string_equal(m->tittel, "Grunnopplæring for nyansatte");
	assert_string_equal(domain_measure_get(m, "frist"), "løpende");
	assert_string_equal(domain_measure_get(m, "malgruppe"), "Ansatte");

	assert_rc(domain_measure_set(m, "region", "x"), SP_ENOTFOUND);
	assert_rc(domain_measure_set(m, "Tittel", "x"), SP_ENOTFOUND);
	/* Who carries it out, and the target: users' words too. */
	assert_ok(domain_measure_set(m, "gjennomfores_av", "Regionen"));
	assert_string_equal(m->gjennomfores_av, "region");
	assert_ok(domain_measure_set(m, "gjennomfores_av", "kommunene"));
	assert_string_equal(m->gjennomfores_av, "");
	assert_rc(domain_measure_set(m, "gjennomfores_av", "NAV"), SP_EINVAL);
	assert_ok(domain_measure_set(m, "malverdi", "12,5"));
	assert_string_equal(m->malverdi, "12.5");
	assert_ok(domain_measure_set(m, "malverdi", " 90 "));
	assert_string_equal(m->malverdi, "90");
	assert_rc(domain_measure_set(m, "malverdi", "90 %"), SP_EINVAL);
	assert_rc(domain_measure_set(m, "malverdi", "1,2,3"), SP_EINVAL);
	assert_ok(domain_measure_set(m, "malverdi", ""));
	/* Input in users' words is stored in the canonical form. */
	assert_ok(domain_measure_set(m, "frist", "31.12.2026"));
	assert_string_equal(m->frist, "2026-12-31");
	assert_ok(domain_measure_set(m, "frist", "Løpende"));
	assert_string_equal(m->frist, "løpende");
	assert_rc(domain_measure_set(m, "frist", "snart"), SP_EINVAL);
	assert_string_equal(m->frist, "løpende");
	assert_rc(domain_measure_set(m, "id", "GR MF 01"), SP_EINVAL);
	assert_string_equal(m->id, "GR-MF-01");
	assert_rc(domain_measure_set(m, "ansvar", "\xc3\x28"), SP_EINVAL);
	assert_string_equal(m->ansvar, "");

	big = malloc(DOMAIN_TEXT_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', DOMAIN_TEXT_MAX);
	big[DOMAIN_TEXT_MAX] = '\0';
	assert_ok(domain_measure_set(m, "beskrivelse", big));
	big[DOMAIN_TEXT_MAX] = 'a';
	big[DOMAIN_TEXT_MAX + 1] = '\0';
	assert_rc(domain_measure_set(m, "beskrivelse", big), SP_EINVAL);
	assert_rc(domain_measure_check_field("beskrivelse", big, &reason),
	    SP_EINVAL);
	assert_string_equal(reason, "longer than 4096 bytes");
	big[DOMAIN_NAME_MAX + 1] = '\0';
	assert_rc(domain_measure_check_field("innsatsomrade", big, &reason),
	    SP_EINVAL);
	assert_string_equal(reason, "longer than 200 bytes");
	free(big);
	assert_rc(domain_measure_check_field("frist", "2025-02-29", &reason),
	    SP_EINVAL);
	assert_string_equal(reason, "not a frist (a date 31.12.2026 or 2026-12-31, a year 2026, "
	    "løpende or årlig)");
	assert_ok(domain_measure_check_field("frist", "", &reason));
	assert_rc(domain_measure_check_field("x", "", &reason), SP_ENOTFOUND);

	protobuf_c_message_free_unpacked(&m->base, NULL);
}

static void
test_override_allowed(void **state)
{
	static const char *const yes[] = {
		"tittel", "beskrivelse", "ansvar", "samarbeidspartnere",
		"frist", "indikator", "malgruppe",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(domain_override_allowed(yes[i]));
	assert_false(domain_override_allowed("id"));
	assert_false(domain_override_allowed("innsatsomrade"));
	assert_false(domain_override_allowed("region"));
	assert_false(domain_override_allowed("start"));
	assert_false(domain_override_allowed(""));
	assert_false(domain_override_allowed(NULL));
}

/* Asserts that check failed on field for reason. */
#define assert_check_fails(call, wfield, wreason) do {			\
	const char *f_ = NULL, *r_ = NULL;				\
	assert_rc(call(&f_, &r_), SP_EINVAL);				\
	assert_string_equal(f_, (wfield));				\
	assert_string_equal(r_, (wreason));				\
} while (0)

static Samplan__Measure	cm;

static int
check_cm(const char **f, const char **r)
{
	return domain_check_measure(&cm, f, r);
}

static void
test_check_measure(void **state)
{
	const char	*f = NULL, *r = NULL;

	(void)state;
	samplan__measure__init(&cm);
	cm.region = "gjovikregionen";
	cm.id = "GR-MF-01";
	cm.tittel = "Grunnopplæring for nyansatte";
	cm.innsatsomrade = "Målrettet forebygging";
	assert_ok(domain_check_measure(&cm, &f, &r));
	cm.frist = "2026-06-30";
	assert_ok(domain_check_measure(&cm, &f, &r));
	cm.frist = "2026";
	assert_ok(domain_check_measure(&cm, &f, &r));

	cm.frist = "snart";
	assert_check_fails(check_cm, "frist", "not a frist (a date 31.12.2026 or 2026-12-31, a year 2026, "
	    "løpende or årlig)");
	cm.frist = "årlig";
	cm.id = "";
	assert_check_fails(check_cm, "id", "required");
	cm.id = "GR/MF/01";
	assert_check_fails(check_cm, "id",
	    "not an id (1 to 64 bytes of A-Z a-z 0-9 Æ Ø Å æ ø å . _ -, not beginning with -)");
	cm.id = "GR-MF-01";
	cm.tittel = "";
	assert_check_fails(check_cm, "tittel", "required");
	/* Only blanks is as good as nothing for a required text. */
	assert_true(domain_text_blank(NULL));
	assert_true(domain_text_blank("  \t \r\n"));
	assert_false(domain_text_blank(" æ "));
	cm.tittel = "   ";
	assert_check_fails(check_cm, "tittel", "required");
	cm.tittel = " \t\r\n";
	assert_check_fails(check_cm, "tittel", "required");
	/* A peer's record from an older version stays acceptable. */
	assert_ok(domain_check_measure_as(&cm, DOMAIN_PEER, &f, &r));
	cm.innsatsomrade = "  ";
	cm.tittel = "T";
	assert_check_fails(check_cm, "innsatsomrade", "required");
	cm.innsatsomrade = "Målrettet forebygging";
	cm.tittel = "T";
	cm.innsatsomrade = "";
	assert_check_fails(check_cm, "innsatsomrade", "required");
	/* A retired measure needs only its id. */
	cm.retired = 1;
	cm.tittel = "";
	assert_ok(domain_check_measure(&cm, &f, &r));
	cm.id = "";
	assert_check_fails(check_cm, "id", "required");
	cm.retired = 0;
	cm.id = "GR-MF-01";
	cm.tittel = "T";
	cm.innsatsomrade = "MF";
	cm.region = "Gjøvik region";
	assert_check_fails(check_cm, "region",
	    "not an id (1 to 64 bytes of A-Z a-z 0-9 Æ Ø Å æ ø å . _ -, not beginning with -)");
	cm.region = "";		/* the CSV import leaves it to the caller */
	assert_ok(domain_check_measure(&cm, &f, &r));
	cm.beskrivelse = "bad \xff byte";
	assert_check_fails(check_cm, "beskrivelse",
	    "not valid UTF-8 or contains NUL");
	/*
	 * A body wire.c decoded had its UTF-8 checked by the scan (which
	 * refuses these bytes, see test_wire): the check is not run again.
	 * Length and the personal-number guard still are.
	 */
	assert_ok(domain_check_measure_as(&cm, DOMAIN_SCANNED, &f, &r));
	cm.beskrivelse = "mor, fnr 15058912317";
	assert_rc(domain_check_measure_as(&cm, DOMAIN_SCANNED, &f, &r),
	    SP_EINVAL);
	assert_string_equal(f, "beskrivelse");
	cm.beskrivelse = "";
}

static Samplan__Adaptation	ca;

static int
check_ca(const char **f, const char **r)
{
	return domain_check_adaptation(&ca, f, r);
}

static void
test_check_adaptation(void **state)
{
	Samplan__Override	 o1, o2, o3, *ov[3];
	const char		*f = NULL, *r = NULL;

	(void)state;
	samplan__adaptation__init(&ca);
	samplan__override__init(&o1);
	samplan__override__init(&o2);
	samplan__override__init(&o3);
	ov[0] = &o1, ov[1] = &o2, ov[2] = &o3;

	ca.region = "gjovikregionen";
	ca.measure = "GR-MF-04";
	assert_check_fails(check_ca, "decision",
	    "must be ADOPT, ADAPT or DECLINE");
	ca.decision = SAMPLAN__DECISION__ADOPT;
	assert_ok(domain_check_adaptation(&ca, &f, &r));
	ca.region = "";
	assert_check_fails(check_ca, "region", "required");
	ca.region = "gjovikregionen";
	ca.measure = "";
	assert_check_fails(check_ca, "measure", "required");
	ca.measure = "GR-MF-04";
	ca.decision = (Samplan__Decision)7;
	assert_check_fails(check_ca, "decision",
	    "must be ADOPT, ADAPT or DECLINE");

	/* ADAPT needs overrides, each allowed, valid and unique. */
	ca.decision = SAMPLAN__DECISION__ADAPT;
	assert_check_fails(check_ca, "overrides",
	    "ADAPT needs at least one override");
	o1.field = "frist";
	o1.value = "2026-06-30";
	o2.field = "ansvar";
	o2.value = "Kommunalsjef helse og omsorg";
	ca.overrides = ov;
	ca.n_overrides = 2;
	assert_ok(domain_check_adaptation(&ca, &f, &r));
	o1.value = "2026-02-30";
	assert_check_fails(check_ca, "frist", "not a frist (a date 31.12.2026 or 2026-12-31, a year 2026, "
	    "løpende or årlig)");
	o1.value = "løpende";
	o3.field = "id";
	o3.value = "GR-XX-01";
	ca.n_overrides = 3;
	assert_check_fails(check_ca, "overrides", "field may not be "
	    "overridden (allowed: tittel, beskrivelse, ansvar, "
	    "samarbeidspartnere, frist, indikator, malgruppe)");
	o3.field = "innsatsomrade";
	assert_check_fails(check_ca, "overrides", "field may not be "
	    "overridden (allowed: tittel, beskrivelse, ansvar, "
	    "samarbeidspartnere, frist, indikator, malgruppe)");
	o3.field = "frist";
	o3.value = "2027";
	assert_check_fails(check_ca, "overrides", "field overridden twice");
	o3.field = "tittel";
	assert_ok(domain_check_adaptation(&ca, &f, &r));

	/* Overrides belong to ADAPT only. */
	ca.decision = SAMPLAN__DECISION__ADOPT;
	assert_check_fails(check_ca, "overrides",
	    "only an ADAPT decision carries overrides");
	ca.decision = SAMPLAN__DECISION__DECLINE;
	assert_check_fails(check_ca, "overrides",
	    "only an ADAPT decision carries overrides");

	/* DECLINE needs a reason. */
	ca.n_overrides = 0;
	assert_check_fails(check_ca, "reason", "decline needs a reason");
	ca.reason = "   ";
	assert_check_fails(check_ca, "reason", "decline needs a reason");
	assert_ok(domain_check_adaptation_as(&ca, DOMAIN_PEER, &f, &r));
	ca.reason = "Dekkes av eksisterende tiltak i kommunen.";
	assert_ok(domain_check_adaptation(&ca, &f, &r));
	ca.reason = "\xc3";
	assert_check_fails(check_ca, "reason",
	    "not valid UTF-8 or contains NUL");
}

static Samplan__StatusReport	cr;

static int
check_cr(const char **f, const char **r)
{
	return domain_check_report(&cr, f, r);
}

static void
test_check_report(void **state)
{
	const char	*f = NULL, *r = NULL;

	(void)state;
	samplan__status_report__init(&cr);
	cr.region = "gjovikregionen";
	cr.measure = "GR-MF-01";
	cr.period = "2025H1";
	cr.status = "igangsatt";
	assert_ok(domain_check_report(&cr, &f, &r));
	cr.region = "";			/* a local measure */
	cr.measure = "3443-L-02";
	assert_ok(domain_check_report(&cr, &f, &r));
	cr.measure = "";
	assert_check_fails(check_cr, "measure", "required");
	cr.measure = "GR-MF-01";
	cr.period = "";
	assert_check_fails(check_cr, "period", "required");
	cr.period = "2025H3";
	assert_check_fails(check_cr, "period",
	    "not a period (YYYY, YYYYH1..H2 or YYYYT1..T3)");
	cr.period = "2025";
	cr.status = "";
	assert_check_fails(check_cr, "status", "required");
	cr.status = "gjennomført";
	assert_check_fails(check_cr, "status", "not a status code "
	    "(ikke_startet, igangsatt, gjennomfort, lopende, forsinket, "
	    "utsatt, bortfalt)");
	cr.status = "gjennomfort";
	cr.note = "Ferdig i alle enheter; evaluert i ressursgruppa.";
	assert_ok(domain_check_report(&cr, &f, &r));
}

#define R_CONTROL	"contains a control character (a text may hold " \
			"line breaks and tabs, no other character below " \
			"U+0020, DEL or U+0080..U+009F)"

/* Text that would act on a reader's terminal is refused on every path. */
static void
test_control_characters(void **state)
{
	const char	*f = NULL, *r = NULL;

	(void)state;
	samplan__measure__init(&cm);
	cm.id = "GR-T-02";
	cm.innsatsomrade = "Målrettet forebygging";
	cm.tittel = "a\tb\x1b[31mRED\a";
	assert_check_fails(check_cm, "tittel", R_CONTROL);
	/* Peer records too: the scan checked UTF-8, not this. */
	assert_rc(domain_check_measure_as(&cm, DOMAIN_SCANNED, &f, &r),
	    SP_EINVAL);
	assert_string_equal(f, "tittel");
	cm.tittel = "T";
	cm.beskrivelse = "Første linje\r\nandre linje\n\tinnrykket";
	assert_ok(domain_check_measure(&cm, &f, &r));
	cm.beskrivelse = "overskrevet\rfalsk";
	assert_check_fails(check_cm, "beskrivelse", R_CONTROL);
	cm.beskrivelse = "";
	cm.retired = 1;
	cm.retired_reason = "sl\xc3\xa5tt sammen\x1b[2J";
	assert_check_fails(check_cm, "reason", R_CONTROL);
	cm.retired_reason = "x\x7f";
	assert_check_fails(check_cm, "reason", R_CONTROL);
	cm.retired = 0;
	cm.retired_reason = "";

	samplan__status_report__init(&cr);
	cr.measure = "GR-MF-01";
	cr.period = "2025";
	cr.status = "igangsatt";
	cr.note = "40 av 52\nresten i 2026";
	assert_ok(domain_check_report(&cr, &f, &r));
	cr.note = "\x1b]0;title\x07";
	assert_check_fails(check_cr, "note", R_CONTROL);

	assert_null(domain_text_reason("to\nlinjer"));
	assert_string_equal(domain_text_reason("a\x1b[2J"), R_CONTROL);
	/* --av is a name: one line. */
	assert_null(domain_line_reason("Kari Nordmann"));
	assert_non_null(domain_line_reason("Kari\x1b[2J"));
	assert_non_null(domain_line_reason("Kari\nOla"));
	assert_non_null(domain_line_reason("Kari\tOla"));
}

static Samplan__PlanInfo	cp;

static int
check_cp(const char **f, const char **r)
{
	return domain_check_plan(&cp, f, r);
}

static void
test_check_plan(void **state)
{
	Samplan__Vedtak	 v;
	char		*areas[3], big[DOMAIN_NAME_MAX + 2];
	const char	*f = NULL, *r = NULL;

	(void)state;
	samplan__plan_info__init(&cp);
	samplan__vedtak__init(&v);
	assert_ok(domain_check_plan(&cp, &f, &r));	/* all optional */
	cp.region = "gjovikregionen";
	cp.tittel = "Handlingsplan mot vold i nære relasjoner";
	cp.periode = "2024-2027";
	cp.state = "paa_hoering";
	v.organ = "Kommunestyret";
	v.dato = "2024-06-20";
	v.saksnr = "45/24";
	cp.vedtak = &v;
	areas[0] = "Målrettet forebygging";
	areas[1] = "Likeverdige og sammenhengende tjenester";
	areas[2] = "Tiltak mot sårbare grupper";
	cp.innsatsomrader = areas;
	cp.n_innsatsomrader = 3;
	cp.i_kraft = "2024-07-01";
	assert_ok(domain_check_plan(&cp, &f, &r));
	cp.periode = "2024–2027";	/* en dash, as typed in documents */
	assert_ok(domain_check_plan(&cp, &f, &r));
	cp.periode = "2027-2024";
	assert_check_fails(check_cp, "periode", "not a plan period "
	    "(YYYY-YYYY, first year not after the last)");
	cp.periode = "2024-27";
	assert_check_fails(check_cp, "periode", "not a plan period "
	    "(YYYY-YYYY, first year not after the last)");
	cp.periode = "2024—2027";	/* em dash: no */
	assert_check_fails(check_cp, "periode", "not a plan period "
	    "(YYYY-YYYY, first year not after the last)");
	cp.periode = "2024-2027";
	cp.state = "høring";
	assert_check_fails(check_cp, "state", "not a lifecycle state "
	    "(initiativ, mandat_vedtatt, under_utarbeidelse, "
	    "adm_kvalitetssikring, paa_hoering, politisk_behandling, vedtatt, "
	    "i_kraft, under_evaluering, under_revisjon, erstattet, utloept, "
	    "forkastet)");
	cp.state = "";
	assert_ok(domain_check_plan(&cp, &f, &r));
	cp.state = "vedtatt";
	v.dato = "20.06.2024";
	assert_check_fails(check_cp, "vedtak.dato",
	    "not an ISO date (YYYY-MM-DD)");
	v.dato = "";
	assert_ok(domain_check_plan(&cp, &f, &r));
	cp.i_kraft = "2024-13-01";
	assert_check_fails(check_cp, "i_kraft",
	    "not an ISO date (YYYY-MM-DD)");
	/* Not in force before it is adopted; on the day is fine. */
	v.dato = "2024-06-20";
	cp.i_kraft = "2024-01-01";
	assert_check_fails(check_cp, "i_kraft", "before the date of the "
	    "vedtak (vedtak.dato): a plan cannot be in force before it is "
	    "adopted");
	/* Older versions took it from peers: their feeds must go on. */
	assert_ok(domain_check_plan_as(&cp, DOMAIN_PEER, &f, &r));
	cp.i_kraft = "2024-06-20";
	assert_ok(domain_check_plan(&cp, &f, &r));
	/* One of the two alone is no contradiction. */
	cp.i_kraft = "2024-01-01";
	v.dato = "";
	assert_ok(domain_check_plan(&cp, &f, &r));
	cp.vedtak = NULL;
	assert_ok(domain_check_plan(&cp, &f, &r));
	cp.vedtak = &v;
	cp.i_kraft = "";
	areas[2] = "";
	assert_check_fails(check_cp, "innsatsomrader", "empty focus area");
	areas[2] = "Målrettet forebygging";
	assert_check_fails(check_cp, "innsatsomrader",
	    "focus area listed twice");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	areas[2] = big;
	assert_check_fails(check_cp, "innsatsomrader",
	    "longer than 200 bytes");
	big[DOMAIN_NAME_MAX] = '\0';
	assert_ok(domain_check_plan(&cp, &f, &r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_measure_fields),
		cmocka_unit_test(test_override_allowed),
		cmocka_unit_test(test_check_measure),
		cmocka_unit_test(test_check_adaptation),
		cmocka_unit_test(test_check_report),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_check_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
