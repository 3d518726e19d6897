/*
 * config_int.h - what config.c and config_value.c share and nobody else
 * sees: the parser's state (struct parse and the sections met so far),
 * the error report every level uses, and the value level that config.c's
 * section and whole-file code calls.  Internal to the config module, as
 * config_keys.h is.
 */
#ifndef SAMPLAN_CONFIG_INT_H
#define SAMPLAN_CONFIG_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "config_keys.h"
#include "i18n.h"

/* One section as it was met in the file. */
struct section {
	enum section_kind kind;		/* SECT_NODE, SECT_REGION, SECT_PEER */
	void		*base;		/* the struct its keys fill */
	const char	*name;		/* NULL for [node] */
	int		 line;		/* where its header is */
	uint32_t	 seen;		/* bit i: keytab[i] was given */
};

#define MAX_SECTIONS	(1 + CONFIG_MAX_REGIONS + CONFIG_MAX_PEERS)

struct parse {
	const char	*path;		/* as the caller gave it, for messages */
	FILE		*fp;		/* the open config file */
	FILE		*err;		/* where errors go */
	struct config	*cfg;		/* being filled */
	char		*dir;		/* absolute directory of the file */
	char		*line;		/* getline() buffer */
	size_t		 linecap;	/* its size */
	int		 lineno;	/* of the line inih works on */
	int		 read_errno;	/* set when reading the file failed */
	int		 nerrors;	/* errors reported so far */
	int		 nomem;		/* an allocation failed */
	struct section	 sections[MAX_SECTIONS];
	size_t		 nsections;
	enum section_kind cur_kind;	/* what keys now belong to */
	struct section	*cur;		/* the section they fill, or NULL */
	char		 cur_label[128];	/* "peer x", for messages */
};

#define NAME_RULE	_("must be 1 to 63 of a-z, 0-9 and '-'")

/*
 * Prints "PATH: [SECTION] KEY: reason" to p->err and counts the error;
 * key or section may be NULL.  fmt is translated (xgettext collects
 * config_report()'s texts, see po/CMakeLists.txt).
 */
void	config_report(struct parse *p, const char *sect, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Returns 1 when s is a valid node or region name. */
int	config_name_valid(const char *s);

/*
 * Makes path absolute against dir and drops "." components and doubled
 * slashes ("..", kept).  Returns a new string (caller frees) or NULL.
 */
char	*config_path_resolve(const char *dir, const char *path);

/*
 * Parses value v for key k into the struct at base.  Reports a bad value
 * under [sect] and returns 1, or returns 0 or SP_ENOMEM.
 */
int	config_value_set(struct parse *p, const struct config_key *k,
	    const char *sect, void *base, const char *v);

#endif
