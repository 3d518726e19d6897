/*
 * fuzz_control.c - the control socket, both ways: wire_decode_request()
 * as control.c runs it on what a tool sends, and wire_decode_reply() as
 * tools/ctl.c runs it on what the node answers.
 *
 * The same bytes go to both decoders.  A write request's body goes
 * through the domain check the node runs before signing; a reply goes
 * through json_from_message() (tools/json.c), which `samplan status
 * --json` prints.  Every accepted message must round-trip.
 */
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "domain.h"
#include "errors.h"
#include "fuzz.h"
#include "samplan.h"
#include "wire.h"

/* Renders m as the tool would; the JSON itself is not checked. */
static void
render(const ProtobufCMessage *m)
{
	json_t	*j;
	char	*s;

	if ((j = json_from_message(m)) == NULL)
		return;
	if ((s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT)) != NULL)
		free(s);
	json_decref(j);
}

static void
on_request(const Samplan__ControlRequest *req)
{
	const char	*field = NULL, *reason = NULL;
	int		 rc;

	switch (req->kind_case) {
	case SAMPLAN__CONTROL_REQUEST__KIND_PLAN:
		rc = domain_check_plan(req->plan, &field, &reason);
		break;
	case SAMPLAN__CONTROL_REQUEST__KIND_MEASURE:
		rc = domain_check_measure(req->measure, &field, &reason);
		break;
	case SAMPLAN__CONTROL_REQUEST__KIND_ADAPTATION:
		rc = domain_check_adaptation(req->adaptation, &field,
		    &reason);
		break;
	case SAMPLAN__CONTROL_REQUEST__KIND_REPORT:
		rc = domain_check_report(req->report, &field, &reason);
		break;
	default:
		return;
	}
	if (rc != 0 && (rc != SP_EINVAL || field == NULL || reason == NULL))
		fuzz_fail("domain check: code %d, field %s", rc,
		    field != NULL ? field : "(null)");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Samplan__ControlRequest	*req;
	Samplan__ControlReply	*reply;

	if (wire_decode_request(data, size, &req) == 0) {
		on_request(req);
		fuzz_roundtrip(&samplan__control_request__descriptor,
		    WIRE_MAX_CONTROL, size, &req->base);
		wire_free((ProtobufCMessage **)&req);
	}
	if (wire_decode_reply(data, size, &reply) == 0) {
		render(&reply->base);
		(void)sp_strerror(reply->code);
		fuzz_roundtrip(&samplan__control_reply__descriptor,
		    WIRE_MAX_REPLY, size, &reply->base);
		wire_free((ProtobufCMessage **)&reply);
	}
	return 0;
}
