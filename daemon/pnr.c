/*
 * pnr.c - finds fødselsnummer, D-nummer and H-nummer in free text, so
 * that the one validation path every write shares (domain.c's text
 * check) can refuse them.  Pure function of the text; no allocation.
 */
#include <stddef.h>

#include "pnr.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* One mod-11 check digit over d[0..n) with weights w; -1 if none. */
static int
pnr_check_digit(const int *d, const int *w, int n)
{
	int	i, sum = 0, k;

	for (i = 0; i < n; i++)
		sum += d[i] * w[i];
	k = 11 - sum % 11;
	if (k == 11)
		return 0;
	return k == 10 ? -1 : k;
}

/* Do these 11 digits form a fødselsnummer, D-nummer or H-nummer? */
static int
pnr_valid(const int d[11])
{
	static const int w1[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
	static const int w2[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	int		 day = d[0] * 10 + d[1], month = d[2] * 10 + d[3];

	if (day > 40)
		day -= 40;		/* D-nummer */
	if (month > 40)
		month -= 40;		/* H-nummer */
	if (day < 1 || day > 31 || month < 1 || month > 12)
		return 0;
	return pnr_check_digit(d, w1, 9) == d[9] &&
	    pnr_check_digit(d, w2, 10) == d[10];
}

/*
 * Reads 11 digits at p, with at most one space after the sixth; sets
 * *end past them.  Returns 0 when p does not start such a run.
 */
static int
pnr_read(const char *p, int d[11], const char **end)
{
	int	n = 0;

	while (n < 11) {
		if (n == 6 && *p == ' ' && is_digit(p[1]))
			p++;
		if (!is_digit(*p))
			return 0;
		d[n++] = *p++ - '0';
	}
	*end = p;
	return 1;
}

int
pnr_find(const char *text)
{
	const char	*p, *end;
	int		 d[11];

	if (text == NULL)
		return 0;
	for (p = text; *p != '\0'; p++) {
		/* Start only at the first digit of a run. */
		if (!is_digit(*p) || (p > text && is_digit(p[-1])))
			continue;
		if (pnr_read(p, d, &end) && !is_digit(*end) && pnr_valid(d))
			return 1;
	}
	return 0;
}
