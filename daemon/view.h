/*
 * view.h - the views people read, computed from a plan model.
 *
 * view_plan_*: one kommune's effective plan (or the coordinator's
 * regional plan), grouped by innsatsområde.  view_region_*: the region
 * matrix (regional measures x kommuner), the totals per innsatsområde,
 * the exceptions a coordination group acts on (DOMAIN.md 4) and how far
 * each node's copy is behind.  Pure data: formatting is the tool's.
 * Every order is fixed (areas in the plan's declared order, then by
 * domain_collate; ids by strcmp; kommuner in config order), so two views
 * of the same records are identical.  Strings are borrowed from the model.
 */
#ifndef SAMPLAN_VIEW_H
#define SAMPLAN_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

/* Where a measure of a kommune's plan comes from. */
#define VIEW_REGIONAL	"regional"	/* adopted (or not yet decided) */
#define VIEW_ADAPTED	"adapted"	/* regional, with local overrides */
#define VIEW_LOCAL	"local"		/* the kommune's own */
#define VIEW_DECLINED	"declined"	/* regional, declined */

struct view_item {
	size_t				 area;		/* index in areas[] */
	const char			*origin;	/* VIEW_* */
	Samplan__Measure		 eff;		/* effective fields */
	const struct plan_measure	*pm;		/* regional or local */
	struct plan_cell		 cell;		/* regional only */
	const struct plan_report	*status;	/* latest, or NULL */
	int				 overdue;	/* frist passed, not done */
	int				 retired;	/* avsluttet: shown with its
							   results, never overdue */
};

struct view_plan {
	const struct plan_region *g;
	char			  period[8];	/* the period shown */
	char			  judged[11];	/* overdue judged on: the
						   period's end, or today */
	const struct plan_node	 *k;		/* NULL: the regional plan */
	const char		**areas;	/* display order */
	size_t			  nareas;
	struct view_item	 *items;	/* by area, then id */
	size_t			  nitems;
};

/*
 * Builds kommune k's effective plan in region g (k NULL: the region's
 * own plan, regional measures only) for period (NULL: the year of
 * today): each status as it stood at the end of the period
 * (plan_status_at), `overdue` judged on the period's last day, or on
 * today (YYYY-MM-DD) while the period runs.  Retired (avsluttet)
 * measures stay, marked `retired`, with their results.  Returns 0 and sets *out (free with view_plan_destroy), SP_EINVAL
 * when period is no period, or SP_ENOMEM.
 */
int	view_plan_build(const struct plan_region *g, const struct plan_node *k,
	    const char *today, const char *period, struct view_plan **out);
void	view_plan_destroy(struct view_plan **v);

/*
 * What a coordinator should notice about item it of v, in Norwegian
 * ("avsluttet: REASON", "ny, ikke tatt stilling", "endret regionalt:
 * til vurdering", "forfalt"), written to buf (size bytes); returns buf,
 * "" when nothing.
 */
const char *view_item_concerns(const struct view_plan *v,
	    const struct view_item *it, char *buf, size_t size);

/* An origin (VIEW_*) as people read it: "regionalt", "tilpasset", ... */
const char *view_origin_label(const char *origin);

/* A decision as people read it: "vedtatt", "tilpasset", "avslått",
 * "ikke tatt stilling". */
const char *view_choice_label(enum plan_choice c);

enum view_exception_kind {
	VIEW_EX_DECLINED,	/* declined, with the reason */
	VIEW_EX_CHANGED,	/* an adaptation changed frist/ansvar/indikator */
	VIEW_EX_FLAGGED,	/* region changed it after adapt/decline */
	VIEW_EX_UNDECIDED,	/* no decision and not implied */
	VIEW_EX_OVERDUE,	/* frist passed, not done */
	VIEW_EX_MISSING,	/* no report within the period, unless done
				   or dropped by then */
};

struct view_exception {
	enum view_exception_kind kind;
	const char		*kommune;	/* node name */
	const char		*measure;	/* id */
	const char		*field;		/* CHANGED: the field */
	const char		*old;		/* CHANGED: regional value;
						   OVERDUE: frist */
	const char		*new;		/* CHANGED: local value;
						   DECLINED: reason;
						   OVERDUE: status code or "" */
	uint64_t		 based_on;	/* FLAGGED: version decided on */
	uint64_t		 version;	/* FLAGGED: current version */
};

/* How far one node's copy in this store is. */
struct view_copy {
	const char	*name;		/* node name */
	int		 coordinator;	/* 1 for the region's coordinator */
	int		 known;		/* this store holds its feed */
	uint64_t	 head;		/* highest seq held here */
	int64_t		 last_time;	/* its timestamp, ms */
	uint64_t	 seen;		/* regional version it has decided on
					   or adopted (coordinator: head) */
	uint64_t	 adopted;	/* regional version its plan adopted */
	uint64_t	 behind;	/* region version - seen */
};

/* Counts of one innsatsområde for one kommune. */
struct view_total {
	size_t	measures;	/* regional measures in the area */
	size_t	local;		/* active local measures in the area */
	size_t	in_effect;	/* adopted, adapted, or local */
	size_t	declined;
	size_t	undecided;
	size_t	flagged;
	size_t	status[7];	/* latest status, by domain_status_codes() */
	size_t	done;		/* latest status gjennomfort */
};

struct view_region {
	const struct plan_region *g;
	const char		**areas;	/* display order */
	size_t			  nareas;
	const struct plan_measure **rows;	/* by area then id; retired
						   (avsluttet) ones too, with
						   their results but no
						   exceptions or totals */
	size_t			 *row_area;	/* area index of each row */
	size_t			  nrows;
	struct plan_cell	 *cells;	/* nrows x g->nmembers */
	struct view_total	 *totals;	/* nareas x g->nmembers */
	struct view_exception	 *ex;		/* by kind, kommune, id */
	size_t			  nex;
	struct view_copy	 *copies;	/* coordinator, then members */
	size_t			  ncopies;
	const struct plan_report **region_status; /* per row: the region's
						   own status at period end
						   when it runs the measure
						   (gjennomfores_av=region) */
	size_t			  region_run;	/* rows the region runs */
	uint64_t		  version;	/* the region's version */
	char			  period[8];	/* the period reported on */
	char			  judged[11];	/* overdue judged on: the
						   period's end, or today */
};

/*
 * Builds the region view of g for period (NULL: the year of today,
 * YYYY-MM-DD): cells hold each kommune's status at the end of the
 * period, overdue is judged on the period's last day (or today while it
 * runs), missing means no report within the period.  Returns 0 and sets
 * *out (free with view_region_destroy), SP_EINVAL when period is no
 * period, or SP_ENOMEM.
 */
int	view_region_build(const struct plan_region *g, const char *today,
	    const char *period, struct view_region **out);
void	view_region_destroy(struct view_region **v);

/* The cell of row r, member j. */
const struct plan_cell *view_region_cell(const struct view_region *,
	    size_t r, size_t j);

/*
 * Row r's count of kommuner whose status at the end of the period is
 * gjennomført, and of those that have it in effect (not declined).
 */
void	view_region_row_done(const struct view_region *v, size_t r,
	    size_t *done, size_t *in_effect);

/* 1 when the coordination group carries m out (gjennomfores_av). */
int	view_region_run(const Samplan__Measure *m);

/* The kind's heading in a report, Norwegian ("Avslått", ...). */
const char *view_exception_title(enum view_exception_kind);

/* The kind's name, as JSON and CSV print it ("declined", ...). */
const char *view_exception_name(enum view_exception_kind);

/* The decision's code: "adopt", "adapt", "decline" or "undecided". */
const char *view_choice_name(enum plan_choice);

#endif
