/*
 * version.h - the samplan version as the library reports it, for
 * --version, the node's start-up line, `samplan status` and (later) the
 * peers' hello.  The number comes from CMakeLists.txt's project() through
 * the generated samplan_version.h.
 */
#ifndef SAMPLAN_VERSION_H
#define SAMPLAN_VERSION_H

/* The version, "MAJOR.MINOR.PATCH"; a borrowed static string. */
const char	*sp_version(void);

#endif
