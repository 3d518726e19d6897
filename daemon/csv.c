/*
 * csv.c - measures as CSV (RFC 4180), and a generic CSV row reader.
 *
 * Owns the CSV syntax (a small scanner over a buffer in memory) and the
 * mapping of measure fields to columns.  The rules for values are not
 * here: every cell is judged by domain.c, as a record from a peer would
 * be.  Does no file I/O of its own beyond writing to the FILE handles it
 * is given.
 *
 * Why not libcsv: daemon/ is a public include directory of libsamplan,
 * so <csv.h> resolves to this module's header, not to libcsv's, in every
 * file of the project.  The scanner below is about a hundred lines, and
 * it also gives exact line numbers, which libcsv's callbacks do not.
 *
 * Invariants: the reader never changes a byte of a value (no trimming,
 * no newline conversion), so read(write(x)) == x; the scanner never
 * reads past text + len.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "samplan.pb-c.h"

#include "csv.h"
#include "domain.h"
#include "errors.h"
#include "i18n.h"
#include "utf8.h"

#define UTF8_BOM	"\xef\xbb\xbf"
#define NFIELD_MAX	16	/* more than domain_measure_fields() has */

/* The cells of the record being scanned, packed into one buffer. */
struct rowbuf {
	char		*buf;		/* cell bytes, each cell NUL-ended */
	size_t		 blen;		/* bytes used in buf */
	size_t		 bcap;		/* bytes allocated in buf */
	size_t		*off;		/* offset of each cell in buf */
	size_t		*len;		/* length of each cell */
	const char	**ptr;		/* buf + off[i], built per record */
	size_t		 n;		/* cells in the record */
	size_t		 cap;		/* entries allocated in off/len/ptr */
};

struct scan {
	const char	*p;		/* next byte */
	const char	*end;		/* one past the last byte */
	size_t		 line;		/* line of *p, from 1 */
	char		 delim;		/* ',' or ';' */
};

static int
rowbuf_putc(struct rowbuf *rb, char c)
{
	char	*nb;
	size_t	 ncap;

	if (rb->blen == rb->bcap) {
		ncap = rb->bcap == 0 ? 256 : rb->bcap * 2;
		if ((nb = realloc(rb->buf, ncap)) == NULL)
			return SP_ENOMEM;
		rb->buf = nb;
		rb->bcap = ncap;
	}
	rb->buf[rb->blen++] = c;
	return 0;
}

/* Starts a new cell at the end of the buffer. */
static int
rowbuf_begin(struct rowbuf *rb)
{
	size_t		 ncap;
	void		*a, *b, *c;

	if (rb->n == rb->cap) {
		ncap = rb->cap == 0 ? 16 : rb->cap * 2;
		a = realloc(rb->off, ncap * sizeof(*rb->off));
		if (a != NULL)
			rb->off = a;
		b = realloc(rb->len, ncap * sizeof(*rb->len));
		if (b != NULL)
			rb->len = b;
		c = realloc(rb->ptr, ncap * sizeof(*rb->ptr));
		if (c != NULL)
			rb->ptr = c;
		if (a == NULL || b == NULL || c == NULL)
			return SP_ENOMEM;
		rb->cap = ncap;
	}
	rb->off[rb->n] = rb->blen;
	return 0;
}

static int
rowbuf_end(struct rowbuf *rb)
{
	rb->len[rb->n] = rb->blen - rb->off[rb->n];
	rb->n++;
	return rowbuf_putc(rb, '\0');
}

static void
rowbuf_free(struct rowbuf *rb)
{
	free(rb->buf);
	free(rb->off);
	free(rb->len);
	free(rb->ptr);
	memset(rb, 0, sizeof(*rb));
}

/* Consumes a line end (CRLF, LF or a lone CR) at sc->p, if any. */
static int
scan_eol(struct scan *sc)
{
	if (sc->p < sc->end && *sc->p == '\r') {
		sc->p++;
		if (sc->p < sc->end && *sc->p == '\n')
			sc->p++;
	} else if (sc->p < sc->end && *sc->p == '\n')
		sc->p++;
	else
		return 0;
	sc->line++;
	return 1;
}

/*
 * Scans one record into rb.  Returns 1 with *start set to its first
 * line, 0 at the end of the text, SP_ENOMEM, or SP_EINVAL with *errline
 * and *why set.
 */
static int
scan_record(struct scan *sc, struct rowbuf *rb, size_t *start,
    size_t *errline, const char **why)
{
	size_t	qline;
	char	c;
	int	rc;

	while (scan_eol(sc))
		;
	if (sc->p == sc->end)
		return 0;
	*start = sc->line;
	rb->n = rb->blen = 0;
	for (;;) {
		if ((rc = rowbuf_begin(rb)) != 0)
			return rc;
		if (sc->p < sc->end && *sc->p == '"') {
			qline = sc->line;
			sc->p++;
			for (;;) {
				if (sc->p == sc->end) {
					*errline = qline;
					*why = "unterminated quoted field";
					return SP_EINVAL;
				}
				c = *sc->p++;
				if (c == '"') {
					if (sc->p == sc->end || *sc->p != '"')
						break;
					sc->p++;
				} else if (c == '\n' || (c == '\r' &&
				    (sc->p == sc->end || *sc->p != '\n')))
					sc->line++;
				if ((rc = rowbuf_putc(rb, c)) != 0)
					return rc;
			}
			if (sc->p < sc->end && *sc->p != sc->delim &&
			    *sc->p != '\r' && *sc->p != '\n') {
				*errline = sc->line;
				*why = "text after a closing quote";
				return SP_EINVAL;
			}
		} else {
			while (sc->p < sc->end && *sc->p != sc->delim &&
			    *sc->p != '\r' && *sc->p != '\n') {
				if (*sc->p == '"') {
					*errline = sc->line;
					*why = "quote inside an unquoted field";
					return SP_EINVAL;
				}
				if ((rc = rowbuf_putc(rb, *sc->p++)) != 0)
					return rc;
			}
		}
		if ((rc = rowbuf_end(rb)) != 0)
			return rc;
		if (sc->p < sc->end && *sc->p == sc->delim) {
			sc->p++;
			continue;
		}
		scan_eol(sc);
		return 1;
	}
}

/*
 * Bytes before the header: a BOM, then whole lines that begin with '#'
 * (a note on the file, such as "# eksempeldata: oppdiktet"); *lines
 * gets how many such lines there were, when lines is not NULL.
 */
static size_t
bom_len_lines(const char *text, size_t len, size_t *lines)
{
	size_t	skip = len >= 3 && memcmp(text, UTF8_BOM, 3) == 0 ? 3 : 0;
	size_t	n = 0;

	while (skip < len && text[skip] == '#') {
		while (skip < len && text[skip] != '\n')
			skip++;
		if (skip < len)
			skip++;
		n++;
	}
	if (lines != NULL)
		*lines = n;
	return skip;
}

static size_t
bom_len(const char *text, size_t len)
{
	return bom_len_lines(text, len, NULL);
}

int
csv_read_rows(const char *text, size_t len, char delim, csv_record_fn fn,
    void *arg, size_t *errline, const char **errmsg)
{
	struct rowbuf		rb;
	struct scan		sc;
	struct csv_record	rec;
	size_t			i, notes, skip = bom_len_lines(text, len, &notes);
	int			rc;

	memset(&rb, 0, sizeof(rb));
	sc.p = text + skip;
	sc.end = text + len;
	sc.line = 1 + notes;
	sc.delim = delim;
	memset(&rec, 0, sizeof(rec));
	while ((rc = scan_record(&sc, &rb, &rec.line, errline, errmsg)) == 1) {
		for (i = 0; i < rb.n; i++)
			rb.ptr[i] = rb.buf + rb.off[i];
		rec.n = rb.n;
		rec.cell = rb.ptr;
		rec.len = rb.len;
		if ((rc = fn(&rec, arg)) != 0)
			break;
		rec.index++;
	}
	rowbuf_free(&rb);
	return rc;
}

/* Returns how many of the d-separated names on line are in names[]. */
static size_t
count_known(const char *line, size_t len, char d,
    const char *const *names, size_t n)
{
	const char	*s = line, *e, *stop = line + len;
	size_t		 known = 0, i, k;

	while (s <= stop) {
		for (e = s; e < stop && *e != d; e++)
			;
		/* Trim spaces and one pair of quotes around the name. */
		while (s < e && (*s == ' ' || *s == '\t' || *s == '"'))
			s++;
		k = (size_t)(e - s);
		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t' ||
		    s[k - 1] == '"'))
			k--;
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == k &&
			    memcmp(names[i], s, k) == 0)
				known++;
		s = e + 1;
	}
	return known;
}

char
csv_detect_delim(const char *text, size_t len, const char *const *names,
    size_t n)
{
	const char	*line;
	size_t		 skip = bom_len(text, len), ll, ks, kc, i;
	size_t		 semis = 0, commas = 0;

	line = text + skip;
	for (ll = 0; skip + ll < len && line[ll] != '\n' && line[ll] != '\r';
	    ll++)
		;
	ks = count_known(line, ll, ';', names, n);
	kc = count_known(line, ll, ',', names, n);
	if (ks != kc)
		return ks > kc ? ';' : ',';
	/* No name told (written another way, "Tittel"): the commoner. */
	for (i = 0; i < ll; i++) {
		semis += line[i] == ';';
		commas += line[i] == ',';
	}
	return semis > commas ? ';' : ',';
}

void
measure_list_init(struct measure_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

int
measure_list_add(struct measure_list *l, Samplan__Measure *m)
{
	Samplan__Measure	**nv;
	size_t			  ncap;

	if (l->n == l->cap) {
		ncap = l->cap == 0 ? 32 : l->cap * 2;
		if ((nv = realloc(l->v, ncap * sizeof(*nv))) == NULL)
			return SP_ENOMEM;
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = m;
	return 0;
}

void
measure_list_clear(struct measure_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		protobuf_c_message_free_unpacked(&l->v[i]->base, NULL);
	free(l->v);
	measure_list_init(l);
}

/* State of one csv_read_measures() call. */
struct mread {
	const char		*name;		/* file name for messages */
	FILE			*err;		/* where problems go, or NULL */
	size_t			 errors;	/* problems reported so far */
	size_t			 ncol;		/* columns in the header */
	const char		*col[NFIELD_MAX]; /* field name of column i */
	size_t			 idcol;		/* index of the id column */
	struct measure_list	 got;		/* measures of good rows */
	char			**ids;		/* every well-formed id seen */
	size_t			*idline;	/* line of ids[i] */
	size_t			 nids;		/* entries in ids, idline */
	int			 partial;	/* tittel and innsatsomrade
						   columns may be missing */
	int			 complete;	/* all three required columns
						   are present */
	unsigned		 columns;	/* bit i: field i is a column */
};

static void
report(struct mread *r, size_t line, size_t col, const char *field,
    const char *reason)
{
	r->errors++;
	if (r->err == NULL)
		return;
	if (field != NULL)
		fprintf(r->err, "%s:%zu:%zu: %s: %s\n", r->name, line,
		    col + 1, field, reason);
	else
		fprintf(r->err, "%s:%zu: %s\n", r->name, line, reason);
}

/* Copies a cell for a message: printable when valid UTF-8, short. */
static void
cell_show(char *dst, size_t size, const char *s, size_t len)
{
	size_t	n;

	if (!utf8_valid(s, len)) {
		snprintf(dst, size, "(not UTF-8)");
		return;
	}
	n = utf8_prefix(s, 40);
	snprintf(dst, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
}

/* The index of field f in domain_measure_fields(). */
static unsigned
field_bit(const char *f)
{
	const char *const	*fields;
	size_t			 n, i;

	fields = domain_measure_fields(&n);
	for (i = 0; i < n; i++)
		if (strcmp(fields[i], f) == 0)
			return (unsigned)i;
	return 0;
}

/* "unknown column (the columns are id, innsatsomrade, ...)", into buf. */
static const char *
unknown_column(char *buf, size_t size)
{
	const char *const	*fields;
	size_t			 n, i, len;

	fields = domain_measure_fields(&n);
	len = (size_t)snprintf(buf, size, "unknown column (the columns are");
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s %s",
		    i == 0 ? "" : ",", fields[i]);
	if (len < size)
		snprintf(buf + len, size - len, ")");
	return buf;
}

static int
mread_header(struct mread *r, const struct csv_record *rec)
{
	const char	*f, *s, *need[] = { "id", "innsatsomrade", "tittel" };
	char		 shown[256], msg[320];
	size_t		 i, j, k;
	int		 bad = 0;

	if (rec->n > NFIELD_MAX) {
		snprintf(msg, sizeof(msg), "header has %zu columns, at most "
		    "%d allowed", rec->n, NFIELD_MAX);
		report(r, rec->line, 0, NULL, msg);
		return SP_EINVAL;
	}
	r->ncol = rec->n;
	for (i = 0; i < rec->n; i++) {
		r->col[i] = NULL;
		/* Names may carry spaces around them ("id; tittel"). */
		s = rec->cell[i];
		k = rec->len[i];
		while (k > 0 && (*s == ' ' || *s == '\t'))
			s++, k--;
		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		f = NULL;
		if (k < sizeof(shown)) {
			memcpy(shown, s, k);
			shown[k] = '\0';
			if (strlen(shown) == k)
				f = domain_measure_field_name(shown);
		}
		if (k == 0) {
			report(r, rec->line, i, "(empty)",
			    "column has no name");
			bad = 1;
		} else if (f == NULL) {
			cell_show(shown, sizeof(shown), rec->cell[i],
			    rec->len[i]);
			report(r, rec->line, i, shown, unknown_column(msg,
			    sizeof(msg)));
			bad = 1;
		} else {
			for (j = 0; j < i; j++)
				if (r->col[j] == f)
					break;
			if (j < i) {
				snprintf(msg, sizeof(msg), "duplicate column "
				    "(first is column %zu)", j + 1);
				report(r, rec->line, i, f, msg);
				bad = 1;
			}
			r->col[i] = f;
			r->columns |= 1U << field_bit(f);
		}
	}
	r->complete = 1;
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		for (j = 0; j < rec->n; j++)
			if (r->col[j] != NULL &&
			    strcmp(r->col[j], need[i]) == 0)
				break;
		if (j == rec->n)
			r->complete = 0;
		if (j == rec->n && r->partial && i > 0)
			continue;
		if (j == rec->n) {
			snprintf(msg, sizeof(msg), "missing required column %s",
			    need[i]);
			report(r, rec->line, 0, NULL, msg);
			bad = 1;
		} else if (i == 0)
			r->idcol = j;
	}
	return bad ? SP_EINVAL : 0;
}

/* Builds a measure from a row whose cells all passed the checks. */
static int
mread_build(struct mread *r, const struct csv_record *rec)
{
	Samplan__Measure	*m;
	const char		*field, *reason;
	char			 msg[160];
	size_t			 i;
	int			 rc;

	if ((m = malloc(sizeof(*m))) == NULL)
		return SP_ENOMEM;
	samplan__measure__init(m);
	for (i = 0; i < rec->n; i++)
		if ((rc = domain_measure_set(m, r->col[i], rec->cell[i])) != 0)
			goto fail;
	/* A partial row is judged whole by the caller, after merging. */
	if (r->complete && domain_check_measure(m, &field, &reason) != 0) {
		/* Cells were checked one by one; this is the last word. */
		for (i = 0; i < r->ncol; i++)
			if (strcmp(r->col[i], field) == 0)
				break;
		if (i < r->ncol)
			report(r, rec->line, i, field, reason);
		else {
			snprintf(msg, sizeof(msg), "%s: %s", field, reason);
			report(r, rec->line, 0, NULL, msg);
		}
		protobuf_c_message_free_unpacked(&m->base, NULL);
		return 0;
	}
	if ((rc = measure_list_add(&r->got, m)) != 0)
		goto fail;
	return 0;
fail:
	protobuf_c_message_free_unpacked(&m->base, NULL);
	return rc;
}

/*
 * Reports id when an earlier row had it, else remembers it.  Returns 0
 * or SP_ENOMEM.
 */
static int
mread_id(struct mread *r, const struct csv_record *rec, const char *id)
{
	char	 msg[200], want[DOMAIN_ID_MAX + 1], have[DOMAIN_ID_MAX + 1];
	char	 **ni, *copy;
	size_t	 i, *nl;
	int	 folded;

	folded = domain_id_fold(id, want) == 0;
	for (i = 0; i < r->nids; i++) {
		if (strcmp(r->ids[i], id) == 0) {
			snprintf(msg, sizeof(msg), "duplicate id %s (first on "
			    "line %zu)", id, r->idline[i]);
			report(r, rec->line, r->idcol, "id", msg);
			return 0;
		}
		/* GR-MF-02 and gr-mf-02 would be one measure to a lookup. */
		if (folded && domain_id_fold(r->ids[i], have) == 0 &&
		    strcmp(have, want) == 0) {
			snprintf(msg, sizeof(msg), _("duplicate id %s: it "
			    "differs only in case from %s on line %zu"), id,
			    r->ids[i], r->idline[i]);
			report(r, rec->line, r->idcol, "id", msg);
			return 0;
		}
	}
	if ((ni = realloc(r->ids, (r->nids + 1) * sizeof(*ni))) == NULL)
		return SP_ENOMEM;
	r->ids = ni;
	if ((nl = realloc(r->idline, (r->nids + 1) * sizeof(*nl))) == NULL)
		return SP_ENOMEM;
	r->idline = nl;
	if ((copy = strdup(id)) == NULL)
		return SP_ENOMEM;
	ni[r->nids] = copy;
	nl[r->nids++] = rec->line;
	return 0;
}

static int
mread_row(const struct csv_record *rec, void *arg)
{
	struct mread	*r = arg;
	const char	*reason, *id;
	char		 msg[160], *value = NULL;
	size_t		 i, before = r->errors;
	int		 rc;

	if (rec->index == 0)
		return mread_header(r, rec);
	for (i = 0; i < rec->n && rec->len[i] == 0; i++)
		;
	if (i == rec->n)
		return 0;	/* a blank row, as spreadsheets write them */
	if (rec->n != r->ncol) {
		snprintf(msg, sizeof(msg), "%zu columns, but the header has "
		    "%zu", rec->n, r->ncol);
		report(r, rec->line, 0, NULL, msg);
		return 0;
	}
	for (i = 0; i < rec->n; i++) {
		free(value);
		value = NULL;
		if (!utf8_valid(rec->cell[i], rec->len[i]))
			report(r, rec->line, i, r->col[i],
			    "not valid UTF-8 or contains NUL");
		else if ((rc = domain_measure_input(r->col[i], rec->cell[i],
		    &value, &reason)) == SP_ENOMEM)
			return rc;
		else if (rc != 0)
			report(r, rec->line, i, r->col[i], reason);
		else if (rec->len[i] == 0 && (strcmp(r->col[i], "id") == 0 ||
		    strcmp(r->col[i], "tittel") == 0 ||
		    strcmp(r->col[i], "innsatsomrade") == 0))
			report(r, rec->line, i, r->col[i], "required");
	}
	free(value);
	/* Ids are compared across all rows, good or bad. */
	id = rec->cell[r->idcol];
	if (domain_id_valid(id) && (rc = mread_id(r, rec, id)) != 0)
		return rc;
	if (r->errors != before)
		return 0;
	return mread_build(r, rec);
}

int
csv_read_measures(const char *text, size_t len, const char *name,
    struct measure_list *out, FILE *err)
{
	return csv_read_measure_columns(text, len, name, out, err, NULL);
}

int
csv_read_measure_columns(const char *text, size_t len, const char *name,
    struct measure_list *out, FILE *err, unsigned *columns)
{
	struct mread	 r;
	const char	*const *fields, *why = NULL;
	size_t		 nfields, errline = 0, i;
	char		 delim;
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.name = name;
	r.err = err;
	r.partial = columns != NULL;
	measure_list_init(&r.got);
	fields = domain_measure_fields(&nfields);
	delim = csv_detect_delim(text, len, fields, nfields);
	rc = csv_read_rows(text, len, delim, mread_row, &r, &errline, &why);
	if (rc == SP_EINVAL && why != NULL)
		report(&r, errline, 0, NULL, why);
	else if (rc == 0 && r.ncol == 0 && r.errors == 0)
		report(&r, 1, 0, NULL, "no header row");
	if (rc == 0 && r.errors > 0)
		rc = SP_EINVAL;
	if (rc == 0) {
		for (i = 0; i < r.got.n; i++)
			if ((rc = measure_list_add(out, r.got.v[i])) != 0)
				break;
		if (rc != 0) {
			/* Give back what was appended; got still owns all. */
			out->n -= i;
		} else
			r.got.n = 0;	/* out owns them now */
	}
	if (rc == 0 && columns != NULL)
		*columns = r.columns;
	measure_list_clear(&r.got);
	for (i = 0; i < r.nids; i++)
		free(r.ids[i]);
	free(r.ids);
	free(r.idline);
	return rc;
}

/*
 * Returns 1 when text holds a well-formed multi-byte UTF-8 sequence: then
 * it was written as UTF-8, and a bad byte elsewhere is damage to report,
 * not a sign of Windows-1252 (where "Ã¥" for å would be a coincidence).
 */
static int
has_utf8_sequence(const char *text, size_t len)
{
	size_t	i, n;

	for (i = 0; i < len; i++) {
		if ((unsigned char)text[i] < 0x80)
			continue;
		if (utf8_decode(text + i, len - i, &n) >= 0x80 && n > 1)
			return 1;
	}
	return 0;
}

int
csv_to_utf8(const char *text, size_t len, char **out, size_t *outlen,
    int *converted)
{
	iconv_t	 cd;
	char	*buf, *in, *o;
	size_t	 cap, inleft, oleft;
	int	 rc = 0;

	*out = NULL;
	*outlen = 0;
	*converted = 0;
	if (utf8_valid(text, len) || has_utf8_sequence(text, len)) {
		if ((buf = malloc(len + 1)) == NULL)
			return SP_ENOMEM;
		memcpy(buf, text, len);
		buf[len] = '\0';
		*out = buf;
		*outlen = len;
		return 0;
	}
	/* A Windows-1252 byte becomes at most three UTF-8 bytes (€). */
	cap = len * 3 + 1;
	if ((buf = malloc(cap)) == NULL)
		return SP_ENOMEM;
	if ((cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1) {
		free(buf);
		return SP_EINVAL;
	}
	in = (char *)(uintptr_t)text;
	inleft = len;
	o = buf;
	oleft = cap - 1;
	if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1)
		rc = errno == ENOMEM ? SP_ENOMEM : SP_EINVAL;
	iconv_close(cd);
	if (rc != 0 || !utf8_valid(buf, (size_t)(o - buf))) {
		free(buf);
		return rc != 0 ? rc : SP_EINVAL;
	}
	*o = '\0';
	*out = buf;
	*outlen = (size_t)(o - buf);
	*converted = 1;
	return 0;
}

void
csv_write_value(FILE *out, const char *v, char delim)
{
	const char	*s;

	if (strpbrk(v, "\"\r\n") == NULL && strchr(v, delim) == NULL) {
		fputs(v, out);
		return;
	}
	putc('"', out);
	for (s = v; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

int
csv_write_measures(FILE *out, Samplan__Measure *const *m, size_t n,
    char delim)
{
	const char *const	*fields;
	size_t			 nfields, i, j;

	if (delim != ',' && delim != ';')
		return SP_EINVAL;
	fields = domain_measure_fields(&nfields);
	for (j = 0; j < nfields; j++) {
		if (j > 0)
			putc(delim, out);
		fputs(fields[j], out);
	}
	fputs("\r\n", out);
	for (i = 0; i < n; i++) {
		for (j = 0; j < nfields; j++) {
			if (j > 0)
				putc(delim, out);
			csv_write_value(out, domain_measure_get(m[i], fields[j]),
			    delim);
		}
		fputs("\r\n", out);
	}
	return ferror(out) ? SP_EIO : 0;
}
