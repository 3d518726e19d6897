/*
 * errors.c - words for the codes of errors.h, in English (the source)
 * and through gettext in the reader's language.
 */
#include "errors.h"

const char *
sp_strerror_source(int rc)
{
	switch (rc) {
	case 0:
		return N_("success");
#define SP_ERR_TEXT(name, code, text)	case code: return text;
	SP_ERRORS(SP_ERR_TEXT)
#undef SP_ERR_TEXT
	}
	return N_("unknown error");
}

const char *
sp_strerror(int rc)
{
	return _(sp_strerror_source(rc));
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
