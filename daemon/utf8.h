/*
 * utf8.h - UTF-8 checks and display width for Norwegian text.
 *
 * Text in samplan is UTF-8 without NUL.  utf8_valid() rejects overlong
 * forms, surrogates and code points above U+10FFFF.  utf8_has_control()
 * finds what a terminal would act on.  utf8_width() counts what a
 * terminal shows, so tables with æ, ø and å line up.
 */
#ifndef SAMPLAN_UTF8_H
#define SAMPLAN_UTF8_H

#include <stddef.h>
#include <stdio.h>

/*
 * Decodes the code point at s, of which `left` bytes may be read (a NUL
 * stops a sequence, so a NUL-terminated string may pass 4).  Returns it
 * and its length in *len, or -1 with *len = 1 for NUL, a truncated,
 * overlong or surrogate sequence, or a byte that starts none.
 */
long	utf8_decode(const char *s, size_t left, size_t *len);

/*
 * Returns 1 when s[0..len) is valid UTF-8 with no NUL byte, else 0.
 */
int	utf8_valid(const char *s, size_t len);

/*
 * Returns 1 when s[0..len) holds a control character: C0 (U+0000..
 * U+001F), DEL (U+007F) or C1 (U+0080..U+009F, C2 80..C2 9F in UTF-8),
 * other than a line break (LF, or CR right before LF) or a tab when
 * multiline is set.  A terminal acts on these instead of showing them.
 * Else 0.
 */
int	utf8_has_control(const char *s, size_t len, int multiline);

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
