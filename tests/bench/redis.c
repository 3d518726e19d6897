/*
 * redis.c - the peer system samplan's replication is measured against:
 * Debian's redis-server as one primary and N replicas on 127.0.0.1, every
 * one with appendonly and appendfsync always, fed pipelined SETs of the
 * size of a record.  The figure is SETs per second until every replica
 * holds the last one, the same measure as samplan's "coordinator ->
 * kommuner, all committed".  Speaks RESP itself: no client library.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

#define REDIS_BIN	"/usr/bin/redis-server"
#define REDIS_PORT0	36379	/* primary; replicas follow */
#define REDIS_WINDOW	256	/* SETs in flight, as samplan's bench */
#define REDIS_VALUE	300	/* bytes, about one measure record */
#define REDIS_MAX_REPLICAS 8

struct rconn {
	int	fd;
	char	buf[65536];
	size_t	len;		/* bytes in buf */
};

static pid_t
redis_spawn(const char *dir, int port, int primary_port)
{
	char	 sport[16], sreplica[32], logf[512];
	pid_t	 pid;

	snprintf(sport, sizeof(sport), "%d", port);
	snprintf(sreplica, sizeof(sreplica), "%d", primary_port);
	snprintf(logf, sizeof(logf), "%s/redis-%d.log", dir, port);
	if ((pid = fork()) != 0)
		return pid;
	if (primary_port == 0)
		execl(REDIS_BIN, REDIS_BIN, "--port", sport, "--bind",
		    "127.0.0.1", "--dir", dir, "--appendonly", "yes",
		    "--appendfsync", "always", "--save", "", "--logfile", logf,
		    "--appendfilename", "primary.aof",
		    "--dbfilename", "primary.rdb", "--repl-diskless-sync-delay", "0", (char *)NULL);
	else
		execl(REDIS_BIN, REDIS_BIN, "--port", sport, "--bind",
		    "127.0.0.1", "--dir", dir, "--appendonly", "yes",
		    "--appendfsync", "always", "--save", "", "--logfile", logf,
		    "--appenddirname", sport, "--dbfilename", "replica.rdb", "--repl-diskless-sync-delay", "0",
		    "--replicaof", "127.0.0.1", sreplica, (char *)NULL);
	_exit(127);
}

/* SIGTERM, and SIGKILL after 2 s: a replica syncing may not stop. */
static void
redis_stop(pid_t pid)
{
	int	i;

	kill(pid, SIGTERM);
	for (i = 0; i < 200; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static int
redis_connect(int port, struct rconn *c)
{
	struct sockaddr_in	sa;
	int			i, one = 1;

	c->len = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < 200; i++) {
		if ((c->fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
			return -1;
		if (connect(c->fd, (const struct sockaddr *)&sa,
		    sizeof(sa)) == 0) {
			setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
			return 0;
		}
		close(c->fd);
		c->fd = -1;
		usleep(25000);
	}
	return -1;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads one reply line (simple string, error, integer) or bulk string. */
static int
redis_reply(struct rconn *c, char *out, size_t outlen)
{
	char	*nl;
	ssize_t	 r;
	size_t	 need, line;
	long	 bulk;

	for (;;) {
		if ((nl = memchr(c->buf, '\n', c->len)) != NULL) {
			line = (size_t)(nl - c->buf) + 1;
			need = line;
			if (c->buf[0] == '$' && (bulk = atol(c->buf + 1)) >= 0)
				need += (size_t)bulk + 2;
			if (c->len >= need) {
				if (out != NULL) {
					size_t k = need < outlen ? need :
					    outlen - 1;
					memcpy(out, c->buf, k);
					out[k] = '\0';
				}
				memmove(c->buf, c->buf + need, c->len - need);
				c->len -= need;
				return 0;
			}
		}
		if (c->len == sizeof(c->buf))
			return -1;
		if ((r = read(c->fd, c->buf + c->len, sizeof(c->buf) -
		    c->len)) <= 0)
			return -1;
		c->len += (size_t)r;
	}
}

static int
redis_cmd(struct rconn *c, const char *cmd, char *out, size_t outlen)
{
	char	buf[256];
	int	n;

	n = snprintf(buf, sizeof(buf), "*2\r\n$4\r\nINFO\r\n$%zu\r\n%s\r\n",
	    strlen(cmd), cmd);
	if (write_all(c->fd, buf, (size_t)n) != 0)
		return -1;
	return redis_reply(c, out, outlen);
}

/* The integer after "key:" in an INFO reply, or -1. */
static long long
info_field(const char *info, const char *key)
{
	const char	*p = strstr(info, key);

	return p == NULL ? -1 : atoll(p + strlen(key));
}

static long long
redis_offset(struct rconn *c, const char *key)
{
	char	info[8192];

	if (redis_cmd(c, "replication", info, sizeof(info)) != 0)
		return -1;
	return info_field(info, key);
}

static int
redis_send_set(struct rconn *c, int i, const char *value)
{
	char	buf[REDIS_VALUE + 128], key[32];
	int	n;

	snprintf(key, sizeof(key), "tiltak:%d", i);
	n = snprintf(buf, sizeof(buf), "*3\r\n$3\r\nSET\r\n$%zu\r\n%s\r\n"
	    "$%d\r\n%s\r\n", strlen(key), key, REDIS_VALUE, value);
	return write_all(c->fd, buf, (size_t)n);
}

/* Waits until every replica is linked to the primary. */
static int
redis_wait_linked(struct rconn *primary, int nreplicas)
{
	char	info[8192];
	int	i;

	for (i = 0; i < 400; i++) {
		if (redis_cmd(primary, "replication", info, sizeof(info)) != 0)
			return -1;
		if (info_field(info, "connected_slaves:") == nreplicas)
			return 0;
		usleep(25000);
	}
	return -1;
}

/* The primary, its replicas and their processes, up between rounds. */
struct redis_set {
	struct rconn	primary;
	struct rconn	replicas[REDIS_MAX_REPLICAS];
	pid_t		pids[REDIS_MAX_REPLICAS + 1];
	int		nreplicas;
	int		started;
	int		next_key;	/* each round SETs keys of its own */
};

/* CPU of every redis process so far (ns). */
static unsigned long long
redis_cpu(const struct redis_set *rs)
{
	unsigned long long	sum = 0;
	int			i;

	for (i = 0; i < rs->started; i++)
		sum += proc_cpu_ns(rs->pids[i], 1) + proc_cpu_ns(rs->pids[i], 0);
	return sum;
}

void
redis_set_stop(struct redis_set **rsp)
{
	struct redis_set	*rs = *rsp;
	int			 i;

	if (rs == NULL)
		return;
	if (rs->primary.fd >= 0)
		close(rs->primary.fd);
	for (i = 0; i < rs->nreplicas; i++)
		if (rs->replicas[i].fd >= 0)
			close(rs->replicas[i].fd);
	for (i = 0; i < rs->started; i++)
		redis_stop(rs->pids[i]);
	free(rs);
	*rsp = NULL;
}

struct redis_set *
redis_set_start(const char *dir, int nreplicas)
{
	struct redis_set	*rs;
	int			 i;

	if (access(REDIS_BIN, X_OK) != 0 || nreplicas > REDIS_MAX_REPLICAS ||
	    (rs = calloc(1, sizeof(*rs))) == NULL)
		return NULL;
	rs->nreplicas = nreplicas;
	rs->primary.fd = -1;
	for (i = 0; i < nreplicas; i++)
		rs->replicas[i].fd = -1;
	for (i = 0; i <= nreplicas; i++, rs->started++)
		if ((rs->pids[i] = redis_spawn(dir, REDIS_PORT0 + i,
		    i == 0 ? 0 : REDIS_PORT0)) <= 0)
			goto fail;
	if (redis_connect(REDIS_PORT0, &rs->primary) != 0)
		goto fail;
	for (i = 0; i < nreplicas; i++)
		if (redis_connect(REDIS_PORT0 + 1 + i, &rs->replicas[i]) != 0)
			goto fail;
	if (redis_wait_linked(&rs->primary, nreplicas) == 0)
		return rs;
fail:
	redis_set_stop(&rs);
	return NULL;
}

double
redis_set_round(struct redis_set *rs, int n, double *cpu_ns)
{
	char			value[REDIS_VALUE + 1];
	unsigned long long	cpu0 = redis_cpu(rs);
	long long		target;
	double			t0, rate;
	int			sent = 0, acked = 0, i;

	memset(value, 'x', REDIS_VALUE);
	value[REDIS_VALUE] = '\0';
	t0 = now_s();
	while (acked < n) {
		while (sent < n && sent - acked < REDIS_WINDOW)
			if (redis_send_set(&rs->primary, rs->next_key + sent++,
			    value) != 0)
				return -1;
		if (redis_reply(&rs->primary, NULL, 0) != 0)
			return -1;
		acked++;
	}
	if ((target = redis_offset(&rs->primary, "master_repl_offset:")) < 0)
		return -1;
	for (i = 0; i < rs->nreplicas; i++)
		while (redis_offset(&rs->replicas[i], "slave_repl_offset:") <
		    target)
			usleep(20);
	rate = n / (now_s() - t0);
	rs->next_key += n;
	*cpu_ns = (double)(redis_cpu(rs) - cpu0) / n;
	return rate;
}
