/* tlv.h - BER-TLV writing and reading (tags of up to 3 bytes). */
#ifndef VCARD_TLV_H
#define VCARD_TLV_H

#include "buf.h"

/* tag is the tag bytes read as a big-endian number: 0x7E, 0x5FC102 */
void tlv_put(struct buf *b, uint32_t tag, const void *value, size_t len);
void tlv_tag(struct buf *b, uint32_t tag);
void tlv_len(struct buf *b, size_t len);

/* Reads one TLV at *p; 0 and *p moved past it, or -1 when malformed. */
int tlv_read(const uint8_t **p, const uint8_t *end, uint32_t *tag,
	     const uint8_t **value, size_t *len);

/* Value of the first sibling with this tag, or NULL (also if malformed). */
const uint8_t *tlv_find(const uint8_t *p, size_t n, uint32_t tag, size_t *len);

#endif
