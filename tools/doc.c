/*
 * doc.c - reports for people as text, Markdown or one HTML page.
 *
 * The HTML page carries its own style sheet (A4 margins, borders, a
 * table header repeated on each printed page) and nothing else: no
 * scripts, fonts or images, so it prints the same from any browser and
 * opens offline.  Every text goes through table_html_text(), or
 * table_md_text() for Markdown; titles, notes and reasons come from
 * other kommuner and are never markup.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "doc.h"
#include "planctx.h"

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width\">\n<title>";

static const char html_style[] =
    "</title>\n<style>\n"
    "@page { size: A4; margin: 15mm 12mm; }\n"
    "body { font-family: \"DejaVu Sans\", Arial, sans-serif; "
    "font-size: 10pt; color: #000; margin: 1em; }\n"
    "h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 1.4em; "
    "break-after: avoid; }\n"
    "table { border-collapse: collapse; margin: 0.4em 0; }\n"
    "thead { display: table-header-group; }\n"
    "tr { break-inside: avoid; }\n"
    "th, td { border: 1px solid #888; padding: 2px 5px; text-align: left; "
    "vertical-align: top; }\n"
    "thead th { background: #e8e8e8; }\n"
    "tr.group th { background: #f4f4f4; font-style: italic; }\n"
    "td.num { text-align: right; }\n"
    "</style>\n</head>\n<body>\n";

/* Markdown: every block stands after one blank line. */
static void
md_block(struct tool *t)
{
	if (!t->doc_gap)
		fputc('\n', stdout);
	t->doc_gap = 0;
}

void
doc_begin(struct tool *t, const char *title)
{
	if (t->html) {
		fputs(html_head, stdout);
		table_html_text(stdout, title);
		fputs(html_style, stdout);
		fputs("<h1>", stdout);
		table_html_text(stdout, title);
		fputs("</h1>\n", stdout);
	} else if (t->markdown) {
		fputs("# ", stdout);
		table_md_text(stdout, title);
		fputs("\n\n", stdout);
		t->doc_gap = 1;
	} else
		printf("%s\n", title);
}

void
doc_end(struct tool *t)
{
	if (t->html)
		fputs("</body>\n</html>\n", stdout);
}

void
doc_heading(struct tool *t, const char *text)
{
	if (t->html) {
		fputs("<h2>", stdout);
		table_html_text(stdout, text);
		fputs("</h2>\n", stdout);
	} else if (t->markdown) {
		md_block(t);
		fputs("## ", stdout);
		table_md_text(stdout, text);
		fputc('\n', stdout);
	} else
		printf("\n%s\n", text);
}

void
doc_para(struct tool *t, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (t->html) {
		fputs("<p>", stdout);
		table_html_text(stdout, s);
		fputs("</p>\n", stdout);
	} else if (t->markdown) {
		md_block(t);
		table_md_text(stdout, s);
		fputc('\n', stdout);
	} else
		printf("%s\n", s);
	free(s);
}

void
doc_table(struct tool *t, const struct table *tb)
{
	if (tb->nrows == 0) {
		doc_para(t, t->html || t->markdown ? "(ingen)" : "  (ingen)");
		return;
	}
	if (t->markdown)
		md_block(t);
	table_print(tb, stdout, ctx_format(t), "  ");
}
