/*
 * cmd_monitor.c - the commands a monitoring system runs: `samplan
 * metrics` (the node's counters in the Prometheus text exposition
 * format, version 0.0.4, for node_exporter's textfile collector or a
 * scrape) and `samplan check` (a Nagios/Icinga plugin: one status line
 * with performance data, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 *
 * Both read the node's status over the control socket (status_fetch(),
 * bounded by CTL_QUERY_MS) and, for disk use and the last commit, stat
 * the store's file.  Lag is summed per peer, so that a node with many
 * feeds prints one series per peer, not one per peer and feed.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samplan.h"
#include "wire.h"

#define CHECK_MAX_LAG	1000	/* records behind: CRITICAL above */
#define CHECK_MAX_DOWN	900	/* seconds a peer may be down: CRITICAL */

/* Nagios plugin exit codes. */
#define CHECK_OK	0
#define CHECK_WARNING	1
#define CHECK_CRITICAL	2
#define CHECK_UNKNOWN	3

/* Prints s as a Prometheus label value: \, " and newline escaped. */
static void
label_value(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			printf("\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
}

static void
metric_head(const char *name, const char *type, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One sample: name{label="value"} number; label may be NULL. */
static void
metric(const char *name, const char *label, const char *value,
    double number)
{
	fputs(name, stdout);
	if (label != NULL) {
		printf("{%s=\"", label);
		label_value(value);
		fputs("\"}", stdout);
	}
	printf(" %.17g\n", number);
}

/* How long peer p has been down, in ms; 0 when it is up. */
static int64_t
peer_down_ms(const Samplan__NodeStatus *st, const Samplan__PeerStatus *p)
{
	if (p->connected)
		return 0;
	return p->last_heard_ms >= 0 ? p->last_heard_ms : st->uptime_ms;
}

/*
 * A peer we expect to hear from: one we connect to, or one that has
 * connected since the node started.  A peer known by key only that
 * never connects is a relay author, not a fault.
 */
static int
peer_expected(struct tool *t, const Samplan__PeerStatus *p)
{
	const struct config_peer	*cp;

	cp = config_peer_by_name(t->cfg, p->name);
	return (cp != NULL && cp->endpoint != NULL) || p->last_heard_ms >= 0;
}

static void
metrics_store(struct tool *t)
{
	struct statvfs	 vfs;
	struct stat	 sb;
	char		 path[4096];

	snprintf(path, sizeof(path), "%s/data.mdb", t->cfg->data_dir);
	if (stat(path, &sb) == 0) {
		metric_head("samplan_store_bytes", "gauge",
		    "Disk space the store's data.mdb uses, in bytes.");
		metric("samplan_store_bytes", NULL, NULL,
		    (double)sb.st_blocks * 512);
		metric_head("samplan_last_commit_timestamp_seconds", "gauge",
		    "When the store was last written (data.mdb's mtime).");
		metric("samplan_last_commit_timestamp_seconds", NULL, NULL,
		    (double)sb.st_mtim.tv_sec + sb.st_mtim.tv_nsec / 1e9);
	}
	if (statvfs(t->cfg->data_dir, &vfs) == 0) {
		metric_head("samplan_disk_free_bytes", "gauge",
		    "Free space for the node on the store's filesystem.");
		metric("samplan_disk_free_bytes", NULL, NULL,
		    (double)vfs.f_bavail * vfs.f_frsize);
	}
}

static void
metrics_print(struct tool *t, const Samplan__NodeStatus *st)
{
	char		 buf[16];
	size_t		 i, j, up = 0;
	const char	*reason;

	metric_head("samplan_info", "gauge",
	    "The node's name and samplan version; always 1.");
	printf("samplan_info{node=\"");
	label_value(st->name);
	printf("\",version=\"");
	label_value(st->version);
	printf("\"} 1\n");
	metric_head("samplan_uptime_seconds", "gauge",
	    "Seconds since the node started.");
	metric("samplan_uptime_seconds", NULL, NULL, st->uptime_ms / 1000.0);

	metric_head("samplan_feed_head_seq", "gauge",
	    "The last record this node holds of each feed.");
	for (i = 0; i < st->n_heads; i++)
		metric("samplan_feed_head_seq", "feed", tool_author_name(t,
		    st->heads[i]->author.data, buf), (double)st->heads[i]->seq);

	for (i = 0; i < st->n_peers; i++)
		up += st->peers[i]->connected != 0;
	metric_head("samplan_peers", "gauge", "Peers in the config.");
	metric("samplan_peers", NULL, NULL, (double)st->n_peers);
	metric_head("samplan_peers_up", "gauge", "Peers heard from lately.");
	metric("samplan_peers_up", NULL, NULL, (double)up);
	metric_head("samplan_peer_up", "gauge",
	    "1 when the peer was heard from lately, else 0.");
	for (i = 0; i < st->n_peers; i++)
		metric("samplan_peer_up", "peer", st->peers[i]->name,
		    st->peers[i]->connected ? 1 : 0);
	metric_head("samplan_peer_last_heard_seconds", "gauge",
	    "Seconds since the peer was last heard from (peers heard once).");
	for (i = 0; i < st->n_peers; i++)
		if (st->peers[i]->last_heard_ms >= 0)
			metric("samplan_peer_last_heard_seconds", "peer",
			    st->peers[i]->name,
			    st->peers[i]->last_heard_ms / 1000.0);
	metric_head("samplan_peer_lag_records", "gauge",
	    "Records this node holds that the peer has not said it holds, "
	    "summed over feeds.");
	for (i = 0; i < st->n_peers; i++)
		metric("samplan_peer_lag_records", "peer", st->peers[i]->name,
		    (double)status_peer_behind(st, st->peers[i]));
	metric_head("samplan_peer_records_received_total", "counter",
	    "Records received from the peer and accepted.");
	for (i = 0; i < st->n_peers; i++)
		metric("samplan_peer_records_received_total", "peer",
		    st->peers[i]->name,
		    (double)st->peers[i]->records_received);
	metric_head("samplan_peer_records_sent_total", "counter",
	    "Records sent to the peer.");
	for (i = 0; i < st->n_peers; i++)
		metric("samplan_peer_records_sent_total", "peer",
		    st->peers[i]->name, (double)st->peers[i]->records_sent);
	metric_head("samplan_peer_records_duplicate_total", "counter",
	    "Records the peer sent that this node held already.");
	for (i = 0; i < st->n_peers; i++)
		metric("samplan_peer_records_duplicate_total", "peer",
		    st->peers[i]->name,
		    (double)st->peers[i]->records_duplicate);

	metric_head("samplan_records_refused_total", "counter",
	    "Records refused from all peers, by reason.");
	for (i = 0; i < st->n_rejects; i++) {
		reason = st->rejects[i]->reason;
		/* The same reason twice would be a duplicate series. */
		for (j = 0; j < i; j++)
			if (strcmp(st->rejects[j]->reason, reason) == 0)
				break;
		if (j == i)
			metric("samplan_records_refused_total", "reason",
			    reason, (double)st->rejects[i]->count);
	}
	metric_head("samplan_connections_refused_total", "counter",
	    "Connections refused by the node's key allowlist.");
	metric("samplan_connections_refused_total", NULL, NULL,
	    (double)st->auth_refused);
	metric_head("samplan_alerts", "gauge",
	    "Alerts the node raises now (equivocation, disk full).");
	metric("samplan_alerts", NULL, NULL, (double)st->n_alerts);
	metrics_store(t);
}

int
cmd_metrics(struct tool *t, int argc, char **argv)
{
	Samplan__ControlReply	*reply;
	int			 rc;

	if (argc > 1)
		return tool_error("metrics: unknown argument «%s»", argv[1]);
	if ((rc = status_fetch(t, &reply)) != 0)
		return rc;
	metrics_print(t, reply->status);
	wire_free((ProtobufCMessage **)&reply);
	return EXIT_OK;
}

/* Parses a non-negative number for a check option; -1 when bad. */
static long long
check_number(const char *opt, const char *v)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0) {
		printf("SAMPLAN UNKNOWN - %s: '%s' is not a number\n", opt, v);
		return -1;
	}
	return n;
}

/* Appends "; " (unless first) and a reason to the status line's why. */
static void
check_why(char *why, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
check_why(char *why, size_t size, const char *fmt, ...)
{
	va_list	ap;
	size_t	len = strlen(why);

	if (len > 0 && len + 2 < size) {
		memcpy(why + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(why + len, size - len, fmt, ap);
	va_end(ap);
}

static const char *const check_words[] = {
	"OK", "WARNING", "CRITICAL", "UNKNOWN"
};

int
cmd_check(struct tool *t, int argc, char **argv)
{
	Samplan__ControlReply	 *reply;
	const Samplan__NodeStatus *st;
	long long		  max_lag = CHECK_MAX_LAG;
	long long		  max_down = CHECK_MAX_DOWN, *dst;
	uint64_t		  lag, worst_lag = 0;
	int64_t			  down;
	size_t			  i, up = 0;
	int			  code = CHECK_OK, k;
	char			  why[512] = "";
	const char		 *worst_peer = NULL;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--max-lag") == 0)
			dst = &max_lag;
		else if (strcmp(argv[k], "--max-down") == 0)
			dst = &max_down;
		else {
			printf("SAMPLAN UNKNOWN - unknown argument '%s'\n",
			    argv[k]);
			return CHECK_UNKNOWN;
		}
		if (k + 1 >= argc) {
			printf("SAMPLAN UNKNOWN - %s needs a number\n",
			    argv[k]);
			return CHECK_UNKNOWN;
		}
		if ((*dst = check_number(argv[k], argv[k + 1])) < 0)
			return CHECK_UNKNOWN;
		k++;
	}
	if (status_fetch(t, &reply) != 0) {
		printf("SAMPLAN UNKNOWN - no status from node %s (see "
		    "stderr)\n", t->cfg->name);
		return CHECK_UNKNOWN;
	}
	st = reply->status;
	for (i = 0; i < st->n_alerts; i++) {
		code = CHECK_CRITICAL;
		check_why(why, sizeof(why), "%s", st->alerts[i]);
	}
	for (i = 0; i < st->n_peers; i++) {
		const Samplan__PeerStatus *p = st->peers[i];

		up += p->connected != 0;
		lag = status_peer_behind(st, p);
		if (lag > worst_lag) {
			worst_lag = lag;
			worst_peer = p->name;
		}
		if (!peer_expected(t, p))
			continue;
		if ((down = peer_down_ms(st, p)) == 0)
			continue;
		/* Down at all is a warning; down too long is critical. */
		if (down / 1000 > max_down)
			code = CHECK_CRITICAL;
		else if (code < CHECK_WARNING)
			code = CHECK_WARNING;
		check_why(why, sizeof(why), "peer %s down %lld s", p->name,
		    (long long)(down / 1000));
	}
	if (worst_lag > (uint64_t)max_lag) {
		code = CHECK_CRITICAL;
		check_why(why, sizeof(why), "peer %s %" PRIu64 " records "
		    "behind (limit %lld)", worst_peer, worst_lag, max_lag);
	}
	printf("SAMPLAN %s - node %s %s: %zu/%zu peers up, max lag %" PRIu64
	    ", %zu alerts%s%s | peers_up=%zu;;;0;%zu max_lag=%" PRIu64
	    ";;%lld;0 alerts=%zu;;1;0\n", check_words[code], st->name,
	    st->version, up, st->n_peers, worst_lag, st->n_alerts,
	    why[0] ? ": " : "", why, up, st->n_peers, worst_lag, max_lag,
	    st->n_alerts);
	wire_free((ProtobufCMessage **)&reply);
	return code;
}
