/*
 * record.c - the cryptography and structure of one feed record.
 *
 * Owns the domain tags and the envelope framing; does not know about
 * feeds' heads or storage (feed.c, store.c) or what bodies mean
 * (domain.c).
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "record.h"
#include "seal.h"
#include "wire.h"

void
record_hash(const uint8_t *rec, size_t reclen, const uint8_t *sig,
    size_t siglen, uint8_t out[RECORD_HASH_LEN])
{
	crypto_generichash_state	st;

	crypto_generichash_init(&st, NULL, 0, RECORD_HASH_LEN);
	crypto_generichash_update(&st, (const uint8_t *)RECORD_HASH_TAG,
	    sizeof(RECORD_HASH_TAG));
	crypto_generichash_update(&st, rec, reclen);
	crypto_generichash_update(&st, sig, siglen);
	crypto_generichash_final(&st, out, RECORD_HASH_LEN);
}

/* Ed25519 over TAG || rec, computed as one buffer (no prehash). */
static uint8_t *
record_tagged(const uint8_t *rec, size_t reclen, size_t *len)
{
	uint8_t	*m;

	*len = sizeof(RECORD_SIGN_TAG) + reclen;
	if ((m = malloc(*len)) == NULL)
		return NULL;
	memcpy(m, RECORD_SIGN_TAG, sizeof(RECORD_SIGN_TAG));
	memcpy(m + sizeof(RECORD_SIGN_TAG), rec, reclen);
	return m;
}

int
record_sign(const struct identity *id, const uint8_t *rec, size_t reclen,
    uint8_t sig[RECORD_SIG_LEN])
{
	uint8_t	*m;
	size_t	 len;

	if ((m = record_tagged(rec, reclen, &len)) == NULL)
		return SP_ENOMEM;
	crypto_sign_detached(sig, NULL, m, len, id->secret_key);
	free(m);
	return 0;
}

int
record_verify(const uint8_t author[KEY_PUBLIC_LEN], const uint8_t *rec,
    size_t reclen, const uint8_t *sig, size_t siglen)
{
	uint8_t	*m;
	size_t	 len;
	int	 ok;

	if (siglen != RECORD_SIG_LEN)
		return SP_EBADSIG;
	if ((m = record_tagged(rec, reclen, &len)) == NULL)
		return SP_ENOMEM;
	ok = crypto_sign_verify_detached(sig, m, len, author) == 0;
	free(m);
	return ok ? 0 : SP_EBADSIG;
}

/* Structural checks every record must pass before anything else. */
static int
record_check_shape(const Samplan__Record *r)
{
	if (r->author.len != KEY_PUBLIC_LEN || r->prev.len != RECORD_HASH_LEN)
		return SP_EMALFORMED;
	if (r->seq == 0 || r->seq > (uint64_t)INT64_MAX)
		return SP_EMALFORMED;
	if (r->format != RECORD_FORMAT)
		return SP_EFORMAT;
	/* No body we know: only a newer kind (an unknown field) will do. */
	if (r->body_case == SAMPLAN__RECORD__BODY__NOT_SET &&
	    r->base.n_unknown_fields == 0)
		return SP_EMALFORMED;
	return 0;
}

int
entry_from_envelope(Samplan__Envelope **envp, struct entry *e)
{
	Samplan__Envelope	*env = *envp;
	int			 rc;

	*envp = NULL;
	memset(e, 0, sizeof(*e));
	/* Stored, a larger one could not be read back (entry_decode). */
	if (protobuf_c_message_get_packed_size(&env->base) >
	    WIRE_MAX_ENVELOPE) {
		rc = SP_ETOOBIG;
		goto fail;
	}
	if (env->signature.len != RECORD_SIG_LEN) {
		rc = SP_EBADSIG;
		goto fail;
	}
	if ((rc = wire_decode_record(env->record.data, env->record.len,
	    &e->rec)) != 0)
		goto fail;
	if ((rc = record_check_shape(e->rec)) != 0)
		goto fail;
	if ((rc = seal_open(e->rec, env, &e->redacted, 0)) != 0)
		goto fail;
	record_hash(env->record.data, env->record.len, env->signature.data,
	    env->signature.len, e->hash);
	e->env = env;
	return 0;
fail:
	wire_free((ProtobufCMessage **)&e->rec);
	wire_free((ProtobufCMessage **)&env);
	return rc;
}

int
entry_decode(const uint8_t *buf, size_t len, struct entry *e)
{
	Samplan__Envelope	*env;
	int			 rc;

	memset(e, 0, sizeof(*e));
	if ((rc = wire_decode_envelope(buf, len, &env)) != 0)
		return rc;
	return entry_from_envelope(&env, e);
}

/*
 * The arena of one received envelope: room for what protobuf-c makes of
 * the envelope and of its record (about their bytes once more each,
 * plus the structs) and the received bytes; the budget is the sum of
 * the two decodes' own (wire.h), so the caps are as before.
 */
#define ENTRY_ARENA_HINT(len)	(3 * (len) + 512)
#define ENTRY_ARENA_BUDGET(len)	\
	(2 * ((len) * WIRE_ALLOC_FACTOR + WIRE_ALLOC_SLACK) + 3 * (len))

int
entry_receive(const uint8_t *buf, size_t len, size_t max, struct entry *e)
{
	const uint8_t	*copy;
	int		 rc, canonical;

	memset(e, 0, sizeof(*e));
	if (len > max)
		return SP_ETOOBIG;
	if ((e->arena = wire_arena_new(ENTRY_ARENA_HINT(len),
	    ENTRY_ARENA_BUDGET(len))) == NULL)
		return SP_ENOMEM;
	/*
	 * Decoded from a copy in the arena, the envelope's record and
	 * signature are not copied again: they point into it.
	 */
	if ((rc = wire_decode_copy(e->arena, &samplan__envelope__descriptor,
	    buf, len, max, (ProtobufCMessage **)&e->env, &copy,
	    &canonical)) != 0) {
		entry_clear(e);
		return rc;
	}
	/*
	 * The store keeps an envelope as wire_pack() gives it (feed.c);
	 * bytes in that one form (wire_canonical(), found by the decode)
	 * need no packing again: the copy will do.
	 */
	if (len > 0 && canonical) {
		e->raw = copy;
		e->rawlen = len;
	}
	return 0;
}

int
entry_check(struct entry *e)
{
	const Samplan__Envelope	*env = e->env;
	int			 rc;

	if (env->signature.len != RECORD_SIG_LEN) {
		rc = SP_EBADSIG;
		goto fail;
	}
	/* env->record lives in the arena: rec's bytes may point into it. */
	if ((rc = wire_decode_kept(e->arena, &samplan__record__descriptor,
	    env->record.data, env->record.len, WIRE_MAX_RECORD,
	    (ProtobufCMessage **)&e->rec)) != 0)
		goto fail;
	if ((rc = record_check_shape(e->rec)) != 0)
		goto fail;
	/* rec and env share the arena: rec may borrow env's texts. */
	if ((rc = seal_open(e->rec, env, &e->redacted, 1)) != 0)
		goto fail;
	record_hash(env->record.data, env->record.len, env->signature.data,
	    env->signature.len, e->hash);
	return 0;
fail:
	entry_clear(e);
	return rc;
}

void
entry_clear(struct entry *e)
{
	if (e->arena != NULL) {
		/* Everything is in the arena: nothing to free alone. */
		wire_arena_destroy(&e->arena);
		e->rec = NULL;
		e->env = NULL;
	} else {
		wire_free((ProtobufCMessage **)&e->rec);
		wire_free((ProtobufCMessage **)&e->env);
	}
	e->raw = NULL;
	e->rawlen = 0;
	memset(e->hash, 0, sizeof(e->hash));
	e->redacted = 0;
}

int
entry_pack_stripped(const struct entry *e, uint8_t **out, size_t *outlen)
{
	Samplan__Envelope	env = SAMPLAN__ENVELOPE__INIT;

	env.record = e->env->record;
	env.signature = e->env->signature;
	return wire_pack(&env.base, out, outlen);
}

/* Packs rec, its seals set, with author (feed), seq, prev, time, format. */
static int
record_pack(const uint8_t feed[KEY_PUBLIC_LEN], Samplan__Record *rec,
    uint64_t seq, const uint8_t prev[RECORD_HASH_LEN], int64_t now_ms,
    uint8_t **bytes, size_t *len)
{
	int	rc;

	rec->author.data = (uint8_t *)(uintptr_t)feed;
	rec->author.len = KEY_PUBLIC_LEN;
	rec->seq = seq;
	rec->prev.data = (uint8_t *)(uintptr_t)prev;
	rec->prev.len = RECORD_HASH_LEN;
	rec->timestamp = now_ms;
	rec->format = RECORD_FORMAT;
	rc = wire_pack(&rec->base, bytes, len);
	rec->author.data = NULL;
	rec->author.len = 0;
	rec->prev.data = NULL;
	rec->prev.len = 0;
	if (rc == 0 && *len > WIRE_MAX_RECORD) {
		free(*bytes);
		*bytes = NULL;
		return SP_ETOOBIG;
	}
	return rc;
}

int
record_build(const struct identity *id, Samplan__Record *rec, uint64_t seq,
    const uint8_t prev[RECORD_HASH_LEN], int64_t now_ms, uint8_t **out,
    size_t *outlen, uint8_t hash[RECORD_HASH_LEN])
{
	return record_build_feed(id, id->public_key, rec, seq, prev, now_ms,
	    out, outlen, hash);
}

int
record_build_feed(const struct identity *id,
    const uint8_t feed[KEY_PUBLIC_LEN], Samplan__Record *rec, uint64_t seq,
    const uint8_t prev[RECORD_HASH_LEN], int64_t now_ms, uint8_t **out,
    size_t *outlen, uint8_t hash[RECORD_HASH_LEN])
{
	Samplan__Envelope	 env = SAMPLAN__ENVELOPE__INIT;
	struct seal_set		 ss;
	uint8_t			 sig[RECORD_SIG_LEN];
	uint8_t			*bytes;
	size_t			 len;
	int			 rc;

	if ((rc = seal_record(rec, &ss)) != 0)
		return rc;
	rc = record_pack(feed, rec, seq, prev, now_ms, &bytes, &len);
	if (rc == 0 && (rc = record_sign(id, bytes, len, sig)) != 0)
		free(bytes);
	if (rc != 0) {
		seal_restore(rec, &ss);
		return rc;
	}
	record_hash(bytes, len, sig, sizeof(sig), hash);
	env.record.data = bytes;
	env.record.len = len;
	env.signature.data = sig;
	env.signature.len = sizeof(sig);
	env.n_texts = ss.n;
	env.texts = ss.ptexts;
	rc = wire_pack(&env.base, out, outlen);
	if (rc == 0 && *outlen > WIRE_MAX_ENVELOPE) {
		free(*out);
		*out = NULL;
		rc = SP_ETOOBIG;
	}
	free(bytes);
	seal_restore(rec, &ss);
	return rc;
}

const char *
record_kind(const Samplan__Record *rec)
{
	switch (rec->body_case) {
	case SAMPLAN__RECORD__BODY_PLAN:
		return "plan";
	case SAMPLAN__RECORD__BODY_MEASURE:
		return "measure";
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		return "adaptation";
	case SAMPLAN__RECORD__BODY_REPORT:
		return "report";
	case SAMPLAN__RECORD__BODY_EVALUATION:
		return "evaluation";
	case SAMPLAN__RECORD__BODY_ALERT_ACK:
		return "alert_ack";
	case SAMPLAN__RECORD__BODY_REDACTION:
		return "redaction";
	case SAMPLAN__RECORD__BODY_KEY_SUCCESSION:
		return "key_succession";
	case SAMPLAN__RECORD__BODY__NOT_SET:
		return "unknown";
	default:
		return "none";
	}
}
