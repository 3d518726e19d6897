/*
 * table.c - one table, five formats: text aligned by display width
 * (æ, ø and å are two bytes but one column), Markdown (escaped, so a
 * text shows as typed), CSV (RFC 4180,
 * CRLF), HTML (escaped, with the scopes a screen reader needs) and CSV
 * for Norwegian Excel (';', decimal comma, formulas neutralised).  The views build a table and pick the format; they never
 * count bytes themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "table.h"
#include "utf8.h"

#define ELLIPSIS	"\xe2\x80\xa6"	/* "…", one column */

struct table *
table_new(size_t ncol, const char *const *head)
{
	struct table	*t;
	size_t		 i;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->ncol = ncol;
	if ((t->head = calloc(ncol, sizeof(*t->head))) == NULL ||
	    (t->max = calloc(ncol, sizeof(*t->max))) == NULL ||
	    (t->right = calloc(ncol, sizeof(*t->right))) == NULL) {
		table_destroy(&t);
		return NULL;
	}
	for (i = 0; i < ncol; i++)
		t->head[i] = head[i];
	return t;
}

static void
table_push(struct table *t, const char *const *cells, int heading)
{
	char	**row;
	size_t	  i;

	if ((row = calloc(t->ncol, sizeof(*row))) == NULL)
		return;
	for (i = 0; i < t->ncol; i++)
		row[i] = strdup(cells[i] != NULL ? cells[i] : "");
	if (t->nrows == t->cap) {
		size_t n = t->cap ? t->cap * 2 : 16;
		char ***v = realloc(t->rows, n * sizeof(*v));
		int *h = realloc(t->heading, n * sizeof(*h));

		if (h != NULL)
			t->heading = h;
		if (v != NULL)
			t->rows = v;
		if (v == NULL || h == NULL) {
			for (i = 0; i < t->ncol; i++)
				free(row[i]);
			free(row);
			return;
		}
		t->cap = n;
	}
	t->heading[t->nrows] = heading;
	t->rows[t->nrows++] = row;
}

void
table_add(struct table *t, const char *const *cells)
{
	table_push(t, cells, 0);
}

void
table_heading(struct table *t, const char *text)
{
	const char	**cells;
	size_t		  i;

	if ((cells = calloc(t->ncol, sizeof(*cells))) == NULL)
		return;
	cells[0] = text;
	for (i = 1; i < t->ncol; i++)
		cells[i] = "";
	table_push(t, cells, 1);
	free(cells);
}

/* Width a cell shows with, after truncation to max (0: no limit). */
static size_t
cell_width(const char *s, size_t max)
{
	size_t	w = utf8_width(s);

	return max > 0 && w > max ? max : w;
}

static void
text_cell(FILE *out, const char *s, size_t width, size_t max, int right,
    int last)
{
	size_t	w = utf8_width(s), n;

	if (max > 0 && w > max) {
		n = utf8_prefix(s, max - 1);
		fprintf(out, "%.*s%s", (int)n, s, ELLIPSIS);
		if (!last)
			fprintf(out, "%*s", (int)(width - max), "");
		return;
	}
	if (right)
		fprintf(out, "%*s%s", (int)(width - w), "", s);
	else if (last)
		fputs(s, out);
	else
		utf8_pad(out, s, width);
}

/* Writes line without its trailing spaces, then a newline. */
static void
put_trimmed(FILE *out, char *line, size_t len)
{
	while (len > 0 && line[len - 1] == ' ')
		len--;
	fwrite(line, 1, len, out);
	fputc('\n', out);
}

/* Prints the columns cols[0..n) of t, each w[] wide. */
static void
print_text_cols(const struct table *t, FILE *dst, const char *indent,
    const size_t *w, const size_t *cols, size_t n)
{
	FILE		*out;
	const char	*sub = "";
	char		*line = NULL;
	size_t		 i, k, j, len = 0;

	/* Rows sit two columns right of their headings, if any. */
	for (i = 0; i < t->nrows; i++)
		if (t->heading[i])
			sub = "  ";
	/* Each line goes through a buffer so trailing blanks can go. */
	for (i = 0; i <= t->nrows; i++) {
		if ((out = open_memstream(&line, &len)) == NULL)
			break;
		fputs(indent, out);
		if (i > 0 && t->heading[i - 1])
			fputs(t->rows[i - 1][0], out);
		else
			fputs(sub, out);
		for (k = 0; !(i > 0 && t->heading[i - 1]) && k < n; k++) {
			j = cols[k];
			text_cell(out, i == 0 ? t->head[j] : t->rows[i - 1][j],
			    w[j], i == 0 ? 0 : t->max[j], t->right[j],
			    k + 1 == n);
			if (k + 1 < n)
				fputs("  ", out);
		}
		fclose(out);
		put_trimmed(dst, line, len);
		free(line);
		line = NULL;
	}
}

/*
 * Prints t in blocks of columns that fit TABLE_PAGE_WIDTH, each block
 * led by the first t->keep columns (a matrix of 46 kommuner stays
 * readable); one block when it fits or t->keep is 0.
 */
static void
print_text(const struct table *t, FILE *dst, const char *indent)
{
	size_t	*w, *cols, i, j, n, lead, used;

	w = calloc(t->ncol, sizeof(*w));
	cols = calloc(t->ncol, sizeof(*cols));
	if (w == NULL || cols == NULL)
		goto out;
	for (j = 0; j < t->ncol; j++)
		w[j] = cell_width(t->head[j], 0);
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncol && !t->heading[i]; j++)
			if (cell_width(t->rows[i][j], t->max[j]) > w[j])
				w[j] = cell_width(t->rows[i][j], t->max[j]);
	lead = utf8_width(indent) + 2;
	for (j = 0; j < t->keep && j < t->ncol; j++) {
		cols[j] = j;
		lead += w[j] + 2;
	}
	if (t->keep == 0 || t->keep >= t->ncol) {
		for (j = 0; j < t->ncol; j++)
			cols[j] = j;
		print_text_cols(t, dst, indent, w, cols, t->ncol);
		goto out;
	}
	for (j = t->keep; j < t->ncol; ) {
		/* At least one column a block, however wide. */
		n = t->keep;
		used = lead;
		do {
			used += w[j] + 2;
			cols[n++] = j++;
		} while (j < t->ncol && used + w[j] <= TABLE_PAGE_WIDTH);
		if (cols[t->keep] > t->keep)	/* not the first block */
			fputc('\n', dst);
		print_text_cols(t, dst, indent, w, cols, n);
	}
out:
	free(cols);
	free(w);
}

/*
 * Markdown that shows s as typed.  A renderer takes <...> as HTML and
 * &name; as an entity, so < > & are written as entities, which every
 * renderer shows as the character (a backslash before them is not
 * understood by all).  In a table cell (cell != 0) a | would end the
 * cell and a line break the row: \| and a space.
 */
static void
md_escape(FILE *out, const char *s, int cell)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '|':
			fputs(cell ? "\\|" : "|", out);
			break;
		case '\n':
		case '\r':
			fputc(cell ? ' ' : *s, out);
			break;
		default: fputc(*s, out); break;
		}
	}
}

static void
md_text(FILE *out, const char *s)
{
	md_escape(out, s, 1);
}

void
table_md_text(FILE *out, const char *s)
{
	md_escape(out, s, 0);
}

static void
md_cell(FILE *out, const char *s)
{
	fputs(" ", out);
	md_text(out, s);
	fputs(" |", out);
}

static void
print_markdown(const struct table *t, FILE *out)
{
	size_t	i, j;

	fputs("|", out);
	for (j = 0; j < t->ncol; j++)
		md_cell(out, t->head[j]);
	fputs("\n|", out);
	for (j = 0; j < t->ncol; j++)
		fputs(t->right[j] ? " ---: |" : " --- |", out);
	fputc('\n', out);
	for (i = 0; i < t->nrows; i++) {
		fputs("|", out);
		if (t->heading[i]) {
			fputs(" **", out);
			md_text(out, t->rows[i][0]);
			fputs("** |", out);
			for (j = 1; j < t->ncol; j++)
				fputs(" |", out);
			fputc('\n', out);
			continue;
		}
		for (j = 0; j < t->ncol; j++)
			md_cell(out, t->rows[i][j]);
		fputc('\n', out);
	}
}

void
table_csv_value(FILE *out, const char *v)
{
	csv_write_value(out, v, ',');
}

static void
print_csv(const struct table *t, FILE *out)
{
	size_t	i, j;

	for (j = 0; j < t->ncol; j++) {
		if (j > 0)
			putc(',', out);
		table_csv_value(out, t->head[j]);
	}
	fputs("\r\n", out);
	for (i = 0; i < t->nrows; i++) {
		if (t->heading[i])
			continue;
		for (j = 0; j < t->ncol; j++) {
			if (j > 0)
				putc(',', out);
			table_csv_value(out, t->rows[i][j]);
		}
		fputs("\r\n", out);
	}
}

void
table_html_text(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out); break;
		}
	}
}

/*
 * A table a screen reader can follow: column heads are <th scope=col>,
 * a heading row is a <th scope=rowgroup> spanning the table, the first
 * cell of a row is its <th scope=row>.
 */
static void
print_html(const struct table *t, FILE *out)
{
	size_t	i, j;

	fputs("<table>\n<thead><tr>", out);
	for (j = 0; j < t->ncol; j++) {
		fputs("<th scope=\"col\">", out);
		table_html_text(out, t->head[j]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (i = 0; i < t->nrows; i++) {
		if (t->heading[i]) {
			fprintf(out, "<tr class=\"group\"><th scope=\"rowgroup\" "
			    "colspan=\"%zu\">", t->ncol);
			table_html_text(out, t->rows[i][0]);
			fputs("</th></tr>\n", out);
			continue;
		}
		fputs("<tr>", out);
		for (j = 0; j < t->ncol; j++) {
			fputs(j == 0 ? "<th scope=\"row\">" : t->right[j] ?
			    "<td class=\"num\">" : "<td>", out);
			table_html_text(out, t->rows[i][j]);
			fputs(j == 0 ? "</th>" : "</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

/* 1 when v is a decimal with a point: "-12.5", "0.75". */
static int
is_decimal(const char *v)
{
	const char	*s = v, *dot;

	if (*s == '-')
		s++;
	if ((dot = strchr(s, '.')) == NULL || dot == s || dot[1] == '\0')
		return 0;
	return strspn(s, "0123456789") == (size_t)(dot - s) &&
	    strspn(dot + 1, "0123456789") == strlen(dot + 1);
}

void
table_excel_value(FILE *out, const char *v)
{
	char	*buf, *p;
	int	 guard;

	if ((buf = malloc(strlen(v) + 2)) == NULL)
		return;
	guard = !is_decimal(v) && (*v == '=' || *v == '+' || *v == '-' ||
	    *v == '@' || *v == '\t' || *v == '\r');
	snprintf(buf, strlen(v) + 2, "%s%s", guard ? "'" : "", v);
	if (is_decimal(v) && (p = strchr(buf, '.')) != NULL)
		*p = ',';
	csv_write_value(out, buf, ';');
	free(buf);
}

void
table_excel_bom(FILE *out)
{
	fputs("\xef\xbb\xbf", out);
}

static void
print_excel(const struct table *t, FILE *out)
{
	size_t	i, j;

	for (j = 0; j < t->ncol; j++) {
		if (j > 0)
			putc(';', out);
		table_excel_value(out, t->head[j]);
	}
	fputs("\r\n", out);
	for (i = 0; i < t->nrows; i++) {
		if (t->heading[i])
			continue;
		for (j = 0; j < t->ncol; j++) {
			if (j > 0)
				putc(';', out);
			table_excel_value(out, t->rows[i][j]);
		}
		fputs("\r\n", out);
	}
}

void
table_print(const struct table *t, FILE *out, enum table_format f,
    const char *indent)
{
	switch (f) {
	case TABLE_HTML:
		print_html(t, out);
		break;
	case TABLE_EXCEL:
		print_excel(t, out);
		break;
	case TABLE_MARKDOWN:
		print_markdown(t, out);
		break;
	case TABLE_CSV:
		print_csv(t, out);
		break;
	default:
		print_text(t, out, indent != NULL ? indent : "");
		break;
	}
}

void
table_destroy(struct table **tp)
{
	struct table	*t;
	size_t		 i, j;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncol; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
	}
	free(t->rows);
	free(t->heading);
	free(t->right);
	free(t->max);
	free(t->head);
	free(t);
	*tp = NULL;
}
