/*
 * replay_main.c - runs a fuzz target over files without libFuzzer.
 *
 * usage: fuzz_replay_NAME PATH...
 *
 * Each PATH is a file or a directory whose files are taken in name
 * order (names starting with '.' or "README" are skipped).  Every file
 * goes once through the target's LLVMFuzzerTestOneInput(), so CTest can
 * replay the committed corpus and every past crasher in the gcc and ASan
 * builds.  An oracle failure or sanitizer report aborts with the file
 * named just above it; a run that finds no input at all fails, so an
 * emptied corpus cannot pass unnoticed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Reads path whole into a new buffer (never NULL, even when empty). */
static uint8_t *
read_file(const char *path, size_t *len)
{
	FILE	*fp;
	uint8_t	*buf;
	long	 n;

	if ((fp = fopen(path, "rbe")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return NULL;
	}
	if ((buf = malloc(n > 0 ? (size_t)n : 1)) == NULL ||
	    fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Runs one file; returns 0 or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	uint8_t	*buf;
	size_t	 len;

	fprintf(stderr, "replay: %s\n", path);
	if ((buf = read_file(path, &len)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int
wanted(const struct dirent *d)
{
	return d->d_name[0] != '.' && strncmp(d->d_name, "README", 6) != 0;
}

/* Runs path, a file or a directory; adds the inputs run to *count. */
static int
replay_path(const char *path, size_t *count)
{
	struct dirent	**names;
	struct stat	  st;
	char		 *file;
	int		  i, n, rc = 0;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (replay_file(path) != 0)
			return -1;
		(*count)++;
		return 0;
	}
	if ((n = scandir(path, &names, wanted, alphasort)) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0 && asprintf(&file, "%s/%s", path,
		    names[i]->d_name) != -1) {
			if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(file) != 0)
					rc = -1;
				else
					(*count)++;
			}
			free(file);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	size_t	count = 0;
	int	i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) != 0)
			rc = 1;
	printf("%zu inputs replayed\n", count);
	if (count == 0) {
		fprintf(stderr, "replay: no inputs found\n");
		rc = 1;
	}
	return rc;
}
