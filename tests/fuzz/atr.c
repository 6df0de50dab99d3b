/* atr.c — libFuzzer target: the ATR parser (cw_atr_parse) and the hex conversions, both ways. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cw/atr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The parser's promises (atr.h): never past len, historical bytes inside raw, valid only without an error. */
static void check_parsed(const struct cw_atr *a, size_t size)
{
	if (a->len > CW_ATR_MAX || a->len != (size < CW_ATR_MAX ? size : CW_ATR_MAX))
		abort();
	if (a->hist_off + a->nhist > a->len && a->nhist)
		abort();
	if (a->valid != (a->error[0] == '\0') || !memchr(a->error, '\0', sizeof(a->error)))
		abort();
}

static void parse_bytes(const uint8_t *data, size_t size)
{
	struct cw_atr a;
	int rc = cw_atr_parse(data, size, &a);
	if ((rc == 0) != (a.valid == 1))
		abort();
	check_parsed(&a, size);
	cw_atr_hist_contains(&a, "CHT");
	cw_atr_hist_contains(&a, "MOICA");
	cw_atr_hist_contains(&a, "");

	/* bytes → text → bytes gives the same bytes; a short buffer cuts between bytes, always terminated */
	char hex[CW_ATR_HEX_MAX];
	cw_atr_to_hex(a.raw, a.len, hex, sizeof(hex));
	unsigned char back[CW_ATR_MAX];
	int n = cw_atr_from_hex(hex, back, sizeof(back));
	if (n != (int)a.len || memcmp(back, a.raw, a.len) != 0)
		abort();
	char small[8];
	cw_atr_to_hex(a.raw, a.len, small, sizeof(small));
	if (strlen(small) >= sizeof(small) || (strlen(small) && (strlen(small) + 1) % 3))
		abort();
}

/* The same input as text (a wizard file's "atr:" value, --atr): parse what it gives. */
static void parse_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	unsigned char bytes[CW_ATR_MAX + 8];
	int n = cw_atr_from_hex(text, bytes, sizeof(bytes));
	if (n > (int)sizeof(bytes))
		abort();
	if (n > 0) {
		struct cw_atr a;
		cw_atr_parse(bytes, (size_t)n, &a);
		check_parsed(&a, (size_t)n);
	}
	/* a buffer of exactly the bytes it may fill: ASan catches a write past it */
	unsigned char *tight = malloc(4);
	if (tight) {
		cw_atr_from_hex(text, tight, 4);
		free(tight);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_bytes(data, size);
	parse_text(data, size);
	return 0;
}
