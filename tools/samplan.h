/*
 * samplan.h - what the commands of the `samplan` tool share: the parsed
 * global options, the loaded config, and helpers to reach the local node
 * (ctl.c) or read its store (open read-only, works without the node).
 */
#ifndef SAMPLAN_TOOL_H
#define SAMPLAN_TOOL_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "config.h"
#include "i18n.h"
#include "keys.h"
#include "samplan.pb-c.h"
#include "store.h"

#define CTL_TIMEOUT_MS	10000	/* wait this long for the node to answer */
#define CTL_QUERY_MS	1500	/* status, metrics, check: answer within 2 s */

/* Exit statuses. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* the command ran and found a fault */
#define EXIT_USAGE	2	/* bad arguments or input: nothing written */
#define EXIT_NODE	3	/* the node is not running or did not answer */

struct tool {
	const char	*config_path;	/* -c FILE */
	struct config	*cfg;		/* loaded config, or NULL */
	int		 json;		/* --json */
	int		 csv;		/* --csv */
	int		 markdown;	/* --markdown */
	int		 html;		/* --html: one self-contained page */
	int		 excel;		/* --excel: CSV for Norwegian Excel */
	int		 doc_gap;	/* doc.c, Markdown: a blank line
					   was the last thing written */
	uint8_t		 self[KEY_PUBLIC_LEN];	/* our key, when loaded */
	int		 have_self;
	int		 ctl_timeout_ms;	/* 0: CTL_TIMEOUT_MS */
	const char	*av;		/* --av NAME: who writes, or NULL */
	const char	*plan;		/* --plan PERIOD|neste, or NULL */
	const char	*period;	/* --period P, or NULL: without
					   --plan, the plan whose plan
					   period holds its year */
	const char	*plan_stamp;	/* the plan version writes belong
					   to, or NULL: unstamped (the
					   region has one plan) */
	int		 plan_read_only;	/* --plan names only other
					   nodes' plans (parallel plans):
					   reads, no writes */
	int		 plan_discarded;	/* --plan names a discarded
					   version (forkastet): reads, no
					   writes */
};

struct command {
	const char	*name;		/* first word */
	const char	*sub;		/* second word, or NULL */
	int		(*run)(struct tool *, int argc, char **argv);
	int		 needs_config;	/* loads -c FILE first */
	const char	*usage;		/* one line */
	const char	*help;		/* what `CMD --help` adds: lines */
};

/* Prints "samplan: " and the message to stderr; returns EXIT_USAGE. */
int	tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Flushes and closes stdout; on a write error (full disk, closed pipe)
 * says so and returns EXIT_FAIL in place of EXIT_OK.  Returns rc else.
 */
int	tool_exit(int rc);

/* Opens the node's store read-only; prints a clear error on failure. */
int	tool_open_store(struct tool *, struct store **out);

/*
 * The user's language for an error text from the node (which sends the
 * English source, as the library's checks return it): the whole text
 * when the catalog has it, else "FIELD: reason" with the reason after
 * the last ": " translated.  Returns text, a catalog string or buf.
 */
const char *tool_translate(const char *text, char *buf, size_t len);

/* The node name of a feed's author key, or its hex prefix. */
const char *tool_author_name(struct tool *, const uint8_t *key, char buf[16]);

/*
 * Sends req to the local node and waits for the reply.  Returns 0 and
 * sets *reply (free with wire_free), or EXIT_NODE after printing why.
 */
int	ctl_call(struct tool *, const Samplan__ControlRequest *req,
	    Samplan__ControlReply **reply);

/*
 * Asks the node for its status, waiting at most CTL_QUERY_MS.  Returns 0
 * and sets *reply (reply->status is set; free with wire_free), or
 * EXIT_NODE / EXIT_FAIL after printing why (cmd_status.c).
 */
int	status_fetch(struct tool *, Samplan__ControlReply **reply);

/* Records the node holds that peer p has not said it holds. */
uint64_t status_peer_behind(const Samplan__NodeStatus *st,
	    const Samplan__PeerStatus *p);

/* Converts any protobuf-c message to JSON, field names as keys. */
json_t	*json_from_message(const ProtobufCMessage *m);

/* Prints j to stdout, indented, sorted keys, newline; decrefs j. */
void	json_print(json_t *j);

/* Commands. */
int	cmd_keygen(struct tool *, int, char **);
int	cmd_rotate_key(struct tool *, int, char **);
int	cmd_verify(struct tool *, int, char **);
int	cmd_dump(struct tool *, int, char **);
int	cmd_status(struct tool *, int, char **);
int	cmd_measure(struct tool *, int, char **);
int	cmd_plan(struct tool *, int, char **);
int	cmd_decide(struct tool *, int, char **);
int	cmd_report(struct tool *, int, char **);
int	cmd_region(struct tool *, int, char **);
int	cmd_evaluation(struct tool *, int, char **);
int	cmd_history(struct tool *, int, char **);
int	cmd_import(struct tool *, int, char **);
int	cmd_export(struct tool *, int, char **);
int	cmd_import_decisions(struct tool *, int, char **);
int	cmd_import_reports(struct tool *, int, char **);
int	cmd_keygen_owner(struct tool *, int, char **);	/* cmd_owner.c */
int	cmd_metrics(struct tool *, int, char **);	/* cmd_monitor.c */
int	cmd_check(struct tool *, int, char **);		/* cmd_monitor.c */
int	cmd_alerts(struct tool *, int, char **);
int	cmd_alerts_ack(struct tool *, int, char **);

/* An envelope as JSON / printed, decoded and checked (cmd_alerts.c). */
json_t	*tool_envelope_json(struct tool *, const Samplan__Envelope *env);
void	 tool_print_envelope(struct tool *, const Samplan__Envelope *env);
int	cmd_redact(struct tool *, int, char **);
int	cmd_compact(struct tool *, int, char **);

/* Sends one write request to the node and reports it (cmd_measure.c). */
int	tool_write(struct tool *, const Samplan__ControlRequest *req,
	    const char *what);

#endif
