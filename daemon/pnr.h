/*
 * pnr.h - the guard against Norwegian national identity numbers in free
 * text (issue 9 item 4): fødselsnummer, D-nummer and H-nummer.
 */
#ifndef SAMPLAN_PNR_H
#define SAMPLAN_PNR_H

#include <stddef.h>

/* The refusal, in the words users read (Norwegian, as the plan is). */
#define PNR_REASON	"ser ut som et fødselsnummer; personopplysninger " \
	"hører ikke hjemme i planen (et tall som ikke er en persons, skriv " \
	"det med punktum eller bindestrek, et kontonummer som 1234.56.78903)"

/*
 * Returns 1 when text holds 11 digits, together or as 6 + 5 with one
 * space, not part of a longer run of digits, that form a plausible date
 * (day + 40 for a D-nummer, month + 40 for an H-nummer) and pass both
 * mod-11 check digits; else 0.  An account number in its 4.2.5 grouping
 * (1234.56.78903 or 1234 56 78903) is not matched.
 */
int	pnr_find(const char *text);

/*
 * As pnr_find() for the len bytes at text (strlen(text), known to the
 * caller), without looking for the terminating NUL.
 */
int	pnr_find_n(const char *text, size_t len);

#endif
