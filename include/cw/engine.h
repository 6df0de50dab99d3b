/* engine.h — the wizard engine: walks the decision tree, keeps the trail, the diagnosis and the PIN guard; no I/O. */
#ifndef CW_ENGINE_H
#define CW_ENGINE_H

#include <stddef.h>

#include "cw/diagnosis.h"
#include "cw/pinmemory.h"
#include "cw/result.h"
#include "cw/wizard.h"

/*
 * The engine never runs a probe: front ends (TUI, --plain, --report) ask it what it wants, get
 * the check result from the helper process whenever it comes, and feed it back. Every change of
 * state bumps a serial: a result that arrives for an older question is dropped by comparing it.
 */
struct cw_engine;

enum cw_want {
	CW_WANT_CHECK, /* a check result: *check says which */
	CW_WANT_USER,  /* the current node is an advice or form node: the user acts */
	CW_WANT_DONE,  /* an end node */
	CW_WANT_ERROR, /* a result had no route (cw_engine_error says why); back, rerun, restart still work */
};

/* Live events from PC/SC; each touches the checks from a point on (see cw_engine_event). */
#define CW_EVENTS(X)                                                                          \
	X(CARD_INSERTED, "card-inserted") X(CARD_REMOVED, "card-removed")                         \
	X(SERVICE_GONE, "service-gone") X(SERVICE_BACK, "service-back")                           \
	X(READERS_CHANGED, "readers-changed")
enum cw_event {
#define CW_EVENT_ENUM(e, s) CW_EVENT_##e,
	CW_EVENTS(CW_EVENT_ENUM)
#undef CW_EVENT_ENUM
	CW_EVENT_COUNT
};

/* One step taken: a check node with its result, or a user node and how the user left it. */
struct cw_trail_step {
	const struct cw_node *node;
	int has_result;              /* check nodes */
	struct cw_result result;
	int action;                  /* advice/end/form: the action chosen, -1 for none */
	int submitted;               /* form nodes: 1 done, 0 declined */
	const struct cw_node *to;    /* where the step led (NULL: the engine stood here) */
};

struct cw_engine *cw_engine_new(const struct cw_wizard *w);
void cw_engine_free(struct cw_engine *e);

enum cw_want cw_engine_want(const struct cw_engine *e, enum cw_check *check);
unsigned cw_engine_serial(const struct cw_engine *e);
/* The node the engine stands at (NULL only for a wizard without nodes). */
const struct cw_node *cw_engine_node(const struct cw_engine *e);

/*
 * The result of the check asked for: recorded on the trail, then `next` is followed (the code
 * first, then the status). Returns 0, or -1 when the engine did not ask for this check (nothing changes).
 */
int cw_engine_feed(struct cw_engine *e, const struct cw_result *r);

/*
 * Action i of the current advice, form or end node. Returns the verb it had (enum cw_verb), or
 * -1 for no such action. CW_VERB_FORM (open that form in place, the node stays), CW_VERB_QUIT
 * and CW_VERB_IMPORTED (cw_frontend_import_confirmed) are the front end's to do; every other verb
 * is done here.
 */
int cw_engine_choose(struct cw_engine *e, int action);
/* A form node is done (submitted = 1) or declined (0: its `cancel`, else back). 0, or -1 when not at a form. */
int cw_engine_form_done(struct cw_engine *e, int submitted);
/* Back to the previous advice or form node on the trail; 0 when there is none (nothing changes). */
int cw_engine_back(struct cw_engine *e);
/* Ask the current step's check again (at a user node: the last check before it); what follows is
 * re-evaluated as for an event. */
void cw_engine_rerun(struct cw_engine *e);
/* Forget the trail and start from `start` (the failed-PIN memory stays: it is the same session). */
void cw_engine_restart(struct cw_engine *e);
/*
 * The full test: every check in order, kept as a table (cw_engine_table). A check whose
 * prerequisite failed or was skipped is not asked: it gets the prerequisite's skip code when
 * that code is its own too (skipped-no-pin), else not-run. Afterwards the tree is walked with
 * the table (form nodes passed through) to the node the results lead to.
 */
void cw_engine_full_test(struct cw_engine *e);
int cw_engine_in_full_test(const struct cw_engine *e);
/* The full test's results in check order (the number kept; 0 before any full test). */
int cw_engine_table(const struct cw_engine *e, const struct cw_result **results);

/*
 * A live event: re-evaluate from the first step whose answer may have changed, not from the top.
 * The engine asks again, in order, for the checks on its trail that the event touches (card
 * events: card and after; readers: reader and after; service: everything but os and signer);
 * steps before them are kept unasked. While an answer equals the recorded one it goes on along
 * the trail (earlier choices at advice nodes stand; a form is shown again); at the first one that
 * differs it cuts the trail there and follows the new branch. The cut-off part is remembered: if
 * a later answer brings the walk back to it (pcscd gone, then back), it is followed again.
 */
void cw_engine_event(struct cw_engine *e, enum cw_event ev);

/* The trail: the steps taken, the first from `start`, each with its result or choice. */
int cw_engine_trail(const struct cw_engine *e, const struct cw_trail_step **steps);
/*
 * The diagnosis: cw_diagnose over the latest result of each check (from the trail, else the
 * full test), in check order — what --report prints, so report and wizard never disagree.
 */
void cw_engine_diagnosis(const struct cw_engine *e, struct cw_diagnosis *d);
/* The FAQ item of the node reached (0 for none). */
int cw_engine_faq(const struct cw_engine *e);
/* Why the engine is in CW_WANT_ERROR (in the current language), or NULL. */
const char *cw_engine_error(const struct cw_engine *e);

/*
 * The card's profile: from the card result's "profile" detail (a profile id), else its "atr"
 * detail (cw_wizard_profile_for_atr); the generic profile until a card is seen.
 */
const struct cw_profile *cw_engine_profile(const struct cw_engine *e);
void cw_engine_set_profile(struct cw_engine *e, const struct cw_profile *p);

/* ---- the PIN guard (doc/DESIGN.md §5), the same for every front end ---- */

/* What the token says about its PIN. */
struct cw_token_state {
	int locked, final_try, count_low;
	int tries_left;              /* -1 when unknown */
	int min_len, max_len;        /* from the token, 0 when unknown */
	struct cw_counter puk;       /* the PUK's counter where the token exposes it (known = 0: ask first) */
	int pin_unknown;             /* the token may not show the PIN's counter (detail pin_counter) */
	int unblock_refused;         /* the module refuses a PUK unblock by its configuration (detail unblock) */
};

#define CW_GUARDS(X)                                                                          \
	X(OK, "ok") X(LOCKED, "locked") X(CONFIRM_FINAL, "confirm-final")                         \
	X(BAD_LENGTH, "bad-length") X(BAD_CHARS, "bad-chars") X(ALREADY_FAILED, "already-failed")         \
	X(REFUSED_PROFILE, "refused-by-profile") X(PUK_LOCKED, "puk-locked") X(CONFIRM_PUK, "confirm-puk")     \
	X(REFUSED_MODULE, "refused-by-module") X(CONFIRM_UNKNOWN, "confirm-unknown")
enum cw_guard {
#define CW_GUARD_ENUM(e, s) CW_GUARD_##e,
	CW_GUARDS(CW_GUARD_ENUM)
#undef CW_GUARD_ENUM
	CW_GUARD_COUNT
};
const char *cw_guard_id(enum cw_guard g);
/* Is this a question to ask (the last try, a count the card does not show, an unknown PUK count)? */
int cw_guard_asks(enum cw_guard g);

/* The token state from a token or pin result (its code, and the details tries_left, pin_min, pin_max). */
void cw_token_state_from_result(const struct cw_result *r, struct cw_token_state *t);
/* Lay a later result's facts over t (a pin result over the token's). */
void cw_token_state_overlay(const struct cw_result *r, struct cw_token_state *t);
/* Did the card itself say this about its PIN (accepted, wrong with a count, locked)? A PIN result
 * that never reached the card (not run, refused here, card gone) tells nothing. */
int cw_token_state_told(const struct cw_result *r);

/*
 * May this PIN be sent? Locked: never (not even asked for: pass pin = NULL to ask whether to show
 * the form at all). Then length and characters against the profile (the token's lengths where the
 * profile takes them from the token), a PIN that already failed, and on the final try an explicit
 * confirmation. The PIN is read, never copied.
 */
enum cw_guard cw_pin_guard(const struct cw_profile *p, const struct cw_token_state *t, const struct cw_pin_memory *m,
			   const char *pin, size_t len, int confirmed_final);

/*
 * The same for any act on the card (cw_policy_decide for what the card and profile allow, then the
 * secret's own rules): VERIFY checks a PIN, CHANGE the current PIN, UNBLOCK the PUK (pin NULL:
 * may the form be shown at all?). confirmed: the user confirmed a last or unknown try.
 */
enum cw_guard cw_guard_act(const struct cw_profile *p, enum cw_card_act act, const struct cw_token_state *t,
			   const struct cw_pin_memory *m, const char *secret, size_t len, int confirmed);
enum cw_guard cw_engine_guard(const struct cw_engine *e, enum cw_card_act act, const char *secret, size_t len,
			      int confirmed);
/* The policy every request to the helper carries: the card's profile (doc/DESIGN.md). */
void cw_engine_card_policy(const struct cw_engine *e, struct cw_card_policy *p);
const struct cw_wizard *cw_engine_wizard(const struct cw_engine *e);

void cw_engine_pin_failed(struct cw_engine *e, const char *pin, size_t len);
/* The token state the engine knows (from the latest token and pin results). */
void cw_engine_token_state(const struct cw_engine *e, struct cw_token_state *t);

/* Several cards in several readers: after the reader check found more than one and nobody named a
 * reader (--reader, or an earlier pick), the cards to choose among (their reader, their profile or
 * NULL) and which the helper took (*automatic); 0 when there is nothing to ask. The front end asks,
 * then names the chosen reader for the next requests (cw_checker_set_reader) and sends
 * CW_EVENT_READERS_CHANGED so the reader check and those after it run again on it. */
struct cw_card_choice {
	char reader[128];
	const struct cw_profile *profile;
};
int cw_engine_cards_to_choose(const struct cw_engine *e, struct cw_card_choice *out, int max, int *automatic);

#endif
