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

/*
 * Sets the destination (LOG_TO_*), verbosity and name.  With
 * LOG_TO_STDERR, lines get a "<N>" syslog priority prefix and no
 * timestamp when stderr is the journal (JOURNAL_STREAM matches it).
 * Priorities: fatal <3>, warn <4>, info <6>, debug <7>.
 */
void	log_init(int dest, int verbose, const char *ident);

/* 1 when log_init() found stderr to be the journal, else 0. */
int	log_journal(void);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
