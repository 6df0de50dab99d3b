/* buf.h - growable byte buffer (a zeroed struct is an empty buffer). */
#ifndef VCARD_BUF_H
#define VCARD_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t *p;
	size_t len;
	size_t cap;
};

void buf_add(struct buf *b, const void *data, size_t n);
void buf_byte(struct buf *b, uint8_t v);
void buf_sw(struct buf *b, uint16_t sw);
void buf_clear(struct buf *b);
void buf_free(struct buf *b);

#endif
