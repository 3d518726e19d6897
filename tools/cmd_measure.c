/*
 * cmd_measure.c - measures: `samplan measure add|edit|retire|reinstate`
 * (retire needs a reason; the measure stays visible as avsluttet),
 * `samplan import` (only the columns the file has are changed; measures
 * retired since an export are left alone) and `samplan export`.  On a
 * coordinator they are the region's regional measures; on a kommune,
 * its local measures.  Every rule that needs the store (does the id
 * exist, in any case, whose is it, is the innsatsområde declared) is
 * checked here against the local plan model before anything goes to the
 * node; the node repeats the per-record checks (policy.c), which by
 * design see one record and not the others.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "decide.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "utf8.h"
#include "wire.h"

int
tool_write(struct tool *t, const Samplan__ControlRequest *req,
    const char *what)
{
	return tool_send(t, req, what, 0);
}

/* The region a new measure of this node carries: g's, or "" (local). */
static const char *
scope_region(const struct ctx *c)
{
	return c->coord ? c->g->cfg->name : "";
}

/*
 * Finds the measure `id` this node may write, or explains why not.
 * Returns 0 with *pm set (NULL: no such measure yet) or EXIT_USAGE.
 */
static int
own_measure(struct tool *t, const struct ctx *c, const char *id,
    const struct plan_measure **pm)
{
	const struct plan_measure	*rm = plan_regional(c->g, id);

	*pm = NULL;
	if (c->coord) {
		*pm = rm;
		return 0;
	}
	if (c->k == NULL)
		return tool_error("measure: node %s is neither coordinator nor "
		    "member of %s", t->cfg->name, c->g->cfg->name);
	if (rm != NULL)
		return tool_error("measure: %s is a regional measure of %s; "
		    "only its coordinator %s may change it (a kommune uses "
		    "adopt, adapt or decline)", id, c->g->cfg->name,
		    c->g->cfg->coordinator);
	*pm = plan_local(c->k, id);
	return 0;
}

/* Applies every --set to m; returns 0 or EXIT_USAGE naming the field. */
static int
apply_sets(const struct opts *o, Samplan__Measure *m, int allow_id)
{
	const char	*reason;
	char		*value;
	size_t		 i;
	int		 rc;

	for (i = 0; i < o->nset; i++) {
		const char *f = o->set[i].field;

		if (!allow_id && strcmp(f, "id") == 0)
			return tool_error("id: cannot be changed; ids are "
			    "cited in political documents");
		rc = domain_measure_input(f, o->set[i].value, &value, &reason);
		free(value);
		if (rc == SP_ENOTFOUND)
			return tool_error("%s: unknown field (fields: id, "
			    "innsatsomrade, tittel, beskrivelse, ansvar, "
			    "samarbeidspartnere, frist, indikator, malgruppe)",
			    f);
		if (rc != 0)
			return tool_error("%s: «%s»: %s", f, o->set[i].value,
			    _(reason));
		if (domain_measure_set(m, f, o->set[i].value) != 0)
			return tool_error("%s: out of memory", f);
	}
	return 0;
}

static int
measure_send(struct tool *t, Samplan__Measure *m, int quiet)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	char			 what[128];

	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
	req.measure = m;
	snprintf(what, sizeof(what), "measure %s", m->id);
	return tool_send(t, &req, what, quiet);
}

/* Final per-record check, as the node will run it. */
static int
measure_final(const Samplan__Measure *m)
{
	const char	*field, *reason;

	if (domain_check_measure(m, &field, &reason) != 0)
		return tool_error("%s: %s", field, _(reason));
	return 0;
}

static int
measure_add(struct tool *t, struct ctx *c, const struct opts *o,
    const char *id)
{
	const struct plan_measure	*pm;
	Samplan__Measure		*m;
	int				 rc;

	if ((rc = own_measure(t, c, id, &pm)) != 0)
		return rc;
	if (pm != NULL)
		return pm->m->retired ? tool_error("id: measure %s exists "
		    "(retired; ids are never reused)", id) :
		    tool_error("id: measure %s exists (use measure edit)", id);
	if ((rc = ctx_check_new_id(c, id, NULL)) != 0)
		return rc;
	if ((m = malloc(sizeof(*m))) == NULL)
		return EXIT_FAIL;
	samplan__measure__init(m);
	if ((rc = domain_measure_set(m, "id", id)) != 0) {
		wire_free((ProtobufCMessage **)&m);
		return tool_error("id: «%s» is not an id (1 to 64 bytes of "
		    "A-Z a-z 0-9 Æ Ø Å æ ø å . _ -, not beginning with -)", id);
	}
	if ((rc = apply_sets(o, m, 0)) == 0 &&
	    (m->region = strdup(scope_region(c))) != NULL &&
	    (rc = measure_final(m)) == 0 &&
	    (rc = ctx_check_area(c, m->innsatsomrade, NULL)) == 0)
		rc = measure_send(t, m, 0);
	wire_free((ProtobufCMessage **)&m);
	return rc;
}

/* The verbs that change a measure that exists. */
enum change {
	CHANGE_EDIT,		/* --set FIELD=VALUE ... */
	CHANGE_RETIRE,		/* avsluttet, with a reason */
	CHANGE_REINSTATE,	/* back in the plan */
};

static int
measure_change(struct tool *t, struct ctx *c, const struct opts *o,
    const char *id, enum change how)
{
	const struct plan_measure	*pm;
	Samplan__Measure		*m;
	int				 rc;

	if ((rc = own_measure(t, c, id, &pm)) != 0)
		return rc;
	if (pm == NULL)
		return c->coord ? tool_error("measure: no regional measure "
		    "«%s» in %s", id, c->g->cfg->name) :
		    tool_error("measure: no local measure «%s» of %s", id,
		    t->cfg->name);
	if (how != CHANGE_REINSTATE && pm->m->retired)
		return tool_error("measure: %s is avsluttet (retired: %s); "
		    "samplan measure reinstate %s brings it back", id,
		    pm->m->retired_reason, id);
	if (how == CHANGE_REINSTATE && !pm->m->retired)
		return tool_error("measure: %s is not avsluttet (retired)", id);
	if (how != CHANGE_EDIT && o->nset > 0)
		return tool_error("set: measure retire and reinstate take no "
		    "--set");
	if (how == CHANGE_RETIRE && domain_text_blank(o->reason))
		return tool_error("reason: measure retire needs --reason TEXT "
		    "(why the measure is avsluttet; reports show it)");
	if (how != CHANGE_RETIRE && o->reason != NULL)
		return tool_error("reason: only measure retire takes --reason");
	if (how == CHANGE_EDIT && o->nset == 0)
		return tool_error("set: measure edit needs at least one --set "
		    "FIELD=VALUE");
	if ((m = decide_measure_dup(pm->m)) == NULL)
		return EXIT_FAIL;
	m->retired = how == CHANGE_RETIRE;
	free(m->retired_reason);
	if ((m->retired_reason = strdup(how == CHANGE_RETIRE ? o->reason :
	    "")) == NULL) {
		wire_free((ProtobufCMessage **)&m);
		return EXIT_FAIL;
	}
	if ((rc = apply_sets(o, m, 0)) == 0 && (rc = measure_final(m)) == 0 &&
	    (how == CHANGE_RETIRE ||
	    (rc = ctx_check_area(c, m->innsatsomrade, NULL)) == 0)) {
		if (decide_measure_same(m, pm->m))
			printf(_("measure %s: unchanged; nothing written\n"),
			    id);
		else
			rc = measure_send(t, m, 0);
	}
	wire_free((ProtobufCMessage **)&m);
	return rc;
}

int
cmd_measure(struct tool *t, int argc, char **argv)
{
	struct opts	o;
	struct ctx	c;
	const char	*verb;
	int		rc;

	if ((rc = opts_parse(t, "measure", argc, argv, OPT_SET | OPT_REGION |
	    OPT_REASON, 2, &o)) != 0)
		return rc;
	if (o.npos < 2)
		return tool_error("usage: samplan measure add|edit ID [--set "
		    "FIELD=VALUE ...] | retire ID --reason TEXT | reinstate "
		    "ID");
	verb = o.pos[0];
	if (strcmp(verb, "add") != 0 && strcmp(verb, "edit") != 0 &&
	    strcmp(verb, "retire") != 0 && strcmp(verb, "reinstate") != 0)
		return tool_error("measure: unknown verb «%s» (add, edit, "
		    "retire, reinstate)", verb);
	if (strcmp(verb, "add") == 0 && o.reason != NULL)
		return tool_error("reason: only measure retire takes --reason");
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if (!c.coord && c.k == NULL)
		rc = tool_error("measure: node %s is neither coordinator nor "
		    "member of %s", t->cfg->name, c.g->cfg->name);
	else if (strcmp(verb, "add") == 0)
		rc = measure_add(t, &c, &o, o.pos[1]);
	else
		rc = measure_change(t, &c, &o, o.pos[1],
		    strcmp(verb, "retire") == 0 ? CHANGE_RETIRE :
		    strcmp(verb, "reinstate") == 0 ? CHANGE_REINSTATE :
		    CHANGE_EDIT);
	ctx_close(&c);
	return rc;
}

/* ---- import and export ---- */

/* The second pass of an import: rules that need the plan model. */
struct import_check {
	struct tool	*t;
	struct ctx	*c;
	const char	*name;		/* file name for messages */
	ssize_t		 idcol;		/* column of id, -1 */
	ssize_t		 areacol;	/* column of innsatsomrade, -1 */
	size_t		 errors;
};

static int
import_row(const struct csv_record *rec, void *arg)
{
	struct import_check		*ic = arg;
	char				 where[300];
	size_t				 i;

	if (rec->index == 0) {
		for (i = 0; i < rec->n; i++) {
			if (strcmp(rec->cell[i], "id") == 0)
				ic->idcol = (ssize_t)i;
			if (strcmp(rec->cell[i], "innsatsomrade") == 0)
				ic->areacol = (ssize_t)i;
		}
		return 0;
	}
	if (ic->idcol >= 0 && (size_t)ic->idcol < rec->n) {
		const char *id = rec->cell[ic->idcol];

		if (!ic->c->coord && plan_regional(ic->c->g, id) != NULL) {
			fprintf(stderr, _("samplan: %s:%zu:%zd: id: %s is a "
			    "regional measure of %s; a kommune imports local "
			    "measures only\n"), ic->name, rec->line,
			    ic->idcol + 1, id, ic->c->g->cfg->name);
			ic->errors++;
		} else if ((ic->c->coord ? plan_regional(ic->c->g, id) :
		    plan_local(ic->c->k, id)) == NULL) {
			/* A new measure: its id may not differ only in case. */
			snprintf(where, sizeof(where), "%s:%zu:%zd", ic->name,
			    rec->line, ic->idcol + 1);
			if (ctx_check_new_id(ic->c, id, where) != 0)
				ic->errors++;
		}
	}
	if (ic->areacol >= 0 && (size_t)ic->areacol < rec->n &&
	    rec->cell[ic->areacol][0] != '\0' &&
	    utf8_valid(rec->cell[ic->areacol], rec->len[ic->areacol])) {
		snprintf(where, sizeof(where), "%s:%zu:%zd", ic->name,
		    rec->line, ic->areacol + 1);
		if (ctx_check_area(ic->c, rec->cell[ic->areacol], where) != 0)
			ic->errors++;
	}
	return 0;
}

static int
import_check(struct tool *t, struct ctx *c, const char *name,
    const char *text, size_t len)
{
	struct import_check	 ic;
	const char *const	*fields, *why;
	size_t			 nf, errline;

	memset(&ic, 0, sizeof(ic));
	ic.t = t;
	ic.c = c;
	ic.name = name;
	ic.idcol = ic.areacol = -1;
	fields = domain_measure_fields(&nf);
	csv_read_rows(text, len, csv_detect_delim(text, len, fields, nf),
	    import_row, &ic, &errline, &why);
	return ic.errors > 0 ? EXIT_USAGE : 0;
}

/* Columns a file left out, "beskrivelse, ansvar, ..."; malloc'd. */
static char *
columns_left(unsigned columns)
{
	const char *const	*fields;
	char			*buf;
	size_t			 n, i, len = 1;

	fields = domain_measure_fields(&n);
	for (i = 0; i < n; i++)
		len += strlen(fields[i]) + 2;
	if ((buf = calloc(1, len)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (columns & (1U << i))
			continue;
		if (*buf != '\0')
			strcat(buf, ", ");
		strcat(buf, fields[i]);
	}
	return buf;
}

/*
 * The measure to write for imported row m: m itself when new (it must
 * then carry every required column), or the stored measure with the
 * file's columns put over it.  *out is the caller's (wire_free); NULL
 * with 0 returned means "unchanged" or "retired: left alone".
 */
static int
import_merge(const struct ctx *c, Samplan__Measure *m, unsigned columns,
    const struct plan_measure *pm, Samplan__Measure **out)
{
	const char *const	*fields;
	const char		*field, *reason;
	Samplan__Measure	*d;
	size_t			 n, i;

	*out = NULL;
	if (pm == NULL) {
		if (domain_check_measure(m, &field, &reason) != 0)
			return tool_error("import: %s is new, so the file needs "
			    "its %s: %s", m->id, field, reason);
		if ((d = decide_measure_dup(m)) == NULL)
			return EXIT_FAIL;
		free(d->region);
		if ((d->region = strdup(c->coord ? c->g->cfg->name : "")) ==
		    NULL) {
			wire_free((ProtobufCMessage **)&d);
			return EXIT_FAIL;
		}
		*out = d;
		return 0;
	}
	if (pm->m->retired)
		return 0;
	if ((d = decide_measure_dup(pm->m)) == NULL)
		return EXIT_FAIL;
	fields = domain_measure_fields(&n);
	for (i = 0; i < n; i++)
		if ((columns & (1U << i)) && domain_measure_set(d, fields[i],
		    domain_measure_get(m, fields[i])) != 0) {
			wire_free((ProtobufCMessage **)&d);
			return EXIT_FAIL;
		}
	if (domain_check_measure(d, &field, &reason) != 0) {
		wire_free((ProtobufCMessage **)&d);
		return tool_error("import: %s: %s: %s", m->id, field,
		    _(reason));
	}
	if (decide_measure_same(d, pm->m))
		wire_free((ProtobufCMessage **)&d);
	*out = d;
	return 0;
}

int
cmd_import(struct tool *t, int argc, char **argv)
{
	struct measure_list	 list = MEASURE_LIST_INIT;
	const struct plan_measure *pm;
	Samplan__ControlRequest	**reqs = NULL;
	Samplan__Measure	*w;
	struct opts		 o;
	struct ctx		 c;
	char			*text = NULL, prefix[300], what[300], *left = NULL;
	size_t			 len, i, nnew = 0, nchanged = 0, nsame = 0;
	size_t			 nretired = 0, nreqs = 0;
	unsigned		 columns = 0;
	int			 rc, bad;

	if ((rc = opts_parse(t, "import", argc, argv, OPT_REGION, 1, &o)) != 0)
		return rc;
	if (o.npos != 1)
		return tool_error("usage: samplan import FILE.csv");
	if ((rc = tool_read_csv(o.pos[0], &text, &len)) != 0)
		return rc;
	if ((rc = ctx_open(t, o.region, &c)) != 0) {
		free(text);
		return rc;
	}
	if (!c.coord && c.k == NULL) {
		rc = tool_error("import: node %s is neither coordinator nor "
		    "member of %s", t->cfg->name, c.g->cfg->name);
		goto out;
	}
	/* Check the whole file, both passes, before writing anything. */
	snprintf(prefix, sizeof(prefix), "samplan: %s", o.pos[0]);
	bad = csv_read_measure_columns(text, len, prefix, &list, stderr,
	    &columns) != 0;
	bad |= import_check(t, &c, o.pos[0], text, len) != 0;
	if (bad) {
		rc = tool_error("import: %s: nothing imported", o.pos[0]);
		goto out;
	}
	if ((reqs = calloc(list.n + 1, sizeof(*reqs))) == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < list.n; i++) {
		pm = c.coord ? plan_regional(c.g, list.v[i]->id) :
		    plan_local(c.k, list.v[i]->id);
		if ((rc = import_merge(&c, list.v[i], columns, pm, &w)) != 0) {
			tool_error("import: %s: nothing imported", o.pos[0]);
			goto out;
		}
		if (w == NULL) {
			if (pm != NULL && pm->m->retired)
				nretired++;
			else
				nsame++;
			continue;
		}
		if ((reqs[nreqs] = calloc(1, sizeof(**reqs))) == NULL) {
			wire_free((ProtobufCMessage **)&w);
			rc = EXIT_FAIL;
			goto out;
		}
		samplan__control_request__init(reqs[nreqs]);
		reqs[nreqs]->kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
		reqs[nreqs++]->measure = w;
		if (pm == NULL)
			nnew++;
		else
			nchanged++;
	}
	/* One transaction: the node writes the whole file or nothing. */
	snprintf(what, sizeof(what), "import %s", o.pos[0]);
	if ((rc = tool_send_batch(t, reqs, nreqs, what)) != 0)
		goto out;
	printf(_("import %s: %zu new, %zu changed, %zu unchanged\n"),
	    o.pos[0], nnew, nchanged, nsame);
	if (nretired > 0)
		printf(_("import %s: %zu avsluttet (retired) measures left "
		    "as they are (samplan measure reinstate ID brings one "
		    "back)\n"), o.pos[0], nretired);
	if ((left = columns_left(columns)) != NULL && *left != '\0')
		printf(_("import %s: columns not in the file, left as they "
		    "were: %s\n"), o.pos[0], left);
out:
	free(left);
	for (i = 0; reqs != NULL && i < nreqs; i++) {
		wire_free((ProtobufCMessage **)&reqs[i]->measure);
		free(reqs[i]);
	}
	free(reqs);
	measure_list_clear(&list);
	ctx_close(&c);
	free(text);
	return rc;
}

int
cmd_export(struct tool *t, int argc, char **argv)
{
	Samplan__Measure	**v;
	const struct plan_measure *pm;
	struct opts		 o;
	struct ctx		 c;
	FILE			*out = stdout;
	size_t			 i, n = 0, total;
	int			 rc;

	if ((rc = opts_parse(t, "export", argc, argv, OPT_REGION | OPT_OUT |
	    OPT_DELIM | OPT_REGIONAL | OPT_KOMMUNE, 0, &o)) != 0)
		return rc;
	if ((rc = ctx_open(t, o.region, &c)) != 0)
		return rc;
	if (o.kommune != NULL && (c.k = plan_member(c.g, o.kommune)) == NULL) {
		rc = tool_error("kommune: «%s» is not a member of %s",
		    o.kommune, c.g->cfg->name);
		goto out;
	}
	if (o.kommune != NULL)
		c.coord = 0;
	if (!c.coord && !o.regional && c.k == NULL) {
		rc = tool_error("export: node %s has no local measures in %s; "
		    "use --regional", t->cfg->name, c.g->cfg->name);
		goto out;
	}
	total = c.coord || o.regional ? c.g->nmeasures : c.k->nlocal;
	if ((v = calloc(total + 1, sizeof(*v))) == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < total; i++) {
		pm = c.coord || o.regional ? &c.g->measures[i] :
		    &c.k->local[i];
		if (!pm->m->retired)
			v[n++] = (Samplan__Measure *)(uintptr_t)pm->m;
	}
	if (o.out != NULL && (out = fopen(o.out, "wb")) == NULL) {
		fprintf(stderr, "samplan: %s: %s\n", o.out, strerror(errno));
		rc = EXIT_USAGE;
	} else if (csv_write_measures(out, v, n, o.delim) != 0 ||
	    (out != stdout && fclose(out) != 0)) {
		fprintf(stderr, _("samplan: export: write failed: %s\n"),
		    strerror(errno));
		rc = EXIT_FAIL;
	}
	free(v);
out:
	ctx_close(&c);
	return rc;
}
