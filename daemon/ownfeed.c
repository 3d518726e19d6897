/*
 * ownfeed.c - own-feed safety (docs/FORMAT-V2.md section 5; issue 8
 * item 3): the node never signs a seq of its own feed twice.
 *
 * Owns the decision "may this node sign now?" and the own-feed mark
 * (datadir.c keeps the file).  Two things can say no:
 *   - we are behind: the store holds less of our own feed than the mark
 *     (a restored backup, lost records) or than a peer has shown us;
 *     writes wait until the feed has come back from peers, verified by
 *     the ordinary ingest;
 *   - our own feed has forked: two different records signed by us at one
 *     seq, held as evidence in our store (FEED_BLOCKED) or shown by a
 *     peer's head hash; the operator has to act (conf/README.md).
 * A store that matches its mark, with no peer ahead of it, signs at once,
 * network or not.  The mark's lease is synced before the commit that
 * signs; the exact seq is written after it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "i18n.h"
#include "log.h"
#include "node.h"
#include "wire.h"

/* The highest own seq anyone has shown us; *who: the peer, or NULL. */
static uint64_t
ownfeed_target(const struct node *n, const struct peer **who)
{
	uint64_t	target = n->mark.seq;
	size_t		i;

	*who = NULL;
	for (i = 0; i < n->npeers; i++)
		if (n->peers[i]->own_claim > target ||
		    (*who == NULL && n->peers[i]->own_claim >= target &&
		    n->peers[i]->own_claim > n->heads[0])) {
			target = n->peers[i]->own_claim;
			*who = n->peers[i];
		}
	return target;
}

/* The peer that showed a different record at one of our seqs, or NULL. */
static const struct peer *
ownfeed_conflict(const struct node *n)
{
	size_t	i;

	for (i = 0; i < n->npeers; i++)
		if (n->peers[i]->own_conflict != 0)
			return n->peers[i];
	return NULL;
}

int
ownfeed_start(struct node *n)
{
	char	why[256];
	int	rc;

	if ((rc = ownmark_open(n->cfg->data_dir, &n->mark)) != 0) {
		if (rc == SP_ECORRUPT)
			log_warnx(_("%s/%s is not an own-feed mark; move it "
			    "away only after checking with the peers how far "
			    "this node's feed goes"), n->cfg->data_dir,
			    DATADIR_MARK_FILE);
		else
			log_warn("%s/%s", n->cfg->data_dir, DATADIR_MARK_FILE);
		return rc;
	}
	if (n->heads[0] > n->mark.seq) {
		/* The mark was lost or is new: the store is the truth. */
		if (!n->mark.created)
			log_info(_("own-feed mark at seq %llu, store at %llu: "
			    "mark moved up"), (unsigned long long)n->mark.seq,
			    (unsigned long long)n->heads[0]);
		if ((rc = ownmark_reserve(&n->mark, n->heads[0])) != 0 ||
		    (rc = ownmark_set(&n->mark, n->heads[0])) != 0) {
			log_warn("%s/%s", n->cfg->data_dir, DATADIR_MARK_FILE);
			return rc;
		}
	} else if (n->heads[0] < n->mark.seq)
		log_warnx(_("store %s holds our own feed up to seq %llu, but "
		    "this node signed up to %llu (restored from a backup, or "
		    "records lost): local writes wait until peers give the "
		    "rest back"), n->cfg->data_dir,
		    (unsigned long long)n->heads[0],
		    (unsigned long long)n->mark.seq);
	n->own_refusing = ownfeed_may_sign(n, why, sizeof(why)) != 0;
	return 0;
}

void
ownfeed_stop(struct node *n)
{
	ownmark_close(&n->mark);
}

int
ownfeed_may_sign(const struct node *n, char *why, size_t len)
{
	const struct peer	*who, *bad;
	uint64_t		 target, behind;

	if (n->own_key_from != 0) {
		snprintf(why, len, "this node's key may not sign its own feed: "
		    "another key signs it from seq %llu on (after rotate-key, "
		    "restart with key = the new key file and feed_id = the "
		    "first key; see samplan.ini(5))",
		    (unsigned long long)n->own_key_from);
		return SP_EFORBIDDEN;
	}
	if (n->flags[0] & FEED_BLOCKED) {
		snprintf(why, len, "our own feed has forked (two records "
		    "signed by this node for one seq, kept as evidence): "
		    "local writes are refused; see \"A node that forked "
		    "itself\" in conf/README.md");
		return SP_EBLOCKED;
	}
	if ((bad = ownfeed_conflict(n)) != NULL) {
		snprintf(why, len, "our own feed has forked at seq %llu "
		    "(peer %s holds another record signed by this node): "
		    "local writes are refused; see \"A node that forked "
		    "itself\" in conf/README.md",
		    (unsigned long long)bad->own_conflict, bad->name);
		return SP_EBLOCKED;
	}
	target = ownfeed_target(n, &who);
	if (n->heads[0] >= target)
		return 0;
	behind = target - n->heads[0];
	if (who != NULL)
		snprintf(why, len, "catching up our own feed from %s: %llu "
		    "record%s behind", who->name, (unsigned long long)behind,
		    behind == 1 ? "" : "s");
	else
		snprintf(why, len, "catching up our own feed from peers: "
		    "%llu record%s behind (none has shown it yet)",
		    (unsigned long long)behind, behind == 1 ? "" : "s");
	return SP_EBEHIND;
}

int
ownfeed_reserve(struct node *n, struct store_txn *t)
{
	struct feed_head	h;
	int			rc;

	rc = store_head_get(t, n->feed_id, &h);
	if (rc == SP_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (ownmark_reserve(&n->mark, h.seq) != 0) {
		log_warn(_("%s/%s: cannot sync the own-feed lease"),
		    n->cfg->data_dir, DATADIR_MARK_FILE);
		return SP_EIO;
	}
	return 0;
}

void
ownfeed_after_commit(struct node *n)
{
	char	why[256];
	int	was = n->own_refusing;

	/*
	 * The exact seq only sharpens the lease, which was synced before
	 * the commit: failing to write it loses nothing, so say it and go
	 * on (the store's own EIO is the fail-stop of R6).
	 */
	if (n->heads[0] > n->mark.seq && ownmark_set(&n->mark,
	    n->heads[0]) != 0)
		log_warn(_("%s/%s: cannot record seq %llu (the lease covers "
		    "it)"), n->cfg->data_dir, DATADIR_MARK_FILE,
		    (unsigned long long)n->heads[0]);
	n->own_refusing = ownfeed_may_sign(n, why, sizeof(why)) != 0;
	if (was && !n->own_refusing)
		log_info(_("our own feed is whole again at seq %llu: accepting "
		    "local writes"), (unsigned long long)n->heads[0]);
	else if (!was && n->own_refusing)
		log_warnx("%s", why);
}

/* Our entry hash at seq, from the store.  Returns 0 or an SP_E* code. */
static int
ownfeed_hash_at(struct node *n, uint64_t seq, uint8_t hash[RECORD_HASH_LEN])
{
	struct store_txn	*t;
	struct entry		 e;
	const uint8_t		*buf;
	size_t			 len;
	int			 rc;

	if (seq == n->heads[0]) {
		memcpy(hash, n->hashes[0], RECORD_HASH_LEN);
		return 0;
	}
	if ((rc = store_begin(n->store, 0, &t)) != 0)
		return rc;
	if ((rc = store_log_get(t, n->feed_id, seq, &buf, &len)) == 0 &&
	    (rc = entry_decode(buf, len, &e)) == 0) {
		memcpy(hash, e.hash, RECORD_HASH_LEN);
		entry_clear(&e);
	}
	store_abort(&t);
	return rc;
}

void
ownfeed_on_peer_head(struct node *n, struct peer *p,
    const Samplan__FeedHead *fh)
{
	uint8_t	ours[RECORD_HASH_LEN];

	if (fh->seq > n->heads[0] && fh->seq > p->own_claim)
		log_warnx(_("peer %s holds our own feed up to seq %llu, we "
		    "hold %llu: local writes wait until we have it"), p->name,
		    (unsigned long long)fh->seq,
		    (unsigned long long)n->heads[0]);
	p->own_claim = fh->seq;
	if (fh->seq == 0 || fh->seq > n->heads[0] ||
	    fh->hash.len != RECORD_HASH_LEN || fh->seq == p->own_checked)
		return;
	if (ownfeed_hash_at(n, fh->seq, ours) != 0)
		return;	/* cannot tell now; the next frontier asks again */
	p->own_checked = fh->seq;
	if (memcmp(ours, fh->hash.data, RECORD_HASH_LEN) == 0) {
		p->own_conflict = 0;
		return;
	}
	if (p->own_conflict == 0)
		/* TRANSLATORS: keep "ALERT:", which log watchers match. */
		log_warnx(_("ALERT: peer %s holds another record of our own "
		    "feed at seq %llu: our feed has forked; local writes are "
		    "refused (see conf/README.md)"), p->name,
		    (unsigned long long)fh->seq);
	p->own_conflict = fh->seq;
}

/*
 * Keeps e, a record signed by us that does not chain onto our own feed,
 * as evidence and blocks our own feed, in a transaction of its own: the
 * block must outlive a restart, or a restarted node would sign again.
 * e is at fork + 1: its prev names a record at `fork` other than ours,
 * so the evidence is kept under `fork`, where the branches part, beside
 * our record there (store.h, the evidence database).
 */
static int
ownfeed_keep_fork(struct node *n, const struct entry *e, uint64_t fork)
{
	struct store_txn	*t;
	struct feed_head	 h;
	uint8_t			*buf;
	size_t			 len;
	int			 rc;

	if ((rc = wire_pack(&e->env->base, &buf, &len)) != 0)
		return rc;
	if ((rc = store_begin(n->store, 1, &t)) != 0) {
		free(buf);
		return rc;
	}
	if ((rc = store_head_get(t, n->feed_id, &h)) == 0 &&
	    (rc = store_evidence_put(t, n->feed_id, fork, e->hash,
	    buf, len)) == 0) {
		h.flags |= FEED_BLOCKED;
		rc = store_head_put(t, &h);
	}
	free(buf);
	if (rc == 0)
		rc = store_commit(&t);
	else
		store_abort(&t);
	if (rc == 0)
		n->flags[0] |= FEED_BLOCKED;
	return rc;
}

/*
 * A peer sent seq of our own feed, and its prev is not the hash of our
 * seq - 1.  If we signed it, our feed has forked, and at seq - 1, not at
 * seq: the peer's seq - 1 (which it may never have sent us) differs
 * from ours, and its seq, whose prev names that other record, is the
 * proof we hold.
 */
void
ownfeed_on_chain_break(struct node *n, struct peer *p,
    const struct entry *e, size_t count, uint64_t seq)
{
	size_t	i;
	int	rc;

	for (i = 0; i < count; i++)
		if (e[i].rec != NULL && e[i].rec->seq == seq)
			break;
	/* Ours if signed by our key now or by the feed's first key. */
	if (i == count || seq < 2 || (record_verify(n->id.public_key,
	    e[i].env->record.data, e[i].env->record.len,
	    e[i].env->signature.data, e[i].env->signature.len) != 0 &&
	    record_verify(n->feed_id,
	    e[i].env->record.data, e[i].env->record.len,
	    e[i].env->signature.data, e[i].env->signature.len) != 0))
		return;	/* not ours: an ordinary refusal, counted already */
	/* TRANSLATORS: keep "ALERT:", which log watchers match. */
	log_warnx(_("ALERT: peer %s holds seq %llu of our own feed, signed by "
	    "this node, chained from another record at seq %llu than ours: "
	    "our feed has forked at seq %llu; local writes are refused (see "
	    "conf/README.md)"), p->name, (unsigned long long)seq,
	    (unsigned long long)(seq - 1), (unsigned long long)(seq - 1));
	p->own_conflict = seq - 1;
	if ((rc = ownfeed_keep_fork(n, &e[i], seq - 1)) != 0)
		log_warnx(_("cannot keep the evidence of our own fork: %s"),
		    sp_strerror(rc));
	n->own_refusing = 1;
}
