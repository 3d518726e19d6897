/*
 * sim.h - what the parts of the U2 simulation (tests/sim) share: the
 * simulated nodes, the in-memory network, the run's parameters and
 * outcome.
 *
 *   sim.c        main, parameters drawn from the seed, the event loop
 *   sim_net.c    randomness, reporting, the lossy network (a heap of
 *                messages on the simulated clock)
 *   sim_node.c   one node: daemon/repl.c driven over the network, feeds
 *                in memory, ingest as feed_ingest, writes, crash, restart
 *   sim_check.c  the invariants I1, I3, I4, chain and contiguity
 *   sim_adv.c    the adversary: an authenticated member that floods
 *                resets, fakes acks and never reads
 *
 * The replication decisions are daemon/repl.c's own (linked from
 * libsamplan), not a copy: the simulation tests the code samplan-node
 * runs.  Everything random comes from one PRNG seeded by the seed.
 */
#ifndef SP_SIM_H
#define SP_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "node.h"
#include "repl.h"
#include "sync.h"

#define SIM_NODES		5	/* coordinator + 4 */
#define SIM_CONVERGE_MS		60000	/* I4: bound after heal */
#define SIM_HWM			NODE_SNDHWM	/* queue per link */
#define SIM_REC_BYTES		300	/* a record on the wire */
#define SIM_MSG_BYTES		16	/* a message's own overhead */

enum mutant {
	MUT_NONE,
	MUT_GAP,		/* ingest accepts a batch past a gap */
	MUT_NORETRANSMIT,	/* sync_tick never called */
	MUT_STALEHEAD,		/* restart resumes from an old head */
	MUT_PEERCLOCK,		/* the old per-peer retransmit clock */
	MUT_RESETFLOOD,		/* every reset honoured, as before issue 8 */
};

extern const char *mutant_names[];

struct rec {
	uint64_t	seq;		/* position in the author's feed */
	uint64_t	prev;		/* hash of seq - 1, 0 for seq 1 */
	uint64_t	body;		/* the content: random per write */
	uint64_t	hash;		/* H(author, seq, prev, body) */
};

struct feed {
	struct rec	*recs;		/* recs[i].seq == i + 1 */
	uint64_t	 head;		/* records held */
	size_t		 cap;
};

struct sim;

struct snode {
	struct sim	*sim;		/* back to the run */
	int		 k;		/* this node's index */
	struct feed	 feeds[SIM_NODES];	/* committed: survive */
	uint64_t	 heads[SIM_NODES];	/* n->heads for repl_pump */
	int		 linked[SIM_NODES];	/* configured peer with a link */
	int64_t		 old_progress[SIM_NODES];	/* MUT_PEERCLOCK */
	struct repl	 repl;		/* daemon/repl.c: volatile */
	int		 up;
	unsigned	 epoch;		/* bumped by each crash */
	int64_t		 next_tick;
	int64_t		 next_write;
	int64_t		 next_crash;	/* while up */
	int64_t		 restart_at;	/* while down */
};

#define MSG_FRONTIER	1
#define MSG_BATCH	2
#define MSG_HELLO	3
#define MSG_PING	4

struct msg {
	int64_t		 at;		/* delivery time, ms */
	uint64_t	 order;		/* tie-break: send order */
	int		 from, to;
	unsigned	 from_epoch, to_epoch, link_epoch;
	int		 kind;
	int		 reset;		/* frontier */
	int		 full;		/* frontier: of every feed */
	uint32_t	 protocol;	/* hello */
	int		 has[SIM_NODES];	/* frontier: feeds it carries */
	uint64_t	 heads[SIM_NODES];	/* frontier */
	int		 author;	/* batch */
	size_t		 n;		/* batch */
	struct rec	*recs;		/* batch, owned */
	size_t		 bytes;		/* its size on the wire */
};

struct sim {
	uint64_t	 seed;
	uint64_t	 rng;
	int		 trace;
	enum mutant	 mutant;
	int64_t		 now;
	struct snode	 nodes[SIM_NODES];
	struct feed	 authored[SIM_NODES];	/* truth: acked */
	int		 linked[SIM_NODES][SIM_NODES];
	int64_t		 down_until[SIM_NODES][SIM_NODES]; /* a->b */
	unsigned	 link_epoch[SIM_NODES][SIM_NODES];
	size_t		 queued[SIM_NODES][SIM_NODES];
	int64_t		 next_link_fault;
	struct msg	**heap;
	size_t		 nheap, capheap;
	uint64_t	 order;
	/* Parameters, drawn from the seed. */
	double		 p_drop, p_dup, p_sendfail;
	int64_t		 lat_min, jitter;
	int64_t		 write_mean[SIM_NODES];
	int		 burst_max[SIM_NODES];
	int64_t		 crash_mean, down_max;
	int64_t		 link_fault_mean, link_down_max;
	int64_t		 heal_at;
	int		 live;		/* writes go on after heal */
	int		 write_on[SIM_NODES];	/* ... these ones */
	int64_t		 quiet_at;	/* writing stops */
	uint64_t	 at_heal[SIM_NODES];	/* acked at the heal */
	/* The adversary (sim_adv.c), in some seeds. */
	int		 adv;		/* its node index, or -1 */
	int64_t		 adv_next;	/* its next flood */
	size_t		 adv_sent[SIM_NODES];	/* bytes to it this period */
	int64_t		 adv_period;	/* start of that period */
	/* Outcome. */
	int		 failed;
	char		 why[512];
	int64_t		 converged_ms;	/* after quiet_at, or -1 */
	int64_t		 live_ms;	/* at_heal everywhere, or -1 */
	uint64_t	 nmsgs, ndrops, ncrashes, nrecords;
};

/* sim_net.c */
uint64_t splitmix(uint64_t *x);
uint64_t rnd(struct sim *s, uint64_t n);
double	rnd01(struct sim *s);
int64_t	rnd_exp(struct sim *s, int64_t mean);
uint64_t rec_hash(int author, uint64_t seq, uint64_t prev, uint64_t body);
void	trace(struct sim *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	fail(struct sim *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	*xcalloc(size_t n, size_t size);
void	heap_push(struct sim *s, struct msg *m);
struct msg *heap_pop(struct sim *s);
void	msg_free(struct msg *m);
struct msg *msg_new(int kind, int from, int to);
int	link_up(struct sim *s, int a, int b);
int	net_send(struct sim *s, struct msg *m);

/* sim_node.c */
void	feed_put(struct feed *f, const struct rec *r);
uint64_t feed_head_hash(const struct feed *f);
void	sim_node_init(struct sim *s, int k);
void	sim_node_free(struct sim *s, int k);
void	sim_deliver(struct sim *s, struct msg *m);
void	sim_tick(struct sim *s, int k);
int64_t	sim_tick_at(const struct snode *nd);
void	sim_write(struct sim *s, int k);
void	sim_crash(struct sim *s, int k);
void	sim_restart(struct sim *s, int k);
void	sim_link_fault(struct sim *s);

/* sim_check.c */
void	check_node(struct sim *s, int k);
void	check_all(struct sim *s);
int	sim_converged(const struct sim *s);
int	sim_caught_up(const struct sim *s);
void	sim_explain(struct sim *s);

/* sim_adv.c */
void	adv_init(struct sim *s);
int64_t	adv_next_event(const struct sim *s);
void	adv_act(struct sim *s);
void	adv_receive(struct sim *s, const struct msg *m);

#endif
