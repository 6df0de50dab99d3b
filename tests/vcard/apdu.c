/* apdu.c - splits a raw command into CLA INS P1 P2 / Lc data / Le (ISO 7816-4 cases 1-4). */
#include "apdu.h"

#include "sw.h"

/* Cards answer data even for case 1 and 3 commands (T=0 style readers drop Le),
 * so a missing Le means "up to one short answer". */
#define NE_DEFAULT 256

static uint16_t parse_extended(const uint8_t *raw, size_t n, struct apdu *a)
{
	/* raw[4] == 0 and at least 7 bytes: extended Lc and/or Le */
	size_t x = ((size_t)raw[5] << 8) | raw[6];

	if (n == 7) { /* case 2E: only Le */
		a->ne = x ? x : 65536;
		return 0;
	}
	if (x == 0 || n < 7 + x)
		return SW_WRONG_LENGTH;
	a->data = raw + 7;
	a->lc = x;
	if (n == 7 + x) /* case 3E */
		return 0;
	if (n == 9 + x) { /* case 4E */
		size_t le = ((size_t)raw[n - 2] << 8) | raw[n - 1];
		a->ne = le ? le : 65536;
		return 0;
	}
	return SW_WRONG_LENGTH;
}

uint16_t apdu_parse(const uint8_t *raw, size_t n, struct apdu *a)
{
	if (n < 4)
		return SW_WRONG_LENGTH;
	a->cla = raw[0];
	a->ins = raw[1];
	a->p1 = raw[2];
	a->p2 = raw[3];
	a->data = raw + 4; /* never NULL, so handlers can memcmp even when lc == 0 */
	a->lc = 0;
	a->ne = NE_DEFAULT;

	if (n == 4) /* case 1 */
		return 0;
	if (n == 5) { /* case 2S */
		a->ne = raw[4] ? raw[4] : 256;
		return 0;
	}
	if (raw[4] == 0)
		return n >= 7 ? parse_extended(raw, n, a) : SW_WRONG_LENGTH;

	size_t lc = raw[4];
	a->data = raw + 5;
	a->lc = lc;
	if (n == 5 + lc) /* case 3S */
		return 0;
	if (n == 6 + lc) { /* case 4S */
		a->ne = raw[n - 1] ? raw[n - 1] : 256;
		return 0;
	}
	return SW_WRONG_LENGTH;
}
