/* dataobj.h - PIV data objects as GET DATA and SELECT return them. */
#ifndef VCARD_DATAOBJ_H
#define VCARD_DATAOBJ_H

#include "card.h"

/* PIV AID with version; SELECT accepts any prefix of at least 5 bytes (the RID) */
extern const uint8_t piv_aid[11];

/* Fills out with the object for tag; returns the SW (9000, 6A82, 6982). */
uint16_t dataobj_get(struct card *c, uint32_t tag, struct buf *out);
/* Application Property Template answered to SELECT. */
void dataobj_apt(struct buf *out);

#endif
