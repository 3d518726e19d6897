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
#include "keys.h"
#include "samplan.pb-c.h"
#include "store.h"

#define CTL_TIMEOUT_MS	10000	/* wait this long for the node to answer */

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
	uint8_t		 self[KEY_PUBLIC_LEN];	/* our key, when loaded */
	int		 have_self;
	const char	*av;		/* --av NAME: who writes, or NULL */
};

struct command {
	const char	*name;		/* first word */
	const char	*sub;		/* second word, or NULL */
	int		(*run)(struct tool *, int argc, char **argv);
	int		 needs_config;	/* loads -c FILE first */
	const char	*usage;		/* one line */
};

/* Prints "samplan: " and the message to stderr; returns EXIT_USAGE. */
int	tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Opens the node's store read-only; prints a clear error on failure. */
int	tool_open_store(struct tool *, struct store **out);

/* The node name of a feed's author key, or its hex prefix. */
const char *tool_author_name(struct tool *, const uint8_t *key, char buf[16]);

/*
 * Sends req to the local node and waits for the reply.  Returns 0 and
 * sets *reply (free with wire_free), or EXIT_NODE after printing why.
 */
int	ctl_call(struct tool *, const Samplan__ControlRequest *req,
	    Samplan__ControlReply **reply);

/* Converts any protobuf-c message to JSON, field names as keys. */
json_t	*json_from_message(const ProtobufCMessage *m);

/* Prints j to stdout, indented, sorted keys, newline; decrefs j. */
void	json_print(json_t *j);

/* Commands. */
int	cmd_keygen(struct tool *, int, char **);
int	cmd_verify(struct tool *, int, char **);
int	cmd_dump(struct tool *, int, char **);
int	cmd_status(struct tool *, int, char **);
int	cmd_measure(struct tool *, int, char **);
int	cmd_plan(struct tool *, int, char **);
int	cmd_decide(struct tool *, int, char **);
int	cmd_report(struct tool *, int, char **);
int	cmd_region(struct tool *, int, char **);
int	cmd_history(struct tool *, int, char **);
int	cmd_import(struct tool *, int, char **);
int	cmd_export(struct tool *, int, char **);
int	cmd_import_decisions(struct tool *, int, char **);
int	cmd_redact(struct tool *, int, char **);
int	cmd_compact(struct tool *, int, char **);

/* Sends one write request to the node and reports it (cmd_measure.c). */
int	tool_write(struct tool *, const Samplan__ControlRequest *req,
	    const char *what);

#endif
