/*
 * keys.h - node identities: Ed25519 key pairs, their files and text form,
 * and the CURVE (X25519) keys derived from them.
 *
 * A key file holds two lines, "public HEX" and "secret HEX" (the 32-byte
 * Ed25519 seed), is created with mode 0600 and is never overwritten.  The
 * text form of a public key, as `samplan keygen` prints it and the config
 * takes it, is 64 lowercase hex digits.
 */
#ifndef SAMPLAN_KEYS_H
#define SAMPLAN_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define KEY_PUBLIC_LEN	32	/* Ed25519 public key, bytes */
#define KEY_SECRET_LEN	64	/* Ed25519 secret key (seed || public), bytes */
#define KEY_SEED_LEN	32	/* Ed25519 seed, bytes */
#define KEY_CURVE_LEN	32	/* X25519 key, bytes */
#define KEY_HEX_LEN	64	/* hex digits of a public key */
#define KEY_Z85_LEN	40	/* Z85 characters of a CURVE key */

struct identity {
	uint8_t	public_key[KEY_PUBLIC_LEN];	/* Ed25519 public key */
	uint8_t	secret_key[KEY_SECRET_LEN];	/* Ed25519 secret key */
	uint8_t	curve_public[KEY_CURVE_LEN];	/* derived X25519 public */
	uint8_t	curve_secret[KEY_CURVE_LEN];	/* derived X25519 secret */
};

/*
 * Initialises libsodium once.  Returns 0 or SP_EIO.
 */
int	keys_init(void);

/*
 * Creates a new key pair and writes it to path with mode 0600.  Refuses
 * (SP_EEXIST) when path exists.  Returns 0, SP_EEXIST or SP_EIO (errno
 * set).  On success fills *id when id is not NULL.
 */
int	keys_generate(const char *path, struct identity *id);

/*
 * Reads the key file at path into *id.  Returns 0, SP_EIO (errno set),
 * or SP_EINVAL when the file is damaged or its halves do not match.
 */
int	keys_load(const char *path, struct identity *id);

/*
 * Wipes the secret parts of *id.
 */
void	keys_clear(struct identity *id);

/*
 * Writes the 64-digit hex form of key (plus NUL) into out[65].
 */
void	keys_to_hex(const uint8_t key[KEY_PUBLIC_LEN], char out[KEY_HEX_LEN + 1]);

/*
 * Parses a public key's text form.  Returns 0 or SP_EINVAL.
 */
int	keys_from_hex(const char *text, uint8_t key[KEY_PUBLIC_LEN]);

/*
 * Converts an Ed25519 public key to its CURVE public key in Z85 text
 * (out[41]).  Returns 0 or SP_EINVAL for a key that has no X25519 form.
 */
int	keys_curve_z85(const uint8_t key[KEY_PUBLIC_LEN], char out[KEY_Z85_LEN + 1]);

#endif
