/*
 * poller.h - the node's wait for input on its ZeroMQ sockets.
 *
 * zmq_poll asks every socket for its events before it sleeps and again
 * after, and each ask costs libzmq a poll(2) and a getpid(2): about a
 * microsecond each in this kind of VM, and most of a node's system calls
 * per replicated write (docs/PERF.md).  The poller sleeps in one poll(2)
 * on the sockets' notification fds (ZMQ_FD) and asks a socket only when
 * its fd fired or the caller used the socket since it was last asked.
 *
 * Why that is enough: libzmq signals a socket's fd when a command reaches
 * its mailbox while the mailbox is idle, and asking (ZMQ_EVENTS) runs
 * every pending command and leaves it idle.  A socket asked, and not
 * used since, therefore has input only if its fd fired.  Any send,
 * receive, connect or disconnect may run the commands itself and take
 * the signal without the caller seeing it: such a socket is "used" and
 * must be asked before the next sleep.
 */
#ifndef SAMPLAN_POLLER_H
#define SAMPLAN_POLLER_H

#include <poll.h>
#include <stddef.h>

struct poller_item {
	void	*socket;	/* a ZeroMQ socket */
	int	 used;		/* in: used since last asked, or new */
	int	 ready;		/* out: it has input (ZMQ_POLLIN) */
};

/*
 * Waits up to timeout ms (-1: no limit) until one of n sockets has input,
 * and sets every item's ready; fds is the caller's scratch, n long.  The
 * sockets used are asked first, and when one of them has input nothing
 * sleeps, but every fd is still looked at, so that a busy socket cannot
 * starve the others.  Returns how many are ready (0 when the time ran
 * out), or -1 with errno set: EINTR for a signal.
 */
int	poller_wait(struct poller_item *items, struct pollfd *fds, size_t n,
	    int timeout);

#endif
