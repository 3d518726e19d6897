/*
 * poller.c - the node's wait for input on its ZeroMQ sockets: one poll(2)
 * over their notification fds, and ZMQ_EVENTS asked only of the sockets
 * that may have input without their fd saying so (see poller.h).
 */
#include <stdint.h>

#include <zmq.h>

#include "poller.h"

/* Asks the socket for its events; sets ready.  -1: not a socket now. */
static int
poller_ask(struct poller_item *it)
{
	uint32_t	events;
	size_t		len = sizeof(events);

	if (zmq_getsockopt(it->socket, ZMQ_EVENTS, &events, &len) == -1)
		return -1;
	it->ready = (events & ZMQ_POLLIN) != 0;
	return 0;
}

static int
poller_fd(void *socket, int *fd)
{
	size_t	len = sizeof(*fd);

	return zmq_getsockopt(socket, ZMQ_FD, fd, &len);
}

int
poller_wait(struct poller_item *items, struct pollfd *fds, size_t n,
    int timeout)
{
	size_t	i;
	int	ready = 0;

	for (i = 0; i < n; i++) {
		items[i].ready = 0;
		if (items[i].used && poller_ask(&items[i]) == -1)
			return -1;
		ready += items[i].ready;
		fds[i].events = POLLIN;
		fds[i].revents = 0;
		if (poller_fd(items[i].socket, &fds[i].fd) == -1)
			return -1;
	}
	/* Input at hand: no sleep, but the others are looked at too. */
	if (poll(fds, (nfds_t)n, ready > 0 ? 0 : timeout) == -1)
		return -1;
	for (i = 0, ready = 0; i < n; i++) {
		if (fds[i].revents != 0 && poller_ask(&items[i]) == -1)
			return -1;
		ready += items[i].ready;
	}
	return ready;
}
