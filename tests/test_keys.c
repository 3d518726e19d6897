/*
 * test_keys.c - key files, the hex text form and the CURVE conversion.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zmq.h>

#include "testutil.h"
#include "keys.h"

static int
setup(void **state)
{
	assert_ok(keys_init());
	*state = tmpdir_create("keys");
	return 0;
}

static int
teardown(void **state)
{
	tmpdir_remove(*state);
	free(*state);
	return 0;
}

static void
test_init_twice(void **state)
{
	(void)state;
	assert_ok(keys_init());
	assert_ok(keys_init());
}

static void
test_hex_round_trip(void **state)
{
	uint8_t	key[KEY_PUBLIC_LEN], back[KEY_PUBLIC_LEN];
	char	hex[KEY_HEX_LEN + 1], upper[KEY_HEX_LEN + 1];
	size_t	i;

	(void)state;
	randombytes_buf(key, sizeof(key));
	keys_to_hex(key, hex);
	assert_int_equal(strlen(hex), KEY_HEX_LEN);
	for (i = 0; i < KEY_HEX_LEN; i++)
		assert_true(strchr("0123456789abcdef", hex[i]) != NULL);
	assert_ok(keys_from_hex(hex, back));
	assert_memory_equal(key, back, KEY_PUBLIC_LEN);

	/* Upper case is accepted on input; output is always lower case. */
	for (i = 0; i < KEY_HEX_LEN; i++)
		upper[i] = (char)(hex[i] >= 'a' ? hex[i] - 32 : hex[i]);
	upper[KEY_HEX_LEN] = '\0';
	memset(back, 0, sizeof(back));
	assert_ok(keys_from_hex(upper, back));
	assert_memory_equal(key, back, KEY_PUBLIC_LEN);

	memset(key, 0xab, sizeof(key));
	keys_to_hex(key, hex);
	assert_string_equal(hex, "abababababababababababababababab"
	    "abababababababababababababababab");
}

static void
test_hex_rejects(void **state)
{
	uint8_t	key[KEY_PUBLIC_LEN], orig[KEY_PUBLIC_LEN];
	char	hex[KEY_HEX_LEN + 2];

	(void)state;
	memset(key, 0x5a, sizeof(key));
	memcpy(orig, key, sizeof(key));
	memset(hex, 'a', sizeof(hex));
	hex[KEY_HEX_LEN - 1] = '\0';			/* 63 digits */
	assert_rc(keys_from_hex(hex, key), SP_EINVAL);
	hex[KEY_HEX_LEN - 1] = 'a';
	hex[KEY_HEX_LEN + 1] = '\0';			/* 65 digits */
	assert_rc(keys_from_hex(hex, key), SP_EINVAL);
	hex[KEY_HEX_LEN] = '\0';			/* 64: fine */
	assert_ok(keys_from_hex(hex, key));
	memcpy(key, orig, sizeof(key));
	hex[10] = 'g';
	assert_rc(keys_from_hex(hex, key), SP_EINVAL);
	hex[10] = ' ';
	assert_rc(keys_from_hex(hex, key), SP_EINVAL);
	hex[10] = ':';
	assert_rc(keys_from_hex(hex, key), SP_EINVAL);
	assert_rc(keys_from_hex("", key), SP_EINVAL);
	assert_rc(keys_from_hex(NULL, key), SP_EINVAL);
	/* A refused parse leaves the output alone. */
	assert_memory_equal(key, orig, KEY_PUBLIC_LEN);
}

static void
test_generate_mode_and_load(void **state)
{
	struct identity	 gen, got;
	struct stat	 sb;
	char		*path = path_join(*state, "node.key");
	char		*text, hex[KEY_HEX_LEN + 1], want[200];
	uint8_t		 seed[KEY_SEED_LEN];

	assert_ok(keys_generate(path, &gen));
	assert_int_equal(stat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0600);

	/* The file is exactly "public HEX\nsecret SEEDHEX\n". */
	text = file_read(path);
	keys_to_hex(gen.public_key, hex);
	crypto_sign_ed25519_sk_to_seed(seed, gen.secret_key);
	snprintf(want, sizeof(want), "public %s\nsecret ", hex);
	assert_int_equal(strlen(text), 2 * (7 + 64 + 1));
	assert_memory_equal(text, want, strlen(want));
	sodium_bin2hex(hex, sizeof(hex), seed, sizeof(seed));
	assert_memory_equal(text + strlen(want), hex, KEY_HEX_LEN);
	assert_string_equal(text + strlen(want) + KEY_HEX_LEN, "\n");

	assert_ok(keys_load(path, &got));
	assert_memory_equal(gen.public_key, got.public_key, KEY_PUBLIC_LEN);
	assert_memory_equal(gen.secret_key, got.secret_key, KEY_SECRET_LEN);
	assert_memory_equal(gen.curve_public, got.curve_public,
	    KEY_CURVE_LEN);
	assert_memory_equal(gen.curve_secret, got.curve_secret,
	    KEY_CURVE_LEN);

	/* The pair signs and verifies. */
	{
		uint8_t	sig[crypto_sign_BYTES];
		const uint8_t msg[] = "Gjøvikregionen";

		crypto_sign_detached(sig, NULL, msg, sizeof(msg),
		    got.secret_key);
		assert_int_equal(crypto_sign_verify_detached(sig, msg,
		    sizeof(msg), gen.public_key), 0);
	}

	/* NULL id is allowed. */
	free(path);
	path = path_join(*state, "other.key");
	assert_ok(keys_generate(path, NULL));
	assert_ok(keys_load(path, &got));
	assert_memory_not_equal(gen.public_key, got.public_key,
	    KEY_PUBLIC_LEN);

	keys_clear(&gen);
	keys_clear(&got);
	free(text);
	free(path);
}

static void
test_generate_refuses_existing(void **state)
{
	struct identity	 id, again;
	char		*path = path_join(*state, "exists.key");
	char		*before, *after;

	assert_ok(keys_generate(path, &id));
	before = file_read(path);
	assert_rc(keys_generate(path, &again), SP_EEXIST);
	after = file_read(path);
	assert_string_equal(before, after);

	/* Any existing file, not just a key file. */
	free(path);
	path = path_join(*state, "notes.txt");
	file_write(path, "hello\n");
	assert_rc(keys_generate(path, NULL), SP_EEXIST);

	/* A directory that is not there is an I/O error with errno. */
	free(path);
	path = path_join(*state, "no/such/dir.key");
	errno = 0;
	assert_rc(keys_generate(path, NULL), SP_EIO);
	assert_int_equal(errno, ENOENT);

	keys_clear(&id);
	free(before);
	free(after);
	free(path);
}

static void
test_load_missing(void **state)
{
	struct identity	 id;
	char		*path = path_join(*state, "missing.key");

	errno = 0;
	assert_rc(keys_load(path, &id), SP_EIO);
	assert_int_equal(errno, ENOENT);
	free(path);
}

static void
test_load_damaged(void **state)
{
	struct identity	 a, b, id;
	char		*pa = path_join(*state, "a.key");
	char		*pb = path_join(*state, "b.key");
	char		*ta, *tb, *path, *text;
	char		 buf[512], variants[16][512];
	const char	*damaged[16];
	size_t		 i, n = 0;

	assert_ok(keys_generate(pa, &a));
	assert_ok(keys_generate(pb, &b));
	ta = file_read(pa);
	tb = file_read(pb);
	path = path_join(*state, "bad.key");

	/* Sanity: a copy of a good file loads, also without last newline. */
	file_write(path, ta);
	assert_ok(keys_load(path, &id));
	memcpy(buf, ta, strlen(ta) - 1);
	buf[strlen(ta) - 1] = '\0';
	file_write(path, buf);
	assert_ok(keys_load(path, &id));

	/* Public half of b with the secret half of a. */
	snprintf(variants[n], 512, "%.72s%s", tb, ta + 72);
	damaged[n] = variants[n]; n++;
	/* A non-hex digit in the secret. */
	snprintf(variants[n], 512, "%s", ta);
	variants[n][80] = 'x';
	damaged[n] = variants[n]; n++;
	/* A non-hex digit in the public half. */
	snprintf(variants[n], 512, "%s", ta);
	variants[n][10] = 'z';
	damaged[n] = variants[n]; n++;
	/* Public half one digit short. */
	snprintf(variants[n], 512, "public %.63s\n%s", ta + 7, ta + 72);
	damaged[n] = variants[n]; n++;
	/* Secret half one digit long. */
	snprintf(variants[n], 512, "%.72ssecret %.64s0\n", ta, ta + 79);
	damaged[n] = variants[n]; n++;
	/* An extra line after a good file. */
	snprintf(variants[n], 512, "%sextra\n", ta);
	damaged[n] = variants[n]; n++;
	/* An empty extra line. */
	snprintf(variants[n], 512, "%s\n", ta);
	damaged[n] = variants[n]; n++;
	/* Lines swapped. */
	snprintf(variants[n], 512, "%s%.72s", ta + 72, ta);
	damaged[n] = variants[n]; n++;
	/* Wrong label. */
	snprintf(variants[n], 512, "PUBLIC%s", ta + 6);
	damaged[n] = variants[n]; n++;
	/* CRLF line ends. */
	snprintf(variants[n], 512, "%.71s\r\n%.71s\r\n", ta, ta + 72);
	damaged[n] = variants[n]; n++;
	/* Only the public line. */
	snprintf(variants[n], 512, "%.72s", ta);
	damaged[n] = variants[n]; n++;
	/* Empty file. */
	damaged[n++] = "";

	for (i = 0; i < n; i++) {
		file_write(path, damaged[i]);
		memset(&id, 0, sizeof(id));
		if (keys_load(path, &id) != SP_EINVAL)
			fail_msg("damaged variant %zu was accepted:\n%s", i,
			    damaged[i]);
	}

	/* A huge file is refused without reading it all. */
	text = calloc(1, 100000);
	assert_non_null(text);
	memset(text, 'a', 99999);
	file_write(path, text);
	assert_rc(keys_load(path, &id), SP_EINVAL);

	keys_clear(&a);
	keys_clear(&b);
	free(text);
	free(ta);
	free(tb);
	free(pa);
	free(pb);
	free(path);
}

static void
test_curve_z85(void **state)
{
	struct identity	 id;
	char		*path = path_join(*state, "curve.key");
	char		 z85[KEY_Z85_LEN + 1], want[KEY_Z85_LEN + 1];
	uint8_t		 curve[KEY_CURVE_LEN], derived[KEY_CURVE_LEN];
	uint8_t		 zero[KEY_PUBLIC_LEN];

	assert_ok(keys_generate(path, &id));
	assert_ok(keys_curve_z85(id.public_key, z85));
	assert_int_equal(strlen(z85), KEY_Z85_LEN);

	assert_int_equal(crypto_sign_ed25519_pk_to_curve25519(curve,
	    id.public_key), 0);
	assert_non_null(zmq_z85_encode(want, curve, sizeof(curve)));
	assert_string_equal(z85, want);
	assert_memory_equal(curve, id.curve_public, KEY_CURVE_LEN);

	/* The CURVE secret belongs to the CURVE public. */
	assert_int_equal(crypto_scalarmult_base(derived, id.curve_secret), 0);
	assert_memory_equal(derived, id.curve_public, KEY_CURVE_LEN);

	/* Decoding the Z85 gives the X25519 key back. */
	assert_non_null(zmq_z85_decode(derived, z85));
	assert_memory_equal(derived, curve, KEY_CURVE_LEN);

	/* A small-order point has no usable X25519 form. */
	memset(zero, 0, sizeof(zero));
	assert_rc(keys_curve_z85(zero, z85), SP_EINVAL);

	keys_clear(&id);
	free(path);
}

static void
test_clear(void **state)
{
	struct identity	 id;
	uint8_t		 pub[KEY_PUBLIC_LEN], zero[KEY_SECRET_LEN];
	char		*path = path_join(*state, "clear.key");

	assert_ok(keys_generate(path, &id));
	memcpy(pub, id.public_key, sizeof(pub));
	memset(zero, 0, sizeof(zero));
	keys_clear(&id);
	assert_memory_equal(id.secret_key, zero, KEY_SECRET_LEN);
	assert_memory_equal(id.curve_secret, zero, KEY_CURVE_LEN);
	assert_memory_equal(id.public_key, pub, KEY_PUBLIC_LEN);
	keys_clear(NULL);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_twice),
		cmocka_unit_test(test_hex_round_trip),
		cmocka_unit_test(test_hex_rejects),
		cmocka_unit_test(test_generate_mode_and_load),
		cmocka_unit_test(test_generate_refuses_existing),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_load_damaged),
		cmocka_unit_test(test_curve_z85),
		cmocka_unit_test(test_clear),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
