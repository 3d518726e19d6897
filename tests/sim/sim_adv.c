/*
 * sim_adv.c - the simulation's adversary: an authenticated member (the
 * last node, in one seed of four) that speaks the protocol but never
 * takes anything.  Every ADV_EVERY_MS it tells each honest neighbour
 * that it holds nothing and wants everything again (a reset), and it
 * drops whatever it is sent: the attack of issue 8 that once made a
 * coordinator queue a whole feed per loop turn.
 *
 * Checked: what one honest node sends the adversary in any retransmit
 * period stays within one window (or all it holds, if less) per
 * SYNC_RESET_IDLE_MS, plus six, and the honest nodes still converge
 * (sim_check.c skips the adversary).
 * --mutant resetflood restores the old rule (every reset honoured) and
 * must be caught here.
 */
#include <inttypes.h>
#include <string.h>

#include "sim.h"

#define ADV_EVERY_MS	20	/* one reset per neighbour this often */

void
adv_init(struct sim *s)
{
	s->adv_next = s->adv >= 0 ? 100 + (int64_t)rnd(s, 100) : INT64_MAX;
	s->adv_period = 0;
	memset(s->adv_sent, 0, sizeof(s->adv_sent));
}

int64_t
adv_next_event(const struct sim *s)
{
	return s->adv_next;
}

static void
adv_frontier(struct sim *s, int to, int reset)
{
	struct msg	*m = msg_new(MSG_FRONTIER, s->adv, to);
	int		 a;

	m->reset = reset;
	for (a = 0; a < SIM_NODES; a++)
		m->has[a] = 1;		/* all at 0: it holds nothing */
	m->bytes = SIM_MSG_BYTES + 48 * SIM_NODES;
	net_send(s, m);
}

void
adv_act(struct sim *s)
{
	int	j;

	for (j = 0; j < SIM_NODES; j++)
		if (j != s->adv && s->linked[s->adv][j])
			adv_frontier(s, j, 1);
	s->adv_next = s->now + ADV_EVERY_MS;
}

/* A window, or all the sender holds, per honoured reset, and six more. */
static size_t
adv_bound(const struct sim *s, int from)
{
	size_t	held = 0, once;
	int	a;

	for (a = 0; a < SIM_NODES; a++)
		held += (size_t)s->nodes[from].heads[a] *
		    (SIM_REC_BYTES + SIM_MSG_BYTES);
	once = SYNC_WINDOW_BYTES + NODE_BATCH_BYTES;
	if (held < once)
		once = held;
	return (SYNC_RETRANSMIT_MS / SYNC_RESET_IDLE_MS + 6) * once;
}

void
adv_receive(struct sim *s, const struct msg *m)
{
	int	k;

	if (s->now - s->adv_period >= SYNC_RETRANSMIT_MS) {
		s->adv_period = s->now;
		for (k = 0; k < SIM_NODES; k++)
			s->adv_sent[k] = 0;
	}
	if (m->kind != MSG_BATCH)
		return;
	s->adv_sent[m->from] += m->bytes;
	if (s->adv_sent[m->from] > adv_bound(s, m->from))
		fail(s, "cost: n%d sent the adversary %zu bytes within %d ms "
		    "(bound %zu)", m->from, s->adv_sent[m->from],
		    SYNC_RETRANSMIT_MS, adv_bound(s, m->from));
}
