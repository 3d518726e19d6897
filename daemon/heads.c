/*
 * heads.c - the feed heads a node holds in memory (struct node's heads,
 * hashes and flags, one per author), read from the store: all of them at
 * start and on reload, after a commit only those of the feeds the turn
 * wrote.
 */
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "node.h"

/* Author i's head from the store into n (none yet: zero). */
static int
node_load_head(struct node *n, struct store_txn *t, size_t i)
{
	struct feed_head	h;
	int			rc;

	rc = store_head_get(t, n->authors[i], &h);
	if (rc == SP_ENOTFOUND) {
		n->heads[i] = 0;
		memset(n->hashes[i], 0, RECORD_HASH_LEN);
		n->flags[i] = 0;
		return 0;
	}
	if (rc != 0)
		return rc;
	n->heads[i] = h.seq;
	memcpy(n->hashes[i], h.hash, RECORD_HASH_LEN);
	n->flags[i] = h.flags;
	return 0;
}

int
node_each_author(struct node *n,
    int (*fn)(struct node *, struct store_txn *, size_t))
{
	struct store_txn	*t;
	size_t			 i;
	int			 rc = 0;

	if ((rc = store_begin(n->store, 0, &t)) != 0)
		return rc;
	for (i = 0; i < n->nauthors && rc == 0; i++)
		rc = fn(n, t, i);
	store_abort(&t);
	return rc;
}

int
node_load_heads(struct node *n)
{
	return node_each_author(n, node_load_head);
}

/* The first decoded record of an op (all are of one feed), or NULL. */
static const Samplan__Record *
op_first_record(const struct op *op)
{
	size_t	i;

	for (i = 0; i < op->nentries; i++)
		if (op->entries[i].rec != NULL)
			return op->entries[i].rec;
	return NULL;
}

static int
size_cmp(const void *a, const void *b)
{
	size_t	x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * After a committed turn: the heads of the feeds its ops wrote, which are
 * the only ones a turn moves or blocks: an ingest's or evidence's feed,
 * our own for a local write.  A coordinator of 357 members read all 358
 * heads after every commit before.
 */
int
node_load_turn_heads(struct node *n)
{
	struct store_txn	*t;
	const struct op		*op;
	const Samplan__Record	*rec;
	size_t			 i, k = 0, idx[2 * NODE_MAX_OPS];
	int			 rc = 0;

	for (i = 0; i < n->nops; i++) {
		op = &n->ops[i];
		if (op->kind == OP_APPEND)
			idx[k++] = 0;
		else if ((op->kind == OP_INGEST || op->kind == OP_EVIDENCE) &&
		    (rec = op_first_record(op)) != NULL &&
		    node_author_index(n, rec->author.data, &idx[k]) == 0)
			k++;
	}
	if (k == 0)
		return 0;
	qsort(idx, k, sizeof(idx[0]), size_cmp);
	if ((rc = store_begin(n->store, 0, &t)) != 0)
		return rc;
	for (i = 0; i < k && rc == 0; i++)
		if (i == 0 || idx[i] != idx[i - 1])
			rc = node_load_head(n, t, idx[i]);
	store_abort(&t);
	return rc;
}
