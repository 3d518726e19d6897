/*
 * planctx.h - what the plan commands share: their options, and the
 * plan model of the local store with this node's role in its region.
 */
#ifndef SAMPLAN_PLANCTX_H
#define SAMPLAN_PLANCTX_H

#include <stddef.h>

#include "decide.h"
#include "plan.h"
#include "samplan.h"
#include "table.h"

/* Options a command accepts (opts_parse's `allow`). */
#define OPT_SET		0x0001	/* --set FIELD=VALUE (repeatable) */
#define OPT_UNSET	0x0002	/* --unset FIELD (repeatable) */
#define OPT_REASON	0x0004	/* --reason TEXT */
#define OPT_NOTE	0x0008	/* --note TEXT */
#define OPT_PERIOD	0x0010	/* --period P */
#define OPT_STATUS	0x0020	/* --status S */
#define OPT_KOMMUNE	0x0040	/* --kommune K */
#define OPT_REGION	0x0080	/* --region R */
#define OPT_FORMAT	0x0100	/* --json, --csv */
#define OPT_MARKDOWN	0x0200	/* --markdown */
#define OPT_OUT		0x0400	/* --out FILE */
#define OPT_DELIM	0x0800	/* --semicolon */
#define OPT_ADOPT	0x1000	/* --adopt-regional */
#define OPT_REGIONAL	0x2000	/* --regional */
#define OPT_TECHNICAL	0x4000	/* --technical */
#define OPT_WITHDRAW	0x8000	/* --withdraw */
#define OPT_HTML	0x10000	/* --html */
#define OPT_VERDI	0x20000	/* --verdi NUMBER */
#define OPT_PLAN	0x40000	/* --plan PERIOD|neste: every plan command */
#define OPT_AVSLUTT	0x80000	/* --avslutt ID (repeatable) */
#define OPT_WITH	0x100000	/* --with PERIOD|neste (plan compare) */
#define OPT_GRUNN	0x200000	/* --grunn TEXT (plan discard) */

#define OPTS_MAX_SET	64	/* --set options on one command line */
#define OPTS_MAX_POS	4	/* positional arguments */


struct opts {
	struct field_value	 set[OPTS_MAX_SET];	/* into argv */
	size_t		 nset;
	const char	*unset[OPTS_MAX_SET];
	size_t		 nunset;
	const char	*reason, *note, *period, *status, *verdi;
	const char	*kommune, *region, *out;
	const char	*plan;		/* --plan, also in t->plan */
	const char	*with;		/* --with: the plan compared with */
	const char	*grunn;		/* --grunn: why a plan is discarded */
	const char	*avslutt[OPTS_MAX_SET];	/* --avslutt ID */
	size_t		 navslutt;
	char		 delim;		/* ',' or ';' */
	int		 adopt;		/* --adopt-regional */
	int		 regional;	/* --regional */
	int		 technical;	/* --technical */
	int		 withdraw;	/* --withdraw */
	const char	*pos[OPTS_MAX_POS];
	size_t		 npos;
};

/*
 * Parses argv[1..argc) of command `cmd` into *o, allowing the options in
 * `allow` and up to npos positional words.  Every value must be UTF-8.
 * Sets t->json/csv/markdown.  Returns 0, or EXIT_USAGE after one line
 * naming the option and the reason.
 */
int	opts_parse(struct tool *t, const char *cmd, int argc, char **argv,
	    unsigned allow, size_t npos, struct opts *o);

/* The local store's plan model and this node's place in one region. */
struct ctx {
	struct store		*s;
	struct plan_model	*m;
	struct plan_region	*g;	/* the region worked on */
	struct plan_node	*k;	/* this node as member, or NULL */
	int			 coord;	/* this node coordinates g */
	char			 today[11];	/* YYYY-MM-DD */
};

/*
 * Opens the store read-only, loads the model and picks the region: the
 * one named (must be in the config), else the first this node
 * coordinates or joins.  Returns 0 or an exit status after printing why.
 */
int	ctx_open(struct tool *t, const char *region, struct ctx *c);
void	ctx_close(struct ctx *c);

/*
 * The plan sequence this node works on: in a region of parallel plans
 * a kommune's own, else the region's (plan_seq_of).  Borrowed from c.
 */
void	ctx_seq(const struct ctx *c, struct plan_seq *out);

/* Whose plans those are: the kommune's title, or the region's name. */
const char *ctx_owner(const struct ctx *c);

/* The table format chosen by --csv/--excel/--markdown/--html. */
enum table_format ctx_format(const struct tool *t);

/* "2025-03-01T12:00Z" from ms since the epoch, into buf[24]. */
const char *ctx_time(int64_t ms, char buf[24]);

/* Sends one write to the node; quiet: print nothing on success. */
/*
 * Sends n single-body requests as one WriteBatch: the node appends all of
 * them in one transaction or none.  Prints an error naming what failed.
 * Returns 0 or an exit status.  n == 0 sends nothing.
 */
int	tool_send_batch(struct tool *t, Samplan__ControlRequest *const *reqs,
	    size_t n, const char *what);
int	tool_send(struct tool *t, const Samplan__ControlRequest *req,
	    const char *what, int quiet);

/*
 * Reads the CSV file path into *text (NUL-ended, the caller's) and *len,
 * converted to UTF-8 when Excel saved it as Windows-1252 (a note on
 * stderr says so).  Returns 0 or an exit status after printing why.
 */
int	tool_read_csv(const char *path, char **text, size_t *len);

/*
 * Checks that area is one of the innsatsområder the plan of k (NULL: the
 * region's) declares, when it declares any.  Returns 0, or prints
 * "samplan: innsatsomrade: ..." (prefix `where` when not NULL) and
 * returns EXIT_USAGE.
 */
int	ctx_check_area(const struct ctx *c, const char *area,
	    const char *where);

/*
 * Checks --period of a view of k's plan (NULL: the region's) as a
 * report on it is checked (decide_period): refused when it has not
 * begun by c->today or is before the plan period.  Passes without
 * --period, and with --plan (any period of the version named).
 * Returns 0, or EXIT_USAGE after "samplan: period: ...".
 */
int	ctx_check_period(const struct tool *t, const struct ctx *c,
	    const struct plan_node *k);

/*
 * Checks that id is free for a new measure of this node: no regional
 * measure, no local one of this kommune (for the coordinator: of any
 * member) has it in any case (GR-MF-02, gr-mf-02).  Returns 0, or
 * prints "samplan: [where: ]id: ... taken ..." naming the measure and
 * returns EXIT_USAGE.
 */
int	ctx_check_new_id(const struct ctx *c, const char *id,
	    const char *where);

/* A deep copy of a PlanInfo (NULL: an empty one) for region (cmd_plan.c). */
Samplan__PlanInfo *planinfo_copy(const Samplan__PlanInfo *old,
	    const char *region);

/*
 * cmd_cycle.c: sets a field of the political handling (horing.*,
 * innstilling.*, vedtak.arkivref) in p; returns -1 when f is none of
 * them, else 0 or an exit status after saying why.
 */
int	cycle_plan_field(Samplan__PlanInfo *p, const char *f, const char *v);

/* Copies the cycle's fields (plan key, høring, innstilling) of old. */
int	cycle_plan_copy(Samplan__PlanInfo *p, const Samplan__PlanInfo *old);

/* Prints the plan's context fields and høring, each only when set. */
void	cycle_plan_context(struct tool *t, const Samplan__PlanInfo *p);

/*
 * The prosessplan of p as a timeline under heading: milestones by
 * planned date, with who is responsible and "forsinket" when late.
 * Prints nothing when p has none.
 */
void	cycle_timeline(struct tool *t, const Samplan__PlanInfo *p,
	    const char *heading, const char *today);

/* The saksgang step a kommune's plan has reached ("på høring", ...). */
const char *cycle_step(const Samplan__PlanInfo *p, const char *today);

/* "Driftskomiteen 25.09.2019, sak 26/19, arkiv 2019/5699" or "-", in buf. */
const char *cycle_sak_text(const Samplan__Vedtak *v, char *buf, size_t size);

/* The høring of p, "20.03.2024–03.04.2024", or "-", in buf. */
const char *cycle_horing_text(const Samplan__PlanInfo *p, char *buf,
	    size_t size);

/*
 * cycle_own.c: in a region of parallel plans, each kommune's own plan
 * versions with their role, state, saksgang step, vedtak and i_kraft,
 * as a table under a heading (cycle_own_doc) or a JSON array.  Nothing
 * for a region with a shared plan.
 */
void	cycle_own_doc(struct tool *t, const struct plan_region *g,
	    const char *today);
json_t	*cycle_own_json(const struct plan_region *g, const char *today);

/*
 * cycle_own.c, for `samplan region` in a region of parallel plans: per
 * kommune the plan shown (its own version), its state, vedtak and
 * i_kraft, and where its next plan stands (state and saksgang step).
 */
void	cycle_own_states(struct tool *t, const struct plan_region *g,
	    const char *today);

/* cmd_cycle.c: 1 when --avslutt names id (it ends with the period). */
int	opts_ends(const struct opts *o, const char *id);

/* cmd_cycle.c: frees n requests of a revision batch and their bodies. */
void	cycle_reqs_free(Samplan__ControlRequest **reqs, size_t n);

/*
 * cycle_carry.c: `plan revise --plan neste|PERIOD` on kommune c->k of a
 * shared-plan region: its local measures (not retired, not --avslutt)
 * carried into the region's next plan in one batch; refused when that
 * is not the next plan or the kommune has measures in it already.
 * Returns 0 or an exit status after saying why.
 */
int	cycle_carry_local(struct tool *t, const struct ctx *c,
	    const struct opts *o, const char *key);

/*
 * cycle_discard.c: `plan discard --plan PERIOD [--grunn TEXT]`: the
 * version's PlanInfo again with state forkastet, refused for the plan
 * in force, an adopted version, an unknown one, and a kommune of a
 * shared plan.  Returns 0 or an exit status after saying why.
 */
int	cycle_discard(struct tool *t, int argc, char **argv);

/*
 * cycle_discard.c: `plan revise --plan PERIOD` on discarded version i
 * of q (this node's sequence in c): its PlanInfo again as a draft
 * (under_utarbeidelse), its measures unchanged; refused while another
 * successor exists (named) or when it came before the plan in force.
 */
int	cycle_revive(struct tool *t, const struct ctx *c,
	    const struct plan_seq *q, long i, const struct opts *o);

/* `plan revise`, `plan discard` and `plan versions`; argv[0] is the
 * subcommand. */
int	cmd_plan_cycle(struct tool *t, int argc, char **argv);

/*
 * `plan compare [--plan A] [--with B] [--kommune K]` (cmd_compare.c):
 * the measures of two plan versions side by side; argv[0] is "compare".
 */
int	cmd_plan_compare(struct tool *t, int argc, char **argv);

/*
 * history_plan.c: the plan version record rec of region g belongs to
 * (its key, or its author's first plan when it has none).
 */
const char *history_plan_key(const struct plan_region *g,
	    const struct plan_rec *rec);

/*
 * Returns 1 when rec is a plan-cycle record of region g (a PlanInfo or
 * Evaluation of its coordinator or a member); with only_selected, only
 * when it belongs to the version its author's records were folded with.
 */
int	history_plan_concerns(const struct plan_region *g,
	    const struct plan_rec *rec, int only_selected);

/*
 * Describes PlanInfo record rec of g against prev (the same node's
 * previous record of the same version; NULL: the first) into buf.
 */
void	history_plan_describe(const struct plan_region *g,
	    const struct plan_rec *rec, const Samplan__PlanInfo *prev,
	    char *buf, size_t size);

/* Describes an evaluation ("evaluering av 2024-2027: nådd — ...") in buf. */
void	history_eval_describe(const Samplan__Evaluation *e, char *buf,
	    size_t size);

/* A measure's fields as JSON, keyed by the CSV column names. */
json_t	*measure_json(const Samplan__Measure *m);

/* A report as JSON (period, status, label, note, seq), or null. */
json_t	*report_json(const struct plan_report *r);

/*
 * Prints "samplan: WHERE: FIELD: message" (WHERE left out when NULL) and
 * returns EXIT_USAGE.
 */
int	ctx_error(const char *where, const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Builds kommune c->k's decision on regional measure id with
 * decide_build() (daemon/decide.c).  On success *out is a new
 * Adaptation (free with wire_free) and 0 is returned, else EXIT_USAGE
 * after one line naming the field (prefixed with where, when not NULL).
 */
int	decision_build(const struct ctx *c, const char *where,
	    const char *action, const char *id, const struct field_value *sets,
	    size_t nset, const char *const *unset, size_t nunset,
	    const char *reason, Samplan__Adaptation **out);

#endif
