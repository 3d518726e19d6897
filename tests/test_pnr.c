/*
 * test_pnr.c - the fødselsnummer guard: numbers whose check digits pass
 * (fødselsnummer, D-nummer, H-nummer, together or 6 + 5) are found, and
 * refused by the text check every write path shares; numbers whose
 * check digits fail, longer digit runs and account numbers in 4.2.5
 * grouping are not.
 */
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "pnr.h"
#include "testutil.h"

static void
test_found(void **state)
{
	(void)state;
	assert_true(pnr_find("15058912317"));		/* fødselsnummer */
	assert_true(pnr_find("fnr 150589 12317, mor"));	/* 6 + 5 */
	assert_true(pnr_find("D-nr. 45058912410"));	/* D-nummer */
	assert_true(pnr_find("H: 15518912388."));	/* H-nummer */
	assert_true(pnr_find("01010012356"));
	assert_true(pnr_find("Samtale med mor (31129945616) – æøå"));
}

static void
test_not_found(void **state)
{
	(void)state;
	assert_false(pnr_find("15058912316"));		/* 2nd check digit */
	assert_false(pnr_find("15058912327"));		/* 1st check digit */
	assert_false(pnr_find("150589123170"));		/* 12 digits */
	assert_false(pnr_find("915058912317"));		/* 12 digits */
	assert_false(pnr_find("1505.89.12317"));	/* account number */
	assert_false(pnr_find("1505 89 12317"));	/* account, spaces */
	assert_false(pnr_find("150589  12317"));	/* two spaces */
	assert_false(pnr_find("12345678911"));		/* no date */
	assert_false(pnr_find("Tlf. 61 18 90 00, 2025-06-30"));
	assert_false(pnr_find(""));
	assert_false(pnr_find(NULL));
}

static void
test_refused_in_domain(void **state)
{
	Samplan__StatusReport	r = SAMPLAN__STATUS_REPORT__INIT;
	Samplan__Measure	m = SAMPLAN__MEASURE__INIT;
	const char		*field, *reason;

	(void)state;
	r.measure = (char *)(uintptr_t)"L-1";
	r.period = (char *)(uintptr_t)"2025";
	r.status = (char *)(uintptr_t)"igangsatt";
	r.note = (char *)(uintptr_t)"Samtale, fnr 150589 12317";
	assert_rc(domain_check_report(&r, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "note");
	assert_non_null(strstr(reason, "ser ut som et fødselsnummer; "
	    "personopplysninger hører ikke hjemme i planen"));
	r.note = (char *)(uintptr_t)"Konto 1505.89.12317";
	assert_ok(domain_check_report(&r, &field, &reason));

	m.id = (char *)(uintptr_t)"L-1";
	m.innsatsomrade = (char *)(uintptr_t)"Forebygging";
	m.tittel = (char *)(uintptr_t)"Tiltak";
	m.beskrivelse = (char *)(uintptr_t)"Kontakt 45058912410";
	assert_rc(domain_check_measure(&m, &field, &reason), SP_EINVAL);
	assert_string_equal(field, "beskrivelse");
	assert_null(domain_text_reason("15058912316"));
	assert_non_null(domain_text_reason("15058912317"));
}

/*
 * pnr_find_n() skips eight bytes at a time and checks a short tail as
 * the text's last eight: a number found at every offset, in both forms,
 * with letters and digits around it, as pnr_find() finds it.
 */
static void
test_every_offset(void **state)
{
	static const char *const nums[] = { "15058912317", "150589 12317" };
	static const char *const pads[] = { "x", "\xc3\xa5", "7", " " };
	char	buf[64];
	size_t	k, p, off, i, len;
	int	want;

	(void)state;
	for (k = 0; k < 2; k++)
		for (p = 0; p < 4; p++)
			for (off = 0; off < 20; off++) {
				buf[0] = '\0';
				for (i = 0; i < off; i++)
					strcat(buf, "a");
				strcat(buf, pads[p]);
				strcat(buf, nums[k]);
				strcat(buf, pads[3 - p]);
				len = strlen(buf);
				/* A digit next to it makes a longer run. */
				want = p != 2 && 3 - p != 2;
				assert_int_equal(pnr_find(buf), want);
				assert_int_equal(pnr_find_n(buf, len), want);
				buf[len - strlen(pads[3 - p])] = '\0';
				len = strlen(buf);
				assert_int_equal(pnr_find_n(buf, len), p != 2);
			}
	assert_false(pnr_find_n("15058912317", 10));	/* cut short */
	assert_false(pnr_find_n(NULL, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_every_offset),
		cmocka_unit_test(test_refused_in_domain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
