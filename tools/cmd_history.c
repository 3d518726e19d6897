/*
 * cmd_history.c - `samplan history MEASURE`: every record that touched a
 * measure, oldest first: its versions (with the fields each changed),
 * every kommune's decisions on it and every status report, each with the
 * node that wrote it, the seq in that node's feed, and when.  `samplan
 * history` without a measure prints the plan-cycle records the same way
 * (every node's PlanInfo versions with what each changed, evaluations;
 * history_plan.c describes them), of one plan with --plan.  Reads the
 * store only.  A measure's line says what its record did against the
 * version before (a field changed, avsluttet with the reason, hentet
 * tilbake); a report's line gives its status, verdi and note, and what
 * the report before it for the same period said when that changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycle.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"

struct event {
	const struct plan_rec	*rec;
	const Samplan__Measure	*prev;	/* measure: the version before */
	const Samplan__PlanInfo	*prev_plan;	/* plan: the record before */
	const Samplan__StatusReport *prev_report; /* report: the one before
						   for the same period */
	const struct plan_rec	*target;	/* redaction: what it names */
};

static int
cmp_event(const void *a, const void *b)
{
	const struct event	*x = a, *y = b;
	int			 c;

	if (x->rec->time != y->rec->time)
		return x->rec->time < y->rec->time ? -1 : 1;
	if ((c = strcmp(x->rec->author, y->rec->author)) != 0)
		return c;
	return x->rec->seq < y->rec->seq ? -1 : x->rec->seq > y->rec->seq;
}

/* Is rec about measure id in region g (regional) or local to a member? */
static int
concerns(const struct plan_region *g, const struct plan_rec *rec,
    const char *id)
{
	const Samplan__Record	*r = rec->e.rec;
	int			 coord = strcmp(rec->author, g->coord.name) == 0;
	int			 member = plan_member(g, rec->author) != NULL;

	switch (r->body_case) {
	case SAMPLAN__RECORD__BODY_MEASURE:
		if (strcmp(r->measure->id, id) != 0)
			return 0;
		return (coord && strcmp(r->measure->region, g->cfg->name) == 0) ||
		    (member && r->measure->region[0] == '\0');
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		return member && strcmp(r->adaptation->measure, id) == 0 &&
		    strcmp(r->adaptation->region, g->cfg->name) == 0;
	case SAMPLAN__RECORD__BODY_REPORT:
		return member && strcmp(r->report->measure, id) == 0 &&
		    (r->report->region[0] == '\0' ||
		    strcmp(r->report->region, g->cfg->name) == 0);
	case SAMPLAN__RECORD__BODY_EVALUATION:
		return (coord || member) &&
		    strcmp(r->evaluation->measure, id) == 0 &&
		    strcmp(r->evaluation->region, g->cfg->name) == 0;
	default:
		return 0;
	}
}

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

/*
 * What a measure record did to its lifecycle: "avsluttet: REASON" when
 * it retires the measure, "hentet tilbake" when it reinstates it (the
 * words plan show and plan history use), "" otherwise.
 */
static void
retire_text(const Samplan__Measure *m, const Samplan__Measure *p, char *buf,
    size_t size)
{
	if (m->retired && !p->retired)
		snprintf(buf, size, "avsluttet: %s", *nz(m->retired_reason) ?
		    m->retired_reason : "(ingen begrunnelse)");
	else if (!m->retired && p->retired)
		snprintf(buf, size, "hentet tilbake");
	else if (m->retired && strcmp(nz(m->retired_reason),
	    nz(p->retired_reason)) != 0)
		snprintf(buf, size, "begrunnelse for avsluttet: %s → %s",
		    *nz(p->retired_reason) ? p->retired_reason : "(tom)",
		    *nz(m->retired_reason) ? m->retired_reason : "(tom)");
	else
		buf[0] = '\0';
}

/* Appends "field: old → new; " for each changed field to buf. */
static void
describe_measure(const struct event *ev, char *buf, size_t size)
{
	const Samplan__Measure	*m = ev->rec->e.rec->measure, *p = ev->prev;
	const char *const	*fields;
	size_t			 n, i, len;

	if (p == NULL) {
		snprintf(buf, size, "opprettet: %s (%s), frist %s, ansvar %s",
		    m->tittel, m->innsatsomrade, *m->frist ? m->frist : "-",
		    *m->ansvar ? m->ansvar : "-");
		return;
	}
	retire_text(m, p, buf, size);
	fields = domain_measure_fields(&n);
	for (i = 0; i < n; i++) {
		const char *a = domain_measure_get(p, fields[i]);
		const char *b = domain_measure_get(m, fields[i]);

		if (strcmp(a, b) == 0)
			continue;
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s: %s → %s",
		    len ? "; " : "", fields[i], *a ? a : "(tom)",
		    *b ? b : "(tom)");
	}
	if (buf[0] == '\0')
		snprintf(buf, size, "ingen endring");
}

/* A stored decimal ("12.5") as people write it ("12,5"), in buf. */
static const char *
verdi_text(const char *v, char *buf, size_t size)
{
	char	*dot;

	if (*nz(v) == '\0')
		return "(tom)";
	snprintf(buf, size, "%s", v);
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
	return buf;
}

/*
 * "2025: igangsatt, verdi 40 → 90 — note".  The verdi is shown when the
 * report has one, with the one before when it changed; a note the
 * report before had and this one drops is named, since the line shows
 * only this report's note.  A report after a withdrawal stands alone.
 */
static void
describe_report(const struct event *ev, char *buf, size_t size)
{
	const Samplan__StatusReport	*r = ev->rec->e.rec->report;
	const Samplan__StatusReport	*p = ev->prev_report;
	const char			*label;
	char				 a[32], b[32];
	size_t				 len;

	if (r->withdrawn) {
		snprintf(buf, size, "%s: trukket tilbake — %s", r->period,
		    r->note);
		return;
	}
	if (p != NULL && p->withdrawn)
		p = NULL;
	label = domain_status_label(r->status);
	snprintf(buf, size, "%s: %s", r->period, label ? label : "?");
	len = strlen(buf);
	if (p != NULL && strcmp(nz(p->verdi), nz(r->verdi)) != 0)
		snprintf(buf + len, size - len, ", verdi %s → %s",
		    verdi_text(p->verdi, a, sizeof(a)),
		    verdi_text(r->verdi, b, sizeof(b)));
	else if (*nz(r->verdi) != '\0')
		snprintf(buf + len, size - len, ", verdi %s",
		    verdi_text(r->verdi, b, sizeof(b)));
	len = strlen(buf);
	if (*nz(r->note) != '\0')
		snprintf(buf + len, size - len, " — %s", r->note);
	else if (p != NULL && *nz(p->note) != '\0')
		snprintf(buf + len, size - len, " — merknad fjernet");
}

/* "fjernet tekst i k1#4: reason", and whose exception it was. */
static void
describe_redaction(const struct event *ev, char *buf, size_t size)
{
	const Samplan__Redaction	*red = ev->rec->e.rec->redaction;
	const struct plan_rec		*tg = ev->target;
	size_t				 len;

	snprintf(buf, size, "fjernet tekst i %s#%llu: %s", tg->author,
	    (unsigned long long)tg->seq, red->reason);
	if (strcmp(tg->author, ev->rec->author) != 0) {
		len = strlen(buf);
		snprintf(buf + len, size - len, " (unntak: koordinatoren "
		    "%s fjernet tekst i %s sin post)", ev->rec->author,
		    tg->author);
	}
}

static void
describe(const struct plan_region *g, const struct event *ev, char *buf,
    size_t size)
{
	const Samplan__Record	*r = ev->rec->e.rec;
	const Samplan__Adaptation *a;
	size_t			 i, len;

	switch (r->body_case) {
	case SAMPLAN__RECORD__BODY_REDACTION:
		describe_redaction(ev, buf, size);
		return;
	case SAMPLAN__RECORD__BODY_MEASURE:
		describe_measure(ev, buf, size);
		return;
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		a = r->adaptation;
		snprintf(buf, size, "%s på versjon %llu",
		    a->decision == SAMPLAN__DECISION__ADAPT ? "tilpasset" :
		    a->decision == SAMPLAN__DECISION__DECLINE ? "avslått" :
		    "vedtatt", (unsigned long long)a->based_on);
		for (i = 0; i < a->n_overrides; i++) {
			len = strlen(buf);
			snprintf(buf + len, size - len, "%s%s=%s",
			    i ? "; " : ": ", a->overrides[i]->field,
			    a->overrides[i]->value);
		}
		if (*a->reason) {
			len = strlen(buf);
			snprintf(buf + len, size - len, " (begrunnelse: %s)",
			    a->reason);
		}
		return;
	case SAMPLAN__RECORD__BODY_REPORT:
		describe_report(ev, buf, size);
		return;
	case SAMPLAN__RECORD__BODY_EVALUATION:
		history_eval_describe(r->evaluation, buf, size);
		return;
	case SAMPLAN__RECORD__BODY_PLAN:
		history_plan_describe(g, ev->rec, ev->prev_plan, buf, size);
		return;
	default:
		buf[0] = '\0';
	}
}

static const char *
kind_name(const Samplan__Record *r)
{
	switch (r->body_case) {
	case SAMPLAN__RECORD__BODY_MEASURE:
		return "measure";
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		return "decision";
	case SAMPLAN__RECORD__BODY_REDACTION:
		return "redaction";
	case SAMPLAN__RECORD__BODY_EVALUATION:
		return "evaluation";
	case SAMPLAN__RECORD__BODY_PLAN:
		return "plan";
	default:
		return "report";
	}
}

/* The body as JSON (a measure with its field names). */
static json_t *
body_json(const Samplan__Record *r)
{
	switch (r->body_case) {
	case SAMPLAN__RECORD__BODY_MEASURE:
		return measure_json(r->measure);
	case SAMPLAN__RECORD__BODY_ADAPTATION:
		return json_from_message(&r->adaptation->base);
	case SAMPLAN__RECORD__BODY_REDACTION:
		return json_string(r->redaction->reason);
	case SAMPLAN__RECORD__BODY_EVALUATION:
		return json_from_message(&r->evaluation->base);
	case SAMPLAN__RECORD__BODY_PLAN:
		return json_from_message(&r->plan->base);
	default:
		return json_from_message(&r->report->base);
	}
}

static void
history_print(struct tool *t, const struct plan_region *g,
    const struct event *ev, size_t n)
{
	static const char *head[] = { "Tid", "Node", "Seq", "Hva", "Endring" };
	struct table	*tb = table_new(5, head);
	char		 tm[24], seq[24], *buf;
	size_t		 i;
	json_t		*arr = json_array(), *o;

	if ((buf = malloc(16384)) == NULL)
		return;
	tb->right[2] = 1;
	for (i = 0; i < n; i++) {
		const Samplan__Record *r = ev[i].rec->e.rec;

		describe(g, &ev[i], buf, 16384);
		ctx_time(ev[i].rec->time, tm);
		snprintf(seq, sizeof(seq), "%llu",
		    (unsigned long long)ev[i].rec->seq);
		if (t->json) {
			o = json_object();
			json_object_set_new(o, "time", json_string(tm));
			json_object_set_new(o, "node", json_string(
			    ev[i].rec->author));
			json_object_set_new(o, "seq", json_integer(
			    (json_int_t)ev[i].rec->seq));
			json_object_set_new(o, "kind", json_string(
			    kind_name(r)));
			json_object_set_new(o, "actor", json_string(r->actor));
			json_object_set_new(o, "change", json_string(buf));
			json_object_set_new(o, "body", body_json(r));
			json_array_append_new(arr, o);
			continue;
		}
		/* Who made it ends the line: no column moves with its length. */
		if (*r->actor) {
			size_t len = strlen(buf);

			snprintf(buf + len, 16384 - len, " (av %s)", r->actor);
		}
		const char *row[] = { tm, ev[i].rec->author, seq, kind_name(r),
		    buf };
		table_add(tb, row);
	}
	if (t->json)
		json_print(arr);
	else {
		json_decref(arr);
		table_print(tb, stdout, ctx_format(t), NULL);
	}
	table_destroy(&tb);
	free(buf);
}

/* The record a redaction names, among those the model holds, or NULL. */
static const struct plan_rec *
redaction_target(struct tool *t, const struct ctx *c,
    const struct plan_rec *rec)
{
	const Samplan__Redaction	*red = rec->e.rec->redaction;
	const char			*name;
	char				 buf[16];
	size_t				 i;

	if (red->feed.len != KEY_PUBLIC_LEN)
		return NULL;
	name = tool_author_name(t, red->feed.data, buf);
	for (i = 0; i < c->m->nrecs; i++)
		if (c->m->recs[i].seq == red->seq &&
		    strcmp(c->m->recs[i].author, name) == 0)
			return &c->m->recs[i];
	return NULL;
}

/* Do a and b report on the same period of the same plan and region? */
static int
same_report_slot(const Samplan__StatusReport *a,
    const Samplan__StatusReport *b)
{
	return strcmp(nz(a->period), nz(b->period)) == 0 &&
	    strcmp(nz(a->plan), nz(b->plan)) == 0 &&
	    strcmp(nz(a->region), nz(b->region)) == 0;
}

/* The version before: this author's last record of the same kind. */
static void
link_prev(const struct plan_region *g, struct event *ev, size_t n)
{
	const Samplan__Record	*r = ev[n].rec->e.rec;
	size_t			 k;

	for (k = n; k-- > 0;) {
		const struct plan_rec *o = ev[k].rec;

		if (o->author != ev[n].rec->author ||
		    o->e.rec->body_case != r->body_case)
			continue;
		if (r->body_case == SAMPLAN__RECORD__BODY_MEASURE) {
			ev[n].prev = o->e.rec->measure;
			return;
		}
		if (r->body_case == SAMPLAN__RECORD__BODY_REPORT &&
		    same_report_slot(o->e.rec->report, r->report)) {
			ev[n].prev_report = o->e.rec->report;
			return;
		}
		if (r->body_case == SAMPLAN__RECORD__BODY_PLAN &&
		    strcmp(history_plan_key(g, o),
		    history_plan_key(g, ev[n].rec)) == 0) {
			ev[n].prev_plan = o->e.rec->plan;
			return;
		}
	}
}

/* Collects the events of measure id (NULL: the plan-cycle records). */
static size_t
collect(struct tool *t, const struct ctx *c, const char *id,
    struct event *ev)
{
	size_t	i, n = 0;

	for (i = 0; i < c->m->nrecs; i++) {
		const struct plan_rec *rec = &c->m->recs[i];

		if (rec->e.rec->body_case == SAMPLAN__RECORD__BODY_REDACTION) {
			ev[n].target = redaction_target(t, c, rec);
			if (ev[n].target != NULL && (id != NULL ?
			    concerns(c->g, ev[n].target, id) :
			    history_plan_concerns(c->g, ev[n].target,
			    t->plan != NULL)))
				ev[n++].rec = rec;
			continue;
		}
		if (id != NULL ? !concerns(c->g, rec, id) :
		    !history_plan_concerns(c->g, rec, 0))
			continue;
		ev[n].rec = rec;
		link_prev(c->g, ev, n);
		n++;
	}
	return n;
}

/* With --plan, the plan-cycle records of that version only. */
static size_t
keep_selected(const struct plan_region *g, struct event *ev, size_t n)
{
	size_t	i, kept = 0;

	for (i = 0; i < n; i++)
		if (ev[i].rec->e.rec->body_case ==
		    SAMPLAN__RECORD__BODY_REDACTION ||
		    history_plan_concerns(g, ev[i].rec, 1))
			ev[kept++] = ev[i];
	return kept;
}

int
cmd_history(struct tool *t, int argc, char **argv)
{
	struct event	*ev;
	struct opts	 o;
	struct ctx	 c;
	size_t		 n;
	int		 rc;

	if ((rc = opts_parse(t, "history", argc, argv, OPT_REGION |
	    OPT_FORMAT, 1, &o)) != 0)
		return rc;
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if ((ev = calloc(c.m->nrecs + 1, sizeof(*ev))) == NULL) {
		ctx_close(&c);
		return EXIT_FAIL;
	}
	n = collect(t, &c, o.npos == 1 ? o.pos[0] : NULL, ev);
	if (o.npos == 0 && t->plan != NULL)
		n = keep_selected(c.g, ev, n);
	if (n == 0 && o.npos == 1)
		rc = ctx_error(NULL, "measure", "no measure «%s» in %s",
		    o.pos[0], c.g->cfg->name);
	else if (n == 0)
		printf("Ingen planposter i %s%s%s.\n", c.g->cfg->name,
		    t->plan != NULL ? " for plan " : "",
		    t->plan != NULL ? t->plan : "");
	else {
		qsort(ev, n, sizeof(*ev), cmp_event);
		history_print(t, c.g, ev, n);
	}
	free(ev);
	ctx_close(&c);
	return rc;
}
