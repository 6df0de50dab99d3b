/* checker.h — getting check results from the helper: deadlines, what each check needs, a silent card. */
#ifndef CW_CHECKER_H
#define CW_CHECKER_H

#include "cw/helper.h"
#include "cw/options.h"

struct cw_checker {
	struct cw_helper helper;
	struct cw_request base;          /* reader, module, wizard, flags for every request */
	struct cw_secret *pin;           /* the PIN given once; sent only with pin, crypt, sign */
	enum cw_code card_gone;          /* card-mute, card-removed or service-lost: no card or module
					  * work until the card is re-inserted (ok: none) */
	struct cw_result last[CW_CHECK_COUNT];
	int have[CW_CHECK_COUNT];
};

/* 0, or -1 when the PIN buffer cannot be had. wizard may be NULL. */
int cw_checker_init(struct cw_checker *c, const struct cw_options *o, const char *wizard);
void cw_checker_close(struct cw_checker *c);
/* Run one check now (in the helper, with its deadline); the checks it needs must have run
 * before, else it is not-run and says which one blocked it. */
void cw_checker_run(struct cw_checker *c, enum cw_check check, struct cw_result *r);
/* Forget earlier results and the silent-card state (a card was re-inserted). */
void cw_checker_reset(struct cw_checker *c);
/* The deadline of a check in milliseconds. */
int cw_checker_deadline(enum cw_check check);

#endif
