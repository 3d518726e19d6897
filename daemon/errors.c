/*
 * errors.c - words for the codes of errors.h.
 */
#include "errors.h"

const char *
sp_strerror(int rc)
{
	switch (rc) {
	case 0:
		return "success";
#define SP_ERR_TEXT(name, code, text)	case code: return text;
	SP_ERRORS(SP_ERR_TEXT)
#undef SP_ERR_TEXT
	}
	return "unknown error";
}

const char *
sp_errname(int rc)
{
	switch (rc) {
	case 0:
		return "OK";
#define SP_ERR_NAME(name, code, text)	case code: return &#name[3];
	SP_ERRORS(SP_ERR_NAME)
#undef SP_ERR_NAME
	}
	return "EUNKNOWNCODE";
}
