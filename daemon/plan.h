/*
 * plan.h - the plans, folded from the signed feeds of one store.
 *
 * plan_load() reads every feed the store holds and builds, per region of
 * the config, the model the views and the command line work on: the
 * coordinator's plan and regional measures, and per member kommune its
 * plan, its decisions on regional measures, its local measures and its
 * status reports.  Nothing here is stored: the records are the truth and
 * this is a pure function of them (DESIGN.md, "Views computed from the
 * records").  Versions are feed seqs: a regional measure's version is the
 * coordinator's seq that last wrote it, and version V of the regional
 * plan is the coordinator's feed up to seq V.
 *
 * Every pointer a model hands out is borrowed from the model and valid
 * until plan_destroy().  No I/O besides the read transaction, no logging.
 */
#ifndef SAMPLAN_PLAN_H
#define SAMPLAN_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "cycle.h"
#include "record.h"
#include "store.h"

/* One record of a feed, decoded. */
struct plan_rec {
	struct entry	 e;		/* owns the envelope and record */
	const char	*author;	/* node name (borrowed from config) */
	uint64_t	 seq;		/* within the author's feed */
	int64_t		 time;		/* author's clock, ms since epoch */
};

/* A measure (regional or local) with all its versions. */
struct plan_measure {
	const char		 *id;		/* as in the records */
	const char		 *owner;	/* node that writes it */
	uint64_t		  created;	/* owner's seq of the first record */
	uint64_t		  version;	/* owner's seq of the latest */
	const Samplan__Measure	 *m;		/* the latest body */
	const struct plan_rec	**v;		/* every version, oldest first */
	size_t			  nv;
};

/* A kommune's latest decision on one regional measure. */
struct plan_decision {
	const char			*measure;	/* regional id */
	const Samplan__Adaptation	*a;		/* latest body */
	const struct plan_rec		*rec;		/* its record */
};

/* The latest status report of a kommune for one measure and period. */
struct plan_report {
	int				 regional;	/* 1: on a regional measure */
	const Samplan__StatusReport	*r;		/* latest body */
	const struct plan_rec		*rec;		/* its record */
};

/* A node's latest evaluation of one innsatsområde or measure. */
struct plan_eval {
	const Samplan__Evaluation	*e;	/* latest body */
	const struct plan_rec		*rec;	/* its record */
};

/*
 * A sequence of plan versions: one author's PlanInfo records for one
 * region, keyed by their plan period, and the version folded.  The
 * region's is the coordinator's; in a region of parallel plans each
 * kommune has its own (plan_seq.c).
 */
struct plan_seq {
	struct cycle_version	*versions;	/* creation order */
	size_t			 nversions;
	long			 in_force;	/* index in versions, or -1 */
	long			 selected;	/* the version folded, or -1 */
	const char		*plan;		/* its key: every record
						   folded belongs to it ("":
						   no versions) */
	const char		*first_key;	/* key of records written
						   without one */
};

/* One node of a region, as this store knows it. */
struct plan_node {
	const char		*name;		/* config name */
	const char		*title;		/* for people ("Østre Toten
						   kommune"; the name when the
						   config gives no title) */
	const char		*kommunenummer;	/* "3442", or NULL */
	size_t			 order;		/* index in the config */
	int			 known;		/* store holds its feed */
	uint64_t		 head;		/* highest seq held here */
	int64_t			 last_time;	/* timestamp at head, ms */
	const Samplan__PlanInfo	*info;		/* latest plan, or NULL */
	const struct plan_rec	*info_rec;
	struct plan_decision	*dec;		/* sorted by measure id */
	size_t			 ndec;
	struct plan_measure	*local;		/* local measures, by id */
	size_t			 nlocal;
	struct plan_report	*reports;	/* by regional, measure, period */
	size_t			 nreports;
	struct plan_eval	*evals;		/* in the order first written */
	size_t			 nevals;
	struct plan_seq		 seq;		/* its own plan versions in a
						   region of parallel plans
						   (versions NULL otherwise);
						   plan and first_key always
						   say what was folded */
};

struct plan_region {
	const struct config_region *cfg;	/* borrowed from the config */
	struct plan_node	 coord;		/* the coordinator; its reports
						   are on the measures the
						   region runs itself */
	struct plan_node	*members;	/* by kommunenummer, then
						   those without one in config
						   order */
	size_t			 nmembers;
	struct plan_measure	*measures;	/* regional, sorted by id */
	size_t			 nmeasures;
	struct cycle_version	*versions;	/* the coordinator's plan
						   versions, creation order */
	size_t			 nversions;
	long			 in_force;	/* index in versions, or -1 */
	long			 selected;	/* the version folded, or -1 */
	const char		*plan;		/* its key: every record
						   above belongs to it ("":
						   no versions) */
	const char		*first_key;	/* key of records written
						   without one */
	int			 parallel;	/* parallel plans: each
						   member folds its own
						   version (member.seq) */
};

struct plan_model {
	struct plan_rec		*recs;		/* every record, by feed */
	size_t			 nrecs;
	struct plan_region	*regions;	/* as in the config */
	size_t			 nregions;
};

/* What a kommune's position on one regional measure is. */
enum plan_choice {
	PLAN_UNDECIDED = 0,	/* "?": no decision, not implied */
	PLAN_ADOPT,		/* explicit, or implied by adopting plan V */
	PLAN_ADAPT,
	PLAN_DECLINE,
};

struct plan_cell {
	enum plan_choice		 choice;
	int				 implicit;	/* adopted with plan V */
	uint64_t			 based_on;	/* version decided on */
	int				 changed;	/* region changed it since */
	int				 flagged;	/* changed, adapt/decline:
							   needs review */
	const Samplan__Adaptation	*a;		/* explicit, or NULL */
	const struct plan_report	*status;	/* latest, or NULL */
};

/*
 * Builds the model of every region of cfg from store s (read-only use).
 * self is this node's public key (may be NULL).  Feeds of authors the
 * config does not know are ignored; undecodable records are skipped.
 * Returns 0 and sets *out (free with plan_destroy), SP_ENOMEM or a store
 * error.
 */
int	plan_load(struct store *s, const struct config *cfg,
	    const uint8_t *self, struct plan_model **out);

/*
 * As plan_load, folding for each region only the records of one plan
 * version: `which` is a key ("2028-2031"), CYCLE_NEXT for the successor
 * of the plan in force, or NULL for the plan in force on `today`
 * (YYYY-MM-DD).  A region without that version folds nothing of it
 * (selected == -1).  Same returns as plan_load.
 */
int	plan_load_plan(struct store *s, const struct config *cfg,
	    const uint8_t *self, const char *which, const char *today,
	    struct plan_model **out);

/*
 * As plan_load_plan with `which` NULL, but for a reporting year: each
 * sequence folds the adopted version whose plan period holds year
 * (cycle_for_year), and only when none does the plan in force on
 * today.  Same returns as plan_load.
 */
int	plan_load_year(struct store *s, const struct config *cfg,
	    const uint8_t *self, int year, const char *today,
	    struct plan_model **out);

/*
 * plan_seq.c: fills *s with the plan versions author wrote for region
 * (its PlanInfo records, keyed; records without a key are its first
 * plan, keyed by the period the latest of them names).  Returns 0 or
 * SP_ENOMEM; free with plan_seq_free.
 */
int	plan_seq_build(const struct plan_model *m, const char *region,
	    const char *author, struct plan_seq *s);

/*
 * Picks the version of s to fold: `which` as in plan_load_plan; when it
 * is NULL and year is not 0, the version year belongs to as in
 * plan_load_year.  Sets in_force, selected and plan.
 */
void	plan_seq_select(struct plan_seq *s, const char *which, int year,
	    const char *today);

/* Frees the versions of s (not s). */
void	plan_seq_free(struct plan_seq *s);

/*
 * The plan sequence that node k's records (k NULL: the coordinator's)
 * belong to as a person sees it: k's own in a region of parallel plans,
 * else the region's.  Fills *out with borrowed pointers.
 */
void	plan_seq_of(const struct plan_region *g, const struct plan_node *k,
	    struct plan_seq *out);

/* Frees the model and sets *m to NULL.  Does nothing on NULL. */
void	plan_destroy(struct plan_model **m);

/*
 * The member of g that a person's word for it names: its node name, its
 * title, or its title without a trailing " kommune" ("Østre Toten"),
 * matched exactly; never a prefix.  NULL when none.
 */
struct plan_node *plan_member_by_label(const struct plan_region *g,
	    const char *label);

/* Lookups; NULL when absent. */
struct plan_region *plan_region(const struct plan_model *, const char *name);
struct plan_node *plan_member(const struct plan_region *, const char *name);
const struct plan_measure *plan_regional(const struct plan_region *,
	    const char *id);
const struct plan_measure *plan_local(const struct plan_node *,
	    const char *id);
const struct plan_decision *plan_decision_of(const struct plan_node *,
	    const char *measure);

/*
 * The region's version: the coordinator's head seq held here.
 */
uint64_t plan_region_version(const struct plan_region *);

/*
 * The focus areas a new measure of node k (NULL: the coordinator) must
 * name: k's own plan's list when it declares one, else the region's.
 * Returns the count (0: any name is taken) and sets *names (borrowed).
 */
size_t	plan_areas(const struct plan_region *, const struct plan_node *k,
	    char ***names);

/*
 * Kommune k's position on regional measure rm (DOMAIN.md 3.1): its latest
 * decision; without one, an implicit adopt when k's plan is adopted
 * (domain_state_adopted) and rm existed in the regional version it
 * adopted; else undecided.  A decision made on an older version than the
 * measure's current one is `changed`; for adapt and decline also
 * `flagged` for review.  Fills *out.
 */
void	plan_cell(const struct plan_region *, const struct plan_node *k,
	    const struct plan_measure *rm, struct plan_cell *out);

/*
 * The effective measure: rm's fields overlaid by a's overrides when a is
 * an ADAPT decision.  Fills *out with strings borrowed from rm and a.
 */
void	plan_effective(const Samplan__Measure *rm, const Samplan__Adaptation *a,
	    Samplan__Measure *out);

/* The override of field in a, or NULL when a does not override it. */
const char *plan_override(const Samplan__Adaptation *a, const char *field);

/*
 * The version of rm current at the owner's seq `at` (the latest with seq
 * <= at), or NULL when rm did not exist then.
 */
const Samplan__Measure *plan_measure_at(const struct plan_measure *rm,
	    uint64_t at);

/*
 * The latest report of k on a measure (regional != 0: a regional one):
 * the latest period, and within it the latest record.  NULL if none.
 * With period non-NULL, only reports for that exact period count.
 */
const struct plan_report *plan_status(const struct plan_node *k,
	    int regional, const char *measure, const char *period);

/* Orders reporting periods: by year, then by the end of the period. */
int	plan_period_cmp(const char *a, const char *b);

/*
 * The latest report of k on a measure as it stood at the end of period
 * (any period: a year, a half, a third): the report of the latest period
 * that ends no later than period ends, withdrawn reports left out.  A
 * 2024 "gjennomført" is still the status at the end of 2025.  NULL if
 * none.
 */
const struct plan_report *plan_status_at(const struct plan_node *k,
	    int regional, const char *measure, const char *period);

/*
 * Returns 1 when report period inner lies within period outer ("2025H1"
 * and "2025T1" within "2025"; "2025T2" not within "2025H1"), else 0.
 */
int	plan_period_contains(const char *outer, const char *inner);

/*
 * The first and last day of period p as ISO dates.  Returns 0, or
 * SP_EINVAL when p is no period.
 */
int	plan_period_bounds(const char *p, char first[11], char last[11]);

/*
 * Today as YYYY-MM-DD: $SAMPLAN_TODAY when it is a date (the test clock),
 * else the date in Europe/Oslo, the time of every date a person reads.
 * Returns 0, or SP_EINVAL when SAMPLAN_TODAY is set but not a date.
 */
int	plan_today(char out[11]);

/* The date in Europe/Oslo (CET/CEST, EU rule) at `now`, as YYYY-MM-DD. */
void	plan_oslo_date(time_t now, char out[11]);

/*
 * Returns 1 when frist has passed on today (a date) and status (a code,
 * or NULL for none) is not gjennomfort, lopende or bortfalt.  A frist
 * that is a year falls due on December 31; løpende and årlig never do.
 */
int	plan_overdue(const char *frist, const char *status, const char *today);

#endif
