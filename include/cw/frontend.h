/* frontend.h — what every front end does the same way at its start: load the wizard file, or say why not. */
#ifndef CW_FRONTEND_H
#define CW_FRONTEND_H

#include "cw/checker.h"
#include "cw/engine.h"
#include "cw/monitor.h"
#include "cw/wizard.h"

/* Load path; on failure print every error as FILE:LINE:COL: message to stderr and return NULL. */
struct cw_wizard *cw_frontend_load_wizard(const char *path);

/* Answer the checks the engine asks for, one after the other through the checker, until it
 * wants the user (or is done). before() may stop it (returns -1: then so does this) — the
 * PIN is read there, only when its check comes; seen() gets each result before the engine. */
int cw_frontend_run_checks(struct cw_engine *e, struct cw_checker *c, int (*before)(void *arg, int check),
			   void (*seen)(void *arg, const struct cw_result *r), void *arg);

/* The PIN sequence (pin → crypt → sign) after each result: a refused PIN is remembered (hashed)
 * so it is never sent again, and the PIN is wiped when the sequence ends or fails, with the
 * final-try consent that served it (unless --allow-final-try gave it for the whole run). */
void cw_frontend_pin_result(struct cw_engine *e, struct cw_checker *c, const struct cw_result *r, int keep_final_try);

/* Why the PIN guard stopped a PIN, in the current language. */
const char *cw_frontend_guard_text(enum cw_guard g);

/* Save the report of what the engine knows (latest result of each check, its diagnosis) as JSON
 * when json or the name ends in .json, else text: to a new file (never over one: EEXIST), or with
 * atomic, through a temporary file renamed into place (the kiosk spool). 0 / -1 with errno. */
int cw_frontend_save_report(const struct cw_engine *e, const char *path, int json, int ascii, int atomic);

/* The kiosk spool, checked once at start: 0 usable; 1 usable after its mode was tightened to 0700
 * (it was open to group or others); -1 refused (missing, not a folder, not writable, open to others
 * and not ours to tighten). why says what, in the current language, for 1 and -1. */
int cw_spool_check(const char *dir, char *why, size_t n);
/* Remove the spool's visit reports (visit-*.json, regular files only) at least keep_days old
 * (0: all of them); returns how many, or -1 when the folder cannot be read. */
int cw_spool_prune(const char *dir, int keep_days, long long now);

/* The person confirmed the certificate import (FAQ 4, [Imported]): the cert-import check runs
 * once with the confirmation, so the helper remembers this card, and the engine asks it again.
 * r gets the confirming result. */
void cw_frontend_import_confirmed(struct cw_engine *e, struct cw_checker *c, struct cw_result *r);

/* The official unlock routes for cards cardwiz must not unlock itself (MOICA, other CHT cards),
 * chosen by what the user still knows; texts with the site's placeholders ({hotline}). */
enum cw_unlock_route { CW_ROUTE_ONLINE, CW_ROUTE_FORGOT_PIN, CW_ROUTE_NO_USER_CODE, CW_ROUTE_ISSUER };
enum cw_unlock_route cw_unlock_route_for(int issuer_only, int knows_user_code, int is_locked);
const char *cw_unlock_route_text(enum cw_unlock_route r);
/* The two questions asked first (their answers: 1 yes / 2 no), in the current language. */
const char *cw_unlock_question(int which, const char **answer1, const char **answer2);

/* The reader whose card events matter: the one named (--reader, or picked among several cards; ""
 * or NULL for none), else the first holding a card (the helper's choice falls there too), else the
 * first listed; -1 when none. */
int cw_frontend_watched_reader(const struct cw_monitor_state *ms, const char *named);
/* What changed between two snapshots of the PC/SC monitor, for the walk: 1 with *ev (the service
 * went or came, the readers changed, the watched reader's card went, came or was replaced), else 0. */
int cw_frontend_monitor_event(const struct cw_monitor_state *old, const struct cw_monitor_state *now, const char *named,
			      enum cw_event *ev);
/* Take such an event: the PIN given for the old card is wiped, a helper that worked it is replaced,
 * and the engine walks again from the first check it touches. */
void cw_frontend_take_event(struct cw_engine *e, struct cw_checker *c, enum cw_event ev);

#endif
