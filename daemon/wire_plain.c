/*
 * wire_plain.c - decoding into an arena (wire.h): the arena itself, and
 * the plain decoder, which does wire.c's scan checks and protobuf-c's
 * decoding in one walk for the form most bytes come in (fields
 * ascending, each once, nothing unknown), leaving the rest to the scan
 * and protobuf-c after winding the arena back.  Split from wire.c, whose
 * varint and field helpers it shares through wire_int.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "utf8.h"
#include "wire.h"
#include "wire_int.h"

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

