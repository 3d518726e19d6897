/*
 * keys.c - node identities: key files, hex text form, Ed25519 -> CURVE.
 *
 * Owns the key file format and the only calls to crypto_sign_*keypair.
 * A key file is exactly two lines, "public HEX\n" and "secret HEX\n",
 * where the secret half is the 32-byte Ed25519 seed; everything else in
 * struct identity is derived from the seed on load, and the stored public
 * half must match what the seed gives.  Files are created 0600 with
 * O_EXCL and are never overwritten.  Does not log (rule 9): every failure
 * is a return code, with errno left for the caller on SP_EIO.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <zmq.h>

#include "errors.h"
#include "keys.h"

#define KEYFILE_PUBLIC	"public "	/* first line prefix */
#define KEYFILE_SECRET	"secret "	/* second line prefix */
#define KEYFILE_LEN	(2 * (7 + KEY_HEX_LEN + 1))	/* bytes in a key file */

int
keys_init(void)
{
	/* 0: initialised now, 1: already initialised, -1: failure. */
	if (sodium_init() < 0)
		return SP_EIO;
	return 0;
}

void
keys_to_hex(const uint8_t key[KEY_PUBLIC_LEN], char out[KEY_HEX_LEN + 1])
{
	sodium_bin2hex(out, KEY_HEX_LEN + 1, key, KEY_PUBLIC_LEN);
}

/* Parses exactly len hex digits (either case) into bin[len / 2]. */
static int
keys_hex_decode(const char *text, size_t len, uint8_t *bin)
{
	size_t	i, binlen;

	for (i = 0; i < len; i++) {
		if (!((text[i] >= '0' && text[i] <= '9') ||
		    (text[i] >= 'a' && text[i] <= 'f') ||
		    (text[i] >= 'A' && text[i] <= 'F')))
			return SP_EINVAL;
	}
	if (sodium_hex2bin(bin, len / 2, text, len, NULL, &binlen, NULL) != 0 ||
	    binlen != len / 2)
		return SP_EINVAL;
	return 0;
}

int
keys_from_hex(const char *text, uint8_t key[KEY_PUBLIC_LEN])
{
	uint8_t	tmp[KEY_PUBLIC_LEN];

	if (text == NULL || strlen(text) != KEY_HEX_LEN)
		return SP_EINVAL;
	if (keys_hex_decode(text, KEY_HEX_LEN, tmp) != 0)
		return SP_EINVAL;
	memcpy(key, tmp, KEY_PUBLIC_LEN);
	return 0;
}

int
keys_curve_z85(const uint8_t key[KEY_PUBLIC_LEN], char out[KEY_Z85_LEN + 1])
{
	uint8_t	curve[KEY_CURVE_LEN];

	if (crypto_sign_ed25519_pk_to_curve25519(curve, key) != 0)
		return SP_EINVAL;
	if (zmq_z85_encode(out, curve, sizeof(curve)) == NULL)
		return SP_EINVAL;
	return 0;
}

/*
 * Fills *id from an Ed25519 seed.  Returns SP_EINVAL when the key has no
 * X25519 form (never for a key made by crypto_sign_seed_keypair, but the
 * check is cheap).
 */
static int
keys_from_seed(const uint8_t seed[KEY_SEED_LEN], struct identity *id)
{
	if (crypto_sign_seed_keypair(id->public_key, id->secret_key,
	    seed) != 0)
		return SP_EINVAL;
	if (crypto_sign_ed25519_pk_to_curve25519(id->curve_public,
	    id->public_key) != 0 ||
	    crypto_sign_ed25519_sk_to_curve25519(id->curve_secret,
	    id->secret_key) != 0) {
		keys_clear(id);
		return SP_EINVAL;
	}
	return 0;
}

/* Writes all of buf to fd.  Returns 0 or -1 with errno set. */
static int
keys_write_all(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Makes the new directory entry for path durable.  Returns 0 or -1. */
static int
keys_sync_dir(const char *path)
{
	char	*copy, *dir;
	int	 fd, rc, saved;

	if ((copy = strdup(path)) == NULL)
		return -1;
	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		saved = errno;
		free(copy);
		errno = saved;
		return -1;
	}
	rc = fsync(fd);
	saved = errno;
	close(fd);
	free(copy);
	errno = saved;
	return rc;
}

int
keys_generate(const char *path, struct identity *id)
{
	struct identity	 tmp;
	uint8_t		 seed[KEY_SEED_LEN];
	char		 buf[KEYFILE_LEN + 1];
	char		 pub[KEY_HEX_LEN + 1], sec[KEY_HEX_LEN + 1];
	int		 fd, rc, saved;

	if ((rc = keys_init()) != 0)
		return rc;
	randombytes_buf(seed, sizeof(seed));
	if ((rc = keys_from_seed(seed, &tmp)) != 0) {
		sodium_memzero(seed, sizeof(seed));
		return rc;
	}
	keys_to_hex(tmp.public_key, pub);
	sodium_bin2hex(sec, sizeof(sec), seed, sizeof(seed));
	snprintf(buf, sizeof(buf), "%s%s\n%s%s\n", KEYFILE_PUBLIC, pub,
	    KEYFILE_SECRET, sec);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sec, sizeof(sec));

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		rc = errno == EEXIST ? SP_EEXIST : SP_EIO;
		goto wipe;
	}
	if (keys_write_all(fd, buf, KEYFILE_LEN) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		rc = SP_EIO;
		goto wipe;
	}
	if (close(fd) == -1 || keys_sync_dir(path) == -1) {
		rc = SP_EIO;
		goto wipe;
	}
	if (id != NULL)
		*id = tmp;
	rc = 0;
 wipe:
	sodium_memzero(buf, sizeof(buf));
	keys_clear(&tmp);
	return rc;
}

/*
 * Parses the text of a key file (len bytes, not NUL-terminated) into
 * *id.  The last newline may be missing; nothing else may differ.
 */
static int
keys_parse(const char *text, size_t len, struct identity *id)
{
	uint8_t		pub[KEY_PUBLIC_LEN], seed[KEY_SEED_LEN];
	const char	*line2;
	int		rc;

	if (len != KEYFILE_LEN && len != KEYFILE_LEN - 1)
		return SP_EINVAL;
	line2 = text + KEYFILE_LEN / 2;
	if (memcmp(text, KEYFILE_PUBLIC, 7) != 0 ||
	    text[7 + KEY_HEX_LEN] != '\n' ||
	    memcmp(line2, KEYFILE_SECRET, 7) != 0 ||
	    (len == KEYFILE_LEN && line2[7 + KEY_HEX_LEN] != '\n'))
		return SP_EINVAL;
	if (keys_hex_decode(text + 7, KEY_HEX_LEN, pub) != 0 ||
	    keys_hex_decode(line2 + 7, KEY_HEX_LEN, seed) != 0) {
		sodium_memzero(seed, sizeof(seed));
		return SP_EINVAL;
	}
	rc = keys_from_seed(seed, id);
	sodium_memzero(seed, sizeof(seed));
	if (rc != 0)
		return rc;
	if (sodium_memcmp(pub, id->public_key, KEY_PUBLIC_LEN) != 0) {
		keys_clear(id);
		return SP_EINVAL;
	}
	return 0;
}

int
keys_load(const char *path, struct identity *id)
{
	char	buf[KEYFILE_LEN + 2];	/* one more than allowed: detects junk */
	size_t	len;
	ssize_t	n;
	int	fd, rc, saved;

	if ((rc = keys_init()) != 0)
		return rc;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return SP_EIO;
	len = 0;
	while (len < sizeof(buf)) {
		if ((n = read(fd, buf + len, sizeof(buf) - len)) == -1) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			sodium_memzero(buf, sizeof(buf));
			errno = saved;
			return SP_EIO;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	rc = keys_parse(buf, len, id);
	sodium_memzero(buf, sizeof(buf));
	return rc;
}

void
keys_clear(struct identity *id)
{
	if (id == NULL)
		return;
	sodium_memzero(id->secret_key, sizeof(id->secret_key));
	sodium_memzero(id->curve_secret, sizeof(id->curve_secret));
}
