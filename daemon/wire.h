/*
 * wire.h - the only door between bytes and protobuf-c messages.
 *
 * Every decode first scans the raw bytes against the message descriptor:
 * size cap, known field numbers only, matching wire types, canonical
 * tags, strings that are UTF-8 without NUL, nesting no deeper than the
 * schema.  Only then does protobuf-c unpack them, with an allocator that
 * refuses to spend more than WIRE_ALLOC_FACTOR times the input.  Hostile
 * input therefore gets an error code, never a crash or a silent repair.
 * Into an arena (a peer's envelopes and records), bytes in the plain
 * form that wire_pack() gives are decoded by wire.c itself, checking the
 * same things in the one walk; anything else goes the way above.
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
 * An arena: memory handed out in order from one malloc'd block (more are
 * chained when it runs out) and freed all at once.  Messages decoded
 * into an arena belong to it: never pass them, or anything taken out of
 * them, to wire_free() or protobuf_c_message_free_unpacked();
 * wire_arena_destroy() frees them with everything else the arena holds.
 */
struct wire_arena;

/*
 * Returns a new arena whose first block has room for about hint bytes,
 * or NULL (out of memory, or hint > budget).  The arena refuses to hand
 * out more than budget bytes in all, as wire_decode() refuses protobuf-c
 * more than WIRE_ALLOC_FACTOR times its input.
 */
struct wire_arena *wire_arena_new(size_t hint, size_t budget);

/* Frees the arena and all it holds, and sets *a to NULL. */
void	wire_arena_destroy(struct wire_arena **a);

/*
 * Returns size bytes from a, aligned for any type and valid until a is
 * destroyed, or NULL when the budget or memory runs out.
 */
void	*wire_arena_alloc(struct wire_arena *a, size_t size);

/* Returns the bytes a has handed out, as its budget counts them. */
size_t	wire_arena_spent(const struct wire_arena *a);

/*
 * As wire_decode(), into arena a: *out belongs to a (see above).
 * Returns SP_ENOMEM when a's budget is spent.  Bytes in the plain form
 * (fields in ascending order, each singular field and oneof once, a
 * repeated field's elements together, no unknown, fixed-width, packed or
 * out-of-range fields) are decoded by wire.c itself in one walk, into
 * what protobuf-c would make of them; the rest by protobuf-c.
 */
int	wire_decode_in(struct wire_arena *a,
	    const ProtobufCMessageDescriptor *d, const uint8_t *buf,
	    size_t len, size_t max, ProtobufCMessage **out);

/*
 * As wire_decode_in(), for bytes that live as long as a (held in it):
 * bytes fields of *out may point into buf.
 */
int	wire_decode_kept(struct wire_arena *a,
	    const ProtobufCMessageDescriptor *d, const uint8_t *buf,
	    size_t len, size_t max, ProtobufCMessage **out);

/*
 * As wire_decode_kept() for a copy of buf made in a: sets *copy to it
 * (the same len bytes, valid until a is destroyed) and *canonical to
 * what wire_canonical() says of them on success, else to NULL and 0.
 */
int	wire_decode_copy(struct wire_arena *a,
	    const ProtobufCMessageDescriptor *d, const uint8_t *buf,
	    size_t len, size_t max, ProtobufCMessage **out,
	    const uint8_t **copy, int *canonical);

/*
 * Returns 1 when buf, which passed wire_scan() for d, is byte for byte
 * what wire_pack() makes of the message it decodes to: fields in
 * ascending number, a singular field at most once and only when not
 * zero or empty, a repeated field's elements together, integers in
 * range.  Returns 0 when it may not be, or when it holds a form this
 * check does not judge (unknown fields, oneofs, fixed-width or signed
 * scalars); pack the message again then.
 */
int	wire_canonical(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
	    size_t len);

/* The envelopes of a batch frame, walked without decoding them. */
struct wire_batch {
	const uint8_t	*p;		/* the next envelope's tag */
	const uint8_t	*end;		/* the end of the frame */
	size_t		 n;		/* envelopes in the batch */
};

/*
 * Returns 1 and sets up *b when buf is a PeerMessage that holds a Batch
 * and nothing else, in the one form wire_pack() gives it (each tag once
 * where it belongs, canonical lengths, at most WIRE_MAX_FIELDS
 * envelopes), so that decoding each envelope alone gives what decoding
 * the frame would.  Returns 0 for anything else: decode that with
 * wire_decode_peer(), which says what is wrong with it.  The envelopes
 * are not checked; decode each with wire_decode_in() or entry_receive().
 */
int	wire_batch_open(const uint8_t *buf, size_t len, struct wire_batch *b);

/*
 * Sets *env and *len to the next envelope's bytes (inside the frame) and
 * returns 1, or returns 0 after the last.
 */
int	wire_batch_next(struct wire_batch *b, const uint8_t **env,
	    size_t *len);

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

/*
 * Returns d's field with number id, or NULL: what
 * protobuf_c_message_descriptor_get_field() returns, found at once where
 * the numbers run without gaps (from 1, or up to the last).
 */
const ProtobufCFieldDescriptor *wire_field_find(
	    const ProtobufCMessageDescriptor *d, uint32_t id);

/* Typed shorthands for the decoders everyone uses. */
int	wire_decode_envelope(const uint8_t *, size_t, Samplan__Envelope **);
int	wire_decode_record(const uint8_t *, size_t, Samplan__Record **);
int	wire_decode_peer(const uint8_t *, size_t, Samplan__PeerMessage **);
int	wire_decode_request(const uint8_t *, size_t, Samplan__ControlRequest **);
int	wire_decode_reply(const uint8_t *, size_t, Samplan__ControlReply **);

#endif
