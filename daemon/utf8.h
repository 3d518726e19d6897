/*
 * utf8.h - UTF-8 checks and display width for Norwegian text.
 *
 * Text in samplan is UTF-8 without NUL.  utf8_valid() rejects overlong
 * forms, surrogates and code points above U+10FFFF.  utf8_width() counts
 * what a terminal shows, so tables with æ, ø and å line up.
 */
#ifndef SAMPLAN_UTF8_H
#define SAMPLAN_UTF8_H

#include <stddef.h>
#include <stdio.h>

/*
 * Returns 1 when s[0..len) is valid UTF-8 with no NUL byte, else 0.
 */
int	utf8_valid(const char *s, size_t len);

/*
 * Returns the number of terminal columns s takes: one per code point,
 * none for combining marks (U+0300..U+036F).  s must be valid UTF-8.
 */
size_t	utf8_width(const char *s);

/*
 * Writes s to out, then spaces up to width columns (never truncates).
 */
void	utf8_pad(FILE *out, const char *s, size_t width);

/*
 * Returns the byte length of the longest prefix of s that fits in width
 * columns without splitting a code point.
 */
size_t	utf8_prefix(const char *s, size_t width);

#endif
