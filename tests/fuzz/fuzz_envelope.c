/*
 * fuzz_envelope.c - an Envelope off the disk or the wire: entry_decode().
 *
 * Feeds arbitrary bytes to entry_decode() as feed.c and store.c do with
 * an LMDB value.  When it accepts them, the entry must hold what
 * record.h promises (a 64-byte signature, a record with a 32-byte author
 * and prev, seq >= 1, one body), its hash must be the entry hash of the
 * exact bytes, and both the envelope and the record must round-trip.
 */
#include <stdint.h>
#include <string.h>

#include "errors.h"
#include "fuzz.h"
#include "record.h"
#include "wire.h"

static void
check_entry(const struct entry *e, size_t inlen)
{
	uint8_t	hash[RECORD_HASH_LEN];

	if (e->env == NULL || e->rec == NULL)
		fuzz_fail("entry_decode: 0 with an empty entry");
	if (e->env->signature.len != RECORD_SIG_LEN)
		fuzz_fail("entry_decode: signature of %zu bytes accepted",
		    e->env->signature.len);
	if (e->rec->author.len != KEY_PUBLIC_LEN ||
	    e->rec->prev.len != RECORD_HASH_LEN)
		fuzz_fail("entry_decode: author %zu / prev %zu bytes accepted",
		    e->rec->author.len, e->rec->prev.len);
	if (e->rec->seq == 0 || e->rec->seq > (uint64_t)INT64_MAX)
		fuzz_fail("entry_decode: seq %llu accepted",
		    (unsigned long long)e->rec->seq);
	if (e->rec->format != RECORD_FORMAT)
		fuzz_fail("entry_decode: format %u accepted", e->rec->format);
	/* No body this version knows: only a newer kind (unknown field). */
	if ((e->rec->body_case == SAMPLAN__RECORD__BODY__NOT_SET &&
	    e->rec->base.n_unknown_fields == 0) ||
	    strcmp(record_kind(e->rec), "none") == 0)
		fuzz_fail("entry_decode: record without a body accepted");
	if (e->redacted > e->rec->n_seals)
		fuzz_fail("entry_decode: %zu redacted of %zu seals",
		    e->redacted, e->rec->n_seals);
	record_hash(e->env->record.data, e->env->record.len,
	    e->env->signature.data, e->env->signature.len, hash);
	if (memcmp(hash, e->hash, sizeof(hash)) != 0)
		fuzz_fail("entry_decode: entry hash is not over the exact "
		    "bytes");
	fuzz_roundtrip(&samplan__envelope__descriptor, WIRE_MAX_ENVELOPE,
	    inlen, &e->env->base);
	fuzz_roundtrip(&samplan__record__descriptor, WIRE_MAX_RECORD,
	    e->env->record.len, &e->rec->base);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct entry	e;
	int		rc;

	if (keys_init() != 0)
		fuzz_fail("sodium_init failed");
	rc = entry_decode(data, size, &e);
	if (rc == 0) {
		check_entry(&e, size);
		/*
		 * Hands libsodium hostile keys and signatures (small order,
		 * S not reduced); it must answer, not crash.  About 60 us.
		 */
		(void)record_verify(e.rec->author.data, e.env->record.data,
		    e.env->record.len, e.env->signature.data,
		    e.env->signature.len);
		entry_clear(&e);
	} else if (e.env != NULL || e.rec != NULL)
		fuzz_fail("entry_decode: %s but the entry is not empty",
		    sp_strerror(rc));
	return 0;
}
