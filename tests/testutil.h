/*
 * testutil.h - helpers shared by the unit tests: a private temporary
 * directory per test program, and an assertion that prints sp_strerror().
 */
#ifndef SAMPLAN_TESTUTIL_H
#define SAMPLAN_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "errors.h"

/* Fails the test with the error's words when rc is not 0. */
#define assert_ok(expr) do {						\
	int rc_ = (expr);						\
	if (rc_ != 0)							\
		fail_msg("%s: %s (%d)", #expr, sp_strerror(rc_), rc_);	\
} while (0)

/* Fails the test unless expr returns exactly the code want. */
#define assert_rc(expr, want) do {					\
	int rc_ = (expr);						\
	if (rc_ != (want))						\
		fail_msg("%s: got %s (%d), want %s (%d)", #expr,	\
		    sp_strerror(rc_), rc_, sp_strerror(want), (want));	\
} while (0)

/*
 * Creates a fresh directory under $TMPDIR (or /tmp) and returns its path,
 * which the caller frees after tmpdir_remove().  Aborts the test on error.
 */
char	*tmpdir_create(const char *tag);

/* Removes dir and everything below it. */
void	 tmpdir_remove(const char *dir);

/* Returns a malloc'd "dir/name". */
char	*path_join(const char *dir, const char *name);

/* Writes text to path (mode 0644); aborts the test on error. */
void	 file_write(const char *path, const char *text);

/* Reads the whole of path into a new string; aborts the test on error. */
char	*file_read(const char *path);

#endif
