/*
 * sp_attack.c - the hostile peer of RELIABILITY.md tests S2 and S3.
 *
 * Authenticated (S2): it connects to the victim over CURVE with a key the
 * victim allows (the member kommune "evil") and also holds the signing
 * keys of a member kommune "k1" and of a few fork authors, as a thief of
 * those keys would.  It sends, one record per Batch so that the node's
 * "first refusal per batch" counting sees each, the sixteen forged and
 * semantic classes of S2, malformed frames and oversized frames.  Before
 * and after each class it reads the victim's own counters (the control
 * socket's status, peer "evil": rejects by reason, records already
 * held, records received) and, read-only, the victim's store, and prints
 *
 *   class: N sent, N refused, N accepted (node counted N REASON, ...)
 *
 * followed by "ok" when the node's per-reason deltas equal what the class
 * injected and none of its hostile records is in the store.  Malformed
 * frames are classified beforehand with the node's own decoder (the
 * prediction says which counter must move; frames the node would pass
 * on to feed logic, or not count at all, are not sent).
 *
 * Unauthenticated (S3): CURVE handshakes with random client keys (the
 * ZAP handler must refuse every one, and its counter must agree), raw TCP
 * junk, and half-open handshakes held until the node drops them.
 *
 * usage: sp_attack -e ENDPOINT -p VICTIM_PUBHEX -d VICTIM_DATADIR -k KEYDIR
 *            [-s SEED] forged|malformed|oversized|amplify|randomkeys COUNT
 *        sp_attack raw|halfopen HOST PORT COUNT
 *        sp_attack -d VICTIM_DATADIR probe STOPFILE [MAX_MS]   (I5)
 * KEYDIR holds evil.key, k1.key and f1.key ... fN.key.  Exit 0 when every
 * class met its expectation, 1 otherwise, 2 on a usage or setup error.
 *
 * This file holds main(), the victim's counters and store, and the
 * connection; the attacks live in forge.c, frames.c and unauth.c (see
 * attack.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <zmq.h>

#include "attack.h"
#include "store.h"
#include "wire.h"

const uint8_t zero_hash[RECORD_HASH_LEN];

/* Encodings of points of small order (libsodium's blocklist). */
const uint8_t small_order[8][32] = {
	{ 0 },
	{ 1 },
	{ 0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
	  0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
	  0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05 },
	{ 0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b,
	  0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
	  0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a },
	{ 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	  0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 },
};

void
fail(struct attack *a, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fputs("FAILED: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	a->failed = 1;
}

void
die(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fputs("sp_attack: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sleep_ms(int ms)
{
	struct timespec	ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

uint64_t
rnd(struct attack *a)
{
	a->rng ^= a->rng << 13;
	a->rng ^= a->rng >> 7;
	a->rng ^= a->rng << 17;
	return a->rng;
}

size_t
rnd_below(struct attack *a, size_t n)
{
	return n == 0 ? 0 : (size_t)(rnd(a) % n);
}

void
rnd_fill(struct attack *a, uint8_t *p, size_t n)
{
	while (n-- > 0)
		*p++ = (uint8_t)rnd(a);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n > 0 ? n : 1)) == NULL)
		die("out of memory");
	return p;
}

static int
reason_index(const char *name)
{
	int	c;

	for (c = 1; c <= SP_ERR_COUNT; c++)
		if (strcmp(sp_errname(-c), name) == 0)
			return c;
	return 0;
}

/* ---- the victim's counters and store -------------------------------- */

int
status_query(struct attack *a, struct counters *c)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__StatusQuery	 q = SAMPLAN__STATUS_QUERY__INIT;
	Samplan__ControlReply	*reply;
	zmq_pollitem_t		 item;
	zmq_msg_t		 m;
	uint8_t			*buf;
	size_t			 len, i, j;
	int			 rc;

	memset(c, 0, sizeof(*c));
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_STATUS;
	req.status = &q;
	if (wire_pack(&req.base, &buf, &len) != 0)
		return -1;
	rc = zmq_send(a->ctl, buf, len, 0);
	free(buf);
	if (rc != (int)len)
		return -1;
	item = (zmq_pollitem_t){ a->ctl, 0, ZMQ_POLLIN, 0 };
	if (zmq_poll(&item, 1, 20000) != 1)
		return -1;
	zmq_msg_init(&m);
	if (zmq_msg_recv(&m, a->ctl, 0) == -1) {
		zmq_msg_close(&m);
		return -1;
	}
	rc = wire_decode_reply(zmq_msg_data(&m), zmq_msg_size(&m), &reply);
	zmq_msg_close(&m);
	if (rc != 0 || reply->status == NULL) {
		wire_free((ProtobufCMessage **)&reply);
		return -1;
	}
	c->auth = reply->status->auth_refused;
	for (i = 0; i < reply->status->n_peers; i++) {
		const Samplan__PeerStatus *p = reply->status->peers[i];

		if (strcmp(p->name, PEER_NAME) != 0)
			continue;
		c->dup = p->records_duplicate;
		c->received = p->records_received;
		for (j = 0; j < p->n_rejects; j++)
			c->rej[reason_index(p->rejects[j]->reason)] +=
			    p->rejects[j]->count;
	}
	wire_free((ProtobufCMessage **)&reply);
	return 0;
}

void
status_must(struct attack *a, struct counters *c)
{
	if (status_query(a, c) != 0)
		die("the victim's control socket does not answer");
}

uint64_t
refusals(const struct counters *c)
{
	uint64_t	s = c->dup;
	int		r;

	for (r = 0; r < NREASONS; r++)
		s += c->rej[r];
	return s;
}

void
delta(const struct counters *after, const struct counters *before,
    struct counters *d)
{
	int	r;

	for (r = 0; r < NREASONS; r++)
		d->rej[r] = after->rej[r] - before->rej[r];
	d->dup = after->dup - before->dup;
	d->received = after->received - before->received;
	d->auth = after->auth - before->auth;
}

void
add(struct counters *sum, const struct counters *c)
{
	int	r;

	for (r = 0; r < NREASONS; r++)
		sum->rej[r] += c->rej[r];
	sum->dup += c->dup;
	sum->received += c->received;
	sum->auth += c->auth;
}

int
same(const struct counters *x, const struct counters *y)
{
	return memcmp(x->rej, y->rej, sizeof(x->rej)) == 0 &&
	    x->dup == y->dup && x->received == y->received;
}

/* "50 EBADSIG, 50 EMALFORMED" */
static void
counters_text(const struct counters *c, char *out, size_t size)
{
	size_t	n = 0;
	int	r;

	out[0] = '\0';
	for (r = 0; r < NREASONS && n < size; r++)
		if (c->rej[r] > 0)
			n += snprintf(out + n, size - n, "%s%llu %s",
			    n ? ", " : "", (unsigned long long)c->rej[r],
			    sp_errname(-r));
	if (c->dup > 0 && n < size)
		n += snprintf(out + n, size - n, "%s%llu already held",
		    n ? ", " : "", (unsigned long long)c->dup);
	if (c->received > 0 && n < size)
		n += snprintf(out + n, size - n, "%s%llu genuine received",
		    n ? ", " : "", (unsigned long long)c->received);
	if (n == 0)
		snprintf(out, size, "nothing");
}

/* Waits until the node counted at least `want` since `before`. */
void
wait_counts(struct attack *a, const struct counters *before,
    const struct counters *want, struct counters *d)
{
	struct counters	now;
	int64_t		end = now_ms() + WAIT_MS;

	do {
		status_must(a, &now);
		delta(&now, before, d);
		if (refusals(d) >= refusals(want) &&
		    d->received >= want->received)
			break;
		sleep_ms(20);
	} while (now_ms() < end);
	sleep_ms(SETTLE_MS);
	status_must(a, &now);
	delta(&now, before, d);
}

static struct store *
store_ro(struct attack *a)
{
	struct store	*s;
	int		 rc;

	if ((rc = store_open(a->datadir, 0, STORE_RDONLY, NULL, &s)) != 0)
		die("store %s: %s", a->datadir, sp_strerror(rc));
	return s;
}

/* Head seq and hash of author in the victim's store (0 if none). */
uint64_t
store_head(struct attack *a, const uint8_t *author, uint8_t *hash,
    uint32_t *flags)
{
	struct store		*s = store_ro(a);
	struct store_txn	*t;
	struct feed_head	 h;

	memset(&h, 0, sizeof(h));
	if (store_begin(s, 0, &t) == 0) {
		if (store_head_get(t, author, &h) != 0)
			memset(&h, 0, sizeof(h));
		store_abort(&t);
	}
	store_close(&s);
	if (hash != NULL)
		memcpy(hash, h.hash, RECORD_HASH_LEN);
	if (flags != NULL)
		*flags = h.flags;
	return h.seq;
}

/* Counts the hostile records of recs[] that the victim's store holds. */
size_t
store_holds(struct attack *a, const struct hrec *recs, size_t n)
{
	struct store		*s = store_ro(a);
	struct store_txn	*t;
	struct entry		 e;
	const uint8_t		*buf;
	size_t			 i, held = 0, len;

	if (store_begin(s, 0, &t) != 0)
		die("store_begin failed");
	for (i = 0; i < n; i++) {
		if (store_log_get(t, recs[i].author, recs[i].seq, &buf,
		    &len) != 0)
			continue;
		if (entry_decode(buf, len, &e) != 0)
			continue;
		if (memcmp(e.hash, recs[i].hash, RECORD_HASH_LEN) == 0)
			held++;
		entry_clear(&e);
	}
	store_abort(&t);
	store_close(&s);
	return held;
}

size_t
store_evidence(struct attack *a)
{
	struct store		*s = store_ro(a);
	struct store_txn	*t;
	size_t			 n = 0;

	if (store_begin(s, 0, &t) == 0) {
		store_evidence_count(t, &n);
		store_abort(&t);
	}
	store_close(&s);
	return n;
}

/* Copies the envelope at (author, seq) out of the store. */
int
store_copy(struct attack *a, const uint8_t *author, uint64_t seq,
    uint8_t **out, size_t *outlen)
{
	struct store		*s = store_ro(a);
	struct store_txn	*t;
	const uint8_t		*buf;
	size_t			 len;
	int			 rc = -1;

	if (store_begin(s, 0, &t) == 0) {
		if (store_log_get(t, author, seq, &buf, &len) == 0) {
			*out = xmalloc(len);
			memcpy(*out, buf, len);
			*outlen = len;
			rc = 0;
		}
		store_abort(&t);
	}
	store_close(&s);
	return rc;
}

/* ---- the connection ------------------------------------------------- */

void
drain(struct attack *a)
{
	zmq_msg_t	m;

	zmq_msg_init(&m);
	while (zmq_msg_recv(&m, a->sock, ZMQ_DONTWAIT) != -1)
		;
	zmq_msg_close(&m);
}

/* Next monitor event within ms, or -1. */
int
mon_event(void *mon, int ms)
{
	zmq_pollitem_t	item = { mon, 0, ZMQ_POLLIN, 0 };
	zmq_msg_t	m;
	uint16_t	ev;
	int		more;
	size_t		len = sizeof(more);

	if (zmq_poll(&item, 1, ms) != 1)
		return -1;
	zmq_msg_init(&m);
	if (zmq_msg_recv(&m, mon, 0) == -1 || zmq_msg_size(&m) < 2) {
		zmq_msg_close(&m);
		return -1;
	}
	memcpy(&ev, zmq_msg_data(&m), sizeof(ev));
	do {
		zmq_getsockopt(mon, ZMQ_RCVMORE, &more, &len);
		if (more)
			zmq_msg_recv(&m, mon, 0);
	} while (more);
	zmq_msg_close(&m);
	return ev;
}

/* Waits for event `want` (or, when fail_ev, for any of them). */
int
mon_wait(void *mon, int want, int ms)
{
	int64_t	end = now_ms() + ms;
	int	ev;

	while (now_ms() < end)
		if ((ev = mon_event(mon, (int)(end - now_ms()))) == want)
			return 0;
	return -1;
}

static void
attack_connect(struct attack *a)
{
	int	linger = 0, ivl = 20, hwm = 100000;

	a->sock = zmq_socket(a->ctx, ZMQ_DEALER);
	zmq_setsockopt(a->sock, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_setsockopt(a->sock, ZMQ_RECONNECT_IVL, &ivl, sizeof(ivl));
	zmq_setsockopt(a->sock, ZMQ_SNDHWM, &hwm, sizeof(hwm));
	zmq_setsockopt(a->sock, ZMQ_CURVE_SERVERKEY, a->vcurve,
	    KEY_CURVE_LEN);
	zmq_setsockopt(a->sock, ZMQ_CURVE_PUBLICKEY, a->evil.curve_public,
	    KEY_CURVE_LEN);
	zmq_setsockopt(a->sock, ZMQ_CURVE_SECRETKEY, a->evil.curve_secret,
	    KEY_CURVE_LEN);
	if (zmq_socket_monitor(a->sock, "inproc://sp-attack-mon",
	    ZMQ_EVENT_ALL) == -1)
		die("zmq_socket_monitor: %s", zmq_strerror(zmq_errno()));
	a->mon = zmq_socket(a->ctx, ZMQ_PAIR);
	zmq_setsockopt(a->mon, ZMQ_LINGER, &linger, sizeof(linger));
	if (zmq_connect(a->mon, "inproc://sp-attack-mon") == -1 ||
	    zmq_connect(a->sock, a->endpoint) == -1)
		die("connect %s: %s", a->endpoint, zmq_strerror(zmq_errno()));
	if (mon_wait(a->mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 10000) != 0)
		die("no CURVE session with the victim within 10 s");
}

void
send_frame(struct attack *a, const uint8_t *buf, size_t len)
{
	if (zmq_send(a->sock, buf, len, 0) != (int)len)
		die("send: %s", zmq_strerror(zmq_errno()));
	drain(a);
}
/* Prints the class line; checks the deltas and the store. */
void
report(struct attack *a, const char *name, size_t sent,
    const struct counters *want, const struct counters *got, size_t accepted,
    const char *extra)
{
	char		text[512], wtext[512];
	int		ok = same(want, got) && accepted == 0;
	uint64_t	refused = refusals(got);

	/* Where a message also carried a held record, count it once. */
	if (got->dup > 0 && refused - got->dup > 0)
		refused -= got->dup;
	counters_text(got, text, sizeof(text));
	printf("%s: %zu sent, %llu refused, %zu accepted (node counted %s)%s "
	    "%s\n", name, sent, (unsigned long long)refused, accepted,
	    text, extra != NULL ? extra : "", ok ? "ok" : "MISMATCH");
	if (!ok) {
		counters_text(want, wtext, sizeof(wtext));
		fail(a, "%s: expected %s, 0 accepted", name, wtext);
	}
	fflush(stdout);
}

/* ---- main ------------------------------------------------------------ */

static void
load_key(const char *dir, const char *name, struct identity *id)
{
	char	path[4096];
	int	rc;

	snprintf(path, sizeof(path), "%s/%s.key", dir, name);
	if ((rc = keys_load(path, id)) != 0)
		die("%s: %s", path, sp_strerror(rc));
}

static void
usage(void)
{
	fprintf(stderr, "usage: sp_attack -e ENDPOINT -p VICTIM_PUB -d DATADIR "
	    "-k KEYDIR [-s SEED]\n"
	    "           forged|malformed|oversized|amplify|randomkeys COUNT\n"
	    "       sp_attack raw|halfopen HOST PORT COUNT\n"
	    "       sp_attack -d DATADIR probe STOPFILE [MAX_MS]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct attack	 a;
	const char	*keydir = NULL, *pub = NULL, *mode;
	char		 path[4096], ctl[4096];
	size_t		 count;
	int		 ch, linger = 0;

	memset(&a, 0, sizeof(a));
	a.rng = 0x9e3779b97f4a7c15ULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((ch = getopt(argc, argv, "d:e:k:p:s:")) != -1) {
		switch (ch) {
		case 'd':
			a.datadir = optarg;
			break;
		case 'e':
			a.endpoint = optarg;
			break;
		case 'k':
			keydir = optarg;
			break;
		case 'p':
			pub = optarg;
			break;
		case 's':
			a.rng = strtoull(optarg, NULL, 0) | 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage();
	mode = argv[0];
	if (keys_init() != 0)
		die("libsodium");
	if (strcmp(mode, "raw") == 0 || strcmp(mode, "halfopen") == 0) {
		if (argc != 4)
			usage();
		attack_tcp(&a, argv[1], atoi(argv[2]),
		    (size_t)strtoul(argv[3], NULL, 10), mode[0] == 'h');
		return a.failed;
	}
	if (strcmp(mode, "probe") == 0) {
		if ((argc != 2 && argc != 3) || a.datadir == NULL)
			usage();
		a.ctx = zmq_ctx_new();
		a.ctl = zmq_socket(a.ctx, ZMQ_DEALER);
		zmq_setsockopt(a.ctl, ZMQ_LINGER, &linger, sizeof(linger));
		snprintf(ctl, sizeof(ctl), "ipc://%s/control.sock", a.datadir);
		if (zmq_connect(a.ctl, ctl) == -1)
			die("connect %s", ctl);
		attack_probe(&a, argv[1], argc == 3 ? atoll(argv[2]) : 1000);
		zmq_close(a.ctl);
		zmq_ctx_term(a.ctx);
		return a.failed;
	}
	if (argc != 2 || a.endpoint == NULL || pub == NULL ||
	    a.datadir == NULL || keydir == NULL)
		usage();
	count = (size_t)strtoul(argv[1], NULL, 10);
	if (keys_from_hex(pub, a.victim) != 0 ||
	    crypto_sign_ed25519_pk_to_curve25519(a.vcurve, a.victim) != 0)
		die("bad victim key %s", pub);
	load_key(keydir, PEER_NAME, &a.evil);
	load_key(keydir, "k1", &a.k1);
	for (a.nfork = 0; a.nfork < MAX_FORK; a.nfork++) {
		snprintf(path, sizeof(path), "%s/f%zu.key", keydir, a.nfork + 1);
		if (access(path, R_OK) != 0)
			break;
		snprintf(path, sizeof(path), "f%zu", a.nfork + 1);
		load_key(keydir, path, &a.fork[a.nfork]);
	}

	a.ctx = zmq_ctx_new();
	a.ctl = zmq_socket(a.ctx, ZMQ_DEALER);
	zmq_setsockopt(a.ctl, ZMQ_LINGER, &linger, sizeof(linger));
	snprintf(ctl, sizeof(ctl), "ipc://%s/control.sock", a.datadir);
	if (zmq_connect(a.ctl, ctl) == -1)
		die("connect %s", ctl);
	if (strcmp(mode, "randomkeys") == 0)
		attack_randomkeys(&a, count);
	else {
		attack_connect(&a);
		if (strcmp(mode, "forged") == 0)
			attack_forged(&a, count);
		else if (strcmp(mode, "malformed") == 0)
			attack_malformed(&a, count);
		else if (strcmp(mode, "oversized") == 0)
			attack_oversized(&a, count);
		else if (strcmp(mode, "amplify") == 0)
			attack_amplify(&a, count);
		else
			usage();
		zmq_socket_monitor(a.sock, NULL, 0);
		zmq_close(a.mon);
		zmq_close(a.sock);
	}
	zmq_close(a.ctl);
	zmq_ctx_term(a.ctx);
	keys_clear(&a.evil);
	keys_clear(&a.k1);
	while (a.nfork > 0)
		keys_clear(&a.fork[--a.nfork]);
	return a.failed;
}
