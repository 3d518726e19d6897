/*
 * make_corpus.c - writes the seed corpora of the fuzz targets.
 *
 * usage: make_corpus SRCDIR OUTDIR
 *
 * Writes OUTDIR/<target>/<name> for every target: valid messages of
 * every kind, built with the library's own encoders and a fixed key so
 * that the output is the same on every run (Ed25519 is deterministic),
 * plus the hostile inputs of RELIABILITY.md fact 6 (an over-long tag of
 * field 0, an unknown field, an embedded NUL, bad UTF-8, 10 000 levels
 * of nesting, repeated empty sub-messages).  The config and CSV seeds
 * are the files in SRCDIR/tests.  The committed corpus under
 * tests/fuzz/corpus/ is this program's output; regenerate it with
 * `scripts/fuzz --corpus` after a schema change.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "keys.h"
#include "record.h"
#include "wire.h"

#define NEST_LEVELS	10000	/* levels of the deep-nesting input */
#define EMPTY_REPEATS	20000	/* empty sub-messages in one input */
#define NKINDS		4	/* record bodies: plan .. report */

static const char	*outdir;	/* OUTDIR from the command line */
static const char	*srcdir;	/* SRCDIR from the command line */

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list	ap;

	fputs("make_corpus: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Writes buf to OUTDIR/target/name, making the directory. */
static void
put(const char *target, const char *name, const void *buf, size_t len)
{
	char	path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", outdir, target);
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		die("%s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/%s/%s", outdir, target, name);
	if ((fp = fopen(path, "wb")) == NULL)
		die("%s: %s", path, strerror(errno));
	if (fwrite(buf, 1, len, fp) != len || fclose(fp) != 0)
		die("%s: write failed", path);
}

/* Packs m and writes it; frees nothing of m. */
static void
put_msg(const char *target, const char *name, const ProtobufCMessage *m)
{
	uint8_t	*buf;
	size_t	 len;

	if (wire_pack(m, &buf, &len) != 0)
		die("out of memory");
	put(target, name, buf, len);
	free(buf);
}

/* Reads SRCDIR/rel whole; the caller frees. */
static char *
slurp(const char *rel, size_t *len)
{
	char	 path[4096], *buf;
	FILE	*fp;
	long	 n;

	snprintf(path, sizeof(path), "%s/%s", srcdir, rel);
	if ((fp = fopen(path, "rb")) == NULL)
		die("%s: %s", path, strerror(errno));
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, fp) != (size_t)n)
		die("%s: read failed", path);
	fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* Copies buf with the first `from` replaced by `to` (same length). */
static uint8_t *
patched(const uint8_t *buf, size_t len, const char *from, const char *to)
{
	uint8_t	*copy, *at;

	if ((copy = malloc(len)) == NULL)
		die("out of memory");
	memcpy(copy, buf, len);
	if ((at = memmem(copy, len, from, strlen(from))) == NULL)
		die("patch: '%s' not found", from);
	memcpy(at, to, strlen(from));
	return copy;
}

/* ---- keys ---- */

/* The fixed identity of the corpus, and its key file as text. */
static void
make_identity(struct identity *id, char text[200])
{
	uint8_t	seed[KEY_SEED_LEN], pk[KEY_PUBLIC_LEN], sk[KEY_SECRET_LEN];
	char	pub[KEY_HEX_LEN + 1], sec[KEY_HEX_LEN + 1], path[4096];
	size_t	i;

	for (i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(0x5a ^ i);
	crypto_sign_seed_keypair(pk, sk, seed);
	keys_to_hex(pk, pub);
	keys_to_hex(seed, sec);
	snprintf(text, 200, "public %s\nsecret %s\n", pub, sec);
	put("keyfile", "valid", text, strlen(text));
	snprintf(path, sizeof(path), "%s/keyfile/valid", outdir);
	if (keys_load(path, id) != 0)
		die("keys_load of our own key file failed");
}

static void
make_keyfiles(const char *text)
{
	char	buf[200];
	size_t	i, len = strlen(text);

	put("keyfile", "no-final-newline", text, len - 1);
	memcpy(buf, text, len);
	for (i = 0; i < len; i++)
		if (buf[i] >= 'a' && buf[i] <= 'f' &&
		    ((i >= 7 && i < 71) || (i >= 79 && i < 143)))
			buf[i] = (char)(buf[i] - 'a' + 'A');
	put("keyfile", "upper-case-hex", buf, len);
	memcpy(buf, text, len);
	buf[len - 2] = buf[len - 2] == '0' ? '1' : '0';
	put("keyfile", "halves-differ", buf, len);
	put("keyfile", "truncated", text, len / 2);
	put("keyfile", "public-hex-only", text + 7, KEY_HEX_LEN);
	memcpy(buf, text, len);
	buf[7 + KEY_HEX_LEN] = '\r';
	put("keyfile", "cr-line-end", buf, len);
}

/* ---- records ---- */

static Samplan__Vedtak vedtak = SAMPLAN__VEDTAK__INIT;
static char *areas[] = {
	"Målrettet forebygging", "Avdekking og oppfølging",
	"Kompetanse og samarbeid på tvers",
};
static Samplan__Override ov[2] = {
	SAMPLAN__OVERRIDE__INIT, SAMPLAN__OVERRIDE__INIT,
};
static Samplan__Override *ovp[2] = { &ov[0], &ov[1] };

/* Fills the bodies; rec[k] gets body kind k. */
static void
make_bodies(Samplan__Record rec[NKINDS], Samplan__PlanInfo *plan,
    Samplan__Measure *m, Samplan__Adaptation *a, Samplan__StatusReport *r)
{
	int	k;

	vedtak.organ = "Kommunestyret i Gjøvik";
	vedtak.dato = "2024-03-21";
	vedtak.saksnr = "26/19";
	plan->region = "gjovikregionen";
	plan->tittel = "Handlingsplan mot vold i nære relasjoner – "
	    "Gjøvikregionen";
	plan->periode = "2024–2027";
	plan->state = "i_kraft";
	plan->vedtak = &vedtak;
	plan->n_innsatsomrader = 3;
	plan->innsatsomrader = areas;
	plan->regional_version = 3;
	plan->i_kraft = "2024-04-01";

	m->region = "gjovikregionen";
	m->id = "GR-MF-01";
	m->innsatsomrade = "Målrettet forebygging";
	m->tittel = "Grunnopplæring for nyansatte";
	m->beskrivelse = "Alle nyansatte i oppvekst, helse og omsorg "
	    "gjennomfører et felles introduksjonsløp om vold i nære "
	    "relasjoner: se tegn, spørre, vite hvor man henvender seg.";
	m->ansvar = "Kommunalsjef oppvekst; Kommunalsjef helse og omsorg";
	m->samarbeidspartnere = "RVTS Øst; HR-avdelingen";
	m->frist = "løpende";
	m->indikator = "Andel nyansatte som har fullført løpet (mål: 90 %)";
	m->malgruppe = "Ansatte i kommunen";

	ov[0].field = "frist";
	ov[0].value = "2026-12-31";
	ov[1].field = "ansvar";
	ov[1].value = "Enhetsleder barnevern, Østre Toten";
	a->region = "gjovikregionen";
	a->measure = "GR-MF-01";
	a->based_on = 2;
	a->decision = SAMPLAN__DECISION__ADAPT;
	a->n_overrides = 2;
	a->overrides = ovp;
	a->reason = "Tilpasset lokale forhold på Østre Toten";

	r->region = "gjovikregionen";
	r->measure = "GR-MF-01";
	r->period = "2025H1";
	r->status = "igangsatt";
	r->note = "Første kull er gjennomført; neste starter til høsten.";

	for (k = 0; k < NKINDS; k++) {
		samplan__record__init(&rec[k]);
		rec[k].actor = "kari (--av Kari Nordmann)";
	}
	rec[0].body_case = SAMPLAN__RECORD__BODY_PLAN;
	rec[0].plan = plan;
	rec[1].body_case = SAMPLAN__RECORD__BODY_MEASURE;
	rec[1].measure = m;
	rec[2].body_case = SAMPLAN__RECORD__BODY_ADAPTATION;
	rec[2].adaptation = a;
	rec[3].body_case = SAMPLAN__RECORD__BODY_REPORT;
	rec[3].report = r;
}

/* Builds the hostile variants of one valid message for target. */
static void
make_hostile(const char *target, const uint8_t *valid, size_t len)
{
	static const uint8_t	overlong[] = { 0x80, 0x00, 0x38 };
	uint8_t			*buf, *p;
	size_t			 n, i, inner;

	put(target, "hostile-overlong-tag-field-0", overlong,
	    sizeof(overlong));
	/* Field 15, a varint: unknown to every message we decode. */
	if ((buf = malloc(len + 2)) == NULL)
		die("out of memory");
	memcpy(buf, valid, len);
	buf[len] = 0x78;
	buf[len + 1] = 0x01;
	put(target, "hostile-unknown-field", buf, len + 2);
	free(buf);

	/*
	 * NEST_LEVELS of field 1, length-delimited, each holding the next:
	 * built from the inside out, at the end of the buffer.
	 */
	n = (size_t)NEST_LEVELS * 4;
	if ((buf = malloc(n)) == NULL)
		die("out of memory");
	p = buf + n;
	for (i = 0; i < NEST_LEVELS; i++) {
		inner = (size_t)(buf + n - p);
		if (inner >= 0x4000) {
			*--p = (uint8_t)(inner >> 14);
			*--p = (uint8_t)(((inner >> 7) & 0x7f) | 0x80);
			*--p = (uint8_t)((inner & 0x7f) | 0x80);
		} else if (inner >= 0x80) {
			*--p = (uint8_t)(inner >> 7);
			*--p = (uint8_t)((inner & 0x7f) | 0x80);
		} else
			*--p = (uint8_t)inner;
		*--p = 0x0a;
	}
	put(target, "hostile-nesting-10000", p, (size_t)(buf + n - p));
	free(buf);
}

/* EMPTY_REPEATS copies of (tag, 0) inside one field-`outer` wrapper. */
static void
put_empty_repeats(const char *target, const char *name, uint8_t outer,
    uint8_t tag)
{
	size_t	 inner = 2 * (size_t)EMPTY_REPEATS, i;
	uint8_t	*buf;

	if ((buf = malloc(inner + 4)) == NULL)
		die("out of memory");
	buf[0] = outer;
	buf[1] = (uint8_t)((inner & 0x7f) | 0x80);
	buf[2] = (uint8_t)(((inner >> 7) & 0x7f) | 0x80);
	buf[3] = (uint8_t)(inner >> 14);
	for (i = 0; i < EMPTY_REPEATS; i++) {
		buf[4 + 2 * i] = tag;
		buf[5 + 2 * i] = 0;
	}
	put(target, name, buf, inner + 4);
	free(buf);
}

/* An envelope holding rec bytes under the signature sig. */
static void
put_envelope(const char *target, const char *name, const uint8_t *rec,
    size_t reclen, const uint8_t *sig, size_t siglen)
{
	Samplan__Envelope	env = SAMPLAN__ENVELOPE__INIT;

	env.record.data = (uint8_t *)(uintptr_t)rec;
	env.record.len = reclen;
	env.signature.data = (uint8_t *)(uintptr_t)sig;
	env.signature.len = siglen;
	put_msg(target, name, &env.base);
}

/*
 * Format-2 records this version must keep and relay: a redaction of the
 * report (seq 5), the report without its texts, and records of a newer
 * kind and with a newer field (signed by hand: record_build can not
 * write what this version does not know).
 */
static void
make_newer(const struct identity *id, const Samplan__Envelope *report,
    const uint8_t report_hash[RECORD_HASH_LEN], const uint8_t *prev)
{
	Samplan__Record		 rec = SAMPLAN__RECORD__INIT;
	Samplan__Redaction	 red = SAMPLAN__REDACTION__INIT;
	Samplan__Envelope	 stripped = SAMPLAN__ENVELOPE__INIT;
	static const uint8_t	 newer[] = { 0x8a, 0x01, 0x02, 'h', 'i' };
	uint8_t			 hash[RECORD_HASH_LEN], sig[RECORD_SIG_LEN];
	uint8_t			*bytes, *ext;
	size_t			 len;

	red.feed.data = (uint8_t *)(uintptr_t)id->public_key;
	red.feed.len = KEY_PUBLIC_LEN;
	red.seq = NKINDS;
	red.hash.data = (uint8_t *)(uintptr_t)report_hash;
	red.hash.len = RECORD_HASH_LEN;
	red.reason = "Navn på en person i merknaden";
	rec.body_case = SAMPLAN__RECORD__BODY_REDACTION;
	rec.redaction = &red;
	if (record_build(id, &rec, NKINDS + 1, prev, 1735689600000LL +
	    NKINDS * 60000, &bytes, &len, hash) != 0)
		die("record_build failed");
	put("envelope", "valid-5-redaction", bytes, len);
	free(bytes);
	stripped.record = report->record;
	stripped.signature = report->signature;
	put_msg("envelope", "valid-4-report-redacted", &stripped.base);

	/* Field 17 of Record (a newer body kind), then field 9 (a newer field). */
	samplan__record__init(&rec);
	rec.author.data = (uint8_t *)(uintptr_t)id->public_key;
	rec.author.len = KEY_PUBLIC_LEN;
	rec.seq = NKINDS + 2;
	rec.prev.data = hash;
	rec.prev.len = RECORD_HASH_LEN;
	rec.format = RECORD_FORMAT;
	if (wire_pack(&rec.base, &bytes, &len) != 0 ||
	    (ext = realloc(bytes, len + sizeof(newer))) == NULL)
		die("out of memory");
	memcpy(ext + len, newer, sizeof(newer));
	len += sizeof(newer);
	put("record", "valid-newer-kind", ext, len);
	if (record_sign(id, ext, len, sig) != 0)
		die("record_sign failed");
	put_envelope("envelope", "valid-newer-kind", ext, len, sig,
	    sizeof(sig));
	ext[len - sizeof(newer)] = 0x48;	/* field 9, varint */
	ext[len - sizeof(newer) + 1] = 0x01;
	put("record", "valid-newer-field", ext, len - 3);
	free(ext);
}

static const char *const kinds[NKINDS] = {
	"plan", "measure", "adaptation", "report",
};

/* Envelopes, records and peer messages of one chained feed. */
static void
make_feed(const struct identity *id)
{
	Samplan__Record		 rec[NKINDS];
	Samplan__PlanInfo	 plan = SAMPLAN__PLAN_INFO__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	Samplan__Adaptation	 a = SAMPLAN__ADAPTATION__INIT;
	Samplan__StatusReport	 r = SAMPLAN__STATUS_REPORT__INIT;
	Samplan__Envelope	*env[NKINDS];
	Samplan__FeedHead	 head = SAMPLAN__FEED_HEAD__INIT, *heads[2];
	Samplan__FeedHead	 empty = SAMPLAN__FEED_HEAD__INIT;
	Samplan__Frontier	 fr = SAMPLAN__FRONTIER__INIT;
	Samplan__PeerMessage	 pm = SAMPLAN__PEER_MESSAGE__INIT;
	uint8_t			*bytes[NKINDS], *bad, *batch;
	size_t			 len[NKINDS], blen;
	uint8_t			 prev[RECORD_HASH_LEN], hash[RECORD_HASH_LEN];
	char			 name[64];
	int			 k;

	make_bodies(rec, &plan, &m, &a, &r);
	memset(prev, 0, sizeof(prev));
	for (k = 0; k < NKINDS; k++) {
		if (record_build(id, &rec[k], (uint64_t)k + 1, prev,
		    1735689600000LL + k * 60000, &bytes[k], &len[k],
		    hash) != 0)
			die("record_build failed");
		memcpy(prev, hash, sizeof(prev));
		snprintf(name, sizeof(name), "valid-%d-%s", k + 1, kinds[k]);
		put("envelope", name, bytes[k], len[k]);
		if (wire_decode_envelope(bytes[k], len[k], &env[k]) != 0)
			die("our own envelope does not decode");
		put("record", name, env[k]->record.data, env[k]->record.len);
	}

	/* Bad record bytes under a real signature, in both targets. */
	bad = patched(env[1]->record.data, env[1]->record.len, "ring", "r\0ng");
	put("record", "hostile-embedded-nul", bad, env[1]->record.len);
	put_envelope("envelope", "hostile-embedded-nul", bad,
	    env[1]->record.len, env[1]->signature.data,
	    env[1]->signature.len);
	free(bad);
	bad = patched(env[1]->record.data, env[1]->record.len, "\xc3\xa6",
	    "\xc3\x28");
	put("record", "hostile-bad-utf8", bad, env[1]->record.len);
	put_envelope("envelope", "hostile-bad-utf8", bad, env[1]->record.len,
	    env[1]->signature.data, env[1]->signature.len);
	free(bad);
	put_envelope("envelope", "hostile-short-signature",
	    env[0]->record.data, env[0]->record.len, env[0]->signature.data,
	    RECORD_SIG_LEN - 1);
	make_hostile("envelope", bytes[0], len[0]);
	make_newer(id, env[NKINDS - 1], hash, prev);
	make_hostile("record", env[0]->record.data, env[0]->record.len);

	/* Peer messages: a frontier, a batch of the feed, hostile ones. */
	head.author.data = (uint8_t *)(uintptr_t)id->public_key;
	head.author.len = KEY_PUBLIC_LEN;
	head.seq = NKINDS;
	head.hash.data = prev;
	head.hash.len = RECORD_HASH_LEN;
	heads[0] = &head;
	heads[1] = &empty;
	fr.n_heads = 2;
	fr.heads = heads;
	pm.kind_case = SAMPLAN__PEER_MESSAGE__KIND_FRONTIER;
	pm.frontier = &fr;
	put_msg("peer", "valid-frontier", &pm.base);
	fr.reset = 1;
	fr.n_heads = 1;
	put_msg("peer", "valid-frontier-reset", &pm.base);
	if (wire_pack_batch((const uint8_t *const *)bytes, len, NKINDS,
	    &batch, &blen) != 0)
		die("wire_pack_batch failed");
	put("peer", "valid-batch", batch, blen);
	make_hostile("peer", batch, blen);
	free(batch);
	/* A batch whose second envelope holds a record with a NUL. */
	bad = patched(bytes[1], len[1], "ring", "r\0ng");
	{
		const uint8_t	*two[2] = { bytes[0], bad };

		if (wire_pack_batch(two, len, 2, &batch, &blen) != 0)
			die("wire_pack_batch failed");
		put("peer", "hostile-batch-embedded-nul", batch, blen);
		free(batch);
	}
	free(bad);
	put_empty_repeats("peer", "hostile-empty-heads-20000", 0x0a, 0x0a);
	put_empty_repeats("peer", "hostile-empty-envelopes-20000", 0x12, 0x0a);

	for (k = 0; k < NKINDS; k++) {
		wire_free((ProtobufCMessage **)&env[k]);
		free(bytes[k]);
	}
}

/* ---- control ---- */

static void
make_control(const struct identity *id)
{
	Samplan__Record		 rec[NKINDS];
	Samplan__PlanInfo	 plan = SAMPLAN__PLAN_INFO__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	Samplan__Adaptation	 a = SAMPLAN__ADAPTATION__INIT;
	Samplan__StatusReport	 r = SAMPLAN__STATUS_REPORT__INIT;
	Samplan__StatusQuery	 q = SAMPLAN__STATUS_QUERY__INIT;
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__ControlReply	 rep = SAMPLAN__CONTROL_REPLY__INIT;
	Samplan__NodeStatus	 st = SAMPLAN__NODE_STATUS__INIT;
	Samplan__PeerStatus	 ps = SAMPLAN__PEER_STATUS__INIT, *psp = &ps;
	Samplan__RejectCount	 rj = SAMPLAN__REJECT_COUNT__INIT, *rjp = &rj;
	Samplan__FeedHead	 h = SAMPLAN__FEED_HEAD__INIT, *hp = &h;
	static char		*alerts[] = {
		"Gaffel i feeden til østre-toten: to poster med seq 7",
	};
	uint8_t			*buf, *bad;
	size_t			 len;
	uint8_t			 hash[RECORD_HASH_LEN];

	make_bodies(rec, &plan, &m, &a, &r);
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_PLAN;
	req.plan = &plan;
	put_msg("control", "valid-request-plan", &req.base);
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
	req.measure = &m;
	put_msg("control", "valid-request-measure", &req.base);
	if (wire_pack(&req.base, &buf, &len) != 0)
		die("out of memory");
	bad = patched(buf, len, "ring", "r\0ng");
	put("control", "hostile-embedded-nul", bad, len);
	free(bad);
	bad = patched(buf, len, "\xc3\xa6", "\xc3\x28");
	put("control", "hostile-bad-utf8", bad, len);
	free(bad);
	make_hostile("control", buf, len);
	free(buf);
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_ADAPTATION;
	req.adaptation = &a;
	put_msg("control", "valid-request-adaptation", &req.base);
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_REPORT;
	req.report = &r;
	put_msg("control", "valid-request-report", &req.base);
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_STATUS;
	req.status = &q;
	put_msg("control", "valid-request-status", &req.base);

	rep.seq = 42;
	put_msg("control", "valid-reply-write", &rep.base);
	rep.seq = 0;
	rep.code = SP_EFORBIDDEN;
	rep.error = (char *)(uintptr_t)sp_strerror(SP_EFORBIDDEN);
	put_msg("control", "valid-reply-error", &rep.base);

	memset(hash, 0xab, sizeof(hash));
	h.author.data = (uint8_t *)(uintptr_t)id->public_key;
	h.author.len = KEY_PUBLIC_LEN;
	h.seq = 4;
	h.hash.data = hash;
	h.hash.len = sizeof(hash);
	rj.reason = "EBADSIG";
	rj.count = 3;
	ps.name = "koordineringsgruppe";
	ps.connected = 1;
	ps.last_heard_ms = 250;
	ps.records_sent = 4;
	ps.records_received = 17;
	ps.n_rejects = 1;
	ps.rejects = &rjp;
	ps.n_heads = 1;
	ps.heads = &hp;
	st.name = "gjovik";
	st.uptime_ms = 86400000;
	st.n_heads = 1;
	st.heads = &hp;
	st.n_peers = 1;
	st.peers = &psp;
	st.n_rejects = 1;
	st.rejects = &rjp;
	st.n_alerts = 1;
	st.alerts = alerts;
	rep.code = 0;
	rep.error = (char *)(uintptr_t)"";
	rep.status = &st;
	put_msg("control", "valid-reply-status", &rep.base);
	/* NodeStatus (field 4) holding EMPTY_REPEATS empty PeerStatus (4). */
	put_empty_repeats("control", "hostile-empty-peers-20000", 0x22, 0x22);
}

/* ---- config and CSV ---- */

static void
make_text(void)
{
	static const char	minimal[] =
	    "\xef\xbb\xbf; Vestre Toten, CRLF and a BOM\r\n"
	    "[node]\r\nname = vestre-toten\r\ntitle = Vestre Toten kommune\r\n"
	    "data_dir = /var/lib/samplan\r\nkey = /etc/samplan/node.key\r\n"
	    "map_size = 134217728\r\n"
	    "[peer koordineringsgruppe]\r\n"
	    "public_key = ee3847218809b84956b4cce254369b835c56178a4ec609a2"
	    "b22a5f244f1672b2\r\n";
	static const char	broken[] =
	    "[node\nname = Gjøvik\n\tdata_dir = x\n[peer a]\nfoo = bar\n"
	    "[region r]\nmembers = a, , b\n";
	static const char	nul[] = "[node]\nname = a\0b\n";
	static const char	quoted[] =
	    "id;innsatsomrade;tittel;beskrivelse;frist\r\n"
	    "LT-01;Avdekking;\"Kartlegging; «trygg i egen bolig»\";"
	    "\"Linje én\r\nlinje to med \"\"sitat\"\"\";2025\r\n"
	    ";;;;\r\n"
	    "LT-02;Avdekking;Oppfølging;;årlig\r\n";
	static const char	bad_csv[] =
	    "id,innsatsomrade,tittel,ukjent\nX 1,Område,\"ikke lukket\n";
	static const char	bad_utf8[] =
	    "id,innsatsomrade,tittel\nA-1,\xc3\x28,tittel\nA-1,b,\0c\n";
	char	*text;
	size_t	 len;

	text = slurp("tests/golden/config-gjovik.ini", &len);
	put("config", "valid-gjovik", text, len);
	free(text);
	put("config", "valid-minimal-crlf-bom", minimal, sizeof(minimal) - 1);
	put("config", "broken-many-errors", broken, sizeof(broken) - 1);
	put("config", "hostile-embedded-nul", nul, sizeof(nul) - 1);

	text = slurp("tests/data/example-gjovikregionen.csv", &len);
	put("csv", "valid-example-gjovikregionen", text, len);
	free(text);
	text = slurp("tests/data/example-gjovikregionen-semicolon.csv", &len);
	put("csv", "valid-example-semicolon", text, len);
	free(text);
	put("csv", "valid-quoted-semicolon", quoted, sizeof(quoted) - 1);
	put("csv", "broken-unterminated-quote", bad_csv, sizeof(bad_csv) - 1);
	put("csv", "hostile-bad-utf8-and-nul", bad_utf8,
	    sizeof(bad_utf8) - 1);
}

/*
 * A fixed random stream, so that the sealed texts' salts, and with them
 * the corpus, are the same on every run.  Not random: corpus only.
 */
static uint32_t	fixed_state = 20240321;

static const char *
fixed_name(void)
{
	return "make_corpus-fixed";
}

static uint32_t
fixed_random(void)
{
	fixed_state = fixed_state * 1103515245u + 12345u;
	return fixed_state;
}

static void
fixed_buf(void *buf, size_t n)
{
	uint8_t	*p = buf;

	while (n-- > 0)
		*p++ = (uint8_t)(fixed_random() >> 16);
}

static randombytes_implementation fixed_rng = {
	fixed_name, fixed_random, NULL, NULL, fixed_buf, NULL,
};

int
main(int argc, char **argv)
{
	struct identity	id;
	char		keytext[200];

	if (argc != 3) {
		fprintf(stderr, "usage: make_corpus SRCDIR OUTDIR\n");
		return 2;
	}
	srcdir = argv[1];
	outdir = argv[2];
	if (mkdir(outdir, 0755) == -1 && errno != EEXIST)
		die("%s: %s", outdir, strerror(errno));
	if (randombytes_set_implementation(&fixed_rng) != 0)
		die("randombytes_set_implementation failed");
	if (keys_init() != 0)
		die("sodium_init failed");
	make_identity(&id, keytext);
	make_keyfiles(keytext);
	make_feed(&id);
	make_control(&id);
	make_text();
	keys_clear(&id);
	return 0;
}
