/*
 * test_poller.c - the node's wait on its sockets (daemon/poller.c), with
 * real ZeroMQ sockets over inproc://: input wakes it through the fd, a
 * socket marked used is asked without sleeping, a busy socket does not
 * hide another's input, and a socket used but not marked can hide its
 * input (why the node marks every socket it touches).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <zmq.h>

#include "poller.h"
#include "testutil.h"

struct pair {
	void	*ctx;
	void	*out[2];	/* we send here */
	void	*in[2];		/* the poller waits here */
};

static void
pair_open(struct pair *p)
{
	char	ep[32];
	int	i;

	p->ctx = zmq_ctx_new();
	assert_non_null(p->ctx);
	for (i = 0; i < 2; i++) {
		snprintf(ep, sizeof(ep), "inproc://poller-%d", i);
		p->in[i] = zmq_socket(p->ctx, ZMQ_PAIR);
		p->out[i] = zmq_socket(p->ctx, ZMQ_PAIR);
		assert_int_equal(zmq_bind(p->in[i], ep), 0);
		assert_int_equal(zmq_connect(p->out[i], ep), 0);
	}
}

static void
pair_close(struct pair *p)
{
	int	i;

	for (i = 0; i < 2; i++) {
		zmq_close(p->in[i]);
		zmq_close(p->out[i]);
	}
	zmq_ctx_term(p->ctx);
}

/* Reads socket dry; returns the messages read. */
static int
drain(void *socket)
{
	char	buf[16];
	int	n = 0;

	while (zmq_recv(socket, buf, sizeof(buf), ZMQ_DONTWAIT) >= 0)
		n++;
	assert_int_equal(zmq_errno(), EAGAIN);
	return n;
}

static void
test_fd_wakes(void **state)
{
	struct pair		p;
	struct poller_item	it[1];
	struct pollfd		fds[1];

	(void)state;
	pair_open(&p);
	it[0] = (struct poller_item){ p.in[0], 1, 0 };	/* new: ask it */
	assert_int_equal(poller_wait(it, fds, 1, 20), 0);
	assert_int_equal(it[0].ready, 0);

	/* Asked and not used since: only its fd can wake the wait. */
	it[0].used = 0;
	assert_int_equal(zmq_send(p.out[0], "a", 1, 0), 1);
	assert_int_equal(poller_wait(it, fds, 1, 5000), 1);
	assert_int_equal(it[0].ready, 1);
	assert_int_equal(drain(p.in[0]), 1);

	/* Read dry and marked: nothing, without sleeping long. */
	it[0].used = 1;
	assert_int_equal(poller_wait(it, fds, 1, 0), 0);
	pair_close(&p);
}

static void
test_used_is_asked(void **state)
{
	struct pair		p;
	struct poller_item	it[1];
	struct pollfd		fds[1];
	uint32_t		events;
	size_t			len = sizeof(events);

	(void)state;
	pair_open(&p);
	it[0] = (struct poller_item){ p.in[0], 1, 0 };
	assert_int_equal(poller_wait(it, fds, 1, 0), 0);
	assert_int_equal(zmq_send(p.out[0], "a", 1, 0), 1);
	/*
	 * Someone else asks the socket (as a send or a receive may): the
	 * signal on its fd is taken, the input stays.
	 */
	assert_int_equal(zmq_getsockopt(p.in[0], ZMQ_EVENTS, &events, &len), 0);
	assert_true(events & ZMQ_POLLIN);
	it[0].used = 0;
	assert_int_equal(poller_wait(it, fds, 1, 20), 0);	/* hidden */
	it[0].used = 1;
	assert_int_equal(poller_wait(it, fds, 1, 0), 1);	/* found */
	assert_int_equal(it[0].ready, 1);
	assert_int_equal(drain(p.in[0]), 1);
	pair_close(&p);
}

static void
test_busy_does_not_starve(void **state)
{
	struct pair		p;
	struct poller_item	it[2];
	struct pollfd		fds[2];
	int			i;

	(void)state;
	pair_open(&p);
	it[0] = (struct poller_item){ p.in[0], 1, 0 };
	it[1] = (struct poller_item){ p.in[1], 1, 0 };
	assert_int_equal(poller_wait(it, fds, 2, 0), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(zmq_send(p.out[0], "a", 1, 0), 1);
	assert_int_equal(zmq_send(p.out[1], "b", 1, 0), 1);
	/* The first was read from (used) and still has input... */
	it[0].used = 1;
	it[1].used = 0;
	{
		char	buf[4];

		assert_int_equal(zmq_recv(p.in[0], buf, sizeof(buf), 0), 1);
	}
	/* ...and the second's input is seen in the same wait. */
	assert_int_equal(poller_wait(it, fds, 2, 5000), 2);
	assert_int_equal(it[0].ready, 1);
	assert_int_equal(it[1].ready, 1);
	assert_int_equal(drain(p.in[0]), 2);
	assert_int_equal(drain(p.in[1]), 1);
	pair_close(&p);
}

static void
test_not_a_socket_is_an_error(void **state)
{
	struct poller_item	it[1] = { { NULL, 1, 0 } };
	struct pollfd		fds[1];

	(void)state;
	assert_int_equal(poller_wait(it, fds, 1, 0), -1);
	assert_int_equal(zmq_errno(), ENOTSOCK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fd_wakes),
		cmocka_unit_test(test_used_is_asked),
		cmocka_unit_test(test_busy_does_not_starve),
		cmocka_unit_test(test_not_a_socket_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
