/* engine_int.h — what the engine's files share among themselves (not for the layers above). */
#ifndef CW_ENGINE_INT_H
#define CW_ENGINE_INT_H

#include "cw/engine.h"

struct steps {
	struct cw_trail_step *v;
	int n, cap;
};

struct cw_engine {
	const struct cw_wizard *w;
	int cur;                          /* the node the engine stands at */
	struct steps trail;               /* the steps taken to get there */
	struct steps ahead;               /* a recorded path being re-evaluated: ahead.v[0] is at cur */
	struct steps lost;                /* the part a changed answer cut off, in case a later answer leads back */
	unsigned mask;                    /* checks the re-evaluation asks again; others on `ahead` keep their answer */
	unsigned serial;
	int full, full_next;              /* the full test, and the check it asks next */
	struct cw_result table[CW_CHECK_COUNT];
	unsigned have;                    /* bit per check held in table */
	unsigned char *seen;              /* scratch: nodes visited by a replay */
	const struct cw_profile *profile; /* NULL until a card says which */
	char identity[CW_DETAIL_VALUE];   /* the token last seen: failed PINs belong to it */
	struct cw_pin_memory *pins;
	/* The card's last word on the PIN (a PIN result from the card: a wrong PIN's count, a lock, a
	 * pass). It outlives the trail's pin step, which "type it again" takes off: a HiCOS token tells
	 * its count only then, never in its flags. Dropped with a card event, another token, or a token
	 * result whose own flags show the count (those are newer). */
	struct cw_result last_pin;
	int have_last_pin;
	char error[320];
};

void cw_engine_fail(struct cw_engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const struct cw_next *cw_engine_route(const struct cw_node *n, const struct cw_result *r);
/* The latest result of a check: the trail's, else the full test's; NULL when none. */
const struct cw_result *cw_engine_latest(const struct cw_engine *e, enum cw_check c);
/* What a result tells about the card: its profile, and whether it is another token than before. */
void cw_engine_note(struct cw_engine *e, const struct cw_result *r);
int cw_engine_full_feed(struct cw_engine *e, const struct cw_result *r);
void cw_engine_full_event(struct cw_engine *e, unsigned mask);

#endif
