/*
 * cycle.h - plan versions: the four-year cycle of a region's plan.
 *
 * A region has a sequence of plans, each keyed by its plan period
 * ("2024-2027"), written by the coordinator as PlanInfo records carrying
 * that key in PlanInfo.plan.  Every measure, decision, report and
 * kommune plan record belongs to one version through its own `plan`
 * field; records written before plan versions existed carry none and
 * belong to the region's first plan (docs/PLAN-CYCLE.md).  This module
 * owns the rules: the key's syntax, which version is in force on a date,
 * which is the successor (never a discarded version), which version a
 * reporting year belongs to, the checks of the cycle's PlanInfo fields
 * (høring, innstilling, archive references, context, milestones) and of
 * Evaluation records, and when a milestone is late.  Pure: no I/O, no
 * logging.
 */
#ifndef SAMPLAN_CYCLE_H
#define SAMPLAN_CYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "samplan.pb-c.h"

/* The word for the successor in --plan: `--plan neste`. */
#define CYCLE_NEXT	"neste"

/* One plan version of a region, as the coordinator's feed has it. */
struct cycle_version {
	const char		 *key;		/* "2024-2027" (borrowed) */
	const Samplan__PlanInfo	 *info;		/* latest record of it */
	uint64_t		  created;	/* coordinator seq of the first */
	uint64_t		  seq;		/* coordinator seq of the latest */
	int			  legacy;	/* written without a plan key */
};

/*
 * Returns 0 when key is a plan version key: YYYY-YYYY with an ASCII
 * hyphen, the first year not after the second; else SP_EINVAL.
 */
int	cycle_key_check(const char *key);

/*
 * The day version v starts to apply: its i_kraft, else its vedtak's
 * date, else "" (adopted with no date: from the start).  Borrowed.
 */
const char *cycle_start(const struct cycle_version *v);

/*
 * Returns 1 when version v is discarded (state forkastet): a draft made
 * by mistake, kept as history but nobody's successor; else 0.
 */
int	cycle_discarded(const struct cycle_version *v);

/*
 * The version in force on `today` among v[0..n): of the adopted ones
 * (domain_state_adopted, or erstattet) whose start has come, the one
 * created last (plans follow each other); when none has, the first
 * version not discarded (else the first).  Returns its index, or -1
 * when n == 0.
 */
long	cycle_in_force(const struct cycle_version *v, size_t n,
	    const char *today);

/*
 * The version a reporting period of `year` belongs to: of the versions
 * ever adopted (as cycle_in_force, or utloept; never a draft or a
 * discarded one) whose plan period (periode, else the key) holds year,
 * the one created last.  Returns its index, or -1 when none holds it.
 */
long	cycle_for_year(const struct cycle_version *v, size_t n, int year);

/*
 * The successor of version cur: the first version created after it
 * that is not discarded.  Returns its index or -1.
 */
long	cycle_next(const struct cycle_version *v, size_t n, long cur);

/*
 * The Norwegian word for where version i stands on today: "forkastet"
 * (discarded), "gjeldende", "neste", "avsluttet" (an earlier plan) or
 * "utkast" (any other).
 */
const char *cycle_role(const struct cycle_version *v, size_t n, size_t i,
	    const char *today);

/*
 * Checks the cycle's fields of p (plan key, høring, innstilling,
 * archive references).  Returns 0, or SP_EINVAL with *field and
 * *reason set (static strings).
 */
int	cycle_check_plan(const Samplan__PlanInfo *p, const char **field,
	    const char **reason);

/*
 * Checks an Evaluation body: region and plan, exactly one of
 * innsatsomrade and measure, a resultat code, an ISO date, texts.
 * Returns 0, or SP_EINVAL with *field and *reason set.
 */
int	cycle_check_evaluation(const Samplan__Evaluation *e,
	    const char **field, const char **reason);

/* The resultat code of a person's word ("delvis nådd"), or NULL. */
const char *cycle_resultat_parse(const char *in);

/* The Norwegian label of a resultat code ("delvis nådd"), or the code. */
const char *cycle_resultat_label(const char *code);

/*
 * Where milestone m stands on today: "nådd", "nådd for sent",
 * "forsinket" (planned date passed, not reached) or "planlagt".
 */
const char *cycle_milestone_late(const Samplan__Milestone *m,
	    const char *today);

/* The `plan` key field of a record body, or "" for other bodies. */
const char *cycle_record_key(const Samplan__Record *r);

#endif
