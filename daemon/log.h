/*
 * log.h - logging in the shape of OpenBSD's log.h.
 *
 * Foreground processes log to stderr, daemons under systemd to the journal
 * through stderr as well (systemd captures it), otherwise to syslog.
 * Every function preserves errno.  Only log.c holds mutable state: the
 * destination and the verbosity.
 */
#ifndef SAMPLAN_LOG_H
#define SAMPLAN_LOG_H

#include <stdarg.h>

#define LOG_TO_STDERR	1	/* log_init dest: stderr */
#define LOG_TO_SYSLOG	2	/* log_init dest: syslog */

void	log_init(int dest, int verbose, const char *ident);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
