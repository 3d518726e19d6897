/*
 * fuzz_record.c - a Record's bytes: wire_decode_record(), then the
 * domain and policy checks that ingest runs on every body.
 *
 * When a check accepts a body, the rules domain.h states for that body
 * are checked again here, from the header's words, so that the fuzzer
 * also finds values the checks let through by mistake.  A refusal must
 * name a field and a reason.  Every accepted record must round-trip,
 * and renders as JSON through tools/json.c, as `samplan dump` shows it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "domain.h"
#include "errors.h"
#include "fuzz.h"
#include "policy.h"
#include "samplan.h"
#include "wire.h"

/* A small region, as config_load() would leave it, for policy_check(). */
static char	*members[] = { "gjovik", "ostre-toten" };
static struct config_region regions[] = {
	{ "gjovikregionen", "Gjøvikregionen", "koordineringsgruppe",
	    members, 2, NULL },
};
static const struct config cfg = {
	.name = "gjovik",
	.regions = regions,
	.nregions = 1,
};
static const char *const authors[] = {
	"koordineringsgruppe", "gjovik", "levanger",
};

static int
empty_or_id(const char *s)
{
	return s[0] == '\0' || domain_id_valid(s);
}

/* The refusal contract: a static field name and reason. */
static void
check_refusal(const char *what, int rc, const char *field,
    const char *reason)
{
	if (rc != SP_EINVAL && rc != SP_EFORBIDDEN)
		fuzz_fail("%s: unexpected code %d", what, rc);
	if (field == NULL || reason == NULL || reason[0] == '\0')
		fuzz_fail("%s: refusal without field or reason", what);
}

static void
check_measure(const Samplan__Measure *m)
{
	const char	*field = NULL, *reason = NULL;
	int		 rc;

	if ((rc = domain_check_measure(m, &field, &reason)) != 0) {
		check_refusal("domain_check_measure", rc, field, reason);
		return;
	}
	if (!empty_or_id(m->region) || !domain_id_valid(m->id))
		fuzz_fail("domain_check_measure: bad region or id accepted");
	if (!m->retired && (m->tittel[0] == '\0' ||
	    m->innsatsomrade[0] == '\0'))
		fuzz_fail("domain_check_measure: missing tittel or "
		    "innsatsomrade accepted");
	if (m->frist[0] != '\0' && domain_frist_check(m->frist) != 0)
		fuzz_fail("domain_check_measure: frist '%s' accepted",
		    m->frist);
	if ((m->gjennomfores_av[0] != '\0' &&
	    strcmp(m->gjennomfores_av, "region") != 0) ||
	    (m->malverdi[0] != '\0' && domain_decimal_check(m->malverdi) != 0))
		fuzz_fail("domain_check_measure: bad gjennomfores_av or "
		    "malverdi accepted");
	if (strlen(m->beskrivelse) > DOMAIN_TEXT_MAX ||
	    strlen(m->innsatsomrade) > DOMAIN_NAME_MAX)
		fuzz_fail("domain_check_measure: over-long text accepted");
}

static void
check_adaptation(const Samplan__Adaptation *a)
{
	const char	*field = NULL, *reason = NULL;
	size_t		 i, j;
	int		 rc;

	if ((rc = domain_check_adaptation(a, &field, &reason)) != 0) {
		check_refusal("domain_check_adaptation", rc, field, reason);
		return;
	}
	if (!domain_id_valid(a->region) || !domain_id_valid(a->measure))
		fuzz_fail("domain_check_adaptation: bad region or measure "
		    "accepted");
	switch (a->decision) {
	case SAMPLAN__DECISION__ADOPT:
		if (a->n_overrides != 0)
			fuzz_fail("domain_check_adaptation: ADOPT with "
			    "overrides accepted");
		break;
	case SAMPLAN__DECISION__ADAPT:
		if (a->n_overrides == 0)
			fuzz_fail("domain_check_adaptation: ADAPT without "
			    "overrides accepted");
		break;
	case SAMPLAN__DECISION__DECLINE:
		if (a->n_overrides != 0 || a->reason[0] == '\0')
			fuzz_fail("domain_check_adaptation: DECLINE with "
			    "overrides or without a reason accepted");
		break;
	default:
		fuzz_fail("domain_check_adaptation: decision %d accepted",
		    (int)a->decision);
	}
	for (i = 0; i < a->n_overrides; i++) {
		if (!domain_override_allowed(a->overrides[i]->field))
			fuzz_fail("domain_check_adaptation: override of "
			    "'%s' accepted", a->overrides[i]->field);
		for (j = 0; j < i; j++)
			if (strcmp(a->overrides[i]->field,
			    a->overrides[j]->field) == 0)
				fuzz_fail("domain_check_adaptation: field "
				    "overridden twice accepted");
	}
}

static void
check_report(const Samplan__StatusReport *r)
{
	const char	*field = NULL, *reason = NULL;
	int		 rc;

	if ((rc = domain_check_report(r, &field, &reason)) != 0) {
		check_refusal("domain_check_report", rc, field, reason);
		return;
	}
	if (!empty_or_id(r->region) || !domain_id_valid(r->measure) ||
	    domain_period_check(r->period) != 0)
		fuzz_fail("domain_check_report: bad report accepted");
	/* A withdrawal names no status and gives its reason in note. */
	if (r->withdrawn && (r->status[0] != '\0' || r->note[0] == '\0'))
		fuzz_fail("domain_check_report: bad withdrawal accepted");
	if (!r->withdrawn && (!domain_status_valid(r->status) ||
	    domain_status_label(r->status) == NULL ||
	    domain_status_letter(r->status) == '\0'))
		fuzz_fail("domain_check_report: bad status accepted");
	if (r->verdi[0] != '\0' && domain_decimal_check(r->verdi) != 0)
		fuzz_fail("domain_check_report: verdi '%s' accepted",
		    r->verdi);
	if (domain_period_year(r->period) < 0)
		fuzz_fail("domain_period_year: no year of a valid period");
}

static void
check_plan(const Samplan__PlanInfo *p)
{
	const char	*field = NULL, *reason = NULL;
	size_t		 i, j;
	int		 rc;

	if ((rc = domain_check_plan(p, &field, &reason)) != 0) {
		check_refusal("domain_check_plan", rc, field, reason);
		return;
	}
	if (!empty_or_id(p->region) ||
	    (p->state[0] != '\0' && (!domain_state_valid(p->state) ||
	    domain_state_label(p->state) == NULL)) ||
	    (p->i_kraft[0] != '\0' && domain_date_check(p->i_kraft) != 0) ||
	    (p->vedtak != NULL && p->vedtak->dato[0] != '\0' &&
	    domain_date_check(p->vedtak->dato) != 0))
		fuzz_fail("domain_check_plan: bad plan accepted");
	for (i = 0; i < p->n_innsatsomrader; i++) {
		if (p->innsatsomrader[i][0] == '\0' ||
		    strlen(p->innsatsomrader[i]) > DOMAIN_NAME_MAX)
			fuzz_fail("domain_check_plan: bad innsatsomrade "
			    "accepted");
		for (j = 0; j < i; j++)
			if (strcmp(p->innsatsomrader[i],
			    p->innsatsomrader[j]) == 0)
				fuzz_fail("domain_check_plan: repeated "
				    "innsatsomrade accepted");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Samplan__Record	*rec;
	json_t		*json;
	const char	*field, *reason;
	size_t		 i;
	int		 rc;

	if (wire_decode_record(data, size, &rec) != 0)
		return 0;
	switch (rec->body_case) {
	case SAMPLAN__RECORD__BODY_MEASURE:
		check_measure(rec->measure);
		break;
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		check_adaptation(rec->adaptation);
		break;
	case SAMPLAN__RECORD__BODY_REPORT:
		check_report(rec->report);
		break;
	case SAMPLAN__RECORD__BODY_PLAN:
		check_plan(rec->plan);
		break;
	default:
		break;
	}
	for (i = 0; i < sizeof(authors) / sizeof(authors[0]); i++) {
		field = reason = NULL;
		rc = policy_check(&cfg, authors[i], rec, &field, &reason);
		if (rc != 0)
			check_refusal("policy_check", rc, field, reason);
	}
	if ((json = json_from_message(&rec->base)) != NULL) {
		free(json_dumps(json, JSON_SORT_KEYS | JSON_COMPACT));
		json_decref(json);
	}
	fuzz_roundtrip(&samplan__record__descriptor, WIRE_MAX_RECORD, size,
	    &rec->base);
	wire_free((ProtobufCMessage **)&rec);
	return 0;
}
