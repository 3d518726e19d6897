/*
 * domain.h - the vocabulary and the per-record rules of the plan domain.
 *
 * Shared by the command line, the node and the ingest of peer records,
 * so that every place accepts and refuses exactly the same values.  Pure
 * functions: no I/O, no logging, no global state.  Codes are ASCII
 * (DOMAIN.md 2.2, 3.1); labels are UTF-8 Norwegian for display.  Reasons
 * handed back by the checks are static English strings.
 */
#ifndef SAMPLAN_DOMAIN_H
#define SAMPLAN_DOMAIN_H

#include <stddef.h>

#include "samplan.pb-c.h"

#define DOMAIN_ID_MAX		64	/* bytes in an id: [A-Za-z0-9._-] */
#define DOMAIN_TEXT_MAX		4096	/* bytes in any free-text field */
#define DOMAIN_NAME_MAX		200	/* bytes in a focus area name */
#define DOMAIN_YEAR_MIN		1900	/* earliest year in a date */
#define DOMAIN_YEAR_MAX		2200	/* latest year in a date */
#define DOMAIN_FRIST_MAX	16	/* bytes of a stored frist, with NUL */

/*
 * The vocabulary, defined once.  X(code, label, letter): the ASCII code
 * stored in records, the UTF-8 label people read and type, and the
 * letter of the region matrix ('\0' for none).  domain.c expands these
 * into its tables; nothing else spells a code list out.
 */
#define DOMAIN_STATUSES(X)						\
	X("ikke_startet",	"ikke startet",		'S')		\
	X("igangsatt",		"igangsatt",		'I')		\
	X("gjennomfort",	"gjennomf\xc3\xb8rt",	'G')		\
	X("lopende",		"l\xc3\xb8pende",	'L')		\
	X("forsinket",		"forsinket",		'F')		\
	X("utsatt",		"utsatt",		'U')		\
	X("bortfalt",		"bortfalt",		'B')

#define DOMAIN_STATES(X)						\
	X("initiativ",		"initiativ",		0)		\
	X("mandat_vedtatt",	"mandat vedtatt",	0)		\
	X("under_utarbeidelse",	"under utarbeidelse",	0)		\
	X("adm_kvalitetssikring", "administrativ kvalitetssikring", 0)	\
	X("paa_hoering",	"p\xc3\xa5 h\xc3\xb8ring",	0)		\
	X("politisk_behandling", "politisk behandling",	0)		\
	X("vedtatt",		"vedtatt",		0)		\
	X("i_kraft",		"i kraft",		0)		\
	X("under_evaluering",	"under evaluering",	0)		\
	X("under_revisjon",	"under revisjon",	0)		\
	X("erstattet",		"erstattet",		0)		\
	X("utloept",		"utl\xc3\xb8pt",		0)		\
	X("forkastet",		"forkastet",		0)

/* ---- identifiers and dates ---- */

/*
 * Returns 1 when s is an id: 1..DOMAIN_ID_MAX bytes of A-Z a-z 0-9
 * . _ - and the Norwegian letters Æ Ø Å æ ø å ("IR-ÆRE-01"), else 0.
 */
int	domain_id_valid(const char *s);

/*
 * Folds id s for comparison: A-Z and Æ Ø Å to lower case, every other
 * byte as it is, so two ids fold alike exactly when they differ only in
 * case.  Returns 0, or -1 when s is longer than DOMAIN_ID_MAX bytes.
 */
int	domain_id_fold(const char *s, char out[DOMAIN_ID_MAX + 1]);

/*
 * Returns 1 when s is NULL, empty or only blanks (space, tab, CR, LF):
 * a required text given so is missing.  Else 0.
 */
int	domain_text_blank(const char *s);

/*
 * Returns 0 when s is an ISO date YYYY-MM-DD that exists in the calendar
 * (leap years included) with the year in DOMAIN_YEAR_MIN..MAX, else
 * SP_EINVAL.
 */
int	domain_date_check(const char *s);

/*
 * Converts a Norwegian date, d.m.yyyy or d.m.yy with one or two digits for
 * day and month (yy means 20yy), to ISO YYYY-MM-DD in out.  Returns 0, or
 * SP_EINVAL with out set to "" when in is not such a date.
 */
int	domain_date_from_norwegian(const char *in, char out[11]);

/*
 * FristSpec (DOMAIN.md 3.1): YYYY-MM-DD, YYYY, "løpende" or "årlig",
 * exactly so (lower case, no spaces): the form records store.  Returns 0
 * or SP_EINVAL.
 */
int	domain_frist_check(const char *s);

/*
 * A decimal as records store it: an optional '-', digits, and an
 * optional '.' with digits ("12", "12.5"); at most 30 bytes.  Returns 0
 * or SP_EINVAL.  domain_decimal_parse() takes what people type (12,5 or
 * 12.5, blanks around) and writes the stored form.
 */
int	domain_decimal_check(const char *s);
int	domain_decimal_parse(const char *in, char out[32]);

/*
 * Input in the users' words.  domain_date_parse() takes an ISO date or a
 * Norwegian one (31.12.2025, 1.1.25) and writes the ISO form.
 * domain_frist_parse() takes a stored FristSpec, a Norwegian date, or
 * løpende/årlig in any case ("Løpende", also "lopende", "arlig") and
 * writes the stored form.  Both return 0, or SP_EINVAL with out "".
 */
int	domain_date_parse(const char *in, char out[11]);

/*
 * A mistyped year is taken for what it says: 2052 for 2025, 1924 for
 * 2024, a plan for 2024-2072.  So what people type (not what records
 * store, which keeps DOMAIN_YEAR_MIN..MAX) must lie from
 * DOMAIN_TYPED_YEAR_MIN to DOMAIN_TYPED_YEARS_AHEAD after this year
 * (plan_today(): Europe/Oslo, or SAMPLAN_TODAY), and a plan period may
 * span at most DOMAIN_PLAN_YEARS_MAX years.
 *
 * domain_typed_year_ok() returns 1 when year lies in that window.
 * domain_date_input() is domain_date_parse() plus the window; it
 * returns 0, or SP_EINVAL with *reason for people ("is not a date ...",
 * "has a year before 2000 ...").  domain_plan_period_input() checks a
 * plan period as typed ("2028-2031"): 0, or SP_EINVAL with *reason.
 */
#define DOMAIN_TYPED_YEAR_MIN		2000
#define DOMAIN_TYPED_YEARS_AHEAD	10
#define DOMAIN_PLAN_YEARS_MAX		12
int	domain_typed_year_ok(int year);
int	domain_date_input(const char *in, char out[11], const char **reason);
int	domain_plan_period_input(const char *in, const char **reason);

/*
 * A date for people: "31.12.2025" in buf for the ISO date iso; any other
 * value (a frist "løpende", "2026", "") is returned as it is.  Returns
 * buf or iso, never NULL ("" for NULL).
 */
const char *domain_date_human(const char *iso, char buf[11]);
int	domain_frist_parse(const char *in, char out[DOMAIN_FRIST_MAX]);

/*
 * A status or plan state as people type it: the code ("gjennomfort",
 * "paa_hoering") or the label ("gjennomført", "På høring"), in any case
 * of A-Z and ÆØÅ, '_' and blanks alike; "påbegynt" is igangsatt.  Returns
 * the stored code (static), or NULL when the word is none of them.
 */
const char *domain_status_parse(const char *in);
const char *domain_state_parse(const char *in);

/*
 * Sets *y, *m, *d to the day a frist falls due: the date itself, or
 * December 31 for a bare year.  Returns 0, SP_ENOTFOUND for "løpende"
 * and "årlig" (never overdue), or SP_EINVAL when frist is no FristSpec.
 */
int	domain_frist_due(const char *frist, int *y, int *m, int *d);

/*
 * Reporting periods: "YYYY", "YYYYH1".."YYYYH2", "YYYYT1".."YYYYT3".
 * domain_period_check() returns 0 or SP_EINVAL; domain_period_year()
 * returns the year, or SP_EINVAL when s is not a period.
 */
int	domain_period_check(const char *s);
int	domain_period_year(const char *s);

/*
 * The period s as it is stored: "2025h2" is written "2025H2", as a
 * status is matched in any case.  Returns s itself, or buf (8 bytes)
 * holding the folded copy.
 */
const char *domain_period_fold(const char *s, char buf[8]);

/*
 * A plan period's syntax: "YYYY-YYYY", or with an en dash as Norwegian
 * documents write it, the first year not after the second.  Sets *from
 * and *to; returns 0 or SP_EINVAL.  Which years are allowed is the
 * caller's rule (domain_year_ok() for stored records, the typed window
 * in domain_input.c).
 */
int	domain_plan_period_years(const char *s, int *from, int *to);

/* 1 when y lies within the years a stored record may carry. */
int	domain_year_ok(int y);

/* ---- status codes of a StatusReport ---- */

/*
 * The codes in report order: ikke_startet, igangsatt, gjennomfort,
 * lopende, forsinket, utsatt, bortfalt.  *n gets the count.
 */
const char *const *domain_status_codes(size_t *n);

/* Returns 1 when code is a status code, else 0. */
int	domain_status_valid(const char *code);

/* Returns the UTF-8 label ("gjennomført"), or NULL for an unknown code. */
const char *domain_status_label(const char *code);

/* Returns the matrix letter (S I G L F U B), or '\0' for an unknown code. */
char	domain_status_letter(const char *code);

/* Returns "ikke startet, igangsatt, ..., bortfalt" (the labels, as
 * people type them) for error messages. */
const char *domain_status_expected(void);

/* ---- lifecycle states of a Plan (DOMAIN.md 2.2) ---- */

/* The codes in lifecycle order, initiativ .. utloept; *n gets the count. */
const char *const *domain_state_codes(size_t *n);

/* Returns 1 when code is a lifecycle state, else 0. */
int	domain_state_valid(const char *code);

/* Returns the UTF-8 label ("på høring"), or NULL for an unknown code. */
const char *domain_state_label(const char *code);

/*
 * Returns 1 when the plan counts as adopted in code: vedtatt, i_kraft,
 * under_evaluering, under_revisjon.  Else 0 (also for unknown codes).
 */
int	domain_state_adopted(const char *code);

/* Returns "initiativ, mandat vedtatt, ..., utløpt" for error messages. */
const char *domain_state_expected(void);

/* ---- the fields of a measure ---- */

/*
 * The field names of a measure, in CSV column order: id, innsatsomrade,
 * tittel, beskrivelse, ansvar, samarbeidspartnere, frist, indikator,
 * malgruppe, gjennomfores_av ("region": the coordination group carries
 * it out and reports on it; "": each kommune), malverdi (the
 * indicator's target, a decimal).  They are the CSV columns, the --set
 * keys and the JSON keys.
 * *n gets the count.
 */
const char *const *domain_measure_fields(size_t *n);

/*
 * Returns the static table spelling of field (so callers may keep it),
 * or NULL when field is not a measure field.
 */
const char *domain_measure_field_name(const char *field);

/*
 * Checks one free text as every write path does: length, UTF-8, no
 * control character but line breaks (LF, CRLF) and tabs, no
 * fødselsnummer.  domain_line_reason() checks a text that is one line
 * (the tool's --av, a record's actor) the same way, with no line break
 * or tab either.  Both
 * return NULL when it may be written, else a static reason.
 */
const char *domain_text_reason(const char *s);
const char *domain_line_reason(const char *s);

/*
 * Checks value as the content of field: length, UTF-8, and the field's
 * format (an id for id, a FristSpec for frist, at most DOMAIN_NAME_MAX
 * bytes for innsatsomrade).  Whether a field is required is left to
 * domain_check_measure(), so "" passes for every field.  Returns 0,
 * SP_ENOTFOUND for an unknown field, or SP_EINVAL with *reason set to a
 * static English reason.
 */
int	domain_measure_check_field(const char *field, const char *value,
	    const char **reason);

/*
 * Converts value, as a person typed it, to what field stores (a frist
 * 31.12.2026 becomes 2026-12-31, "Løpende" løpende) and checks it with
 * domain_measure_check_field().  Returns 0 with *out a malloc'd string
 * (the caller's), SP_ENOTFOUND, SP_EINVAL with *reason set, or
 * SP_ENOMEM.
 */
int	domain_measure_input(const char *field, const char *value, char **out,
	    const char **reason);

/*
 * Replaces field of m with a malloc'd copy of value (converted by
 * domain_measure_input()), freeing the old
 * value unless it is protobuf_c_empty_string.  Returns 0, SP_ENOTFOUND
 * for an unknown field, SP_EINVAL (m unchanged) when the value fails
 * domain_measure_check_field(), or SP_ENOMEM (m unchanged).
 */
int	domain_measure_set(Samplan__Measure *m, const char *field,
	    const char *value);

/*
 * Returns field of m (borrowed, valid while m is), "" for an unset
 * string, or NULL for an unknown field.
 */
const char *domain_measure_get(const Samplan__Measure *m, const char *field);

/*
 * Returns 1 when an ADAPT decision may override field (DOMAIN.md 3.1,
 * restricted to the fields a Measure has): tittel, beskrivelse, ansvar,
 * samarbeidspartnere, frist, indikator, malgruppe.  Else 0.
 */
int	domain_override_allowed(const char *field);

/* ---- per-body validation, run on every record ---- */

/*
 * Each check returns 0 when the body obeys the domain rules, or SP_EINVAL
 * for the first rule broken, with *field set to the field's name ("id",
 * "vedtak.dato", "overrides") and *reason to a static English reason.
 * Both are static strings; field and reason may not be NULL.
 *
 * measure:    region empty or an id; id required, an id; tittel and
 *             innsatsomrade required unless retired; frist empty or a
 *             FristSpec; text fields (retired_reason too, as "reason")
 *             at most DOMAIN_TEXT_MAX bytes.
 * Every text of every body passes the checks of domain_text_reason().
 * adaptation: region and measure required ids; decision ADOPT, ADAPT or
 *             DECLINE; overrides only with ADAPT, at least one, each an
 *             allowed field with a valid value, no field twice; DECLINE
 *             needs a reason.
 * report:     region empty or an id; measure required id; period and
 *             status required and valid.
 * plan:       region empty or an id; state empty or valid; periode empty
 *             or "YYYY-YYYY" (a hyphen or an en dash); vedtak.dato and
 *             i_kraft empty or ISO dates, i_kraft not before
 *             vedtak.dato when both are there; innsatsomrader
 *             non-empty, unique, at most DOMAIN_NAME_MAX bytes each.
 * A required text of only blanks counts as missing, and an i_kraft
 * before the vedtak is refused, except with DOMAIN_PEER (below).
 */
int	domain_check_measure(const Samplan__Measure *m, const char **field,
	    const char **reason);
int	domain_check_adaptation(const Samplan__Adaptation *a,
	    const char **field, const char **reason);
int	domain_check_report(const Samplan__StatusReport *r,
	    const char **field, const char **reason);
int	domain_check_plan(const Samplan__PlanInfo *p, const char **field,
	    const char **reason);

/*
 * The same checks, with flags.  DOMAIN_SCANNED: the body was decoded by
 * wire.c, whose scan ran utf8_valid() over each of its strings and
 * refused NUL, so the text checks do not run it again.  Only for bodies
 * no code has changed since (and static ASCII placeholders).
 */
#define DOMAIN_SCANNED	0x1	/* strings passed wire_scan() */
#define DOMAIN_PEER	0x2	/* another node wrote it: a required text
				   of only blanks, or an i_kraft before
				   the vedtak, which older versions took,
				   stays acceptable (its feed must) */
int	domain_check_measure_as(const Samplan__Measure *m, int flags,
	    const char **field, const char **reason);
int	domain_check_adaptation_as(const Samplan__Adaptation *a, int flags,
	    const char **field, const char **reason);
int	domain_check_report_as(const Samplan__StatusReport *r, int flags,
	    const char **field, const char **reason);
int	domain_check_plan_as(const Samplan__PlanInfo *p, int flags,
	    const char **field, const char **reason);

/* ---- sorting ---- */

/*
 * Compares two UTF-8 names in Norwegian alphabetical order, for qsort.
 * ASCII compares bytewise (so ASCII ids sort as with strcmp; upper case
 * before lower case); Æ Ø Å follow Z and æ ø å follow z; Ä Ö sort with
 * Æ Ø, Ü with Y, and accented vowels (é, á, ...) with their base letter.
 * Ties are broken bytewise, so the order is total and deterministic.
 */
int	domain_collate(const char *a, const char *b);

#endif
