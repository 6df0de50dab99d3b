/* engine_full.c — the engine's full test (every check, kept as a table) and what results say about the card. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/checkdef.h"
#include "engine_int.h"

#define BIT(c) (1u << (c))

/* A failure that still lets a later check run: a locked PIN leaves the pin check to say
 * "locked" itself (it sends nothing), so the HiCOS table's PIN row tells why. */
static int lets_run(enum cw_check c, const struct cw_result *prerequisite)
{
	return c == CW_CHECK_PIN && prerequisite->check == CW_CHECK_TOKEN && prerequisite->code == CW_CODE_PIN_LOCKED;
}

/* Blocking results a blocked check repeats as its own: a PIN not given, a card gone. Others
 * (a wrong PIN, no readers) leave the blocked check not run, with blocked_by naming why. */
static int carried(enum cw_code code)
{
	return cw_code_status(code) == CW_STATUS_SKIP || code == CW_CODE_CARD_MUTE || code == CW_CODE_CARD_REMOVED ||
	       code == CW_CODE_SERVICE_LOST;
}

/* Walk the tree with the table's answers to the node they lead to; forms are passed as done. */
static void replay(struct cw_engine *e)
{
	const struct cw_wizard *w = e->w;
	e->trail.n = e->ahead.n = e->lost.n = 0;
	e->error[0] = '\0';
	e->cur = w->start.index >= 0 ? w->start.index : 0;
	memset(e->seen, 0, (size_t)w->nnodes);
	while (w->nnodes && !e->seen[e->cur]) {
		const struct cw_node *n = &w->nodes[e->cur];
		struct cw_trail_step st = {.node = n, .action = -1};
		e->seen[e->cur] = 1;
		if (n->kind == CW_NODE_CHECK) {
			if (!(e->have & BIT(n->check)))
				break; /* not in the table (an event made it stale): the walk asks it */
			const struct cw_next *nx = cw_engine_route(n, &e->table[n->check]);
			if (!nx) {
				cw_engine_fail(e, _("the wizard has no route for result '%s' (%s) of check '%s' at node '%s'"),
					       cw_code_id(e->table[n->check].code), cw_status_id(e->table[n->check].status),
					       cw_check_id(n->check), n->id);
				break;
			}
			st.has_result = 1;
			st.result = e->table[n->check];
			st.to = &w->nodes[nx->to.index];
		} else if (n->kind == CW_NODE_FORM && n->then.index >= 0) {
			st.submitted = 1;
			st.to = &w->nodes[n->then.index];
		} else {
			break;
		}
		struct cw_trail_step *v = realloc(e->trail.v, sizeof(*v) * (size_t)(e->trail.n + 1));
		if (!v) {
			cw_engine_fail(e, "%s", _("out of memory"));
			break;
		}
		e->trail.v = v;
		e->trail.cap = e->trail.n + 1;
		e->trail.v[e->trail.n++] = st;
		e->cur = (int)(st.to - w->nodes);
	}
	e->serial++;
}

/* Fill the checks whose prerequisite failed or was skipped, without asking; finish at the end. */
static void skip_blocked(struct cw_engine *e)
{
	while (e->full_next < CW_CHECK_COUNT) {
		enum cw_check c = (enum cw_check)e->full_next;
		int blocker = -1;
		for (int p = 0; p < CW_CHECK_COUNT && blocker < 0; p++)
			if ((cw_checkdef(c)->prerequisites & BIT(p)) &&
			    (!(e->have & BIT(p)) ||
			     ((e->table[p].status == CW_STATUS_FAIL || e->table[p].status == CW_STATUS_SKIP) && !lets_run(c, &e->table[p]))))
				blocker = p;
		/* The module check needs nothing before it (it runs with pcscd down, for a software
		 * token), but a card that went silent, was pulled or lost its service keeps module work
		 * away until it answers again (doc/DESIGN.md §7): the card check's failure blocks it. */
		if (blocker < 0 && cw_checkdef(c)->needs == CW_NEEDS_MODULE && (e->have & BIT(CW_CHECK_CARD)) &&
		    cw_code_keeps_module_away(e->table[CW_CHECK_CARD].code))
			blocker = CW_CHECK_CARD;
		if (blocker < 0)
			break;
		struct cw_result *r = &e->table[c];
		const struct cw_result *b = &e->table[blocker];
		cw_result_init(r, c);
		/* No PIN given: crypt and sign say so too, rather than a bare not-run; a silent,
		 * pulled or lost card: the checks that would work it fail with it, so that the
		 * table never shows them as merely not run while the card is the problem. */
		if ((e->have & BIT(blocker)) && (b->status == CW_STATUS_SKIP || b->status == CW_STATUS_FAIL) &&
		    b->code != CW_CODE_NOT_RUN && cw_code_belongs(b->code, c) && carried(b->code))
			cw_result_set(r, b->code);
		cw_result_add(r, "blocked_by", "%s", cw_check_id((enum cw_check)blocker));
		e->have |= BIT(c);
		e->full_next++;
	}
	if (e->full_next == CW_CHECK_COUNT) {
		e->full = 0;
		replay(e);
	}
}

void cw_engine_full_test(struct cw_engine *e)
{
	e->full = 1;
	e->full_next = 0;
	e->have = 0;
	e->error[0] = '\0';
	skip_blocked(e);
	e->serial++;
}

int cw_engine_in_full_test(const struct cw_engine *e) { return e->full; }

int cw_engine_full_feed(struct cw_engine *e, const struct cw_result *r)
{
	if (r->check != (enum cw_check)e->full_next)
		return -1;
	e->table[r->check] = *r;
	e->have |= BIT(r->check);
	cw_engine_note(e, r);
	e->full_next++;
	skip_blocked(e);
	e->serial++;
	return 0;
}

void cw_engine_full_event(struct cw_engine *e, unsigned mask)
{
	/* Ask again from the first touched check already asked; the ones after it follow anyway. */
	for (int c = 0; c < e->full_next; c++)
		if (mask & BIT(c)) {
			e->full_next = c;
			break;
		}
	e->have &= (1u << e->full_next) - 1;
	e->serial++;
}

int cw_engine_table(const struct cw_engine *e, const struct cw_result **results)
{
	*results = e->table;
	int n = 0;
	while (n < CW_CHECK_COUNT && (e->have & BIT(n)))
		n++;
	return n;
}

/* ---- what results say about the card ---- */

void cw_engine_note(struct cw_engine *e, const struct cw_result *r)
{
	if (r->check == CW_CHECK_CARD) {
		const char *id = cw_result_get(r, "profile"), *atr = cw_result_get(r, "atr");
		const struct cw_profile *p = id ? cw_wizard_profile(e->w, id) : NULL;
		unsigned char bytes[CW_ATR_MAX];
		int n = !p && atr ? cw_atr_from_hex(atr, bytes, sizeof(bytes)) : -1;
		if (n > 0)
			p = cw_wizard_profile_for_atr(e->w, bytes, (size_t)n, NULL, 0);
		if (p)
			e->profile = p;
	}
	/* A HiCOS token on a card whose ATR named no vendor-module card: the helper took the
	 * strictest such profile for it, and so does the engine (its texts, its guard). */
	const char *token_profile = r->check == CW_CHECK_TOKEN ? cw_result_get(r, "profile") : NULL;
	if (token_profile && cw_wizard_profile(e->w, token_profile))
		e->profile = cw_wizard_profile(e->w, token_profile);
	if (e->profile) /* every front end's advice speaks of this card's routes from now on */
		cw_code_advice_card((int)e->profile->unlock);
	/* Another token: the PINs that failed on the last one say nothing about this one. */
	const char *serial = r->check == CW_CHECK_TOKEN ? cw_result_get(r, "serial") : NULL;
	if (serial && *serial) {
		if (e->identity[0] && strcmp(e->identity, serial) != 0) {
			cw_pin_memory_clear(e->pins);
			e->have_last_pin = 0;
		}
		snprintf(e->identity, sizeof(e->identity), "%s", serial);
	}
	const char *counter = r->check == CW_CHECK_TOKEN ? cw_result_get(r, "pin_counter") : NULL;
	if (r->check == CW_CHECK_TOKEN && !(counter && strcmp(counter, "unknown") == 0))
		e->have_last_pin = 0; /* the token's flags show the count, and they are newer */
	if (r->check == CW_CHECK_PIN && cw_token_state_told(r)) {
		e->last_pin = *r;
		e->have_last_pin = 1;
	}
}

const struct cw_profile *cw_engine_profile(const struct cw_engine *e)
{
	return e->profile ? e->profile : cw_wizard_generic_profile(e->w);
}

void cw_engine_set_profile(struct cw_engine *e, const struct cw_profile *p) { e->profile = p; }

void cw_engine_token_state(const struct cw_engine *e, struct cw_token_state *t)
{
	cw_token_state_from_result(cw_engine_latest(e, CW_CHECK_TOKEN), t);
	if (e->have_last_pin)
		cw_token_state_overlay(&e->last_pin, t);
}

enum cw_guard cw_engine_guard(const struct cw_engine *e, enum cw_card_act act, const char *secret, size_t len,
			      int confirmed)
{
	struct cw_token_state t;
	cw_engine_token_state(e, &t);
	return cw_guard_act(cw_engine_profile(e), act, &t, e->pins, secret, len, confirmed);
}

void cw_engine_card_policy(const struct cw_engine *e, struct cw_card_policy *p)
{
	cw_profile_policy(cw_engine_profile(e), p);
}

const struct cw_wizard *cw_engine_wizard(const struct cw_engine *e) { return e->w; }

void cw_engine_pin_failed(struct cw_engine *e, const char *pin, size_t len) { cw_pin_memory_add(e->pins, pin, len); }
