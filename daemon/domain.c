/*
 * domain.c - the vocabulary and the per-record rules of the plan domain.
 *
 * Owns the tables of the domain (measure fields, status codes, lifecycle
 * states), the value grammars (ids, ISO dates, FristSpec, periods) and
 * the validation of each record body; the value grammars themselves are
 * in domain_value.c.  The command line, the CSV import
 * and the ingest of peer records all call these checks, so a record one
 * of them accepts is accepted by all.  Does not decode bytes (wire.c),
 * does no I/O and never logs.  Invariant: every pointer handed back
 * (labels, field names, reasons) is static.  The users' spellings of
 * these values (labels, Norwegian dates) are converted in
 * domain_input.c, split off when this file passed 900 lines.
 */
#include <stdlib.h>
#include <string.h>

#include "samplan.pb-c.h"

#include "cycle.h"
#include "domain.h"
#include "errors.h"
#include "pnr.h"
#include "utf8.h"

#define R_REQUIRED	N_("required")
#define R_ID		N_("not an id (1 to 64 bytes of A-Z a-z 0-9 " \
			"\xc3\x86 \xc3\x98 \xc3\x85 \xc3\xa6 \xc3\xb8 " \
			"\xc3\xa5 . _ -, not beginning with -)")
#define R_TOOLONG	N_("longer than 4096 bytes")
#define R_NAMELONG	N_("longer than 200 bytes")
#define R_UTF8		N_("not valid UTF-8 or contains NUL")
#define R_CONTROL	N_("contains a control character (a text may hold " \
			"line breaks and tabs, no other character below " \
			"U+0020, DEL or U+0080..U+009F)")
#define R_LINE		N_("contains a line break, a tab or another control " \
			"character (it is one line of text)")

/*
 * text_reason() flag, beside the public DOMAIN_SCANNED: the text is one
 * line (the tool's --av, who wrote a record), so no line break or tab
 * either.
 */
#define TEXT_LINE	0x100
#define R_FRIST		N_("not a frist (a date 31.12.2026 or 2026-12-31, " \
			"a year 2026, l\xc3\xb8pende or \xc3\xa5rlig)")
#define R_PLAN		N_("not a plan period (YYYY-YYYY, first year not " \
			"after the last)")
#define R_DATE		N_("not an ISO date (YYYY-MM-DD)")
#define R_DECIMAL	N_("not a number (12, 12,5 or 12.5; the unit belongs " \
			"in indikator)")

struct code_label {
	const char	*code;		/* ASCII code as stored */
	const char	*label;		/* UTF-8 label for display */
	char		 letter;	/* matrix letter, or '\0' */
};

/*
 * The vocabulary, defined once (DOMAIN_STATUSES and DOMAIN_STATES in
 * domain.h): the tables, the code lists and the "allowed values" of the
 * error messages are all expanded from the same X-macros.
 */
#define CODE_LABEL(code, label, letter)	{ code, label, letter },
#define CODE_ONLY(code, label, letter)	code,
#define LABEL_LIST(code, label, letter)	", " label

static const struct code_label statuses[] = {
	DOMAIN_STATUSES(CODE_LABEL)
};
#define NSTATUS	(sizeof(statuses) / sizeof(statuses[0]))

static const char *const status_codes[] = {
	DOMAIN_STATUSES(CODE_ONLY)
};

static const struct code_label states[] = {
	DOMAIN_STATES(CODE_LABEL)
};
#define NSTATE	(sizeof(states) / sizeof(states[0]))

static const char *const state_codes[] = {
	DOMAIN_STATES(CODE_ONLY)
};

/* The indexes in measure_fields[] of the fields with a rule of their own. */
enum {
	FIELD_ID = 0,			/* "id" */
	FIELD_INNSATSOMRADE = 1,	/* "innsatsomrade" */
	FIELD_FRIST = 6,		/* "frist" */
	FIELD_GJENNOMFORES_AV = 9,	/* "gjennomfores_av" */
	FIELD_MALVERDI = 10,		/* "malverdi" */
};

/*
 * Field names in CSV column order; measure_offsets[] runs parallel.  The
 * designated ones hold the names check_field_at() gives a rule.
 */
static const char *const measure_fields[] = {
	[FIELD_ID] = "id", [FIELD_INNSATSOMRADE] = "innsatsomrade",
	"tittel", "beskrivelse", "ansvar", "samarbeidspartnere",
	[FIELD_FRIST] = "frist", "indikator", "malgruppe",
	[FIELD_GJENNOMFORES_AV] = "gjennomfores_av",
	[FIELD_MALVERDI] = "malverdi", "ressurser",
};
#define NFIELD	(sizeof(measure_fields) / sizeof(measure_fields[0]))

static const size_t measure_offsets[NFIELD] = {
	offsetof(Samplan__Measure, id),
	offsetof(Samplan__Measure, innsatsomrade),
	offsetof(Samplan__Measure, tittel),
	offsetof(Samplan__Measure, beskrivelse),
	offsetof(Samplan__Measure, ansvar),
	offsetof(Samplan__Measure, samarbeidspartnere),
	offsetof(Samplan__Measure, frist),
	offsetof(Samplan__Measure, indikator),
	offsetof(Samplan__Measure, malgruppe),
	offsetof(Samplan__Measure, gjennomfores_av),
	offsetof(Samplan__Measure, malverdi),
	offsetof(Samplan__Measure, ressurser),
};

static const char *const override_fields[] = {
	"tittel", "beskrivelse", "ansvar", "samarbeidspartnere", "frist",
	"indikator", "malgruppe",
};

/* Treats a NULL string of a message as unset. */
static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

static const struct code_label *
find_code(const struct code_label *t, size_t n, const char *code)
{
	size_t	i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return &t[i];
	return NULL;
}

const char *const *
domain_status_codes(size_t *n)
{
	*n = NSTATUS;
	return status_codes;
}

int
domain_status_valid(const char *code)
{
	return find_code(statuses, NSTATUS, code) != NULL;
}

const char *
domain_status_label(const char *code)
{
	const struct code_label	*c = find_code(statuses, NSTATUS, code);

	return c == NULL ? NULL : c->label;
}

char
domain_status_letter(const char *code)
{
	const struct code_label	*c = find_code(statuses, NSTATUS, code);

	return c == NULL ? '\0' : c->letter;
}

const char *
domain_status_expected(void)
{
	/* Skips the ", " that starts the expanded list. */
	return DOMAIN_STATUSES(LABEL_LIST) + 2;
}

const char *const *
domain_state_codes(size_t *n)
{
	*n = NSTATE;
	return state_codes;
}

int
domain_state_valid(const char *code)
{
	return find_code(states, NSTATE, code) != NULL;
}

const char *
domain_state_label(const char *code)
{
	const struct code_label	*c = find_code(states, NSTATE, code);

	return c == NULL ? NULL : c->label;
}

int
domain_state_adopted(const char *code)
{
	static const char *const	adopted[] = {
		"vedtatt", "i_kraft", "under_evaluering", "under_revisjon"
	};
	size_t				i;

	if (code == NULL)
		return 0;
	for (i = 0; i < sizeof(adopted) / sizeof(adopted[0]); i++)
		if (strcmp(code, adopted[i]) == 0)
			return 1;
	return 0;
}

const char *
domain_state_expected(void)
{
	return DOMAIN_STATES(LABEL_LIST) + 2;
}

const char *const *
domain_measure_fields(size_t *n)
{
	*n = NFIELD;
	return measure_fields;
}

/*
 * A field name as people write it, folded to the name the fields table
 * uses: "Tittel" and "innsatsområde" are tittel and innsatsomrade, and
 * "gjennomføres av" is gjennomfores_av (ASCII case, æ ø å, a space or a
 * hyphen for the underscore).  Returns 0, or -1 when out is too short.
 */
static int
field_fold(const char *in, char *out, size_t len)
{
	static const struct { const char *from, *to; } nb[] = {
		{ "\xc3\xa6", "ae" }, { "\xc3\x86", "ae" },	/* æ Æ */
		{ "\xc3\xb8", "o" }, { "\xc3\x98", "o" },	/* ø Ø */
		{ "\xc3\xa5", "a" }, { "\xc3\x85", "a" },	/* å Å */
	};
	const char	*to;
	size_t		 n = 0, i, k;

	while (*in != '\0') {
		to = NULL;
		for (i = 0; i < sizeof(nb) / sizeof(nb[0]) && to == NULL; i++)
			if (strncmp(in, nb[i].from, 2) == 0)
				to = nb[i].to;
		if (to != NULL)
			in += 2;
		else if (*in == ' ' || *in == '-')
			to = "_", in++;
		else {
			if (n + 1 >= len)
				return -1;
			out[n++] = *in >= 'A' && *in <= 'Z' ?
			    (char)(*in - 'A' + 'a') : *in;
			in++;
			continue;
		}
		for (k = 0; to[k] != '\0'; k++) {
			if (n + 1 >= len)
				return -1;
			out[n++] = to[k];
		}
	}
	out[n] = '\0';
	return 0;
}

/* Returns the index of field in measure_fields[], or -1. */
static int
field_index(const char *field)
{
	size_t	i;

	if (field == NULL)
		return -1;
	for (i = 0; i < NFIELD; i++)
		if (strcmp(measure_fields[i], field) == 0)
			return (int)i;
	return -1;
}

const char *
domain_measure_field_name(const char *field)
{
	char	folded[32];
	int	i;

	if (field == NULL || field_fold(field, folded, sizeof(folded)) != 0)
		return NULL;
	i = field_index(folded);
	return i < 0 ? NULL : measure_fields[i];
}

/*
 * Checks a free-text value: length, UTF-8, control characters (none
 * but line breaks and tabs, which notes and texts from spreadsheet cells
 * hold, and none at all with TEXT_LINE: they would act on the terminal
 * of whoever reads the text on any node) and fødselsnummer.
 * Returns NULL or a reason.  With DOMAIN_SCANNED the UTF-8 check is the
 * one wire.c's scan made: utf8_valid() over the same bytes (protobuf-c
 * copies a string as it came, and the scan refused NUL, so strlen() is
 * its length).
 */
static const char *
text_reason(const char *s, size_t max, int flags)
{
	size_t	n = strlen(nz(s));

	if (n > max)
		return max == DOMAIN_NAME_MAX ? R_NAMELONG : R_TOOLONG;
	if (!(flags & DOMAIN_SCANNED) && !utf8_valid(nz(s), n))
		return R_UTF8;
	if (utf8_has_control(nz(s), n, !(flags & TEXT_LINE)))
		return (flags & TEXT_LINE) ? R_LINE : R_CONTROL;
	/* Issue 9: every write path passes here (CLI, imports, control). */
	if (pnr_find_n(nz(s), n))
		return PNR_REASON;
	return NULL;
}

const char *
domain_text_reason(const char *s)
{
	return text_reason(s, DOMAIN_TEXT_MAX, 0);
}

const char *
domain_line_reason(const char *s)
{
	return text_reason(s, DOMAIN_TEXT_MAX, TEXT_LINE);
}

/*
 * Checks the value of measure_fields[i].  By index: a peer's catch-up
 * checks every field of every record, and looking each name up again
 * was a tenth of the node's CPU there.
 */
static int
check_field_at(int i, const char *value, int flags, const char **reason)
{
	const char	*v = nz(value), *r;

	/* Empty: within every limit, and no rule below applies to it. */
	if (*v == '\0')
		return 0;
	r = text_reason(v, i == FIELD_INNSATSOMRADE ? DOMAIN_NAME_MAX :
	    DOMAIN_TEXT_MAX, flags);
	if (r == NULL && *v != '\0') {
		if (i == FIELD_ID && !domain_id_valid(v))
			r = R_ID;
		else if (i == FIELD_FRIST && domain_frist_check(v) != 0)
			r = R_FRIST;
		else if (i == FIELD_GJENNOMFORES_AV && strcmp(v, "region") != 0)
			r = N_("not who carries the measure out (region, or "
			    "empty for each kommune)");
		else if (i == FIELD_MALVERDI && domain_decimal_check(v) != 0)
			r = R_DECIMAL;
	}
	if (r != NULL) {
		*reason = r;
		return SP_EINVAL;
	}
	return 0;
}

int
domain_measure_check_field(const char *field, const char *value,
    const char **reason)
{
	int	i;

	if ((i = field_index(field)) < 0)
		return SP_ENOTFOUND;
	return check_field_at(i, value, 0, reason);
}

int
domain_measure_set(Samplan__Measure *m, const char *field, const char *value)
{
	const char	*reason;
	char		**slot, *copy;
	int		 i, rc;

	if ((i = field_index(field)) < 0)
		return SP_ENOTFOUND;
	if ((rc = domain_measure_input(field, value, &copy, &reason)) != 0)
		return rc;
	slot = (char **)((char *)m + measure_offsets[i]);
	/* Our messages hold protobuf_c_empty_string or malloc'd strings. */
	if (*slot != NULL && *slot != protobuf_c_empty_string)
		free(*slot);
	*slot = copy;
	return 0;
}

const char *
domain_measure_get(const Samplan__Measure *m, const char *field)
{
	int	i;

	if ((i = field_index(field)) < 0)
		return NULL;
	return nz(*(char *const *)((const char *)m + measure_offsets[i]));
}

int
domain_override_allowed(const char *field)
{
	size_t	i;

	if (field == NULL)
		return 0;
	for (i = 0; i < sizeof(override_fields) / sizeof(override_fields[0]);
	    i++)
		if (strcmp(override_fields[i], field) == 0)
			return 1;
	return 0;
}

/* Sets the outputs of a check and returns SP_EINVAL. */
static int
fail(const char **field, const char **reason, const char *f, const char *r)
{
	*field = f;
	*reason = r;
	return SP_EINVAL;
}

/*
 * Returns 1 when a required text s is missing: empty, or for our own
 * writes also only blanks ("   " is no title and no reason).
 */
static int
missing(const char *s, int flags)
{
	return (flags & DOMAIN_PEER) ? *nz(s) == '\0' : domain_text_blank(s);
}

/* Checks an id field that may be empty (required == 0) or not. */
static const char *
id_reason(const char *s, int required)
{
	if (*nz(s) == '\0')
		return required ? R_REQUIRED : NULL;
	return domain_id_valid(s) ? NULL : R_ID;
}

int
domain_check_measure(const Samplan__Measure *m, const char **field,
    const char **reason)
{
	return domain_check_measure_as(m, 0, field, reason);
}

int
domain_check_measure_as(const Samplan__Measure *m, int flags,
    const char **field, const char **reason)
{
	const char	*r, *v;
	size_t		 i;

	if ((r = id_reason(m->region, 0)) != NULL)
		return fail(field, reason, "region", r);
	if (*nz(m->plan) != '\0' && cycle_key_check(m->plan) != 0)
		return fail(field, reason, "plan", R_PLAN);
	for (i = 0; i < NFIELD; i++) {
		v = nz(*(char *const *)((const char *)m + measure_offsets[i]));
		if (check_field_at((int)i, v, flags, &r) != 0)
			return fail(field, reason, measure_fields[i], r);
	}
	/* The option is --reason (measure retire). */
	if ((r = text_reason(m->retired_reason, DOMAIN_TEXT_MAX, flags)) !=
	    NULL)
		return fail(field, reason, "reason", r);
	if (*nz(m->id) == '\0')
		return fail(field, reason, "id", R_REQUIRED);
	if (!m->retired) {
		if (missing(m->tittel, flags))
			return fail(field, reason, "tittel", R_REQUIRED);
		if (missing(m->innsatsomrade, flags))
			return fail(field, reason, "innsatsomrade",
			    R_REQUIRED);
	}
	return 0;
}

int
domain_check_adaptation(const Samplan__Adaptation *a, const char **field,
    const char **reason)
{
	return domain_check_adaptation_as(a, 0, field, reason);
}

int
domain_check_adaptation_as(const Samplan__Adaptation *a, int flags,
    const char **field, const char **reason)
{
	const Samplan__Override	*o;
	const char		*r;
	size_t			 i, j;
	int			 k;

	if ((r = id_reason(a->region, 1)) != NULL)
		return fail(field, reason, "region", r);
	if ((r = id_reason(a->measure, 1)) != NULL)
		return fail(field, reason, "measure", r);
	if (*nz(a->plan) != '\0' && cycle_key_check(a->plan) != 0)
		return fail(field, reason, "plan", R_PLAN);
	if (a->decision != SAMPLAN__DECISION__ADOPT &&
	    a->decision != SAMPLAN__DECISION__ADAPT &&
	    a->decision != SAMPLAN__DECISION__DECLINE)
		return fail(field, reason, "decision",
		    N_("must be ADOPT, ADAPT or DECLINE"));
	if (a->decision != SAMPLAN__DECISION__ADAPT && a->n_overrides > 0)
		return fail(field, reason, "overrides",
		    N_("only an ADAPT decision carries overrides"));
	if (a->decision == SAMPLAN__DECISION__ADAPT && a->n_overrides == 0)
		return fail(field, reason, "overrides",
		    N_("ADAPT needs at least one override"));
	for (i = 0; i < a->n_overrides; i++) {
		if ((o = a->overrides[i]) == NULL)
			return fail(field, reason, "overrides",
			    N_("empty entry"));
		if (!domain_override_allowed(o->field))
			return fail(field, reason, "overrides",
			    N_("field may not be overridden (allowed: tittel, "
			    "beskrivelse, ansvar, samarbeidspartnere, frist, "
			    "indikator, malgruppe)"));
		for (j = 0; j < i; j++)
			if (strcmp(a->overrides[j]->field, o->field) == 0)
				return fail(field, reason, "overrides",
				    N_("field overridden twice"));
		/* Allowed above, so a field of measure_fields[]. */
		if ((k = field_index(o->field)) < 0)
			return fail(field, reason, "overrides", R_REQUIRED);
		if (check_field_at(k, o->value, flags, &r) != 0)
			return fail(field, reason, measure_fields[k], r);
	}
	if ((r = text_reason(a->reason, DOMAIN_TEXT_MAX, flags)) != NULL)
		return fail(field, reason, "reason", r);
	if (a->decision == SAMPLAN__DECISION__DECLINE &&
	    missing(a->reason, flags))
		return fail(field, reason, "reason",
		    N_("decline needs a reason"));
	return 0;
}

int
domain_check_report(const Samplan__StatusReport *r, const char **field,
    const char **reason)
{
	return domain_check_report_as(r, 0, field, reason);
}

int
domain_check_report_as(const Samplan__StatusReport *r, int flags,
    const char **field, const char **reason)
{
	const char	*why;

	if ((why = id_reason(r->region, 0)) != NULL)
		return fail(field, reason, "region", why);
	if ((why = id_reason(r->measure, 1)) != NULL)
		return fail(field, reason, "measure", why);
	if (*nz(r->plan) != '\0' && cycle_key_check(r->plan) != 0)
		return fail(field, reason, "plan", R_PLAN);
	if (*nz(r->period) == '\0')
		return fail(field, reason, "period", R_REQUIRED);
	if (domain_period_check(r->period) != 0)
		return fail(field, reason, "period",
		    N_("not a period (YYYY, YYYYH1..H2 or YYYYT1..T3)"));
	if (r->withdrawn) {
		/* A withdrawal names no status and gives its reason. */
		if (*nz(r->status) != '\0')
			return fail(field, reason, "status",
			    N_("a withdrawal carries no status"));
		if (missing(r->note, flags))
			return fail(field, reason, "reason",
			    N_("a withdrawal needs a reason"));
	} else if (*nz(r->status) == '\0')
		return fail(field, reason, "status", R_REQUIRED);
	else if (!domain_status_valid(r->status))
		return fail(field, reason, "status",
		    N_("not a status code (ikke_startet, igangsatt, "
		    "gjennomfort, lopende, forsinket, utsatt, bortfalt)"));
	if ((why = text_reason(r->note, DOMAIN_TEXT_MAX, flags)) != NULL)
		return fail(field, reason, "note", why);
	if (*nz(r->verdi) != '\0' && domain_decimal_check(r->verdi) != 0)
		return fail(field, reason, "verdi", R_DECIMAL);
	return 0;
}

/* A plan period whose years lie within the stored limits. */
static int
periode_ok(const char *s)
{
	int	from, to;

	return domain_plan_period_years(s, &from, &to) == 0 &&
	    domain_year_ok(from) && domain_year_ok(to);
}

/*
 * A plan comes into force when it is adopted or later: an i_kraft before
 * the vedtak's date would put it in force before it was decided
 * (cycle_in_force() starts a version on its i_kraft).  Checked only when
 * the record holds both dates, as a record may name either alone.  Not
 * for peers' records (DOMAIN_PEER): older versions took such a pair,
 * and refusing one now would stop its author's feed.
 */
static int
i_kraft_ok(const Samplan__PlanInfo *p, int flags)
{
	if ((flags & DOMAIN_PEER) || p->vedtak == NULL ||
	    *nz(p->vedtak->dato) == '\0' || *nz(p->i_kraft) == '\0')
		return 1;
	return strcmp(p->i_kraft, p->vedtak->dato) >= 0;
}

int
domain_check_plan(const Samplan__PlanInfo *p, const char **field,
    const char **reason)
{
	return domain_check_plan_as(p, 0, field, reason);
}

int
domain_check_plan_as(const Samplan__PlanInfo *p, int flags,
    const char **field, const char **reason)
{
	const char	*r, *a;
	size_t		 i, j;

	if ((r = id_reason(p->region, 0)) != NULL)
		return fail(field, reason, "region", r);
	if ((r = text_reason(p->tittel, DOMAIN_TEXT_MAX, flags)) != NULL)
		return fail(field, reason, "tittel", r);
	if (*nz(p->periode) != '\0' && !periode_ok(p->periode))
		return fail(field, reason, "periode",
		    N_("not a plan period (YYYY-YYYY, first year not after "
		    "the last)"));
	if (*nz(p->state) != '\0' && !domain_state_valid(p->state))
		return fail(field, reason, "state",
		    N_("not a lifecycle state (initiativ, mandat_vedtatt, "
		    "under_utarbeidelse, adm_kvalitetssikring, paa_hoering, "
		    "politisk_behandling, vedtatt, i_kraft, under_evaluering, "
		    "under_revisjon, erstattet, utloept, forkastet)"));
	if (p->vedtak != NULL) {
		r = text_reason(p->vedtak->organ, DOMAIN_TEXT_MAX, flags);
		if (r != NULL)
			return fail(field, reason, "vedtak.organ", r);
		if (*nz(p->vedtak->dato) != '\0' &&
		    domain_date_check(p->vedtak->dato) != 0)
			return fail(field, reason, "vedtak.dato", R_DATE);
		r = text_reason(p->vedtak->saksnr, DOMAIN_TEXT_MAX, flags);
		if (r != NULL)
			return fail(field, reason, "vedtak.saksnr", r);
	}
	for (i = 0; i < p->n_innsatsomrader; i++) {
		a = nz(p->innsatsomrader[i]);
		if (missing(a, flags))
			return fail(field, reason, "innsatsomrader",
			    N_("empty focus area"));
		if ((r = text_reason(a, DOMAIN_NAME_MAX, flags)) != NULL)
			return fail(field, reason, "innsatsomrader", r);
		for (j = 0; j < i; j++)
			if (strcmp(nz(p->innsatsomrader[j]), a) == 0)
				return fail(field, reason, "innsatsomrader",
				    N_("focus area listed twice"));
	}
	if (*nz(p->i_kraft) != '\0' && domain_date_check(p->i_kraft) != 0)
		return fail(field, reason, "i_kraft", R_DATE);
	if (!i_kraft_ok(p, flags))
		return fail(field, reason, "i_kraft",
		    N_("before the date of the vedtak (vedtak.dato): a plan "
		    "cannot be in force before it is adopted"));
	for (i = 0; i < p->n_mal; i++) {
		const Samplan__Goal *g = p->mal[i];

		if (g == NULL || missing(g->innsatsomrade, flags) ||
		    missing(g->tekst, flags))
			return fail(field, reason, "mal", N_("a goal needs its "
			    "innsatsområde and its text"));
		if ((r = text_reason(g->innsatsomrade, DOMAIN_NAME_MAX, flags)) !=
		    NULL || (r = text_reason(g->tekst, DOMAIN_TEXT_MAX, flags)) != NULL)
			return fail(field, reason, "mal", r);
	}
	return cycle_check_plan(p, field, reason);
}

/*
 * Decodes one code point at *sp, advancing it; an invalid byte decodes
 * as 0x110000 + byte so that bad input still sorts deterministically.
 */
static unsigned long
next_cp(const unsigned char **sp)
{
	const unsigned char	*s = *sp;
	size_t			 n;
	long			 cp;

	/* A NUL ends any sequence early, so reading 4 stays in bounds. */
	cp = utf8_decode((const char *)s, 4, &n);
	*sp = s + n;
	return cp < 0 ? 0x110000UL + s[0] : (unsigned long)cp;
}

/*
 * Collation weight of a code point: ASCII keeps its byte order (times
 * 8, leaving room after each letter), the Norwegian letters follow Z and
 * z, and letters with diacritics sit just after their base letter.
 */
static unsigned long
weight(unsigned long cp)
{
	static const struct {
		unsigned short	cp;	/* code point */
		unsigned char	base;	/* ASCII letter it sorts after */
		unsigned char	sub;	/* rank after that letter, 1..7 */
	} tab[] = {
		{ 0xc6, 'Z', 2 }, { 0xc4, 'Z', 2 },	/* Æ Ä */
		{ 0xd8, 'Z', 3 }, { 0xd6, 'Z', 3 },	/* Ø Ö */
		{ 0xc5, 'Z', 4 },			/* Å */
		{ 0xe6, 'z', 2 }, { 0xe4, 'z', 2 },	/* æ ä */
		{ 0xf8, 'z', 3 }, { 0xf6, 'z', 3 },	/* ø ö */
		{ 0xe5, 'z', 4 },			/* å */
		{ 0xdc, 'Y', 1 }, { 0xfc, 'y', 1 },	/* Ü ü */
		{ 0xc0, 'A', 1 }, { 0xc1, 'A', 1 }, { 0xc2, 'A', 1 },
		{ 0xe0, 'a', 1 }, { 0xe1, 'a', 1 }, { 0xe2, 'a', 1 },
		{ 0xc7, 'C', 1 }, { 0xe7, 'c', 1 },
		{ 0xc8, 'E', 1 }, { 0xc9, 'E', 1 }, { 0xca, 'E', 1 },
		{ 0xcb, 'E', 1 },
		{ 0xe8, 'e', 1 }, { 0xe9, 'e', 1 }, { 0xea, 'e', 1 },
		{ 0xeb, 'e', 1 },
		{ 0xcc, 'I', 1 }, { 0xcd, 'I', 1 }, { 0xce, 'I', 1 },
		{ 0xcf, 'I', 1 },
		{ 0xec, 'i', 1 }, { 0xed, 'i', 1 }, { 0xee, 'i', 1 },
		{ 0xef, 'i', 1 },
		{ 0xd1, 'N', 1 }, { 0xf1, 'n', 1 },
		{ 0xd2, 'O', 1 }, { 0xd3, 'O', 1 }, { 0xd4, 'O', 1 },
		{ 0xf2, 'o', 1 }, { 0xf3, 'o', 1 }, { 0xf4, 'o', 1 },
		{ 0xd9, 'U', 1 }, { 0xda, 'U', 1 }, { 0xdb, 'U', 1 },
		{ 0xf9, 'u', 1 }, { 0xfa, 'u', 1 }, { 0xfb, 'u', 1 },
		/* Northern Sami: Č Đ Ŋ Š Ŧ Ž. */
		{ 0x10c, 'C', 2 }, { 0x10d, 'c', 2 },
		{ 0x110, 'D', 1 }, { 0x111, 'd', 1 },
		{ 0x14a, 'N', 2 }, { 0x14b, 'n', 2 },
		{ 0x160, 'S', 1 }, { 0x161, 's', 1 },
		{ 0x166, 'T', 1 }, { 0x167, 't', 1 },
		{ 0x17d, 'Z', 1 }, { 0x17e, 'z', 1 },	/* before Æ æ */
	};
	size_t	i;

	if (cp < 0x80)
		return cp * 8;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].cp == cp)
			return tab[i].base * 8UL + tab[i].sub;
	return 0x1000UL + cp;
}

int
domain_collate(const char *a, const char *b)
{
	const unsigned char	*pa = (const unsigned char *)a;
	const unsigned char	*pb = (const unsigned char *)b;
	unsigned long		 wa, wb;

	while (*pa != '\0' && *pb != '\0') {
		wa = weight(next_cp(&pa));
		wb = weight(next_cp(&pb));
		if (wa != wb)
			return wa < wb ? -1 : 1;
	}
	if (*pa != '\0' || *pb != '\0')
		return *pa != '\0' ? 1 : -1;
	return strcmp(a, b);
}
