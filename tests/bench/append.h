/*
 * append.h - the records samplan-bench writes, the local append timed
 * against raw signing, and a feed's envelopes copied out (append.c).
 */
#ifndef SAMPLAN_BENCH_APPEND_H
#define SAMPLAN_BENCH_APPEND_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "samplan.pb-c.h"
#include "store.h"

#define BENCH_BATCH		256	/* records per peer batch */
#define BENCH_APPEND_ROUNDS	5	/* interleaved with signing */
#define APPEND_KINDS		4	/* 64, 256, 64 in one thread, dry */

struct append_figures {
	double	sign;			/* raw signing, per second */
	double	rate[APPEND_KINDS];	/* records per second */
	double	ratio[APPEND_KINDS];	/* to signing in the same round */
};

/* A measure record numbered i; title is 96 bytes of the caller's. */
void	bench_measure_body(Samplan__Record *, Samplan__Measure *, char *title,
	    int i);
/* Appends n records to id's feed in s, group per commit. */
int	bench_append_n(struct store *, const struct identity *, size_t n,
	    size_t group);
/* The local append against raw signing, in stores under base. */
void	bench_append_rounds(const char *base, const struct identity *,
	    struct append_figures *);
/* Copies feed author's envelopes 1..n, and their LMDB keys, out of dir. */
void	bench_read_feed(const char *dir, const uint8_t *author, size_t n,
	    uint8_t ***envs, size_t **lens, uint8_t ***keys);
void	bench_free_feed(uint8_t **envs, size_t *lens, uint8_t **keys,
	    size_t n);

#endif
