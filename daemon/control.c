/*
 * control.c - the control socket through which `samplan` talks to its
 * local node: writes to be signed and appended, and status queries.
 *
 * A ROUTER on ipc://CONTROL ([node] control, by default
 * DATA_DIR/control.sock), mode 0660 for a `samplan`
 * group when one exists, else 0600, so only the node's own user (and
 * that group) reaches it.  A write is validated here (the same
 * policy_check peers' records pass), staged, committed with the turn's
 * transaction and answered only after the commit (control_reply_ops).
 * Every write records who made it: the OS user of the connecting
 * process (SO_PEERCRED, which libzmq reports in Peer-Address) and the
 * `--av` name, in Record.actor (sealed).  Compaction runs after a
 * commit, when a tool asked or a redaction was committed.  Input is
 * hostile until wire.c has accepted it (functions named ctl_on_*).
 */
#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "domain.h"
#include "i18n.h"
#include "log.h"
#include "node.h"
#include "policy.h"
#include "unixsock.h"
#include "version.h"
#include "wire.h"

#define CONTROL_GROUP	"samplan"	/* may use the socket when it exists */
#define ACTOR_MAX	256		/* bytes of Record.actor */

/*
 * Lets the `samplan` group use the socket when that group exists (mode
 * 0660), so that coordinators need not be root; else only our user.
 */
static int
control_permit(const char *path)
{
	struct group	*g;

	if ((g = getgrnam(CONTROL_GROUP)) != NULL &&
	    chown(path, (uid_t)-1, g->gr_gid) == 0)
		return chmod(path, 0660);
	return chmod(path, 0600);
}

/*
 * Makes path free for our socket.  A socket file that nobody listens on
 * was left by a node that died and is removed (libzmq would remove it
 * too).  One that answers belongs to a running node, perhaps another
 * kommune's whose [node] control a config copied by mistake: taking it
 * would route that node's writes to us and leave it unreachable, so it
 * is SP_EBUSY.  Anything else at path is not ours to remove: SP_EEXIST.
 */
static int
control_claim(const char *path)
{
	struct stat	st;
	int		err;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : SP_EIO;
	if (!S_ISSOCK(st.st_mode))
		return SP_EEXIST;
	if ((err = unixsock_probe(path)) == 0)
		return SP_EBUSY;
	if (err == ENAMETOOLONG)
		return SP_EINVAL;
	return unlink(path) == 0 || errno == ENOENT ? 0 : SP_EIO;
}

int
control_start(struct node *n)
{
	/* [node] control: DATA_DIR/control.sock unless the config moves it. */
	const char	*path = n->cfg->control;
	char		*endpoint;
	int		 linger = 0, rc;
	int64_t		 maxmsg = WIRE_MAX_CONTROL;

	if ((rc = control_claim(path)) != 0) {
		if (rc == SP_EBUSY)
			log_warnx(_("control %s: another running node listens "
			    "there; each node needs its own control socket "
			    "([node] control)"), path);
		else if (rc == SP_EEXIST)
			log_warnx(_("control %s: exists and is not a socket; "
			    "not removed ([node] control)"), path);
		else
			log_warnx(_("control %s: %s"), path, rc == SP_EIO ?
			    strerror(errno) : sp_strerror(rc));
		return rc;
	}
	if (asprintf(&endpoint, "ipc://%s", path) < 0)
		return SP_ENOMEM;
	if ((n->control = zmq_socket(n->zctx, ZMQ_ROUTER)) == NULL) {
		free(endpoint);
		return SP_EIO;
	}
	zmq_setsockopt(n->control, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_setsockopt(n->control, ZMQ_MAXMSGSIZE, &maxmsg, sizeof(maxmsg));
	if (zmq_bind(n->control, endpoint) == -1) {
		log_warnx(_("control %s: %s"), endpoint, zmq_strerror(errno));
		free(endpoint);
		return SP_EIO;
	}
	free(endpoint);
	/* Bound: ours to remove when we stop, and no one else's. */
	if ((n->control_path = strdup(path)) == NULL)
		return SP_ENOMEM;
	if (control_permit(path) == -1) {
		log_warnx(_("control %s: %s"), path, strerror(errno));
		return SP_EIO;
	}
	return 0;
}

void
control_stop(struct node *n)
{
	if (n->control != NULL) {
		zmq_close(n->control);
		n->control = NULL;
	}
	if (n->control_path != NULL) {
		unlink(n->control_path);
		free(n->control_path);
		n->control_path = NULL;
	}
}

void
control_send(struct node *n, const uint8_t *route, size_t route_len,
    Samplan__ControlReply *reply)
{
	uint8_t	*buf;
	size_t	 len;

	if (wire_pack(&reply->base, &buf, &len) != 0)
		return;
	n->control_used = 1;
	if (zmq_send(n->control, route, route_len,
	    ZMQ_SNDMORE | ZMQ_DONTWAIT) != -1)
		zmq_send(n->control, buf, len, ZMQ_DONTWAIT);
	free(buf);
}

void
control_error(struct node *n, const uint8_t *route, size_t route_len, int rc,
    const char *text)
{
	Samplan__ControlReply	reply = SAMPLAN__CONTROL_REPLY__INIT;

	reply.code = rc;
	reply.error = (char *)(uintptr_t)(text != NULL ? text :
	    sp_strerror_source(rc));
	control_send(n, route, route_len, &reply);
}

/* Builds the list of non-zero rejection counters. */
static Samplan__RejectCount **
rejects_build(const uint64_t *counts, size_t *n)
{
	Samplan__RejectCount	**v;
	size_t			  r;

	*n = 0;
	if ((v = calloc(NODE_NREASONS, sizeof(*v))) == NULL)
		return NULL;
	for (r = 0; r < NODE_NREASONS; r++) {
		if (counts[r] == 0)
			continue;
		if ((v[*n] = malloc(sizeof(**v))) == NULL)
			break;
		samplan__reject_count__init(v[*n]);
		v[*n]->reason = (char *)(uintptr_t)sp_errname(-(int)r);
		v[*n]->count = counts[r];
		(*n)++;
	}
	return v;
}

static void
rejects_free(Samplan__RejectCount **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

static Samplan__FeedHead **
heads_build(struct node *n, const uint64_t *seqs, const int *mask,
    size_t *count)
{
	Samplan__FeedHead	**v;
	size_t			  i;

	*count = 0;
	if ((v = calloc(n->nauthors + 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < n->nauthors; i++) {
		if (mask != NULL && !mask[i])
			continue;
		if ((v[*count] = calloc(1, sizeof(**v))) == NULL)
			break;
		samplan__feed_head__init(v[*count]);
		v[*count]->author.data = n->authors[i];
		v[*count]->author.len = KEY_PUBLIC_LEN;
		v[*count]->seq = seqs[i];
		if (mask == NULL && seqs[i] > 0) {
			v[*count]->hash.data = n->hashes[i];
			v[*count]->hash.len = RECORD_HASH_LEN;
		}
		(*count)++;
	}
	return v;
}

static void
heads_free(Samplan__FeedHead **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

static void
ctl_on_status(struct node *n, const uint8_t *route, size_t route_len)
{
	Samplan__ControlReply	  reply = SAMPLAN__CONTROL_REPLY__INIT;
	Samplan__NodeStatus	  st = SAMPLAN__NODE_STATUS__INIT;
	Samplan__PeerStatus	 *ps, **pps;
	uint64_t		 *remote;
	int			 *mask;
	char			**alerts;
	char			  version[32];
	char			  why[256];
	int64_t			  now = clock_ms(), heard;
	size_t			  i, j, nalerts = 0;

	ps = calloc(n->npeers + 1, sizeof(*ps));
	pps = calloc(n->npeers + 1, sizeof(*pps));
	remote = calloc(n->nauthors, sizeof(*remote));
	mask = calloc(n->nauthors, sizeof(*mask));
	alerts = calloc(2 * n->nauthors + 3, sizeof(*alerts));
	if (ps == NULL || pps == NULL || remote == NULL || mask == NULL ||
	    alerts == NULL)
		goto out;
	st.name = n->cfg->name;
	snprintf(version, sizeof(version), "%s", sp_version());
	st.version = version;
	st.uptime_ms = now - n->started;
	st.heads = heads_build(n, n->heads, NULL, &st.n_heads);
	st.rejects = rejects_build(n->rejects, &st.n_rejects);
	st.auth_refused = n->auth_denied;
	for (i = 0; i < n->npeers; i++) {
		struct peer *p = n->peers[i];

		samplan__peer_status__init(&ps[i]);
		ps[i].name = p->name;
		heard = p->rp->last_heard > p->heard_before ?
		    p->rp->last_heard : p->heard_before;
		/* Up until its timeout, across a reload too. */
		ps[i].connected = heard != 0 && now - heard <= REPL_TIMEOUT_MS;
		ps[i].last_heard_ms = heard != 0 ? now - heard : -1;
		ps[i].records_sent = p->records_sent;
		ps[i].records_received = p->records_received;
		ps[i].records_duplicate = p->records_duplicate;
		ps[i].software = p->software;
		ps[i].protocol = p->protocol;
		ps[i].resets_ignored = p->rp->sync.resets_ignored;
		ps[i].rejects = rejects_build(p->rejects, &ps[i].n_rejects);
		for (j = 0; j < n->nauthors; j++) {
			/* A peer never heard from has no per-feed state. */
			remote[j] = j < p->rp->sync.nfeeds ?
			    p->rp->sync.feeds[j].remote : 0;
			mask[j] = j < p->rp->sync.nfeeds ?
			    p->rp->sync.feeds[j].accepts : 0;
		}
		ps[i].heads = heads_build(n, remote, mask, &ps[i].n_heads);
		pps[i] = &ps[i];
	}
	st.n_peers = n->npeers;
	st.peers = pps;
	for (i = 0; i < n->nauthors; i++) {
		const char	*who;
		char		 hex[KEY_HEX_LEN + 1];

		if (!(n->flags[i] & FEED_BLOCKED))
			continue;
		keys_to_hex(n->authors[i], hex);
		hex[16] = '\0';
		who = policy_author_name(n->cfg, n->feed_id,
		    n->authors[i]);
		if (asprintf(&alerts[nalerts], "equivocation: %s (key %s...) "
		    "signed two different records for one seq; its feed is "
		    "blocked, both kept as evidence", who != NULL ? who :
		    "unknown author", hex) > 0)
			nalerts++;
	}
	for (i = 0; i < n->nauthors; i++) {
		const char *who = i == 0 ? n->cfg->name :
		    n->cfg->peers[i - 1].name;

		if (n->usage[i].over != 0 && asprintf(&alerts[nalerts],
		    "quota: feed %s holds %llu bytes, its max_feed_bytes is "
		    "%llu: its records from seq %llu on are refused", who,
		    (unsigned long long)n->usage[i].bytes,
		    (unsigned long long)config_feed_quota(n->cfg, i == 0 ?
		    (size_t)-1 : i - 1),
		    (unsigned long long)n->usage[i].over) > 0)
			nalerts++;
	}
	if (ownfeed_may_sign(n, why, sizeof(why)) != 0 &&
	    (alerts[nalerts] = strdup(why)) != NULL)
		nalerts++;
	if (n->disk_full && asprintf(&alerts[nalerts], "disk full: local "
	    "writes refused until space returns") > 0)
		nalerts++;
	st.alerts = alerts;
	st.n_alerts = nalerts;
	reply.status = &st;
	control_send(n, route, route_len, &reply);
	for (i = 0; i < n->npeers; i++) {
		rejects_free(ps[i].rejects, ps[i].n_rejects);
		heads_free(ps[i].heads, ps[i].n_heads);
	}
	heads_free(st.heads, st.n_heads);
	rejects_free(st.rejects, st.n_rejects);
	for (i = 0; i < nalerts; i++)
		free(alerts[i]);
out:
	free(alerts);
	free(mask);
	free(remote);
	free(pps);
	free(ps);
}

/* Points rec's body at a body of the request (borrowed). */
static int
ctl_body(Samplan__Record *rec, Samplan__PlanInfo *plan, Samplan__Measure *m,
    Samplan__Adaptation *a, Samplan__StatusReport *r, Samplan__AlertAck *ack)
{
	samplan__record__init(rec);
	if (plan != NULL) {
		rec->body_case = SAMPLAN__RECORD__BODY_PLAN;
		rec->plan = plan;
	} else if (m != NULL) {
		rec->body_case = SAMPLAN__RECORD__BODY_MEASURE;
		rec->measure = m;
	} else if (a != NULL) {
		rec->body_case = SAMPLAN__RECORD__BODY_ADAPTATION;
		rec->adaptation = a;
	} else if (r != NULL) {
		rec->body_case = SAMPLAN__RECORD__BODY_REPORT;
		rec->report = r;
	} else if (ack != NULL) {
		rec->body_case = SAMPLAN__RECORD__BODY_ALERT_ACK;
		rec->alert_ack = ack;
	} else
		return SP_EINVAL;
	return 0;
}

int
ctl_request_records(const Samplan__ControlRequest *req,
    Samplan__Record **recs, size_t *n)
{
	const Samplan__WriteBatch	*b = req->batch;
	Samplan__Record			*v;
	size_t				 i, count;
	int				 rc = 0;

	*recs = NULL;
	*n = 0;
	count = req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_BATCH ?
	    b->n_bodies : 1;
	if (count == 0 || count > NODE_MAX_BATCH)
		return SP_EINVAL;
	if ((v = calloc(count, sizeof(*v))) == NULL)
		return SP_ENOMEM;
	if (req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_REDACTION) {
		samplan__record__init(&v[0]);
		v[0].body_case = SAMPLAN__RECORD__BODY_REDACTION;
		v[0].redaction = req->redaction;
	} else if (req->kind_case ==
	    SAMPLAN__CONTROL_REQUEST__KIND_SUCCESSION) {
		samplan__record__init(&v[0]);
		v[0].body_case = SAMPLAN__RECORD__BODY_KEY_SUCCESSION;
		v[0].key_succession = req->succession;
	} else if (req->kind_case != SAMPLAN__CONTROL_REQUEST__KIND_BATCH)
		rc = ctl_body(&v[0], req->kind_case ==
		    SAMPLAN__CONTROL_REQUEST__KIND_PLAN ? req->plan : NULL,
		    req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_MEASURE ?
		    req->measure : NULL, req->kind_case ==
		    SAMPLAN__CONTROL_REQUEST__KIND_ADAPTATION ? req->adaptation :
		    NULL, req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_REPORT ?
		    req->report : NULL, req->kind_case ==
		    SAMPLAN__CONTROL_REQUEST__KIND_ACK ? req->ack : NULL);
	else
		for (i = 0; i < count && rc == 0; i++) {
			const Samplan__Body *body = b->bodies[i];

			if (body->body_case == SAMPLAN__BODY__BODY_EVALUATION) {
				samplan__record__init(&v[i]);
				v[i].body_case =
				    SAMPLAN__RECORD__BODY_EVALUATION;
				v[i].evaluation = body->evaluation;
				continue;
			}
			rc = ctl_body(&v[i],
			    body->body_case == SAMPLAN__BODY__BODY_PLAN ?
			    body->plan : NULL,
			    body->body_case == SAMPLAN__BODY__BODY_MEASURE ?
			    body->measure : NULL,
			    body->body_case == SAMPLAN__BODY__BODY_ADAPTATION ?
			    body->adaptation : NULL,
			    body->body_case == SAMPLAN__BODY__BODY_REPORT ?
			    body->report : NULL, NULL);
		}
	if (rc != 0) {
		free(v);
		return rc;
	}
	/* Who made the change: set by ctl_on_write, never by the tool. */
	for (i = 0; i < count; i++)
		v[i].actor = req->av;
	*recs = v;
	*n = count;
	return 0;
}

/*
 * Returns the OS user of the process that sent msg, as libzmq read it
 * with SO_PEERCRED ("host:uid:gid:pid" in Peer-Address), by name when
 * the user database knows it, else "uid N".  Writes "ukjent" when the
 * transport gave no credentials.  The name is looked up again when the
 * uid changes or CTL_USER_KEEP_MS have passed (node.h, struct ctl_user).
 */
static void
ctl_peer_user(zmq_msg_t *msg, struct ctl_user *cache, int64_t now, char *buf,
    size_t size)
{
	struct passwd	 pw, *res = NULL;
	const char	*addr = zmq_msg_gets(msg, "Peer-Address");
	const char	*p;
	char		 pwbuf[1024], *end;
	unsigned long	 uid;

	snprintf(buf, size, "ukjent");
	if (addr == NULL || (p = strchr(addr, ':')) == NULL)
		return;
	errno = 0;
	uid = strtoul(p + 1, &end, 10);
	if (errno != 0 || end == p + 1 || *end != ':')
		return;
	if (!cache->known || cache->uid != uid ||
	    now - cache->at >= CTL_USER_KEEP_MS) {
		if (getpwuid_r((uid_t)uid, &pw, pwbuf, sizeof(pwbuf),
		    &res) == 0 && res != NULL)
			snprintf(cache->name, sizeof(cache->name), "%s",
			    pw.pw_name);
		else
			snprintf(cache->name, sizeof(cache->name), "uid %lu",
			    uid);
		cache->uid = uid;
		cache->known = 1;
		cache->at = now;
	}
	snprintf(buf, size, "%s", cache->name);
}

/*
 * Replaces req->av (the tool's `--av NAME`) with the actor the records
 * will carry: "NAME (user)" or "user".  Returns 0, SP_EINVAL (the name is
 * too long or fails the one-line text check, *reason set) or SP_ENOMEM.
 */
static int
ctl_set_actor(Samplan__ControlRequest *req, const char *user,
    const char **reason)
{
	char	*actor;
	int	 len;

	if (strlen(req->av) > ACTOR_MAX / 2) {
		*reason = N_("longer than 128 bytes");
		return SP_EINVAL;
	}
	if ((*reason = domain_line_reason(req->av)) != NULL)
		return SP_EINVAL;
	len = req->av[0] != '\0' ? asprintf(&actor, "%s (%s)", req->av, user) :
	    asprintf(&actor, "%s", user);
	if (len < 0)
		return SP_ENOMEM;
	if (req->av != protobuf_c_empty_string)
		free(req->av);
	req->av = actor;
	return 0;
}

/* Validates a write request as its records would be; stages it. */
static void
ctl_on_write(struct node *n, const uint8_t *route, size_t route_len,
    Samplan__ControlRequest **reqp, const char *user)
{
	Samplan__ControlRequest	*req = *reqp;
	Samplan__Record		*recs;
	const char		*field, *reason;
	char			 text[512];
	struct op		*op;
	size_t			 i, count, bytes = 0;
	int			 rc;

	if ((rc = ownfeed_may_sign(n, text, sizeof(text))) != 0) {
		control_error(n, route, route_len, rc, text);
		return;
	}
	if (req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_ACK &&
	    (rc = alerts_known(n, req->ack->alert, text, sizeof(text))) != 0) {
		control_error(n, route, route_len, rc, text);
		return;
	}
	if ((rc = ctl_set_actor(req, user, &reason)) != 0) {
		if (rc == SP_EINVAL)
			snprintf(text, sizeof(text), "av: %s", reason);
		control_error(n, route, route_len, rc, rc == SP_EINVAL ?
		    text : NULL);
		return;
	}
	if ((rc = ctl_request_records(req, &recs, &count)) != 0) {
		control_error(n, route, route_len, rc, N_("empty or oversized "
		    "request"));
		return;
	}
	for (i = 0; i < count; i++) {
		/* Signature, envelope and header: under 200 bytes. */
		bytes += protobuf_c_message_get_packed_size(&recs[i].base) + 200;
		/* Room for author, seq, prev and timestamp: 128 bytes. */
		if (protobuf_c_message_get_packed_size(&recs[i].base) + 128 >
		    WIRE_MAX_RECORD) {
			rc = SP_ETOOBIG;
			field = "record";
			reason = N_("larger than 64 KiB");
		} else if ((rc = policy_check(n->cfg, n->cfg->name, &recs[i],
		    &field, &reason)) == 0)
			rc = policy_may_redact(n->cfg, n->feed_id,
			    n->cfg->name, n->feed_id, &recs[i], &field,
			    &reason);
		if (rc != 0) {
			if (count > 1)
				snprintf(text, sizeof(text), "item %zu: %s: %s",
				    i + 1, field, reason);
			else
				snprintf(text, sizeof(text), "%s: %s", field,
				    reason);
			free(recs);
			control_error(n, route, route_len, rc, text);
			return;
		}
	}
	free(recs);
	if ((rc = limits_own_room(n, bytes, text, sizeof(text))) != 0) {
		control_error(n, route, route_len, rc, text);
		return;
	}
	if (n->nops + n->nqueued >= NODE_MAX_OPS) {
		control_error(n, route, route_len, SP_ETIMEDOUT,
		    N_("node is busy; try again"));
		return;
	}
	op = &n->ops[n->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = OP_APPEND;
	op->req = req;
	*reqp = NULL;
	memcpy(op->route, route, route_len);
	op->route_len = route_len;
}

/* Stages a compaction, run after this turn's commit. */
static void
ctl_on_compact(struct node *n, const uint8_t *route, size_t route_len)
{
	struct op	*op;

	if (n->nops + n->nqueued >= NODE_MAX_OPS) {
		control_error(n, route, route_len, SP_ETIMEDOUT,
		    N_("node is busy; try again"));
		return;
	}
	op = &n->ops[n->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = OP_COMPACT;
	memcpy(op->route, route, route_len);
	op->route_len = route_len;
}

void
ctl_on_request(struct node *n)
{
	Samplan__ControlRequest	*req;
	zmq_msg_t		 route, body;
	char			 user[64];
	int			 more, rc, budget;
	size_t			 len = sizeof(more);

	for (budget = 0; budget < NODE_MAX_OPS; budget++) {
		zmq_msg_init(&route);
		zmq_msg_init(&body);
		if (zmq_msg_recv(&route, n->control, ZMQ_DONTWAIT) == -1)
			goto done;
		zmq_getsockopt(n->control, ZMQ_RCVMORE, &more, &len);
		if (!more || zmq_msg_size(&route) > NODE_ROUTE_MAX ||
		    zmq_msg_recv(&body, n->control, 0) == -1)
			goto next;
		zmq_getsockopt(n->control, ZMQ_RCVMORE, &more, &len);
		if (more) {
			/* Extra frames: drain them, refuse the request. */
			while (more && zmq_msg_recv(&body, n->control, 0) != -1)
				zmq_getsockopt(n->control, ZMQ_RCVMORE, &more,
				    &len);
			control_error(n, zmq_msg_data(&route),
			    zmq_msg_size(&route), SP_EMALFORMED, NULL);
			goto next;
		}
		rc = wire_decode_request(zmq_msg_data(&body),
		    zmq_msg_size(&body), &req);
		if (rc != 0)
			control_error(n, zmq_msg_data(&route),
			    zmq_msg_size(&route), rc, NULL);
		else if (req->node[0] != '\0' &&
		    strcmp(req->node, n->cfg->name) != 0)
			/* Meant for another node: its tool's config is wrong. */
			control_error(n, zmq_msg_data(&route),
			    zmq_msg_size(&route), SP_ECONFIG, n->cfg->name);
		else if (req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_STATUS)
			ctl_on_status(n, zmq_msg_data(&route),
			    zmq_msg_size(&route));
		else if (req->kind_case == SAMPLAN__CONTROL_REQUEST__KIND_ALERTS)
			ctl_on_alerts(n, zmq_msg_data(&route),
			    zmq_msg_size(&route));
		else if (req->kind_case ==
		    SAMPLAN__CONTROL_REQUEST__KIND_COMPACT)
			ctl_on_compact(n, zmq_msg_data(&route),
			    zmq_msg_size(&route));
		else {
			ctl_peer_user(&body, &n->ctl_user, clock_ms(), user,
			    sizeof(user));
			ctl_on_write(n, zmq_msg_data(&route),
			    zmq_msg_size(&route), &req, user);
		}
		wire_free((ProtobufCMessage **)&req);
next:
		zmq_msg_close(&route);
		zmq_msg_close(&body);
	}
	return;
done:
	zmq_msg_close(&route);
	zmq_msg_close(&body);
}

void
control_reply_ops(struct node *n)
{
	Samplan__ControlReply	 reply;
	size_t			 i;

	for (i = 0; i < n->nops; i++) {
		struct op *op = &n->ops[i];

		if (op->kind != OP_APPEND && op->kind != OP_COMPACT)
			continue;
		samplan__control_reply__init(&reply);
		reply.code = op->rc;
		if (op->rc != 0)
			reply.error = (char *)(uintptr_t)sp_strerror_source(
			    op->rc);
		else
			reply.seq = op->head.seq;
		reply.bytes_before = op->bytes_before;
		reply.bytes_after = op->bytes_after;
		control_send(n, op->route, op->route_len, &reply);
	}
}

/* Was a redaction committed in this turn, by us or from a peer? */
static int
control_redacted(const struct op *op)
{
	size_t	i;

	if (op->rc != 0)
		return 0;
	if (op->kind == OP_APPEND)
		return op->req->kind_case ==
		    SAMPLAN__CONTROL_REQUEST__KIND_REDACTION;
	if (op->kind != OP_INGEST || op->result.accepted == 0)
		return 0;
	for (i = 0; i < op->nentries; i++)
		if (op->entries[i].rec != NULL && op->entries[i].rec->body_case ==
		    SAMPLAN__RECORD__BODY_REDACTION)
			return 1;
	return 0;
}

void
control_compact(struct node *n)
{
	uint64_t	before = 0, after = 0;
	size_t		i;
	int		due = 0, rc;

	for (i = 0; i < n->nops; i++)
		if (n->ops[i].kind == OP_COMPACT || control_redacted(&n->ops[i]))
			due = 1;
	if (!due)
		return;
	rc = store_compact(n->store, &before, &after);
	if (rc == SP_EIO || rc == SP_ECORRUPT) {
		log_warn(_("compaction failed (%s): stopping; restart "
		    "verifies"), sp_strerror(rc));
		exit(NODE_EXIT_EIO);
	}
	if (rc != 0)
		log_warnx(_("compaction: %s; the old file stays"),
		    sp_strerror(rc));
	else
		log_info(_("compacted data.mdb: %llu -> %llu bytes"),
		    (unsigned long long)before, (unsigned long long)after);
	for (i = 0; i < n->nops; i++) {
		if (n->ops[i].kind != OP_COMPACT)
			continue;
		n->ops[i].rc = rc;
		n->ops[i].bytes_before = before;
		n->ops[i].bytes_after = after;
	}
}
