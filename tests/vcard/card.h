/* card.h - the virtual card: session state, applet tables, APDU transport. */
#ifndef VCARD_CARD_H
#define VCARD_CARD_H

#include "apdu.h"
#include "buf.h"
#include "objects.h"
#include "state.h"

#include <stdbool.h>

struct card;

/* what an instruction handler produces; the transport adds SW and chunking */
struct reply {
	struct buf data;
	uint16_t sw;
};

typedef void (*ins_fn)(struct card *c, const struct apdu *a, struct reply *r);

struct ins_entry {
	uint8_t ins;
	ins_fn fn;
};

struct applet {
	const char *name;
	const struct ins_entry *table;
	size_t count;
};

struct card {
	const uint8_t *atr;
	size_t atr_len;
	const struct applet *applet;
	struct pinstate *pins;
	struct objects *obj;

	/* security status, lost on power off, reset and removal */
	bool pin_verified;
	bool pin_fresh; /* VERIFY since the last 9C use: 9C is "PIN always" */

	/* command chaining (CLA bit 0x10) */
	struct buf chain;
	uint8_t chain_ins;
	bool chaining;

	/* answer left over for GET RESPONSE after 61xx */
	struct buf pending;
	size_t pending_off;
};

void card_init(struct card *c, const struct applet *applet, const uint8_t *atr, size_t atr_len,
	       struct pinstate *pins, struct objects *obj);
void card_free(struct card *c);
/* A vpcd control byte; true when out holds an answer to send. */
bool card_control(struct card *c, uint8_t ctl, struct buf *out, const char **event);
/* Any other frame: out gets response data + SW1 SW2. */
void card_apdu(struct card *c, const uint8_t *raw, size_t n, struct buf *out);

#endif
