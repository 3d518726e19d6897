/*
 * ctl.c - the tool's side of the control socket: one request, one reply,
 * bounded in time.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "samplan.h"
#include "wire.h"

int
ctl_call(struct tool *t, const Samplan__ControlRequest *req,
    Samplan__ControlReply **reply)
{
	zmq_pollitem_t	 item;
	struct stat	 st;
	zmq_msg_t	 msg;
	void		*ctx, *sock;
	char		*path = NULL, *endpoint = NULL;
	uint8_t		*buf = NULL;
	size_t		 len;
	int		 rc = EXIT_NODE, linger = 0;

	*reply = NULL;
	if (asprintf(&path, "%s/control.sock", t->cfg->data_dir) < 0 ||
	    asprintf(&endpoint, "ipc://%s", path) < 0)
		return EXIT_NODE;
	if (stat(path, &st) == -1) {
		fprintf(stderr, "samplan: node %s is not running (no control "
		    "socket at %s)\n", t->cfg->name, path);
		free(path);
		free(endpoint);
		return EXIT_NODE;
	}
	if (wire_pack(&req->base, &buf, &len) != 0)
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
	if (zmq_poll(&item, 1, CTL_TIMEOUT_MS) != 1) {
		fprintf(stderr, "samplan: node %s did not answer within %d s "
		    "(is it running?)\n", t->cfg->name, CTL_TIMEOUT_MS / 1000);
		goto out;
	}
	zmq_msg_init(&msg);
	if (zmq_msg_recv(&msg, sock, 0) != -1 &&
	    wire_decode_reply(zmq_msg_data(&msg), zmq_msg_size(&msg),
	    reply) == 0)
		rc = 0;
	else
		fprintf(stderr, "samplan: node %s sent a malformed reply\n",
		    t->cfg->name);
	zmq_msg_close(&msg);
out:
	zmq_close(sock);
	zmq_ctx_term(ctx);
out_free:
	free(buf);
	free(path);
	free(endpoint);
	return rc;
}
