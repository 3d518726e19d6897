/*
 * errors.h - the one table of samplan error codes.
 *
 * Every library function returns 0 or one of these negative codes; the
 * caller turns a code into words with sp_strerror().  System errors are
 * reported as SP_EIO with errno left for the caller's log_warn().
 */
#ifndef SAMPLAN_ERRORS_H
#define SAMPLAN_ERRORS_H

#include "i18n.h"	/* N_() marks the texts for translation */

#define SP_ERRORS(X)							\
	X(SP_ENOMEM,	  -1, N_("out of memory"))			\
	X(SP_ENOTFOUND,	  -2, N_("not found"))				\
	X(SP_EMALFORMED,  -3, N_("malformed message"))			\
	X(SP_ETOOBIG,	  -4, N_("message exceeds size limit"))		\
	X(SP_EBADSIG,	  -5, N_("signature does not verify"))		\
	X(SP_EGAP,	  -6, N_("record does not follow the feed head")) \
	X(SP_EFULL,	  -7, N_("database map is full"))		\
	X(SP_EIO,	  -8, N_("I/O error"))				\
	X(SP_EUNKNOWN,	  -9, N_("author is not known to this node"))	\
	X(SP_ECHAIN,	 -10, N_("previous-record hash does not match")) \
	X(SP_EFIELDS,	 -11, N_("message carries unknown fields"))	\
	X(SP_EUTF8,	 -12, N_("text is not valid UTF-8 or contains NUL")) \
	X(SP_EINVAL,	 -13, N_("invalid value"))			\
	X(SP_EFORBIDDEN, -14, N_("author may not write this record"))	\
	X(SP_EFORK,	 -15, N_("two different records for one seq (fork)")) \
	X(SP_EDUP,	 -16, N_("record already held"))		\
	X(SP_ECORRUPT,	 -17, N_("database is damaged or foreign"))	\
	X(SP_ENOSPC,	 -18, N_("disk is full"))			\
	X(SP_EEXIST,	 -19, N_("already exists"))			\
	X(SP_ECONFIG,	 -20, N_("configuration error"))		\
	X(SP_ENOTRUNNING, -21, N_("node is not running"))		\
	X(SP_ETIMEDOUT,	 -22, N_("timed out"))				\
	X(SP_EAUTHOR,	 -23, N_("record author does not match the feed")) \
	X(SP_ESEQ,	 -24, N_("record seq out of range"))		\
	X(SP_EBLOCKED,	 -25, N_("feed is blocked after equivocation"))	\
	X(SP_EBUSY,	 -26, N_("in use by another process"))		\
	X(SP_EBEHIND,	 -27, N_("own feed is behind: catching up from " \
	    "peers"))							\
	X(SP_EQUOTA,	 -28, N_("feed is over its byte quota "		\
	    "(max_feed_bytes)"))					\
	X(SP_EREVOKED,	 -29, N_("author is revoked from this seq on"))	\
	X(SP_EFORMAT,	 -30, N_("record is not of format 2"))		\
	X(SP_EREDACTED,	 -31, N_("record arrived without its texts and no " \
	    "redaction of it is held"))					\
	X(SP_EOLDSTORE,	 -32, N_("store was made by samplan 1 (schema "	\
	    "samplan-store-1): export the plan with the old samplan "	\
	    "(samplan export), move the store aside, then import it with " \
	    "this one (samplan import)"))				\
	X(SP_ENEWSTORE,	 -33, N_("store was made by a newer samplan; upgrade " \
	    "samplan-node"))						\
	X(SP_EPROTO,	 -34, N_("peer speaks another protocol"))	\
	X(SP_EOWNER,	 -35, N_("store belongs to another node key"))

enum sp_error {
#define SP_ERR_ENUM(name, code, text)	name = code,
	SP_ERRORS(SP_ERR_ENUM)
#undef SP_ERR_ENUM
};

#define SP_ERR_COUNT	35	/* number of codes above */

/*
 * Returns a static description of rc (0 or an SP_E* code) in the
 * process's language (i18n.h).  Never NULL.
 */
const char	*sp_strerror(int rc);

/*
 * The same description in English, the source text: what the node sends
 * a tool, which translates it with gettext() for its own user.
 */
const char	*sp_strerror_source(int rc);

/*
 * Returns a short stable name for rc ("EBADSIG"), used as the key of
 * rejection counters.  Never NULL.
 */
const char	*sp_errname(int rc);

#endif
