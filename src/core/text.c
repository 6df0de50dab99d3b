/* text.c — UTF-8 display width, padding and wrapping for tables of mixed Chinese and English. */
#include <string.h>
#include <wchar.h>

#include "cw/text.h"

/* Decode one UTF-8 character; returns its byte length (1 for an invalid byte). */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
	static const struct { unsigned char mask, lead; size_t len; unsigned min; } forms[] = {
		{0x80, 0x00, 1, 0}, {0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000},
	};
	for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		if ((s[0] & forms[f].mask) != forms[f].lead)
			continue;
		unsigned v = s[0] & (unsigned char)~forms[f].mask;
		for (size_t i = 1; i < forms[f].len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				goto invalid;
			v = (v << 6) | (s[i] & 0x3F);
		}
		if (v < forms[f].min)
			goto invalid;
		*cp = v;
		return forms[f].len;
	}
invalid:
	*cp = 0xFFFD;
	return 1;
}

/* East Asian wide ranges, for when the C library's wcwidth does not know (a non-UTF-8 locale). */
static int wide_fallback(unsigned cp)
{
	static const unsigned ranges[][2] = {
		{0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
		{0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F}, {0xFF00, 0xFF60},
		{0xFFE0, 0xFFE6}, {0x20000, 0x3FFFD},
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return 1;
	return 0;
}

static int char_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	if (cp < 0x20 || cp == 0x7F)
		return 0;
	return wide_fallback(cp) ? 2 : 1;
}

int cw_text_width(const char *s)
{
	int w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned cp;
		p += utf8_next(p, &cp);
		w += char_width(cp);
	}
	return w;
}

void cw_text_pad(FILE *out, const char *s, int cols)
{
	const unsigned char *p = (const unsigned char *)s;
	int used = 0;
	while (*p) {
		unsigned cp;
		size_t n = utf8_next(p, &cp);
		int w = char_width(cp);
		if (used + w > cols)
			break;
		fwrite(p, 1, n, out);
		used += w;
		p += n;
	}
	for (; used < cols; used++)
		fputc(' ', out);
}

/* One input line (no newline in it) wrapped to cols, each piece after the line's own indent. */
static void wrap_line(const unsigned char *p, const unsigned char *end, int cols,
		      void (*emit)(const char *line, size_t len, void *arg), void *arg)
{
	char out[2048];
	size_t indent = 0;
	while (p + indent < end && p[indent] == ' ' && (int)indent < cols / 2)
		indent++;
	memset(out, ' ', indent);
	p += indent;
	int room = cols - (int)indent;
	do {
		const unsigned char *start = p, *brk = NULL, *q = p;
		int used = 0;
		while (q < end) {
			unsigned cp;
			size_t n = utf8_next(q, &cp);
			int w = char_width(cp);
			if (used + w > room && q > start)
				break;
			used += w;
			q += n;
			/* Break after a space, or between two wide characters (Chinese has no spaces). */
			if (cp == ' ' || w == 2)
				brk = q;
		}
		const unsigned char *stop = q < end && brk && brk > start ? brk : q;
		size_t len = (size_t)(stop - start);
		while (len && start[len - 1] == ' ')
			len--;
		if (indent + len >= sizeof(out))
			len = sizeof(out) - indent - 1;
		memcpy(out + indent, start, len);
		emit(out, indent + len, arg);
		p = stop;
		while (p < end && *p == ' ')
			p++;
	} while (p < end);
}

void cw_text_wrap(const char *s, int cols, void (*emit)(const char *line, size_t len, void *arg), void *arg)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		const unsigned char *end = p + strcspn((const char *)p, "\n");
		wrap_line(p, end, cols, emit, arg);
		p = *end ? end + 1 : end;
	}
}

void cw_copy(char *dst, size_t size, const char *src)
{
	if (!size)
		return;
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		while (n && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--; /* do not leave half a UTF-8 character */
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void cw_text_clip(const char *s, int cols, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	int used = 0;
	while (*p && size) {
		unsigned cp;
		size_t n = utf8_next(p, &cp);
		int w = char_width(cp);
		if (used + w > cols || o + n >= size)
			break;
		memcpy(out + o, p, n);
		o += n;
		used += w;
		p += n;
	}
	if (size)
		out[o] = '\0';
}

void cw_text_asciify(const char *s, char *out, size_t size)
{
	static const struct { const char *from, *to; } map[] = {
		{"•", "*"}, {"—", "-"}, {"–", "-"}, {"→", "->"}, {"“", "\""}, {"”", "\""}, {"‘", "'"},
		{"’", "'"}, {"…", "..."}, {"·", "."}, {"✓", "+"}, {"✗", "x"}, {"›", ">"}, {"─", "-"},
	};
	size_t o = 0;
	if (!size)
		return;
	while (*s && o + 1 < size) {
		size_t i, n = 1;
		const char *rep = NULL;
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strncmp(s, map[i].from, strlen(map[i].from)) == 0) {
				rep = map[i].to;
				n = strlen(map[i].from);
				break;
			}
		size_t len = rep ? strlen(rep) : 1;
		if (o + len >= size)
			break;
		memcpy(out + o, rep ? rep : s, len);
		o += len;
		s += n;
	}
	out[o] = '\0';
}
