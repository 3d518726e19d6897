/*
 * utf8.c - UTF-8 validation and display width.  No locale is consulted:
 * the answers must be the same on every node and in every test.
 */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

long
utf8_decode(const char *str, size_t left, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 cp;
	size_t			 n, i;

	*len = 1;
	if (left == 0)
		return -1;
	if (s[0] < 0x80)
		return s[0] == 0 ? -1 : s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return -1;
	if (left < n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = n;
	return (long)cp;
}

/* Eight bytes of ASCII without NUL: the high bits clear, no zero byte. */
static int
utf8_ascii8(const char *s)
{
	uint64_t	w;

	memcpy(&w, s, sizeof(w));
	return (w & 0x8080808080808080ULL) == 0 &&
	    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) == 0;
}

int
utf8_valid(const char *s, size_t len)
{
	const char	*start = s;
	size_t		 n;

	while (len > 0) {
		/*
		 * Most text is ASCII: eight bytes at a time.  Every string of
		 * every record a peer sends passes here (wire.c, domain.c).
		 */
		if (len >= 8 && utf8_ascii8(s)) {
			s += 8;
			len -= 8;
			continue;
		}
		/* A short tail: its last eight bytes at once, if there are. */
		if (len < 8 && (size_t)(s - start) >= 8 - len &&
		    utf8_ascii8(s + len - 8))
			return 1;
		/* ASCII bytes up to the one that stopped us, then that one. */
		while (len > 0 && (unsigned char)*s - 1u < 0x7fu) {
			s++;
			len--;
		}
		if (len == 0)
			break;
		/*
		 * Two bytes, C2..DF and a continuation byte, are always a
		 * code point from U+0080 to U+07FF (æ, ø, å): no call.
		 */
		if (len >= 2 && (unsigned char)*s >= 0xc2 &&
		    (unsigned char)*s <= 0xdf &&
		    ((unsigned char)s[1] & 0xc0) == 0x80) {
			s += 2;
			len -= 2;
			continue;
		}
		if (utf8_decode(s, len, &n) < 0)
			return 0;
		s += n;
		len -= n;
	}
	return 1;
}

int
utf8_has_control(const char *s, size_t len, int multiline)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < len; i++) {
		if (p[i] >= 0x20 && p[i] != 0x7f && p[i] != 0xc2)
			continue;
		if (p[i] == 0xc2) {
			/* U+0080..U+009F; any other C2 xx is a letter. */
			if (i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
				return 1;
			continue;
		}
		/* CRLF is a line break (spreadsheet cells); a lone CR is not. */
		if (multiline && (p[i] == '\n' || p[i] == '\t' ||
		    (p[i] == '\r' && i + 1 < len && p[i + 1] == '\n')))
			continue;
		return 1;
	}
	return 0;
}

/* Returns 1 when the code point starting at p is a combining mark. */
static int
utf8_combining(const unsigned char *p)
{
	/* U+0300..U+036F encode as CC 80 .. CD AF. */
	return (p[0] == 0xcc && p[1] >= 0x80) || (p[0] == 0xcd && p[1] <= 0xaf);
}

size_t
utf8_width(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 w = 0;

	for (; *p != '\0'; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		if (*p >= 0xc0 && utf8_combining(p))
			continue;
		w++;
	}
	return w;
}

void
utf8_pad(FILE *out, const char *s, size_t width)
{
	size_t	w = utf8_width(s);

	fputs(s, out);
	for (; w < width; w++)
		fputc(' ', out);
}

size_t
utf8_prefix(const char *s, size_t width)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 w = 0, i = 0, next;

	while (p[i] != '\0') {
		next = i + 1;
		while ((p[next] & 0xc0) == 0x80)
			next++;
		if (!(p[i] >= 0xc0 && utf8_combining(p + i))) {
			if (w == width)
				break;
			w++;
		}
		i = next;
	}
	return i;
}
