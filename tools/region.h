/*
 * region.h - what the two halves of `samplan region` share: the report
 * for people (cmd_region.c) and the data forms (cmd_region_data.c).
 */
#ifndef SAMPLAN_REGION_H
#define SAMPLAN_REGION_H

#include <stddef.h>

#include "samplan.h"
#include "view.h"

/* "A:G", "T:I*", "X", "?": the matrix cell of DOMAIN.md 4, in buf. */
const char *region_cell_text(const struct plan_cell *c, char buf[16]);

/* Text columns: measure titles (and indicators) cut to this width. */
#define TITLE_WIDTH	40

/* A kommune's title without " kommune", for column heads. */
const char *region_short(const struct plan_node *k, char *buf, size_t size);

/* "igangsatt (2025)" in buf, or "-" for no report. */
const char *region_status_text(const struct plan_report *r, char *buf,
	    size_t size);

/*
 * Prints the line that says what day the statuses are for: the end of
 * period (judged) when it is over, else today.
 */
void	region_asof(struct tool *t, const char *period, const char *judged,
	    const char *today);

/*
 * The CSV form: one row per regional measure and kommune, then one per
 * local measure of each kommune (column tiltakstype: regionalt, lokalt);
 * with --excel in Excel's form (BOM, ';', decimal comma, formulas
 * neutralised).
 */
void	region_csv(struct tool *t, const struct view_region *v);

/* The JSON form; copies of the nodes only when technical. */
void	region_json(const struct view_region *v, const char *today,
	    int technical);

/* --technical: the region's version and how far each copy is. */
void	region_technical(struct tool *t, const struct view_region *v,
	    const char *today);

#endif
