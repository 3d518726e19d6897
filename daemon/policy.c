/*
 * policy.c - authorisation and validation of record bodies by author.
 *
 * Pure functions of the config and one record; no storage.  Rules that
 * need other records (does the measure exist, which version) belong to
 * the views and the command line, not here: a feed must stay acceptable
 * whatever order its records arrive in relative to other feeds.
 */
#include <stdint.h>
#include <string.h>

#include "cycle.h"
#include "domain.h"
#include "errors.h"
#include "keys.h"
#include "policy.h"
#include "record.h"

const char *
policy_author_name(const struct config *cfg, const uint8_t self[KEY_PUBLIC_LEN],
    const uint8_t key[KEY_PUBLIC_LEN])
{
	const struct config_peer	*p;

	if (self != NULL && memcmp(self, key, KEY_PUBLIC_LEN) == 0)
		return cfg->name;
	if ((p = config_peer_by_key(cfg, key)) == NULL)
		return NULL;
	return p->name;
}

static int
deny(const char **field, const char **reason, const char *f, const char *r)
{
	*field = f;
	*reason = r;
	return SP_EFORBIDDEN;
}

/* A regional record names a region the author coordinates or joins. */
static int
policy_region(const struct config *cfg, const char *author,
    const char *region, int want_coordinator, const char **field,
    const char **reason)
{
	const struct config_region	*r;

	if ((r = config_region_by_name(cfg, region)) == NULL)
		return deny(field, reason, "region", "not a region of this node's "
		    "configuration");
	if (want_coordinator && !config_is_coordinator(r, author))
		return deny(field, reason, "region", "only the region's "
		    "coordinator may write regional measures");
	if (!want_coordinator && !config_is_member(r, author))
		return deny(field, reason, "region", "only a member kommune of "
		    "the region may write this");
	return 0;
}

/* A redaction names one record by feed, seq and hash, with a reason. */
static int
policy_redaction_shape(const Samplan__Redaction *r, const char **field,
    const char **reason)
{
	*field = "redaction";
	if (r->feed.len != KEY_PUBLIC_LEN || r->hash.len != RECORD_HASH_LEN ||
	    r->seq == 0 || r->seq > (uint64_t)INT64_MAX) {
		*reason = N_("must name one record by feed, seq and hash");
		return SP_EINVAL;
	}
	if ((*reason = domain_text_reason(r->reason)) != NULL) {
		*field = "reason";
		return SP_EINVAL;
	}
	if (r->reason[0] == '\0') {
		*field = "reason";
		*reason = N_("a redaction needs a reason (--reason)");
		return SP_EINVAL;
	}
	*field = "";
	*reason = "";
	return 0;
}

/* The author coordinates region or is a member of it. */
static int
policy_part_of(const struct config *cfg, const char *author,
    const char *region, const char **field, const char **reason)
{
	const struct config_region	*r;

	r = config_region_by_name(cfg, region);
	if (r == NULL || (!config_is_coordinator(r, author) &&
	    !config_is_member(r, author)))
		return deny(field, reason, "region", "the author is not part "
		    "of this region");
	return 0;
}

/*
 * A key succession names one Ed25519 public key that has a CURVE form
 * (the node's ZAP and CURVE use it).  Whether it differs from the key in
 * force is feed.c's check: only the feed's head knows that key.
 */
static int
policy_succession_shape(const Samplan__KeySuccession *ks, const char **field,
    const char **reason)
{
	char	z85[KEY_Z85_LEN + 1];

	if (ks->key.len != KEY_PUBLIC_LEN ||
	    keys_curve_z85(ks->key.data, z85) != 0) {
		*field = "key";
		*reason = N_("not an Ed25519 public key with a CURVE form");
		return SP_EINVAL;
	}
	return 0;
}

int
policy_check(const struct config *cfg, const char *author,
    const Samplan__Record *rec, const char **field, const char **reason)
{
	return policy_check_as(cfg, author, rec, 0, field, reason);
}

int
policy_check_as(const struct config *cfg, const char *author,
    const Samplan__Record *rec, int flags, const char **field,
    const char **reason)
{
	int	rc;

	*field = "";
	*reason = "";
	/* Every node prints who wrote a record (history, "av NAME"). */
	if ((*reason = domain_line_reason(rec->actor)) != NULL) {
		*field = "av";
		return SP_EINVAL;
	}
	*reason = "";
	switch (rec->body_case) {
	case SAMPLAN__RECORD__BODY_MEASURE:
		if ((rc = domain_check_measure_as(rec->measure, flags, field,
		    reason)) != 0)
			return rc;
		if (rec->measure->region[0] == '\0')
			return 0;	/* a local measure of its author */
		return policy_region(cfg, author, rec->measure->region, 1,
		    field, reason);
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		if ((rc = domain_check_adaptation_as(rec->adaptation, flags,
		    field, reason)) != 0)
			return rc;
		return policy_region(cfg, author, rec->adaptation->region, 0,
		    field, reason);
	case SAMPLAN__RECORD__BODY_REPORT:
		if ((rc = domain_check_report_as(rec->report, flags, field,
		    reason)) != 0)
			return rc;
		if (rec->report->region[0] == '\0')
			return 0;	/* a report on a local measure */
		/*
		 * The coordinator reports on the measures the region runs
		 * itself (gjennomfores_av=region; the command line checks
		 * which those are), a member on its own.
		 */
		{
			const struct config_region *r;

			r = config_region_by_name(cfg, rec->report->region);
			if (r != NULL && config_is_coordinator(r, author))
				return 0;
		}
		return policy_region(cfg, author, rec->report->region, 0,
		    field, reason);
	case SAMPLAN__RECORD__BODY_EVALUATION:
		/* Each node evaluates its own part of the plan. */
		if ((rc = cycle_check_evaluation(rec->evaluation, field,
		    reason)) != 0)
			return rc;
		return policy_part_of(cfg, author, rec->evaluation->region,
		    field, reason);
	case SAMPLAN__RECORD__BODY_PLAN:
		if ((rc = domain_check_plan_as(rec->plan, flags, field,
		    reason)) != 0)
			return rc;
		if (rec->plan->region[0] == '\0')
			return 0;
		{
			const struct config_region *r;

			r = config_region_by_name(cfg, rec->plan->region);
			if (r == NULL || (!config_is_coordinator(r, author) &&
			    !config_is_member(r, author)))
				return deny(field, reason, "region", "the "
				    "author is not part of this region");
		}
		return 0;
	case SAMPLAN__RECORD__BODY_ALERT_ACK:
		/* A node's note on its own alerts: no region, any node. */
		*field = "alert";
		*reason = N_("must name an alert id of 1 to 128 bytes");
		if (rec->alert_ack->alert[0] == '\0' ||
		    strlen(rec->alert_ack->alert) > 128)
			return SP_EINVAL;
		*field = "reason";
		*reason = N_("is required (what was seen and done)");
		if (rec->alert_ack->reason[0] == '\0')
			return SP_EINVAL;
		if ((*reason = domain_text_reason(rec->alert_ack->reason)) !=
		    NULL)
			return SP_EINVAL;
		*field = *reason = "";
		return 0;
	case SAMPLAN__RECORD__BODY_REDACTION:
		return policy_redaction_shape(rec->redaction, field, reason);
	case SAMPLAN__RECORD__BODY_KEY_SUCCESSION:
		return policy_succession_shape(rec->key_succession, field,
		    reason);
	case SAMPLAN__RECORD__BODY__NOT_SET:
		/* A newer kind (entry_decode saw its field): keep, relay. */
		if (rec->base.n_unknown_fields > 0)
			return 0;
		/* FALLTHROUGH */
	default:
		*field = "body";
		*reason = N_("record has no body");
		return SP_EINVAL;
	}
}

int
policy_may_redact(const struct config *cfg,
    const uint8_t self[KEY_PUBLIC_LEN], const char *author,
    const uint8_t author_key[KEY_PUBLIC_LEN], const Samplan__Record *rec,
    const char **field, const char **reason)
{
	const Samplan__Redaction	*red = rec->redaction;
	const char			*target;
	size_t				 i;

	*field = "";
	*reason = "";
	if (rec->body_case != SAMPLAN__RECORD__BODY_REDACTION)
		return 0;
	if (red->feed.len != KEY_PUBLIC_LEN)
		return deny(field, reason, "feed", "not a feed id");
	/* A feed may always redact its own records. */
	if (memcmp(red->feed.data, author_key, KEY_PUBLIC_LEN) == 0)
		return 0;
	if ((target = policy_author_name(cfg, self, red->feed.data)) == NULL)
		return deny(field, reason, "feed", "not a feed of this "
		    "node's configuration");
	/* The documented exception: a coordinator, for its region. */
	for (i = 0; i < cfg->nregions; i++) {
		const struct config_region *r = &cfg->regions[i];

		if (config_is_coordinator(r, author) &&
		    (config_is_member(r, target) ||
		    config_is_coordinator(r, target)))
			return 0;
	}
	return deny(field, reason, "feed", "only the record's own kommune or "
	    "the coordinator of its region may redact it");
}
