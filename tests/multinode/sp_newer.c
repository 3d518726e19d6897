/*
 * sp_newer.c - appends to a stopped node's own feed two records that a
 * newer samplan could write and this one does not know: one of a newer
 * body kind (Record field 99) and one with a newer field (Record field
 * 9) on a measure, both format 2 and signed with the node's key.  Prints
 * the new head seq.  The node must keep and relay them unchanged.
 *
 * usage: sp_newer DATA_DIR KEYFILE
 *        sp_newer DATA_DIR KEYFILE --redact TARGET_PUBHEX SEQ
 *        sp_newer DATA_DIR --send-note MEASURE TEXT
 *
 * With --redact it appends instead a Redaction of record SEQ of feed
 * TARGET (held in the store), signed by the node, without the policy
 * check a node makes: a forgery when the node may not redact it.
 *
 * With --send-note it sends a running node a status report on MEASURE
 * with note TEXT straight to its control socket, past the command
 * line's own checks, and prints the node's answer ("error: TEXT" and
 * exit status 3, or the seq).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "errors.h"
#include "feed.h"
#include "store.h"
#include "wire.h"

/* Packs rec at h's next seq, with extra bytes appended, signed by id. */
static int
append_raw(struct store_txn *t, const struct identity *id,
    Samplan__Record *rec, const uint8_t *extra, size_t extralen,
    struct feed_head *h)
{
	Samplan__Envelope	 env = SAMPLAN__ENVELOPE__INIT;
	uint8_t			 sig[RECORD_SIG_LEN], *rb, *eb;
	size_t			 rlen, elen;
	int			 rc;

	rec->author.data = (uint8_t *)(uintptr_t)id->public_key;
	rec->author.len = KEY_PUBLIC_LEN;
	rec->seq = h->seq + 1;
	rec->prev.data = h->hash;
	rec->prev.len = RECORD_HASH_LEN;
	rec->timestamp = 1735689600000LL;
	rec->format = RECORD_FORMAT;
	if ((rc = wire_pack(&rec->base, &rb, &rlen)) != 0)
		return rc;
	{
		uint8_t *grown = realloc(rb, rlen + extralen);

		if (grown == NULL) {
			free(rb);
			return SP_ENOMEM;
		}
		rb = grown;
	}
	memcpy(rb + rlen, extra, extralen);
	rlen += extralen;
	if ((rc = record_sign(id, rb, rlen, sig)) != 0)
		goto out;
	env.record.data = rb;
	env.record.len = rlen;
	env.signature.data = sig;
	env.signature.len = sizeof(sig);
	if ((rc = wire_pack(&env.base, &eb, &elen)) != 0)
		goto out;
	rc = store_log_put(t, id->public_key, h->seq + 1, eb, elen);
	free(eb);
	if (rc == 0) {
		h->seq++;
		record_hash(rb, rlen, sig, sizeof(sig), h->hash);
		rc = store_head_put(t, h);
	}
out:
	free(rb);
	return rc;
}

/* Appends a redaction of (target, seq) to id's feed, unchecked. */
static int
forge_redaction(struct store *s, const struct identity *id,
    const char *target_hex, const char *seq_text, uint64_t *head)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Redaction	 red = SAMPLAN__REDACTION__INIT;
	struct store_txn	*t;
	struct feed_head	 h;
	struct entry		 e;
	const uint8_t		*buf;
	uint8_t			 key[KEY_PUBLIC_LEN], hash[RECORD_HASH_LEN];
	uint64_t		 seq = strtoull(seq_text, NULL, 10);
	size_t			 len;
	int			 rc;

	if ((rc = keys_from_hex(target_hex, key)) != 0 ||
	    (rc = store_begin(s, 1, &t)) != 0)
		return rc;
	if ((rc = store_log_get(t, key, seq, &buf, &len)) == 0 &&
	    (rc = entry_decode(buf, len, &e)) == 0) {
		memcpy(hash, e.hash, sizeof(hash));
		entry_clear(&e);
		red.feed.data = key;
		red.feed.len = KEY_PUBLIC_LEN;
		red.seq = seq;
		red.hash.data = hash;
		red.hash.len = RECORD_HASH_LEN;
		red.reason = (char *)(uintptr_t)"forfalsket sletting";
		rec.body_case = SAMPLAN__RECORD__BODY_REDACTION;
		rec.redaction = &red;
		rec.actor = (char *)(uintptr_t)"angriper";
		if ((rc = feed_append(t, id, &rec, 1735689600000LL, &h)) == 0 &&
		    (rc = store_commit(&t)) == 0)
			*head = h.seq;
	}
	store_abort(&t);
	return rc;
}

/* Sends one report straight to the node's control socket. */
static int
send_note(const char *dir, const char *measure, const char *note)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__StatusReport	 r = SAMPLAN__STATUS_REPORT__INIT;
	Samplan__ControlReply	*reply;
	char			 endpoint[4200], buf[65536];
	uint8_t			*out;
	size_t			 len;
	void			*ctx = zmq_ctx_new(), *sock;
	int			 n, rc = 1, timeout = 10000;

	r.measure = (char *)(uintptr_t)measure;
	r.period = (char *)(uintptr_t)"2025";
	r.status = (char *)(uintptr_t)"igangsatt";
	r.note = (char *)(uintptr_t)note;
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_REPORT;
	req.report = &r;
	snprintf(endpoint, sizeof(endpoint), "ipc://%s/control.sock", dir);
	sock = zmq_socket(ctx, ZMQ_DEALER);
	zmq_setsockopt(sock, ZMQ_RCVTIMEO, &timeout, sizeof(timeout));
	if (wire_pack(&req.base, &out, &len) != 0)
		return 1;
	if (zmq_connect(sock, endpoint) == 0 &&
	    zmq_send(sock, out, len, 0) == (int)len &&
	    (n = zmq_recv(sock, buf, sizeof(buf), 0)) > 0 &&
	    wire_decode_reply((uint8_t *)buf, (size_t)n, &reply) == 0) {
		if (reply->code != 0) {
			printf("error: %s\n", reply->error);
			rc = 3;
		} else {
			printf("%llu\n", (unsigned long long)reply->seq);
			rc = 0;
		}
		wire_free((ProtobufCMessage **)&reply);
	}
	free(out);
	zmq_close(sock);
	zmq_ctx_term(ctx);
	return rc;
}

int
main(int argc, char **argv)
{
	static const uint8_t	 kind[] = { 0x9a, 0x06, 0x03, 'n', 'y', 'x' };
	static const uint8_t	 field[] = { 0x48, 0x2a };
	Samplan__Record		 r1 = SAMPLAN__RECORD__INIT;
	Samplan__Record		 r2 = SAMPLAN__RECORD__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	struct identity		 id;
	struct store		*s;
	struct store_txn	*t;
	struct feed_head	 h;
	int			 rc;

	if (argc == 5 && strcmp(argv[2], "--send-note") == 0)
		return send_note(argv[1], argv[3], argv[4]);
	if (argc != 3 && !(argc == 6 && strcmp(argv[3], "--redact") == 0)) {
		fprintf(stderr, "usage: sp_newer DATA_DIR KEYFILE "
		    "[--redact TARGET_PUBHEX SEQ]\n");
		return 2;
	}
	if ((rc = keys_init()) != 0 || (rc = keys_load(argv[2], &id)) != 0 ||
	    (rc = store_open(argv[1], 0, 0, id.public_key, &s)) != 0) {
		fprintf(stderr, "sp_newer: %s\n", sp_strerror(rc));
		return 1;
	}
	if (argc == 6) {
		rc = forge_redaction(s, &id, argv[4], argv[5], &h.seq);
		store_close(&s);
		keys_clear(&id);
		if (rc != 0) {
			fprintf(stderr, "sp_newer: %s\n", sp_strerror(rc));
			return 1;
		}
		printf("%llu\n", (unsigned long long)h.seq);
		return 0;
	}
	m.id = (char *)(uintptr_t)"NY-1";
	m.innsatsomrade = (char *)(uintptr_t)"Nyere felt";
	m.tittel = (char *)(uintptr_t)"Tiltak med et felt fra en nyere samplan";
	m.frist = (char *)(uintptr_t)"løpende";
	r2.body_case = SAMPLAN__RECORD__BODY_MEASURE;
	r2.measure = &m;
	if ((rc = store_begin(s, 1, &t)) == 0 &&
	    (rc = store_head_get(t, id.public_key, &h)) == 0 &&
	    (rc = append_raw(t, &id, &r1, kind, sizeof(kind), &h)) == 0 &&
	    (rc = append_raw(t, &id, &r2, field, sizeof(field), &h)) == 0)
		rc = store_commit(&t);
	store_abort(&t);
	store_close(&s);
	keys_clear(&id);
	if (rc != 0) {
		fprintf(stderr, "sp_newer: %s\n", sp_strerror(rc));
		return 1;
	}
	printf("%llu\n", (unsigned long long)h.seq);
	return 0;
}
