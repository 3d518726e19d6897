/*
 * test_config.c - config_load() on single files: what it accepts, the
 * values and defaults it fills in, and every error it reports (syntax,
 * sections, keys, values, regions and peers).  The golden output of
 * config_print() and the example configs under conf/ are tested in
 * test_config_examples.c.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "testutil.h"
#include "config.h"
#include "keys.h"

static char	*tmp;		/* this program's private directory */

/* The hex public key of test node i (a fixed seed of byte i). */
static const char *
hexkey(int i)
{
	static char	hex[8][KEY_HEX_LEN + 1];
	uint8_t		seed[KEY_SEED_LEN], pk[KEY_PUBLIC_LEN];
	uint8_t		sk[KEY_SECRET_LEN];

	assert_true(i >= 0 && i < 8);
	memset(seed, i + 1, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	keys_to_hex(pk, hex[i]);
	return hex[i];
}

/* Writes text to tmp/name and returns the path (caller frees). */
static char *
conf_write(const char *name, const char *text)
{
	char	*path = path_join(tmp, name);

	file_write(path, text);
	return path;
}

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
count_lines(const char *text)
{
	int	n = 0;

	for (; *text != '\0'; text++)
		if (*text == '\n')
			n++;
	return n;
}

/* Fails unless text holds the whole line "PATH: rest". */
static void
assert_line(const char *text, const char *path, const char *rest)
{
	char	*want, *at;

	if (asprintf(&want, "%s%s\n", path, rest) < 0)
		fail_msg("asprintf");
	for (at = strstr(text, want); at != NULL; at = strstr(at + 1, want))
		if (at == text || at[-1] == '\n')
			break;
	if (at == NULL)
		fail_msg("missing error line:\n  %s-- got:\n%s", want, text);
	free(want);
}

/* Loads text expecting exactly one error, "PATH" + rest. */
static void
expect_one(const char *text, const char *rest)
{
	char	*path = conf_write("one.ini", text);
	char	*out = load(path, SP_ECONFIG, NULL);

	assert_line(out, path, rest);
	if (count_lines(out) != 1)
		fail_msg("want one error, got:\n%s", out);
	free(out);
	free(path);
}

/* A complete good file around extra text for [node]. */
static char *
good_text(const char *node_extra)
{
	char	*text;

	if (asprintf(&text,
	    "[node]\n"
	    "name = gjovik\n"
	    "data_dir = data/gjovik\n"
	    "key = gjovik.key\n"
	    "%s"
	    "\n[peer koord]\n"
	    "public_key = %s\n", node_extra, hexkey(0)) < 0)
		fail_msg("asprintf");
	return text;
}

static int
setup(void **state)
{
	(void)state;
	assert_ok(keys_init());
	tmp = tmpdir_create("config");
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

static void
test_good_file(void **state)
{
	struct config			*cfg;
	const struct config_region	*r;
	const struct config_peer	*p;
	uint8_t				 key[KEY_PUBLIC_LEN];
	char				*text, *path, *out, *want;

	(void)state;
	if (asprintf(&text,
	    "; A full node file.\n"
	    "# Hash comments too.\n"
	    "[node]\n"
	    "name = gjovik             ; this node\n"
	    "title = Gjøvik kommune\n"
	    "data_dir = /var/lib/samplan/gjovik\n"
	    "listen = tcp://0.0.0.0:7401\n"
	    "key = /etc/samplan/gjovik.key ; secret\n"
	    "map_size = 134217728\n"
	    "\n"
	    "[region gjovikregionen]   ; the region\n"
	    "title = Gjøvikregionen\n"
	    "coordinator = koordineringsgruppe\n"
	    "members = gjovik,ostre-toten ,  nordre-land\n"
	    "\n"
	    "[region innlandet]\n"
	    "coordinator = gjovik\n"
	    "\n"
	    "[peer ostre-toten]\n"
	    "endpoint = tcp://127.0.0.1:7402\n"
	    "public_key = %s\n"
	    "[peer koordineringsgruppe]\n"
	    "  endpoint = ipc:///run/samplan/koord.sock\n"
	    "  public_key = %s\n"
	    "[peer nordre-land]\n"
	    "public_key = %s\n",
	    hexkey(1), hexkey(0), hexkey(2)) < 0)
		fail_msg("asprintf");
	path = conf_write("good.ini", text);
	out = load(path, 0, &cfg);
	assert_string_equal(out, "");

	assert_string_equal(cfg->path, path);
	assert_string_equal(cfg->name, "gjovik");
	assert_string_equal(cfg->title, "Gjøvik kommune");
	assert_string_equal(cfg->data_dir, "/var/lib/samplan/gjovik");
	assert_string_equal(cfg->listen, "tcp://0.0.0.0:7401");
	assert_string_equal(cfg->key_path, "/etc/samplan/gjovik.key");
	assert_int_equal(cfg->map_size, 134217728);

	/* Regions and peers come sorted by name. */
	assert_int_equal(cfg->nregions, 2);
	r = &cfg->regions[0];
	assert_string_equal(r->name, "gjovikregionen");
	assert_string_equal(r->title, "Gjøvikregionen");
	assert_string_equal(r->coordinator, "koordineringsgruppe");
	assert_int_equal(r->nmembers, 3);
	assert_string_equal(r->members[0], "gjovik");
	assert_string_equal(r->members[1], "ostre-toten");
	assert_string_equal(r->members[2], "nordre-land");
	assert_true(config_is_coordinator(r, "koordineringsgruppe"));
	assert_false(config_is_coordinator(r, "gjovik"));
	assert_true(config_is_member(r, "nordre-land"));
	assert_false(config_is_member(r, "koordineringsgruppe"));
	assert_false(config_is_member(r, "vestre-toten"));
	r = &cfg->regions[1];
	assert_string_equal(r->name, "innlandet");
	assert_string_equal(r->title, "innlandet");	/* default: name */
	assert_int_equal(r->nmembers, 0);
	assert_ptr_equal(config_region_by_name(cfg, "innlandet"), r);
	assert_null(config_region_by_name(cfg, "trondelag"));

	assert_int_equal(cfg->npeers, 3);
	assert_string_equal(cfg->peers[0].name, "koordineringsgruppe");
	assert_string_equal(cfg->peers[0].endpoint,
	    "ipc:///run/samplan/koord.sock");
	assert_string_equal(cfg->peers[1].name, "nordre-land");
	assert_null(cfg->peers[1].endpoint);
	assert_string_equal(cfg->peers[2].name, "ostre-toten");
	assert_string_equal(cfg->peers[2].endpoint, "tcp://127.0.0.1:7402");
	assert_ok(keys_from_hex(hexkey(1), key));
	assert_memory_equal(cfg->peers[2].public_key, key, KEY_PUBLIC_LEN);
	p = config_peer_by_key(cfg, key);
	assert_non_null(p);
	assert_string_equal(p->name, "ostre-toten");
	assert_ptr_equal(config_peer_by_name(cfg, "ostre-toten"), p);
	assert_null(config_peer_by_name(cfg, "gjovik"));
	assert_ok(keys_from_hex(hexkey(5), key));
	assert_null(config_peer_by_key(cfg, key));

	config_destroy(&cfg);
	assert_null(cfg);
	config_destroy(&cfg);
	config_destroy(NULL);
	free(out);
	free(path);
	free(text);

	/* Defaults: title is the name, map_size 64 MiB, no listen. */
	text = good_text("");
	path = conf_write("defaults.ini", text);
	out = load(path, 0, &cfg);
	assert_string_equal(cfg->title, "gjovik");
	assert_int_equal(cfg->map_size, 64 * 1024 * 1024);
	assert_null(cfg->listen);
	assert_int_equal(cfg->nregions, 0);
	if (asprintf(&want, "%s/data/gjovik", tmp) < 0)
		fail_msg("asprintf");
	assert_string_equal(cfg->data_dir, want);
	config_destroy(&cfg);
	free(want);
	free(out);
	free(path);
	free(text);
}

static void
test_many_errors(void **state)
{
	char	*text, *path, *out;

	(void)state;
	if (asprintf(&text,
	    "[node]\n"
	    "name = Gjovik\n"
	    "data_dir = data\n"
	    "key = k.key\n"
	    "map_size = 1000\n"
	    "colour = blue\n"
	    "\n"
	    "[region r]\n"
	    "coordinator = koord\n"
	    "members = a, b\n"
	    "\n"
	    "[peer koord]\n"
	    "endpoint = http://koord.example.no\n"
	    "public_key = %s\n"
	    "public_key = %s\n"
	    "\n"
	    "[peer a]\n"
	    "public_key = 1234\n"
	    "\n"
	    "[peer c]\n"
	    "endpoint = tcp://c.example.no:7400\n"
	    "\n"
	    "[peer d]\n"
	    "public_key = %s\n"
	    "\n"
	    "[bogus]\n"
	    "x = 1\n"
	    "\n"
	    "this line is junk\n",
	    hexkey(0), hexkey(0), hexkey(0)) < 0)
		fail_msg("asprintf");
	path = conf_write("many.ini", text);
	out = load(path, SP_ECONFIG, NULL);
	assert_line(out, path, ": [node] name: 'Gjovik': name must be 1 to "
	    "63 of a-z, 0-9 and '-'");
	assert_line(out, path, ": [node] map_size: '1000': must be a number "
	    "of bytes from 1048576 to 1099511627776");
	assert_line(out, path, ": [node] colour: unknown key");
	assert_line(out, path, ": [peer koord] endpoint: "
	    "'http://koord.example.no': must start with tcp:// or ipc://");
	assert_line(out, path, ": [peer koord] public_key: duplicate key");
	assert_line(out, path, ": [peer a] public_key: must be 64 hex "
	    "digits, as `samplan keygen` prints it");
	assert_line(out, path, ": [peer c] public_key: required key is "
	    "missing");
	assert_line(out, path, ": [peer d] public_key: same key as "
	    "[peer koord]");
	assert_line(out, path, ": [bogus]: unknown section (expected [node], "
	    "[region NAME] or [peer NAME])");
	assert_line(out, path, ":29: expected 'key = value'");
	assert_line(out, path, ": [region r] members: b is not this node and "
	    "has no [peer b] section");
	if (count_lines(out) != 11)
		fail_msg("want 11 error lines, got %d:\n%s", count_lines(out),
		    out);
	free(out);
	free(path);
	free(text);
}

static void
test_unknown_section_and_key(void **state)
{
	char	*text;

	(void)state;
	text = good_text("[nodes]\nname = x\n");
	expect_one(text, ": [nodes]: unknown section (expected [node], "
	    "[region NAME] or [peer NAME])");
	free(text);
	text = good_text("\n[peer koord x]\npublic_key = 00\n");
	expect_one(text, ": [peer koord x]: name must be 1 to 63 of a-z, "
	    "0-9 and '-'");
	free(text);
	text = good_text("\n[region]\ncoordinator = gjovik\n");
	expect_one(text, ": [region]: needs a name: [region NAME]");
	free(text);
	text = good_text("\n[node x]\n");
	expect_one(text, ": [node x]: [node] takes no name");
	free(text);
	text = good_text("datadir = /x\n");
	expect_one(text, ": [node] datadir: unknown key");
	free(text);
	text = good_text("\n[region r]\ncoordinator = gjovik\nmember = a\n");
	expect_one(text, ": [region r] member: unknown key");
	free(text);
}

static void
test_bad_hex_key(void **state)
{
	char	*text;

	(void)state;
	if (asprintf(&text, "[node]\nname = a\ndata_dir = d\nkey = k\n"
	    "[peer b]\npublic_key = %.63sg\n", hexkey(1)) < 0)
		fail_msg("asprintf");
	expect_one(text, ": [peer b] public_key: must be 64 hex digits, as "
	    "`samplan keygen` prints it");
	free(text);
	if (asprintf(&text, "[node]\nname = a\ndata_dir = d\nkey = k\n"
	    "[peer b]\npublic_key = %s0\n", hexkey(1)) < 0)
		fail_msg("asprintf");
	expect_one(text, ": [peer b] public_key: must be 64 hex digits, as "
	    "`samplan keygen` prints it");
	free(text);
	/* Hex, but a small-order point: no CURVE key can come from it. */
	expect_one("[node]\nname = a\ndata_dir = d\nkey = k\n[peer b]\n"
	    "public_key = 0000000000000000000000000000000000000000000000000000"
	    "000000000000\n",
	    ": [peer b] public_key: not a usable Ed25519 public key");
}

static void
test_duplicates(void **state)
{
	char	*text;

	(void)state;
	text = good_text("name = gjovik\n");
	expect_one(text, ": [node] name: duplicate key");
	free(text);
	text = good_text("\n[node]\nlisten = tcp://127.0.0.1:1\n");
	expect_one(text, ": [node]: duplicate section (first at line 1)");
	free(text);
	if (asprintf(&text, "[node]\nname = a\ndata_dir = d\nkey = k\n"
	    "[peer b]\npublic_key = %s\n"
	    "[peer b]\npublic_key = %s\n", hexkey(1), hexkey(2)) < 0)
		fail_msg("asprintf");
	expect_one(text, ": [peer b]: duplicate section (first at line 5)");
	free(text);
	if (asprintf(&text, "[node]\nname = a\ndata_dir = d\nkey = k\n"
	    "[peer b]\npublic_key = %s\n"
	    "[peer c]\npublic_key = %s\n", hexkey(1), hexkey(1)) < 0)
		fail_msg("asprintf");
	expect_one(text, ": [peer c] public_key: same key as [peer b]");
	free(text);
	text = good_text("\n[region r]\ncoordinator = koord\n"
	    "members = gjovik, gjovik\n");
	expect_one(text, ": [region r] members: gjovik is listed twice");
	free(text);
}

static void
test_missing_required(void **state)
{
	char	*path, *out;

	(void)state;
	expect_one("[node]\nname = a\ndata_dir = d\n",
	    ": [node] key: required key is missing");
	expect_one("[node]\ndata_dir = d\nkey = k\n",
	    ": [node] name: required key is missing");
	expect_one("[node]\nname = a\nkey = k\n[region r]\ncoordinator = a\n",
	    ": [node] data_dir: required key is missing");
	expect_one("[node]\nname = a\ndata_dir = d\nkey = k\n[region r]\n"
	    "title = R\n", ": [region r] coordinator: required key is missing");
	expect_one("", ": [node]: section is missing");
	path = conf_write("two.ini", "; nothing\n[peer x]\n");
	out = load(path, SP_ECONFIG, NULL);
	assert_line(out, path, ": [peer x] public_key: required key is "
	    "missing");
	assert_line(out, path, ": [node]: section is missing");
	assert_int_equal(count_lines(out), 2);
	free(out);
	free(path);
}

static void
test_member_without_peer(void **state)
{
	char	*text, *path;

	(void)state;
	text = good_text("\n[region gjovikregionen]\ncoordinator = koord\n"
	    "members = gjovik, nordre-land\n");
	expect_one(text, ": [region gjovikregionen] members: nordre-land is "
	    "not this node and has no [peer nordre-land] section");
	free(text);
	text = good_text("\n[region gjovikregionen]\ncoordinator = boss\n"
	    "members = gjovik\n");
	expect_one(text, ": [region gjovikregionen] coordinator: boss is "
	    "not this node and has no [peer boss] section");
	free(text);
	text = good_text("\n[region r]\ncoordinator = koord\n"
	    "members = gjovik, koord\n");
	expect_one(text, ": [region r] members: koord is the coordinator "
	    "and cannot be a member");
	free(text);
	/* This node may coordinate; it needs no [peer] for itself. */
	text = good_text("\n[region r]\ncoordinator = gjovik\n"
	    "members = koord\n");
	path = conf_write("self.ini", text);
	free(load(path, 0, NULL));
	free(path);
	free(text);
}

/* [region] mode: shared_plan (the default) or parallel_plans. */
static void
test_region_mode(void **state)
{
	struct config	*cfg;
	char		*text, *path;

	(void)state;
	text = good_text("\n[region r]\ncoordinator = koord\n"
	    "members = gjovik\nmode = parallel\n");
	expect_one(text, ": [region r] mode: 'parallel': must be shared_plan "
	    "or parallel_plans");
	free(text);
	text = good_text("\n[region r]\ncoordinator = koord\n"
	    "members = gjovik\nmode = parallel_plans\n"
	    "\n[region s]\ncoordinator = koord\nmembers = gjovik\n");
	path = conf_write("mode.ini", text);
	free(load(path, 0, &cfg));
	assert_int_equal(config_region_parallel(
	    config_region_by_name(cfg, "r")), 1);
	assert_int_equal(config_region_parallel(
	    config_region_by_name(cfg, "s")), 0);
	config_destroy(&cfg);
	free(path);
	free(text);
}

static void
test_peer_named_self(void **state)
{
	char	*text;

	(void)state;
	if (asprintf(&text, "[node]\nname = a\ndata_dir = d\nkey = k\n"
	    "[peer a]\npublic_key = %s\n", hexkey(1)) < 0)
		fail_msg("asprintf");
	expect_one(text, ": [peer a]: a peer cannot have this node's own "
	    "name");
	free(text);
}

static void
test_missing_file(void **state)
{
	char	*path, *out, *want;

	(void)state;
	path = path_join(tmp, "no-such.ini");
	out = load(path, SP_ECONFIG, NULL);
	if (asprintf(&want, "%s: cannot open: %s\n", path,
	    strerror(ENOENT)) < 0)
		fail_msg("asprintf");
	assert_string_equal(out, want);
	free(want);
	free(out);
	free(path);

	/* A directory is not a config file either. */
	out = load(tmp, SP_ECONFIG, NULL);
	assert_non_null(strstr(out, ": cannot read: "));
	free(out);
}

static void
test_syntax(void **state)
{
	char	*text, line[300];

	(void)state;
	text = good_text("\n[peer x\npublic_key = 00\n");
	expect_one(text, ":6: section header lacks ']'");
	free(text);
	expect_one("name = a\n[node]\nname = a\ndata_dir = d\nkey = k\n",
	    ":1: key 'name' comes before any section");
	text = good_text("just words\n");
	expect_one(text, ":5: expected 'key = value'");
	free(text);
	text = good_text("= value\n");
	expect_one(text, ":5: no key before '='");
	free(text);
	text = good_text("\n[peer x] junk\npublic_key = 00\n");
	expect_one(text, ":6: text after section header");
	free(text);
	/* A comment hides the '=' of what follows it. */
	text = good_text("title ; = x\n");
	expect_one(text, ":5: expected 'key = value'");
	free(text);
	/* inih's line buffer is 200 bytes: a longer header is refused... */
	memset(line, 'x', sizeof(line));
	memcpy(line, "[region ", 8);
	line[249] = ']';
	line[250] = '\n';
	line[251] = '\0';
	text = good_text(line);
	expect_one(text, ":5: section header is longer than 198 bytes");
	free(text);
}

static void
test_values(void **state)
{
	struct config	*cfg;
	char		*text, *path, *out, *want, name[65];

	(void)state;
	text = good_text("listen = tcp://koord.example.no\n");
	expect_one(text, ": [node] listen: 'tcp://koord.example.no': tcp:// "
	    "needs HOST:PORT");
	free(text);
	text = good_text("listen = tcp://h:0\n");
	expect_one(text, ": [node] listen: 'tcp://h:0': port must be a "
	    "number from 1 to 65535");
	free(text);
	text = good_text("listen = tcp://h:65536\n");
	expect_one(text, ": [node] listen: 'tcp://h:65536': port must be a "
	    "number from 1 to 65535");
	free(text);
	text = good_text("listen = ipc://\n");
	expect_one(text, ": [node] listen: 'ipc://': ipc:// needs a path");
	free(text);
	text = good_text("map_size = 64M\n");
	expect_one(text, ": [node] map_size: '64M': must be a number of "
	    "bytes from 1048576 to 1099511627776");
	free(text);
	text = good_text("map_size = -1\n");
	expect_one(text, ": [node] map_size: '-1': must be a number of "
	    "bytes from 1048576 to 1099511627776");
	free(text);
	text = good_text("map_size = 99999999999999999999999\n");
	expect_one(text, ": [node] map_size: '99999999999999999999999': must "
	    "be a number of bytes from 1048576 to 1099511627776");
	free(text);
	text = good_text("title =\n");
	expect_one(text, ": [node] title: empty value");
	free(text);
	text = good_text("title = Gj\xf8vik\n");	/* Latin-1 ø */
	expect_one(text, ": [node] title: not valid UTF-8");
	free(text);
	text = good_text("\n[region r_1]\ncoordinator = koord\n");
	expect_one(text, ": [region r_1]: name must be 1 to 63 of a-z, 0-9 "
	    "and '-'");
	free(text);
	/* No space before ';': part of the value, which is then bad. */
	text = good_text("\n[region r]\ncoordinator = koord;x\n");
	expect_one(text, ": [region r] coordinator: 'koord;x': name must be "
	    "1 to 63 of a-z, 0-9 and '-'");
	free(text);
	text = good_text("\n[region r]\ncoordinator = koord\n"
	    "members = gjovik,,koord2\n");
	path = conf_write("empty-member.ini", text);
	out = load(path, SP_ECONFIG, NULL);
	assert_line(out, path, ": [region r] members: empty name in the "
	    "list");
	free(out);
	free(path);
	free(text);

	/* Edges that are fine: 63-char names, bounds, a wildcard host, IPv6. */
	memset(name, 'r', sizeof(name));
	name[63] = '\0';
	if (asprintf(&text, "[node]\nname = a\ndata_dir = d\nkey = k\n"
	    "map_size = 1048576\nlisten = tcp://*:7400\n"
	    "[region %s]\ncoordinator = a\n"
	    "[peer v6]\nendpoint = tcp://[::1]:7400\npublic_key = %s\n",
	    name, hexkey(3)) < 0)
		fail_msg("asprintf");
	path = conf_write("edges.ini", text);
	out = load(path, 0, &cfg);
	assert_string_equal(out, "");
	assert_int_equal(cfg->map_size, 1048576);
	assert_string_equal(cfg->listen, "tcp://*:7400");
	assert_string_equal(cfg->regions[0].name, name);
	assert_string_equal(cfg->peers[0].endpoint, "tcp://[::1]:7400");
	config_destroy(&cfg);
	free(out);
	free(path);
	free(text);
	name[63] = 'r';
	name[64] = '\0';
	if (asprintf(&text, "[node]\nname = a\ndata_dir = d\nkey = k\n"
	    "[region %s]\ncoordinator = a\n", name) < 0)
		fail_msg("asprintf");
	if (asprintf(&want, ": [region %s]: name must be 1 to 63 of a-z, "
	    "0-9 and '-'", name) < 0)
		fail_msg("asprintf");
	expect_one(text, want);
	free(want);
	free(text);
}

static void
test_norwegian_title(void **state)
{
	struct config	*cfg;
	char		*text, *path, *out, *printed;
	size_t		 len;
	FILE		*f;

	(void)state;
	if (asprintf(&text, "\xef\xbb\xbf[node]\r\n"
	    "name = sondre-land\r\n"
	    "title = Søndre Land kommune – ÆØÅ æøå\r\n"
	    "data_dir = d\r\nkey = k\r\n"
	    "[region gjovikregionen]\r\ntitle = Gjøvikregionen\r\n"
	    "coordinator = sondre-land\r\n") < 0)
		fail_msg("asprintf");
	path = conf_write("norsk.ini", text);
	out = load(path, 0, &cfg);
	assert_string_equal(cfg->title, "Søndre Land kommune – ÆØÅ æøå");
	assert_string_equal(cfg->regions[0].title, "Gjøvikregionen");
	assert_non_null(f = open_memstream(&printed, &len));
	config_print(cfg, f);
	fclose(f);
	assert_non_null(strstr(printed,
	    "\ntitle = Søndre Land kommune – ÆØÅ æøå\n"));
	assert_non_null(strstr(printed, "\ntitle = Gjøvikregionen\n"));
	config_destroy(&cfg);

	/* The printed form loads again to the same printed form. */
	free(path);
	path = conf_write("norsk2.ini", printed);
	free(out);
	out = load(path, 0, &cfg);
	assert_string_equal(cfg->title, "Søndre Land kommune – ÆØÅ æøå");
	config_destroy(&cfg);
	free(printed);
	free(out);
	free(path);
	free(text);
}

static void
test_relative_paths(void **state)
{
	struct config	*cfg;
	char		*sub, *path, *out, *want, cwd[PATH_MAX];

	(void)state;
	sub = path_join(tmp, "sub");
	assert_int_equal(mkdir(sub, 0755), 0);
	path = path_join(sub, "node.ini");
	file_write(path, "[node]\nname = a\n"
	    "data_dir = ./data//a/.\n"
	    "key = ../keys/a.key\n"
	    "listen = ipc://run/a.sock\n");

	out = load(path, 0, &cfg);
	if (asprintf(&want, "%s/data/a", sub) < 0)
		fail_msg("asprintf");
	assert_string_equal(cfg->data_dir, want);
	free(want);
	if (asprintf(&want, "%s/../keys/a.key", sub) < 0)
		fail_msg("asprintf");
	assert_string_equal(cfg->key_path, want);
	free(want);
	/* Endpoints are passed to ZeroMQ as written. */
	assert_string_equal(cfg->listen, "ipc://run/a.sock");
	config_destroy(&cfg);
	free(out);

	/* Loaded by a relative name, paths still end up absolute. */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmp), 0);
	out = load("sub/node.ini", 0, &cfg);
	assert_int_equal(chdir(cwd), 0);
	if (asprintf(&want, "%s/data/a", sub) < 0)
		fail_msg("asprintf");
	assert_string_equal(cfg->data_dir, want);
	assert_string_equal(cfg->path, path);
	config_destroy(&cfg);
	free(want);
	free(out);

	/* Errors name the file as the caller did. */
	file_write(path, "[node]\nname = a\nkey = k\n");
	assert_int_equal(chdir(tmp), 0);
	out = load("sub/node.ini", SP_ECONFIG, NULL);
	assert_int_equal(chdir(cwd), 0);
	assert_string_equal(out,
	    "sub/node.ini: [node] data_dir: required key is missing\n");
	free(out);
	free(path);
	free(sub);
}

/* Issue 8: max_feed_bytes ([node] default, [peer] override), revoked_from. */
static void
test_quota_revocation(void **state)
{
	struct config	*cfg;
	char		*text, *full, *path, *out;

	(void)state;
	text = good_text("");
	path = conf_write("quota.ini", text);
	out = load(path, 0, &cfg);
	assert_int_equal(cfg->max_feed_bytes, 64 * 1024 * 1024);
	assert_int_equal(cfg->peers[0].max_feed_bytes, 0);
	assert_int_equal(cfg->peers[0].revoked, 0);
	assert_int_equal(config_feed_quota(cfg, 0), 64 * 1024 * 1024);
	assert_int_equal(config_feed_quota(cfg, (size_t)-1), 64 * 1024 * 1024);
	config_destroy(&cfg);
	free(out);
	free(path);
	free(text);

	text = good_text("max_feed_bytes = 1048576\n");
	if (asprintf(&full, "%smax_feed_bytes = 100000\nrevoked_from = 0\n",
	    text) < 0)
		fail_msg("asprintf");
	path = conf_write("quota2.ini", full);
	out = load(path, 0, &cfg);
	assert_int_equal(config_feed_quota(cfg, (size_t)-1), 1048576);
	assert_int_equal(config_feed_quota(cfg, 0), 100000);
	assert_int_equal(cfg->peers[0].revoked, 1);
	assert_int_equal(cfg->peers[0].revoked_from, 0);
	config_destroy(&cfg);
	free(out);
	free(path);
	free(full);
	free(text);

	text = good_text("max_feed_bytes = 1000\n");
	expect_one(text, ": [node] max_feed_bytes: '1000': must be a number "
	    "of bytes from 65536 to 1099511627776");
	free(text);
	text = good_text("");
	if (asprintf(&full, "%srevoked_from = -1\n", text) < 0)
		fail_msg("asprintf");
	expect_one(full, ": [peer koord] revoked_from: '-1': must be a seq "
	    "from 0 to 4611686018427387904");
	free(full);
	if (asprintf(&full, "%srevoked_from = 12x\n", text) < 0)
		fail_msg("asprintf");
	expect_one(full, ": [peer koord] revoked_from: '12x': must be a seq "
	    "from 0 to 4611686018427387904");
	free(full);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_many_errors),
		cmocka_unit_test(test_unknown_section_and_key),
		cmocka_unit_test(test_bad_hex_key),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_member_without_peer),
		cmocka_unit_test(test_region_mode),
		cmocka_unit_test(test_peer_named_self),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_norwegian_title),
		cmocka_unit_test(test_relative_paths),
		cmocka_unit_test(test_quota_revocation),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}