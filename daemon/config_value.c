/*
 * config_value.c - the value level of the config parser: what one
 * "key = value" means.  Turns a value's text into its field as keytab[]
 * says (names and lists of names, UTF-8 text, kommunenummer, language,
 * paths made absolute, endpoints, byte counts, seqs, public keys) and
 * reports a bad one under its [section] and key; config_report() is the
 * report every level of the parser uses.  Sections, the line reader and
 * the whole-file checks are in config.c, with which it shares
 * config_int.h; it opens no file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_int.h"
#include "config_keys.h"
#include "errors.h"
#include "i18n.h"
#include "keys.h"
#include "utf8.h"

/* Prints "PATH: [SECTION] KEY: reason"; key or section may be NULL. */
void
config_report(struct parse *p, const char *sect, const char *key,
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
	/* xgettext collects config_report()'s texts (po/CMakeLists.txt). */
	vfprintf(p->err, _(fmt), ap);
	va_end(ap);
	fputc('\n', p->err);
}

/* Returns 1 when s is a valid node or region name. */
int
config_name_valid(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	}
	return i >= 1 && i < CONFIG_NAME_MAX;
}

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
char *
config_path_resolve(const char *dir, const char *path)
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
				config_report(p, sect, key,
				    "empty name in the list");
				bad = 1;
			}
			continue;
		}
		given++;
		if (!config_name_valid(item)) {
			config_report(p, sect, key, "'%s': name %s", item,
			    NAME_RULE);
			bad = 1;
			continue;
		}
		for (i = 0; i < *n; i++)
			if (strcmp((*names)[i], item) == 0)
				break;
		if (i < *n) {
			config_report(p, sect, key, "%s is listed twice", item);
			bad = 1;
			continue;
		}
		if (*n == CONFIG_MAX_MEMBERS) {
			config_report(p, sect, key, "more than %d names",
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
int
config_value_set(struct parse *p, const struct config_key *k,
    const char *sect, void *base, const char *v)
{
	char		**str = (char **)((char *)base + k->offset);
	char		 *copy = NULL, *end;
	const char	 *why;
	uint64_t	  n;
	size_t		  i;

	switch (k->type) {
	case KT_NAME:
		if (!config_name_valid(v)) {
			config_report(p, sect, k->name, "'%s': name %s", v,
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
			config_report(p, sect, k->name, "%s", *v == '\0' ?
			    _("empty value") : _("not valid UTF-8"));
			return 1;
		}
		for (i = 0; v[i] != '\0'; i++) {
			if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
				config_report(p, sect, k->name,
				    "contains a control character");
				return 1;
			}
		}
		copy = strdup(v);
		break;
	case KT_KNR:
		if (strlen(v) != 4 || strspn(v, "0123456789") != 4) {
			config_report(p, sect, k->name, "'%s': a kommunenummer "
			    "is four digits, e.g. 3442 or 0301", v);
			return 1;
		}
		copy = strdup(v);
		break;
	case KT_LANG:
		if (!i18n_language_valid(v)) {
			config_report(p, sect, k->name, "'%s': must be nb "
			    "(bokmål), nn (nynorsk) or en (English)", v);
			return 1;
		}
		copy = strdup(v);
		break;
	case KT_PATH:
		if (*v == '\0') {
			config_report(p, sect, k->name, "empty path");
			return 1;
		}
		copy = config_path_resolve(p->dir, v);
		break;
	case KT_ENDPOINT:
		if ((why = endpoint_check(v)) != NULL) {
			config_report(p, sect, k->name, "'%s': %s", v, why);
			return 1;
		}
		copy = strdup(v);
		break;
	case KT_SIZE:
		errno = 0;
		n = strtoull(v, &end, 10);
		if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 ||
		    n < k->min || n > k->max) {
			config_report(p, sect, k->name, "'%s': must be a "
			    "number of bytes from %" PRIu64 " to %" PRIu64, v,
			    k->min, k->max);
			return 1;
		}
		*(uint64_t *)((char *)base + k->offset) = n;
		return 0;
	case KT_SEQ:
		errno = 0;
		n = strtoull(v, &end, 10);
		if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 ||
		    n > k->max) {
			config_report(p, sect, k->name, "'%s': must be a seq "
			    "from 0 to %" PRIu64, v, k->max);
			return 1;
		}
		*(uint64_t *)((char *)base + k->offset) = n;
		*(int *)((char *)base + k->count) = 1;
		return 0;
	case KT_PUBKEY: {
		uint8_t	key[KEY_PUBLIC_LEN];
		char	z85[KEY_Z85_LEN + 1];

		if (keys_from_hex(v, key) != 0) {
			config_report(p, sect, k->name, "must be %d hex "
			    "digits, as `samplan keygen` prints it",
			    KEY_HEX_LEN);
			return 1;
		}
		if (keys_curve_z85(key, z85) != 0) {
			config_report(p, sect, k->name, "not a usable Ed25519 "
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
