/*
 * alerts.c - the node's alerts as an operator works with them (issue 8
 * item 4): `samplan alerts` lists them with a stable id and their
 * evidence; `samplan alerts ack ID --reason TEXT` records an AlertAck in
 * our own feed, signed and kept as history.
 *
 * Owns the list (built fresh for each query from the node's state and
 * the store: nothing here is kept between queries) and the two control
 * requests.  An ack lifts nothing: each block has its own way out
 * (conf/README.md); the ack says that a person has seen it and why.
 * Ids are stable as long as the condition lasts:
 *   fork-NAME-SEQ   two records of NAME's feed for SEQ (evidence: both,
 *                   or for our own feed ours at SEQ and the other
 *                   branch's SEQ + 1, whose prev names its SEQ)
 *   own-feed        we may not sign (behind our mark or a peer, or forked)
 *   quota-NAME      NAME's feed is over its max_feed_bytes
 *   disk-full       local writes refused until the disk has room
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "log.h"
#include "node.h"
#include "policy.h"
#include "wire.h"

#define ALERTS_MAX	256	/* alerts listed in one reply */
#define ALERT_EVIDENCE	8	/* envelopes shown per alert */

struct alert_list {
	Samplan__Alert	*v[ALERTS_MAX];	/* owned */
	size_t		 n;
	struct node	*node;		/* for names */
	struct store_txn *t;		/* read txn for the log */
};

static const char *
alerts_author(const struct node *n, const uint8_t *key, char hex[17])
{
	const char	*who = policy_author_name(n->cfg, n->feed_id, key);
	char		 full[KEY_HEX_LEN + 1];

	if (who != NULL)
		return who;
	keys_to_hex(key, full);
	memcpy(hex, full, 16);
	hex[16] = '\0';
	return hex;
}

/* Adds an alert; takes id and text (malloc'd).  NULL when full. */
static Samplan__Alert *
alerts_add(struct alert_list *l, char *id, char *text)
{
	Samplan__Alert	*a;

	if (id == NULL || text == NULL || l->n == ALERTS_MAX ||
	    (a = calloc(1, sizeof(*a))) == NULL) {
		free(id);
		free(text);
		return NULL;
	}
	samplan__alert__init(a);
	if ((a->evidence = calloc(ALERT_EVIDENCE,
	    sizeof(*a->evidence))) == NULL) {
		free(a);
		free(id);
		free(text);
		return NULL;
	}
	a->id = id;
	a->text = text;
	l->v[l->n++] = a;
	return a;
}

static char *
dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
dupf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 rc;

	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	return rc < 0 ? NULL : s;
}

/* Adds one envelope (bytes as stored) to a's evidence. */
static void
alerts_evidence(Samplan__Alert *a, const uint8_t *buf, size_t len)
{
	Samplan__Envelope	*env;

	if (a->n_evidence == ALERT_EVIDENCE ||
	    wire_decode_envelope(buf, len, &env) != 0)
		return;
	a->evidence[a->n_evidence++] = env;
}

/* The text of a fork alert; f as evidence_fork() reads the entry. */
static char *
alerts_fork_text(const char *who, const struct evidence_fork *f)
{
	if (f->rec_seq == f->seq)
		return dupf("equivocation: %s signed two different records "
		    "for seq %llu; its feed is blocked and both are kept "
		    "(samplan dump --evidence)", who,
		    (unsigned long long)f->seq);
	return dupf("equivocation: %s signed two different records for seq "
	    "%llu; its feed is blocked.  Kept as evidence (samplan dump "
	    "--evidence): the record held at seq %llu, and seq %llu of the "
	    "other branch, which chains from another record at seq %llu",
	    who, (unsigned long long)f->seq, (unsigned long long)f->seq,
	    (unsigned long long)f->rec_seq, (unsigned long long)f->seq);
}

static int
alerts_on_evidence(void *arg, const uint8_t *author, uint64_t seq,
    const uint8_t *hash, const uint8_t *env, size_t len)
{
	struct alert_list	*l = arg;
	Samplan__Alert		*a = l->n > 0 ? l->v[l->n - 1] : NULL;
	struct evidence_fork	 f;
	char			 hex[17], *id;
	const char		*who;

	(void)hash;
	(void)evidence_fork(l->t, author, seq, env, len, &f);
	who = alerts_author(l->node, author, hex);
	if ((id = dupf("fork-%s-%llu", who, (unsigned long long)f.seq)) ==
	    NULL)
		return 0;
	if (a != NULL && strcmp(a->id, id) == 0) {
		free(id);	/* another record for the same fork */
		alerts_evidence(a, env, len);
		return 0;
	}
	if ((a = alerts_add(l, id, alerts_fork_text(who, &f))) == NULL)
		return 0;
	if (f.held != NULL)	/* the record we hold at the fork's seq */
		alerts_evidence(a, f.held, f.held_len);
	alerts_evidence(a, env, len);
	return 0;
}

/* The alerts that come from the node's state, not the store. */
static void
alerts_state(struct alert_list *l)
{
	struct node	*n = l->node;
	char		 why[256];
	size_t		 i;

	if (ownfeed_may_sign(n, why, sizeof(why)) != 0)
		alerts_add(l, dupf("own-feed"), dupf("%s", why));
	for (i = 0; i < n->nauthors; i++)
		if (n->usage[i].over != 0)
			alerts_add(l, dupf("quota-%s", i == 0 ? n->cfg->name :
			    n->cfg->peers[i - 1].name), dupf("quota: the feed "
			    "holds %llu bytes, over its max_feed_bytes: its "
			    "records from seq %llu on are refused",
			    (unsigned long long)n->usage[i].bytes,
			    (unsigned long long)n->usage[i].over));
	if (n->disk_full)
		alerts_add(l, dupf("disk-full"), dupf("disk full: local writes "
		    "refused until space returns"));
}

/* Marks the alerts our own AlertAck records name. */
static int
alerts_on_own(void *arg, uint64_t seq, const uint8_t *buf, size_t len)
{
	struct alert_list	*l = arg;
	struct entry		 e;
	char			*reason;
	size_t			 i;

	(void)seq;
	if (entry_decode(buf, len, &e) != 0)
		return 0;
	for (i = 0; e.rec->body_case == SAMPLAN__RECORD__BODY_ALERT_ACK &&
	    i < l->n; i++) {
		if (strcmp(l->v[i]->id, e.rec->alert_ack->alert) != 0 ||
		    (reason = strdup(e.rec->alert_ack->reason)) == NULL)
			continue;
		/* Unacked, ack_reason is protobuf-c's static "". */
		if (l->v[i]->acked)
			free(l->v[i]->ack_reason);
		l->v[i]->acked = 1;
		l->v[i]->ack_reason = reason;
	}
	entry_clear(&e);
	return 0;
}

static void
alerts_clear(struct alert_list *l)
{
	size_t	i, j;

	for (i = 0; i < l->n; i++) {
		for (j = 0; j < l->v[i]->n_evidence; j++)
			wire_free((ProtobufCMessage **)&l->v[i]->evidence[j]);
		free(l->v[i]->evidence);
		free(l->v[i]->id);
		free(l->v[i]->text);
		if (l->v[i]->acked)
			free(l->v[i]->ack_reason);
		free(l->v[i]);
	}
	l->n = 0;
}

/* Builds the list.  Returns 0 or a storage error. */
static int
alerts_build(struct node *n, struct alert_list *l)
{
	int	rc;

	memset(l, 0, sizeof(*l));
	l->node = n;
	if ((rc = store_begin(n->store, 0, &l->t)) != 0)
		return rc;
	rc = store_evidence_scan(l->t, alerts_on_evidence, l);
	alerts_state(l);
	if (rc == 0)
		rc = store_log_scan(l->t, n->feed_id, 1, alerts_on_own,
		    l);
	store_abort(&l->t);
	if (rc != 0)
		alerts_clear(l);
	return rc;
}

void
ctl_on_alerts(struct node *n, const uint8_t *route, size_t route_len)
{
	Samplan__ControlReply	reply = SAMPLAN__CONTROL_REPLY__INIT;
	struct alert_list	l;
	int			rc;

	if ((rc = alerts_build(n, &l)) != 0) {
		control_error(n, route, route_len, rc, NULL);
		return;
	}
	reply.n_alerts = l.n;
	reply.alerts = l.v;
	control_send(n, route, route_len, &reply);
	alerts_clear(&l);
}

int
alerts_known(struct node *n, const char *id, char *why, size_t len)
{
	struct alert_list	l;
	size_t			i;
	int			rc;

	if ((rc = alerts_build(n, &l)) != 0) {
		snprintf(why, len, "cannot list alerts: %s", sp_strerror(rc));
		return rc;
	}
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i]->id, id) == 0)
			break;
	rc = i < l.n ? 0 : SP_ENOTFOUND;
	if (rc != 0)
		snprintf(why, len, "alert: no alert «%s» now (samplan alerts "
		    "lists them)", id);
	alerts_clear(&l);
	return rc;
}
