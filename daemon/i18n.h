/*
 * i18n.h - messages for people in the reader's language, through
 * gettext (glibc's libintl, text domain "samplan").
 *
 * English is the source text and the fallback; the `nb` (bokmål) and
 * `nn` (nynorsk) catalogs come from po/.  Wrap with _() what a person
 * reads (errors, status, help, the node's start-up and error lines) and
 * mark with N_() what sits in a static table and is translated where it
 * is printed.  Never wrap machine output: --json, metrics, check's
 * keywords, CSV headers, and the reports, which are Norwegian already.
 *
 * gettext() carries format_arg, so printf(_("%s ..."), x) keeps gcc's
 * format checking of the English text.
 */
#ifndef SAMPLAN_I18N_H
#define SAMPLAN_I18N_H

#include <libintl.h>

#define SP_TEXTDOMAIN	"samplan"

#define _(s)	gettext(s)
#define N_(s)	s

/*
 * Sets LC_MESSAGES and LC_CTYPE from the environment (LC_ALL,
 * LC_MESSAGES/LC_CTYPE, LANG), leaving numbers and dates in "C", and
 * binds the "samplan" domain to the catalogs in SAMPLAN_LOCALEDIR when
 * set (the build tree's, for tests), else to the installed ones.  Output
 * is UTF-8 whatever the locale's codeset, as the reports are.  Call once,
 * first thing in main().
 */
void	i18n_init(void);

/*
 * Makes this process speak lang ("nb", "nn" or "en") whatever its
 * environment says: the node's [node] language, for servers that run
 * under C.UTF-8.  Call before starting threads.  Returns 0, or -1 when
 * lang is not one of the three or the C.UTF-8 locale that lets gettext
 * use LANGUAGE under "C" is missing (the messages stay English).
 */
int	i18n_set_language(const char *lang);

/* Returns 1 when lang is a language samplan speaks ("nb", "nn", "en"). */
int	i18n_language_valid(const char *lang);

#endif
