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
 * This file is the only caller of protobuf_c_message_unpack/pack.  Its
 * plain decoder (below the arena) does the scan's checks and protobuf-c's
 * decoding in one walk for the form most bytes come in, and leaves the
 * rest to the two.  wire.c passed 900 lines with it; the decoder and the
 * scan share the varint and field helpers, so they stay together.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "utf8.h"
#include "wire.h"

/* wire_varint() past its first byte. */
static int
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
 * Reads a varint of at most 10 bytes; refuses non-canonical encodings.
 * Most varints here are one byte (a tag, a length, a small number): that
 * case is inline, the rest in wire_varint_long().
 */
static inline int
wire_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	if (*p != end && **p < 0x80) {
		*v = **p;
		(*p)++;
		return 0;
	}
	return wire_varint_long(p, end, v);
}

/*
 * Returns d's field with number id, or NULL.  The generated descriptors
 * list fields by ascending number, so where numbers start at 1 without
 * gaps field id is at index id - 1 (wire_field() looks there first),
 * where they end without gaps it is as far from the last; elsewhere
 * protobuf-c's search.
 */
static const ProtobufCFieldDescriptor *
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

/* As wire_field_search(), with the common case (at id - 1) inline. */
static inline const ProtobufCFieldDescriptor *
wire_field(const ProtobufCMessageDescriptor *d, uint64_t id)
{
	if (id - 1 < d->n_fields && d->fields[id - 1].id == id)
		return &d->fields[id - 1];
	return wire_field_search(d, id);
}

const ProtobufCFieldDescriptor *
wire_field_find(const ProtobufCMessageDescriptor *d, uint32_t id)
{
	return wire_field(d, id);
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
static int
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
static int
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

/*
 * The arena: one malloc'd block that also holds the arena's header, then
 * more blocks chained in front of it when one runs out.  Allocations are
 * aligned for any type and never freed one by one; wire_arena_destroy()
 * frees the chain.  The budget counts what protobuf-c and the callers
 * ask for, not the blocks, so it means what wire_budget means for malloc.
 */
#define WIRE_ALIGN	_Alignof(max_align_t)
#define WIRE_ROUND(n)	(((n) + WIRE_ALIGN - 1) & ~(size_t)(WIRE_ALIGN - 1))

struct wire_block {
	struct wire_block *next;	/* the block filled before this one */
	size_t		 size;		/* bytes of data[] */
	size_t		 used;		/* bytes of data[] handed out */
	max_align_t	 data[];	/* the allocations */
};

struct wire_arena {
	struct wire_block *head;	/* the block being filled; the chain
					   ends with the one holding us */
	size_t		 left;		/* budget: bytes still allowed */
	size_t		 spent;		/* budget: bytes handed out */
	int		 refused;	/* an allocation was refused */
};

/* The first block's data holds this much besides the hint. */
#define WIRE_ARENA_MIN	1024

struct wire_arena *
wire_arena_new(size_t hint, size_t budget)
{
	struct wire_block	*b;
	struct wire_arena	*a;
	size_t			 self = WIRE_ROUND(sizeof(*a));
	size_t			 size = self + WIRE_ROUND(hint) + WIRE_ARENA_MIN;

	if (hint > budget || (b = malloc(sizeof(*b) + size)) == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = self;
	a = (struct wire_arena *)(void *)b->data;
	a->head = b;
	a->left = budget;
	a->spent = 0;
	a->refused = 0;
	return a;
}

void
wire_arena_destroy(struct wire_arena **ap)
{
	struct wire_block	*b, *next;

	if (ap == NULL || *ap == NULL)
		return;
	/* The last block freed holds the arena itself. */
	for (b = (*ap)->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	*ap = NULL;
}

/* Chains a block with room for at least size bytes; 0 or SP_ENOMEM. */
static int
wire_arena_grow(struct wire_arena *a, size_t size)
{
	struct wire_block	*b;
	size_t			 want = a->head->size * 2;

	if (want < size)
		want = size;
	if ((b = malloc(sizeof(*b) + want)) == NULL)
		return SP_ENOMEM;
	b->next = a->head;
	b->size = want;
	b->used = 0;
	a->head = b;
	return 0;
}

/* wire_arena_alloc(), inline for the plain decoder's many small ones. */
static inline void *
wire_arena_take(struct wire_arena *a, size_t size)
{
	struct wire_block	*b;
	void			*p;

	/* The budget counts what was asked for, as wire_alloc() does. */
	if (size > a->left) {
		a->refused = 1;
		return NULL;
	}
	a->left -= size;
	a->spent += size;
	size = WIRE_ROUND(size > 0 ? size : 1);
	if (a->head->size - a->head->used < size &&
	    wire_arena_grow(a, size) != 0) {
		a->refused = 1;
		return NULL;
	}
	b = a->head;
	p = (unsigned char *)b->data + b->used;
	b->used += size;
	return p;
}

void *
wire_arena_alloc(struct wire_arena *a, size_t size)
{
	return wire_arena_take(a, size);
}

size_t
wire_arena_spent(const struct wire_arena *a)
{
	return a->spent;
}

static void *
wire_arena_pbc_alloc(void *data, size_t size)
{
	return wire_arena_alloc(data, size);
}

/* protobuf-c frees what it drops; the arena keeps it until the end. */
static void
wire_arena_pbc_free(void *data, void *ptr)
{
	(void)data;
	(void)ptr;
}

/* Where an arena stood, to wind it back to (wire_arena_release()). */
struct wire_mark {
	struct wire_block *head;	/* the block being filled then */
	size_t		 used;		/* its bytes handed out then */
	size_t		 left;		/* the budget's then */
	size_t		 spent;
};

static void
wire_arena_mark(const struct wire_arena *a, struct wire_mark *m)
{
	m->head = a->head;
	m->used = a->head->used;
	m->left = a->left;
	m->spent = a->spent;
}

/* Frees what a handed out since mark m and gives the budget back. */
static void
wire_arena_release(struct wire_arena *a, const struct wire_mark *m)
{
	struct wire_block	*b;

	/* Blocks chained since; the one marked (or one before) stays. */
	while (a->head != m->head) {
		b = a->head;
		a->head = b->next;
		free(b);
	}
	a->head->used = m->used;
	a->left = m->left;
	a->spent = m->spent;
	a->refused = 0;
}

/*
 * The plain decoder: one walk that checks what wire_scan_depth() checks
 * and builds in the arena what protobuf_c_message_unpack() builds, for
 * bytes in the plain form (wire_plain_field(), wire_plain_varint()).
 * Messages are initialised by their descriptor; a string is a
 * NUL-terminated copy; empty bytes are { 0, NULL }; a oneof member sets
 * its case; a repeated field gets an array of its elements.  Only the
 * addresses of bytes fields may differ: with borrow set they point into
 * the input, which must then live as long as the arena.  Anything else,
 * well formed or not, makes it give up (-1): the caller winds the arena
 * back and takes the scan and protobuf-c, which say what is wrong.
 */
struct wire_plain {
	struct wire_arena *a;		/* where the message goes */
	int		 borrow;	/* bytes may point into the input */
	int		 canon;		/* asked for, and not cleared yet: the
					   bytes are what packing gives
					   (wire_canonical) */
};

static int wire_plain_message(struct wire_plain *,
    const ProtobufCMessageDescriptor *, const uint8_t *, size_t, int,
    void *);

/* Stores varint field f's value v at member, as protobuf-c does. */
static void
wire_plain_store(const ProtobufCFieldDescriptor *f, uint64_t v, void *member)
{
	uint32_t		v32 = (uint32_t)v;
	protobuf_c_boolean	b = v != 0;

	if (f->type == PROTOBUF_C_TYPE_BOOL)
		memcpy(member, &b, sizeof(b));
	else if (f->type == PROTOBUF_C_TYPE_UINT64 ||
	    f->type == PROTOBUF_C_TYPE_INT64)
		memcpy(member, &v, sizeof(v));
	else
		memcpy(member, &v32, sizeof(v32));	/* 32 bits, enums */
}

/*
 * Decodes the length-delimited value at *p of field f into member: a
 * string that is UTF-8 without NUL, bytes, or a message one deeper.
 */
static int
wire_plain_delimited(struct wire_plain *w,
    const ProtobufCFieldDescriptor *f, const uint8_t **p, const uint8_t *end,
    int depth, void *member)
{
	ProtobufCBinaryData	 bd = { 0, NULL };
	const uint8_t		*q;
	uint64_t		 n;
	char			*str;

	if (wire_varint(p, end, &n) != 0 || n > (uint64_t)(end - *p))
		return -1;
	q = *p;
	*p += n;
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		if (!utf8_valid((const char *)q, n) ||
		    (str = wire_arena_take(w->a, n + 1)) == NULL)
			return -1;
		memcpy(str, q, n);
		str[n] = '\0';
		memcpy(member, &str, sizeof(str));
		return 0;
	case PROTOBUF_C_TYPE_BYTES:
		bd.len = n;
		if (n > 0 && w->borrow)
			bd.data = (uint8_t *)(uintptr_t)q;
		else if (n > 0 && (bd.data = wire_arena_take(w->a, n)) != NULL)
			memcpy(bd.data, q, n);
		else if (n > 0)
			return -1;
		memcpy(member, &bd, sizeof(bd));
		return 0;
	case PROTOBUF_C_TYPE_MESSAGE:
		return wire_plain_message(w, f->descriptor, q, n, depth + 1,
		    member);
	default:
		return -1;		/* a packed repeated scalar */
	}
}

/* Returns the bytes one element of repeated field f takes in its array. */
static size_t
wire_plain_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	default:
		return 0;		/* scalars: not plain */
	}
}

/*
 * Decodes the run of elements of repeated field f, whose first tag (tag,
 * length-delimited) was just read, into a new array of m; leaves *p after
 * the last.  *nfields counts them as fields of m.
 */
static int
wire_plain_repeated(struct wire_plain *w,
    const ProtobufCFieldDescriptor *f, uint64_t tag, const uint8_t **p,
    const uint8_t *end, int depth, ProtobufCMessage *m, size_t *nfields)
{
	const uint8_t	*q = *p, *next;
	uint64_t	 v;
	size_t		 count = 0, i, size = wire_plain_size(f);
	char		*arr;

	if (size == 0 || (tag & 7) != 2)
		return -1;
	/* Count the run: the same tag, one element after another. */
	for (;;) {
		if (wire_varint(&q, end, &v) != 0 || v > (uint64_t)(end - q))
			return -1;
		q += v;
		count++;
		next = q;
		if (q == end || wire_varint(&next, end, &v) != 0 || v != tag)
			break;
		q = next;
	}
	if ((*nfields += count) > WIRE_MAX_FIELDS ||
	    (arr = wire_arena_take(w->a, size * count)) == NULL)
		return -1;
	for (i = 0; i < count; i++) {
		if (i > 0)
			(void)wire_varint(p, end, &v);	/* the tag again */
		if (wire_plain_delimited(w, f, p, end, depth,
		    arr + i * size) != 0)
			return -1;
	}
	memcpy((char *)m + f->quantifier_offset, &count, sizeof(count));
	memcpy((char *)m + f->offset, &arr, sizeof(arr));
	return 0;
}

/*
 * Returns 0 for a singular string or bytes value at member that packing
 * leaves out (empty), so bytes holding it are not what packing gives.
 */
static int
wire_plain_packs(const ProtobufCFieldDescriptor *f, const void *member)
{
	const ProtobufCBinaryData	*bd = member;

	if (f->type == PROTOBUF_C_TYPE_STRING)
		return (*(char *const *)member)[0] != '\0';
	if (f->type == PROTOBUF_C_TYPE_BYTES)
		return bd->len > 0;
	return 1;
}

/*
 * Decodes one singular field, its tag just read, into m; clears
 * w->canon as wire_canonical() would say 0.
 */
static int
wire_plain_single(struct wire_plain *w,
    const ProtobufCFieldDescriptor *f, uint64_t tag, const uint8_t **p,
    const uint8_t *end, int depth, ProtobufCMessage *m)
{
	uint64_t	v;
	uint32_t	id = f->id;
	int		wt = (int)(tag & 7);

	if (wt != wire_type_of(f->type))
		return -1;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
		memcpy((char *)m + f->quantifier_offset, &id, sizeof(id));
		w->canon = 0;		/* wire_canonical() does not judge */
	}
	if (wt == 2) {
		if (wire_plain_delimited(w, f, p, end, depth,
		    (char *)m + f->offset) != 0)
			return -1;
		if (w->canon && !wire_plain_packs(f, (char *)m + f->offset))
			w->canon = 0;
		return 0;
	}
	if (wt != 0 || wire_varint(p, end, &v) != 0 ||
	    !wire_plain_varint(f, v))
		return -1;
	/* Packed again: a zero is left out, a bool is 1. */
	if (w->canon && !(f->type == PROTOBUF_C_TYPE_UINT32 && v != 0) &&
	    !(f->type == PROTOBUF_C_TYPE_UINT64 && v != 0) &&
	    !(f->type == PROTOBUF_C_TYPE_BOOL && v == 1))
		w->canon = 0;
	wire_plain_store(f, v, (char *)m + f->offset);
	return 0;
}

/*
 * Decodes the plain message of type d at p[0..len), depth deep, into
 * *(ProtobufCMessage **)out.  Returns 0 or -1.
 */
static int
wire_plain_message(struct wire_plain *w,
    const ProtobufCMessageDescriptor *d, const uint8_t *p, size_t len,
    int depth, void *out)
{
	const ProtobufCFieldDescriptor	*f, *last = NULL;
	const uint8_t			*end = p + len;
	ProtobufCMessage		*m;
	uint64_t			 tag;
	size_t				 nfields = 0;
	int				 rc, oneof = 0;

	if (depth > WIRE_MAX_DEPTH ||
	    (m = wire_arena_take(w->a, d->sizeof_message)) == NULL)
		return -1;
	protobuf_c_message_init(d, m);
	while (p < end) {
		/* As the scan: the field limit, a known field, its place. */
		if (++nfields > WIRE_MAX_FIELDS ||
		    wire_varint(&p, end, &tag) != 0 ||
		    (f = wire_field(d, tag >> 3)) == NULL ||
		    !wire_plain_field(f, last, &oneof))
			return -1;
		last = f;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			nfields--;	/* wire_plain_repeated() counts them */
			rc = wire_plain_repeated(w, f, tag, &p, end, depth, m,
			    &nfields);
		} else
			rc = wire_plain_single(w, f, tag, &p, end, depth, m);
		if (rc != 0)
			return -1;
	}
	memcpy(out, &m, sizeof(m));
	return 0;
}

/*
 * Decodes buf into a: plain bytes with wire_plain_message(); when it
 * gives up, the arena is wound back and the bytes are scanned and handed
 * to protobuf-c, as before the plain decoder.  With copy set, decodes a
 * copy of buf made in a, returned in *copy, and sets *canon to what
 * wire_canonical() says of it; with borrow set (always with copy), bytes
 * fields may point into what is decoded.
 */
static int
wire_decode_arena(struct wire_arena *a, const ProtobufCMessageDescriptor *d,
    const uint8_t *buf, size_t len, size_t max, int borrow,
    ProtobufCMessage **out, const uint8_t **copy, int *canon)
{
	ProtobufCAllocator	 alloc = { wire_arena_pbc_alloc,
				    wire_arena_pbc_free, a };
	struct wire_plain	 w = { a, borrow || copy != NULL, copy != NULL };
	struct wire_mark	 mark;
	ProtobufCMessage	*m = NULL;
	uint8_t			*c = NULL;
	int			 rc;

	*out = NULL;
	if (len > max)
		return SP_ETOOBIG;
	if (len > 0 && buf != NULL) {
		wire_arena_mark(a, &mark);
		if (copy != NULL && (c = wire_arena_take(a, len)) != NULL)
			memcpy(c, buf, len);
		if ((copy == NULL || c != NULL) && wire_plain_message(&w, d,
		    c != NULL ? c : buf, len, 0, &m) == 0) {
			if (copy != NULL) {
				*copy = c;
				*canon = w.canon;
			}
			*out = m;
			return 0;
		}
		wire_arena_release(a, &mark);
		c = NULL;
	}
	/* Not plain, or not well formed: the scan says which. */
	if ((rc = wire_scan(d, buf, len, max)) != 0)
		return rc;
	a->refused = 0;
	if (copy != NULL) {
		if ((c = wire_arena_take(a, len)) == NULL)
			return SP_ENOMEM;
		if (len > 0)
			memcpy(c, buf, len);
		buf = c;
	}
	if ((m = protobuf_c_message_unpack(d, &alloc, len, buf)) == NULL)
		return a->refused ? SP_ENOMEM : SP_EMALFORMED;
	if (copy != NULL) {
		*copy = buf;
		*canon = wire_canonical(d, buf, len);
	}
	*out = m;
	return 0;
}

int
wire_decode_in(struct wire_arena *a, const ProtobufCMessageDescriptor *d,
    const uint8_t *buf, size_t len, size_t max, ProtobufCMessage **out)
{
	return wire_decode_arena(a, d, buf, len, max, 0, out, NULL, NULL);
}

int
wire_decode_kept(struct wire_arena *a, const ProtobufCMessageDescriptor *d,
    const uint8_t *buf, size_t len, size_t max, ProtobufCMessage **out)
{
	return wire_decode_arena(a, d, buf, len, max, 1, out, NULL, NULL);
}

int
wire_decode_copy(struct wire_arena *a, const ProtobufCMessageDescriptor *d,
    const uint8_t *buf, size_t len, size_t max, ProtobufCMessage **out,
    const uint8_t **copy, int *canonical)
{
	*copy = NULL;
	*canonical = 0;
	return wire_decode_arena(a, d, buf, len, max, 1, out, copy,
	    canonical);
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
