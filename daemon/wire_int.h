/*
 * wire_int.h - what wire.c and wire_plain.c share and nobody else uses:
 * the varint reader, the field lookup and the plain-form rules.
 */
#ifndef SAMPLAN_WIRE_INT_H
#define SAMPLAN_WIRE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

int	wire_varint_long(const uint8_t **p, const uint8_t *end, uint64_t *v);

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

const ProtobufCFieldDescriptor *wire_field_search(
	    const ProtobufCMessageDescriptor *d, uint64_t id);

/* As wire_field_search(), with the common case (at id - 1) inline. */
static inline const ProtobufCFieldDescriptor *
wire_field(const ProtobufCMessageDescriptor *d, uint64_t id)
{
	if (id - 1 < d->n_fields && d->fields[id - 1].id == id)
		return &d->fields[id - 1];
	return wire_field_search(d, id);
}

int	wire_type_of(ProtobufCType t);
int	wire_plain_field(const ProtobufCFieldDescriptor *f,
	    const ProtobufCFieldDescriptor *last, int *oneof);
int	wire_plain_varint(const ProtobufCFieldDescriptor *f, uint64_t v);

#endif
