/*
 * test_config_national.c - configs at national size (issue 13): a region
 * of 357 kommuner with their real names, written over repeated `members`
 * keys or on one line far longer than libinih's 200-byte buffer, and as
 * many [peer] sections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "keys.h"
#include "testutil.h"

#define NATIONAL	357

static char	*tmp;

/* A distinct valid public key per i (keygen from a seed). */
static void
key_hex(size_t i, char hex[KEY_HEX_LEN + 1])
{
	uint8_t		seed[KEY_SEED_LEN], pk[KEY_PUBLIC_LEN];
	uint8_t		sk[KEY_SECRET_LEN];

	memset(seed, 0, sizeof(seed));
	memcpy(seed, &i, sizeof(i));
	seed[31] = 0x5a;
	crypto_sign_seed_keypair(pk, sk, seed);
	keys_to_hex(pk, hex);
}

/* A kommune name as long as the real ones get ("nordre-follo-...-k12"). */
static void
kommune_name(size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "kommune-%zu-nord-sor-aust-vest", i);
}

/*
 * Writes a config of one region with NATIONAL members.  per_line names
 * go on each `members =` line (0: all on one line).
 */
static char *
national_text(size_t per_line)
{
	char	*text = NULL, name[64], hex[KEY_HEX_LEN + 1];
	size_t	 len = 0, i;
	FILE	*f;

	assert_non_null(f = open_memstream(&text, &len));
	fprintf(f, "[node]\nname = koord\ndata_dir = d\nkey = k\n\n"
	    "[region norge]\ncoordinator = koord\n");
	for (i = 0; i < NATIONAL; i++) {
		kommune_name(i, name, sizeof(name));
		if (i == 0 || (per_line != 0 && i % per_line == 0))
			fprintf(f, "%smembers = %s", i == 0 ? "" : "\n", name);
		else
			fprintf(f, ", %s", name);
	}
	fprintf(f, "   ; %d kommuner\n", NATIONAL);
	for (i = 0; i < NATIONAL; i++) {
		kommune_name(i, name, sizeof(name));
		key_hex(i, hex);
		fprintf(f, "[peer %s]\npublic_key = %s\n", name, hex);
	}
	fclose(f);
	return text;
}

static struct config *
load_ok(const char *text)
{
	struct config	*cfg = NULL;
	char		*path = path_join(tmp, "national.ini");
	char		*errs = NULL;
	size_t		 len = 0;
	FILE		*err;
	int		 rc;

	file_write(path, text);
	assert_non_null(err = open_memstream(&errs, &len));
	rc = config_load(path, err, &cfg);
	fclose(err);
	if (rc != 0)
		fail_msg("config_load: %s\n%s", sp_strerror(rc), errs);
	free(errs);
	free(path);
	return cfg;
}

static void
check_members(const struct config *cfg)
{
	const struct config_region	*r;
	char				 name[64];
	size_t				 i;

	assert_non_null(r = config_region_by_name(cfg, "norge"));
	assert_int_equal(r->nmembers, NATIONAL);
	for (i = 0; i < NATIONAL; i++) {
		kommune_name(i, name, sizeof(name));
		assert_string_equal(r->members[i], name);
	}
	assert_int_equal(cfg->npeers, NATIONAL);
}

static void
test_repeated_members(void **state)
{
	struct config	*cfg;
	char		*text;

	(void)state;
	text = national_text(5);
	cfg = load_ok(text);
	check_members(cfg);
	config_destroy(&cfg);
	free(text);
}

static void
test_one_long_line(void **state)
{
	struct config	*cfg;
	char		*text;

	(void)state;
	text = national_text(0);
	assert_true(strlen(strstr(text, "members =")) > 10000);
	cfg = load_ok(text);
	check_members(cfg);
	config_destroy(&cfg);
	free(text);
}

/* A name repeated on another `members` line is still found. */
static void
test_repeat_across_lines(void **state)
{
	struct config	*cfg = NULL;
	char		*path = path_join(tmp, "twice.ini"), *errs = NULL;
	char		 hex[2][KEY_HEX_LEN + 1], *text;
	size_t		 len = 0;
	FILE		*err;

	(void)state;
	key_hex(1, hex[0]);
	key_hex(2, hex[1]);
	if (asprintf(&text, "[node]\nname = koord\ndata_dir = d\nkey = k\n"
	    "[region r]\ncoordinator = koord\nmembers = a, b\nmembers = b\n"
	    "[peer a]\npublic_key = %s\n[peer b]\npublic_key = %s\n",
	    hex[0], hex[1]) < 0)
		fail_msg("asprintf");
	file_write(path, text);
	assert_non_null(err = open_memstream(&errs, &len));
	assert_rc(config_load(path, err, &cfg), SP_ECONFIG);
	fclose(err);
	assert_null(cfg);
	if (strstr(errs, ": [region r] members: b is listed twice\n") ==
	    NULL)
		fail_msg("want the repeat of b found, got:\n%s", errs);
	free(errs);
	free(text);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeated_members),
		cmocka_unit_test(test_one_long_line),
		cmocka_unit_test(test_repeat_across_lines),
	};
	int	rc;

	if (keys_init() != 0)
		return 1;
	tmp = tmpdir_create("config-national");
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	tmpdir_remove(tmp);
	free(tmp);
	return rc;
}
