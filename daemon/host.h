/*
 * host.h - what samplan-node asks of the system it runs on.
 */
#ifndef SAMPLAN_HOST_H
#define SAMPLAN_HOST_H

/*
 * Sends one sd_notify(3) message (READY=1, STOPPING=1) when systemd
 * started us with NOTIFY_SOCKET; does nothing otherwise.
 */
void	host_notify(const char *msg);

/* Sends RELOADING=1 with the CLOCK_MONOTONIC time it needs. */
void	host_notify_reloading(void);

/* Keeps freed batch buffers in the heap (NODE_HEAP_KEEP); advice only. */
void	host_heap_tune(void);

#endif
