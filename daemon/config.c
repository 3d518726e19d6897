/*
 * config.c - the node's INI file -> struct config.
 *
 * (The key table, config_print(), config_destroy() and the lookups are in
 * config_table.c, which the table shares with this file.)
 *
 * Owns the file format of DESIGN.md: [node], [region NAME], [peer NAME].
 * Every key, its section, type, bounds, default and destination field
 * lives in one table, keytab[] (rule 16); parsing, defaults and printing
 * are all driven by it.  libinih splits "key = value" lines and strips
 * inline ';' comments; a reader of our own (parse_read) feeds it one line
 * at a time, so that we know the line number of every error, catch every
 * syntax error rather than the first, track sections (also empty ones,
 * which inih never reports) and turn off inih's indented continuation
 * lines.  This is the one library module that reports errors itself: it
 * prints every one of them to the caller's FILE before it returns (rule
 * 9).  It reads no key files and opens nothing but the config file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "config.h"
#include "errors.h"
#include "i18n.h"
#include "keys.h"
#include "config_keys.h"
#include "utf8.h"

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

/* ---- error reporting ---- */

static void	report(struct parse *, const char *, const char *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static void	report_line(struct parse *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Prints "PATH: [SECTION] KEY: reason"; key or section may be NULL. */
static void
report(struct parse *p, const char *sect, const char *key,
    const char *fmt, ...)
{
	va_list	ap;

	p->nerrors++;
	fprintf(p->err, "%s: ", p->path);
	if (sect != NULL)
		fprintf(p->err, key != NULL ? "[%s] %s: " : "[%s]: ", sect,
		    key);
	else if (key != NULL)
		fprintf(p->err, "%s: ", key);
	va_start(ap, fmt);
	/* xgettext collects report()'s texts (po/CMakeLists.txt). */
	vfprintf(p->err, _(fmt), ap);
	va_end(ap);
	fputc('\n', p->err);
}

/* Prints "PATH:LINE: reason" for the line being read. */
static void
report_line(struct parse *p, const char *fmt, ...)
{
	va_list	ap;

	p->nerrors++;
	fprintf(p->err, "%s:%d: ", p->path, p->lineno);
	va_start(ap, fmt);
	vfprintf(p->err, _(fmt), ap);
	va_end(ap);
	fputc('\n', p->err);
}

/* Writes the label of s ("node", "peer x") into buf. */
static void
section_label(const struct section *s, char *buf, size_t len)
{
	switch (s->kind) {
	case SECT_NODE:
		snprintf(buf, len, "node");
		break;
	case SECT_REGION:
		snprintf(buf, len, "region %s", s->name);
		break;
	case SECT_PEER:
		snprintf(buf, len, "peer %s", s->name);
		break;
	default:
		snprintf(buf, len, "?");
		break;
	}
}

/* ---- values ---- */

/* Returns 1 when s is a valid node or region name. */
static int
name_valid(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	}
	return i >= 1 && i < CONFIG_NAME_MAX;
}

#define NAME_RULE	_("must be 1 to 63 of a-z, 0-9 and '-'")

/* Checks an endpoint; returns NULL or the reason it is bad. */
static const char *
endpoint_check(const char *v)
{
	const char	*colon, *s;
	unsigned long	 port;
	char		*end;

	if (strncmp(v, "ipc://", 6) == 0)
		return v[6] == '\0' ? _("ipc:// needs a path") : NULL;
	if (strncmp(v, "tcp://", 6) != 0)
		return _("must start with tcp:// or ipc://");
	s = v + 6;
	if ((colon = strrchr(s, ':')) == NULL || colon == s)
		return _("tcp:// needs HOST:PORT");
	if (colon[1] < '0' || colon[1] > '9')
		return _("port must be a number from 1 to 65535");
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || port < 1 || port > 65535)
		return _("port must be a number from 1 to 65535");
	return NULL;
}

/*
 * Makes path absolute against dir and drops "." components and doubled
 * slashes.  ".." is kept: only the kernel knows what it means across a
 * symbolic link.  Returns a new string or NULL.
 */
static char *
path_resolve(const char *dir, const char *path)
{
	char	*joined, *out, *o;
	const char *s, *e;
	size_t	 len;

	if (path[0] == '/')
		joined = strdup(path);
	else if (asprintf(&joined, "%s/%s", dir, path) < 0)
		joined = NULL;
	if (joined == NULL)
		return NULL;
	if ((out = malloc(strlen(joined) + 2)) == NULL) {
		free(joined);
		return NULL;
	}
	o = out;
	for (s = joined; *s != '\0'; s = e) {
		while (*s == '/')
			s++;
		for (e = s; *e != '\0' && *e != '/'; e++)
			;
		len = (size_t)(e - s);
		if (len == 0 || (len == 1 && s[0] == '.'))
			continue;
		*o++ = '/';
		memcpy(o, s, len);
		o += len;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	free(joined);
	return out;
}

/* Appends a copy of name to *names (length *n).  Returns 0 or SP_ENOMEM. */
static int
names_push(char ***names, size_t *n, const char *name)
{
	char	**grown;
	size_t	  cap;

	/* Capacity doubles from 16: a power of two or below 16. */
	if (*n >= 16 && (*n & (*n - 1)) == 0) {
		cap = *n * 2;
		if ((grown = realloc(*names, cap * sizeof(*grown))) == NULL)
			return SP_ENOMEM;
		*names = grown;
	} else if (*names == NULL &&
	    (*names = calloc(16, sizeof(**names))) == NULL)
		return SP_ENOMEM;
	if (((*names)[*n] = strdup(name)) == NULL)
		return SP_ENOMEM;
	(*n)++;
	return 0;
}

/*
 * Splits "a, b ,c" and appends the names to *names (length *n), so that a
 * long list may be written over several `members =` lines.  Reports bad,
 * empty and repeated names under [sect] key (a name repeated on another
 * line too); returns 0, 1 after a report, or SP_ENOMEM.
 */
static int
names_parse(struct parse *p, const char *sect, const char *key,
    const char *v, char ***names, size_t *n)
{
	char	*copy, *item, *next, *end;
	size_t	 i, given = 0;
	int	 bad = 0, rc = 0;

	if ((copy = strdup(v)) == NULL)
		return SP_ENOMEM;
	for (item = copy; item != NULL && rc == 0; item = next) {
		if ((next = strchr(item, ',')) != NULL)
			*next++ = '\0';
		while (*item == ' ' || *item == '\t')
			item++;
		end = item + strlen(item);
		while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*item == '\0') {
			if (next != NULL || given > 0) {
				report(p, sect, key, "empty name in the list");
				bad = 1;
			}
			continue;
		}
		given++;
		if (!name_valid(item)) {
			report(p, sect, key, "'%s': name %s", item, NAME_RULE);
			bad = 1;
			continue;
		}
		for (i = 0; i < *n; i++)
			if (strcmp((*names)[i], item) == 0)
				break;
		if (i < *n) {
			report(p, sect, key, "%s is listed twice", item);
			bad = 1;
			continue;
		}
		if (*n == CONFIG_MAX_MEMBERS) {
			report(p, sect, key, "more than %d names",
			    CONFIG_MAX_MEMBERS);
			bad = 1;
			break;
		}
		rc = names_push(names, n, item);
	}
	free(copy);
	if (rc != 0)
		return rc;
	return bad;
}

/*
 * Parses value v for key k into the struct at base.  Reports a bad value
 * under [sect] and returns 1, or returns 0 or SP_ENOMEM.
 */
static int
value_set(struct parse *p, const struct config_key *k, const char *sect,
    void *base, const char *v)
{
	char		**str = (char **)((char *)base + k->offset);
	char		 *copy = NULL, *end;
	const char	 *why;
	uint64_t	  n;
	size_t		  i;

	switch (k->type) {
	case KT_NAME:
		if (!name_valid(v)) {
			report(p, sect, k->name, "'%s': name %s", v,
			    NAME_RULE);
			return 1;
		}
		copy = strdup(v);
		break;
	case KT_NAMES:
		return names_parse(p, sect, k->name, v, (char ***)str,
		    (size_t *)((char *)base + k->count));
	case KT_TEXT:
		if (*v == '\0' || !utf8_valid(v, strlen(v))) {
			report(p, sect, k->name, "%s", *v == '\0' ?
			    _("empty value") : _("not valid UTF-8"));
			return 1;
		}
		for (i = 0; v[i] != '\0'; i++) {
			if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
				report(p, sect, k->name,
				    "contains a control character");
				return 1;
			}
		}
		copy = strdup(v);
		break;
	case KT_KNR:
		if (strlen(v) != 4 || strspn(v, "0123456789") != 4) {
			report(p, sect, k->name, "'%s': a kommunenummer is "
			    "four digits, e.g. 3442 or 0301", v);
			return 1;
		}
		copy = strdup(v);
		break;
	case KT_LANG:
		if (!i18n_language_valid(v)) {
			report(p, sect, k->name, "'%s': must be nb (bokmål), "
			    "nn (nynorsk) or en (English)", v);
			return 1;
		}
		copy = strdup(v);
		break;
	case KT_PATH:
		if (*v == '\0') {
			report(p, sect, k->name, "empty path");
			return 1;
		}
		copy = path_resolve(p->dir, v);
		break;
	case KT_ENDPOINT:
		if ((why = endpoint_check(v)) != NULL) {
			report(p, sect, k->name, "'%s': %s", v, why);
			return 1;
		}
		copy = strdup(v);
		break;
	case KT_SIZE:
		errno = 0;
		n = strtoull(v, &end, 10);
		if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 ||
		    n < k->min || n > k->max) {
			report(p, sect, k->name, "'%s': must be a number of "
			    "bytes from %" PRIu64 " to %" PRIu64, v, k->min,
			    k->max);
			return 1;
		}
		*(uint64_t *)((char *)base + k->offset) = n;
		return 0;
	case KT_SEQ:
		errno = 0;
		n = strtoull(v, &end, 10);
		if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 ||
		    n > k->max) {
			report(p, sect, k->name, "'%s': must be a seq from 0 "
			    "to %" PRIu64, v, k->max);
			return 1;
		}
		*(uint64_t *)((char *)base + k->offset) = n;
		*(int *)((char *)base + k->count) = 1;
		return 0;
	case KT_PUBKEY: {
		uint8_t	key[KEY_PUBLIC_LEN];
		char	z85[KEY_Z85_LEN + 1];

		if (keys_from_hex(v, key) != 0) {
			report(p, sect, k->name, "must be %d hex digits, as "
			    "`samplan keygen` prints it", KEY_HEX_LEN);
			return 1;
		}
		if (keys_curve_z85(key, z85) != 0) {
			report(p, sect, k->name, "not a usable Ed25519 "
			    "public key");
			return 1;
		}
		memcpy((char *)base + k->offset, key, KEY_PUBLIC_LEN);
		if (k->count != 0)
			*(int *)((char *)base + k->count) = 1;
		return 0;
	}
	}
	if (copy == NULL)
		return SP_ENOMEM;
	free(*str);
	*str = copy;
	return 0;
}

/* ---- sections ---- */

/* Returns the table index of key name in kind, or -1. */
static int
key_find(enum section_kind kind, const char *name)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++)
		if (keytab[i].section == kind && strcmp(keytab[i].name,
		    name) == 0)
			return (int)i;
	return -1;
}

/* Returns the section of kind and name met before, or NULL. */
static struct section *
section_find(struct parse *p, enum section_kind kind, const char *name)
{
	size_t	i;

	for (i = 0; i < p->nsections; i++) {
		if (p->sections[i].kind != kind)
			continue;
		if (kind == SECT_NODE || strcmp(p->sections[i].name,
		    name) == 0)
			return &p->sections[i];
	}
	return NULL;
}

/*
 * Starts the section whose header text (between '[' and ']') is hdr.
 * Reports what is wrong with it; keys under a bad section are ignored.
 */
static void
section_begin(struct parse *p, char *hdr)
{
	struct config	*cfg = p->cfg;
	struct section	*s;
	enum section_kind kind;
	char		*type, *name, *end, *copy = NULL;
	size_t		 len;
	void		*base;

	p->cur_kind = SECT_SKIP;
	p->cur = NULL;
	while (*hdr == ' ' || *hdr == '\t')
		hdr++;
	len = strlen(hdr);
	while (len > 0 && (hdr[len - 1] == ' ' || hdr[len - 1] == '\t'))
		hdr[--len] = '\0';
	snprintf(p->cur_label, sizeof(p->cur_label), "%s", hdr);

	type = hdr;
	for (end = type; *end != '\0' && *end != ' ' && *end != '\t'; end++)
		;
	name = end;
	while (*name == ' ' || *name == '\t')
		name++;
	*end = '\0';

	if (strcmp(type, "node") == 0)
		kind = SECT_NODE;
	else if (strcmp(type, "region") == 0)
		kind = SECT_REGION;
	else if (strcmp(type, "peer") == 0)
		kind = SECT_PEER;
	else {
		report(p, p->cur_label, NULL, "unknown section (expected "
		    "[node], [region NAME] or [peer NAME])");
		return;
	}
	if (kind == SECT_NODE && *name != '\0') {
		report(p, p->cur_label, NULL, "[node] takes no name");
		return;
	}
	if (kind != SECT_NODE && *name == '\0') {
		report(p, p->cur_label, NULL, "needs a name: [%s NAME]", type);
		return;
	}
	if (kind != SECT_NODE && !name_valid(name)) {
		report(p, p->cur_label, NULL, "name %s", NAME_RULE);
		return;
	}
	snprintf(p->cur_label, sizeof(p->cur_label), "%s%s%s", type,
	    kind == SECT_NODE ? "" : " ", name);
	if ((s = section_find(p, kind, name)) != NULL) {
		report(p, p->cur_label, NULL, "duplicate section (first at "
		    "line %d)", s->line);
		return;
	}

	switch (kind) {
	case SECT_NODE:
		base = cfg;
		break;
	case SECT_REGION:
		if (cfg->nregions == CONFIG_MAX_REGIONS) {
			report(p, p->cur_label, NULL, "more than %d regions",
			    CONFIG_MAX_REGIONS);
			return;
		}
		base = &cfg->regions[cfg->nregions];
		if ((copy = strdup(name)) == NULL) {
			p->nomem = 1;
			return;
		}
		cfg->regions[cfg->nregions++].name = copy;
		break;
	default:
		if (cfg->npeers == CONFIG_MAX_PEERS) {
			report(p, p->cur_label, NULL, "more than %d peers",
			    CONFIG_MAX_PEERS);
			return;
		}
		base = &cfg->peers[cfg->npeers];
		if ((copy = strdup(name)) == NULL) {
			p->nomem = 1;
			return;
		}
		cfg->peers[cfg->npeers++].name = copy;
		break;
	}
	s = &p->sections[p->nsections++];
	s->kind = kind;
	s->base = base;
	s->name = copy;		/* owned by cfg; NULL for [node] */
	s->line = p->lineno;
	s->seen = 0;
	p->cur_kind = kind;
	p->cur = s;
}

/* inih calls this for every "key = value" line. */
static int
parse_key(void *arg, const char *section, const char *key,
    const char *value)
{
	struct parse	*p = arg;
	int		 i, rc;

	(void)section;	/* parse_read() tracks sections, not inih */
	if (*key == '\0') {
		report_line(p, "no key before '='");
		return 0;
	}
	if (p->cur_kind == SECT_SKIP)
		return 1;
	if (p->cur_kind == SECT_NONE) {
		report_line(p, "key '%s' comes before any section", key);
		return 0;
	}
	if ((i = key_find(p->cur_kind, key)) == -1) {
		report(p, p->cur_label, key, "unknown key");
		return 0;
	}
	/* A list key may be repeated: each line adds to the list. */
	if ((p->cur->seen & (1U << i)) && keytab[i].type != KT_NAMES) {
		report(p, p->cur_label, key, "duplicate key");
		return 0;
	}
	p->cur->seen |= 1U << i;
	rc = value_set(p, &keytab[i], p->cur_label, p->cur->base, value);
	if (rc == SP_ENOMEM)
		p->nomem = 1;
	return rc == 0;
}

/*
 * Finds the first of chars in s before an inline comment (';' at the
 * start or after white space), as inih does.  Returns NULL when none.
 */
static char *
find_before_comment(char *s, const char *chars)
{
	int	was_space = 1;

	for (; *s != '\0'; s++) {
		if (strchr(chars, *s) != NULL)
			return s;
		if (*s == ';' && was_space)
			return NULL;
		was_space = *s == ' ' || *s == '\t';
	}
	return NULL;
}

/* Strips trailing blanks from s in place. */
static void
rstrip(char *s)
{
	char	*end = s + strlen(s);

	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
}

/*
 * Splits a key line longer than inih's buffer into key and value the way
 * inih splits the others (first '=' or ':', inline ';' comments after
 * white space, blanks trimmed) and hands them to parse_key(), so that a
 * region of 357 kommuner can be listed on one line too.
 */
static void
parse_long_key(struct parse *p, char *s)
{
	char	*sep, *value, *comment;

	if ((sep = find_before_comment(s, "=:")) == NULL) {
		report_line(p, "expected 'key = value'");
		return;
	}
	*sep = '\0';
	rstrip(s);
	value = sep + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	for (comment = value; *comment != '\0'; comment++)
		if (*comment == ';' && (comment == value ||
		    comment[-1] == ' ' || comment[-1] == '\t')) {
			*comment = '\0';
			break;
		}
	rstrip(value);
	(void)parse_key(p, NULL, s, value);
}

/*
 * inih's reader: hands it one physical line at a time, so that lineno is
 * always the line whose keys parse_key() sees.  Takes the section headers
 * and the syntax errors itself and passes inih only key lines.
 */
static char *
parse_read(char *buf, int size, void *arg)
{
	struct parse	*p = arg;
	char		*s, *close;
	ssize_t		 len;

	if ((len = getline(&p->line, &p->linecap, p->fp)) == -1) {
		if (ferror(p->fp))
			p->read_errno = errno ? errno : EIO;
		return NULL;
	}
	p->lineno++;
	buf[0] = '\0';
	s = p->line;
	if (len > 0 && s[len - 1] == '\n')
		s[--len] = '\0';
	if (len > 0 && s[len - 1] == '\r')
		s[--len] = '\0';
	if (strlen(s) != (size_t)len) {
		report_line(p, "line contains a NUL byte");
		return buf;
	}
	if (p->lineno == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	/* No leading white space: inih would take it as a continuation. */
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == ';' || *s == '#')
		return buf;
	if ((int)strlen(s) >= size - 1) {
		/* inih's line buffer is fixed (200 bytes); a key line is ours. */
		if (*s != '[') {
			parse_long_key(p, s);
			return buf;
		}
		report_line(p, "section header is longer than %d bytes",
		    size - 2);
		p->cur_kind = SECT_SKIP;
		p->cur = NULL;
		return buf;
	}
	if (*s == '[') {
		if ((close = strchr(s, ']')) == NULL) {
			report_line(p, "section header lacks ']'");
			p->cur_kind = SECT_SKIP;
			p->cur = NULL;
			return buf;
		}
		*close++ = '\0';
		while (*close == ' ' || *close == '\t')
			close++;
		if (*close != '\0' && *close != ';' && *close != '#') {
			report_line(p, "text after section header");
			p->cur_kind = SECT_SKIP;
			p->cur = NULL;
			return buf;
		}
		section_begin(p, s + 1);
		return buf;
	}
	if (find_before_comment(s, "=:") == NULL) {
		report_line(p, "expected 'key = value'");
		return buf;
	}
	memcpy(buf, s, strlen(s) + 1);
	return buf;
}

/* ---- whole-file checks ---- */

/* Reports the required keys s lacks and fills in defaults. */
static int
section_finish(struct parse *p, struct section *s)
{
	const struct config_key	*k;
	char			 label[128];
	const char		*def;
	size_t			 i;
	int			 rc;

	section_label(s, label, sizeof(label));
	for (i = 0; i < NKEYS; i++) {
		k = &keytab[i];
		if (k->section != s->kind || (s->seen & (1U << i)))
			continue;
		if (k->flags & KF_REQUIRED) {
			report(p, label, k->name, "required key is missing");
			continue;
		}
		def = k->def;
		if ((k->flags & KF_DEFNAME) && def == NULL)
			def = s->kind == SECT_NODE ? p->cfg->name : s->name;
		if (def == NULL)
			continue;
		if (k->flags & KF_DEFDATA) {
			char	*path;

			/* No data_dir has been reported already. */
			if (p->cfg->data_dir == NULL)
				continue;
			if (asprintf(&path, "%s/%s", p->cfg->data_dir,
			    def) < 0)
				return SP_ENOMEM;
			rc = value_set(p, k, label, s->base, path);
			free(path);
		} else
			rc = value_set(p, k, label, s->base, def);
		if (rc == SP_ENOMEM)
			return rc;
	}
	return 0;
}

/* Returns 1 when key is all zero bytes: a peer whose key is missing. */
static int
key_is_zero(const uint8_t key[KEY_PUBLIC_LEN])
{
	uint8_t	acc = 0;
	size_t	i;

	for (i = 0; i < KEY_PUBLIC_LEN; i++)
		acc |= key[i];
	return acc == 0;
}

/* Reports a region name that is neither this node nor a [peer]. */
static void
check_known(struct parse *p, const struct config_region *r,
    const char *key, const char *name)
{
	char	label[128];

	if (p->cfg->name != NULL && strcmp(name, p->cfg->name) == 0)
		return;
	if (config_peer_by_name(p->cfg, name) != NULL)
		return;
	snprintf(label, sizeof(label), "region %s", r->name);
	report(p, label, key, "%s is not this node and has no [peer %s] "
	    "section", name, name);
}

static void
check_all(struct parse *p)
{
	struct config		*cfg = p->cfg;
	struct config_region	*r;
	struct config_peer	*a;
	char			 label[128];
	size_t			 i, j;

	if (section_find(p, SECT_NODE, NULL) == NULL)
		report(p, "node", NULL, "section is missing");
	/* A socket path longer than sun_path could never be bound. */
	if (cfg->control != NULL && strlen(cfg->control) > CONFIG_SOCKET_MAX)
		report(p, "node", "control", "'%s' is longer than %d bytes, "
		    "the limit of a socket path (set control to a shorter "
		    "path)", cfg->control, CONFIG_SOCKET_MAX);
	for (i = 0; i < cfg->nregions; i++) {
		r = &cfg->regions[i];
		if (r->coordinator != NULL)
			check_known(p, r, "coordinator", r->coordinator);
		if (r->mode != NULL &&
		    strcmp(r->mode, CONFIG_MODE_SHARED) != 0 &&
		    strcmp(r->mode, CONFIG_MODE_PARALLEL) != 0) {
			snprintf(label, sizeof(label), "region %s", r->name);
			report(p, label, "mode", "'%s': must be %s or %s",
			    r->mode, CONFIG_MODE_SHARED, CONFIG_MODE_PARALLEL);
		}
		for (j = 0; j < r->nmembers; j++) {
			if (r->coordinator != NULL &&
			    strcmp(r->members[j], r->coordinator) == 0) {
				snprintf(label, sizeof(label), "region %s",
				    r->name);
				report(p, label, "members", "%s is the "
				    "coordinator and cannot be a member",
				    r->members[j]);
				continue;
			}
			check_known(p, r, "members", r->members[j]);
		}
	}
	for (i = 0; i < cfg->npeers; i++) {
		a = &cfg->peers[i];
		snprintf(label, sizeof(label), "peer %s", a->name);
		if (cfg->name != NULL && strcmp(a->name, cfg->name) == 0)
			report(p, label, NULL, "a peer cannot have this "
			    "node's own name");
		if (key_is_zero(a->public_key))
			continue;	/* missing, reported already */
		for (j = 0; j < i; j++) {
			if (memcmp(cfg->peers[j].public_key, a->public_key,
			    KEY_PUBLIC_LEN) == 0) {
				report(p, label, "public_key", "same key as "
				    "[peer %s]", cfg->peers[j].name);
				break;
			}
		}
	}
}

/* ---- load, destroy ---- */

static int
region_cmp(const void *a, const void *b)
{
	return strcmp(((const struct config_region *)a)->name,
	    ((const struct config_region *)b)->name);
}

static int
peer_cmp(const void *a, const void *b)
{
	return strcmp(((const struct config_peer *)a)->name,
	    ((const struct config_peer *)b)->name);
}

/*
 * Sets cfg->path and p->dir to the absolute file and its directory,
 * without resolving symbolic links (golden output keeps the given path).
 */
static int
parse_paths(struct parse *p, const char *path)
{
	char	 cwd[4096], *slash;

	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) == NULL)
		return SP_EIO;
	if ((p->cfg->path = path_resolve(path[0] == '/' ? "/" : cwd,
	    path)) == NULL)
		return SP_ENOMEM;
	if ((p->dir = strdup(p->cfg->path)) == NULL)
		return SP_ENOMEM;
	slash = strrchr(p->dir, '/');
	if (slash == p->dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

int
config_load(const char *path, FILE *err, struct config **out)
{
	struct parse	*p;
	struct config	*cfg;
	size_t		 i;
	int		 rc;

	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return SP_ENOMEM;
	p->path = path;
	p->err = err;
	p->cur_kind = SECT_NONE;
	if ((p->fp = fopen(path, "re")) == NULL) {
		fprintf(err, _("%s: cannot open: %s\n"), path,
		    strerror(errno));
		free(p);
		return SP_ECONFIG;
	}
	if ((cfg = p->cfg = calloc(1, sizeof(*cfg))) == NULL ||
	    (cfg->regions = calloc(CONFIG_MAX_REGIONS,
	    sizeof(*cfg->regions))) == NULL ||
	    (cfg->peers = calloc(CONFIG_MAX_PEERS,
	    sizeof(*cfg->peers))) == NULL) {
		rc = SP_ENOMEM;
		goto done;
	}
	if ((rc = parse_paths(p, path)) != 0) {
		if (rc == SP_EIO) {
			fprintf(err, _("%s: cannot find the current "
			    "directory: %s\n"), path, strerror(errno));
			rc = SP_ECONFIG;
		}
		goto done;
	}

	rc = ini_parse_stream(parse_read, p, parse_key, p);
	if (rc == -2)
		p->nomem = 1;
	if (p->read_errno != 0) {
		fprintf(err, _("%s: cannot read: %s\n"), path,
		    strerror(p->read_errno));
		p->nerrors++;
	} else if (rc > 0 && p->nerrors == 0) {
		/* inih saw something our reader let through. */
		p->lineno = rc;
		report_line(p, "syntax error");
	}
	/* Whole-file checks on a file read only in part would mislead. */
	for (i = 0; i < p->nsections && !p->nomem && !p->read_errno; i++)
		if (section_finish(p, &p->sections[i]) == SP_ENOMEM)
			p->nomem = 1;
	if (!p->nomem && !p->read_errno)
		check_all(p);

	if (p->nomem)
		rc = SP_ENOMEM;
	else if (p->nerrors > 0)
		rc = SP_ECONFIG;
	else {
		qsort(cfg->regions, cfg->nregions, sizeof(*cfg->regions),
		    region_cmp);
		qsort(cfg->peers, cfg->npeers, sizeof(*cfg->peers), peer_cmp);
		*out = cfg;
		cfg = NULL;
		rc = 0;
	}
 done:
	config_destroy(&cfg);
	fclose(p->fp);
	free(p->line);
	free(p->dir);
	free(p);
	return rc;
}
