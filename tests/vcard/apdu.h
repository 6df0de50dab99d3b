/* apdu.h - a command APDU split into header, data and expected length. */
#ifndef VCARD_APDU_H
#define VCARD_APDU_H

#include <stddef.h>
#include <stdint.h>

struct apdu {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data; /* Lc bytes (or the whole chain once it is complete) */
	size_t lc;
	size_t ne;           /* bytes the reader accepts in the answer: Le, 0 -> 256 / 65536 */
};

/* Parses an ISO 7816-4 APDU (short or extended); 0 or the SW to answer. */
uint16_t apdu_parse(const uint8_t *raw, size_t n, struct apdu *a);

#endif
