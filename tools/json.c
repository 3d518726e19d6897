/*
 * json.c - protobuf-c messages as JSON, by walking their descriptors, so
 * every record body and status message prints with the same field names
 * as the proto file, the CSV columns and --set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samplan.h"

static json_t *
json_hex(const ProtobufCBinaryData *b)
{
	char	*s = malloc(b->len * 2 + 1);
	json_t	*j;
	size_t	 i;

	if (s == NULL)
		return json_null();
	for (i = 0; i < b->len; i++)
		snprintf(s + i * 2, 3, "%02x", b->data[i]);
	s[b->len * 2] = '\0';
	j = json_string(s);
	free(s);
	return j;
}

static json_t *
json_scalar(const ProtobufCFieldDescriptor *f, const void *p)
{
	const ProtobufCEnumValue	*ev;

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		return json_string(*(char *const *)p);
	case PROTOBUF_C_TYPE_BYTES:
		return json_hex(p);
	case PROTOBUF_C_TYPE_BOOL:
		return json_boolean(*(const protobuf_c_boolean *)p);
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		return json_integer(*(const int32_t *)p);
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		return json_integer(*(const uint32_t *)p);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		return json_integer(*(const int64_t *)p);
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return json_integer((json_int_t)*(const uint64_t *)p);
	case PROTOBUF_C_TYPE_ENUM:
		ev = protobuf_c_enum_descriptor_get_value(f->descriptor,
		    *(const int *)p);
		return ev != NULL ? json_string(ev->name) :
		    json_integer(*(const int *)p);
	case PROTOBUF_C_TYPE_MESSAGE:
		return *(ProtobufCMessage *const *)p == NULL ? json_null() :
		    json_from_message(*(ProtobufCMessage *const *)p);
	default:
		return json_null();
	}
}

static size_t
field_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	default:
		return 4;
	}
}

json_t *
json_from_message(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor	*d = m->descriptor;
	const char				*base = (const char *)m;
	json_t					*obj = json_object(), *arr;
	unsigned				 i;
	size_t					 k, n;

	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const void *p = base + f->offset;

		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			if (*(const uint32_t *)(base + f->quantifier_offset) !=
			    f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)(base + f->quantifier_offset);
			arr = json_array();
			for (k = 0; k < n; k++)
				json_array_append_new(arr, json_scalar(f,
				    *(const char *const *)p + k * field_size(f)));
			json_object_set_new(obj, f->name, arr);
		} else
			json_object_set_new(obj, f->name, json_scalar(f, p));
	}
	return obj;
}

void
json_print(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', stdout);
	json_decref(j);
}
