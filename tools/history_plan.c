/*
 * history_plan.c - the plan-cycle records in `samplan history`: which
 * records belong to a region's plans (every node's PlanInfo versions and
 * evaluations), and what one PlanInfo record changed against the same
 * node's previous record of the same plan version: title, period,
 * state, høring, innstilling, vedtak, i_kraft, context fields,
 * milestones and the grunn of a discarded version (the record that
 * discards a version or brings it back says so).  cmd_history.c
 * collects and prints; this file decides and describes.
 */
#include <stdio.h>
#include <string.h>

#include "cycle.h"
#include "domain.h"
#include "planctx.h"

#define FIELD_MAX	1024	/* bytes of one field's text */

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

/* The node of g that wrote rec (the coordinator or a member), or NULL. */
static const struct plan_node *
author_node(const struct plan_region *g, const struct plan_rec *rec)
{
	if (strcmp(rec->author, g->coord.name) == 0)
		return &g->coord;
	return plan_member(g, rec->author);
}

const char *
history_plan_key(const struct plan_region *g, const struct plan_rec *rec)
{
	const struct plan_node	*k = author_node(g, rec);
	const char		*key = cycle_record_key(rec->e.rec);

	if (*key != '\0' || k == NULL)
		return key;
	return nz(k->seq.first_key);
}

int
history_plan_concerns(const struct plan_region *g, const struct plan_rec *rec,
    int only_selected)
{
	const Samplan__Record	*r = rec->e.rec;
	const struct plan_node	*k = author_node(g, rec);
	const char		*region;

	if (k == NULL)
		return 0;
	if (r->body_case == SAMPLAN__RECORD__BODY_PLAN)
		region = nz(r->plan->region);
	else if (r->body_case == SAMPLAN__RECORD__BODY_EVALUATION)
		region = nz(r->evaluation->region);
	else
		return 0;
	if (*region != '\0' && strcmp(region, g->cfg->name) != 0)
		return 0;
	return !only_selected ||
	    strcmp(history_plan_key(g, rec), nz(k->seq.plan)) == 0;
}

/* The human text of field i of p into buf ("" when unset); its label. */
static const char *
field_text(const Samplan__PlanInfo *p, int i, char *buf, size_t size)
{
	char	d[11];
	size_t	j, n;

	buf[0] = '\0';
	switch (i) {
	case 0:
		snprintf(buf, size, "%s", nz(p->tittel));
		return "tittel";
	case 1:
		snprintf(buf, size, "%s", nz(p->periode));
		return "periode";
	case 2:
		snprintf(buf, size, "%s", *nz(p->state) ?
		    domain_state_label(p->state) : "");
		return "tilstand";
	case 3:
		if (*nz(p->horing_start) != '\0')
			cycle_horing_text(p, buf, size);
		return "høring";
	case 4:
		snprintf(buf, size, "%s", nz(p->horing_hort));
		return "hørt";
	case 5:
		snprintf(buf, size, "%s", nz(p->horing_innspill));
		return "høringsinnspill";
	case 6:
		if (p->innstilling != NULL && (*nz(p->innstilling->organ) ||
		    *nz(p->innstilling->dato)))
			cycle_sak_text(p->innstilling, buf, size);
		return "innstilling";
	case 7:
		if (p->vedtak != NULL && (*nz(p->vedtak->organ) ||
		    *nz(p->vedtak->dato)))
			cycle_sak_text(p->vedtak, buf, size);
		return "vedtak";
	case 8:
		if (*nz(p->i_kraft) != '\0')
			snprintf(buf, size, "%s", domain_date_human(p->i_kraft,
			    d));
		return "i kraft";
	case 9:
		if (p->regional_version != 0)
			snprintf(buf, size, "%llu",
			    (unsigned long long)p->regional_version);
		return "regional versjon";
	case 10:
		for (j = 0, n = 0; j < p->n_innsatsomrader && n < size; j++)
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			    j ? "; " : "", p->innsatsomrader[j]);
		return "innsatsområder";
	case 11:
		snprintf(buf, size, "%s", nz(p->nasjonalt_grunnlag));
		return "nasjonalt grunnlag";
	case 12:
		snprintf(buf, size, "%s", nz(p->planlenker));
		return "planlenker";
	case 13:
		snprintf(buf, size, "%s", nz(p->malgrupper));
		return "målgrupper";
	case 14:
		snprintf(buf, size, "%s", nz(p->ressurser));
		return "ressurser";
	case 15:
		snprintf(buf, size, "%s", nz(p->grunn));
		return "grunn";
	default:
		return NULL;
	}
}

/* Appends "; " (unless first) and the formatted text to buf. */
static void
add(char *buf, size_t size, const char *label, const char *a, const char *b)
{
	size_t	len = strlen(buf);

	if (len + 1 >= size)
		return;
	if (a == NULL)
		snprintf(buf + len, size - len, "%s%s: %s", len ? "; " : "",
		    label, *b ? b : "(tom)");
	else
		snprintf(buf + len, size - len, "%s%s: %s → %s",
		    len ? "; " : "", label, *a ? a : "(tom)",
		    *b ? b : "(tom)");
}

static const Samplan__Milestone *
milestone_of(const Samplan__PlanInfo *p, const char *navn)
{
	size_t	i;

	for (i = 0; p != NULL && i < p->n_milepaler; i++)
		if (strcmp(nz(p->milepaler[i]->navn), navn) == 0)
			return p->milepaler[i];
	return NULL;
}

/* "planlagt 01.09.2027, nådd 03.09.2027, ansvar Prosessleder". */
static const char *
milestone_text(const Samplan__Milestone *m, char *buf, size_t size)
{
	char	a[11], b[11];

	if (m == NULL) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, size, "planlagt %s%s%s%s%s",
	    domain_date_human(nz(m->planlagt), a),
	    *nz(m->faktisk) ? ", nådd " : "",
	    *nz(m->faktisk) ? domain_date_human(m->faktisk, b) : "",
	    *nz(m->ansvar) ? ", ansvar " : "", nz(m->ansvar));
	return buf;
}

static void
milestones_diff(const Samplan__PlanInfo *p, const Samplan__PlanInfo *prev,
    char *buf, size_t size)
{
	char	label[FIELD_MAX], a[FIELD_MAX], b[FIELD_MAX];
	size_t	i;

	for (i = 0; i < p->n_milepaler; i++) {
		const Samplan__Milestone *m = p->milepaler[i];
		const Samplan__Milestone *o = milestone_of(prev, m->navn);

		milestone_text(m, b, sizeof(b));
		milestone_text(o, a, sizeof(a));
		if (o != NULL && strcmp(a, b) == 0)
			continue;
		snprintf(label, sizeof(label), "milepæl %s", m->navn);
		add(buf, size, label, prev != NULL && o != NULL ? a : NULL, b);
	}
	for (i = 0; prev != NULL && i < prev->n_milepaler; i++)
		if (milestone_of(p, prev->milepaler[i]->navn) == NULL) {
			snprintf(label, sizeof(label), "milepæl %s",
			    prev->milepaler[i]->navn);
			add(buf, size, label, NULL, "fjernet");
		}
}

/* What record p did to its version: forkastet, hentet tilbake, ... */
static const char *
plan_verb(const Samplan__PlanInfo *p, const Samplan__PlanInfo *prev)
{
	int	now = strcmp(nz(p->state), "forkastet") == 0;

	if (prev == NULL)
		return "opprettet";
	if (now && strcmp(nz(prev->state), "forkastet") != 0)
		return "forkastet";
	if (!now && strcmp(nz(prev->state), "forkastet") == 0)
		return "hentet tilbake";
	return "endret";
}

void
history_plan_describe(const struct plan_region *g, const struct plan_rec *rec,
    const Samplan__PlanInfo *prev, char *buf, size_t size)
{
	const Samplan__PlanInfo	*p = rec->e.rec->plan;
	const char		*label;
	char			 a[FIELD_MAX], b[FIELD_MAX];
	size_t			 len;
	int			 i;

	snprintf(buf, size, "plan %s %s: ", history_plan_key(g, rec),
	    plan_verb(p, prev));
	len = strlen(buf);
	for (i = 0; (label = field_text(p, i, b, sizeof(b))) != NULL; i++) {
		if (prev == NULL) {
			if (*b != '\0')
				add(buf + len, size - len, label, NULL, b);
			continue;
		}
		field_text(prev, i, a, sizeof(a));
		if (strcmp(a, b) != 0)
			add(buf + len, size - len, label, a, b);
	}
	milestones_diff(p, prev, buf + len, size - len);
	if (buf[len] == '\0')
		snprintf(buf + len, size - len, "ingen endring");
}

void
history_eval_describe(const Samplan__Evaluation *e, char *buf, size_t size)
{
	if (*nz(e->innsatsomrade) != '\0')
		snprintf(buf, size, "evaluering av %s, %s: %s%s%s%s%s",
		    nz(e->plan), e->innsatsomrade,
		    cycle_resultat_label(e->resultat), *nz(e->gjort) ? " — " :
		    "", nz(e->gjort), *nz(e->hvorfor) ? "; hvorfor: " : "",
		    nz(e->hvorfor));
	else
		snprintf(buf, size, "evaluering av %s: %s%s%s%s%s",
		    nz(e->plan), cycle_resultat_label(e->resultat),
		    *nz(e->gjort) ? " — " : "", nz(e->gjort),
		    *nz(e->hvorfor) ? "; hvorfor: " : "", nz(e->hvorfor));
}
