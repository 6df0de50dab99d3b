/* applets.h - the applets a card can carry (--applet) and their instruction handlers. */
#ifndef VCARD_APPLETS_H
#define VCARD_APPLETS_H

#include "card.h"

extern const struct applet piv_applet;     /* piv.c */
extern const struct applet none_applet;    /* fake.c: nothing answers the PIV AID */
extern const struct applet garbage_applet; /* fake.c: PIV AID answers nonsense */

/* pin.c */
void pin_verify(struct card *c, const struct apdu *a, struct reply *r);
void pin_change(struct card *c, const struct apdu *a, struct reply *r);
void pin_reset_retry(struct card *c, const struct apdu *a, struct reply *r);

/* auth.c */
void auth_general(struct card *c, const struct apdu *a, struct reply *r);

#endif
