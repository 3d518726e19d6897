/*
 * sim.c - U2: the replication protocol as a deterministic simulation.
 *
 * Five simulated nodes (node 0 is the coordinator) on a random connected
 * graph, so that records must be relayed.  Each node keeps its feeds in
 * memory and runs the real daemon/repl.c (sim_node.c); the network
 * (sim_net.c) loses, duplicates and reorders messages, links go down,
 * and nodes crash, losing all volatile state but keeping committed
 * records (I1).  A local write is acked when it is committed, which here
 * is at once.  In one seed of four the last node is an adversary
 * (sim_adv.c): a member that floods resets, fakes acks and never reads.
 * This file draws the parameters from the seed, runs the event loop and
 * prints the verdict.
 *
 * After the fault phase the network heals: every node is up, every link
 * is up, nobody writes; loss, duplication and reordering go on.  Checked:
 * I1 (every acked record stays with its author), I3 (every record anywhere
 * is the one its author wrote), the chain and contiguity of every feed,
 * and I4 (identical heads everywhere within SIM_CONVERGE_MS of the heal);
 * with an adversary, also that what it can make a node send is bounded.
 *
 * Everything comes from one PRNG seeded by the run's seed, so a failing
 * seed replays exactly: sim --seed S --trace.  --mutant NAME injects a
 * known bug to show the checks can fail.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"

const char *mutant_names[] = {
	"none", "gap", "noretransmit", "stalehead", "peerclock", "resetflood",
	NULL
};

/* ---- setup and the main loop ---- */

/*
 * The honest nodes form a connected graph of their own: the adversary is
 * linked to one or two of them and never needed to relay.
 */
static void
sim_topology(struct sim *s)
{
	int	order[SIM_NODES], i, j, t, nh = s->adv < 0 ? SIM_NODES :
		    SIM_NODES - 1;
	double	extra = rnd01(s) * 0.6;

	for (i = 0; i < nh; i++)
		order[i] = i;
	for (i = nh - 1; i > 0; i--) {
		j = (int)rnd(s, (uint64_t)i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	/* A random spanning tree keeps it connected ... */
	for (i = 1; i < nh; i++) {
		j = order[rnd(s, (uint64_t)i)];
		s->linked[order[i]][j] = s->linked[j][order[i]] = 1;
	}
	/* ... and a few extra links make more than one path. */
	for (i = 0; i < nh; i++)
		for (j = i + 1; j < nh; j++)
			if (rnd01(s) < extra)
				s->linked[i][j] = s->linked[j][i] = 1;
	if (s->adv >= 0)
		for (i = 0; i < 2; i++) {
			j = (int)rnd(s, (uint64_t)nh);
			s->linked[s->adv][j] = s->linked[j][s->adv] = 1;
		}
}

static void
sim_init(struct sim *s, uint64_t seed, int trace_on, enum mutant mut)
{
	int	k, a, heavy;

	memset(s, 0, sizeof(*s));
	s->seed = seed;
	s->rng = seed * 0x2545f4914f6cdd1dULL;
	s->trace = trace_on;
	s->mutant = mut;
	s->converged_ms = -1;
	s->live_ms = -1;
	s->adv = mut == MUT_RESETFLOOD || rnd(s, 4) == 0 ? SIM_NODES - 1 : -1;
	sim_topology(s);
	s->p_drop = rnd(s, 2) ? rnd01(s) * 0.3 : rnd01(s) * 0.02;
	s->p_dup = rnd01(s) * 0.1;
	s->p_sendfail = rnd01(s) * 0.05;
	s->lat_min = 1 + (int64_t)rnd(s, 20);
	s->jitter = (int64_t)rnd(s, 400);
	s->crash_mean = 5000 + (int64_t)rnd(s, 25000);
	s->down_max = 100 + (int64_t)rnd(s, 10000);
	s->link_fault_mean = 2000 + (int64_t)rnd(s, 15000);
	s->link_down_max = 500 + (int64_t)rnd(s, 15000);
	s->heal_at = 20000 + (int64_t)rnd(s, 40000);
	/* One seed in ten has a heavy writer: windows fill, batches fill. */
	heavy = rnd(s, 10) == 0 ? (int)rnd(s, SIM_NODES) : -1;
	for (k = 0; k < SIM_NODES; k++) {
		s->write_mean[k] = 50 + (int64_t)rnd(s, 450);
		s->burst_max[k] = 1 + (int)rnd(s, 16);
		if (k == heavy) {
			s->write_mean[k] = 100;
			s->burst_max[k] = SYNC_BATCH;
		}
	}
	/*
	 * In half the seeds some nodes go on writing for SIM_CONVERGE_MS
	 * after the heal: what was acked before it must still arrive.
	 */
	s->live = (int)rnd(s, 2);
	for (k = 0; k < SIM_NODES; k++)
		s->write_on[k] = s->live && rnd(s, 2);
	if (s->live)
		s->write_on[rnd(s, SIM_NODES)] = 1;
	s->quiet_at = s->heal_at + (s->live ? SIM_CONVERGE_MS : 0);
	for (k = 0; k < SIM_NODES; k++) {
		struct snode *nd = &s->nodes[k];

		sim_node_init(s, k);
		nd->next_tick = (int64_t)rnd(s, NODE_TICK_MS);
		nd->next_write = rnd_exp(s, s->write_mean[k]);
		nd->next_crash = rnd_exp(s, s->crash_mean);
	}
	s->next_link_fault = rnd_exp(s, s->link_fault_mean);
	adv_init(s);
	trace(s, "seed %" PRIu64 ": drop %.3f dup %.3f sendfail %.3f latency "
	    "%" PRId64 "+%" PRId64 " ms, heal at %.3f, quiet at %.3f, heavy "
	    "n%d, adversary n%d", seed, s->p_drop, s->p_dup, s->p_sendfail,
	    s->lat_min, s->jitter, (double)s->heal_at / 1000.0,
	    (double)s->quiet_at / 1000.0, heavy, s->adv);
	for (k = 0; k < SIM_NODES; k++)
		for (a = k + 1; a < SIM_NODES; a++)
			if (s->linked[k][a])
				trace(s, "link n%d <-> n%d", k, a);
}

static void
sim_free(struct sim *s)
{
	int	k;

	while (s->nheap > 0)
		msg_free(heap_pop(s));
	free(s->heap);
	for (k = 0; k < SIM_NODES; k++) {
		sim_node_free(s, k);
		free(s->authored[k].recs);
	}
}

/* I4 and the rest: sim_check.c. */

/* The earliest pending event; sets *what and *who. */
#define EV_MSG		1
#define EV_TICK		2
#define EV_WRITE	3
#define EV_CRASH	4
#define EV_RESTART	5
#define EV_LINK		6
#define EV_ADV		7

static int64_t
sim_next_event(struct sim *s, int *what, int *who)
{
	int64_t		 best = INT64_MAX;
	struct snode	*nd;
	int		 k, faults = s->now < s->heal_at;

#define CAND(t, w, k_) do {						\
	if ((t) < best) {						\
		best = (t);						\
		*what = (w);						\
		*who = (k_);						\
	}								\
} while (0)
	if (s->nheap > 0)
		CAND(s->heap[0]->at, EV_MSG, -1);
	if (s->adv >= 0)
		CAND(adv_next_event(s), EV_ADV, -1);
	for (k = 0; k < SIM_NODES; k++) {
		nd = &s->nodes[k];
		if (k == s->adv)
			continue;
		if (!nd->up) {
			CAND(nd->restart_at, EV_RESTART, k);
			continue;
		}
		CAND(sim_tick_at(nd), EV_TICK, k);
		if (faults || (s->write_on[k] && s->now < s->quiet_at))
			CAND(nd->next_write, EV_WRITE, k);
		if (faults)
			CAND(nd->next_crash, EV_CRASH, k);
	}
	if (faults)
		CAND(s->next_link_fault, EV_LINK, -1);
#undef CAND
	return best;
}

static void
sim_run(struct sim *s)
{
	struct snode	*nd;
	struct msg	*m;
	int64_t		 t;
	int		 what = 0, who = 0, k, healed = 0;

	while (!s->failed) {
		t = sim_next_event(s, &what, &who);
		if (t > s->quiet_at + SIM_CONVERGE_MS)
			break;
		if (t >= s->heal_at && !healed) {
			healed = 1;
			for (k = 0; k < SIM_NODES; k++)
				s->at_heal[k] = s->authored[k].head;
		}
		if (s->live && s->live_ms < 0 && t >= s->quiet_at) {
			fail(s, "I4: records acked before the heal are not "
			    "everywhere %d s after it (writes going on)",
			    SIM_CONVERGE_MS / 1000);
			break;
		}
		s->now = t;
		nd = who >= 0 ? &s->nodes[who] : NULL;
		switch (what) {
		case EV_MSG:
			m = heap_pop(s);
			sim_deliver(s, m);
			msg_free(m);
			break;
		case EV_TICK:
			sim_tick(s, who);
			nd->next_tick = 0;	/* from now on repl's wake */
			break;
		case EV_WRITE:
			if (s->now < s->heal_at || (s->write_on[who] &&
			    s->now < s->quiet_at))
				sim_write(s, who);
			nd->next_write = s->now + rnd_exp(s,
			    s->write_mean[who]);
			break;
		case EV_CRASH:
			if (s->now < s->heal_at)
				sim_crash(s, who);
			break;
		case EV_RESTART:
			sim_restart(s, who);
			break;
		case EV_ADV:
			adv_act(s);
			break;
		case EV_LINK:
			if (s->now < s->heal_at)
				sim_link_fault(s);
			s->next_link_fault = s->now + rnd_exp(s,
			    s->link_fault_mean);
			break;
		}
		if (s->live && s->live_ms < 0 && healed && sim_caught_up(s)) {
			s->live_ms = s->now - s->heal_at;
			trace(s, "what was acked at the heal is everywhere "
			    "%.3f s after it", (double)s->live_ms / 1000.0);
		}
		if (s->now >= s->quiet_at && sim_converged(s)) {
			s->converged_ms = s->now - s->quiet_at;
			trace(s, "converged %.3f s after the writes stopped",
			    (double)s->converged_ms / 1000.0);
			break;
		}
	}
	check_all(s);
	if (!s->failed && s->converged_ms < 0)
		fail(s, "I4: not converged %d s after the heal and the "
		    "last write", SIM_CONVERGE_MS / 1000);
	if (s->failed && strncmp(s->why, "I4", 2) == 0 && !s->trace)
		sim_explain(s);
}

static void
usage(void)
{
	fprintf(stderr, "usage: sim [--seeds N | --seed S] [--first S] "
	    "[--trace] [-v] [--stop]\n"
	    "           [--mutant gap|noretransmit|stalehead|peerclock|"
	    "resetflood]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct sim	*s;
	enum mutant	 mut = MUT_NONE;
	uint64_t	 first = 1, nseeds = 2000, seed, nfail = 0;
	uint64_t	 msgs = 0, drops = 0, crashes = 0, records = 0;
	int64_t		 worst = 0, sum = 0, live_worst = 0;
	uint64_t	 worst_seed = 0;
	clock_t		 c0 = clock();
	int		 i, j, trace_on = 0, verbose = 0, found, stop = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seeds") == 0 && i + 1 < argc)
			nseeds = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			first = strtoull(argv[++i], NULL, 10);
			nseeds = 1;
		} else if (strcmp(argv[i], "--first") == 0 && i + 1 < argc)
			first = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--trace") == 0)
			trace_on = 1;
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "--stop") == 0)
			stop = 1;	/* at the first failing seed */
		else if (strcmp(argv[i], "--mutant") == 0 && i + 1 < argc) {
			i++;
			for (j = 0, found = 0; mutant_names[j] != NULL; j++)
				if (strcmp(argv[i], mutant_names[j]) == 0) {
					mut = (enum mutant)j;
					found = 1;
				}
			if (!found)
				usage();
		} else
			usage();
	}
	if ((s = malloc(sizeof(*s))) == NULL)
		return 2;
	for (seed = first; seed < first + nseeds; seed++) {
		sim_init(s, seed, trace_on, mut);
		sim_run(s);
		if (s->failed) {
			printf("FAIL seed=%" PRIu64 ": %s\n", seed, s->why);
			printf("  replay: sim --seed %" PRIu64 "%s%s --trace\n",
			    seed, mut ? " --mutant " : "",
			    mut ? mutant_names[mut] : "");
			nfail++;
		} else {
			if (verbose)
				printf("seed=%" PRIu64 ": %" PRIu64 " records, "
				    "converged %.3f s after the last write, "
				    "caught up %.3f s after the heal\n", seed,
				    s->nrecords,
				    (double)s->converged_ms / 1000.0,
				    (double)s->live_ms / 1000.0);
			if (s->live_ms > live_worst)
				live_worst = s->live_ms;
			sum += s->converged_ms;
			if (s->converged_ms > worst) {
				worst = s->converged_ms;
				worst_seed = seed;
			}
		}
		msgs += s->nmsgs;
		drops += s->ndrops;
		crashes += s->ncrashes;
		records += s->nrecords;
		sim_free(s);
		if (stop && nfail > 0) {
			nseeds = seed - first + 1;	/* the seeds run */
			break;
		}
	}
	free(s);
	printf("sim: %" PRIu64 " seeds from %" PRIu64 "%s%s: %" PRIu64
	    " records written, %" PRIu64 " messages (%" PRIu64 " lost), %"
	    PRIu64 " crashes; converged after the last write in %.2f s mean, "
	    "%.2f s worst (seed %" PRIu64 "); with writes going on, what was "
	    "acked at the heal arrived within %.2f s; %.1f s CPU\n", nseeds,
	    first, mut ? ", mutant " : "", mut ? mutant_names[mut] : "",
	    records, msgs, drops, crashes, nseeds > nfail ? (double)sum /
	    (double)(nseeds - nfail) / 1000.0 : 0.0, (double)worst / 1000.0,
	    worst_seed, (double)live_worst / 1000.0,
	    (double)(clock() - c0) / CLOCKS_PER_SEC);
	printf("%" PRIu64 " passed, %" PRIu64 " failed\n", nseeds - nfail,
	    nfail);
	return nfail == 0 ? 0 : 1;
}
