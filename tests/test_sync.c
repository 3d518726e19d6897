/*
 * test_sync.c - the replication state machine: credit, acks, resets,
 * retransmission and fairness; and repl.c's Hellos to a silent peer and
 * the frontiers a batch makes needless.
 */
#include <stdio.h>
#include <string.h>

#include "repl.h"
#include "sync.h"
#include "testutil.h"

static void
test_window_and_ack(void **state)
{
	struct sync_peer	sp;
	uint64_t		local[2] = { 10000, 0 }, from, count;
	size_t			idx, sent = 0;

	(void)state;
	assert_ok(sync_peer_init(&sp, 2));
	/* Nothing goes to a peer before it says which feeds it takes. */
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 0);
	sync_on_head(&sp, 0, 0, 1, 0);
	sync_on_head(&sp, 1, 0, 1, 0);
	while (sync_next(&sp, local, &idx, &from, &count)) {
		assert_int_equal(idx, 0);
		assert_int_equal(from, sent + 1);
		assert_true(count <= SYNC_BATCH);
		sync_on_sent(&sp, idx, from + count - 1, 100);
		sent += count;
	}
	/* A silent peer never gets more than the window. */
	assert_int_equal(sent, SYNC_WINDOW);
	assert_int_equal(sync_inflight(&sp), SYNC_WINDOW);
	/* An acknowledgement returns credit. */
	sync_on_head(&sp, 0, 1000, 0, 10);
	assert_int_equal(sync_inflight(&sp), SYNC_WINDOW - 1000);
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
	assert_int_equal(from, SYNC_WINDOW + 1);
	sync_peer_clear(&sp);
}

static void
test_retransmit_and_reset(void **state)
{
	struct sync_peer	sp;
	uint64_t		local[1] = { 500 }, from, count;
	size_t			idx;

	(void)state;
	assert_ok(sync_peer_init(&sp, 1));
	sync_on_head(&sp, 0, 100, 1, 0);
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
	assert_int_equal(from, 101);
	sync_on_sent(&sp, 0, 356, 100);
	/* No ack for a while: the batch is forgotten and sent again. */
	sync_tick(&sp, 1000);
	assert_int_equal(sp.feeds[0].sent, 356);
	sync_tick(&sp, SYNC_RETRANSMIT_MS + 1);
	assert_int_equal(sp.feeds[0].sent, 100);
	/* A peer that lost its data (lower head) is served from there. */
	sync_on_sent(&sp, 0, 300, 100);
	sync_on_head(&sp, 0, 0, 0, 5000);
	assert_int_equal(sp.feeds[0].sent, 0);
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
	assert_int_equal(from, 1);
	/* A peer ahead of what we sent (it got them elsewhere) skips them. */
	sync_on_head(&sp, 0, 450, 0, 6000);
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
	assert_int_equal(from, 451);
	assert_int_equal(count, 50);
	sync_peer_clear(&sp);
}

static void
test_retransmit_per_feed(void **state)
{
	struct sync_peer	sp;
	uint64_t		local[2] = { 100, 10 }, from, count;
	size_t			idx;
	int64_t			t;

	(void)state;
	assert_ok(sync_peer_init(&sp, 2));
	sync_on_head(&sp, 0, 0, 1, 0);
	sync_on_head(&sp, 1, 0, 1, 0);
	sync_on_sent(&sp, 1, 10, 100);	/* feed 1's only batch: lost */
	/* Feed 0 keeps moving, one record acked a second ... */
	for (t = 1000; t <= SYNC_RETRANSMIT_MS + 1000; t += 1000) {
		sync_on_sent(&sp, 0, (uint64_t)t / 1000, 100);
		sync_on_head(&sp, 0, (uint64_t)t / 1000, 0, t);
		sync_tick(&sp, t);
	}
	/* ... which says nothing about feed 1: it is sent again. */
	assert_int_equal(sp.feeds[1].sent, 0);
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
	if (idx == 0)
		assert_int_equal(sync_next(&sp, local, &idx, &from, &count),
		    1);
	assert_int_equal(idx, 1);
	assert_int_equal(from, 1);
	sync_peer_clear(&sp);
}

static void
test_round_robin(void **state)
{
	struct sync_peer	sp;
	uint64_t		local[3] = { 1000, 1000, 1000 }, from, count;
	size_t			idx, seen[3] = { 0, 0, 0 }, i;

	(void)state;
	assert_ok(sync_peer_init(&sp, 3));
	for (i = 0; i < 3; i++)
		sync_on_head(&sp, i, 0, 1, 0);
	for (i = 0; i < 6; i++) {
		assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
		sync_on_sent(&sp, idx, from + count - 1, 100);
		seen[idx]++;
	}
	/* Every feed got its turn: one busy feed cannot starve others. */
	assert_int_equal(seen[0], 2);
	assert_int_equal(seen[1], 2);
	assert_int_equal(seen[2], 2);
	sync_peer_clear(&sp);
}

static void
test_byte_window(void **state)
{
	struct sync_peer	sp;
	uint64_t		local[1] = { 100000 }, from, count;
	size_t			idx, batches = 0, big = SYNC_WINDOW_BYTES / 4;

	(void)state;
	assert_ok(sync_peer_init(&sp, 1));
	sync_on_head(&sp, 0, 0, 1, 0);
	/* Large batches: the bytes run out long before the records. */
	while (sync_next(&sp, local, &idx, &from, &count)) {
		sync_on_sent(&sp, idx, from, big);	/* one record each */
		batches++;
	}
	assert_int_equal(batches, 4);
	assert_int_equal(sync_inflight_bytes(&sp), SYNC_WINDOW_BYTES);
	/* The ack of the first two returns their bytes, no more. */
	sync_on_head(&sp, 0, 2, 0, 10);
	assert_int_equal(sync_inflight_bytes(&sp), SYNC_WINDOW_BYTES / 2);
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
	assert_int_equal(from, 5);
	sync_peer_clear(&sp);
}

static void
test_reset_limit(void **state)
{
	struct sync_peer	sp;
	uint64_t		local[1] = { 50 }, from, count;
	size_t			idx, k;

	(void)state;
	assert_ok(sync_peer_init(&sp, 1));
	sync_on_head(&sp, 0, 0, 1, 1000);
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
	sync_on_sent(&sp, 0, 50, 5000);
	/*
	 * 220 resets within SYNC_RESET_IDLE_MS from a peer that takes
	 * nothing (issue 8): the feed goes out once, not 220 times.
	 */
	for (k = 0; k < 220; k++) {
		sync_on_head(&sp, 0, 0, 1, 1001 + (int64_t)k *
		    (SYNC_RESET_IDLE_MS - 2) / 220);
		assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 0);
	}
	assert_int_equal(sp.resets_ignored, 220);
	assert_int_equal(sync_inflight_bytes(&sp), 5000);
	/* After SYNC_RESET_IDLE_MS one more is honoured: credit returns. */
	sync_on_head(&sp, 0, 0, 1, 1000 + SYNC_RESET_IDLE_MS);
	assert_int_equal(sync_inflight_bytes(&sp), 0);
	assert_int_equal(sync_next(&sp, local, &idx, &from, &count), 1);
	assert_int_equal(from, 1);
	/* A peer that takes the resend may reset after SYNC_RESET_MS. */
	sync_on_sent(&sp, 0, 50, 5000);
	sync_on_head(&sp, 0, 10, 0, 1001 + SYNC_RESET_IDLE_MS);
	sync_on_head(&sp, 0, 10, 1, 1000 + SYNC_RESET_IDLE_MS +
	    SYNC_RESET_MS);
	assert_int_equal(sp.feeds[0].sent, 10);
	/* A new session may reset at once. */
	sync_on_sent(&sp, 0, 50, 5000);
	sync_on_disconnect(&sp);
	sync_on_sent(&sp, 0, 50, 5000);
	sync_on_head(&sp, 0, 0, 1, 1002 + SYNC_RESET_IDLE_MS +
	    SYNC_RESET_MS);
	assert_int_equal(sp.feeds[0].sent, 0);
	sync_peer_clear(&sp);
}

/* A peer that is not there yet: every send fails, Hellos are counted. */
struct dial_log {
	int64_t	now;
	int64_t	at[32];
	int	n;
};

static int
dial_hello(void *arg, size_t p)
{
	struct dial_log	*d = arg;

	(void)p;
	if (d->n < 32)
		d->at[d->n++] = d->now;
	return -1;	/* ZMQ_IMMEDIATE: no connection, nothing queued */
}

static int
dial_frontier(void *arg, size_t p, const size_t *feeds, size_t nfeeds,
    int reset)
{
	(void)arg; (void)p; (void)feeds; (void)nfeeds; (void)reset;
	return -1;
}

static int
dial_batch(void *arg, size_t p, size_t f, uint64_t from, uint64_t count,
    uint64_t *sent, size_t *bytes)
{
	(void)arg; (void)p; (void)f; (void)from; (void)count;
	*sent = 0;
	*bytes = 0;
	return -1;
}

static int
dial_ping(void *arg, size_t p)
{
	(void)arg; (void)p;
	return -1;
}

/* Runs repl's timer as the node does, from t = 0 to until (ms). */
static void
dial_run(struct repl *r, struct dial_log *d, int64_t from, int64_t until)
{
	for (d->now = from; d->now <= until; d->now++)
		if (d->now >= repl_next_wake(r))
			repl_tick(r, d->now);
}

/*
 * A peer we dial that is not there yet (a node starting, its first Hello
 * refused for want of a connection) is asked again after 50 ms, then
 * twice as long each time up to a second: found within milliseconds of
 * its connection, and a Hello a second once it stays away.  A peer that
 * dials us is asked every REPL_RETRY_MS.
 */
static void
test_dial_backoff(void **state)
{
	static const int64_t	 want[] = { 0, 50, 150, 350, 750, 1550,
				    2550, 3550 };
	struct dial_log		 d = { 0, { 0 }, 0 };
	struct repl_io		 io = { &d, dial_frontier, dial_batch,
				    dial_hello, dial_ping, NULL };
	struct repl		 r;
	uint64_t		 heads[1] = { 0 };
	size_t			 i;

	(void)state;
	assert_ok(repl_init(&r, 1, 1, heads, &io));
	dial_run(&r, &d, 1000, 4600);	/* a monotonic clock is never 0 */
	assert_int_equal(d.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(d.at[i], 1000 + want[i]);

	/* It dials us: every REPL_RETRY_MS from the first on. */
	d.n = 0;
	repl_set_lead(&r, 0, 1);
	dial_run(&r, &d, 4601, 4600 + 3 * REPL_RETRY_MS);
	assert_true(d.n >= 2 && d.n <= 4);
	for (i = 1; i < (size_t)d.n; i++)
		assert_int_equal(d.at[i] - d.at[i - 1], REPL_RETRY_MS);
	repl_clear(&r);
}

/* What a repl sends, one line per message, for test_batch_tells_head. */
struct sent_log {
	char		 lines[16][64];
	int		 n;
	int		 full;		/* the peer's queue: refuse batches */
};

static void
sent_add(struct sent_log *l, const char *line)
{
	if (l->n < 16)
		snprintf(l->lines[l->n++], sizeof(l->lines[0]), "%s", line);
}

static int
sent_frontier(void *arg, size_t p, const size_t *feeds, size_t nfeeds,
    int reset)
{
	char	line[64];

	snprintf(line, sizeof(line), "frontier p%zu %s%zu%s", p,
	    feeds == NULL ? "all" : "f", feeds == NULL ? (size_t)0 :
	    feeds[0], reset ? " reset" : "");
	(void)nfeeds;
	sent_add(arg, line);
	return 0;
}

static int
sent_batch(void *arg, size_t p, size_t f, uint64_t from, uint64_t count,
    uint64_t *sent, size_t *bytes)
{
	struct sent_log	*l = arg;
	char		 line[64];

	if (l->full)
		return -1;
	*sent = count;
	*bytes = 100 * count;
	snprintf(line, sizeof(line), "batch p%zu f%zu %llu..%llu", p, f,
	    (unsigned long long)from,
	    (unsigned long long)(from + *sent - 1));
	sent_add(l, line);
	return 0;
}

static int
sent_ping(void *arg, size_t p)
{
	(void)arg; (void)p;
	return 0;
}

/*
 * Asserts that l holds the lines want[0 .. n) in any order (the pump
 * starts one peer further each turn), then empties it.
 */
static void
sent_expect(struct sent_log *l, const char *const *want, int n)
{
	int	i, j, found;

	for (i = 0; i < l->n; i++)
		printf("  sent: %s\n", l->lines[i]);
	assert_int_equal(l->n, n);
	for (i = 0; i < n; i++) {
		for (j = found = 0; j < l->n; j++)
			found += strcmp(l->lines[j], want[i]) == 0;
		assert_int_equal(found, 1);
	}
	l->n = 0;
}

/*
 * A batch that reaches our head tells the peer that head: no frontier
 * goes with it, and the receiver takes the sender's head from the batch,
 * so it sends nothing back.  Without the batch the frontier goes, and a
 * batch that comes late never moves a peer's head back.
 */
static void
test_batch_tells_head(void **state)
{
	struct sent_log	 l;
	struct repl_io	 io = { &l, sent_frontier, sent_batch, NULL,
			    sent_ping, NULL };
	struct repl	 r;
	uint64_t	 heads[2] = { 0, 0 };
	int64_t		 now = 1000;
	size_t		 p;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_ok(repl_init(&r, 2, 2, heads, &io));
	for (p = 0; p < 2; p++) {
		assert_ok(repl_on_heard(&r, p, now));
		assert_ok(repl_on_hello(&r, p, REPL_PROTOCOL, now));
		repl_on_head(&r, p, 0, 0, 0, now);
		repl_on_head(&r, p, 1, 0, 0, now);
		repl_on_full(&r, p);
	}
	repl_pump(&r, now);
	l.n = 0;	/* the session's Hellos and full frontiers */

	/* We write 3 records of feed 0: one batch each, no frontier. */
	heads[0] = 3;
	repl_pump(&r, now);
	{
		const char *want[] = { "batch p0 f0 1..3", "batch p1 f0 1..3" };
		sent_expect(&l, want, 2);
	}

	/* No batch goes (the peers' queues are full): the frontier does. */
	heads[0] = 5;
	l.full = 1;
	repl_pump(&r, now);
	{
		const char *want[] = { "frontier p0 f0", "frontier p1 f0" };
		sent_expect(&l, want, 2);
	}
	l.full = 0;

	/* Peer 0 sends us feed 1 up to 4: only peer 1 needs it from us. */
	heads[1] = 4;
	repl_on_batch(&r, 0, 1, 4, now);
	repl_pump(&r, now);
	{
		const char *want[] = { "batch p0 f0 4..5", "batch p1 f1 1..4",
		    "batch p1 f0 4..5" };
		sent_expect(&l, want, 3);
	}

	/* A late batch of feed 1 up to 2 from peer 0: no resend to it. */
	repl_on_batch(&r, 0, 1, 2, now);
	repl_pump(&r, now);
	sent_expect(&l, NULL, 0);
	repl_clear(&r);
}

/* The sum of sent - remote over sp's feeds, counted the long way. */
static uint64_t
inflight_counted(const struct sync_peer *sp)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < sp->nfeeds; i++) {
		assert_true(sp->feeds[i].remote <= sp->feeds[i].sent);
		n += sp->feeds[i].sent - sp->feeds[i].remote;
	}
	return n;
}

/*
 * The records in flight are kept as sent and remote move, not summed
 * over the feeds at every ask: through acks, resets (honoured and
 * deferred), sends, retransmission and a disconnect, in a random order,
 * the kept count is the counted one.
 */
static void
test_inflight_kept(void **state)
{
	struct sync_peer	sp;
	uint64_t		local[3] = { 0, 0, 0 }, from, count, rng = 7;
	size_t			idx, step;
	int64_t			now = 1000;

	(void)state;
	assert_ok(sync_peer_init(&sp, 3));
	for (step = 0; step < 20000; step++) {
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		idx = (size_t)(rng >> 33) % 3;
		now += (int64_t)((rng >> 40) % 50);
		switch ((rng >> 20) % 8) {
		case 0:
		case 1:
			local[idx] += 1 + (rng >> 45) % 300;
			break;
		case 2:
		case 3:
			if (sync_next(&sp, local, &idx, &from, &count))
				sync_on_sent(&sp, idx, from + count - 1,
				    100 * count);
			break;
		case 4:	/* an ack of part of what went */
			sync_on_head(&sp, idx, sp.feeds[idx].remote +
			    (sp.feeds[idx].sent - sp.feeds[idx].remote) / 2,
			    0, now);
			break;
		case 5:	/* a reset, perhaps too soon */
			sync_on_head(&sp, idx, sp.feeds[idx].remote / 2, 1,
			    now);
			(void)sync_deferred(&sp, now);
			break;
		case 6:
			sync_tick(&sp, now);
			break;
		default:
			if ((rng >> 50) % 16 == 0)
				sync_on_disconnect(&sp);
			break;
		}
		assert_int_equal(sync_inflight(&sp), inflight_counted(&sp));
	}
	sync_peer_clear(&sp);
}

/*
 * A peer with nothing to be sent is not asked again until something
 * changes, and every change makes it asked: our heads moving, a reset
 * it sends, an ack that returns the credit a full window held back.
 */
static void
test_quiet_until_change(void **state)
{
	struct sent_log	 l;
	struct repl_io	 io = { &l, sent_frontier, sent_batch, NULL,
			    sent_ping, NULL };
	struct repl	 r;
	uint64_t	 heads[1] = { 0 };
	int64_t		 now = 1000;
	int		 i;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_ok(repl_init(&r, 1, 1, heads, &io));
	assert_ok(repl_on_heard(&r, 0, now));
	assert_ok(repl_on_hello(&r, 0, REPL_PROTOCOL, now));
	repl_on_head(&r, 0, 0, 0, 0, now);
	repl_on_full(&r, 0);
	repl_pump(&r, now);
	l.n = 0;

	heads[0] = 2;
	repl_pump(&r, now);
	{
		const char *want[] = { "batch p0 f0 1..2" };
		sent_expect(&l, want, 1);
	}
	repl_on_head(&r, 0, 0, 2, 0, now);	/* acked */
	for (i = 0; i < 3; i++)
		repl_pump(&r, now);
	sent_expect(&l, NULL, 0);

	/* It lost what it had: its reset makes it asked, and resent. */
	repl_on_head(&r, 0, 0, 0, 1, now);
	repl_pump(&r, now);
	{
		const char *want[] = { "batch p0 f0 1..2" };
		sent_expect(&l, want, 1);
	}
	repl_on_head(&r, 0, 0, 2, 0, now);

	/* A full window holds the rest back until an ack returns credit. */
	heads[0] = 2 + SYNC_WINDOW + 10;
	for (i = 0; i < SYNC_WINDOW / SYNC_BATCH + 2; i++)
		repl_pump(&r, now);
	assert_int_equal(l.n, 16);	/* the log keeps the first 16 lines */
	assert_int_equal(sync_inflight(&r.peers[0].sync), SYNC_WINDOW);
	l.n = 0;
	repl_pump(&r, now);
	sent_expect(&l, NULL, 0);
	repl_on_head(&r, 0, 0, 2 + SYNC_WINDOW, 0, now);
	repl_pump(&r, now);
	{
		char	want_line[64];
		const char *want[1] = { want_line };

		snprintf(want_line, sizeof(want_line), "batch p0 f0 %d..%d",
		    3 + SYNC_WINDOW, 2 + SYNC_WINDOW + 10);
		sent_expect(&l, want, 1);
	}
	repl_clear(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_and_ack),
		cmocka_unit_test(test_retransmit_and_reset),
		cmocka_unit_test(test_retransmit_per_feed),
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_byte_window),
		cmocka_unit_test(test_reset_limit),
		cmocka_unit_test(test_dial_backoff),
		cmocka_unit_test(test_batch_tells_head),
		cmocka_unit_test(test_inflight_kept),
		cmocka_unit_test(test_quiet_until_change),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
