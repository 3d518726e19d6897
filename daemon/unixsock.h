/*
 * unixsock.h - whether something listens on a Unix socket path: the
 * node before it binds its control socket, the tool before it talks to
 * the node (ZeroMQ's ipc:// connect never fails, so neither can ask it).
 */
#ifndef SAMPLAN_UNIXSOCK_H
#define SAMPLAN_UNIXSOCK_H

/*
 * Connects a stream socket to path and closes it.  Returns 0 when
 * something listens there (a full backlog counts), else the errno of
 * the attempt: ENOENT (no file), ECONNREFUSED (nobody listens), EACCES,
 * ENAMETOOLONG (longer than a socket path may be), ...
 */
int	unixsock_probe(const char *path);

#endif
