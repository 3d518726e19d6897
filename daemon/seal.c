/*
 * seal.c - the sealed texts of a record: which fields are sealed, how a
 * text is committed to, and how texts are opened into a decoded record.
 *
 * Owns the table of sealed slots and the text hash.  Does not sign
 * (record.c) or decide whether a redacted record may be kept (feed.c).
 * Invariant: a decoded record holds the value of a sealed field only
 * when a Text matched its Seal; a Seal without a Text leaves it empty.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "seal.h"
#include "wire.h"

#define SLOT_OVERRIDE	1205	/* Adaptation.overrides[k].value */

/*
 * The fields this version seals when it writes, ascending.  A reader
 * places any slot that names a plain string field (seal_field), so a
 * newer writer may seal more without breaking this one.
 */
static const uint32_t seal_slots[] = {
	SEAL_SLOT_ACTOR,	/* Record.actor */
	1014,			/* PlanInfo.horing_innspill */
	1105,			/* Measure.beskrivelse */
	1112,			/* Measure.retired_reason */
	SLOT_OVERRIDE,		/* Adaptation.overrides[k].value */
	1206,			/* Adaptation.reason */
	1305,			/* StatusReport.note */
	1706,			/* Evaluation.gjort */
	1707,			/* Evaluation.hvorfor */
};

static void
be32_put(uint8_t p[4], uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* BLAKE2b-256(SEAL_TAG || salt || u32be(slot) || u32be(index) || value) */
static void
seal_hash(const uint8_t *salt, uint32_t slot, uint32_t index,
    const char *value, uint8_t out[SEAL_HASH_LEN])
{
	crypto_generichash_state	st;
	uint8_t				num[8];

	be32_put(num, slot);
	be32_put(num + 4, index);
	crypto_generichash_init(&st, NULL, 0, SEAL_HASH_LEN);
	crypto_generichash_update(&st, (const uint8_t *)SEAL_TAG,
	    sizeof(SEAL_TAG) - 1);
	crypto_generichash_update(&st, salt, SEAL_SALT_LEN);
	crypto_generichash_update(&st, num, sizeof(num));
	crypto_generichash_update(&st, (const uint8_t *)value, strlen(value));
	crypto_generichash_final(&st, out, SEAL_HASH_LEN);
}

/* The body message of rec if its field number is b, else NULL. */
static ProtobufCMessage *
seal_body(Samplan__Record *rec, uint32_t b,
    const ProtobufCFieldDescriptor **fd)
{
	if (rec->body_case != (Samplan__Record__BodyCase)b)
		return NULL;
	*fd = wire_field_find(&samplan__record__descriptor, b);
	if (*fd == NULL || (*fd)->type != PROTOBUF_C_TYPE_MESSAGE)
		return NULL;
	return *(ProtobufCMessage **)(void *)((char *)rec + (*fd)->offset);
}

char **
seal_field(Samplan__Record *rec, uint32_t slot, uint32_t index)
{
	const ProtobufCFieldDescriptor	*bfd, *sfd;
	ProtobufCMessage		*body;

	if (slot == SEAL_SLOT_ACTOR)
		return index == 0 ? &rec->actor : NULL;
	if (slot == SLOT_OVERRIDE) {
		if (rec->body_case != SAMPLAN__RECORD__BODY_ADAPTATION ||
		    index >= rec->adaptation->n_overrides)
			return NULL;
		return &rec->adaptation->overrides[index]->value;
	}
	if ((body = seal_body(rec, slot / 100, &bfd)) == NULL || index != 0)
		return NULL;
	sfd = wire_field_find(bfd->descriptor, slot % 100);
	if (sfd == NULL || sfd->type != PROTOBUF_C_TYPE_STRING ||
	    sfd->label == PROTOBUF_C_LABEL_REPEATED)
		return NULL;
	return (char **)(void *)((char *)body + sfd->offset);
}

/* Counts the texts rec would seal. */
static size_t
seal_count(Samplan__Record *rec)
{
	char	**f;
	size_t	  i, n = 0;
	uint32_t  k;

	for (i = 0; i < sizeof(seal_slots) / sizeof(seal_slots[0]); i++)
		for (k = 0; (f = seal_field(rec, seal_slots[i], k)) != NULL;
		    k++)
			if (*f != NULL && (*f)[0] != '\0')
				n++;
	return n;
}

static void
seal_set_free(struct seal_set *ss)
{
	free(ss->seals);
	free(ss->pseals);
	free(ss->texts);
	free(ss->ptexts);
	free(ss->salt);
	free(ss->hash);
	free(ss->field);
	memset(ss, 0, sizeof(*ss));
}

static int
seal_set_alloc(struct seal_set *ss, size_t n)
{
	memset(ss, 0, sizeof(*ss));
	if (n == 0)
		return 0;
	ss->seals = calloc(n, sizeof(*ss->seals));
	ss->pseals = calloc(n, sizeof(*ss->pseals));
	ss->texts = calloc(n, sizeof(*ss->texts));
	ss->ptexts = calloc(n, sizeof(*ss->ptexts));
	ss->salt = calloc(n, sizeof(*ss->salt));
	ss->hash = calloc(n, sizeof(*ss->hash));
	ss->field = calloc(n, sizeof(*ss->field));
	if (ss->seals == NULL || ss->pseals == NULL || ss->texts == NULL ||
	    ss->ptexts == NULL || ss->salt == NULL || ss->hash == NULL ||
	    ss->field == NULL) {
		seal_set_free(ss);
		return SP_ENOMEM;
	}
	return 0;
}

/* Seals the text at *f as element i of ss. */
static void
seal_one(struct seal_set *ss, size_t i, uint32_t slot, uint32_t index,
    char **f)
{
	Samplan__Seal	*s = &ss->seals[i];
	Samplan__Text	*t = &ss->texts[i];

	seal_hash(ss->salt[i], slot, index, *f, ss->hash[i]);
	samplan__seal__init(s);
	s->slot = slot;
	s->index = index;
	s->hash.data = ss->hash[i];
	s->hash.len = SEAL_HASH_LEN;
	samplan__text__init(t);
	t->slot = slot;
	t->index = index;
	t->salt.data = ss->salt[i];
	t->salt.len = SEAL_SALT_LEN;
	t->value = *f;
	ss->pseals[i] = s;
	ss->ptexts[i] = t;
	ss->field[i] = f;
}

int
seal_record(Samplan__Record *rec, struct seal_set *ss)
{
	char		**f;
	size_t		  i, n = 0, count = seal_count(rec);
	uint32_t	  k;
	int		  rc;

	if ((rc = seal_set_alloc(ss, count)) != 0)
		return rc;
	/* Every salt at once: one getrandom(2) per record, not per text. */
	if (count > 0)
		randombytes_buf(ss->salt, count * sizeof(*ss->salt));
	for (i = 0; i < sizeof(seal_slots) / sizeof(seal_slots[0]); i++)
		for (k = 0; (f = seal_field(rec, seal_slots[i], k)) != NULL;
		    k++)
			if (*f != NULL && (*f)[0] != '\0')
				seal_one(ss, n++, seal_slots[i], k, f);
	ss->n = n;
	/* Empty the fields only now: seal_count saw them full. */
	for (i = 0; i < n; i++)
		*ss->field[i] = (char *)(uintptr_t)"";
	rec->n_seals = n;
	rec->seals = ss->pseals;
	return 0;
}

void
seal_restore(Samplan__Record *rec, struct seal_set *ss)
{
	size_t	i;

	for (i = 0; i < ss->n; i++)
		*ss->field[i] = ss->texts[i].value;
	rec->n_seals = 0;
	rec->seals = NULL;
	seal_set_free(ss);
}

/* Checks the seals are well formed and strictly ascending. */
static int
seal_check_order(const Samplan__Record *rec)
{
	const Samplan__Seal	*s, *p;
	size_t			 i;

	for (i = 0; i < rec->n_seals; i++) {
		s = rec->seals[i];
		if (s->hash.len != SEAL_HASH_LEN || s->slot == 0)
			return SP_EMALFORMED;
		if (i == 0)
			continue;
		p = rec->seals[i - 1];
		if (s->slot < p->slot || (s->slot == p->slot &&
		    s->index <= p->index))
			return SP_EMALFORMED;
	}
	return 0;
}

/* Finds the seal for (slot, index) by binary search, or NULL. */
static const Samplan__Seal *
seal_lookup(const Samplan__Record *rec, uint32_t slot, uint32_t index,
    size_t *at)
{
	size_t	lo = 0, hi = rec->n_seals, mid;
	const Samplan__Seal *s;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		s = rec->seals[mid];
		if (s->slot == slot && s->index == index) {
			*at = mid;
			return s;
		}
		if (s->slot < slot || (s->slot == slot && s->index < index))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Checks one text against its seal and places its value. */
static int
seal_open_one(Samplan__Record *rec, const Samplan__Text *t, uint8_t *used,
    int borrow)
{
	const Samplan__Seal	*s;
	uint8_t			 h[SEAL_HASH_LEN];
	char			**f;
	size_t			 at;

	if (t->salt.len != SEAL_SALT_LEN)
		return SP_EMALFORMED;
	if ((s = seal_lookup(rec, t->slot, t->index, &at)) == NULL ||
	    used[at])
		return SP_EMALFORMED;
	seal_hash(t->salt.data, t->slot, t->index, t->value, h);
	if (sodium_memcmp(h, s->hash.data, SEAL_HASH_LEN) != 0)
		return SP_EMALFORMED;
	used[at] = 1;
	/* A slot this version does not know stays verified but unplaced. */
	if ((f = seal_field(rec, t->slot, t->index)) == NULL)
		return 0;
	if ((*f)[0] != '\0')
		return SP_EMALFORMED;	/* the signed record must hold it empty */
	/* Borrowed: rec and env live and die in one arena (record.c). */
	if (borrow)
		*f = t->value;
	else if ((*f = strdup(t->value)) == NULL)
		return SP_ENOMEM;
	return 0;
}

/*
 * Refuses a record that carries the text of a field this version seals
 * in the clear: such text could never be redacted.
 */
static int
seal_check_clear(Samplan__Record *rec)
{
	char		**f;
	size_t		  i;
	uint32_t	  k;

	for (i = 0; i < sizeof(seal_slots) / sizeof(seal_slots[0]); i++) {
		/* Another body's slot names no field of rec (seal_field). */
		if (seal_slots[i] != SEAL_SLOT_ACTOR &&
		    seal_slots[i] / 100 != (uint32_t)rec->body_case)
			continue;
		/* Only the overrides have an index past 0 (seal_field). */
		if (seal_slots[i] != SLOT_OVERRIDE) {
			f = seal_field(rec, seal_slots[i], 0);
			if (f != NULL && (*f)[0] != '\0')
				return SP_EMALFORMED;
			continue;
		}
		for (k = 0; (f = seal_field(rec, seal_slots[i], k)) != NULL;
		    k++)
			if ((*f)[0] != '\0')
				return SP_EMALFORMED;
	}
	return 0;
}

/* Seals a record has room for without a heap array in seal_open(). */
#define SEAL_OPEN_STACK	64

int
seal_open(Samplan__Record *rec, const Samplan__Envelope *env,
    size_t *redacted, int borrow)
{
	uint8_t	 stack[SEAL_OPEN_STACK], *used = stack;
	size_t	 i, n = 0;
	int	 rc;

	*redacted = 0;
	if ((rc = seal_check_order(rec)) != 0 ||
	    (rc = seal_check_clear(rec)) != 0)
		return rc;
	if (env->n_texts > rec->n_seals)
		return SP_EMALFORMED;
	if (rec->n_seals == 0)
		return 0;
	/* A record has a few seals; only a larger count takes the heap. */
	if (rec->n_seals <= SEAL_OPEN_STACK)
		memset(stack, 0, rec->n_seals);
	else if ((used = calloc(rec->n_seals, 1)) == NULL)
		return SP_ENOMEM;
	for (i = 0; i < env->n_texts; i++)
		if ((rc = seal_open_one(rec, env->texts[i], used,
		    borrow)) != 0)
			break;
	for (i = 0; i < rec->n_seals; i++)
		n += !used[i];
	if (used != stack)
		free(used);
	*redacted = n;
	return rc;
}

int
seal_is_redacted(const Samplan__Record *rec, const Samplan__Envelope *env,
    uint32_t slot, uint32_t index)
{
	size_t	i, at;

	if (seal_lookup(rec, slot, index, &at) == NULL)
		return 0;
	for (i = 0; i < env->n_texts; i++)
		if (env->texts[i]->slot == slot &&
		    env->texts[i]->index == index)
			return 0;
	return 1;
}

int
seal_fill(Samplan__Record *rec, const Samplan__Envelope *env, const char *ph,
    struct seal_saved **saved, size_t *n)
{
	struct seal_saved	*v;
	char			**f;
	size_t			  i;

	*saved = NULL;
	*n = 0;
	if (rec->n_seals == 0)
		return 0;
	if ((v = calloc(rec->n_seals, sizeof(*v))) == NULL)
		return SP_ENOMEM;
	for (i = 0; i < rec->n_seals; i++) {
		const Samplan__Seal *s = rec->seals[i];

		if (!seal_is_redacted(rec, env, s->slot, s->index) ||
		    (f = seal_field(rec, s->slot, s->index)) == NULL)
			continue;
		v[*n].field = f;
		v[*n].old = *f;
		*f = (char *)(uintptr_t)ph;
		(*n)++;
	}
	*saved = v;
	return 0;
}

void
seal_unfill(struct seal_saved **saved, size_t n)
{
	size_t	i;

	if (saved == NULL || *saved == NULL)
		return;
	for (i = 0; i < n; i++)
		*(*saved)[i].field = (*saved)[i].old;
	free(*saved);
	*saved = NULL;
}
