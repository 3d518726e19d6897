/*
 * i18n.c - binding the "samplan" text domain and choosing its language.
 *
 * The catalogs are found in SAMPLAN_LOCALEDIR when that is set (tests
 * point it at the build tree's compiled .mo files), else in the
 * installation's share/locale (SP_LOCALEDIR, from CMake).  Holds no
 * state of its own: the locale and LANGUAGE belong to the process.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#ifndef SP_LOCALEDIR
#define SP_LOCALEDIR	"/usr/share/locale"
#endif

void
i18n_init(void)
{
	const char	*dir = getenv("SAMPLAN_LOCALEDIR");

	/*
	 * Only the language of messages and the character type (for
	 * libc's own texts, such as strerror()) come from the
	 * environment.  Numbers, dates and sorting stay "C": metrics
	 * print 0.5, never 0,5, and the reports format their Norwegian
	 * dates and decimal commas themselves.
	 */
	setlocale(LC_MESSAGES, "");
	setlocale(LC_CTYPE, "");
	bindtextdomain(SP_TEXTDOMAIN, dir != NULL && *dir != '\0' ? dir :
	    SP_LOCALEDIR);
	/* The catalogs are UTF-8, and so is everything else we print. */
	bind_textdomain_codeset(SP_TEXTDOMAIN, "UTF-8");
	textdomain(SP_TEXTDOMAIN);
}

int
i18n_language_valid(const char *lang)
{
	return lang != NULL && (strcmp(lang, "nb") == 0 ||
	    strcmp(lang, "nn") == 0 || strcmp(lang, "en") == 0);
}

/* Is name the "C" locale (or NULL, as setlocale() says on failure)? */
static int
is_c_locale(const char *name)
{
	return name == NULL || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0;
}

int
i18n_set_language(const char *lang)
{
	const char	*cur;
	char		*name;

	if (!i18n_language_valid(lang))
		return -1;
	/*
	 * gettext ignores LANGUAGE while LC_MESSAGES is the "C" locale,
	 * which is what a service gets without LANG.  C.UTF-8 changes
	 * nothing else a person would notice and lets LANGUAGE through;
	 * "en" needs no catalog and so no locale.  nn falls back to nb
	 * where the nynorsk catalog has no text, then to English.
	 */
	if (setenv("LANGUAGE", strcmp(lang, "nn") == 0 ? "nn:nb" : lang,
	    1) == -1)
		return -1;
	if (strcmp(lang, "en") != 0 &&
	    is_c_locale(setlocale(LC_MESSAGES, NULL))) {
		if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL)
			return -1;
		/* libc's own texts (strerror) in UTF-8 too, not "?". */
		if (is_c_locale(setlocale(LC_CTYPE, NULL)))
			setlocale(LC_CTYPE, "C.UTF-8");
		return 0;
	}
	/*
	 * Setting the locale again, as it is, drops gettext's cache of
	 * texts already looked up in the old language.
	 */
	if ((cur = setlocale(LC_MESSAGES, NULL)) != NULL &&
	    (name = strdup(cur)) != NULL) {	/* cur changes under us */
		setlocale(LC_MESSAGES, name);
		free(name);
	}
	return 0;
}
