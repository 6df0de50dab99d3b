/* engine.c — the wizard engine: the walk over the tree, the trail, re-evaluation after events and reruns. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/checkdef.h"
#include "cw/engine.h"
#include "engine_int.h"

#define BIT(c) (1u << (c))

/* ---- step lists ---- */

static int push(struct cw_engine *e, struct steps *s, const struct cw_trail_step *st)
{
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 16;
		struct cw_trail_step *v = realloc(s->v, sizeof(*v) * (size_t)cap);
		if (!v) {
			cw_engine_fail(e, "%s", _("out of memory"));
			return -1;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = *st;
	return 0;
}

static void drop_front(struct steps *s)
{
	memmove(s->v, s->v + 1, sizeof(*s->v) * (size_t)(s->n - 1));
	s->n--;
}

/* Move src into dst (dst's old steps are dropped). */
static void take(struct steps *dst, struct steps *src)
{
	free(dst->v);
	*dst = *src;
	*src = (struct steps){0};
}

static void swap_steps(struct steps *a, struct steps *b)
{
	struct steps t = *a;
	*a = *b;
	*b = t;
}

static const struct cw_node *node(const struct cw_engine *e, int i) { return &e->w->nodes[i]; }
static int index_of(const struct cw_engine *e, const struct cw_node *n) { return (int)(n - e->w->nodes); }

void cw_engine_fail(struct cw_engine *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->error, sizeof(e->error), fmt, ap);
	va_end(ap);
	e->serial++;
}

/* ---- routes and answers ---- */

const struct cw_next *cw_engine_route(const struct cw_node *n, const struct cw_result *r)
{
	for (int i = 0; i < n->nnext; i++)
		if (!n->next[i].is_status && n->next[i].value == (int)r->code && n->next[i].to.index >= 0)
			return &n->next[i];
	for (int i = 0; i < n->nnext; i++)
		if (n->next[i].is_status && n->next[i].value == (int)r->status && n->next[i].to.index >= 0)
			return &n->next[i];
	return NULL;
}

/* Details that tell one card from another: the same code with another card is another answer. */
static int same_card(const struct cw_result *a, const struct cw_result *b)
{
	static const char *const keys[] = {"atr", "serial", "profile"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *x = cw_result_get(a, keys[i]), *y = cw_result_get(b, keys[i]);
		if (x && y && strcmp(x, y) != 0)
			return 0;
	}
	return 1;
}

/* Did this step leave its node the same way as the recorded one? */
static int same_step(const struct cw_trail_step *a, const struct cw_trail_step *b)
{
	if (a->node != b->node || a->has_result != b->has_result || !a->to || !b->to)
		return 0;
	if (a->has_result)
		return a->result.code == b->result.code && a->result.status == b->result.status &&
		       same_card(&a->result, &b->result);
	return a->to == b->to;
}

/* ---- the walk ---- */

/* The node shown for node i: its `instead:` for the card's unlock kind, once a card said which
 * profile it is (before that, the node itself: cardwiz-wizard(5)). One step only (the loader). */
static const struct cw_node *shown(const struct cw_engine *e, int i)
{
	const struct cw_node *n = node(e, i);
	if (e->profile && (unsigned)e->profile->unlock < CW_UNLOCK_COUNT && n->instead[e->profile->unlock].index >= 0)
		return node(e, n->instead[e->profile->unlock].index);
	return n;
}

/*
 * Follow the recorded path ahead while it needs nobody: a check the re-evaluation does not touch
 * keeps its result, an earlier choice at an advice or end node stands. Stops at a check to ask
 * again, at a form (the user fills it again), or where the engine stood before.
 */
static void follow(struct cw_engine *e)
{
	while (e->ahead.n && !e->error[0]) {
		const struct cw_trail_step *a = &e->ahead.v[0];
		const struct cw_node *here = node(e, e->cur);
		if (a->node != here || !a->to) {
			e->ahead.n = 0; /* arrived where the engine stood */
			break;
		}
		if (here->kind == CW_NODE_FORM || (here->kind == CW_NODE_CHECK && (e->mask & BIT(here->check))))
			break;
		struct cw_trail_step st = *a;
		drop_front(&e->ahead);
		if (push(e, &e->trail, &st) < 0)
			break;
		e->cur = index_of(e, st.to);
	}
	e->serial++;
}

/* Leave the current node by step st: record it, compare it with what was recorded, move on. */
static void leave(struct cw_engine *e, const struct cw_trail_step *st)
{
	if (e->ahead.n && e->ahead.v[0].node == st->node) {
		if (same_step(&e->ahead.v[0], st)) {
			drop_front(&e->ahead);
		} else if (e->lost.n && same_step(&e->lost.v[0], st)) {
			/* Back on a path cut off earlier (pcscd gone, then back): follow it; keep this one instead. */
			swap_steps(&e->ahead, &e->lost);
			drop_front(&e->ahead);
		} else {
			take(&e->lost, &e->ahead); /* the answer changed here: the rest is remembered, not followed */
		}
	} else if (e->lost.n && same_step(&e->lost.v[0], st)) {
		take(&e->ahead, &e->lost);
		drop_front(&e->ahead);
	}
	if (push(e, &e->trail, st) < 0)
		return;
	e->cur = index_of(e, st->to);
	follow(e);
}

/* A user's move. Going to a node already on the trail goes back to it there (and keeps the trail short). */
static void user_move(struct cw_engine *e, const struct cw_trail_step *st)
{
	for (int k = 0; k < e->trail.n; k++)
		if (e->trail.v[k].node == st->to) {
			e->trail.n = k;
			e->ahead.n = e->lost.n = 0;
			e->cur = index_of(e, st->to);
			e->serial++;
			return;
		}
	leave(e, st);
}

/* Ask again from trail step k on: the steps from there, and where the engine stands, become the path ahead. */
static void reevaluate(struct cw_engine *e, int k, unsigned mask)
{
	struct steps tail = {0};
	for (int i = k; i < e->trail.n; i++)
		if (push(e, &tail, &e->trail.v[i]) < 0)
			goto out;
	if (e->ahead.n && e->ahead.v[0].node == node(e, e->cur)) {
		for (int i = 0; i < e->ahead.n; i++)
			if (push(e, &tail, &e->ahead.v[i]) < 0)
				goto out;
	} else {
		struct cw_trail_step here = {.node = node(e, e->cur), .action = -1};
		if (push(e, &tail, &here) < 0)
			goto out;
	}
	take(&e->ahead, &tail);
	e->trail.n = k;
	e->cur = index_of(e, e->ahead.v[0].node);
	e->mask = mask;
	follow(e);
out:
	free(tail.v);
}

/* ---- the interface ---- */

struct cw_engine *cw_engine_new(const struct cw_wizard *w)
{
	struct cw_engine *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->w = w;
	e->pins = cw_pin_memory_new();
	e->seen = calloc((size_t)(w->nnodes ? w->nnodes : 1), 1);
	if (!e->pins || !e->seen) {
		cw_engine_free(e);
		return NULL;
	}
	cw_engine_restart(e);
	return e;
}

void cw_engine_free(struct cw_engine *e)
{
	if (!e)
		return;
	cw_code_advice_card(-1);
	free(e->trail.v);
	free(e->ahead.v);
	free(e->lost.v);
	free(e->seen);
	cw_pin_memory_free(e->pins);
	free(e);
}

enum cw_want cw_engine_want(const struct cw_engine *e, enum cw_check *check)
{
	if (e->full) {
		*check = (enum cw_check)e->full_next;
		return CW_WANT_CHECK;
	}
	if (e->error[0] || e->w->nnodes == 0)
		return CW_WANT_ERROR;
	const struct cw_node *n = node(e, e->cur);
	switch (n->kind) {
	case CW_NODE_CHECK: *check = n->check; return CW_WANT_CHECK;
	case CW_NODE_END: return CW_WANT_DONE;
	default: return CW_WANT_USER;
	}
}

unsigned cw_engine_serial(const struct cw_engine *e) { return e->serial; }

const struct cw_node *cw_engine_node(const struct cw_engine *e)
{
	return e->w->nnodes ? node(e, e->cur) : NULL;
}

int cw_engine_feed(struct cw_engine *e, const struct cw_result *r)
{
	if (e->full)
		return cw_engine_full_feed(e, r);
	if (e->error[0] || e->w->nnodes == 0)
		return -1;
	const struct cw_node *n = node(e, e->cur);
	if (n->kind != CW_NODE_CHECK || r->check != n->check)
		return -1;
	cw_engine_note(e, r);
	const struct cw_next *nx = cw_engine_route(n, r);
	if (!nx) {
		/* A valid wizard routes every code its check can give: this is a probe giving a foreign code. */
		cw_engine_fail(e, _("the wizard has no route for result '%s' (%s) of check '%s' at node '%s'"),
			       cw_code_id(r->code), cw_status_id(r->status), cw_check_id(r->check), n->id);
		return 0;
	}
	struct cw_trail_step st = {.node = n, .has_result = 1, .result = *r, .action = -1, .to = shown(e, nx->to.index)};
	leave(e, &st);
	return 0;
}

int cw_engine_choose(struct cw_engine *e, int action)
{
	if (e->full || e->w->nnodes == 0)
		return -1;
	const struct cw_node *n = node(e, e->cur);
	if (n->kind == CW_NODE_CHECK || action < 0 || action >= n->nactions)
		return -1;
	const struct cw_action *a = &n->actions[action];
	switch (a->verb) {
	case CW_VERB_GOTO: {
		struct cw_trail_step st = {.node = n, .action = action, .to = shown(e, a->to.index)};
		user_move(e, &st);
		break;
	}
	case CW_VERB_RERUN: cw_engine_rerun(e); break;
	case CW_VERB_FULL_TEST: cw_engine_full_test(e); break;
	case CW_VERB_RESTART: cw_engine_restart(e); break;
	case CW_VERB_BACK: cw_engine_back(e); break;
	case CW_VERB_QUIT:
	case CW_VERB_FORM:
	case CW_VERB_IMPORTED: /* the front end tells the helper, then reruns (cw_frontend_import_confirmed) */
	case CW_VERB_COUNT: break;
	}
	return (int)a->verb;
}

int cw_engine_form_done(struct cw_engine *e, int submitted)
{
	if (e->full || e->w->nnodes == 0 || node(e, e->cur)->kind != CW_NODE_FORM)
		return -1;
	const struct cw_node *n = node(e, e->cur);
	int to = submitted ? n->then.index : n->cancel.index;
	if (to < 0) {
		cw_engine_back(e);
		return 0;
	}
	struct cw_trail_step st = {.node = n, .action = -1, .submitted = !!submitted, .to = shown(e, to)};
	user_move(e, &st);
	return 0;
}

int cw_engine_back(struct cw_engine *e)
{
	if (e->full) {
		e->full = 0; /* back out of the full test to where the wizard was */
		e->serial++;
		return 1;
	}
	int k = e->trail.n - 1;
	while (k >= 0 && e->trail.v[k].node->kind == CW_NODE_CHECK)
		k--;
	if (k < 0)
		return 0;
	e->cur = index_of(e, e->trail.v[k].node);
	e->trail.n = k;
	e->ahead.n = e->lost.n = 0;
	e->error[0] = '\0';
	e->serial++;
	return 1;
}

void cw_engine_rerun(struct cw_engine *e)
{
	e->error[0] = '\0';
	if (e->full || e->w->nnodes == 0 || node(e, e->cur)->kind == CW_NODE_CHECK) {
		e->serial++; /* the check asked for is asked again */
		return;
	}
	int k = e->trail.n - 1;
	while (k >= 0 && !e->trail.v[k].has_result)
		k--;
	if (k < 0)
		cw_engine_restart(e);
	else
		reevaluate(e, k, (1u << CW_CHECK_COUNT) - 1);
}

void cw_engine_restart(struct cw_engine *e)
{
	e->full = 0;
	e->trail.n = e->ahead.n = e->lost.n = 0;
	e->error[0] = '\0';
	e->have = 0;
	e->have_last_pin = 0;
	e->profile = NULL;
	cw_code_advice_card(-1);
	e->mask = (1u << CW_CHECK_COUNT) - 1;
	e->cur = e->w->start.index >= 0 ? e->w->start.index : 0;
	e->serial++;
}

/* How far down an event reaches; which checks it makes stale is each check's table entry. */
static const enum cw_stale event_reach[CW_EVENT_COUNT] = {
	[CW_EVENT_CARD_INSERTED] = CW_STALE_CARD,
	[CW_EVENT_CARD_REMOVED] = CW_STALE_CARD,
	[CW_EVENT_READERS_CHANGED] = CW_STALE_READERS,
	[CW_EVENT_SERVICE_GONE] = CW_STALE_SERVICE,
	[CW_EVENT_SERVICE_BACK] = CW_STALE_SERVICE,
};

void cw_engine_event(struct cw_engine *e, enum cw_event ev)
{
	if ((unsigned)ev >= CW_EVENT_COUNT || e->w->nnodes == 0)
		return;
	unsigned mask = cw_checks_stale_on(event_reach[ev]);
	e->have &= ~mask; /* the full test's answers for those checks are stale now */
	if (mask & BIT(CW_CHECK_PIN))
		e->have_last_pin = 0; /* another card, or the same one back: its word on the PIN is old */
	if (e->full) {
		cw_engine_full_event(e, mask);
		return;
	}
	e->error[0] = '\0'; /* a result without a route may have another answer now */
	for (int k = 0; k < e->trail.n; k++)
		if (e->trail.v[k].has_result && (mask & BIT(e->trail.v[k].node->check))) {
			reevaluate(e, k, mask);
			return;
		}
	e->serial++; /* a check being waited for is asked again */
}

int cw_engine_trail(const struct cw_engine *e, const struct cw_trail_step **steps)
{
	*steps = e->trail.v;
	return e->trail.n;
}

const struct cw_result *cw_engine_latest(const struct cw_engine *e, enum cw_check c)
{
	for (int k = e->trail.n - 1; k >= 0; k--)
		if (e->trail.v[k].has_result && e->trail.v[k].result.check == c)
			return &e->trail.v[k].result;
	return e->have & BIT(c) ? &e->table[c] : NULL;
}

void cw_engine_diagnosis(const struct cw_engine *e, struct cw_diagnosis *d)
{
	struct cw_result *all = malloc(sizeof(*all) * CW_CHECK_COUNT);
	int n = 0;
	for (int c = 0; all && c < CW_CHECK_COUNT; c++) {
		const struct cw_result *r = cw_engine_latest(e, (enum cw_check)c);
		if (r)
			all[n++] = *r;
	}
	cw_diagnose(all, n, d);
	free(all);
}

int cw_engine_faq(const struct cw_engine *e)
{
	return e->w->nnodes && !e->full ? node(e, e->cur)->faq : 0;
}

const char *cw_engine_error(const struct cw_engine *e) { return e->error[0] ? e->error : NULL; }
