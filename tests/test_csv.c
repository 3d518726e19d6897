/*
 * test_csv.c - measures as CSV: the example file, delimiters, BOM, line
 * ends, quoting, error reports with line and column, and round trips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samplan.pb-c.h"

#include "testutil.h"
#include "csv.h"
#include "domain.h"

#define EXAMPLE		"example-gjovikregionen.csv"
#define EXAMPLE_SEMI	"example-gjovikregionen-semicolon.csv"

/* Reads a whole file into a NUL-ended buffer, or returns NULL. */
static char *
slurp(const char *path, size_t *len)
{
	char	*buf = NULL;
	FILE	*f;
	long	 n = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) ==
	    NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		fail_msg("cannot read %s", path);
		return NULL;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	fclose(f);
	return buf;
}

/* Reads a test data file: the copy in tests/data, else ../shared/data. */
static char *
data_read(const char *name, size_t *len)
{
	char	*path, *buf;

	if (asprintf(&path, "%s/%s", SP_TEST_DATA, name) < 0)
		fail_msg("asprintf");
	if ((buf = slurp(path, len)) == NULL) {
		free(path);
		if (asprintf(&path, "%s/data/%s", SP_SHARED_DIR, name) < 0)
			fail_msg("asprintf");
		if ((buf = slurp(path, len)) == NULL)
			fail_msg("cannot open %s", path);
	}
	free(path);
	return buf;
}

/* Collects what a reader writes to its error stream. */
struct sink {
	FILE	*f;		/* memory stream */
	char	*text;		/* its text after sink_close() */
	size_t	 len;		/* bytes in text */
};

static void
sink_open(struct sink *s)
{
	s->text = NULL;
	s->len = 0;
	if ((s->f = open_memstream(&s->text, &s->len)) == NULL)
		fail_msg("open_memstream");
}

static const char *
sink_close(struct sink *s)
{
	fclose(s->f);
	s->f = NULL;
	return s->text;
}

static size_t
count_lines(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* Reads text, expects success with no output, and returns the list. */
static void
read_ok(const char *text, size_t len, struct measure_list *l)
{
	struct sink	s;
	int		rc;

	sink_open(&s);
	rc = csv_read_measures(text, len, "t.csv", l, s.f);
	sink_close(&s);
	if (rc != 0)
		fail_msg("csv_read_measures: %s; output:\n%s",
		    sp_strerror(rc), s.text);
	assert_string_equal(s.text, "");
	free(s.text);
}

/* Reads text, expects SP_EINVAL and exactly the report want. */
static void
read_fails(const char *text, const char *want)
{
	struct measure_list	l = MEASURE_LIST_INIT;
	struct sink		s;

	sink_open(&s);
	assert_rc(csv_read_measures(text, strlen(text), "t.csv", &l, s.f),
	    SP_EINVAL);
	sink_close(&s);
	assert_string_equal(s.text, want);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	free(s.text);
}

static void
assert_lists_equal(const struct measure_list *a, const struct measure_list *b)
{
	const char *const	*f;
	size_t			 i, j, nf;

	f = domain_measure_fields(&nf);
	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < nf; j++)
			assert_string_equal(domain_measure_get(a->v[i], f[j]),
			    domain_measure_get(b->v[i], f[j]));
		assert_string_equal(a->v[i]->region, b->v[i]->region);
	}
}

/* Writes l with delim into a malloc'd buffer. */
static char *
write_str(const struct measure_list *l, char delim, size_t *len)
{
	char	*buf = NULL;
	FILE	*f;

	if ((f = open_memstream(&buf, len)) == NULL)
		fail_msg("open_memstream");
	assert_ok(csv_write_measures(f, l->v, l->n, delim));
	fclose(f);
	return buf;
}

static void
test_example(void **state)
{
	struct measure_list	 l = MEASURE_LIST_INIT;
	char			*text;
	size_t			 len, i, mf = 0, ls = 0, sg = 0;

	(void)state;
	text = data_read(EXAMPLE, &len);
	read_ok(text, len, &l);
	assert_int_equal(l.n, 33);
	for (i = 0; i < l.n; i++) {
		if (strcmp(l.v[i]->innsatsomrade, "Målrettet forebygging") == 0)
			mf++;
		else if (strcmp(l.v[i]->innsatsomrade,
		    "Likeverdige og sammenhengende tjenester") == 0)
			ls++;
		else if (strcmp(l.v[i]->innsatsomrade,
		    "Tiltak mot sårbare grupper") == 0)
			sg++;
		assert_string_equal(l.v[i]->region, "");
		assert_string_equal(l.v[i]->malgruppe, "");
	}
	assert_int_equal(mf, 10);
	assert_int_equal(ls, 12);
	assert_int_equal(sg, 11);

	/* The first and the last row, field by field. */
	assert_string_equal(l.v[0]->id, "GR-MF-01");
	assert_string_equal(l.v[0]->tittel, "Grunnopplæring for nyansatte");
	assert_string_equal(l.v[0]->beskrivelse, "Alle nyansatte i oppvekst, "
	    "helse og omsorg gjennomfører et felles introduksjonsløp om "
	    "vold i nære relasjoner, med vekt på å se tegn, spørre og vite "
	    "hvor man henvender seg.");
	assert_string_equal(l.v[0]->ansvar,
	    "Kommunalsjef oppvekst; Kommunalsjef helse og omsorg");
	assert_string_equal(l.v[0]->samarbeidspartnere,
	    "RVTS Øst; HR-avdelingen");
	assert_string_equal(l.v[0]->frist, "løpende");
	assert_string_equal(l.v[0]->indikator, "Andel nyansatte som har "
	    "fullført løpet innen seks måneder (mål: 90 %)");
	assert_string_equal(l.v[32]->id, "GR-SG-11");
	assert_string_equal(l.v[32]->frist, "2027-06-30");
	assert_string_equal(l.v[32]->samarbeidspartnere, "Fri – foreningen "
	    "for kjønns- og seksualitetsmangfold; Ungdomsklubbene");
	measure_list_clear(&l);
	assert_int_equal(l.n, 0);
	free(text);
}

static void
test_semicolon_bom_lf(void **state)
{
	struct measure_list	 a = MEASURE_LIST_INIT, b = MEASURE_LIST_INIT;
	char			*text, *semi;
	size_t			 len, slen;

	(void)state;
	text = data_read(EXAMPLE, &len);
	semi = data_read(EXAMPLE_SEMI, &slen);
	/* The fixture really is the other dialect. */
	assert_memory_equal(semi, "\xef\xbb\xbfid;innsatsomrade;", 20);
	assert_null(strchr(semi, '\r'));
	read_ok(text, len, &a);
	read_ok(semi, slen, &b);
	assert_lists_equal(&a, &b);
	measure_list_clear(&a);
	measure_list_clear(&b);
	free(text);
	free(semi);
}

static void
test_quoted(void **state)
{
	struct measure_list	 l = MEASURE_LIST_INIT;
	const char		*text =
	    "tittel;id;innsatsomrade;frist\n"
	    "\"To linjer\nog \"\"sitat\"\"; med semikolon\";A-1;MF;\n"
	    "\n"
	    "B;B-2;\"M\r\nF\";2026\r\n"
	    ";;;\n"
	    "C;C-3;MF;\"årlig\"";

	(void)state;
	read_ok(text, strlen(text), &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0]->tittel,
	    "To linjer\nog \"sitat\"; med semikolon");
	assert_string_equal(l.v[0]->id, "A-1");
	assert_string_equal(l.v[0]->frist, "");
	assert_string_equal(l.v[1]->innsatsomrade, "M\r\nF");
	assert_string_equal(l.v[1]->frist, "2026");
	assert_string_equal(l.v[2]->frist, "årlig");	/* no final EOL */
	measure_list_clear(&l);

	/* Spaces in values are kept, spaces around header names are not. */
	read_ok("id, tittel ,innsatsomrade\nX-1, T ,MF\n", 37, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0]->tittel, " T ");
	measure_list_clear(&l);
}

static void
test_bad_rows(void **state)
{
	struct measure_list	 l = MEASURE_LIST_INIT;
	struct sink		 s;
	const char		*text =
	    "id,innsatsomrade,tittel,frist\r\n"		/* line 1 */
	    "GR-1,MF,Første,2025-06-30\r\n"		/* 2 */
	    "GR-2,MF,Andre,2025-02-29\r\n"		/* 3: bad frist */
	    "GR-3,MF,\"Tredje,\r\nover to linjer\",2026\r\n"	/* 4-5 */
	    "GR-4,MF,,løpende\r\n"			/* 6: no tittel */
	    "GR-5,MF,\"Femte\r\n\r\nmed tom linje\",årlig\r\n"	/* 7-9 */
	    "GR 6,MF,Sjette,\r\n";			/* 10: bad id */

	(void)state;
	sink_open(&s);
	assert_rc(csv_read_measures(text, strlen(text), "plan.csv", &l, s.f),
	    SP_EINVAL);
	sink_close(&s);
	assert_int_equal(count_lines(s.text), 3);
	assert_string_equal(s.text,
	    "plan.csv:3:4: frist: not a frist (a date 31.12.2026 or 2026-12-31, a year 2026, "
	    "løpende or årlig)\n"
	    "plan.csv:6:3: tittel: required\n"
	    "plan.csv:10:1: id: not an id (1 to 64 bytes of A-Z a-z 0-9 Æ Ø Å æ ø å . _ -, not beginning with -)\n");
	assert_int_equal(l.n, 0);
	free(s.text);
}

/* text names id, tittel, innsatsomrade and malgruppe its own way. */
static void
header_folds(const char *text)
{
	struct measure_list	l = MEASURE_LIST_INIT;

	read_ok(text, strlen(text), &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(domain_measure_get(l.v[0], "id"), "A");
	assert_string_equal(domain_measure_get(l.v[0], "tittel"), "B");
	assert_string_equal(domain_measure_get(l.v[0], "innsatsomrade"), "C");
	assert_string_equal(domain_measure_get(l.v[0], "malgruppe"), "Ungdom");
	measure_list_clear(&l);
}

#define COLUMNS	"(the columns are id, innsatsomrade, tittel, beskrivelse, " \
	"ansvar, samarbeidspartnere, frist, indikator, malgruppe, " \
	"gjennomfores_av, malverdi, ressurser)"

static void
test_header_errors(void **state)
{
	(void)state;
	read_fails("id,tittel,innsatsomrade,farge\nA,B,C,rød\n",
	    "t.csv:1:4: farge: unknown column " COLUMNS "\n");
	read_fails("tittel,innsatsomrade\nB,C\n",
	    "t.csv:1: missing required column id\n");
	read_fails("id,innsatsomrade\nA,C\n",
	    "t.csv:1: missing required column tittel\n");
	read_fails("id;tittel;innsatsomrade;tittel\nA;B;C;D\n",
	    "t.csv:1:4: tittel: duplicate column (first is column 2)\n");
	read_fails("id,tittel,,innsatsomrade\nA,B,,C\n",
	    "t.csv:1:3: (empty): column has no name\n");
	read_fails("", "t.csv:1: no header row\n");
	/* A name as people write it: "Innsatsområde" is innsatsomrade. */
	header_folds("ID;Tittel;Innsatsområde;Målgruppe\n"
	    "A;B;C;Ungdom\n");
	header_folds("Id,TITTEL,INNSATSOMRÅDE,MÅLGRUPPE\n"
	    "A,B,C,Ungdom\n");
	read_fails("\xef\xbb\xbf\r\n\r\n", "t.csv:1: no header row\n");
	/* A BOM in the middle of a name is not skipped. */
	read_fails("id,\xef\xbb\xbftittel,innsatsomrade\nA,B,C\n",
	    "t.csv:1:2: \xef\xbb\xbftittel: unknown column " COLUMNS "\n"
	    "t.csv:1: missing required column tittel\n");
}

static void
test_row_errors(void **state)
{
	(void)state;
	/* Invalid UTF-8 (a lone lead byte; an overlong '/'). */
	read_fails("id,tittel,innsatsomrade\nA,Bl\xc3,C\nB,ok,\xc0\xaf\n",
	    "t.csv:2:2: tittel: not valid UTF-8 or contains NUL\n"
	    "t.csv:3:3: innsatsomrade: not valid UTF-8 or contains NUL\n");
	read_fails("id,tittel,innsatsomrade\nA,B\nC,D,E,F\n",
	    "t.csv:2: 2 columns, but the header has 3\n"
	    "t.csv:3: 4 columns, but the header has 3\n");
	read_fails("id,tittel,innsatsomrade\nA,B,C\nD,E,F\nA,G,H\n",
	    "t.csv:4:1: id: duplicate id A (first on line 2)\n");
	/* Also when the first row with the id is bad itself. */
	read_fails("id,tittel,frist,innsatsomrade\nA,B,snart,C\nA,G,,H\n",
	    "t.csv:2:3: frist: not a frist (a date 31.12.2026 or 2026-12-31, a year 2026, "
	    "løpende or årlig)\n"
	    "t.csv:3:1: id: duplicate id A (first on line 2)\n");
	read_fails("id,tittel,innsatsomrade\n,B,\n",
	    "t.csv:2:1: id: required\n"
	    "t.csv:2:3: innsatsomrade: required\n");
	/* Syntax errors stop the read, after the rows before them. */
	read_fails("id,tittel,innsatsomrade\nA,B,\n\"C,D,E\n",
	    "t.csv:2:3: innsatsomrade: required\n"
	    "t.csv:3: unterminated quoted field\n");
	read_fails("id,tittel,innsatsomrade\nA,\"B\"x,C\n",
	    "t.csv:2: text after a closing quote\n");
	read_fails("id,tittel,innsatsomrade\nA,12\" skjerm,C\n",
	    "t.csv:2: quote inside an unquoted field\n");
}

static void
test_nul_byte(void **state)
{
	struct measure_list	 l = MEASURE_LIST_INIT;
	struct sink		 s;
	static const char	 text[] = "id,tittel,innsatsomrade\nA,B\0x,C\n";

	(void)state;
	sink_open(&s);
	assert_rc(csv_read_measures(text, sizeof(text) - 1, "t.csv", &l, s.f),
	    SP_EINVAL);
	sink_close(&s);
	assert_string_equal(s.text,
	    "t.csv:2:2: tittel: not valid UTF-8 or contains NUL\n");
	assert_int_equal(l.n, 0);
	free(s.text);
}

static void
test_write(void **state)
{
	struct measure_list	 l = MEASURE_LIST_INIT;
	Samplan__Measure	*m;
	FILE			*f;
	char			*buf = NULL;
	size_t			 len;

	(void)state;
	m = malloc(sizeof(*m));
	assert_non_null(m);
	samplan__measure__init(m);
	assert_ok(domain_measure_set(m, "id", "GR-MF-01"));
	assert_ok(domain_measure_set(m, "innsatsomrade", "Målrettet "
	    "forebygging"));
	assert_ok(domain_measure_set(m, "tittel", "Kropp, grenser"));
	assert_ok(domain_measure_set(m, "beskrivelse", "Si \"nei\"\nhøyt"));
	assert_ok(domain_measure_set(m, "ansvar", "A; B"));
	assert_ok(domain_measure_set(m, "frist", "årlig"));
	assert_ok(measure_list_add(&l, m));

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_ok(csv_write_measures(f, l.v, l.n, ','));
	fclose(f);
	assert_string_equal(buf,
	    "id,innsatsomrade,tittel,beskrivelse,ansvar,samarbeidspartnere,"
	    "frist,indikator,malgruppe,gjennomfores_av,malverdi,ressurser\r\n"
	    "GR-MF-01,Målrettet forebygging,\"Kropp, grenser\","
	    "\"Si \"\"nei\"\"\nhøyt\",A; B,,årlig,,,,,\r\n");
	free(buf);

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_ok(csv_write_measures(f, l.v, l.n, ';'));
	assert_rc(csv_write_measures(f, l.v, l.n, '\t'), SP_EINVAL);
	fclose(f);
	assert_string_equal(buf,
	    "id;innsatsomrade;tittel;beskrivelse;ansvar;samarbeidspartnere;"
	    "frist;indikator;malgruppe;gjennomfores_av;malverdi;ressurser\r\n"
	    "GR-MF-01;Målrettet forebygging;Kropp, grenser;"
	    "\"Si \"\"nei\"\"\nhøyt\";\"A; B\";;årlig;;;;;\r\n");
	free(buf);
	measure_list_clear(&l);
}

static void
test_round_trip(void **state)
{
	struct measure_list	 a = MEASURE_LIST_INIT, b = MEASURE_LIST_INIT;
	struct measure_list	 c = MEASURE_LIST_INIT;
	char			*text, *w1, *w2, *w3;
	size_t			 len, l1, l2, l3;
	const char		 delims[] = { ',', ';' };
	size_t			 i;

	(void)state;
	text = data_read(EXAMPLE, &len);
	read_ok(text, len, &a);
	/* Make values that need quoting in either dialect. */
	assert_ok(domain_measure_set(a.v[1], "malgruppe",
	    "Gravide, partnere; \"alle\"\r\nog flere"));
	assert_ok(domain_measure_set(a.v[2], "indikator", " mellomrom "));
	for (i = 0; i < sizeof(delims); i++) {
		w1 = write_str(&a, delims[i], &l1);
		read_ok(w1, l1, &b);
		assert_lists_equal(&a, &b);
		w2 = write_str(&b, delims[i], &l2);
		assert_int_equal(l1, l2);
		assert_memory_equal(w1, w2, l1);
		read_ok(w2, l2, &c);
		w3 = write_str(&c, delims[i], &l3);
		assert_int_equal(l1, l3);
		assert_memory_equal(w1, w3, l1);
		measure_list_clear(&b);
		measure_list_clear(&c);
		free(w1);
		free(w2);
		free(w3);
	}
	/* The unmodified file comes back byte for byte plus malgruppe. */
	measure_list_clear(&a);
	read_ok(text, len, &a);
	w1 = write_str(&a, ',', &l1);
	read_ok(w1, l1, &b);
	assert_lists_equal(&a, &b);
	measure_list_clear(&a);
	measure_list_clear(&b);
	free(w1);
	free(text);
}

static void
test_file(void **state)
{
	struct measure_list	 l = MEASURE_LIST_INIT;
	char			*dir, *path, *text;
	size_t			 n;

	(void)state;
	dir = tmpdir_create("csv");
	path = path_join(dir, "m.csv");
	file_write(path, "\xef\xbb\xbfid;tittel;innsatsomrade\r\n"
	    "X-1;Første;Målrettet forebygging\r\n");
	text = slurp(path, &n);
	assert_non_null(text);
	read_ok(text, n, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0]->tittel, "Første");
	measure_list_clear(&l);
	free(text);
	tmpdir_remove(dir);
	free(path);
	free(dir);
}

/* Collects what csv_read_rows() reports, for the generic reader test. */
struct rows {
	size_t	n;		/* records seen */
	size_t	line[8];	/* start line of each */
	size_t	cells[8];	/* cells in each */
	char	first[8][32];	/* first cell of each */
};

static int
rows_cb(const struct csv_record *rec, void *arg)
{
	struct rows	*r = arg;

	if (r->n == 8)
		return SP_ETOOBIG;
	assert_int_equal(rec->index, r->n);
	r->line[r->n] = rec->line;
	r->cells[r->n] = rec->n;
	snprintf(r->first[r->n], sizeof(r->first[0]), "%s", rec->cell[0]);
	r->n++;
	return 0;
}

static void
test_read_rows(void **state)
{
	static const char *const names[] = {
		"kommune", "regional_id", "action", "overridden_fields",
		"reason",
	};
	const char	*text =
	    "\xef\xbb\xbf" "kommune,regional_id,action,overridden_fields,"
	    "reason\r\n"
	    "Gjøvik,GR-MF-06,adopt,,\r\n"
	    "\r\n"
	    "Østre Toten,GR-SG-02,decline,,\"Dekket av\r\nannet tiltak\"\r\n"
	    "Vestre Toten,,local,id=3443-L-01 | tittel=X,\r\n";
	const char	*why = NULL;
	struct rows	 r;
	size_t		 errline = 0;

	(void)state;
	assert_int_equal(csv_detect_delim(text, strlen(text), names, 5), ',');
	assert_int_equal(csv_detect_delim("a;b;action;reason", 17, names, 5),
	    ';');
	assert_int_equal(csv_detect_delim("", 0, names, 5), ',');
	memset(&r, 0, sizeof(r));
	assert_ok(csv_read_rows(text, strlen(text), ',', rows_cb, &r,
	    &errline, &why));
	assert_int_equal(r.n, 4);
	assert_int_equal(r.line[0], 1);
	assert_int_equal(r.line[1], 2);
	assert_int_equal(r.line[2], 4);
	assert_int_equal(r.line[3], 6);
	assert_string_equal(r.first[0], "kommune");	/* BOM skipped */
	assert_string_equal(r.first[2], "Østre Toten");
	assert_int_equal(r.cells[3], 5);

	/* A callback's error stops the read and comes back. */
	memset(&r, 0, sizeof(r));
	r.n = 8;
	assert_rc(csv_read_rows(text, strlen(text), ',', rows_cb, &r,
	    &errline, &why), SP_ETOOBIG);

	memset(&r, 0, sizeof(r));
	assert_rc(csv_read_rows("a,b\n\"c\nd", 8, ',', rows_cb, &r, &errline,
	    &why), SP_EINVAL);
	assert_int_equal(errline, 2);
	assert_string_equal(why, "unterminated quoted field");
	assert_int_equal(r.n, 1);
}

static void
test_shared_copy(void **state)
{
	char	*a, *b, *path;
	size_t	 la, lb;

	(void)state;
	/* When ../shared is there, the committed copy must match it. */
	if (asprintf(&path, "%s/data/%s", SP_SHARED_DIR, EXAMPLE) < 0)
		fail_msg("asprintf");
	b = slurp(path, &lb);
	free(path);
	if (b == NULL)
		skip();
	a = data_read(EXAMPLE, &la);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
}

/* Notes before the header are skipped; line numbers still count them. */
static void
test_notes(void **state)
{
	struct measure_list	 l = MEASURE_LIST_INIT;
	static const char	 text[] = "# eksempeldata: oppdiktet\n"
	    "# ikke den vedtatte planen\nid;tittel;innsatsomrade\n"
	    "A;B;C\nB;;C\n";

	(void)state;
	assert_int_equal(csv_detect_delim(text, sizeof(text) - 1,
	    (const char *const[]){ "id", "tittel" }, 2), ';');
	assert_rc(csv_read_measures(text, sizeof(text) - 1, "n.csv", &l,
	    NULL), SP_EINVAL);
	assert_ok(csv_read_measures(text, sizeof(text) - 6, "n.csv", &l,
	    NULL));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0]->tittel, "B");
	measure_list_clear(&l);
}

/* Excel's "CSV" on Norwegian Windows is Windows-1252; read it right. */
static void
test_windows_1252(void **state)
{
	static const char in[] = "id;tittel\r\nA;S\xf8ndre \xc6re \xe5 \x80\r\n";
	char	*out;
	size_t	 len;
	int	 conv;

	(void)state;

	assert_ok(csv_to_utf8(in, sizeof(in) - 1, &out, &len, &conv));
	assert_int_equal(conv, 1);
	assert_string_equal(out, "id;tittel\r\nA;Søndre Ære å €\r\n");
	assert_int_equal(len, strlen(out));
	free(out);
	/* UTF-8 stays as it is. */
	assert_ok(csv_to_utf8("a,ø\n", 5, &out, &len, &conv));
	assert_int_equal(conv, 0);
	assert_string_equal(out, "a,ø\n");
	free(out);
	/* UTF-8 with one bad byte is damaged UTF-8, left for the reader. */
	assert_ok(csv_to_utf8("a,ø,\xc3\x28\n", 8, &out, &len, &conv));
	assert_int_equal(conv, 0);
	assert_int_equal(len, 8);
	free(out);
	/* 0x81 is undefined in Windows-1252. */
	assert_rc(csv_to_utf8("a,\x81\n", 4, &out, &len, &conv), SP_EINVAL);
	assert_null(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows_1252),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_semicolon_bom_lf),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_row_errors),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_read_rows),
		cmocka_unit_test(test_shared_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
