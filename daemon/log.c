/*
 * log.c - the log destination and verbosity, and the functions that write
 * to them.  This file holds the only mutable globals of the library.
 *
 * When stderr is the journal (systemd sets JOURNAL_STREAM to the device
 * and inode of the stream it connected to stderr), each line starts with
 * its syslog priority as "<N>" (sd-daemon(3)) and carries no timestamp
 * or name of its own: the journal adds both.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static int	 log_dest = LOG_TO_STDERR;
static int	 log_verbose;
static int	 log_to_journal;
static const char *log_ident = "samplan";

/* Is stderr the stream JOURNAL_STREAM ("DEV:INODE") names? */
static int
stderr_is_journal(void)
{
	const char		*v = getenv("JOURNAL_STREAM");
	struct stat		 sb;
	unsigned long long	 dev, ino;
	char			 end;

	if (v == NULL || sscanf(v, "%llu:%llu%c", &dev, &ino, &end) != 2)
		return 0;
	if (fstat(fileno(stderr), &sb) == -1)
		return 0;
	return (unsigned long long)sb.st_dev == dev &&
	    (unsigned long long)sb.st_ino == ino;
}

void
log_init(int dest, int verbose, const char *ident)
{
	int	saved = errno;

	log_dest = dest;
	log_verbose = verbose;
	if (ident != NULL)
		log_ident = ident;
	log_to_journal = dest == LOG_TO_STDERR && stderr_is_journal();
	if (dest == LOG_TO_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	errno = saved;
}

int
log_journal(void)
{
	return log_to_journal;
}

static void
vlog(int pri, const char *fmt, va_list ap, int with_errno)
{
	char	 msg[2048];
	int	 saved = errno;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_dest == LOG_TO_SYSLOG) {
		if (with_errno)
			syslog(pri, "%s: %s", msg, strerror(saved));
		else
			syslog(pri, "%s", msg);
	} else if (log_to_journal) {
		if (with_errno)
			fprintf(stderr, "<%d>%s: %s\n", pri, msg,
			    strerror(saved));
		else
			fprintf(stderr, "<%d>%s\n", pri, msg);
	} else {
		struct timespec	ts;
		struct tm	tm;
		char		stamp[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
		if (with_errno)
			fprintf(stderr, "%s.%03ld %s: %s: %s\n", stamp,
			    ts.tv_nsec / 1000000, log_ident, msg,
			    strerror(saved));
		else
			fprintf(stderr, "%s.%03ld %s: %s\n", stamp,
			    ts.tv_nsec / 1000000, log_ident, msg);
	}
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, 1);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, 0);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, 0);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, 0);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, 1);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, 0);
	va_end(ap);
	exit(1);
}
