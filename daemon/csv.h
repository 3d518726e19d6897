/*
 * csv.h - measures as CSV (RFC 4180), and a generic CSV row reader.
 *
 * The reader accepts what people hand us: comma or semicolon delimiter,
 * UTF-8 with or without BOM, CRLF or LF, quoted fields with delimiters,
 * quotes and newlines inside, and lines that begin with '#' before the
 * header (notes on the file, e.g. "# eksempeldata").  The writer emits RFC 4180: CRLF, quotes
 * only where needed, no BOM.  read(write(x)) keeps every byte of every
 * value, so files round-trip.
 *
 * Note: this header shadows libcsv's <csv.h> for every file that has
 * daemon/ on its include path; csv.c therefore carries its own parser
 * (see the comment there).
 */
#ifndef SAMPLAN_CSV_H
#define SAMPLAN_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "samplan.pb-c.h"

/* ---- generic rows ---- */

/* One record of a CSV file, as handed to a csv_record_fn. */
struct csv_record {
	size_t			  index;	/* 0 for the header, then 1.. */
	size_t			  line;		/* physical line it starts on */
	size_t			  n;		/* number of cells */
	const char *const	 *cell;		/* NUL-terminated cells */
	const size_t		 *len;		/* bytes of each cell (a cell
						   may hold a NUL byte) */
};

/*
 * Called for each record; rec and its cells are valid only during the
 * call.  Returns 0 to go on, or a negative code that stops the read and
 * is returned by csv_read_rows().
 */
typedef int	(*csv_record_fn)(const struct csv_record *rec, void *arg);

/*
 * Returns the delimiter, ',' or ';', that splits the header line of text
 * (after any BOM) into more of names[0..n) than the other; ',' on a tie.
 */
char	csv_detect_delim(const char *text, size_t len,
	    const char *const *names, size_t n);

/*
 * Parses text[0..len) (a leading UTF-8 BOM is skipped) with delimiter
 * delim and calls fn for every record, the header included.  Lines that
 * are empty are skipped.  Returns 0; the first non-zero return of fn;
 * SP_ENOMEM; or SP_EINVAL on a syntax error (unterminated quote, quote
 * inside an unquoted field, text after a closing quote) with *errline
 * and *errmsg (static English) set, after fn saw every earlier record.
 */
int	csv_read_rows(const char *text, size_t len, char delim,
	    csv_record_fn fn, void *arg, size_t *errline,
	    const char **errmsg);

/*
 * Makes text[0..len) UTF-8: text that is valid UTF-8 (with or without a
 * BOM) is copied as it is; anything else is taken as Windows-1252, what
 * Excel on Norwegian Windows saves as "CSV", and converted with iconv.
 * Returns 0 with *out (malloc'd, NUL-ended, the caller's), *outlen and
 * *converted (1 when converted) set; SP_EINVAL when the text is neither
 * (a byte Windows-1252 leaves undefined), or SP_ENOMEM.
 */
int	csv_to_utf8(const char *text, size_t len, char **out, size_t *outlen,
	    int *converted);

/* ---- measures ---- */

/* A growable list of heap measures, which the list owns. */
struct measure_list {
	Samplan__Measure	**v;		/* the measures */
	size_t			  n;		/* entries used in v */
	size_t			  cap;		/* entries allocated in v */
};

#define MEASURE_LIST_INIT	{ NULL, 0, 0 }

/* Makes l an empty list. */
void	measure_list_init(struct measure_list *l);

/*
 * Appends m, which the list then owns.  Returns 0, or SP_ENOMEM with m
 * still the caller's.
 */
int	measure_list_add(struct measure_list *l, Samplan__Measure *m);

/* Frees every measure and the array, leaving l empty and reusable. */
void	measure_list_clear(struct measure_list *l);

/*
 * Reads measures from the CSV text[0..len), named name in messages.
 * The header row names the columns: the fields of
 * domain_measure_fields(), in any order; id, innsatsomrade and tittel
 * are required, unknown and repeated columns are errors.  The delimiter
 * is found with csv_detect_delim().  The whole file is checked; every
 * problem goes to err (may be NULL) as "NAME:LINE:COLUMN: field: reason"
 * or "NAME:LINE: reason", LINE being the line the record starts on.
 * Rows whose cells are all empty are skipped.  Ids must be unique.
 *
 * Returns 0 with the measures appended to out in file order (region left
 * empty for the caller to fill), SP_EINVAL when anything was reported
 * (out untouched), or SP_ENOMEM (out untouched).
 */
int	csv_read_measures(const char *text, size_t len, const char *name,
	    struct measure_list *out, FILE *err);

/*
 * As csv_read_measures(), but only the id column is required: a file
 * may carry some columns only, to change those fields of existing
 * measures.  *columns gets the columns present (bit i: field i of
 * domain_measure_fields()).  Rows of a file without tittel or
 * innsatsomrade are checked cell by cell only; the caller merges them
 * into the measures they change and runs domain_check_measure() on the
 * result.
 */
int	csv_read_measure_columns(const char *text, size_t len,
	    const char *name, struct measure_list *out, FILE *err,
	    unsigned *columns);

/*
 * Writes one value to out, RFC 4180-quoted when it holds delim, a quote,
 * CR or LF (quotes doubled).
 */
void	csv_write_value(FILE *out, const char *v, char delim);

/*
 * Writes the header "id,innsatsomrade,...,malgruppe" and one row per
 * measure m[0..n), with delim (',' or ';') between fields, CRLF line
 * ends and no BOM.  A value is quoted only when it holds delim, '"', CR
 * or LF.  Returns 0, SP_EINVAL for another delim, or SP_EIO when a
 * write to out fails.
 */
int	csv_write_measures(FILE *out, Samplan__Measure *const *m, size_t n,
	    char delim);

#endif
