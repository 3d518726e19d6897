/*
 * fuzz.c - the oracles and scratch files shared by the fuzz targets.
 *
 * Test code, not library code: it keeps two process-wide handles (the
 * /dev/null stream and the scratch directory), which rule 11 allows for
 * a test harness because libFuzzer gives a target no other place to keep
 * them.  Everything here aborts on a broken oracle and never returns an
 * error for bad input: bad input is what the targets feed the library.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"
#include "fuzz.h"
#include "wire.h"

static FILE	*devnull;		/* see fuzz_devnull() */
static char	*scratch;		/* see fuzz_write_file() */
static char	*scratch_file;		/* the last file written there */

void
fuzz_fail(const char *fmt, ...)
{
	va_list	ap;

	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void
fuzz_roundtrip(const ProtobufCMessageDescriptor *d, size_t max,
    size_t inlen, const ProtobufCMessage *m)
{
	ProtobufCMessage	*m2;
	uint8_t			*b1, *b2;
	size_t			 n1, n2;
	int			 rc;

	if (wire_pack(m, &b1, &n1) != 0)
		return;			/* out of memory: not a finding */
	rc = wire_decode(d, b1, n1, max, &m2);
	if (rc == SP_ETOOBIG && n1 > max) {
		/*
		 * Canonical varints can be longer than the input's: an int32
		 * of -1 sent in 5 bytes packs in 10.  Only near the cap.
		 */
		free(b1);
		return;
	}
	if (rc == SP_ENOMEM && n1 < inlen) {
		/*
		 * The allocation cap scales with the input's length, and the
		 * input may pad itself with fields pack() drops (defaults
		 * spelled out, a oneof given twice), so its canonical form
		 * can get a smaller budget for the same message.
		 */
		free(b1);
		return;
	}
	if (rc != 0)
		fuzz_fail("%s: re-decode of our own %zu packed bytes failed: "
		    "%s", d->name, n1, sp_strerror(rc));
	if (wire_pack(m2, &b2, &n2) != 0) {
		wire_free(&m2);
		free(b1);
		return;
	}
	if (n1 != n2 || memcmp(b1, b2, n1) != 0)
		fuzz_fail("%s: pack(decode(b)) != b for canonical b "
		    "(%zu vs %zu bytes)", d->name, n1, n2);
	free(b2);
	wire_free(&m2);
	free(b1);
}

FILE *
fuzz_devnull(void)
{
	if (devnull == NULL && (devnull = fopen("/dev/null", "we")) == NULL)
		fuzz_fail("/dev/null: %s", strerror(errno));
	return devnull;
}

/* Removes the scratch directory at exit; it only ever holds one file. */
static void
fuzz_scratch_remove(void)
{
	if (scratch_file != NULL)
		unlink(scratch_file);
	if (scratch != NULL)
		rmdir(scratch);
	free(scratch_file);
	free(scratch);
	scratch_file = NULL;
	scratch = NULL;
}

const char *
fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
	const char	*tmp;
	size_t		 off;
	ssize_t		 n;
	int		 fd;

	if (scratch == NULL) {
		if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
			tmp = "/tmp";
		if (asprintf(&scratch, "%s/samplan-fuzz.XXXXXX", tmp) == -1)
			fuzz_fail("asprintf: out of memory");
		if (mkdtemp(scratch) == NULL)
			fuzz_fail("mkdtemp %s: %s", scratch, strerror(errno));
		atexit(fuzz_scratch_remove);
	}
	if (scratch_file != NULL) {
		unlink(scratch_file);
		free(scratch_file);
	}
	if (asprintf(&scratch_file, "%s/%s", scratch, name) == -1)
		fuzz_fail("asprintf: out of memory");
	fd = open(scratch_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600);
	if (fd == -1)
		fuzz_fail("%s: %s", scratch_file, strerror(errno));
	for (off = 0; off < size; off += (size_t)n) {
		if ((n = write(fd, data + off, size - off)) == -1) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			fuzz_fail("%s: %s", scratch_file, strerror(errno));
		}
	}
	if (close(fd) == -1)
		fuzz_fail("%s: %s", scratch_file, strerror(errno));
	return scratch_file;
}
