/*
 * pnr.c - finds fødselsnummer, D-nummer and H-nummer in free text, so
 * that the one validation path every write shares (domain.c's text
 * check) can refuse them.  Pure function of the text; no allocation.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* Returns the number of digits in text[i..len) from i on. */
static size_t
pnr_run(const char *text, size_t len, size_t i)
{
	size_t	j = i;

	while (j < len && is_digit(text[j]))
		j++;
	return j - i;
}

/*
 * Returns 1 when the run of run digits at text[i] (a run's first digit)
 * is a number: 11 digits alone, or 6 and 5 joined by one space.
 */
static int
pnr_at(const char *text, size_t len, size_t i, size_t run)
{
	int	d[11], n;

	if (run == 11) {
		for (n = 0; n < 11; n++)
			d[n] = text[i + n] - '0';
		return pnr_valid(d);
	}
	if (run != 6 || i + 6 >= len || text[i + 6] != ' ' ||
	    pnr_run(text, len, i + 7) != 5)
		return 0;
	for (n = 0; n < 6; n++)
		d[n] = text[i + n] - '0';
	for (n = 6; n < 11; n++)
		d[n] = text[i + 1 + n] - '0';
	return pnr_valid(d);
}

/*
 * Returns 1 when the eight bytes at s hold no ASCII digit.  Per byte b
 * below 0x80, b + 0x50 has its high bit set when b >= '0' and b + 0x46
 * when b > '9', neither carrying into the next byte; a byte from 0x80 up
 * is no digit.
 */
static int
pnr_nodigit8(const char *s)
{
	uint64_t	w, t;

	memcpy(&w, s, sizeof(w));
	t = w & 0x7f7f7f7f7f7f7f7fULL;
	return ((t + 0x5050505050505050ULL) & ~(t + 0x4646464646464646ULL) &
	    ~w & 0x8080808080808080ULL) == 0;
}

int
pnr_find_n(const char *text, size_t len)
{
	size_t	i = 0, run;

	if (text == NULL)
		return 0;
	/* i is always the start of a run: text begins, or a non-digit. */
	while (i < len) {
		/* Most text has few digits: skip eight at a time. */
		if (len - i >= 8 && pnr_nodigit8(text + i)) {
			i += 8;
			continue;
		}
		/* A short tail: no digit in the text's last eight bytes. */
		if (len - i < 8 && len >= 8 && pnr_nodigit8(text + len - 8))
			return 0;
		/* Up to the digit that stopped the eight at once. */
		while (i < len && !is_digit(text[i]))
			i++;
		if (i == len)
			break;
		run = pnr_run(text, len, i);
		if (pnr_at(text, len, i, run))
			return 1;
		i += run;
	}
	return 0;
}

int
pnr_find(const char *text)
{
	return text == NULL ? 0 : pnr_find_n(text, strlen(text));
}
