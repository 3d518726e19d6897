/*
 * sp_writer.c - a test client that writes N local measures through a
 * running node's control socket, keeping up to W requests in flight, and
 * prints each seq the node acknowledged (after its commit), one a line.
 *
 * usage: sp_writer DATA_DIR N [PREFIX [WINDOW]]
 *        sp_writer DATA_DIR --batch N [--bad]
 *
 * With --batch it sends N measures as one WriteBatch (the last one with
 * an invalid frist when --bad is given) and prints the node's answer: the
 * last seq, or "error: TEXT" with exit status 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "samplan.pb-c.h"
#include "wire.h"

static int
send_one(void *sock, const char *prefix, int i)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__Measure	 m = SAMPLAN__MEASURE__INIT;
	char			 id[64], title[128];
	uint8_t			*buf;
	size_t			 len;
	int			 rc;

	snprintf(id, sizeof(id), "%s-%d", prefix, i);
	snprintf(title, sizeof(title), "Tiltak %d for sårbare grupper – "
	    "økt trygghet på åpne møteplasser", i);
	m.id = id;
	m.innsatsomrade = (char *)(uintptr_t)"Tiltak mot sårbare grupper";
	m.tittel = title;
	m.frist = (char *)(uintptr_t)"løpende";
	m.ansvar = (char *)(uintptr_t)"Kommunalsjef helse og omsorg";
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_MEASURE;
	req.measure = &m;
	if (wire_pack(&req.base, &buf, &len) != 0)
		return -1;
	rc = zmq_send(sock, buf, len, 0) == (int)len ? 0 : -1;
	free(buf);
	return rc;
}

static int
send_batch(void *sock, int n, int bad)
{
	Samplan__ControlRequest	 req = SAMPLAN__CONTROL_REQUEST__INIT;
	Samplan__WriteBatch	 b = SAMPLAN__WRITE_BATCH__INIT;
	Samplan__Body		*bodies = calloc((size_t)n, sizeof(*bodies));
	Samplan__Body		**ptrs = calloc((size_t)n, sizeof(*ptrs));
	Samplan__Measure	*m = calloc((size_t)n, sizeof(*m));
	char			(*ids)[32] = calloc((size_t)n, sizeof(*ids));
	uint8_t			*buf;
	size_t			 len;
	int			 i, rc;

	for (i = 0; i < n; i++) {
		samplan__measure__init(&m[i]);
		snprintf(ids[i], sizeof(ids[i]), "B-%d", i + 1);
		m[i].id = ids[i];
		m[i].innsatsomrade = (char *)(uintptr_t)"Eldre";
		m[i].tittel = (char *)(uintptr_t)"Trygghet for eldre – å nå "
		    "dem som bor alene";
		m[i].frist = (char *)(uintptr_t)(bad && i == n - 1 ? "snart" :
		    "årlig");
		samplan__body__init(&bodies[i]);
		bodies[i].body_case = SAMPLAN__BODY__BODY_MEASURE;
		bodies[i].measure = &m[i];
		ptrs[i] = &bodies[i];
	}
	b.n_bodies = (size_t)n;
	b.bodies = ptrs;
	req.kind_case = SAMPLAN__CONTROL_REQUEST__KIND_BATCH;
	req.batch = &b;
	rc = wire_pack(&req.base, &buf, &len);
	if (rc == 0)
		rc = zmq_send(sock, buf, len, 0) == (int)len ? 0 : -1;
	free(buf);
	free(bodies);
	free(ptrs);
	free(m);
	free(ids);
	return rc;
}

static int
batch_main(void *sock, int n, int bad)
{
	Samplan__ControlReply	*reply;
	zmq_pollitem_t		 item = { sock, 0, ZMQ_POLLIN, 0 };
	zmq_msg_t		 msg;
	int			 rc = 1;

	if (send_batch(sock, n, bad) != 0 || zmq_poll(&item, 1, 20000) != 1)
		return 1;
	zmq_msg_init(&msg);
	if (zmq_msg_recv(&msg, sock, 0) != -1 && wire_decode_reply(
	    zmq_msg_data(&msg), zmq_msg_size(&msg), &reply) == 0) {
		if (reply->code == 0) {
			printf("%llu\n", (unsigned long long)reply->seq);
			rc = 0;
		} else {
			printf("error: %s\n", reply->error);
			rc = 3;
		}
		wire_free((ProtobufCMessage **)&reply);
	}
	zmq_msg_close(&msg);
	return rc;
}

int
main(int argc, char *argv[])
{
	Samplan__ControlReply	*reply;
	zmq_pollitem_t		 item;
	zmq_msg_t		 msg;
	const char		*prefix;
	char			 endpoint[4096];
	void			*ctx, *sock;
	int			 n, window, sent = 0, acked = 0, linger = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: sp_writer DATA_DIR N [PREFIX [WINDOW]]\n");
		return 2;
	}
	n = atoi(argv[2]);
	prefix = argc > 3 ? argv[3] : "T";
	window = argc > 4 ? atoi(argv[4]) : 64;
	snprintf(endpoint, sizeof(endpoint), "ipc://%s/control.sock", argv[1]);
	ctx = zmq_ctx_new();
	sock = zmq_socket(ctx, ZMQ_DEALER);
	zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger));
	if (zmq_connect(sock, endpoint) == -1)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[2], "--batch") == 0) {
		int rc = batch_main(sock, argc > 3 ? atoi(argv[3]) : 1,
		    argc > 4 && strcmp(argv[4], "--bad") == 0);

		zmq_close(sock);
		zmq_ctx_term(ctx);
		return rc;
	}
	while (acked < n) {
		while (sent < n && sent - acked < window)
			if (send_one(sock, prefix, ++sent) != 0)
				return 1;
		item = (zmq_pollitem_t){ sock, 0, ZMQ_POLLIN, 0 };
		if (zmq_poll(&item, 1, 20000) != 1) {
			fprintf(stderr, "sp_writer: no reply for 20 s\n");
			return 1;
		}
		zmq_msg_init(&msg);
		if (zmq_msg_recv(&msg, sock, 0) == -1 ||
		    wire_decode_reply(zmq_msg_data(&msg), zmq_msg_size(&msg),
		    &reply) != 0)
			return 1;
		zmq_msg_close(&msg);
		if (reply->code != 0) {
			fprintf(stderr, "sp_writer: %s\n", reply->error);
			wire_free((ProtobufCMessage **)&reply);
			return 1;
		}
		printf("%llu\n", (unsigned long long)reply->seq);
		wire_free((ProtobufCMessage **)&reply);
		acked++;
	}
	zmq_close(sock);
	zmq_ctx_term(ctx);
	return 0;
}
