/* checker.h — getting check results from the helper: deadlines, timeouts and crashes, a silent card. */
#ifndef CW_CHECKER_H
#define CW_CHECKER_H

#include "cw/engine.h"
#include "cw/helper.h"
#include "cw/options.h"

struct cw_checker {
	struct cw_helper helper;
	struct cw_request base;          /* reader, module, signer, profiles, flags for every request */
	const struct cw_engine *engine;  /* whose card policy every request carries */
	int allow_final_try;             /* --allow-final-try: confirmed for the whole run */
	struct cw_secret *pin;           /* the PIN given once; sent only with pin, crypt, sign */
	enum cw_code card_gone;          /* card-mute, card-removed or service-lost: no module work,
					  * each such check fails with this code, until the card check
					  * (from a fresh helper) finds the card answering or back (ok: none) */
	int pending;                     /* the check in the helper now, -1 when none */
	enum cw_op pending_op;           /* CW_OP_CHECK, or the action in flight */
	long long due;                   /* its deadline (monotonic ms) */
	/* After a helper was killed or died in card work: the direct PC/SC probe that says whose
	 * fault it was, asked like any request (fd and deadline below), the failed result kept. */
	int probe_stage;                 /* -1 none; 0 the service; 1 the card */
	int probe_last;                  /* the last stage to ask */
	struct cw_result failed;
};

/* 0, or -1 when the PIN buffer cannot be had. Every request carries e's card policy and its
 * wizard file's profiles and signing bridge (the helper reads no wizard file). */
int cw_checker_init(struct cw_checker *c, const struct cw_options *o, const struct cw_engine *e);
void cw_checker_close(struct cw_checker *c);
/* Run one check now (in the helper, with its deadline). Which checks may run is the engine's to
 * decide; the checker only keeps module work away from a card that went silent, was pulled or
 * lost. A helper killed at its deadline or dead of a signal in card work is followed by a direct
 * PC/SC probe of the card from a fresh helper: the card answers → module-hung / module-crashed;
 * silent → card-mute; gone → card-removed; the service hangs → service-lost. */
void cw_checker_run(struct cw_checker *c, enum cw_check check, struct cw_result *r);
/* The same without blocking, for front ends that wait in poll(): start returns 1 when r is
 * ready at once (the check could not run), else 0: then wait for cw_checker_fd to be readable
 * for at most cw_checker_ms_left ms and call finish, or expire past the deadline. finish and
 * expire return 1 when r is the answer, 0 when the checker still works (the probe after a
 * killed or dead helper): then wait on the fd and deadline again, as before. */
int cw_checker_start(struct cw_checker *c, enum cw_check check, struct cw_result *r);
int cw_checker_fd(const struct cw_checker *c);
int cw_checker_ms_left(const struct cw_checker *c);
int cw_checker_finish(struct cw_checker *c, struct cw_result *r);
int cw_checker_expire(struct cw_checker *c, struct cw_result *r);
/* Start an action (unlock, change PIN, export) the same way; its result is not kept as a check's.
 * confirmed_final: the user confirmed a last or unknown try for this action (the helper refuses
 * one without it: refused-final-try). */
int cw_checker_start_op(struct cw_checker *c, enum cw_op op, struct cw_secret *const secrets[CW_SECRET_SLOTS],
			const char *path, int confirmed_final, struct cw_result *r);
/* The same, waiting for its answer. */
void cw_checker_run_op(struct cw_checker *c, enum cw_op op, struct cw_secret *const secrets[CW_SECRET_SLOTS],
		       const char *path, int confirmed_final, struct cw_result *r);
/* Esc: give up the check in flight (its helper is killed). */
void cw_checker_abandon(struct cw_checker *c);
/* The helper goes at once, busy or not (quitting, a visit's end, another card): no polite stop,
 * which would let its module finalise and wait on pcscd for as long as pcscd takes. */
void cw_checker_kill(struct cw_checker *c);
/* The reader every later request names (the card the user picked among several); "" or NULL: the
 * helper chooses again (the reader holding the only card, else by the profiles, else the first). */
void cw_checker_set_reader(struct cw_checker *c, const char *name);
/* Forget the silent-card state and start a fresh helper (a card was re-inserted). */
void cw_checker_reset(struct cw_checker *c);

#endif
