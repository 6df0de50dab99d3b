/* atr.c — parse a card's Answer To Reset (ISO/IEC 7816-3) and convert ATRs to and from hex text. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cw/atr.h"

#define HEX_DIGITS "0123456789abcdefABCDEF"
#define HEX_SEPARATORS " \t\r\n:"
#define T_GLOBAL 15 /* TDi's T=15 announces global interface bytes, not a protocol */

static int fail(struct cw_atr *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct cw_atr *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->error, sizeof(a->error), fmt, ap);
	va_end(ap);
	a->valid = 0;
	return -1;
}

/* How many of TAi, TBi, TCi, TDi a Y nibble announces: one bit each. */
static size_t interface_count(unsigned y)
{
	static const unsigned char bits[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
	return bits[y & 0x0F];
}

/* The two TS values: PC/SC hands an inverse-convention ATR over already decoded, so its TS reads 3F. */
static int ts_known(unsigned char ts)
{
	static const unsigned char known[] = {0x3B, 0x3F};
	return memchr(known, ts, sizeof(known)) != NULL;
}

/* Walk the TAi/TBi/TCi/TDi groups from raw[2]; *end gets the offset after them. */
static int parse_interface(struct cw_atr *a, size_t *end)
{
	size_t i = 2;
	unsigned y = a->t0 >> 4;
	while (y) {
		size_t count = interface_count(y);
		if (i + count > a->len)
			return fail(a, "truncated: %zu interface bytes missing", i + count - a->len);
		i += count;
		if (!(y & 0x08))
			break; /* no TDi: the chain ends here */
		unsigned char td = a->raw[i - 1];
		unsigned t = td & 0x0F;
		if (t != T_GLOBAL)
			a->protocols |= 1 << t;
		/* ISO 7816-3 §8.2.5: TCK is absent only when T=0 alone is indicated. */
		if (t != 0)
			a->tck_present = 1;
		y = td >> 4;
	}
	if (!a->protocols)
		a->protocols = 1 << 0;
	*end = i;
	return 0;
}

/* The historical bytes, then TCK; fills what it can even when bytes are missing. */
static int parse_tail(struct cw_atr *a, size_t i)
{
	size_t k = a->t0 & 0x0F;
	a->hist_off = i;
	if (i + k > a->len) {
		a->nhist = a->len - i;
		return fail(a, "truncated: %zu historical bytes missing", i + k - a->len);
	}
	a->nhist = k;
	i += k;
	a->tck_ok = !a->tck_present;
	if (a->tck_present) {
		if (i >= a->len)
			return fail(a, "truncated: TCK missing");
		unsigned char want = 0;
		for (size_t j = 1; j < i; j++)
			want ^= a->raw[j];
		a->tck_ok = want == a->raw[i];
		if (!a->tck_ok)
			return fail(a, "TCK mismatch (0x%02X, want 0x%02X)", a->raw[i], want);
		i++;
	}
	if (i < a->len)
		return fail(a, "extra bytes after %s: %zu", a->tck_present ? "TCK" : "the historical bytes",
			    a->len - i);
	return 0;
}

static int parse_bytes(struct cw_atr *a)
{
	if (a->len < 1)
		return fail(a, "truncated: TS missing");
	a->ts = a->raw[0];
	if (!ts_known(a->ts))
		return fail(a, "bad TS 0x%02X", a->ts);
	if (a->len < 2)
		return fail(a, "truncated: T0 missing");
	a->t0 = a->raw[1];
	size_t end = 2;
	if (parse_interface(a, &end) < 0)
		return -1;
	return parse_tail(a, end);
}

int cw_atr_parse(const unsigned char *atr, size_t len, struct cw_atr *out)
{
	memset(out, 0, sizeof(*out));
	out->len = len < CW_ATR_MAX ? len : CW_ATR_MAX;
	if (out->len)
		memcpy(out->raw, atr, out->len);
	int rc = parse_bytes(out);
	/* Still parse the first CW_ATR_MAX bytes above, so a caller can show what they say. */
	if (len > CW_ATR_MAX)
		return fail(out, "too long: %zu bytes, at most %d", len, CW_ATR_MAX);
	if (rc == 0)
		out->valid = 1;
	return rc;
}

static unsigned hex_value(char c)
{
	const char *digits = "0123456789abcdef";
	char lower = (char)(c | 0x20); /* ASCII letters only: callers pass hex digits */
	return (unsigned)(strchr(digits, lower) - digits);
}

int cw_atr_from_hex(const char *hex, unsigned char *buf, size_t size)
{
	size_t n = 0;
	const char *p = hex;
	for (;;) {
		p += strspn(p, HEX_SEPARATORS);
		if (!*p)
			return (int)n;
		/* Digits come in runs ("3B" or "3B8B8001"); a run must hold whole bytes. */
		size_t run = strspn(p, HEX_DIGITS);
		if (run == 0 || run % 2)
			return -1;
		for (size_t k = 0; k < run; k += 2) {
			if (n >= size || n >= INT_MAX)
				return -1;
			buf[n++] = (unsigned char)(hex_value(p[k]) << 4 | hex_value(p[k + 1]));
		}
		p += run;
	}
}

void cw_atr_to_hex(const unsigned char *atr, size_t len, char *out, size_t size)
{
	static const char digits[] = "0123456789ABCDEF";
	if (!size)
		return;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		size_t need = i ? 3 : 2;
		if (o + need >= size)
			break; /* never half a byte */
		if (i)
			out[o++] = ' ';
		out[o++] = digits[atr[i] >> 4];
		out[o++] = digits[atr[i] & 0x0F];
	}
	out[o] = '\0';
}

int cw_atr_hist_contains(const struct cw_atr *a, const char *text)
{
	if (!text || !*text || a->hist_off + a->nhist > a->len)
		return 0;
	return memmem(a->raw + a->hist_off, a->nhist, text, strlen(text)) != NULL;
}
