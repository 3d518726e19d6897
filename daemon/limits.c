/*
 * limits.c - what one author may put in this node's store (issue 8
 * items 5 and 6): a byte quota per feed and revocation from a seq on.
 *
 * Owns the per-feed byte counts (struct feed_usage, one per author, in
 * memory only: counted from the log at start and on reload, then kept
 * up to date after each commit; no store schema change) and the two
 * refusals:
 *   - max_feed_bytes ([node] default, [peer] override): the records of a
 *     feed that would take it past its quota are refused (SP_EQUOTA),
 *     counted against the peer that sent them, and raised as an alert;
 *     every other feed goes on as before;
 *   - revoked_from = SEQ ([peer]): records of that feed after SEQ are
 *     refused (SP_EREVOKED) whoever relays them; history up to SEQ stays
 *     held, served and shown, and the peer's key stays known for it.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "log.h"
#include "node.h"

/* The quota of author idx (0 is us). */
static uint64_t
limits_quota(const struct node *n, size_t idx)
{
	return config_feed_quota(n->cfg, idx == 0 ? (size_t)-1 : idx - 1);
}

static int
limits_add(void *arg, uint64_t seq, const uint8_t *env, size_t len)
{
	struct feed_usage	*u = arg;

	(void)env;
	u->bytes += len;
	u->counted = seq;
	return 0;
}

/* Counts feed idx's records above what was counted, up to its head. */
static int
limits_count_feed(struct node *n, struct store_txn *t, size_t idx)
{
	struct feed_usage	*u = &n->usage[idx];

	if (n->heads[idx] <= u->counted)
		return 0;
	return store_log_scan(t, n->authors[idx], u->counted + 1, limits_add,
	    u);
}

int
limits_count(struct node *n)
{
	return node_each_author(n, limits_count_feed);
}

void
limits_after_commit(struct node *n)
{
	if (limits_count(n) != 0)
		log_warnx(_("cannot count feed sizes; quotas lag until the "
		    "next commit"));
}

int
limits_check_record(const struct node *n, const Samplan__Record *rec)
{
	const struct config_peer	*cp;
	size_t				 idx;

	if (node_author_index(n, rec->author.data, &idx) != 0 || idx == 0)
		return 0;
	cp = &n->cfg->peers[idx - 1];
	return cp->revoked && rec->seq > cp->revoked_from ? SP_EREVOKED : 0;
}

/* Raises the quota alert of feed idx once. */
static void
limits_alert(struct node *n, struct peer *p, size_t idx, uint64_t seq)
{
	const char	*who;

	if (n->usage[idx].over)
		return;
	n->usage[idx].over = seq;
	who = idx == 0 ? n->cfg->name : n->cfg->peers[idx - 1].name;
	if (p != NULL)
		/* TRANSLATORS: keep "ALERT:", which log watchers match. */
		log_warnx(_("ALERT: feed %s reached its quota of %llu bytes "
		    "(max_feed_bytes): its records from seq %llu on are "
		    "refused; sent by %s"), who,
		    (unsigned long long)limits_quota(n, idx),
		    (unsigned long long)seq, p->name);
	else
		/* TRANSLATORS: keep "ALERT:", which log watchers match. */
		log_warnx(_("ALERT: feed %s reached its quota of %llu bytes "
		    "(max_feed_bytes): its records from seq %llu on are "
		    "refused"), who, (unsigned long long)limits_quota(n, idx),
		    (unsigned long long)seq);
}

size_t
limits_cut(struct node *n, struct store_txn *t, struct op *op, int *rc)
{
	struct feed_head	 h;
	uint64_t		 used, quota, last = 0;
	size_t			 idx, i;

	*rc = 0;
	if (op->nentries == 0 || node_author_index(n,
	    op->entries[0].rec->author.data, &idx) != 0)
		return op->nentries;	/* feed_ingest refuses it */
	*rc = store_head_get(t, n->authors[idx], &h);
	if (*rc == SP_ENOTFOUND) {
		h.seq = 0;
		*rc = 0;
	}
	if (*rc != 0)
		return 0;
	used = n->usage[idx].bytes + n->usage[idx].pending;
	quota = limits_quota(n, idx);
	for (i = 0; i < op->nentries; i++) {
		const struct entry *e = &op->entries[i];

		if (e->rec == NULL || e->rec->seq <= h.seq ||
		    e->rec->seq <= last)
			continue;	/* held already, or a repeat */
		used += protobuf_c_message_get_packed_size(&e->env->base);
		if (used > quota) {
			limits_alert(n, op->peer, idx, e->rec->seq);
			break;
		}
		n->usage[idx].pending +=
		    protobuf_c_message_get_packed_size(&e->env->base);
		last = e->rec->seq;
	}
	return i;
}

void
limits_begin_try(struct node *n)
{
	size_t	i;

	for (i = 0; i < n->nauthors; i++)
		n->usage[i].pending = 0;
}

int
limits_own_room(const struct node *n, size_t bytes, char *why, size_t len)
{
	uint64_t	quota = limits_quota(n, 0);

	if (n->usage[0].bytes + bytes <= quota)
		return 0;
	snprintf(why, len, "our own feed holds %llu bytes and its quota is "
	    "%llu (max_feed_bytes in [node]; every node that takes our "
	    "feed has its own)", (unsigned long long)n->usage[0].bytes,
	    (unsigned long long)quota);
	return SP_EQUOTA;
}
