/*
 * errors.h - the one table of samplan error codes.
 *
 * Every library function returns 0 or one of these negative codes; the
 * caller turns a code into words with sp_strerror().  System errors are
 * reported as SP_EIO with errno left for the caller's log_warn().
 */
#ifndef SAMPLAN_ERRORS_H
#define SAMPLAN_ERRORS_H

#define SP_ERRORS(X)							\
	X(SP_ENOMEM,	  -1, "out of memory")				\
	X(SP_ENOTFOUND,	  -2, "not found")				\
	X(SP_EMALFORMED,  -3, "malformed message")			\
	X(SP_ETOOBIG,	  -4, "message exceeds size limit")		\
	X(SP_EBADSIG,	  -5, "signature does not verify")		\
	X(SP_EGAP,	  -6, "record does not follow the feed head")	\
	X(SP_EFULL,	  -7, "database map is full")			\
	X(SP_EIO,	  -8, "I/O error")				\
	X(SP_EUNKNOWN,	  -9, "author is not known to this node")	\
	X(SP_ECHAIN,	 -10, "previous-record hash does not match")	\
	X(SP_EFIELDS,	 -11, "message carries unknown fields")		\
	X(SP_EUTF8,	 -12, "text is not valid UTF-8 or contains NUL")	\
	X(SP_EINVAL,	 -13, "invalid value")				\
	X(SP_EFORBIDDEN, -14, "author may not write this record")	\
	X(SP_EFORK,	 -15, "two different records for one seq (fork)")	\
	X(SP_EDUP,	 -16, "record already held")			\
	X(SP_ECORRUPT,	 -17, "database is damaged or foreign")		\
	X(SP_ENOSPC,	 -18, "disk is full")				\
	X(SP_EEXIST,	 -19, "already exists")				\
	X(SP_ECONFIG,	 -20, "configuration error")			\
	X(SP_ENOTRUNNING, -21, "node is not running")			\
	X(SP_ETIMEDOUT,	 -22, "timed out")				\
	X(SP_EAUTHOR,	 -23, "record author does not match the feed")	\
	X(SP_ESEQ,	 -24, "record seq out of range")		\
	X(SP_EBLOCKED,	 -25, "feed is blocked after equivocation")	\
	X(SP_EBUSY,	 -26, "in use by another process")		\
	X(SP_EBEHIND,	 -27, "own feed is behind: catching up from peers")	\
	X(SP_EQUOTA,	 -28, "feed is over its byte quota (max_feed_bytes)")	\
	X(SP_EREVOKED,	 -29, "author is revoked from this seq on")	\
	X(SP_EFORMAT,	 -30, "record is not of format 2")		\
	X(SP_EREDACTED,	 -31, "record arrived without its texts and no "	\
	    "redaction of it is held")					\
	X(SP_EOLDSTORE,	 -32, "store was made by samplan 1 (schema "	\
	    "samplan-store-1): export the plan with the old samplan "	\
	    "(samplan export), move the store aside, then import it with " \
	    "this one (samplan import)")				\
	X(SP_ENEWSTORE,	 -33, "store was made by a newer samplan; upgrade "	\
	    "samplan-node")						\
	X(SP_EPROTO,	 -34, "peer speaks another protocol")

enum sp_error {
#define SP_ERR_ENUM(name, code, text)	name = code,
	SP_ERRORS(SP_ERR_ENUM)
#undef SP_ERR_ENUM
};

#define SP_ERR_COUNT	34	/* number of codes above */

/*
 * Returns a static description of rc (0 or an SP_E* code).  Never NULL.
 */
const char	*sp_strerror(int rc);

/*
 * Returns a short stable name for rc ("EBADSIG"), used as the key of
 * rejection counters.  Never NULL.
 */
const char	*sp_errname(int rc);

#endif
