/*
 * decide.h - building the records a kommune or coordinator writes about
 * measures: a kommune's decision on a regional measure (adopt, adapt,
 * decline) and copies of measures to edit.
 *
 * The command line, the import of decision files and the import of
 * reports all build through here, so every path applies the same rules
 * against the same plan model.  Pure: no I/O, no logging; a refusal
 * comes back as the field and a message for people (UTF-8, English
 * grammar with the users' Norwegian words).
 */
#ifndef SAMPLAN_DECIDE_H
#define SAMPLAN_DECIDE_H

#include <stddef.h>

#include "plan.h"
#include "samplan.pb-c.h"

#define DECIDE_MSG_MAX	512	/* bytes of a refusal message */

/* One FIELD=VALUE pair as a person gave it (strings borrowed). */
struct field_value {
	const char	*field;
	const char	*value;
};

/* Why a build was refused. */
struct decide_error {
	const char	*field;			/* the field: static, or a
						   borrowed from the action,
						   sets or unset given */
	char		 msg[DECIDE_MSG_MAX];	/* what is wrong, for people */
};

/*
 * Builds kommune k's decision on regional measure id of region g:
 * action is "adopt", "adapt" or "decline"; sets[0..nset) the overrides
 * of an adapt (in the users' words: a frist 31.12.2026 is stored
 * 2026-12-31), added to those of an earlier adapt decision minus
 * unset[0..nunset); reason may be NULL.  k NULL means the writer is no
 * member (coord says whether it coordinates g).  Returns 0 with *out a
 * new Adaptation (free with wire_free), SP_EINVAL with *err filled, or
 * SP_ENOMEM.
 */
int	decide_build(const struct plan_region *g, const struct plan_node *k,
	    int coord, const char *action, const char *id,
	    const struct field_value *sets, size_t nset,
	    const char *const *unset, size_t nunset, const char *reason,
	    Samplan__Adaptation **out, struct decide_error *err);

/* What a status report says, in the users' words (strings borrowed). */
struct report_input {
	const char	*measure;	/* id, any case when unambiguous */
	const char	*period;	/* "2025", "2025H1", "2025T2" */
	const char	*status;	/* code or label; NULL when withdrawing */
	const char	*note;		/* may be NULL */
	const char	*verdi;		/* measured value, may be NULL */
	int		 withdraw;	/* withdraw the report; note = reason */
};

/*
 * Checks a reporting period of who in region g (k: who as member, NULL
 * for the coordinator) on today (YYYY-MM-DD): a period (2025, 2025H1..H2,
 * 2025T1..T3) that has begun, and not before the plan period (periode of
 * who's plan, else the region's, as folded).  The rule of
 * decide_report(), also for the views of a period.  Returns 0, or
 * SP_EINVAL with *err.
 */
int	decide_period(const struct plan_region *g, const struct plan_node *k,
	    const char *period, const char *today, struct decide_error *err);

/*
 * Builds a status report of node `who` in region g (k: who as member,
 * NULL for the coordinator, coord: who coordinates g) from in, judged
 * on today (YYYY-MM-DD): the measure must be in who's plan (regional,
 * local, or for the coordinator a regional measure gjennomfores_av
 * region); the period may not begin after today nor before the plan
 * period (periode of who's plan or else the region's); a withdrawal
 * needs a reason and a report to withdraw.  An avsluttet measure takes
 * withdrawals, and new reports only for periods that ended, by today,
 * before the day it was retired (its owner's record of that).  Returns 0 with
 * *out a new StatusReport (free with wire_free), SP_EINVAL with *err,
 * or SP_ENOMEM.
 */
int	decide_report(const struct plan_region *g, const struct plan_node *k,
	    int coord, const struct report_input *in, const char *today,
	    Samplan__StatusReport **out, struct decide_error *err);

/*
 * The regional or local measure of k (NULL: the region's only) whose id
 * is `id`, or else the one whose id equals it ignoring the case of A-Z
 * and ÆØÅ when exactly one does.  *regional says which.  NULL when none
 * or ambiguous.
 */
const struct plan_measure *decide_find_measure(const struct plan_region *g,
	    const struct plan_node *k, const char *id, int *regional);

/*
 * Counts the regional measures of g and the local ones of k (NULL: none)
 * whose id equals id ignoring the case of A-Z and ÆØÅ, and writes their
 * ids to list[0..size) ("GR-MF-02, gr-mf-02"; ", ..." when they do not
 * fit).  More than one means a lookup of id is ambiguous.
 */
size_t	decide_measure_matches(const struct plan_region *g,
	    const struct plan_node *k, const char *id, char *list,
	    size_t size);

/*
 * The measure a new id would clash with: one whose id equals id, or
 * differs from it only in the case of A-Z and ÆØÅ, among the regional
 * measures of g and the local ones of k (k NULL, for the coordinator:
 * of every member).  *local_of is the member whose local measure it is,
 * NULL for a regional one.  NULL when the id is free.
 */
const struct plan_measure *decide_id_taken(const struct plan_region *g,
	    const struct plan_node *k, const char *id,
	    const struct plan_node **local_of);

/* A deep copy of m (the caller's; free with wire_free), or NULL. */
Samplan__Measure *decide_measure_dup(const Samplan__Measure *m);

/*
 * Returns 1 when a and b hold the same measure: every field of
 * domain_measure_fields(), the retired flag and the fields that came
 * with later versions of the format; the region aside.
 */
int	decide_measure_same(const Samplan__Measure *a,
	    const Samplan__Measure *b);

#endif
