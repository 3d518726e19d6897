/*
 * fuzz.h - what every fuzz target shares: the entry point, the oracles
 * and a private scratch directory.
 *
 * Each fuzz_<name>.c defines LLVMFuzzerTestOneInput() and nothing else
 * that is exported.  Linked with -fsanitize=fuzzer it is a libFuzzer
 * program; linked with replay_main.c it replays files, which is how
 * CTest runs the committed corpus in the gcc and ASan builds.  An oracle
 * that fails calls fuzz_fail(), which prints the reason and aborts, so
 * that libFuzzer saves the input and the replay test fails.
 */
#ifndef SAMPLAN_FUZZ_H
#define SAMPLAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "samplan.pb-c.h"

/* The libFuzzer entry point, defined once per target. */
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Prints "fuzz: " and the message to stderr and aborts.  Never returns.
 */
void	fuzz_fail(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * The round-trip oracle of a message m that wire_decode(d, in, inlen,
 * max) accepted: b1 = pack(m) must decode again and re-pack to b1
 * exactly.  b1 is compared with itself, not with the input, because
 * protobuf allows fields in any order, repeated fields split, and
 * default values spelled out; pack() writes one canonical form.  Two
 * outcomes are let through and documented at the definition: b1 over
 * max, and the allocation cap hit by a b1 shorter than the input.
 */
void	fuzz_roundtrip(const ProtobufCMessageDescriptor *d, size_t max,
	    size_t inlen, const ProtobufCMessage *m);

/*
 * A stream open on /dev/null for error reports nobody reads; opened on
 * first use and kept for the life of the process.
 */
FILE	*fuzz_devnull(void);

/*
 * Writes data to a file called name in this process's scratch
 * directory (made with mkdtemp on first use under $TMPDIR or /tmp and
 * removed at exit) and returns its path, static until the next call.
 */
const char *fuzz_write_file(const char *name, const uint8_t *data,
	    size_t size);

#endif
