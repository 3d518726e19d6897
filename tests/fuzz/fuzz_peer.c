/*
 * fuzz_peer.c - one frame from a peer: wire_decode_peer(), then what
 * peer.c does with it.
 *
 * A Batch is taken apart as peer_on_batch() does: entry_from_envelope()
 * takes each envelope out of the message, stopping at the first bad
 * one, and the message is then freed with the holes in it.  A Frontier
 * drives a sync_peer as peer_on_frontier() does, with sync.c's invariant
 * (remote <= sent per feed; in flight at most SYNC_WINDOW + SYNC_BATCH)
 * checked after every step.  Every accepted message must round-trip.
 * A plain batch frame is also taken apart as peer_on_batch_frame() does,
 * envelope by envelope into arenas, and must give the same outcome.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "fuzz.h"
#include "keys.h"
#include "record.h"
#include "sync.h"
#include "wire.h"

#define FUZZ_FEEDS	4	/* feeds the simulated node takes */

static void
check_sync(const struct sync_peer *sp)
{
	size_t	i;

	for (i = 0; i < sp->nfeeds; i++)
		if (sp->feeds[i].remote > sp->feeds[i].sent)
			fuzz_fail("sync: feed %zu remote %llu > sent %llu", i,
			    (unsigned long long)sp->feeds[i].remote,
			    (unsigned long long)sp->feeds[i].sent);
	if (sync_inflight(sp) > SYNC_WINDOW + SYNC_BATCH)
		fuzz_fail("sync: %llu records in flight",
		    (unsigned long long)sync_inflight(sp));
	if (sync_inflight_bytes(sp) > SYNC_WINDOW_BYTES + 300 * SYNC_BATCH)
		fuzz_fail("sync: %zu bytes in flight",
		    sync_inflight_bytes(sp));
}

static void
on_frontier(const Samplan__Frontier *f)
{
	static const uint64_t	 local[FUZZ_FEEDS] = { 0, 1, 5000, 1u << 20 };
	struct sync_peer	 sp;
	uint64_t		 from, count;
	size_t			 i, idx;
	int64_t			 now = 0;

	if (sync_peer_init(&sp, FUZZ_FEEDS) != 0)
		return;
	for (i = 0; i < f->n_heads; i++) {
		if (f->heads[i]->author.len != KEY_PUBLIC_LEN)
			continue;
		idx = f->heads[i]->author.data[0] % FUZZ_FEEDS;
		sync_on_head(&sp, idx, f->heads[i]->seq, f->reset, now);
		check_sync(&sp);
		if (sync_next(&sp, local, &idx, &from, &count)) {
			if (count == 0 || count > SYNC_BATCH ||
			    from != sp.feeds[idx].sent + 1 ||
			    from + count - 1 > local[idx])
				fuzz_fail("sync_next: feed %zu from %llu "
				    "count %llu", idx,
				    (unsigned long long)from,
				    (unsigned long long)count);
			sync_on_sent(&sp, idx, from + count - 1, 300 * count);
			check_sync(&sp);
		}
		now += 1000;
		sync_tick(&sp, now);
		check_sync(&sp);
	}
	sync_peer_clear(&sp);
}

static void
on_batch(Samplan__Batch *b)
{
	struct entry	e;
	size_t		i;
	int		rc;

	for (i = 0; i < b->n_envelopes; i++) {
		rc = entry_from_envelope(&b->envelopes[i], &e);
		if (b->envelopes[i] != NULL)
			fuzz_fail("entry_from_envelope: left the envelope "
			    "in the batch");
		if (rc != 0) {
			if (e.env != NULL || e.rec != NULL)
				fuzz_fail("entry_from_envelope: %s but the "
				    "entry is not empty", sp_strerror(rc));
			break;
		}
		if (e.env == NULL || e.rec == NULL ||
		    e.env->signature.len != RECORD_SIG_LEN)
			fuzz_fail("entry_from_envelope: bad entry accepted");
		entry_clear(&e);
	}
}

/* entry_check() and entry_from_envelope() agree on one envelope. */
static void
check_same_entry(struct entry *e, const uint8_t *env, size_t len)
{
	Samplan__Envelope	*m;
	struct entry		 d;
	uint8_t			*buf;
	size_t			 n;
	int			 rc, rc2;

	if (e->raw != NULL) {
		if (wire_pack(&e->env->base, &buf, &n) != 0)
			return;
		if (n != e->rawlen || memcmp(buf, e->raw, n) != 0)
			fuzz_fail("entry_receive: kept bytes that do not "
			    "pack back to themselves");
		free(buf);
	}
	if (wire_decode(&samplan__envelope__descriptor, env, len,
	    WIRE_MAX_FRAME, (ProtobufCMessage **)&m) != 0)
		fuzz_fail("entry_receive: decodes what wire_decode does not");
	rc = entry_check(e);
	rc2 = entry_from_envelope(&m, &d);
	if (rc != rc2 && rc != SP_ENOMEM && rc2 != SP_ENOMEM)
		fuzz_fail("entry_check: %s, entry_from_envelope: %s",
		    sp_strerror(rc), sp_strerror(rc2));
	if (rc == 0 && rc2 == 0 && (memcmp(e->hash, d.hash,
	    RECORD_HASH_LEN) != 0 || e->redacted != d.redacted))
		fuzz_fail("entry_check: another entry than "
		    "entry_from_envelope's");
	entry_clear(&d);
}

/*
 * peer.c takes a plain batch frame apart envelope by envelope, each in
 * an arena (peer_on_batch_frame): it must refuse exactly the frames
 * wire_decode_peer() refuses (rc_whole), with the same error, and give
 * the entries entry_from_envelope() gives.
 */
static void
check_received(const uint8_t *data, size_t size, int rc_whole)
{
	struct wire_batch	 wb;
	struct entry		 e;
	const uint8_t		*env;
	size_t			 len;
	int			 rc = 0;

	if (!wire_batch_open(data, size, &wb))
		return;
	while (wire_batch_next(&wb, &env, &len)) {
		if ((rc = entry_receive(env, len, WIRE_MAX_FRAME, &e)) != 0) {
			if (e.arena != NULL || e.env != NULL)
				fuzz_fail("entry_receive: %s but the entry is "
				    "not empty", sp_strerror(rc));
			break;
		}
		if (rc_whole == 0)
			check_same_entry(&e, env, len);
		entry_clear(&e);
	}
	if (rc != rc_whole && rc != SP_ENOMEM && rc_whole != SP_ENOMEM)
		fuzz_fail("batch frame: envelopes %s, the frame whole %s",
		    sp_strerror(rc), sp_strerror(rc_whole));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Samplan__PeerMessage	*msg;
	int			 rc;

	rc = wire_decode_peer(data, size, &msg);
	check_received(data, size, rc);
	if (rc != 0)
		return 0;
	fuzz_roundtrip(&samplan__peer_message__descriptor, WIRE_MAX_FRAME,
	    size, &msg->base);
	switch (msg->kind_case) {
	case SAMPLAN__PEER_MESSAGE__KIND_FRONTIER:
		on_frontier(msg->frontier);
		break;
	case SAMPLAN__PEER_MESSAGE__KIND_BATCH:
		on_batch(msg->batch);
		break;
	default:
		break;
	}
	wire_free((ProtobufCMessage **)&msg);
	return 0;
}
