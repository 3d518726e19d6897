/*
 * test_utf8.c - UTF-8 validation and display width.
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
