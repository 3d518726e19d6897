/*
 * host.c - what samplan-node asks of the system it runs on: systemd's
 * readiness protocol (sd_notify(3), without libsystemd: one datagram to
 * $NOTIFY_SOCKET per state change) and malloc's handling of the node's
 * batch buffers.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "host.h"
#include "node.h"

/*
 * Sends one sd_notify(3) message (READY=1, RELOADING=1, STOPPING=1) when
 * systemd started us with NOTIFY_SOCKET; does nothing otherwise.
 */
void
host_notify(const char *msg)
{
	struct sockaddr_un	 sa;
	const char		*path = getenv("NOTIFY_SOCKET");
	int			 fd;

	if (path == NULL || strlen(path) >= sizeof(sa.sun_path))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';	/* abstract namespace */
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1)
		log_warn("sd_notify %s", msg);
	close(fd);
}

/* RELOADING=1 carries the CLOCK_MONOTONIC time (Type=notify-reload). */
void
host_notify_reloading(void)
{
	struct timespec	ts;
	char		msg[64];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)ts.tv_sec * 1000000ULL +
	    (unsigned long long)ts.tv_nsec / 1000);
	host_notify(msg);
}

/*
 * A batch's buffers (NODE_BATCH_BYTES, libzmq's copies of them in its I/O
 * thread) are freed and allocated again for every message.  glibc maps
 * blocks of 128 KiB and more afresh each time and gives freed memory back
 * at once, so every batch faulted its pages in again: half the sender's
 * I/O thread CPU per record (docs/PERF.md).  Keep up to NODE_HEAP_KEEP
 * per arena instead.
 */
void
host_heap_tune(void)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	/*
	 * Advice, not a requirement: an allocator that does not take it
	 * (AddressSanitizer's says no) leaves the node as it was, only
	 * slower, so the answer is not an error worth a log line.
	 */
	(void)mallopt(M_MMAP_THRESHOLD, NODE_HEAP_KEEP / 2);
	(void)mallopt(M_TRIM_THRESHOLD, NODE_HEAP_KEEP);
#endif
}
