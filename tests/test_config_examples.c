/*
 * test_config_examples.c - the configs of the source tree: config_print()
 * of tests/golden/config-gjovik.ini against its golden output, and the
 * example regions under conf/, rendered by conf/render.sh and loaded back.
 * What config_load() accepts and reports for single files is tested in
 * test_config.c.
 *
 * Run with "keygen --out FILE" this program acts as `samplan keygen`, so
 * that test_render_examples can drive conf/render.sh without the real
 * tool.  Set SP_UPDATE_GOLDEN=1 to rewrite tests/golden/config-gjovik.out.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "config.h"
#include "keys.h"

#ifndef SP_SOURCE_DIR
#error "SP_SOURCE_DIR must name the source tree"
#endif

static char	*tmp;		/* this program's private directory */
static char	 self[PATH_MAX];	/* this program, for render.sh */

/*
 * Loads path, expecting rc.  Returns what config_load() printed to its
 * error stream (caller frees); sets *cfg when cfg is not NULL.
 */
static char *
load(const char *path, int want, struct config **cfg)
{
	struct config	*c = NULL;
	char		*text = NULL;
	size_t		 len = 0;
	FILE		*err;

	assert_non_null(err = open_memstream(&text, &len));
	assert_rc(config_load(path, err, &c), want);
	fclose(err);
	if (want != 0)
		assert_null(c);
	else
		assert_non_null(c);
	if (cfg != NULL)
		*cfg = c;
	else
		config_destroy(&c);
	return text;
}

static int
setup(void **state)
{
	(void)state;
	assert_ok(keys_init());
	/*
	 * A short tag: the rendered koordineringsgruppe-innherred's control
	 * socket lies 73 bytes below tmp, and a socket path has at most 107.
	 */
	tmp = tmpdir_create("cfgex");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tmpdir_remove(tmp);
	free(tmp);
	return 0;
}

/* Replaces every from in s by to; returns a new string. */
static char *
replace_all(const char *s, const char *from, const char *to)
{
	char	*out, *o;
	const char *at;
	size_t	 n = 0;

	for (at = strstr(s, from); at != NULL; at = strstr(at + 1, from))
		n++;
	out = malloc(strlen(s) + n * strlen(to) + 1);
	assert_non_null(out);
	for (o = out; (at = strstr(s, from)) != NULL; s = at + strlen(from)) {
		memcpy(o, s, (size_t)(at - s));
		o += at - s;
		memcpy(o, to, strlen(to));
		o += strlen(to);
	}
	strcpy(o, s);
	return out;
}

static void
test_golden_gjovik(void **state)
{
	struct config	*cfg;
	const char	*ini = SP_SOURCE_DIR "/tests/golden/config-gjovik.ini";
	const char	*gold = SP_SOURCE_DIR "/tests/golden/config-gjovik.out";
	char		*printed, *got, *want, *out;
	size_t		 len;
	FILE		*f;

	(void)state;
	out = load(ini, 0, &cfg);
	assert_non_null(f = open_memstream(&printed, &len));
	config_print(cfg, f);
	fclose(f);
	got = replace_all(printed, SP_SOURCE_DIR "/tests/golden", "@CONF@");
	if (getenv("SP_UPDATE_GOLDEN") != NULL)
		file_write(gold, got);
	want = file_read(gold);
	if (strcmp(got, want) != 0)
		fail_msg("config_print differs from %s:\n--- want\n%s--- got\n"
		    "%s", gold, want, got);
	config_destroy(&cfg);
	free(want);
	free(got);
	free(printed);
	free(out);
}

/* Node names of the example regions, as conf/REGION/NAME.ini.in. */
static const char *const gjovik_nodes[] = { "koordineringsgruppe",
    "gjovik", "ostre-toten", "vestre-toten", "sondre-land", "nordre-land",
    NULL };
static const char *const innherred_nodes[] = {
    "koordineringsgruppe-innherred", "levanger", "verdal", NULL };

/*
 * Loads every rendered config of region, checks each names every other
 * node of the region with the key in that node's key file, and returns
 * the peers with an endpoint of node `who` as "a,b".
 */
static char *
check_region(const char *outdir, const char *region,
    const char *const *nodes, const char *who)
{
	struct config		*cfg;
	const struct config_peer *p;
	struct identity		 id;
	char			*path, *keyfile, *out, *links = NULL, *t;
	int			 i, j, n;

	for (n = 0; nodes[n] != NULL; n++)
		;
	for (i = 0; i < n; i++) {
		if (asprintf(&path, "%s/%s/%s.ini", outdir, region,
		    nodes[i]) < 0)
			fail_msg("asprintf");
		out = load(path, 0, &cfg);
		assert_string_equal(cfg->name, nodes[i]);
		assert_int_equal(cfg->nregions, 1);
		assert_string_equal(cfg->regions[0].name, region);
		assert_int_equal(cfg->regions[0].nmembers, n - 1);
		assert_true(config_is_coordinator(&cfg->regions[0], nodes[0]));
		assert_int_equal(cfg->npeers, n - 1);
		if (asprintf(&keyfile, "%s/%s/keys/%s.key", outdir, region,
		    nodes[i]) < 0)
			fail_msg("asprintf");
		assert_string_equal(cfg->key_path, keyfile);
		free(keyfile);
		for (j = 0; j < n; j++) {
			if (j == i)
				continue;
			assert_non_null(p = config_peer_by_name(cfg, nodes[j]));
			if (asprintf(&keyfile, "%s/%s/keys/%s.key", outdir,
			    region, nodes[j]) < 0)
				fail_msg("asprintf");
			assert_ok(keys_load(keyfile, &id));
			assert_memory_equal(p->public_key, id.public_key,
			    KEY_PUBLIC_LEN);
			keys_clear(&id);
			free(keyfile);
			if (strcmp(nodes[i], who) == 0 && p->endpoint != NULL) {
				if (asprintf(&t, "%s%s%s", links ? links : "",
				    links ? "," : "", p->name) < 0)
					fail_msg("asprintf");
				free(links);
				links = t;
			}
		}
		config_destroy(&cfg);
		free(out);
		free(path);
	}
	return links;
}

static void
test_render_examples(void **state)
{
	char	*outdir, *cmd, *links, *before, *after, *path;

	(void)state;
	outdir = path_join(tmp, "rendered");
	if (asprintf(&cmd, "sh %s/conf/render.sh %s %s", SP_SOURCE_DIR,
	    outdir, self) < 0)
		fail_msg("asprintf");
	assert_int_equal(system(cmd), 0);

	links = check_region(outdir, "gjovikregionen", gjovik_nodes,
	    "gjovik");
	assert_string_equal(links, "koordineringsgruppe,ostre-toten");
	free(links);
	links = check_region(outdir, "gjovikregionen", gjovik_nodes,
	    "vestre-toten");
	assert_string_equal(links, "koordineringsgruppe");
	free(links);
	links = check_region(outdir, "gjovikregionen", gjovik_nodes,
	    "koordineringsgruppe");
	assert_null(links);
	links = check_region(outdir, "levanger-verdal", innherred_nodes,
	    "verdal");
	assert_string_equal(links, "koordineringsgruppe-innherred");
	free(links);

	/* Rendering again reuses the keys: same files. */
	path = path_join(outdir, "gjovikregionen/gjovik.ini");
	before = file_read(path);
	assert_int_equal(system(cmd), 0);
	after = file_read(path);
	assert_string_equal(before, after);

	free(before);
	free(after);
	free(path);
	free(cmd);
	free(outdir);
}

/* `samplan keygen --out FILE`, for render.sh in test_render_examples. */
static int
fake_keygen(const char *path)
{
	struct identity	id;
	char		hex[KEY_HEX_LEN + 1];
	int		rc;

	if ((rc = keys_generate(path, &id)) != 0) {
		fprintf(stderr, "keygen: %s: %s\n", path, sp_strerror(rc));
		return 1;
	}
	keys_to_hex(id.public_key, hex);
	keys_clear(&id);
	printf("%s\n", hex);
	return 0;
}
int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_gjovik),
		cmocka_unit_test(test_render_examples),
	};
	ssize_t	n;

	if (argc == 4 && strcmp(argv[1], "keygen") == 0 &&
	    strcmp(argv[2], "--out") == 0)
		return fake_keygen(argv[3]);
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) == -1)
		return 1;
	self[n] = '\0';
	return cmocka_run_group_tests(tests, setup, teardown);
}
