/*
 * test_utf8.c - UTF-8 validation, control characters and display width.
 */
#include <string.h>

#include "testutil.h"
#include "utf8.h"

static void
test_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("Målrettet forebygging", 22));
	assert_true(utf8_valid("æøå ÆØÅ", strlen("æøå ÆØÅ")));
	assert_false(utf8_valid("a\0b", 3));		/* embedded NUL */
	assert_false(utf8_valid("\xc3", 1));		/* truncated */
	assert_false(utf8_valid("\xc0\xaf", 2));	/* overlong '/' */
	assert_false(utf8_valid("\xe0\x80\xaf", 3));	/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	assert_false(utf8_valid("\xff", 1));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));	/* emoji */
}

#define HAS(s, ml)	utf8_has_control((s), strlen(s), (ml))

static void
test_control(void **state)
{
	(void)state;
	assert_false(HAS("Målrettet forebygging", 0));
	assert_false(HAS("\xc2\xa0\xc2\xab\xc2\xbb", 0));	/* NBSP « » */
	assert_true(HAS("a\x1b[31mRED", 1));		/* ESC */
	assert_true(HAS("a\a", 1));			/* BEL */
	assert_true(HAS("a\x7f", 1));			/* DEL */
	assert_true(HAS("a\xc2\x9b" "31m", 1));	/* C1 CSI */
	assert_true(HAS("a\x01", 1));
	assert_true(utf8_has_control("a\0b", 3, 1));	/* NUL */
	/* Line breaks and tabs: in a text, not in one line. */
	assert_false(HAS("to\nlinjer\tog tab", 1));
	assert_false(HAS("to\r\nlinjer", 1));
	assert_true(HAS("to\rlinjer", 1));		/* a lone CR */
	assert_true(HAS("slutt\r", 1));
	assert_true(HAS("to\nlinjer", 0));
	assert_true(HAS("a\tb", 0));
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("Østre Toten"), 11);
	assert_int_equal(utf8_width("gjennomført"), 11);
	assert_int_equal(utf8_width("a\xcc\x8a"), 1);	/* a + ring */
	assert_int_equal(utf8_prefix("Søndre Land", 2), 3);
	assert_int_equal(utf8_prefix("Søndre", 10), strlen("Søndre"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_control),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
