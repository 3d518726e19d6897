/*
 * sim_net.c - the simulation's randomness, reporting and network.
 *
 * The network is a priority queue of messages on the simulated clock:
 * each message may be dropped, duplicated or delayed by a random jitter
 * (which reorders), links go down (both ways or one way) and lose what
 * was in flight, and sends fail now and then (a full ZeroMQ queue).
 * Owns no node state; sim_node.c decides what is sent.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n, size)) == NULL) {
		perror("sim");
		exit(2);
	}
	return p;
}

/* ---- deterministic randomness ---- */

uint64_t
splitmix(uint64_t *x)
{
	uint64_t	z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
rnd(struct sim *s, uint64_t n)
{
	return n == 0 ? 0 : splitmix(&s->rng) % n;
}

double
rnd01(struct sim *s)
{
	return (double)(splitmix(&s->rng) >> 11) / (double)(1ULL << 53);
}

/* An exponential delay with the given mean, at least 1 ms. */
int64_t
rnd_exp(struct sim *s, int64_t mean)
{
	double	u = rnd01(s), x = 0, t = 1;
	int	i;

	/* -log(1 - u) without libm: a short series is plenty here. */
	for (i = 1; i < 60; i++) {
		t *= u;
		x += t / i;
	}
	return 1 + (int64_t)(x * (double)mean);
}

uint64_t
rec_hash(int author, uint64_t seq, uint64_t prev, uint64_t body)
{
	uint64_t	x = (uint64_t)author * 0x100000001b3ULL ^ seq;

	x = splitmix(&x) ^ prev;
	x = splitmix(&x) ^ body;
	return splitmix(&x) | 1;
}

/* ---- reporting ---- */

void
trace(struct sim *s, const char *fmt, ...)
{
	va_list	ap;

	if (!s->trace)
		return;
	printf("%8.3f ", (double)s->now / 1000.0);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void
fail(struct sim *s, const char *fmt, ...)
{
	va_list	ap;

	if (s->failed)
		return;
	s->failed = 1;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
	trace(s, "VIOLATION %s", s->why);
}

/* ---- the transport ---- */

static int
msg_before(const struct msg *a, const struct msg *b)
{
	return a->at != b->at ? a->at < b->at : a->order < b->order;
}

void
heap_push(struct sim *s, struct msg *m)
{
	size_t		 i;
	struct msg	*t;

	if (s->nheap == s->capheap) {
		s->capheap = s->capheap ? s->capheap * 2 : 1024;
		s->heap = realloc(s->heap, s->capheap * sizeof(*s->heap));
		if (s->heap == NULL) {
			perror("sim");
			exit(2);
		}
	}
	i = s->nheap++;
	s->heap[i] = m;
	while (i > 0 && msg_before(s->heap[i], s->heap[(i - 1) / 2])) {
		t = s->heap[i];
		s->heap[i] = s->heap[(i - 1) / 2];
		s->heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

struct msg *
heap_pop(struct sim *s)
{
	struct msg	*top = s->heap[0], *t;
	size_t		 i = 0, c;

	s->heap[0] = s->heap[--s->nheap];
	for (;;) {
		c = 2 * i + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && msg_before(s->heap[c + 1], s->heap[c]))
			c++;
		if (!msg_before(s->heap[c], s->heap[i]))
			break;
		t = s->heap[i];
		s->heap[i] = s->heap[c];
		s->heap[c] = t;
		i = c;
	}
	return top;
}

void
msg_free(struct msg *m)
{
	free(m->recs);
	free(m);
}

int
link_up(struct sim *s, int a, int b)
{
	return s->down_until[a][b] <= s->now;
}

/*
 * Sends m from m->from to m->to; takes m.  Returns -1 when the send
 * fails at once (a full queue, as zmq_send with ZMQ_DONTWAIT), else 0,
 * though the network may still lose, duplicate or delay it.
 */
int
net_send(struct sim *s, struct msg *m)
{
	struct msg	*d;
	int		 a = m->from, b = m->to, copies = 1, i;

	if (s->queued[a][b] >= SIM_HWM || rnd01(s) < s->p_sendfail) {
		msg_free(m);
		return -1;
	}
	s->nmsgs++;
	if (!link_up(s, a, b) || rnd01(s) < s->p_drop) {
		s->ndrops++;
		msg_free(m);
		return 0;	/* a blackhole: the sender cannot tell */
	}
	if (rnd01(s) < s->p_dup)
		copies = 2;
	m->from_epoch = s->nodes[a].epoch;
	m->to_epoch = s->nodes[b].epoch;
	m->link_epoch = s->link_epoch[a][b];
	for (i = 0; i < copies; i++) {
		if (i == 0)
			d = m;
		else {
			d = xcalloc(1, sizeof(*d));
			*d = *m;
			d->recs = NULL;
			if (m->n > 0) {
				d->recs = malloc(m->n * sizeof(*m->recs));
				if (d->recs == NULL) {
					perror("sim");
					exit(2);
				}
				memcpy(d->recs, m->recs,
				    m->n * sizeof(*m->recs));
			}
		}
		d->at = s->now + s->lat_min + (int64_t)rnd(s,
		    (uint64_t)s->jitter + 1);
		d->order = s->order++;
		s->queued[a][b]++;
		heap_push(s, d);
	}
	return 0;
}

struct msg *
msg_new(int kind, int from, int to)
{
	struct msg	*m;

	m = xcalloc(1, sizeof(*m));
	m->kind = kind;
	m->from = from;
	m->to = to;
	return m;
}
