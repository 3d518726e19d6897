/*
 * table.h - rows of UTF-8 cells printed as aligned text, Markdown or CSV.
 */
#ifndef SAMPLAN_TABLE_H
#define SAMPLAN_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum table_format {
	TABLE_TEXT,		/* columns padded by display width */
	TABLE_MARKDOWN,		/* GitHub-style pipe table */
	TABLE_CSV,		/* RFC 4180, comma, CRLF */
	TABLE_HTML,		/* a semantic <table>, every cell escaped */
	TABLE_EXCEL,		/* CSV for Norwegian Excel: ';', decimal
				   comma, formulas neutralised (the caller
				   writes the BOM once, table_excel_bom) */
};

/* Display columns a text table may take before it is cut in blocks. */
#define TABLE_PAGE_WIDTH	120

struct table {
	size_t		  ncol;		/* columns */
	const char	**head;		/* column names (borrowed) */
	size_t		 *max;		/* text: cut cells to this many
					   columns with "…" (0: never) */
	int		 *right;	/* text: right-align this column */
	size_t		  keep;		/* text: wider than TABLE_PAGE_WIDTH,
					   print in blocks of columns, each
					   led by the first keep (0: never) */
	char		***rows;	/* copies of the cells */
	int		 *heading;	/* row i is a heading in rows[i][0] */
	size_t		  nrows;
	size_t		  cap;
};

/* A new table with ncol columns named head[]; NULL when out of memory. */
struct table *table_new(size_t ncol, const char *const *head);

/* Appends a row of ncol cells (copied; NULL prints as ""). */
void	table_add(struct table *, const char *const *cells);

/*
 * Appends a heading line (text and Markdown only; CSV leaves it out).
 * It does not count for the column widths.
 */
void	table_heading(struct table *, const char *text);

/* Prints t; indent prefixes each text line (may be NULL). */
void	table_print(const struct table *t, FILE *out, enum table_format f,
	    const char *indent);

/* Writes one CSV value, quoted when it holds ',', '"', CR or LF. */
void	table_csv_value(FILE *out, const char *v);

/* Writes s with & < > " ' escaped for HTML. */
void	table_html_text(FILE *out, const char *s);

/*
 * Writes s for a Markdown paragraph or heading, shown as typed: & < >
 * as entities (table cells get the same, and \| for |).
 */
void	table_md_text(FILE *out, const char *s);

/*
 * Writes one cell for Excel: a decimal "12.5" as "12,5"; a cell that
 * starts with = + - @ (or a tab or CR) behind a ' so that Excel shows
 * it as text and never runs it (text from other kommuner is untrusted);
 * quoted as RFC 4180 with ';'.
 */
void	table_excel_value(FILE *out, const char *v);

/* The UTF-8 byte order mark Excel needs to read UTF-8. */
void	table_excel_bom(FILE *out);

/* Frees t and sets *t to NULL. */
void	table_destroy(struct table **t);

#endif
