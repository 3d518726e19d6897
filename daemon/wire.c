/*
 * wire.c - validated protobuf-c decoding and encoding.
 *
 * The scanner walks the protobuf wire format itself, field by field,
 * using the generated descriptors, so that everything protobuf-c would
 * accept leniently (unknown fields, over-long tags, field 0, strings with
 * NUL or bad UTF-8, groups) is refused before protobuf-c sees the bytes.
 * One exception: inside a Record, unknown fields (a newer writer's field
 * or body kind) are well-formedness checked and kept, because a record's
 * signed bytes are stored and relayed as they came (FORMAT-V2.md 1).
 * This file is the only caller of protobuf_c_message_unpack/pack.
 */
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "utf8.h"
#include "wire.h"

/* Reads a varint of at most 10 bytes; refuses non-canonical encodings. */
static int
wire_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t	x = 0;
	unsigned	shift = 0;
	const uint8_t	*q = *p;

	for (;;) {
		if (q == end || shift > 63)
			return SP_EMALFORMED;
		x |= (uint64_t)(*q & 0x7f) << shift;
		if ((*q & 0x80) == 0)
			break;
		q++;
		shift += 7;
	}
	/* A multi-byte varint must not end in a zero byte (over-long). */
	if (q != *p && *q == 0)
		return SP_EMALFORMED;
	if (shift == 63 && *q > 1)
		return SP_EMALFORMED;
	*p = q + 1;
	*v = x;
	return 0;
}

/* Returns the wire type a field of this type must use. */
static int
wire_type_of(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 1;
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_FLOAT:
		return 5;
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_BYTES:
	case PROTOBUF_C_TYPE_MESSAGE:
		return 2;
	default:
		return 0;
	}
}

static int wire_scan_depth(const ProtobufCMessageDescriptor *,
    const uint8_t *, size_t, int, int);

/* Checks the payload of one length-delimited field. */
static int
wire_scan_delimited(const ProtobufCFieldDescriptor *f, const uint8_t *p,
    size_t n, int depth, int lenient)
{
	const uint8_t	*end = p + n;
	uint64_t	 v;
	int		 rc;

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		return utf8_valid((const char *)p, n) ? 0 : SP_EUTF8;
	case PROTOBUF_C_TYPE_BYTES:
		return 0;
	case PROTOBUF_C_TYPE_MESSAGE:
		return wire_scan_depth(f->descriptor, p, n, depth + 1,
		    lenient);
	default:
		/* A packed repeated scalar: a run of varints. */
		if (f->label != PROTOBUF_C_LABEL_REPEATED ||
		    wire_type_of(f->type) != 0)
			return SP_EMALFORMED;
		while (p < end)
			if ((rc = wire_varint(&p, end, &v)) != 0)
				return rc;
		return 0;
	}
}

/* Skips one unknown field of a record after its tag; checks its shape. */
static int
wire_skip_unknown(unsigned wt, const uint8_t **p, const uint8_t *end)
{
	uint64_t	v;
	int		rc;

	switch (wt) {
	case 0:
		return wire_varint(p, end, &v);
	case 1:
	case 5:
		if ((size_t)(end - *p) < (wt == 1 ? 8u : 4u))
			return SP_EMALFORMED;
		*p += wt == 1 ? 8 : 4;
		return 0;
	case 2:
		if ((rc = wire_varint(p, end, &v)) != 0)
			return rc;
		if (v > (uint64_t)(end - *p))
			return SP_EMALFORMED;
		*p += v;
		return 0;
	default:
		return SP_EMALFORMED;	/* groups and reserved */
	}
}

static int
wire_scan_depth(const ProtobufCMessageDescriptor *d, const uint8_t *p,
    size_t len, int depth, int lenient)
{
	const ProtobufCFieldDescriptor	*f;
	const uint8_t			*end = p + len;
	uint64_t			 tag, v;
	size_t				 nfields = 0;
	unsigned			 wt;
	int				 rc;

	if (depth > WIRE_MAX_DEPTH)
		return SP_EMALFORMED;
	if (d == &samplan__record__descriptor)
		lenient = 1;
	while (p < end) {
		if (++nfields > WIRE_MAX_FIELDS)
			return SP_ETOOBIG;
		if ((rc = wire_varint(&p, end, &tag)) != 0)
			return rc;
		if ((tag >> 3) == 0 || (tag >> 3) > 536870911)
			return SP_EMALFORMED;
		wt = tag & 7;
		f = protobuf_c_message_descriptor_get_field(d,
		    (unsigned)(tag >> 3));
		if (f == NULL && lenient) {
			if ((rc = wire_skip_unknown(wt, &p, end)) != 0)
				return rc;
			continue;
		}
		if (f == NULL)
			return SP_EFIELDS;
		switch (wt) {
		case 0:
			if (wire_type_of(f->type) != 0)
				return SP_EMALFORMED;
			if ((rc = wire_varint(&p, end, &v)) != 0)
				return rc;
			break;
		case 1:
		case 5:
			if ((int)wt != wire_type_of(f->type))
				return SP_EMALFORMED;
			if ((size_t)(end - p) < (wt == 1 ? 8u : 4u))
				return SP_EMALFORMED;
			p += wt == 1 ? 8 : 4;
			break;
		case 2:
			if ((rc = wire_varint(&p, end, &v)) != 0)
				return rc;
			if (v > (uint64_t)(end - p))
				return SP_EMALFORMED;
			if ((rc = wire_scan_delimited(f, p, (size_t)v,
			    depth, lenient)) != 0)
				return rc;
			p += v;
			break;
		default:
			return SP_EMALFORMED;	/* groups and reserved */
		}
	}
	return 0;
}

int
wire_scan(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
    size_t len, size_t max)
{
	if (len > max)
		return SP_ETOOBIG;
	/*
	 * The empty message: an absent bytes field (an Envelope without
	 * its record) hands us NULL, and NULL + 0 is undefined in C.
	 */
	if (len == 0)
		return 0;
	if (buf == NULL)
		return SP_EMALFORMED;
	return wire_scan_depth(d, buf, len, 0, 0);
}

/* The allocation budget of one decode. */
struct wire_budget {
	size_t	left;			/* bytes protobuf-c may still take */
	int	refused;		/* an allocation was refused */
};

static void *
wire_alloc(void *data, size_t size)
{
	struct wire_budget	*b = data;

	if (size > b->left) {
		b->refused = 1;
		return NULL;
	}
	b->left -= size;
	return malloc(size);
}

static void
wire_dealloc(void *data, void *ptr)
{
	(void)data;
	free(ptr);
}

int
wire_decode(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
    size_t len, size_t max, ProtobufCMessage **out)
{
	struct wire_budget	 budget;
	ProtobufCAllocator	 alloc = { wire_alloc, wire_dealloc, &budget };
	ProtobufCMessage	*m;
	int			 rc;

	*out = NULL;
	if ((rc = wire_scan(d, buf, len, max)) != 0)
		return rc;
	budget.left = len * WIRE_ALLOC_FACTOR + WIRE_ALLOC_SLACK;
	budget.refused = 0;
	m = protobuf_c_message_unpack(d, &alloc, len, buf);
	if (m == NULL)
		return budget.refused ? SP_ENOMEM : SP_EMALFORMED;
	*out = m;
	return 0;
}

void
wire_free(ProtobufCMessage **m)
{
	if (m == NULL || *m == NULL)
		return;
	/* wire_alloc memory is plain malloc, so the default allocator frees it. */
	protobuf_c_message_free_unpacked(*m, NULL);
	*m = NULL;
}

int
wire_pack(const ProtobufCMessage *m, uint8_t **buf, size_t *len)
{
	size_t	n = protobuf_c_message_get_packed_size(m);

	if ((*buf = malloc(n > 0 ? n : 1)) == NULL)
		return SP_ENOMEM;
	*len = protobuf_c_message_pack(m, *buf);
	return 0;
}

int
wire_decode_envelope(const uint8_t *b, size_t n, Samplan__Envelope **out)
{
	return wire_decode(&samplan__envelope__descriptor, b, n,
	    WIRE_MAX_ENVELOPE, (ProtobufCMessage **)out);
}

int
wire_decode_record(const uint8_t *b, size_t n, Samplan__Record **out)
{
	return wire_decode(&samplan__record__descriptor, b, n,
	    WIRE_MAX_RECORD, (ProtobufCMessage **)out);
}

int
wire_decode_peer(const uint8_t *b, size_t n, Samplan__PeerMessage **out)
{
	return wire_decode(&samplan__peer_message__descriptor, b, n,
	    WIRE_MAX_FRAME, (ProtobufCMessage **)out);
}

int
wire_decode_request(const uint8_t *b, size_t n,
    Samplan__ControlRequest **out)
{
	return wire_decode(&samplan__control_request__descriptor, b, n,
	    WIRE_MAX_CONTROL, (ProtobufCMessage **)out);
}

int
wire_decode_reply(const uint8_t *b, size_t n, Samplan__ControlReply **out)
{
	return wire_decode(&samplan__control_reply__descriptor, b, n,
	    WIRE_MAX_REPLY, (ProtobufCMessage **)out);
}

/* Writes v as a varint at p; returns the bytes written (at most 10). */
static size_t
wire_put_varint(uint8_t *p, uint64_t v)
{
	size_t	n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

int
wire_pack_batch(const uint8_t *const *envs, const size_t *lens, size_t n,
    uint8_t **out, size_t *outlen)
{
	uint8_t	*buf, *p;
	size_t	 inner = 0, i;

	/* Batch: field 1 (envelopes), length-delimited, tag 0x0a. */
	for (i = 0; i < n; i++)
		inner += 1 + 10 + lens[i];
	if ((buf = malloc(1 + 10 + inner)) == NULL)
		return SP_ENOMEM;
	/* Write the envelopes after room for the outer header, then move. */
	p = buf + 11;
	for (i = 0; i < n; i++) {
		*p++ = 0x0a;
		p += wire_put_varint(p, lens[i]);
		memcpy(p, envs[i], lens[i]);
		p += lens[i];
	}
	inner = (size_t)(p - (buf + 11));
	/* PeerMessage: field 2 (batch), length-delimited, tag 0x12. */
	{
		uint8_t	hdr[11];
		size_t	h = 0;

		hdr[h++] = 0x12;
		h += wire_put_varint(hdr + h, inner);
		memmove(buf + h, buf + 11, inner);
		memcpy(buf, hdr, h);
		*outlen = h + inner;
	}
	*out = buf;
	return 0;
}
