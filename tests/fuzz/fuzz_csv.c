/*
 * fuzz_csv.c - measures imported from CSV: csv_read_measures() and the
 * row reader under it, on arbitrary bytes (not NUL-terminated, so a
 * read past the end is an ASan report).
 *
 * Oracles from csv.h: every cell handed to a callback ends in a NUL at
 * its stated length and records come in index order; and read(write(x))
 * keeps every value, so measures that were read, written with either
 * delimiter and read again come back field for field.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "domain.h"
#include "errors.h"
#include "fuzz.h"

#define CSV_NAME	"fuzz.csv"	/* the name errors are reported under */

/* Checks the callback contract; counts the records. */
static int
on_row(const struct csv_record *rec, void *arg)
{
	size_t	*count = arg, i;

	if (rec->index != *count)
		fuzz_fail("csv_read_rows: record %zu after %zu", rec->index,
		    *count);
	for (i = 0; i < rec->n; i++)
		if (rec->cell[i][rec->len[i]] != '\0')
			fuzz_fail("csv_read_rows: cell %zu not NUL-ended", i);
	(*count)++;
	return 0;
}

static void
rows(const char *text, size_t len, char delim)
{
	const char	*msg = NULL;
	size_t		 count = 0, line = 0;
	int		 rc;

	rc = csv_read_rows(text, len, delim, on_row, &count, &line, &msg);
	if (rc == SP_EINVAL && (msg == NULL || line == 0))
		fuzz_fail("csv_read_rows: syntax error without line or reason");
	if (rc != 0 && rc != SP_EINVAL && rc != SP_ENOMEM)
		fuzz_fail("csv_read_rows: unexpected %s", sp_strerror(rc));
}

/* Writes l with delim and reads it back; the values must be the same. */
static void
rewrite(const struct measure_list *l, char delim)
{
	struct measure_list	 back = MEASURE_LIST_INIT;
	const char *const	*fields;
	const char		*a, *b;
	FILE			*fp;
	char			*buf = NULL;
	size_t			 len, nfields, i, k;
	int			 rc;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return;
	rc = csv_write_measures(fp, l->v, l->n, delim);
	if (fclose(fp) != 0 || rc != 0) {
		free(buf);
		return;
	}
	if ((rc = csv_read_measures(buf, len, CSV_NAME, &back,
	    fuzz_devnull())) != 0)
		fuzz_fail("csv_read_measures: refuses what csv_write_measures "
		    "wrote (%s):\n%s", sp_strerror(rc), buf);
	if (back.n != l->n)
		fuzz_fail("csv: %zu measures written, %zu read back", l->n,
		    back.n);
	fields = domain_measure_fields(&nfields);
	for (i = 0; i < l->n; i++)
		for (k = 0; k < nfields; k++) {
			a = domain_measure_get(l->v[i], fields[k]);
			b = domain_measure_get(back.v[i], fields[k]);
			if (a == NULL || b == NULL || strcmp(a, b) != 0)
				fuzz_fail("csv: measure %zu field %s changed "
				    "in a round trip", i, fields[k]);
		}
	measure_list_clear(&back);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct measure_list	 l = MEASURE_LIST_INIT;
	const char		*const *fields, *text = (const char *)data;
	size_t			 nfields;
	char			 d;
	int			 rc;

	fields = domain_measure_fields(&nfields);
	d = csv_detect_delim(text, size, fields, nfields);
	if (d != ',' && d != ';')
		fuzz_fail("csv_detect_delim: '%c'", d);
	rows(text, size, ',');
	rows(text, size, ';');
	rc = csv_read_measures(text, size, CSV_NAME, &l, fuzz_devnull());
	if (rc != 0) {
		if (l.n != 0)
			fuzz_fail("csv_read_measures: %s with measures",
			    sp_strerror(rc));
		return 0;
	}
	rewrite(&l, ',');
	rewrite(&l, ';');
	measure_list_clear(&l);
	return 0;
}
