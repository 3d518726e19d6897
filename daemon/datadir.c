/*
 * datadir.c - the instance lock and the own-feed mark (see datadir.h).
 *
 * Owns node.lock and own-seq in the data directory; store.c owns the
 * LMDB files beside them.  The mark is a fixed-size text file rewritten
 * in place with one pwrite, so that a reader never sees half of it:
 *   "samplan own-seq 1\nseq NNNNNNNNNNNNNNNNNNNN\nlease NNNNNNNNNNNNNNNNNNNN\n"
 * Nothing here logs; callers report with the data directory named.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "errors.h"

#define MARK_MAGIC	"samplan own-seq 1\n"
#define MARK_LEN	(sizeof(MARK_MAGIC) - 1 + 25 + 27)

int
datadir_lock(const char *dir, int *fd, pid_t *holder)
{
	struct flock	 fl;
	char		*path, pid[32];
	int		 f, len;

	*fd = -1;
	*holder = 0;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return SP_EIO;
	if (asprintf(&path, "%s/%s", dir, DATADIR_LOCK_FILE) < 0)
		return SP_ENOMEM;
	f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (f == -1)
		return SP_EIO;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(f, F_SETLK, &fl) == -1) {
		if (errno != EACCES && errno != EAGAIN) {
			close(f);
			return SP_EIO;
		}
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(f, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
			*holder = fl.l_pid;
		close(f);
		return SP_EBUSY;
	}
	/* The PID is for people; the lock itself is what counts. */
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(f, 0) == -1 || pwrite(f, pid, (size_t)len, 0) != len) {
		close(f);
		return SP_EIO;
	}
	*fd = f;
	return 0;
}

static int
mark_write(struct own_mark *m, int sync)
{
	char	buf[MARK_LEN + 1];
	int	len;

	len = snprintf(buf, sizeof(buf), MARK_MAGIC "seq %020" PRIu64
	    "\nlease %020" PRIu64 "\n", m->seq, m->lease);
	if (len != (int)MARK_LEN || pwrite(m->fd, buf, MARK_LEN, 0) !=
	    (ssize_t)MARK_LEN)
		return SP_EIO;
	if (sync && fdatasync(m->fd) == -1)
		return SP_EIO;
	return 0;
}

/* Parses the file's bytes; returns 0 or SP_ECORRUPT. */
static int
mark_parse(struct own_mark *m, const char *buf, size_t len)
{
	char		 copy[MARK_LEN + 1], *s, *end;
	const char	*keys[2] = { "seq ", "lease " };
	uint64_t	*dst[2] = { &m->seq, &m->lease };
	size_t		 i;

	if (len != MARK_LEN || memcmp(buf, MARK_MAGIC,
	    sizeof(MARK_MAGIC) - 1) != 0)
		return SP_ECORRUPT;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	s = copy + sizeof(MARK_MAGIC) - 1;
	for (i = 0; i < 2; i++) {
		if (strncmp(s, keys[i], strlen(keys[i])) != 0)
			return SP_ECORRUPT;
		s += strlen(keys[i]);
		if (*s < '0' || *s > '9')
			return SP_ECORRUPT;
		errno = 0;
		*dst[i] = strtoull(s, &end, 10);
		if (errno != 0 || end - s != 20 || *end != '\n')
			return SP_ECORRUPT;
		s = end + 1;
	}
	return m->seq <= m->lease ? 0 : SP_ECORRUPT;
}

int
ownmark_open(const char *dir, struct own_mark *m)
{
	char	*path, buf[MARK_LEN + 1];
	ssize_t	 got;
	int	 rc;

	memset(m, 0, sizeof(*m));
	m->fd = -1;
	if (asprintf(&path, "%s/%s", dir, DATADIR_MARK_FILE) < 0)
		return SP_ENOMEM;
	m->fd = open(path, O_RDWR | O_CLOEXEC);
	if (m->fd == -1 && errno == ENOENT) {
		m->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		m->created = 1;
	}
	free(path);
	if (m->fd == -1)
		return SP_EIO;
	if (m->created)
		rc = mark_write(m, 1);
	else if ((got = pread(m->fd, buf, sizeof(buf), 0)) < 0)
		rc = SP_EIO;
	else
		rc = mark_parse(m, buf, (size_t)got);
	if (rc != 0)
		ownmark_close(m);
	return rc;
}

int
ownmark_reserve(struct own_mark *m, uint64_t upto)
{
	uint64_t	old = m->lease;
	int		rc;

	if (upto <= m->lease)
		return 0;
	m->lease = upto + OWNMARK_LEASE;
	if ((rc = mark_write(m, 1)) != 0)
		m->lease = old;
	return rc;
}

int
ownmark_set(struct own_mark *m, uint64_t seq)
{
	if (seq <= m->seq)
		return 0;
	m->seq = seq;
	if (seq > m->lease)
		return ownmark_reserve(m, seq);
	return mark_write(m, 0);
}

void
ownmark_close(struct own_mark *m)
{
	if (m->fd != -1)
		close(m->fd);
	m->fd = -1;
}
