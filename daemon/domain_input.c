/*
 * domain_input.c - the domain's words as people type them.
 *
 * Owns the conversion of user input to what records store: statuses and
 * plan states by label or code in any case ("Gjennomført", "på høring"),
 * dates as 31.12.2025 or 2025-12-31, a frist in any of its spellings.
 * The vocabulary itself (codes, labels) and the strict checks of stored
 * values are domain.c's; this file only reads them through domain.h, so
 * a word is accepted here exactly when it converts to a value domain.c
 * accepts.  No I/O; the one outside fact read is today's date
 * (plan_today()), which bounds the years people type.
 */
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "errors.h"
#include "i18n.h"
#include "plan.h"

#define R_DATE		N_("is not a date (31.12.2025 or 2025-12-31)")
#define R_FAR		N_("has a year before 2000 or more than 10 years " \
			"ahead: a typo?")
#define R_PERIOD	N_("is not a plan period (2024-2027)")
#define R_LONG		N_("spans more than 12 years: a typo? (a plan " \
			"runs for about four years)")

#define LOPENDE		"l\xc3\xb8pende"	/* "løpende" */
#define ARLIG		"\xc3\xa5rlig"		/* "årlig" */

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

#define FOLD_MAX	64	/* longest code or label compared, bytes */

/*
 * Folds a word for comparison: ASCII and Æ Ø Å to lower case, '_' and
 * runs of blanks to one space, no blanks at either end.  Returns 0, or
 * -1 when the result would not fit out[FOLD_MAX].
 */
static int
fold(const char *in, char out[FOLD_MAX])
{
	const unsigned char	*s = (const unsigned char *)in;
	size_t			 n = 0;
	int			 space = 0;

	while (*s == ' ' || *s == '\t' || *s == '_')
		s++;
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '_') {
			space = 1;
			continue;
		}
		if (n + 3 >= FOLD_MAX)
			return -1;
		if (space)
			out[n++] = ' ';
		space = 0;
		if (*s >= 'A' && *s <= 'Z')
			out[n++] = (char)(*s - 'A' + 'a');
		else if (s[0] == 0xc3 && (s[1] == 0x86 || s[1] == 0x98 ||
		    s[1] == 0x85)) {
			out[n++] = (char)0xc3;
			out[n++] = (char)(s[1] + 0x20);
			s++;
		} else
			out[n++] = (char)*s;
	}
	out[n] = '\0';
	return 0;
}

/* Returns 1 when a and b fold to the same word. */
static int
same_word(const char *want, const char *b)
{
	char	have[FOLD_MAX];

	return b != NULL && fold(b, have) == 0 && strcmp(have, want) == 0;
}

/*
 * The code of codes[0..n) whose code or label (label(code)) folds to
 * `in`, or NULL.
 */
static const char *
parse_word(const char *const *codes, size_t n,
    const char *(*label)(const char *), const char *in)
{
	char	want[FOLD_MAX];
	size_t	i;

	if (in == NULL || fold(in, want) != 0 || want[0] == '\0')
		return NULL;
	for (i = 0; i < n; i++)
		if (same_word(want, codes[i]) ||
		    same_word(want, label(codes[i])))
			return codes[i];
	return NULL;
}

const char *
domain_status_parse(const char *in)
{
	/* Labels people also type: the national reports' words. */
	static const struct {
		const char	*word, *code;
	} aliases[] = {
		{ "p\xc3\xa5" "begynt",		"igangsatt" },
		{ "ikke p\xc3\xa5" "begynt",	"ikke_startet" },
	};
	const char *const	*codes;
	char			 want[FOLD_MAX];
	size_t			 n, i;
	const char		*c;

	codes = domain_status_codes(&n);
	if ((c = parse_word(codes, n, domain_status_label, in)) != NULL)
		return c;
	if (in == NULL || fold(in, want) != 0)
		return NULL;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (same_word(want, aliases[i].word))
			return aliases[i].code;
	return NULL;
}

const char *
domain_state_parse(const char *in)
{
	const char *const	*codes;
	size_t			 n;

	codes = domain_state_codes(&n);
	return parse_word(codes, n, domain_state_label, in);
}

int
domain_date_parse(const char *in, char out[11])
{
	if (in != NULL && domain_date_check(in) == 0) {
		memcpy(out, in, 11);
		return 0;
	}
	return domain_date_from_norwegian(in, out);
}

int
domain_typed_year_ok(int year)
{
	char	today[11];
	int	now;

	if (year < DOMAIN_TYPED_YEAR_MIN)
		return 0;
	if (plan_today(today) != 0)
		return 1;	/* no clock: the stored limits apply */
	now = atoi(today);
	return year <= now + DOMAIN_TYPED_YEARS_AHEAD;
}

int
domain_date_input(const char *in, char out[11], const char **reason)
{
	if (domain_date_parse(in, out) != 0) {
		*reason = R_DATE;
		return SP_EINVAL;
	}
	if (!domain_typed_year_ok(atoi(out))) {
		out[0] = '\0';
		*reason = R_FAR;
		return SP_EINVAL;
	}
	return 0;
}

int
domain_plan_period_input(const char *in, const char **reason)
{
	int	from, to;

	/* 2024-2027, or 2024–2027 with an en dash as documents write it. */
	*reason = R_PERIOD;
	if (domain_plan_period_years(nz(in), &from, &to) != 0)
		return SP_EINVAL;
	*reason = R_FAR;
	if (!domain_typed_year_ok(from) || !domain_typed_year_ok(to))
		return SP_EINVAL;
	*reason = R_LONG;
	if (to - from + 1 > DOMAIN_PLAN_YEARS_MAX)
		return SP_EINVAL;
	*reason = NULL;
	return 0;
}

int
domain_frist_parse(const char *in, char out[DOMAIN_FRIST_MAX])
{
	char	f[FOLD_MAX];

	out[0] = '\0';
	if (in == NULL)
		return SP_EINVAL;
	if (domain_frist_check(in) == 0) {
		if (strlen(in) >= DOMAIN_FRIST_MAX)
			return SP_EINVAL;
		strcpy(out, in);
		return 0;
	}
	if (domain_date_from_norwegian(in, out) == 0)
		return 0;
	if (fold(in, f) != 0)
		return SP_EINVAL;
	/* "Løpende", "LØPENDE", "lopende", "Årlig", "arlig". */
	if (strcmp(f, LOPENDE) == 0 || strcmp(f, "lopende") == 0) {
		strcpy(out, LOPENDE);
		return 0;
	}
	if (strcmp(f, ARLIG) == 0 || strcmp(f, "arlig") == 0 ||
	    strcmp(f, "aarlig") == 0) {
		strcpy(out, ARLIG);
		return 0;
	}
	if (domain_frist_check(f) == 0 && strlen(f) == 4) {
		strcpy(out, f);
		return 0;
	}
	return SP_EINVAL;
}

int
domain_decimal_parse(const char *in, char out[32])
{
	size_t	n = 0;

	out[0] = '\0';
	if (in == NULL)
		return SP_EINVAL;
	while (*in == ' ')
		in++;
	for (; *in != '\0' && *in != ' '; in++) {
		if (n + 1 >= 32)
			return SP_EINVAL;
		out[n++] = *in == ',' ? '.' : *in;
	}
	while (*in == ' ')
		in++;
	out[n] = '\0';
	if (*in != '\0' || domain_decimal_check(out) != 0) {
		out[0] = '\0';
		return SP_EINVAL;
	}
	return 0;
}

int
domain_measure_input(const char *field, const char *in, char **out,
    const char **reason)
{
	char	frist[DOMAIN_FRIST_MAX], number[32], word[FOLD_MAX];
	int	rc;

	*out = NULL;
	in = nz(in);
	if (strcmp(nz(field), "frist") == 0 && *in != '\0' &&
	    domain_frist_parse(in, frist) == 0) {
		int y, m, d;

		if (domain_frist_due(frist, &y, &m, &d) == 0 &&
		    !domain_typed_year_ok(y)) {
			*reason = R_FAR;
			return SP_EINVAL;
		}
		in = frist;
	}
	else if (strcmp(nz(field), "malverdi") == 0 && *in != '\0' &&
	    domain_decimal_parse(in, number) == 0)
		in = number;
	else if (strcmp(nz(field), "gjennomfores_av") == 0 &&
	    fold(in, word) == 0) {
		/* "Region", "regionen"; "kommune(ne)" means each kommune. */
		if (strcmp(word, "region") == 0 ||
		    strcmp(word, "regionen") == 0)
			in = "region";
		else if (strcmp(word, "kommune") == 0 ||
		    strcmp(word, "kommunene") == 0 || word[0] == '\0')
			in = "";
	}
	if ((rc = domain_measure_check_field(field, in, reason)) != 0)
		return rc;
	if ((*out = strdup(in)) == NULL)
		return SP_ENOMEM;
	return 0;
}


const char *
domain_date_human(const char *iso, char buf[11])
{
	if (iso == NULL || domain_date_check(iso) != 0)
		return iso == NULL ? "" : iso;
	buf[0] = iso[8];
	buf[1] = iso[9];
	buf[2] = '.';
	buf[3] = iso[5];
	buf[4] = iso[6];
	buf[5] = '.';
	memcpy(buf + 6, iso, 4);
	buf[10] = '\0';
	return buf;
}
