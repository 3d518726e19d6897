/*
 * cycle.c - plan versions: keys, which version is in force, the
 * successor, and the checks of the cycle's PlanInfo fields.
 *
 * Owns the rules of cycle.h; plan.c folds the records of one version
 * with them and the tools pick a version with them.  It never decides
 * who may write a version (policy.c) and holds no state of its own.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cycle.h"
#include "domain.h"
#include "errors.h"
#include "utf8.h"

#define R_KEY	"not a plan period (YYYY-YYYY, first year not after the last)"
#define R_DATE	"not an ISO date (YYYY-MM-DD)"
#define R_TEXT	"not valid UTF-8, or longer than 4096 bytes"
#define R_CONTROL "contains a control character (a text may hold line " \
		"breaks and tabs, no other character below U+0020, DEL or " \
		"U+0080..U+009F)"

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

static int
year_at(const char *s)
{
	int	y = 0, i;

	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (s[i] - '0');
	}
	return y;
}

int
cycle_key_check(const char *key)
{
	int	from, to;

	if (key == NULL || strlen(key) != 9 || key[4] != '-')
		return SP_EINVAL;
	from = year_at(key);
	to = year_at(key + 5);
	if (from < 1900 || to < 1900 || from > to)
		return SP_EINVAL;
	return 0;
}

const char *
cycle_start(const struct cycle_version *v)
{
	const Samplan__PlanInfo	*p = v->info;

	if (p == NULL)
		return "";
	if (*nz(p->i_kraft) != '\0')
		return p->i_kraft;
	if (p->vedtak != NULL && *nz(p->vedtak->dato) != '\0')
		return p->vedtak->dato;
	return "";
}

static int
adopted(const struct cycle_version *v)
{
	const char	*s = v->info != NULL ? nz(v->info->state) : "";

	return domain_state_adopted(s) || strcmp(s, "erstattet") == 0;
}

int
cycle_discarded(const struct cycle_version *v)
{
	return v->info != NULL && strcmp(nz(v->info->state), "forkastet") == 0;
}

/* The first version not discarded, else the first; -1 when n == 0. */
static long
first_kept(const struct cycle_version *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (!cycle_discarded(&v[i]))
			return (long)i;
	return n > 0 ? 0 : -1;
}

long
cycle_in_force(const struct cycle_version *v, size_t n, const char *today)
{
	long	pick = -1;
	size_t	i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!adopted(&v[i]) || strcmp(cycle_start(&v[i]), today) > 0)
			continue;
		/* Plans follow each other: the latest created wins. */
		if (pick < 0 || v[i].created > v[pick].created)
			pick = (long)i;
	}
	return pick >= 0 ? pick : first_kept(v, n);
}

/*
 * Whether v was adopted at some time: in force, replaced or expired.
 * A draft or a discarded version never was.
 */
static int
was_adopted(const struct cycle_version *v)
{
	return adopted(v) || (v->info != NULL &&
	    strcmp(nz(v->info->state), "utloept") == 0);
}

/* Whether the plan period of v (periode, else its key) holds year. */
static int
holds_year(const struct cycle_version *v, int year)
{
	int	from, to;

	if ((v->info == NULL || domain_plan_period_years(v->info->periode,
	    &from, &to) != 0) && domain_plan_period_years(v->key, &from,
	    &to) != 0)
		return 0;
	return from <= year && year <= to;
}

long
cycle_for_year(const struct cycle_version *v, size_t n, int year)
{
	long	pick = -1;
	size_t	i;

	for (i = 0; i < n; i++) {
		if (!was_adopted(&v[i]) || !holds_year(&v[i], year))
			continue;
		/* As in cycle_in_force(): the latest created wins. */
		if (pick < 0 || v[i].created > v[pick].created)
			pick = (long)i;
	}
	return pick;
}

long
cycle_next(const struct cycle_version *v, size_t n, long cur)
{
	size_t	i;

	if (cur < 0)
		return -1;
	/* A discarded version (a mistake undone) is nobody's successor. */
	for (i = 0; i < n; i++)
		if (v[i].created > v[cur].created && !cycle_discarded(&v[i]))
			return (long)i;
	return -1;
}

const char *
cycle_role(const struct cycle_version *v, size_t n, size_t i,
    const char *today)
{
	long	cur = cycle_in_force(v, n, today);

	if (cycle_discarded(&v[i]))
		return "forkastet";
	if ((long)i == cur)
		return "gjeldende";
	if ((long)i == cycle_next(v, n, cur))
		return "neste";
	if (cur >= 0 && v[i].created < v[cur].created)
		return "avsluttet";
	return "utkast";
}

static int
fail(const char **field, const char **reason, const char *f, const char *r)
{
	*field = f;
	*reason = r;
	return SP_EINVAL;
}

/*
 * A text of the cycle's records: NULL when it may be written, else why
 * not.  Control characters other than line breaks and tabs are refused
 * as domain.c refuses them: they would act on the reader's terminal.
 */
static const char *
text_why(const char *s)
{
	size_t	n = strlen(nz(s));

	if (n > DOMAIN_TEXT_MAX || !utf8_valid(nz(s), n))
		return R_TEXT;
	if (utf8_has_control(nz(s), n, 1))
		return R_CONTROL;
	return NULL;
}

static int
date_ok(const char *s)
{
	return *nz(s) == '\0' || domain_date_check(s) == 0;
}

/* The free texts of a PlanInfo, checked alike, by the name --set uses. */
static const struct {
	const char	*name;
	size_t		 offset;
} plan_texts[] = {
	{ "horing.hort", offsetof(Samplan__PlanInfo, horing_hort) },
	{ "horing.innspill", offsetof(Samplan__PlanInfo, horing_innspill) },
	{ "nasjonalt_grunnlag",
	    offsetof(Samplan__PlanInfo, nasjonalt_grunnlag) },
	{ "planlenker", offsetof(Samplan__PlanInfo, planlenker) },
	{ "malgrupper", offsetof(Samplan__PlanInfo, malgrupper) },
	{ "ressurser", offsetof(Samplan__PlanInfo, ressurser) },
	{ "grunn", offsetof(Samplan__PlanInfo, grunn) },
};

int
cycle_check_plan(const Samplan__PlanInfo *p, const char **field,
    const char **reason)
{
	const char	*why, *text;
	size_t		 i;

	if (*nz(p->plan) != '\0' && cycle_key_check(p->plan) != 0)
		return fail(field, reason, "plan", R_KEY);
	if (!date_ok(p->horing_start))
		return fail(field, reason, "horing.start", R_DATE);
	if (!date_ok(p->horingsfrist))
		return fail(field, reason, "horing.frist", R_DATE);
	if (*nz(p->horing_start) != '\0' && *nz(p->horingsfrist) != '\0' &&
	    strcmp(p->horing_start, p->horingsfrist) > 0)
		return fail(field, reason, "horing.frist",
		    "before the høring's start");
	for (i = 0; i < sizeof(plan_texts) / sizeof(plan_texts[0]); i++) {
		text = *(char *const *)((const char *)p + plan_texts[i].offset);
		if ((why = text_why(text)) != NULL)
			return fail(field, reason, plan_texts[i].name, why);
	}
	for (i = 0; i < p->n_milepaler; i++) {
		const Samplan__Milestone *m = p->milepaler[i];

		if (m == NULL || *nz(m->navn) == '\0')
			return fail(field, reason, "milepael", "a milestone "
			    "needs its name (UTF-8)");
		if ((why = text_why(m->navn)) != NULL)
			return fail(field, reason, "milepael", why);
		if (*nz(m->planlagt) == '\0' || !date_ok(m->planlagt))
			return fail(field, reason, "milepael.planlagt", R_DATE);
		if (!date_ok(m->faktisk))
			return fail(field, reason, "milepael.faktisk", R_DATE);
		if ((why = text_why(m->ansvar)) != NULL)
			return fail(field, reason, "milepael.ansvar", why);
	}
	if (p->vedtak != NULL && (why = text_why(p->vedtak->arkivref)) != NULL)
		return fail(field, reason, "vedtak.arkivref", why);
	if (p->innstilling != NULL) {
		if ((why = text_why(p->innstilling->organ)) != NULL)
			return fail(field, reason, "innstilling.organ", why);
		if (!date_ok(p->innstilling->dato))
			return fail(field, reason, "innstilling.dato", R_DATE);
		if ((why = text_why(p->innstilling->saksnr)) != NULL)
			return fail(field, reason, "innstilling.saksnr", why);
		if ((why = text_why(p->innstilling->arkivref)) != NULL)
			return fail(field, reason, "innstilling.arkivref", why);
	}
	return 0;
}

const char *
cycle_milestone_late(const Samplan__Milestone *m, const char *today)
{
	if (*nz(m->faktisk) == '\0')
		return strcmp(nz(m->planlagt), today) < 0 ? "forsinket" :
		    "planlagt";
	return strcmp(m->faktisk, nz(m->planlagt)) > 0 ? "nådd for sent" :
	    "nådd";
}

const char *
cycle_record_key(const Samplan__Record *r)
{
	switch (r->body_case) {
	case SAMPLAN__RECORD__BODY_PLAN:
		return nz(r->plan->plan);
	case SAMPLAN__RECORD__BODY_MEASURE:
		return nz(r->measure->plan);
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		return nz(r->adaptation->plan);
	case SAMPLAN__RECORD__BODY_REPORT:
		return nz(r->report->plan);
	case SAMPLAN__RECORD__BODY_EVALUATION:
		return nz(r->evaluation->plan);
	default:
		return "";
	}
}

static const struct {
	const char	*code;
	const char	*label;
	const char	*alt;		/* another spelling people use */
} resultater[] = {
	{ "naadd",		"nådd",		"nadd" },
	{ "delvis_naadd",	"delvis nådd",	"delvis nadd" },
	{ "ikke_naadd",		"ikke nådd",	"ikke nadd" },
};
#define NRESULTAT	(sizeof(resultater) / sizeof(resultater[0]))

const char *
cycle_resultat_parse(const char *in)
{
	size_t	i;

	for (i = 0; i < NRESULTAT; i++)
		if (strcmp(in, resultater[i].code) == 0 ||
		    strcmp(in, resultater[i].label) == 0 ||
		    strcmp(in, resultater[i].alt) == 0)
			return resultater[i].code;
	return NULL;
}

const char *
cycle_resultat_label(const char *code)
{
	size_t	i;

	for (i = 0; i < NRESULTAT; i++)
		if (strcmp(nz(code), resultater[i].code) == 0)
			return resultater[i].label;
	return nz(code);
}

int
cycle_check_evaluation(const Samplan__Evaluation *e, const char **field,
    const char **reason)
{
	const char	*why;
	int		 area = *nz(e->innsatsomrade) != '\0';
	int		 measure = *nz(e->measure) != '\0';

	if (!domain_id_valid(nz(e->region)))
		return fail(field, reason, "region", "required, an id");
	if (cycle_key_check(e->plan) != 0)
		return fail(field, reason, "plan", R_KEY);
	if (area == measure)
		return fail(field, reason, "innsatsomrade", "an evaluation is "
		    "of one innsatsområde or of one measure");
	if (measure && !domain_id_valid(e->measure))
		return fail(field, reason, "measure", "not an id");
	if ((why = text_why(e->innsatsomrade)) != NULL)
		return fail(field, reason, "innsatsomrade", why);
	if (cycle_resultat_parse(nz(e->resultat)) == NULL ||
	    strcmp(cycle_resultat_parse(e->resultat), e->resultat) != 0)
		return fail(field, reason, "resultat", "not a result (naadd, "
		    "delvis_naadd, ikke_naadd)");
	if ((why = text_why(e->gjort)) != NULL)
		return fail(field, reason, "gjort", why);
	if ((why = text_why(e->hvorfor)) != NULL)
		return fail(field, reason, "hvorfor", why);
	if (*nz(e->dato) == '\0' || domain_date_check(e->dato) != 0)
		return fail(field, reason, "dato", R_DATE);
	return 0;
}
