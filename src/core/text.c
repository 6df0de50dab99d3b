/* text.c — UTF-8 display width, padding, wrapping (with kinsoku) and making outside text safe to show. */
#include <stdlib.h>
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

/* Closing punctuation: no line may start with it (Chinese line breaking, kinsoku shori). The
 * ASCII kin count after a wide character, where a break could otherwise fall before them. */
static int is_closing(unsigned cp)
{
	static const unsigned closing[] = {
		0x3002, 0xFF0C, 0x3001, 0x300D, 0x300F, 0xFF09, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, /* 。，、」』）：；！？ */
		0x3011, 0x3009, 0x300B, 0xFF3D, 0xFF5D, 0xFF0E, 0x2026, 0x00B7, 0x30FB,       /* 】〉》］｝．…·・ */
		')', ',', '.', ':', ';', '!', '?', ']', '}',
	};
	for (size_t i = 0; i < sizeof(closing) / sizeof(closing[0]); i++)
		if (closing[i] == cp)
			return 1;
	return 0;
}

/* The start of the character before pos (pos > start). */
static const unsigned char *char_before(const unsigned char *start, const unsigned char *pos)
{
	do
		pos--;
	while (pos > start && (*pos & 0xC0) == 0x80);
	return pos;
}

/* Where a line that would end at stop really ends so that the next does not start with closing
 * punctuation: up to two columns of it hang past the line's end (the margins leave them room, as
 * typesetting hangs 。 and ，); a longer run takes the character before it along to the next line. */
static const unsigned char *kinsoku(const unsigned char *start, const unsigned char *stop, const unsigned char *end)
{
	const unsigned char *q = stop;
	int hang = 0;
	while (q < end) {
		unsigned cp;
		size_t n = utf8_next(q, &cp);
		if (!is_closing(cp))
			break;
		hang += char_width(cp);
		q += n;
	}
	if (q == stop || hang <= 2)
		return q;
	/* Too long to hang: move back until the next line starts with a character that may start it. */
	const unsigned char *s = stop;
	while (s > start) {
		const unsigned char *b = char_before(start, s);
		unsigned cp;
		utf8_next(b, &cp);
		s = b;
		if (!is_closing(cp) && s > start)
			return s;
	}
	return stop; /* a line of nothing but punctuation: break where the width says */
}

/* Opening punctuation: no line may end with it (「 belongs with the word it opens). */
static int is_opening(unsigned cp)
{
	static const unsigned opening[] = {
		0x300C, 0x300E, 0xFF08, 0x3010, 0x3008, 0x300A, 0xFF3B, 0xFF5B, /* 「『（【〈《［｛ */
	};
	for (size_t i = 0; i < sizeof(opening) / sizeof(opening[0]); i++)
		if (opening[i] == cp)
			return 1;
	return 0;
}

/* A line that would end with opening punctuation ends before it instead; start when the line is
 * nothing else (the caller then breaks where the width says). */
static const unsigned char *no_opening_at_end(const unsigned char *start, const unsigned char *stop)
{
	while (stop > start) {
		const unsigned char *b = char_before(start, stop);
		unsigned cp;
		utf8_next(b, &cp);
		if (!is_opening(cp))
			break;
		stop = b;
	}
	return stop;
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
		stop = kinsoku(start, stop, end);
		if (stop < end) {
			const unsigned char *before = no_opening_at_end(start, stop);
			stop = before > start ? before : q > stop ? kinsoku(start, q, end) : stop;
		}
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

/* Strict UTF-8: the byte length of a well-formed character at s, 0 when the first byte does not
 * start one (overlong, surrogate, past U+10FFFF, a stray continuation byte such as 0x9B). */
static size_t utf8_strict(const unsigned char *s, unsigned *cp)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
		   : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (!len)
		return 0;
	unsigned v = len == 1 ? s[0] : s[0] & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* Characters that move the cursor or reorder what follows: what a hostile name may not carry. */
static int is_bidi(unsigned cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

struct safe_out { char *out; size_t size, need; int full; };

/* Append one piece whole, or stop writing for good: never half a replacement. */
static void safe_put(struct safe_out *o, const void *p, size_t n)
{
	if (!o->full && o->size && o->need + n < o->size)
		memcpy(o->out + o->need, p, n);
	else
		o->full = 1;
	if (!o->full && o->size)
		o->out[o->need + n] = '\0';
	o->need += n;
}

size_t cw_text_safe(const char *s, enum cw_safe_mode mode, char *out, size_t size)
{
	struct safe_out o = {out, size, 0, 0};
	const unsigned char *p = (const unsigned char *)s;
	if (size)
		out[0] = '\0';
	while (*p) {
		unsigned cp = 0;
		size_t n = utf8_strict(p, &cp);
		char rep[16];
		int len = -1;
		if (!n) { /* not UTF-8: the byte itself, shown, or the replacement character in data */
			len = mode == CW_SAFE_JSON ? snprintf(rep, sizeof(rep), "\xEF\xBF\xBD")
						   : snprintf(rep, sizeof(rep), "\\x%02X", *p);
			n = 1;
		} else if (cp == '\n' && mode != CW_SAFE_LINE) {
			len = -1;
		} else if (mode == CW_SAFE_JSON && (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || is_bidi(cp))) {
			len = snprintf(rep, sizeof(rep), "\\u%04x", cp);
		} else if (cp < 0x20 || cp == 0x7F) {
			len = snprintf(rep, sizeof(rep), "^%c", cp == 0x7F ? '?' : (char)(cp + 0x40));
		} else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi(cp)) {
			len = snprintf(rep, sizeof(rep), "<U+%04X>", cp);
		}
		if (len >= 0)
			safe_put(&o, rep, (size_t)len);
		else
			safe_put(&o, p, n);
		p += n;
	}
	return o.need;
}

char *cw_text_safe_dup(const char *s, enum cw_safe_mode mode)
{
	size_t n = cw_text_safe(s, mode, NULL, 0) + 1;
	char *out = malloc(n);
	if (out)
		cw_text_safe(s, mode, out, n);
	return out;
}

void cw_text_safe_print(FILE *out, const char *s, enum cw_safe_mode mode)
{
	char buf[1024];
	if (cw_text_safe(s, mode, buf, sizeof(buf)) < sizeof(buf)) {
		fputs(buf, out);
		return;
	}
	char *big = cw_text_safe_dup(s, mode);
	if (big)
		fputs(big, out);
	free(big);
}
