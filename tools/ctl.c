/*
 * ctl.c - the tool's side of the control socket: one request, one reply,
 * bounded in time.  Before ZeroMQ (whose ipc:// connect never fails) a
 * plain connect() on the socket file tells "not running" (no file, or
 * nobody listening) apart from "permission denied" at once.
 */
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "errors.h"
#include "samplan.h"
#include "unixsock.h"
#include "wire.h"

/*
 * Probes the control socket at path.  Returns 0 when something listens,
 * else EXIT_NODE after saying why: not running, or no permission.
 */
static int
ctl_probe(struct tool *t, const char *path)
{
	int	err;

	if ((err = unixsock_probe(path)) == 0)
		return 0;
	if (err == ENAMETOOLONG)
		fprintf(stderr, _("samplan: control socket path %s is too "
		    "long (at most %zu bytes)\n"), path,
		    sizeof(((struct sockaddr_un *)NULL)->sun_path) - 1);
	else if (err == EACCES || err == EPERM)
		fprintf(stderr, _("samplan: permission denied on the "
		    "control socket %s of node %s (run as the node's "
		    "user)\n"), path, t->cfg->name);
	else if (err == ENOENT)
		fprintf(stderr, _("samplan: node %s is not running "
		    "(no control socket at %s)\n"), t->cfg->name, path);
	else if (err == ECONNREFUSED)
		fprintf(stderr, _("samplan: node %s is not running "
		    "(nobody listens at %s)\n"), t->cfg->name, path);
	else
		fprintf(stderr, _("samplan: control socket %s: %s\n"),
		    path, strerror(err));
	return EXIT_NODE;
}

/*
 * The node at the socket is not the one the config names: its [node]
 * control points at another node's socket.  That node refused the
 * request and said its name (ctl_on_request).
 */
static int
ctl_wrong_node(struct tool *t, Samplan__ControlReply **reply)
{
	fprintf(stderr, _("samplan: the control socket %s belongs to node "
	    "%s, not to node %s: nothing was done (check [node] control in "
	    "the config)\n"), t->cfg->control, (*reply)->error,
	    t->cfg->name);
	wire_free((ProtobufCMessage **)reply);
	return EXIT_USAGE;
}

int
ctl_call(struct tool *t, const Samplan__ControlRequest *req,
    Samplan__ControlReply **reply)
{
	Samplan__ControlRequest	 named = *req;
	zmq_pollitem_t	 item;
	zmq_msg_t	 msg;
	void		*ctx, *sock;
	char		*endpoint = NULL;
	const char	*path = t->cfg->control;
	uint8_t		*buf = NULL;
	size_t		 len;
	int		 rc = EXIT_NODE, linger = 0;
	int		 timeout = t->ctl_timeout_ms > 0 ? t->ctl_timeout_ms :
			    CTL_TIMEOUT_MS;

	*reply = NULL;
	if ((rc = ctl_probe(t, path)) != 0)
		return rc;
	rc = EXIT_NODE;
	if (asprintf(&endpoint, "ipc://%s", path) < 0)
		return EXIT_NODE;
	/* So that another node's socket refuses it instead of acting. */
	named.node = t->cfg->name;
	if (wire_pack(&named.base, &buf, &len) != 0)
		goto out_free;
	ctx = zmq_ctx_new();
	sock = zmq_socket(ctx, ZMQ_DEALER);
	zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger));
	if (zmq_connect(sock, endpoint) == -1 ||
	    zmq_send(sock, buf, len, 0) == -1) {
		fprintf(stderr, "samplan: %s: %s\n", endpoint,
		    zmq_strerror(zmq_errno()));
		goto out;
	}
	item = (zmq_pollitem_t){ sock, 0, ZMQ_POLLIN, 0 };
	if (zmq_poll(&item, 1, timeout) != 1) {
		fprintf(stderr, _("samplan: node %s did not answer within "
		    "%d.%d s (is it running?)\n"), t->cfg->name, timeout / 1000,
		    timeout % 1000 / 100);
		goto out;
	}
	zmq_msg_init(&msg);
	if (zmq_msg_recv(&msg, sock, 0) != -1 &&
	    wire_decode_reply(zmq_msg_data(&msg), zmq_msg_size(&msg),
	    reply) == 0)
		rc = (*reply)->code == SP_ECONFIG ? ctl_wrong_node(t, reply) : 0;
	else
		fprintf(stderr, _("samplan: node %s sent a malformed "
		    "reply\n"),
		    t->cfg->name);
	zmq_msg_close(&msg);
out:
	zmq_close(sock);
	zmq_ctx_term(ctx);
out_free:
	free(buf);
	free(endpoint);
	return rc;
}
