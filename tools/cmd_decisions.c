/*
 * cmd_decisions.c - `samplan import-decisions FILE.csv`: a kommune's
 * decisions and local measures from the format of DOMAIN.md 3.2
 * (kommune, regional_id, action, overridden_fields, reason; action adopt,
 * adapt, decline or local; overridden_fields "felt=verdi | felt=verdi").
 * Only the rows of this node are applied; the kommune cell must name a
 * member exactly (node name, title, or title without " kommune": see
 * plan_member_by_label()), and one that names none refuses the file.
 * Every row is checked before anything is sent, so a bad row writes
 * nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "domain.h"
#include "errors.h"
#include "planctx.h"
#include "utf8.h"
#include "wire.h"

#define DEC_COLS	5

struct dec_read {
	struct tool		*t;
	struct ctx		*c;
	const char		*file;
	int			 col[DEC_COLS];	/* file column of each */
	Samplan__ControlRequest	**reqs;		/* the checked writes */
	size_t			 nreqs;
	size_t			 errors;
	size_t			 skipped;	/* rows of other kommuner */
	char			*members;	/* "Gjøvik kommune, ..." */
};

static const char *const dec_names[DEC_COLS] = {
	"kommune", "regional_id", "action", "overridden_fields", "reason"
};

/* Splits "a=x | b=y" into sets (pointing into buf, which is modified). */
static int
split_pairs(char *buf, struct field_value *sets, size_t *n, const char *where)
{
	char	*s = buf, *e, *eq;

	*n = 0;
	while (*s != '\0') {
		e = strstr(s, " | ");
		if (e != NULL)
			*e = '\0';
		while (*s == ' ')
			s++;
		if ((eq = strchr(s, '=')) == NULL || eq == s)
			return ctx_error(where, "overridden_fields", "«%s» is "
			    "not felt=verdi", s);
		if (*n == OPTS_MAX_SET)
			return ctx_error(where, "overridden_fields", "too "
			    "many fields");
		*eq = '\0';
		sets[*n].field = s;
		sets[(*n)++].value = eq + 1;
		s = e != NULL ? e + 3 : s + strlen(s);
	}
	return 0;
}

static int
dec_push(struct dec_read *d, Samplan__ControlRequest *req)
{
	Samplan__ControlRequest	**v;

	if ((v = realloc(d->reqs, (d->nreqs + 1) * sizeof(*v))) == NULL)
		return SP_ENOMEM;
	d->reqs = v;
	v[d->nreqs++] = req;
	return 0;
}

/* A local measure from "id=... | innsatsomrade=... | ...". */
static int
dec_local(struct dec_read *d, struct field_value *sets, size_t n,
    const char *where, Samplan__ControlRequest *req)
{
	const char	*field, *reason;
	char		*value;
	Samplan__Measure *m;
	size_t		 i;
	int		 rc;

	if ((m = malloc(sizeof(*m))) == NULL)
		return EXIT_FAIL;
	samplan__measure__init(m);
	req->kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
	req->measure = m;
	if ((m->region = strdup("")) == NULL)
		return EXIT_FAIL;
	if (n == 0 || strcmp(sets[0].field, "id") != 0)
		return ctx_error(where, "overridden_fields", "a local measure "
		    "starts with id=");
	for (i = 0; i < n; i++) {
		rc = domain_measure_input(sets[i].field, sets[i].value, &value,
		    &reason);
		free(value);
		if (rc == SP_ENOTFOUND)
			return ctx_error(where, sets[i].field, "unknown field");
		if (rc != 0)
			return ctx_error(where, sets[i].field, "«%s»: %s",
			    sets[i].value, _(reason));
		if (domain_measure_set(m, sets[i].field, sets[i].value) != 0)
			return EXIT_FAIL;
	}
	if (domain_check_measure(m, &field, &reason) != 0)
		return ctx_error(where, field, "%s", _(reason));
	if (plan_regional(d->c->g, m->id) != NULL)
		return ctx_error(where, "id", "%s is a regional measure",
		    m->id);
	if (plan_local(d->c->k, m->id) != NULL)
		return ctx_error(where, "id", "local measure %s exists",
		    m->id);
	if (ctx_check_new_id(d->c, m->id, where) != 0)
		return EXIT_USAGE;
	return ctx_check_area(d->c, m->innsatsomrade, where);
}

static int
dec_row(const struct csv_record *rec, void *arg)
{
	struct dec_read		*d = arg;
	Samplan__ControlRequest	*req;
	Samplan__Adaptation	*a;
	const struct plan_node	*k;
	struct field_value		 sets[OPTS_MAX_SET];
	const char		*cell[DEC_COLS];
	char			 where[300], *pairs;
	size_t			 i, j, n = 0;
	int			 rc;

	if (rec->index == 0) {
		for (j = 0; j < DEC_COLS; j++) {
			d->col[j] = -1;
			for (i = 0; i < rec->n; i++)
				if (strcmp(rec->cell[i], dec_names[j]) == 0)
					d->col[j] = (int)i;
			if (d->col[j] < 0) {
				fprintf(stderr, _("samplan: %s:%zu: missing "
				    "column %s\n"), d->file, rec->line,
				    dec_names[j]);
				d->errors++;
			}
		}
		return d->errors ? SP_EINVAL : 0;
	}
	snprintf(where, sizeof(where), "%s:%zu", d->file, rec->line);
	for (j = 0; j < DEC_COLS; j++) {
		if ((size_t)d->col[j] >= rec->n) {
			d->errors++;
			ctx_error(where, dec_names[j], "missing cell");
			return 0;
		}
		cell[j] = rec->cell[d->col[j]];
		if (!utf8_valid(cell[j], rec->len[d->col[j]])) {
			d->errors++;
			ctx_error(where, dec_names[j], "not valid UTF-8");
			return 0;
		}
	}
	if ((k = plan_member_by_label(d->c->g, cell[0])) == NULL) {
		d->errors++;
		ctx_error(where, "kommune", "«%s» is no kommune of %s (%s)",
		    cell[0], d->c->g->cfg->name, d->members);
		return 0;
	}
	if (k != d->c->k) {
		d->skipped++;
		return 0;
	}
	if ((pairs = strdup(cell[3])) == NULL ||
	    (req = malloc(sizeof(*req))) == NULL) {
		free(pairs);
		return SP_ENOMEM;
	}
	samplan__control_request__init(req);
	rc = split_pairs(pairs, sets, &n, where);
	if (rc == 0 && strcmp(cell[2], "local") == 0)
		rc = dec_local(d, sets, n, where, req);
	else if (rc == 0) {
		rc = decision_build(d->c, where, cell[2], cell[1], sets, n,
		    NULL, 0, cell[4], &a);
		if (rc == 0) {
			req->kind_case =
			    SAMPLAN__CONTROL_REQUEST__KIND_ADAPTATION;
			req->adaptation = a;
		}
	}
	free(pairs);
	if (rc != 0) {
		d->errors++;
		wire_free((ProtobufCMessage **)&req);
		return 0;
	}
	return dec_push(d, req);
}

/* "Gjøvik kommune, Østre Toten kommune, ..." for messages; malloc'd. */
static char *
members_list(const struct plan_region *g)
{
	char	*buf;
	size_t	 i, len = 1;

	for (i = 0; i < g->nmembers; i++)
		len += strlen(g->members[i].title) + 2;
	if ((buf = calloc(1, len)) == NULL)
		return NULL;
	for (i = 0; i < g->nmembers; i++) {
		if (i > 0)
			strcat(buf, ", ");
		strcat(buf, g->members[i].title);
	}
	return buf;
}

int
cmd_import_decisions(struct tool *t, int argc, char **argv)
{
	struct dec_read		 d;
	struct opts		 o;
	struct ctx		 c;
	char			*text = NULL, what[128];
	const char		*why = NULL;
	size_t			 len = 0, i, errline = 0;
	int			 rc;

	if ((rc = opts_parse(t, "import-decisions", argc, argv, OPT_REGION, 1,
	    &o)) != 0)
		return rc;
	if (o.npos != 1)
		return tool_error("usage: samplan import-decisions FILE.csv");
	if ((rc = tool_read_csv(o.pos[0], &text, &len)) != 0)
		return rc;
	if ((rc = ctx_open(t, o.region, &c)) != 0) {
		free(text);
		return rc;
	}
	memset(&d, 0, sizeof(d));
	d.t = t;
	d.c = &c;
	d.file = o.pos[0];
	if ((d.members = members_list(c.g)) == NULL)
		rc = EXIT_FAIL;
	else if (c.k == NULL)
		rc = tool_error("import-decisions: node %s is not a member "
		    "kommune of %s", t->cfg->name, c.g->cfg->name);
	else if ((rc = csv_read_rows(text ? text : "", len,
	    csv_detect_delim(text ? text : "", len, dec_names, DEC_COLS),
	    dec_row, &d, &errline, &why)) != 0 && why != NULL)
		rc = ctx_error(d.file, "csv", "line %zu: %s", errline, why);
	else if (rc != 0 || d.errors > 0)
		rc = tool_error("import-decisions: %s: nothing written",
		    d.file);
	/* One transaction: the node writes every row or none. */
	if (rc == 0) {
		snprintf(what, sizeof(what), "import-decisions %s", d.file);
		rc = tool_send_batch(t, d.reqs, d.nreqs, what);
	}
	if (rc == 0)
		printf(_("import-decisions %s: %zu written for %s, %zu rows "
		    "of other kommuner\n"), d.file, d.nreqs, t->cfg->name,
		    d.skipped);
	for (i = 0; i < d.nreqs; i++)
		wire_free((ProtobufCMessage **)&d.reqs[i]);
	free(d.reqs);
	free(d.members);
	free(text);
	ctx_close(&c);
	return rc;
}
