/*
 * decide.c - building a kommune's decision on a regional measure, and
 * copies of measures to edit.
 *
 * Owns the rules that need the plan model besides the record itself:
 * the measure must be regional, not retired; only adapt overrides; a
 * decline needs a reason; deciding again keeps the earlier overrides.
 * Measures are found by id in any case (ÆØÅ too) when that names one;
 * a lookup that names two is refused naming both, and decide_id_taken()
 * tells the writers of new ids which id a new one would clash with.
 * The per-record rules are domain.c's (domain_check_adaptation), run
 * last.  Moved here from the command line so that every writer (tool
 * commands, decision files) builds the same record.  Pure: no I/O, no
 * logging; refusals are returned in a struct decide_error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decide.h"
#include "domain.h"
#include "errors.h"
#include "i18n.h"
#include "wire.h"

#define OVERRIDE_LIST	"tittel, beskrivelse, ansvar, samarbeidspartnere, " \
			"frist, indikator, malgruppe"

/* Fills *err and returns SP_EINVAL. */
static int
refuse(struct decide_error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
refuse(struct decide_error *err, const char *field, const char *fmt, ...)
{
	va_list	ap;

	err->field = field;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return SP_EINVAL;
}

/*
 * Refuses id when it names more than one measure of g (and k) ignoring
 * case, listing them: data from before ids were checked for that, or
 * from two writers, may hold GR-MF-02 and gr-mf-02.  0 when it does not.
 */
static int
refuse_ambiguous(const struct plan_region *g, const struct plan_node *k,
    const char *id, struct decide_error *err)
{
	char	list[DECIDE_MSG_MAX / 2];

	if (decide_measure_matches(g, k, id, list, sizeof(list)) < 2)
		return 0;
	return refuse(err, "measure", _("«%s» is ambiguous: it matches %s, "
	    "ids that differ only in case; give the id exactly as written"),
	    id, list);
}

static int
override_put(Samplan__Adaptation *a, const char *field, const char *value)
{
	Samplan__Override	**v, *o;
	size_t			  i;

	for (i = 0; i < a->n_overrides; i++)
		if (strcmp(a->overrides[i]->field, field) == 0) {
			free(a->overrides[i]->value);
			return (a->overrides[i]->value = strdup(value)) ==
			    NULL ? SP_ENOMEM : 0;
		}
	if ((v = realloc(a->overrides, (a->n_overrides + 1) *
	    sizeof(*v))) == NULL)
		return SP_ENOMEM;
	a->overrides = v;
	if ((o = malloc(sizeof(*o))) == NULL)
		return SP_ENOMEM;
	samplan__override__init(o);
	o->field = strdup(field);
	o->value = strdup(value);
	v[a->n_overrides++] = o;
	return o->field == NULL || o->value == NULL ? SP_ENOMEM : 0;
}

static void
override_drop(Samplan__Adaptation *a, const char *field)
{
	size_t	i;

	for (i = 0; i < a->n_overrides; i++)
		if (strcmp(a->overrides[i]->field, field) == 0) {
			wire_free((ProtobufCMessage **)&a->overrides[i]);
			memmove(&a->overrides[i], &a->overrides[i + 1],
			    (a->n_overrides - i - 1) * sizeof(*a->overrides));
			a->n_overrides--;
			return;
		}
}

static int
decide_overrides(const struct plan_node *k, const char *id,
    const struct field_value *sets, size_t nset, const char *const *unset,
    size_t nunset, Samplan__Adaptation *a, struct decide_error *err)
{
	const struct plan_decision	*d = plan_decision_of(k, id);
	const char			*reason, *f;
	char				*value;
	size_t				 i;
	int				 rc;

	/* Deciding again keeps the earlier overrides unless unset. */
	if (d != NULL && d->a->decision == SAMPLAN__DECISION__ADAPT)
		for (i = 0; i < d->a->n_overrides; i++)
			if (override_put(a, d->a->overrides[i]->field,
			    d->a->overrides[i]->value) != 0)
				return SP_ENOMEM;
	for (i = 0; i < nset; i++) {
		if ((f = domain_measure_field_name(sets[i].field)) == NULL)
			return refuse(err, sets[i].field, "unknown field (a "
			    "kommune may override " OVERRIDE_LIST ")");
		if (!domain_override_allowed(f))
			return refuse(err, f, "may not be overridden (a "
			    "kommune may override " OVERRIDE_LIST ")");
		if ((rc = domain_measure_input(f, sets[i].value, &value,
		    &reason)) == SP_ENOMEM)
			return rc;
		if (rc != 0)
			return refuse(err, f, "«%s»: %s", sets[i].value,
			    reason);
		rc = override_put(a, f, value);
		free(value);
		if (rc != 0)
			return rc;
	}
	for (i = 0; i < nunset; i++) {
		if (!domain_override_allowed(unset[i]))
			return refuse(err, unset[i], "unknown or not an "
			    "overridable field (" OVERRIDE_LIST ")");
		override_drop(a, unset[i]);
	}
	if (a->n_overrides == 0)
		return refuse(err, "set", "adapt needs at least one --set "
		    "FIELD=VALUE (or use adopt)");
	return 0;
}

int
decide_build(const struct plan_region *g, const struct plan_node *k,
    int coord, const char *action, const char *id,
    const struct field_value *sets, size_t nset, const char *const *unset,
    size_t nunset, const char *reason, Samplan__Adaptation **out,
    struct decide_error *err)
{
	const struct plan_measure	*rm;
	Samplan__Adaptation		*a;
	const char			*field, *why;
	int				 rc, regional;

	*out = NULL;
	if (k == NULL)
		return refuse(err, action, "only a member kommune decides on "
		    "regional measures; %s %s", g->cfg->coordinator, coord ?
		    "coordinates this region and changes measures with "
		    "measure edit" : "is not a member here");
	/* "gr-mf-01" names GR-MF-01 when no other id folds to it. */
	if ((rm = plan_regional(g, id)) == NULL &&
	    (rm = decide_find_measure(g, NULL, id, &regional)) != NULL)
		id = rm->id;
	if (rm == NULL && (rc = refuse_ambiguous(g, NULL, id, err)) != 0)
		return rc;
	if (rm == NULL)
		return refuse(err, "measure", "no regional measure «%s» in "
		    "%s%s", id, g->cfg->name, plan_local(k, id) ?
		    " (it is a local measure: use measure edit)" : "");
	if (rm->m->retired)
		return refuse(err, "measure", "%s is avsluttet (retired) in %s",
		    id, g->cfg->name);
	if (strcmp(action, "adapt") != 0 && (nset > 0 || nunset > 0))
		return refuse(err, "set", "only adapt overrides fields");
	if (strcmp(action, "decline") == 0 && domain_text_blank(reason))
		return refuse(err, "reason", "a decline needs a reason "
		    "(--reason TEXT)");
	if (strcmp(action, "adopt") != 0 && strcmp(action, "adapt") != 0 &&
	    strcmp(action, "decline") != 0)
		return refuse(err, "action", "«%s» is not adopt, adapt or "
		    "decline", action);
	if ((a = malloc(sizeof(*a))) == NULL)
		return SP_ENOMEM;
	samplan__adaptation__init(a);
	a->region = strdup(g->cfg->name);
	a->measure = strdup(id);
	a->reason = strdup(reason != NULL ? reason : "");
	a->based_on = rm->version;
	if (a->region == NULL || a->measure == NULL || a->reason == NULL) {
		rc = SP_ENOMEM;
		goto fail;
	}
	if (strcmp(action, "adopt") == 0)
		a->decision = SAMPLAN__DECISION__ADOPT;
	else if (strcmp(action, "decline") == 0)
		a->decision = SAMPLAN__DECISION__DECLINE;
	else {
		a->decision = SAMPLAN__DECISION__ADAPT;
		if ((rc = decide_overrides(k, id, sets, nset, unset, nunset,
		    a, err)) != 0)
			goto fail;
	}
	if (domain_check_adaptation(a, &field, &why) != 0) {
		rc = refuse(err, field, "%s", why);
		goto fail;
	}
	*out = a;
	return 0;
fail:
	wire_free((ProtobufCMessage **)&a);
	return rc;
}

/* Replaces *slot by a copy of v; 0 or SP_ENOMEM. */
static int
str_copy(char **slot, const char *v)
{
	char	*c;

	if ((c = strdup(v != NULL ? v : "")) == NULL)
		return SP_ENOMEM;
	if (*slot != NULL && *slot != protobuf_c_empty_string)
		free(*slot);
	*slot = c;
	return 0;
}

Samplan__Measure *
decide_measure_dup(const Samplan__Measure *m)
{
	Samplan__Measure	*d;
	const char *const	*fields;
	size_t			 n, i;

	if ((d = malloc(sizeof(*d))) == NULL)
		return NULL;
	samplan__measure__init(d);
	fields = domain_measure_fields(&n);
	for (i = 0; i < n; i++)
		if (domain_measure_set(d, fields[i], domain_measure_get(m,
		    fields[i])) != 0)
			goto fail;
	if (str_copy(&d->region, m->region) != 0 ||
	    str_copy(&d->retired_reason, m->retired_reason) != 0)
		goto fail;
	d->retired = m->retired;
	return d;
fail:
	wire_free((ProtobufCMessage **)&d);
	return NULL;
}

static int
str_same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

int
decide_measure_same(const Samplan__Measure *a, const Samplan__Measure *b)
{
	const char *const	*fields;
	size_t			 n, i;

	fields = domain_measure_fields(&n);
	for (i = 0; i < n; i++)
		if (strcmp(domain_measure_get(a, fields[i]),
		    domain_measure_get(b, fields[i])) != 0)
			return 0;
	return a->retired == b->retired &&
	    str_same(a->retired_reason, b->retired_reason);
}

/* ---- status reports ---- */

/* The measure of v[0..n) whose id folds to want; *hits counts them. */
static const struct plan_measure *
fold_find(const struct plan_measure *v, size_t n, const char *want,
    size_t *hits)
{
	const struct plan_measure	*found = NULL;
	char				 have[DOMAIN_ID_MAX + 1];
	size_t				 i;

	for (i = 0; i < n; i++)
		if (domain_id_fold(v[i].id, have) == 0 &&
		    strcmp(have, want) == 0) {
			found = &v[i];
			(*hits)++;
		}
	return found;
}

const struct plan_measure *
decide_find_measure(const struct plan_region *g, const struct plan_node *k,
    const char *id, int *regional)
{
	const struct plan_measure	*pm, *a, *b = NULL;
	char				 want[DOMAIN_ID_MAX + 1];
	size_t				 hits = 0;

	if ((pm = plan_regional(g, id)) != NULL) {
		*regional = 1;
		return pm;
	}
	if (k != NULL && (pm = plan_local(k, id)) != NULL) {
		*regional = 0;
		return pm;
	}
	if (domain_id_fold(id, want) != 0)
		return NULL;
	a = fold_find(g->measures, g->nmeasures, want, &hits);
	if (k != NULL)
		b = fold_find(k->local, k->nlocal, want, &hits);
	if (hits != 1)
		return NULL;
	*regional = a != NULL;
	return a != NULL ? a : b;
}

/* Appends the ids of v[0..n) that fold to want to list; counts them. */
static void
fold_list(const struct plan_measure *v, size_t n, const char *want,
    char *list, size_t size, size_t *hits)
{
	char	have[DOMAIN_ID_MAX + 1];
	size_t	i, len;

	for (i = 0; i < n; i++) {
		if (domain_id_fold(v[i].id, have) != 0 ||
		    strcmp(have, want) != 0)
			continue;
		len = strlen(list);
		if (len + strlen(v[i].id) + 7 < size)
			snprintf(list + len, size - len, "%s%s",
			    *hits > 0 ? ", " : "", v[i].id);
		else if (len + 6 < size && strstr(list, ", ...") == NULL)
			snprintf(list + len, size - len, ", ...");
		(*hits)++;
	}
}

size_t
decide_measure_matches(const struct plan_region *g,
    const struct plan_node *k, const char *id, char *list, size_t size)
{
	char	want[DOMAIN_ID_MAX + 1];
	size_t	hits = 0;

	if (size > 0)
		*list = '\0';
	if (size < 8 || domain_id_fold(id, want) != 0)
		return 0;
	fold_list(g->measures, g->nmeasures, want, list, size, &hits);
	if (k != NULL)
		fold_list(k->local, k->nlocal, want, list, size, &hits);
	return hits;
}

const struct plan_measure *
decide_id_taken(const struct plan_region *g, const struct plan_node *k,
    const char *id, const struct plan_node **local_of)
{
	const struct plan_measure	*pm;
	char				 want[DOMAIN_ID_MAX + 1];
	size_t				 hits = 0, i;

	*local_of = NULL;
	if (domain_id_fold(id, want) != 0)
		return NULL;
	if ((pm = fold_find(g->measures, g->nmeasures, want, &hits)) != NULL)
		return pm;
	if (k != NULL) {
		if ((pm = fold_find(k->local, k->nlocal, want, &hits)) != NULL)
			*local_of = k;
		return pm;
	}
	/* The coordinator's new id may not shadow a kommune's own either. */
	for (i = 0; i < g->nmembers; i++)
		if ((pm = fold_find(g->members[i].local,
		    g->members[i].nlocal, want, &hits)) != NULL) {
			*local_of = &g->members[i];
			return pm;
		}
	return NULL;
}

/* The first year of the plan period who works under, or 0. */
static int
plan_start(const struct plan_region *g, const struct plan_node *k)
{
	const Samplan__PlanInfo	*p = k != NULL ? k->info : NULL;
	char			 y[5];

	if (p == NULL || p->periode == NULL || strlen(p->periode) < 4)
		p = g->coord.info;
	if (p == NULL || p->periode == NULL || strlen(p->periode) < 4)
		return 0;
	memcpy(y, p->periode, 4);
	y[4] = '\0';
	return atoi(y);
}

int
decide_period(const struct plan_region *g, const struct plan_node *k,
    const char *period, const char *today, struct decide_error *err)
{
	char	first[11], last[11];
	int	start;

	if (period == NULL || *period == '\0')
		return refuse(err, "period", "required (2025, 2025H1..H2 or "
		    "2025T1..T3)");
	if (plan_period_bounds(period, first, last) != 0)
		return refuse(err, "period", "«%s» is not a period (2025, "
		    "2025H1..H2 or 2025T1..T3)", period);
	if (strcmp(first, today) > 0)
		return refuse(err, "period", "%s has not begun (today is %s); "
		    "a report is for the current period or one before it",
		    period, today);
	start = plan_start(g, k);
	if (start > 0 && domain_period_year(period) < start)
		return refuse(err, "period", "%s is before the plan period, "
		    "which begins in %d", period, start);
	return 0;
}

/*
 * The date in Europe/Oslo that pm was retired: when the first of its
 * latest versions, all retired, was written (its owner's clock, as
 * every view shows it).  0, or -1 when no version tells.
 */
static int
retired_on(const struct plan_measure *pm, char out[11])
{
	const struct plan_rec	*first = NULL;
	const Samplan__Measure	*m;
	size_t			 i;

	for (i = pm->nv; i > 0; i--) {
		m = pm->v[i - 1]->e.rec != NULL ? pm->v[i - 1]->e.rec->measure :
		    NULL;
		if (m == NULL || !m->retired)
			break;
		first = pm->v[i - 1];
	}
	if (first == NULL || first->time <= 0)
		return -1;
	plan_oslo_date((time_t)(first->time / 1000), out);
	return 0;
}

/*
 * A new report on avsluttet measure pm: it says what was done before,
 * so it is taken for a period that had ended when pm was retired (and
 * has ended today).  period is valid.
 */
static int
report_retired(const struct plan_measure *pm, const char *period,
    const char *today, struct decide_error *err)
{
	char	first[11], last[11], on[11];

	if (retired_on(pm, on) != 0)
		return refuse(err, "measure", _("%s is avsluttet, so it takes "
		    "no new reports; --withdraw --reason TEXT takes a report "
		    "back, and %s can bring the measure back with samplan "
		    "measure reinstate %s (retired: %s)"), pm->id, pm->owner,
		    pm->id, pm->m->retired_reason);
	if (plan_period_bounds(period, first, last) == 0 &&
	    strcmp(last, on) < 0 && strcmp(last, today) < 0)
		return 0;
	return refuse(err, "measure", _("%s is avsluttet since %s, so it "
	    "takes reports only for periods that ended before then; "
	    "--withdraw --reason TEXT takes a report back, and %s can bring "
	    "the measure back with samplan measure reinstate %s (retired: "
	    "%s)"), pm->id, on, pm->owner, pm->id, pm->m->retired_reason);
}

int
decide_report(const struct plan_region *g, const struct plan_node *k,
    int coord, const struct report_input *in, const char *today,
    Samplan__StatusReport **out, struct decide_error *err)
{
	const struct plan_measure	*pm;
	const struct plan_node		*who = k != NULL ? k : &g->coord;
	Samplan__StatusReport		*r;
	const char			*status = "", *field, *why;
	int				 regional = 0, rc;

	*out = NULL;
	if (k == NULL && !coord)
		return refuse(err, "report", "only a member kommune, or the "
		    "coordinator on measures the region runs itself, reports "
		    "status in %s", g->cfg->name);
	if ((pm = decide_find_measure(g, k, in->measure, &regional)) == NULL &&
	    (rc = refuse_ambiguous(g, k, in->measure, err)) != 0)
		return rc;
	if (pm == NULL)
		return refuse(err, "measure", "no measure «%s» in the plan%s",
		    in->measure, k == NULL ? " of the region" : "");
	if (k == NULL && strcmp(pm->m->gjennomfores_av != NULL ?
	    pm->m->gjennomfores_av : "", "region") != 0)
		return refuse(err, "measure", "%s is carried out by each "
		    "kommune, which reports on it; the coordinator reports on "
		    "measures with gjennomfores_av=region", pm->id);
	if (k != NULL && regional && pm->m->gjennomfores_av != NULL &&
	    strcmp(pm->m->gjennomfores_av, "region") == 0)
		return refuse(err, "measure", "%s is carried out by the "
		    "region itself (gjennomfores_av=region); the coordination "
		    "group reports on it", pm->id);
	if ((rc = decide_period(g, k, in->period, today, err)) != 0)
		return rc;
	/* A withdrawal only takes back, so a wrong report need not stay. */
	if (pm->m->retired && !in->withdraw &&
	    (rc = report_retired(pm, in->period, today, err)) != 0)
		return rc;
	if (in->withdraw) {
		if (domain_text_blank(in->note))
			return refuse(err, "reason", "a withdrawal needs a "
			    "reason (--reason TEXT)");
		if (plan_status(who, regional, pm->id, in->period) == NULL)
			return refuse(err, "period", "%s has no report for %s "
			    "to withdraw", pm->id, in->period);
	} else if (in->status == NULL || *in->status == '\0')
		return refuse(err, "status", "required (%s)",
		    domain_status_expected());
	else if ((status = domain_status_parse(in->status)) == NULL)
		return refuse(err, "status", "«%s» is not a status (%s)",
		    in->status, domain_status_expected());
	if ((r = malloc(sizeof(*r))) == NULL)
		return SP_ENOMEM;
	samplan__status_report__init(r);
	r->verdi = NULL;
	r->region = strdup(regional ? g->cfg->name : "");
	r->measure = strdup(pm->id);
	r->period = strdup(in->period);
	r->status = strdup(status);
	r->note = strdup(in->note != NULL ? in->note : "");
	r->withdrawn = in->withdraw;
	if (in->verdi != NULL && *in->verdi != '\0') {
		char num[32];

		if (in->withdraw || domain_decimal_parse(in->verdi, num) != 0) {
			wire_free((ProtobufCMessage **)&r);
			return refuse(err, "verdi", "«%s» is not a number (12, "
			    "12,5 or 12.5; the unit is in the indikator)",
			    in->verdi);
		}
		free(r->verdi);
		r->verdi = strdup(num);
	}
	if (r->verdi == NULL)
		r->verdi = strdup("");
	if (r->region == NULL || r->measure == NULL || r->period == NULL ||
	    r->status == NULL || r->note == NULL || r->verdi == NULL) {
		wire_free((ProtobufCMessage **)&r);
		return SP_ENOMEM;
	}
	if (domain_check_report(r, &field, &why) != 0) {
		wire_free((ProtobufCMessage **)&r);
		return refuse(err, field, "%s", why);
	}
	*out = r;
	return 0;
}
