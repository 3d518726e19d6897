/*
 * attack.h - what the parts of sp_attack (tests/hostile) share: the
 * attacker's state, the node's counters as seen through its control
 * socket, and the helpers every attack uses.
 *
 *   sp_attack.c  main, the victim's counters and store, the connection
 *   forge.c      building and signing records; the sixteen S2 classes
 *   frames.c     malformed, oversized and amplification frames (S2)
 *   unauth.c     random keys, raw TCP, half-open handshakes (S3); probe
 */
#ifndef SP_ATTACK_H
#define SP_ATTACK_H

#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "keys.h"
#include "record.h"

#define NREASONS	(SP_ERR_COUNT + 1)
#define MAX_FORK	16		/* fork authors f1 .. f16 */
#define PEER_NAME	"evil"		/* our name in the victim's config */
#define REGION		"region"	/* the victim's region */
#define WAIT_MS		30000		/* for the node's counters to settle */
#define SETTLE_MS	300		/* then for any excess to show */
#define NEST_DEPTH	10000		/* levels of the nesting attack */
#define ZMQ_SLACK	4096		/* node's MAXMSGSIZE - WIRE_MAX_FRAME */

struct attack {
	void		*ctx;
	void		*sock;		/* DEALER to the victim, CURVE */
	void		*mon;		/* PAIR: events of sock */
	void		*ctl;		/* DEALER to the victim's control socket */
	const char	*endpoint;
	const char	*datadir;
	uint8_t		 victim[KEY_PUBLIC_LEN];
	uint8_t		 vcurve[KEY_CURVE_LEN];
	struct identity	 evil, k1;
	struct identity	 fork[MAX_FORK];
	size_t		 nfork;
	uint64_t	 k1_seq;	/* k1's head in the victim, as we track it */
	uint8_t		 k1_hash[RECORD_HASH_LEN];
	uint64_t	 evil_seq;
	uint8_t		 evil_hash[RECORD_HASH_LEN];
	uint64_t	 fork_seq[MAX_FORK];
	uint64_t	 rng;		/* xorshift state */
	unsigned	 serial;	/* makes every record body distinct */
	int		 failed;
};

/* What the node counted for peer evil, or what a class expects it to. */
struct counters {
	uint64_t	rej[NREASONS];	/* by -code */
	uint64_t	dup;		/* records already held */
	uint64_t	received;	/* records accepted */
	uint64_t	auth;		/* node: ZAP refusals */
};

/* One hostile record, to look for in the victim's store afterwards. */
struct hrec {
	uint8_t		author[KEY_PUBLIC_LEN];
	uint64_t	seq;
	uint8_t		hash[RECORD_HASH_LEN];
};

/* One message of a class. */
struct msg {
	uint8_t		*frame;
	size_t		 len;
	struct counters	 expect;	/* what it must move */
	int		 has_rec;	/* rec names its hostile record */
	struct hrec	 rec;
};

extern const uint8_t zero_hash[RECORD_HASH_LEN];
extern const uint8_t small_order[8][32];

/* sp_attack.c */
void	fail(struct attack *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	die(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
int64_t	now_ms(void);
void	sleep_ms(int ms);
uint64_t rnd(struct attack *a);
size_t	rnd_below(struct attack *a, size_t n);
void	rnd_fill(struct attack *a, uint8_t *p, size_t n);
void	*xmalloc(size_t n);
int	status_query(struct attack *a, struct counters *c);
void	status_must(struct attack *a, struct counters *c);
uint64_t refusals(const struct counters *c);
void	delta(const struct counters *after, const struct counters *before,
	    struct counters *d);
void	add(struct counters *sum, const struct counters *c);
int	same(const struct counters *x, const struct counters *y);
void	wait_counts(struct attack *a, const struct counters *before,
	    const struct counters *want, struct counters *d);
uint64_t store_head(struct attack *a, const uint8_t *author, uint8_t *hash,
	    uint32_t *flags);
size_t	store_holds(struct attack *a, const struct hrec *recs, size_t n);
size_t	store_evidence(struct attack *a);
int	store_copy(struct attack *a, const uint8_t *author, uint64_t seq,
	    uint8_t **out, size_t *outlen);
void	drain(struct attack *a);
int	mon_event(void *mon, int ms);
int	mon_wait(void *mon, int want, int ms);
void	send_frame(struct attack *a, const uint8_t *buf, size_t len);
void	report(struct attack *a, const char *name, size_t sent,
	    const struct counters *want, const struct counters *got,
	    size_t accepted, const char *extra);

/* forge.c */
void	rec_next(struct attack *a, const uint8_t *author, uint64_t seq,
	    const uint8_t *prev, const char *region, uint8_t **out,
	    size_t *len);
void	sign_rec(const struct identity *id, const uint8_t *rec, size_t len,
	    uint8_t sig[RECORD_SIG_LEN]);
void	env_pack(const uint8_t *rec, size_t len, const uint8_t *sig,
	    size_t siglen, uint8_t **out, size_t *outlen);
void	frame_batch(struct msg *m, uint8_t **envs, size_t *lens, size_t n);
void	k1_next(struct attack *a, const char *region, uint8_t **rec,
	    size_t *len);
void	attack_forged(struct attack *a, size_t count);

/* frames.c */
void	attack_malformed(struct attack *a, size_t count);
void	attack_oversized(struct attack *a, size_t count);
void	attack_amplify(struct attack *a, size_t count);

/* unauth.c */
void	attack_randomkeys(struct attack *a, size_t count);
void	attack_tcp(struct attack *a, const char *host, int port, size_t count,
	    int halfopen);
void	attack_probe(struct attack *a, const char *stop, int64_t bound);

#endif
