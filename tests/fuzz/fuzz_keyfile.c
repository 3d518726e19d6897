/*
 * fuzz_keyfile.c - a node's key file: keys_load() on arbitrary bytes,
 * and keys_from_hex() on the same bytes as a string.
 *
 * An accepted key file must give an identity whose public half is the
 * hex the file states and whose CURVE form exists, and the canonical file
 * written back from that identity must load to the same identity.  An
 * accepted hex key must print back as the same digits in lower case.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "fuzz.h"
#include "keys.h"

#define KEY_FILE	"node.key"

static void
check_identity(const struct identity *id, const uint8_t *data)
{
	struct identity	 id2;
	char		 hex[KEY_HEX_LEN + 1], seed[KEY_HEX_LEN + 1];
	char		 z85[KEY_Z85_LEN + 1], text[2 * (8 + KEY_HEX_LEN) + 1];
	const char	*path;
	size_t		 i;
	int		 n, rc;

	keys_to_hex(id->public_key, hex);
	for (i = 0; i < KEY_HEX_LEN; i++)
		if (hex[i] != tolower(data[7 + i]))
			fuzz_fail("keys_load: public key differs from the "
			    "file's");
	if (keys_curve_z85(id->public_key, z85) != 0)
		fuzz_fail("keys_load: accepted a key without a CURVE form");
	/* libsodium's secret key is seed || public. */
	keys_to_hex(id->secret_key, seed);
	n = snprintf(text, sizeof(text), "public %s\nsecret %s\n", hex, seed);
	path = fuzz_write_file(KEY_FILE, (const uint8_t *)text, (size_t)n);
	if ((rc = keys_load(path, &id2)) != 0)
		fuzz_fail("keys_load: canonical file refused: %s",
		    sp_strerror(rc));
	if (memcmp(id, &id2, sizeof(id2)) != 0)
		fuzz_fail("keys_load: canonical file gives another identity");
	keys_clear(&id2);
}

static void
check_hex(const uint8_t *data, size_t size)
{
	uint8_t	 key[KEY_PUBLIC_LEN];
	char	 hex[KEY_HEX_LEN + 1], *s;
	size_t	 i;

	if ((s = malloc(size + 1)) == NULL)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (keys_from_hex(s, key) == 0) {
		keys_to_hex(key, hex);
		for (i = 0; i <= KEY_HEX_LEN; i++)
			if (hex[i] != tolower((unsigned char)s[i]))
				fuzz_fail("keys_from_hex: '%s' reads as %s",
				    s, hex);
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct identity	 id;
	const char	*path;

	check_hex(data, size);
	path = fuzz_write_file(KEY_FILE, data, size);
	memset(&id, 0, sizeof(id));
	if (keys_load(path, &id) == 0)
		check_identity(&id, data);
	keys_clear(&id);
	return 0;
}
