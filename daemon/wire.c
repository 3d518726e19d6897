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
 * This file and wire_plain.c (the arena and the plain decoder, which
 * does the scan's checks and protobuf-c's decoding in one walk for the
 * form most bytes come in) are the only callers of
 * protobuf_c_message_unpack/pack.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "utf8.h"
#include "wire.h"
#include "wire_int.h"

/* wire_varint() past its first byte. */
int
wire_varint_long(const uint8_t **p, const uint8_t *end, uint64_t *v)
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

/*
 * Returns d's field with number id, or NULL.  The generated descriptors
 * list fields by ascending number, so where numbers start at 1 without
 * gaps field id is at index id - 1 (wire_field() looks there first),
 * where they end without gaps it is as far from the last; elsewhere
 * protobuf-c's search.
 */
const ProtobufCFieldDescriptor *
wire_field_search(const ProtobufCMessageDescriptor *d, uint64_t id)
{
	uint64_t	top;

	if (id == 0 || id > 536870911 || d->n_fields == 0)
		return NULL;
	/* A gap before the last numbers (a oneof from 10 up): from the end. */
	top = d->fields[d->n_fields - 1].id;
	if (id <= top && top - id < d->n_fields &&
	    d->fields[d->n_fields - 1 - (top - id)].id == id)
		return &d->fields[d->n_fields - 1 - (top - id)];
	return protobuf_c_message_descriptor_get_field(d, (unsigned)id);
}

const ProtobufCFieldDescriptor *
wire_field_find(const ProtobufCMessageDescriptor *d, uint32_t id)
{
	return wire_field(d, id);
}

/* Returns the wire type a field of this type must use. */
int
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
static int wire_canonical_depth(const ProtobufCMessageDescriptor *,
    const uint8_t *, size_t, int);

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

/*
 * Returns 1 when field f, seen after last (NULL for the first field), may
 * stand where it is in the plain form wire_plain_message() decodes: in
 * ascending order, a singular field once and at most one oneof member
 * (*oneof counts them), a repeated field's elements together, and no
 * proto2 label.
 */
int
wire_plain_field(const ProtobufCFieldDescriptor *f,
    const ProtobufCFieldDescriptor *last, int *oneof)
{
	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return last == NULL || f->id > last->id || f == last;
	if (last != NULL && f->id <= last->id)
		return 0;
	if (f->label != PROTOBUF_C_LABEL_NONE)
		return 0;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		return (*oneof)++ == 0;
	return f->quantifier_offset == 0;
}

/*
 * Returns 1 when v of varint field f decodes in the plain form: the
 * types and values whose protobuf-c decoding is a plain store.
 */
int
wire_plain_varint(const ProtobufCFieldDescriptor *f, uint64_t v)
{
	if (f->label == PROTOBUF_C_LABEL_REPEATED)
		return 0;
	switch (f->type) {
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_ENUM:
		return v <= UINT32_MAX;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_BOOL:
		return 1;
	default:
		return 0;
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
		f = wire_field(d, tag >> 3);
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

/* Checks one field's value against what protobuf-c would pack for it. */
static int
wire_canonical_value(const ProtobufCFieldDescriptor *f, unsigned wt,
    const uint8_t **p, const uint8_t *end, int depth)
{
	uint64_t	v;
	int		once = f->label == PROTOBUF_C_LABEL_NONE;

	if (wire_varint(p, end, &v) != 0)
		return 0;
	if (wt == 0) {
		/* A scalar: present only when not zero, and in range. */
		if (!once)
			return 0;	/* packed repeated: not judged */
		if (f->type == PROTOBUF_C_TYPE_UINT32)
			return v != 0 && v <= UINT32_MAX;
		if (f->type == PROTOBUF_C_TYPE_UINT64)
			return v != 0;
		if (f->type == PROTOBUF_C_TYPE_BOOL)
			return v == 1;
		return 0;
	}
	if (v > (uint64_t)(end - *p))
		return 0;
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_BYTES:
		/* An empty singular string or bytes is left out. */
		if (once && v == 0)
			return 0;
		break;
	case PROTOBUF_C_TYPE_MESSAGE:
		/* A present sub-message is packed even when empty. */
		if (!wire_canonical_depth(f->descriptor, *p, (size_t)v,
		    depth + 1))
			return 0;
		break;
	default:
		return 0;
	}
	*p += v;
	return 1;
}

static int
wire_canonical_depth(const ProtobufCMessageDescriptor *d, const uint8_t *p,
    size_t len, int depth)
{
	const ProtobufCFieldDescriptor	*f, *last = NULL;
	const uint8_t			*end = p + len;
	uint64_t			 tag;
	unsigned			 wt;

	if (depth > WIRE_MAX_DEPTH)
		return 0;
	while (p < end) {
		if (wire_varint(&p, end, &tag) != 0)
			return 0;
		wt = tag & 7;
		f = wire_field(d, tag >> 3);
		/*
		 * Unknown fields (kept in a Record only), oneof members (the
		 * last one wins), proto2 labels and fixed-width scalars are
		 * forms this check does not judge.
		 */
		if (f == NULL || (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
		    (f->label != PROTOBUF_C_LABEL_NONE &&
		    f->label != PROTOBUF_C_LABEL_REPEATED) ||
		    (wt != 0 && wt != 2))
			return 0;
		/*
		 * protobuf-c packs fields in ascending number (the
		 * descriptor's order) and a repeated field's elements one
		 * after another; a singular field at most once.
		 */
		if (last != NULL && (f->id < last->id || (f == last &&
		    f->label != PROTOBUF_C_LABEL_REPEATED)))
			return 0;
		last = f;
		if (!wire_canonical_value(f, wt, &p, end, depth))
			return 0;
	}
	return 1;
}

int
wire_canonical(const ProtobufCMessageDescriptor *d, const uint8_t *buf,
    size_t len)
{
	if (len == 0)
		return 1;
	return buf != NULL && wire_canonical_depth(d, buf, len, 0);
}

/* Reads a tag byte and a length; 0 when they are not (want, n <= end). */
static int
wire_delimited(const uint8_t **p, const uint8_t *end, uint8_t want,
    size_t *n)
{
	uint64_t	v;

	if (*p == end || **p != want)
		return 0;
	(*p)++;
	if (wire_varint(p, end, &v) != 0 || v > (uint64_t)(end - *p))
		return 0;
	*n = (size_t)v;
	return 1;
}

int
wire_batch_open(const uint8_t *buf, size_t len, struct wire_batch *b)
{
	const uint8_t	*p = buf, *end = buf + len, *q;
	size_t		 n, k;

	memset(b, 0, sizeof(*b));
	if (buf == NULL || len == 0 || len > WIRE_MAX_FRAME)
		return 0;
	/* PeerMessage: field 2 (batch), once, and nothing else. */
	if (!wire_delimited(&p, end, 0x12, &n) || n != (size_t)(end - p))
		return 0;
	/* Batch: field 1 (envelopes) only. */
	for (q = p, k = 0; q < end; k++, q += n)
		if (k == WIRE_MAX_FIELDS || !wire_delimited(&q, end, 0x0a, &n))
			return 0;
	b->p = p;
	b->end = end;
	b->n = k;
	return 1;
}

int
wire_batch_next(struct wire_batch *b, const uint8_t **env, size_t *len)
{
	if (b->p == NULL || b->p == b->end)
		return 0;
	/* wire_batch_open() checked the walk. */
	(void)wire_delimited(&b->p, b->end, 0x0a, len);
	*env = b->p;
	b->p += *len;
	return 1;
}
