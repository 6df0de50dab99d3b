/* tlv.c - BER-TLV encoding and decoding for PIV containers and templates. */
#include "tlv.h"

void tlv_tag(struct buf *b, uint32_t tag)
{
	/* emit the significant bytes only: 0x7E is one byte, 0x5FC102 three */
	for (int shift = 24; shift >= 0; shift -= 8)
		if ((tag >> shift) != 0 || shift == 0)
			buf_byte(b, (uint8_t)(tag >> shift));
}

void tlv_len(struct buf *b, size_t len)
{
	if (len < 0x80) {
		buf_byte(b, (uint8_t)len);
	} else if (len <= 0xFF) {
		buf_byte(b, 0x81);
		buf_byte(b, (uint8_t)len);
	} else if (len <= 0xFFFF) {
		buf_byte(b, 0x82);
		buf_byte(b, (uint8_t)(len >> 8));
		buf_byte(b, (uint8_t)len);
	} else {
		buf_byte(b, 0x83);
		buf_byte(b, (uint8_t)(len >> 16));
		buf_byte(b, (uint8_t)(len >> 8));
		buf_byte(b, (uint8_t)len);
	}
}

void tlv_put(struct buf *b, uint32_t tag, const void *value, size_t len)
{
	tlv_tag(b, tag);
	tlv_len(b, len);
	buf_add(b, value, len);
}

int tlv_read(const uint8_t **p, const uint8_t *end, uint32_t *tag,
	     const uint8_t **value, size_t *len)
{
	const uint8_t *q = *p;

	if (q >= end)
		return -1;
	uint32_t t = *q++;
	if ((t & 0x1F) == 0x1F) {
		/* multi-byte tag: continuation bytes have bit 8 set */
		int extra = 0;
		do {
			if (q >= end || ++extra > 2)
				return -1;
			t = (t << 8) | *q;
		} while (*q++ & 0x80);
	}
	if (q >= end)
		return -1;
	size_t l = *q++;
	if (l & 0x80) {
		int nb = (int)(l & 0x7F);
		if (nb == 0 || nb > 3)
			return -1; /* indefinite or absurd lengths never occur in PIV */
		l = 0;
		while (nb-- > 0) {
			if (q >= end)
				return -1;
			l = (l << 8) | *q++;
		}
	}
	if ((size_t)(end - q) < l)
		return -1;
	*tag = t;
	*value = q;
	*len = l;
	*p = q + l;
	return 0;
}

const uint8_t *tlv_find(const uint8_t *p, size_t n, uint32_t tag, size_t *len)
{
	const uint8_t *end = p + n;

	while (p < end) {
		uint32_t t;
		const uint8_t *v;
		size_t l;
		if (tlv_read(&p, end, &t, &v, &l) < 0)
			return NULL;
		if (t == tag) {
			*len = l;
			return v;
		}
	}
	return NULL;
}
