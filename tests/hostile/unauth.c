/*
 * unauth.c - S3, attackers without an allowed key: CURVE handshakes with
 * random keys (our ZAP handler must refuse each, and count it), raw TCP
 * junk and half-open handshakes (libzmq must drop each by HANDSHAKE_IVL);
 * and the I5 health probe.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <zmq.h>

#include "attack.h"

/* ---- S3: handshakes with random keys -------------------------------- */

struct attempt {
	void	*sock, *mon;
	int	 done;		/* 0 pending, else the final event */
	int64_t	 start;
};

static void
attempt_open(struct attack *a, struct attempt *t, size_t i)
{
	uint8_t	pub[KEY_CURVE_LEN], sec[KEY_CURVE_LEN];
	char	ep[64];
	int	linger = 0, ivl = -1;

	/* Mostly random key pairs; some small-order or mismatched keys. */
	crypto_box_keypair(pub, sec);
	if (i % 20 == 7)
		memcpy(pub, small_order[i % 8], sizeof(pub));
	else if (i % 20 == 13)
		memcpy(pub, a->evil.curve_public, sizeof(pub));	/* stolen pub */
	t->sock = zmq_socket(a->ctx, ZMQ_DEALER);
	zmq_setsockopt(t->sock, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_setsockopt(t->sock, ZMQ_RECONNECT_IVL, &ivl, sizeof(ivl));
	zmq_setsockopt(t->sock, ZMQ_CURVE_SERVERKEY, a->vcurve, KEY_CURVE_LEN);
	zmq_setsockopt(t->sock, ZMQ_CURVE_PUBLICKEY, pub, KEY_CURVE_LEN);
	zmq_setsockopt(t->sock, ZMQ_CURVE_SECRETKEY, sec, KEY_CURVE_LEN);
	snprintf(ep, sizeof(ep), "inproc://sp-attempt-%zu", i);
	zmq_socket_monitor(t->sock, ep, ZMQ_EVENT_HANDSHAKE_SUCCEEDED |
	    ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
	    ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
	    ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_DISCONNECTED);
	t->mon = zmq_socket(a->ctx, ZMQ_PAIR);
	zmq_setsockopt(t->mon, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_connect(t->mon, ep);
	zmq_connect(t->sock, a->endpoint);
	t->done = 0;
	t->start = now_ms();
}

static void
attempt_close(struct attempt *t)
{
	zmq_socket_monitor(t->sock, NULL, 0);
	zmq_close(t->mon);
	zmq_close(t->sock);
	t->sock = t->mon = NULL;
}

void
attack_randomkeys(struct attack *a, size_t count)
{
	enum { PAR = 16 };
	struct attempt	 t[PAR];
	struct counters	 before, after;
	size_t		 next = 0, open = 0, k, n_auth = 0, n_ok = 0;
	size_t		 n_proto = 0, n_other = 0, n_timeout = 0;
	int		 ev;

	memset(t, 0, sizeof(t));
	status_must(a, &before);
	while (next < count || open > 0) {
		for (k = 0; k < PAR; k++) {
			if (t[k].sock == NULL && next < count) {
				attempt_open(a, &t[k], next++);
				open++;
			}
			if (t[k].sock == NULL)
				continue;
			ev = mon_event(t[k].mon, 0);
			if (ev == -1 && now_ms() - t[k].start > 10000)
				ev = 0;		/* timed out */
			if (ev == -1 || ev == ZMQ_EVENT_DISCONNECTED)
				continue;
			if (ev == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
				n_auth++;
			else if (ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
				n_ok++;
			else if (ev == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL ||
			    ev == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
				n_proto++;	/* CURVE failed before ZAP */
			else if (ev == 0)
				n_timeout++;
			else
				n_other++;
			attempt_close(&t[k]);
			open--;
		}
		sleep_ms(1);
	}
	sleep_ms(SETTLE_MS);
	status_must(a, &after);
	printf("random-keys: %zu sent, %zu refused by ZAP, %zu failed in "
	    "CURVE before ZAP (small-order or stolen public key), %zu other, "
	    "%zu timed out, %zu sessions (node counted %llu auth refusals) "
	    "%s\n", count, n_auth,
	    n_proto, n_other, n_timeout, n_ok,
	    (unsigned long long)(after.auth - before.auth),
	    n_ok == 0 && n_timeout == 0 && n_auth + n_proto + n_other == count &&
	    after.auth - before.auth == n_auth ? "ok" : "MISMATCH");
	if (n_ok != 0)
		fail(a, "random-keys: %zu sessions established", n_ok);
	if (n_timeout != 0)
		fail(a, "random-keys: %zu handshakes neither failed nor "
		    "succeeded in 10 s", n_timeout);
	if (after.auth - before.auth != n_auth)
		fail(a, "random-keys: node counted %llu, we saw %zu ZAP refusals",
		    (unsigned long long)(after.auth - before.auth), n_auth);
}

/* ---- S3: raw TCP and half-open handshakes --------------------------- */

static int
tcp_open(const char *host, int port)
{
	struct sockaddr_in	sin;
	int			fd, one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		die("bad address %s", host);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket: %s", strerror(errno));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
		die("connect %s:%d: %s", host, port, strerror(errno));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* The first 11 bytes of a ZMTP 3.0 greeting, then the rest. */
static const uint8_t greeting[64] = {
	0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 0, 'C', 'U', 'R', 'V', 'E'
};
static const uint8_t greeting_null[64] = {
	0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 0, 'N', 'U', 'L', 'L'
};

/*
 * Raw (junk): connect, send junk, expect the node to close the socket.
 * Half-open: connect, send a part of a greeting (or nothing, or one byte
 * at a time), hold, expect the node to drop it by HANDSHAKE_IVL (5 s).
 * Prints how many the node closed and when.
 */
void
attack_tcp(struct attack *a, const char *host, int port, size_t count,
    int halfopen)
{
	struct pollfd	*pfd;
	int64_t		*closed, start, deadline, last_drip = 0, t;
	uint8_t		 junk[4096], rbuf[512];
	size_t		 i, nclosed = 0, variant[5] = { 0 };
	ssize_t		 r;
	int64_t		 tmin = INT64_MAX, tmax = 0;
	const int64_t	 limit = 8000;	/* HANDSHAKE_IVL 5 s, and slack */

	pfd = xmalloc(count * sizeof(*pfd));
	closed = xmalloc(count * sizeof(*closed));
	start = now_ms();
	for (i = 0; i < count; i++) {
		pfd[i].fd = tcp_open(host, port);
		pfd[i].events = POLLIN;
		closed[i] = 0;
		if (!halfopen) {
			size_t	n;

			switch (i % 5) {
			case 0:
				n = 64 + rnd_below(a, sizeof(junk) - 64);
				rnd_fill(a, junk, n);
				break;
			case 1:
				n = (size_t)snprintf((char *)junk, sizeof(junk),
				    "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
				break;
			case 2:	/* NULL mechanism where CURVE is required */
				memcpy(junk, greeting_null, 64);
				rnd_fill(a, junk + 64, 200);
				n = 264;
				break;
			case 3:	/* CURVE greeting, garbage HELLO */
				memcpy(junk, greeting, 64);
				junk[64] = 0x04;
				junk[65] = 200;
				rnd_fill(a, junk + 66, 200);
				n = 266;
				break;
			default:
				memset(junk, 0xff, 1024);
				n = 1024;
				break;
			}
			variant[i % 5]++;
			r = write(pfd[i].fd, junk, n);
			(void)r;
		} else {
			switch (i % 5) {
			case 0:		/* nothing at all */
				break;
			case 1:		/* the signature only */
				r = write(pfd[i].fd, greeting, 10);
				break;
			case 2:		/* signature and major version */
				r = write(pfd[i].fd, greeting, 11);
				break;
			case 3:		/* whole greeting, no HELLO */
				r = write(pfd[i].fd, greeting, 64);
				break;
			default:	/* slow drip, see below */
				r = write(pfd[i].fd, greeting, 1);
				break;
			}
			(void)r;
			variant[i % 5]++;
		}
	}
	deadline = now_ms() + limit;
	while (nclosed < count && now_ms() < deadline) {
		if (poll(pfd, count, 50) == -1 && errno != EINTR)
			die("poll: %s", strerror(errno));
		t = now_ms();
		for (i = 0; i < count; i++) {
			if (closed[i] || !(pfd[i].revents &
			    (POLLIN | POLLHUP | POLLERR)))
				continue;
			/* Read the node's greeting; EOF or reset: closed. */
			while ((r = read(pfd[i].fd, rbuf, sizeof(rbuf))) > 0)
				;
			if (r == 0 || (r == -1 && errno != EAGAIN)) {
				closed[i] = t - start;
				if (closed[i] < tmin)
					tmin = closed[i];
				if (closed[i] > tmax)
					tmax = closed[i];
				pfd[i].fd = -pfd[i].fd - 1;	/* poll skips */
				nclosed++;
			}
		}
		if (halfopen && t - last_drip >= 400) {
			/* One more byte of the greeting per 400 ms. */
			for (i = 4; i < count; i += 5)
				if (!closed[i]) {
					size_t	off = 1 + (size_t)((t - start) /
					    400);

					if (off < 64)
						r = write(pfd[i].fd,
						    greeting + off, 1);
				}
			last_drip = t;
		}
	}
	for (i = 0; i < count; i++)
		close(pfd[i].fd >= 0 ? pfd[i].fd : -pfd[i].fd - 1);
	printf("%s: %zu sent, %zu closed by the node, %zu still open after "
	    "%lld ms (closed after %lld..%lld ms) %s\n", halfopen ?
	    "half-open" : "raw-tcp", count, nclosed, count - nclosed,
	    (long long)limit, (long long)(nclosed ? tmin : 0),
	    (long long)tmax, nclosed == count ? "ok" : "MISMATCH");
	if (nclosed != count)
		fail(a, "%s: %zu connections not closed by the node",
		    halfopen ? "half-open" : "raw-tcp", count - nclosed);
	free(pfd);
	free(closed);
}

/* ---- I5: the health probe ------------------------------------------- */

/*
 * Asks the node for its status every 100 ms over one control connection
 * until `stop` exists; every answer must come within `bound` ms (1 s).
 * This is the node's own latency: a fresh `samplan status` process adds
 * its start-up (0.3-1 s under ASan on a loaded 2-core VM), which the
 * script's CLI probe measures separately.
 */
void
attack_probe(struct attack *a, const char *stop, int64_t bound)
{
	struct counters	c;
	int64_t		t0, dt, worst = 0;
	size_t		n = 0, slow = 0, lost = 0;

	while (access(stop, F_OK) != 0) {
		t0 = now_ms();
		if (status_query(a, &c) != 0) {
			lost++;
			/* A lost reply leaves the DEALER usable; go on. */
		}
		dt = now_ms() - t0;
		if (dt > 500)
			fprintf(stderr, "status-probe: %lld ms at %lld (monotonic)\n",
			    (long long)dt, (long long)t0);
		if (dt > worst)
			worst = dt;
		if (dt > bound)
			slow++;
		n++;
		sleep_ms(100);
	}
	printf("status-probe: %zu probes, slowest %lld ms, %zu over %lld ms, "
	    "%zu unanswered %s\n", n, (long long)worst, slow, (long long)bound,
	    lost,
	    slow == 0 && lost == 0 ? "ok" : "MISMATCH");
	if (slow != 0 || lost != 0)
		a->failed = 1;
}
