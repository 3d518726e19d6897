/*
 * sim_check.c - the invariants the simulation checks (RELIABILITY.md
 * 7.1): I1 (every acked record stays with its author), I3 (every record
 * anywhere is the one its author wrote), the chain and contiguity of
 * every feed, and I4 (every node holds every author's head).  Reads the
 * nodes' state; changes nothing but the run's verdict.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"

/* Chain, contiguity, I1 and I3 for one node's feeds. */
void
check_node(struct sim *s, int k)
{
	const struct feed	*f, *truth;
	const struct rec	*r;
	uint64_t		 i;
	int			 a;

	for (a = 0; a < SIM_NODES && !s->failed; a++) {
		f = &s->nodes[k].feeds[a];
		truth = &s->authored[a];
		if (a == k && f->head < truth->head)
			fail(s, "I1: n%d holds %" PRIu64 " of its own %" PRIu64
			    " acked records", k, f->head, truth->head);
		for (i = 0; i < f->head && !s->failed; i++) {
			r = &f->recs[i];
			if (r->seq != i + 1)
				fail(s, "contiguity: n%d feed n%d slot %" PRIu64
				    " holds seq %" PRIu64, k, a, i + 1, r->seq);
			else if (r->prev != (i ? f->recs[i - 1].hash : 0) ||
			    r->hash != rec_hash(a, r->seq, r->prev, r->body))
				fail(s, "chain: n%d feed n%d breaks at seq %"
				    PRIu64, k, a, r->seq);
			else if (i >= truth->head ||
			    truth->recs[i].hash != r->hash)
				fail(s, a == k ? "I1: n%d feed n%d seq %" PRIu64
				    " is not the acked record" :
				    "I3: n%d feed n%d seq %" PRIu64
				    " differs from what its author wrote",
				    k, a, r->seq);
		}
	}
}

void
check_all(struct sim *s)
{
	int	k;

	for (k = 0; k < SIM_NODES; k++)
		check_node(s, k);
}

/* I4: every node holds every author's acked head, hash included. */
int
sim_converged(const struct sim *s)
{
	const struct feed	*f;
	int			 k, a;

	for (k = 0; k < SIM_NODES; k++) {
		if (k == s->adv)
			continue;	/* it takes nothing, by design */
		if (!s->nodes[k].up)
			return 0;
		for (a = 0; a < SIM_NODES; a++) {
			f = &s->nodes[k].feeds[a];
			if (f->head != s->authored[a].head ||
			    feed_head_hash(f) !=
			    feed_head_hash(&s->authored[a]))
				return 0;
		}
	}
	return 1;
}

/* Every node up and holding at least what was acked at the heal. */
int
sim_caught_up(const struct sim *s)
{
	int	k, a;

	for (k = 0; k < SIM_NODES; k++) {
		if (k == s->adv)
			continue;
		if (!s->nodes[k].up)
			return 0;
		for (a = 0; a < SIM_NODES; a++)
			if (s->nodes[k].feeds[a].head < s->at_heal[a])
				return 0;
	}
	return 1;
}

/* After an I4 failure: names the lagging feeds; the trace has the rest. */
void
sim_explain(struct sim *s)
{
	int		k, a, live = s->live && s->live_ms < 0;
	size_t		len = strlen(s->why);
	uint64_t	want;

	for (k = 0; k < SIM_NODES; k++)
		for (a = 0; a < SIM_NODES; a++) {
			if (a == s->adv || k == s->adv)
				continue;
			want = live ? s->at_heal[a] : s->authored[a].head;
			if (s->nodes[k].feeds[a].head < want &&
			    len + 40 < sizeof(s->why))
				len += (size_t)snprintf(s->why + len,
				    sizeof(s->why) - len, "; n%d has "
				    "n%d#%" PRIu64 "/%" PRIu64, k, a,
				    s->nodes[k].feeds[a].head, want);
		}
}
