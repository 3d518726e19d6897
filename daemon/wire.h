/*
 * wire.h - the only door between bytes and protobuf-c messages.
 *
 * Every decode first scans the raw bytes against the message descriptor:
 * size cap, known field numbers only, matching wire types, canonical
 * tags, strings that are UTF-8 without NUL, nesting no deeper than the
 * schema.  Only then does protobuf-c unpack them, with an allocator that
 * refuses to spend more than WIRE_ALLOC_FACTOR times the input.  Hostile
 * input therefore gets an error code, never a crash or a silent repair.
 */
#ifndef SAMPLAN_WIRE_H
#define SAMPLAN_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "samplan.pb-c.h"

#define WIRE_MAX_RECORD		(64 * 1024)	/* bytes of one record */
#define WIRE_MAX_TEXTS		(64 * 1024)	/* bytes of one record's texts */
#define WIRE_MAX_ENVELOPE	(WIRE_MAX_RECORD + WIRE_MAX_TEXTS + 256)
/*
 * One peer message.  Small enough that what libzmq buffers for one
 * connection, (RCVHWM + 1) frames in, fits the per-peer memory budget
 * (issue 8); a batch is cut at NODE_BATCH_BYTES, far below it.
 */
#define WIRE_MAX_FRAME		(512 * 1024)
#define WIRE_MAX_REPLY		(4 * 1024 * 1024)	/* one control reply */
#define WIRE_MAX_CONTROL	(1024 * 1024)	/* one control message */
#define WIRE_MAX_DEPTH		6		/* nesting of our schema */
#define WIRE_MAX_FIELDS		4096		/* fields in one message */
#define WIRE_ALLOC_FACTOR	16		/* heap per input byte, max */
#define WIRE_ALLOC_SLACK	(64 * 1024)	/* plus this much */

/*
 * Checks buf[0..len) against descriptor d without decoding it.  Returns 0,
 * SP_ETOOBIG when len > max or a message holds more than WIRE_MAX_FIELDS
 * fields (repeated elements included: each costs protobuf-c a struct of
 * its own, 30 times the 2 bytes an empty one takes on the wire),
 * SP_EFIELDS for an unknown field number,
 * SP_EUTF8 for a string that is not UTF-8 or holds NUL, or SP_EMALFORMED.
 */
int	wire_scan(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
	    size_t len, size_t max);

/*
 * Scans, then decodes buf into a new message of type d.  On success
 * returns 0 and sets *out, which the caller frees with wire_free().
 * Errors as wire_scan(), plus SP_ENOMEM when the allocation cap is hit.
 */
int	wire_decode(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
	    size_t len, size_t max, ProtobufCMessage **out);

/*
 * Frees a message from wire_decode() or one we built (strings malloc'd or
 * protobuf_c_empty_string), and sets *m to NULL.
 */
void	wire_free(ProtobufCMessage **m);

/*
 * Packs m into a new buffer.  Returns 0 and sets *buf (caller frees) and
 * *len, or SP_ENOMEM.
 */
int	wire_pack(const ProtobufCMessage *m, uint8_t **buf, size_t *len);

/*
 * Packs a PeerMessage holding a Batch of envelopes given as their exact
 * stored bytes, without decoding them.  Returns 0 and a new buffer in
 * *out (caller frees), or SP_ENOMEM.
 */
int	wire_pack_batch(const uint8_t *const *envs, const size_t *lens,
	    size_t n, uint8_t **out, size_t *outlen);

/* Typed shorthands for the decoders everyone uses. */
int	wire_decode_envelope(const uint8_t *, size_t, Samplan__Envelope **);
int	wire_decode_record(const uint8_t *, size_t, Samplan__Record **);
int	wire_decode_peer(const uint8_t *, size_t, Samplan__PeerMessage **);
int	wire_decode_request(const uint8_t *, size_t, Samplan__ControlRequest **);
int	wire_decode_reply(const uint8_t *, size_t, Samplan__ControlReply **);

#endif
