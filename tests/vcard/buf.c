/* buf.c - growable byte buffer behind every response and data object. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_add(struct buf *b, const void *data, size_t n)
{
	if (n == 0)
		return; /* also keeps memcpy away from NULL pointers */
	if (n > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->len < n)
			cap *= 2;
		uint8_t *p = realloc(b->p, cap);
		if (p == NULL) {
			/* a test card has nothing sensible to do without memory */
			fputs("vcard: out of memory\n", stderr);
			exit(1);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

void buf_byte(struct buf *b, uint8_t v)
{
	buf_add(b, &v, 1);
}

void buf_sw(struct buf *b, uint16_t sw)
{
	uint8_t s[2] = { (uint8_t)(sw >> 8), (uint8_t)sw };
	buf_add(b, s, 2);
}

void buf_clear(struct buf *b)
{
	b->len = 0;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
