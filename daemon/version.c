/*
 * version.c - sp_version(): the version compiled into libsamplan, from
 * the generated samplan_version.h.  Owns nothing else.
 */
#include "samplan_version.h"
#include "version.h"

const char *
sp_version(void)
{
	return SAMPLAN_VERSION;
}
