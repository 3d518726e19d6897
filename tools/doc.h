/*
 * doc.h - a report for people in the format asked for: text, Markdown,
 * or one self-contained HTML page (no external resources, printable on
 * A4, every text escaped).  The report commands (region, plan show)
 * write through these calls and table_print(), never printf(), so a
 * format is added in one place.
 */
#ifndef SAMPLAN_DOC_H
#define SAMPLAN_DOC_H

#include "samplan.h"
#include "table.h"

/* Starts the document; title is its <h1> (and the page's <title>). */
void	doc_begin(struct tool *t, const char *title);

/* Ends the document (closes the HTML page). */
void	doc_end(struct tool *t);

/* A section heading. */
void	doc_heading(struct tool *t, const char *text);

/* A paragraph (one line in text), printf-style; escaped for HTML. */
void	doc_para(struct tool *t, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* The table, or "(ingen)" when it has no rows. */
void	doc_table(struct tool *t, const struct table *tb);

#endif
