/*
 * domain_value.c - the grammars of the plan domain's values: ids (ASCII
 * and æøå), ISO and Norwegian dates, decimals, frister, reporting periods
 * and plan periods.  Split from domain.c, which applies them to record
 * bodies.  Pure: no I/O, no logging.
 */
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "errors.h"

#define LOPENDE		"l\xc3\xb8pende"	/* "løpende" */
#define ARLIG		"\xc3\xa5rlig"		/* "årlig" */

/* Returns the value of n ASCII digits at s, or -1 if any is no digit. */
static int
digits(const char *s, size_t n)
{
	int	v = 0;
	size_t	i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
days_in_month(int y, int m)
{
	static const int	mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

int
domain_year_ok(int y)
{
	return y >= DOMAIN_YEAR_MIN && y <= DOMAIN_YEAR_MAX;
}

static int
ymd_ok(int y, int m, int d)
{
	return domain_year_ok(y) && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m);
}

/* Parses "YYYY-MM-DD" into y, m, d.  Returns 0 or SP_EINVAL. */
static int
parse_iso(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return SP_EINVAL;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	*d = digits(s + 8, 2);
	if (*y < 0 || *m < 0 || *d < 0 || !ymd_ok(*y, *m, *d))
		return SP_EINVAL;
	return 0;
}

/*
 * Returns the bytes of the Norwegian letter at s (Æ Ø Å æ ø å, two bytes
 * each in UTF-8), or 0 when s starts with anything else.
 */
static size_t
norwegian_letter(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (u[0] != 0xc3)
		return 0;
	switch (u[1]) {
	case 0x86: case 0x98: case 0x85:	/* Æ Ø Å */
	case 0xa6: case 0xb8: case 0xa5:	/* æ ø å */
		return 2;
	}
	return 0;
}

int
domain_id_valid(const char *s)
{
	size_t	i, n;

	/* "-x" would be taken for an option wherever an id is typed. */
	if (s == NULL || *s == '\0' || *s == '-')
		return 0;
	for (i = 0; s[i] != '\0'; i += n) {
		n = 1;
		if ((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '_' || s[i] == '-')
			;
		else if ((n = norwegian_letter(s + i)) == 0)
			return 0;
		if (i + n > DOMAIN_ID_MAX)
			return 0;
	}
	return 1;
}

int
domain_id_fold(const char *s, char out[DOMAIN_ID_MAX + 1])
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 n = 0;

	for (; *u != '\0'; u++) {
		if (n >= DOMAIN_ID_MAX)
			return -1;
		if (*u >= 'A' && *u <= 'Z')
			out[n++] = (char)(*u - 'A' + 'a');
		else if (u[0] == 0xc3 && (u[1] == 0x86 || u[1] == 0x98 ||
		    u[1] == 0x85)) {
			/* Æ Ø Å (U+00C6 D8 C5) are 0x20 below æ ø å. */
			if (n + 2 > DOMAIN_ID_MAX)
				return -1;
			out[n++] = (char)0xc3;
			out[n++] = (char)(u[1] + 0x20);
			u++;
		} else
			out[n++] = (char)*u;
	}
	out[n] = '\0';
	return 0;
}

int
domain_text_blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

int
domain_date_check(const char *s)
{
	int	y, m, d;

	return parse_iso(s, &y, &m, &d);
}

/* Reads 1..2 digits at *sp and advances; returns the value or -1. */
static int
small_number(const char **sp)
{
	const char	*s = *sp;
	int		 v;

	if (*s < '0' || *s > '9')
		return -1;
	v = *s++ - '0';
	if (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	*sp = s;
	return v;
}

int
domain_date_from_norwegian(const char *in, char out[11])
{
	const char	*s = in;
	size_t		 n;
	int		 y, m, d;

	out[0] = '\0';
	if (s == NULL || (d = small_number(&s)) < 0 || *s++ != '.' ||
	    (m = small_number(&s)) < 0 || *s++ != '.')
		return SP_EINVAL;
	n = strlen(s);
	if (n == 4)
		y = digits(s, 4);
	else if (n == 2 && (y = digits(s, 2)) >= 0)
		y += 2000;
	else
		return SP_EINVAL;
	if (y < 0 || !ymd_ok(y, m, d))
		return SP_EINVAL;
	/* Spelled out digit by digit: the ranges are known, no snprintf. */
	out[0] = '0' + y / 1000;
	out[1] = '0' + y / 100 % 10;
	out[2] = '0' + y / 10 % 10;
	out[3] = '0' + y % 10;
	out[4] = '-';
	out[5] = '0' + m / 10;
	out[6] = '0' + m % 10;
	out[7] = '-';
	out[8] = '0' + d / 10;
	out[9] = '0' + d % 10;
	out[10] = '\0';
	return 0;
}

int
domain_decimal_check(const char *s)
{
	size_t	i = 0, digits_before = 0, digits_after = 0;

	if (s == NULL)
		return SP_EINVAL;
	if (s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits_before++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			digits_after++;
	if (s[i] != '\0' || digits_before == 0 || i > 30 ||
	    (s[i - 1] == '.'))
		return SP_EINVAL;
	(void)digits_after;
	return 0;
}

int
domain_frist_check(const char *s)
{
	int	y, m, d;

	return domain_frist_due(s, &y, &m, &d) == SP_EINVAL ? SP_EINVAL : 0;
}

int
domain_frist_due(const char *frist, int *y, int *m, int *d)
{
	int	yy;

	if (frist == NULL)
		return SP_EINVAL;
	if (strcmp(frist, LOPENDE) == 0 || strcmp(frist, ARLIG) == 0)
		return SP_ENOTFOUND;
	if (strlen(frist) == 4) {
		if ((yy = digits(frist, 4)) < 0 || !domain_year_ok(yy))
			return SP_EINVAL;
		*y = yy, *m = 12, *d = 31;
		return 0;
	}
	return parse_iso(frist, y, m, d);
}

int
domain_period_year(const char *s)
{
	size_t	n;
	int	y;

	if (s == NULL || ((n = strlen(s)) != 4 && n != 6))
		return SP_EINVAL;
	if ((y = digits(s, 4)) < 0 || !domain_year_ok(y))
		return SP_EINVAL;
	if (n == 6 && !((s[4] == 'H' && s[5] >= '1' && s[5] <= '2') ||
	    (s[4] == 'T' && s[5] >= '1' && s[5] <= '3')))
		return SP_EINVAL;
	return y;
}

const char *
domain_period_fold(const char *s, char buf[8])
{
	if (s == NULL || strlen(s) != 6 || (s[4] != 'h' && s[4] != 't'))
		return s;
	memcpy(buf, s, 7);
	buf[4] = (char)(s[4] - 'a' + 'A');
	return buf;
}

int
domain_period_check(const char *s)
{
	return domain_period_year(s) < 0 ? SP_EINVAL : 0;
}

int
domain_plan_period_years(const char *s, int *from, int *to)
{
	size_t	n = s != NULL ? strlen(s) : 0, sep;

	if (n == 9 && s[4] == '-')
		sep = 1;
	else if (n == 11 && memcmp(s + 4, "\xe2\x80\x93", 3) == 0)
		sep = 3;
	else
		return SP_EINVAL;
	*from = digits(s, 4);
	*to = digits(s + 4 + sep, 4);
	return *from >= 0 && *to >= 0 && *from <= *to ? 0 : SP_EINVAL;
}
