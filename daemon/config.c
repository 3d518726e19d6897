/*
 * config.c - the node's INI file -> struct config: sections, lines and
 * the whole-file checks.
 *
 * (What one value means, and config_report(), are in config_value.c,
 * which shares the parser's state with this file through config_int.h.
 * The key table, config_print(), config_destroy() and the lookups are in
 * config_table.c, which the table shares with both.)
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
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "config.h"
#include "config_int.h"
#include "config_keys.h"
#include "errors.h"
#include "i18n.h"
#include "keys.h"

/* ---- error reporting ---- */

static void	report_line(struct parse *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

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
		config_report(p, p->cur_label, NULL, "unknown section "
		    "(expected [node], [region NAME] or [peer NAME])");
		return;
	}
	if (kind == SECT_NODE && *name != '\0') {
		config_report(p, p->cur_label, NULL, "[node] takes no name");
		return;
	}
	if (kind != SECT_NODE && *name == '\0') {
		config_report(p, p->cur_label, NULL, "needs a name: [%s NAME]",
		    type);
		return;
	}
	if (kind != SECT_NODE && !config_name_valid(name)) {
		config_report(p, p->cur_label, NULL, "name %s", NAME_RULE);
		return;
	}
	snprintf(p->cur_label, sizeof(p->cur_label), "%s%s%s", type,
	    kind == SECT_NODE ? "" : " ", name);
	if ((s = section_find(p, kind, name)) != NULL) {
		config_report(p, p->cur_label, NULL, "duplicate section "
		    "(first at line %d)", s->line);
		return;
	}

	switch (kind) {
	case SECT_NODE:
		base = cfg;
		break;
	case SECT_REGION:
		if (cfg->nregions == CONFIG_MAX_REGIONS) {
			config_report(p, p->cur_label, NULL,
			    "more than %d regions", CONFIG_MAX_REGIONS);
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
			config_report(p, p->cur_label, NULL,
			    "more than %d peers", CONFIG_MAX_PEERS);
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
		config_report(p, p->cur_label, key, "unknown key");
		return 0;
	}
	/* A list key may be repeated: each line adds to the list. */
	if ((p->cur->seen & (1U << i)) && keytab[i].type != KT_NAMES) {
		config_report(p, p->cur_label, key, "duplicate key");
		return 0;
	}
	p->cur->seen |= 1U << i;
	rc = config_value_set(p, &keytab[i], p->cur_label, p->cur->base, value);
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
			config_report(p, label, k->name,
			    "required key is missing");
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
			rc = config_value_set(p, k, label, s->base, path);
			free(path);
		} else
			rc = config_value_set(p, k, label, s->base, def);
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
	config_report(p, label, key, "%s is not this node and has no [peer %s] "
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
		config_report(p, "node", NULL, "section is missing");
	/* A socket path longer than sun_path could never be bound. */
	if (cfg->control != NULL && strlen(cfg->control) > CONFIG_SOCKET_MAX)
		config_report(p, "node", "control", "'%s' is longer than %d "
		    "bytes, the limit of a socket path (set control to a "
		    "shorter path)", cfg->control, CONFIG_SOCKET_MAX);
	for (i = 0; i < cfg->nregions; i++) {
		r = &cfg->regions[i];
		if (r->coordinator != NULL)
			check_known(p, r, "coordinator", r->coordinator);
		if (r->mode != NULL &&
		    strcmp(r->mode, CONFIG_MODE_SHARED) != 0 &&
		    strcmp(r->mode, CONFIG_MODE_PARALLEL) != 0) {
			snprintf(label, sizeof(label), "region %s", r->name);
			config_report(p, label, "mode",
			    "'%s': must be %s or %s", r->mode,
			    CONFIG_MODE_SHARED, CONFIG_MODE_PARALLEL);
		}
		for (j = 0; j < r->nmembers; j++) {
			if (r->coordinator != NULL &&
			    strcmp(r->members[j], r->coordinator) == 0) {
				snprintf(label, sizeof(label), "region %s",
				    r->name);
				config_report(p, label, "members", "%s is the "
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
			config_report(p, label, NULL, "a peer cannot have this "
			    "node's own name");
		if (key_is_zero(a->public_key))
			continue;	/* missing, reported already */
		for (j = 0; j < i; j++) {
			if (memcmp(cfg->peers[j].public_key, a->public_key,
			    KEY_PUBLIC_LEN) == 0) {
				config_report(p, label, "public_key",
				    "same key as [peer %s]",
				    cfg->peers[j].name);
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
	if ((p->cfg->path = config_path_resolve(path[0] == '/' ? "/" : cwd,
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
