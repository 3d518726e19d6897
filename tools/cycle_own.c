/*
 * cycle_own.c - the kommuner's own plan versions in a region of
 * parallel plans (Levanger and Verdal): for `samplan plan versions`,
 * per kommune each of its plans with its role (gjeldende, neste,
 * avsluttet), its state, the saksgang step it has reached, its vedtak
 * and i_kraft.  Which version is in force is cycle.c's rule applied to
 * the kommune's own sequence (plan_seq.c); this file only prints.
 */
#include <stdio.h>
#include <string.h>

#include "cycle.h"
#include "doc.h"
#include "domain.h"
#include "planctx.h"

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

static void
own_rows(struct table *tb, const struct plan_node *k, const char *today)
{
	const struct plan_seq	*q = &k->seq;
	char			 d[11], h[32], ved[512];
	size_t			 i;

	if (q->nversions == 0) {
		const char *row[] = { k->title, "-", "-", "ingen plan",
		    "ikke startet", "-", "-", "-" };

		table_add(tb, row);
		return;
	}
	for (i = 0; i < q->nversions; i++) {
		const Samplan__PlanInfo *p = q->versions[i].info;
		const char *row[] = { i == 0 ? k->title : "",
		    q->versions[i].key,
		    cycle_role(q->versions, q->nversions, i, today),
		    *nz(p->state) ? domain_state_label(p->state) : "-",
		    cycle_step(p, today), cycle_horing_text(p, h, sizeof(h)),
		    cycle_sak_text(p->vedtak, ved, sizeof(ved)),
		    *nz(p->i_kraft) ? domain_date_human(p->i_kraft, d) : "-" };

		table_add(tb, row);
	}
}

void
cycle_own_doc(struct tool *t, const struct plan_region *g, const char *today)
{
	static const char *head[] = { "Kommune", "Plan", "Rolle", "Tilstand",
	    "Saksgang", "Høring", "Vedtak", "I kraft" };
	struct table	*tb;
	size_t		 j;

	if (!g->parallel)
		return;
	tb = table_new(8, head);
	for (j = 0; j < g->nmembers; j++)
		own_rows(tb, &g->members[j], today);
	doc_heading(t, "Kommunenes egne planer");
	doc_para(t, "Parallelle planer: hver kommune eier sin plan og sine "
	    "planversjoner; en kommune bruker sin gjeldende plan til den neste "
	    "er vedtatt og i kraft.");
	doc_table(t, tb);
	table_destroy(&tb);
}

/* "2024-2027: vedtatt (i kraft fra 01.01.2024)" for k's successor, or "-". */
static const char *
successor_text(const struct plan_node *k, const char *today, char *buf,
    size_t size)
{
	const struct plan_seq	*q = &k->seq;
	const Samplan__PlanInfo	*p;
	char			 d[11];
	long			 nx;

	nx = cycle_next(q->versions, q->nversions, q->in_force);
	if (nx < 0)
		return "-";
	p = q->versions[nx].info;
	snprintf(buf, size, "%s: %s, %s%s%s", q->versions[nx].key,
	    *nz(p->state) ? domain_state_label(p->state) : "uten tilstand",
	    cycle_step(p, today), *nz(p->i_kraft) ? " fra " : "",
	    *nz(p->i_kraft) ? domain_date_human(p->i_kraft, d) : "");
	return buf;
}

void
cycle_own_states(struct tool *t, const struct plan_region *g,
    const char *today)
{
	static const char *head[] = { "Kommune", "Plan", "Tilstand", "Vedtak",
	    "I kraft", "Neste plan" };
	struct table	*tb = table_new(6, head);
	char		 d[11], ved[512], nx[256];
	size_t		 j;

	for (j = 0; j < g->nmembers; j++) {
		const struct plan_node *k = &g->members[j];
		const Samplan__PlanInfo *p = k->info;
		const char *row[] = { k->title, *nz(k->seq.plan) ?
		    k->seq.plan : "-",
		    p && *nz(p->state) ? domain_state_label(p->state) : "-",
		    cycle_sak_text(p ? p->vedtak : NULL, ved, sizeof(ved)),
		    p && *nz(p->i_kraft) ? domain_date_human(p->i_kraft, d) :
		    "-", successor_text(k, today, nx, sizeof(nx)) };

		table_add(tb, row);
	}
	doc_heading(t, "Planstatus per kommune (egne planer)");
	doc_table(t, tb);
	table_destroy(&tb);
}

static json_t *
vedtak_json(const Samplan__Vedtak *v)
{
	if (v == NULL)
		return json_null();
	return json_pack("{s:s, s:s, s:s, s:s}", "organ", nz(v->organ),
	    "dato", nz(v->dato), "saksnr", nz(v->saksnr), "arkivref",
	    nz(v->arkivref));
}

json_t *
cycle_own_json(const struct plan_region *g, const char *today)
{
	json_t	*arr = json_array(), *vs;
	size_t	 i, j;

	for (j = 0; g->parallel && j < g->nmembers; j++) {
		const struct plan_seq *q = &g->members[j].seq;

		vs = json_array();
		for (i = 0; i < q->nversions; i++) {
			const Samplan__PlanInfo *p = q->versions[i].info;

			json_array_append_new(vs, json_pack("{s:s, s:s, s:s, "
			    "s:s, s:s, s:s, s:o, s:o, s:s}", "plan",
			    q->versions[i].key, "rolle", cycle_role(q->versions,
			    q->nversions, i, today), "state", nz(p->state),
			    "saksgang", cycle_step(p, today), "horing_start",
			    nz(p->horing_start), "horingsfrist",
			    nz(p->horingsfrist), "innstilling",
			    vedtak_json(p->innstilling), "vedtak",
			    vedtak_json(p->vedtak), "i_kraft",
			    nz(p->i_kraft)));
		}
		json_array_append_new(arr, json_pack("{s:s, s:o}", "kommune",
		    g->members[j].name, "planer", vs));
	}
	return arr;
}
