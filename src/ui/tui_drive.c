/* tui_drive.c — moving the wizard: checks through the helper into the engine, PC/SC events, the user's actions. */
#include <string.h>

#include "cw/frontend.h"
#include "cw/i18n.h"
#include "tui_int.h"

/* A step the user starts makes any answer in flight stale: the helper working on it goes. */
static void interrupt(struct tui *t)
{
	if (t->c.pending >= 0)
		cw_checker_abandon(&t->c);
}

/* Form nodes open their form in place; leaving the node closes it. */
static void sync_form(struct tui *t)
{
	const struct cw_node *node = cw_engine_node(t->e);
	enum cw_check check;
	int at_form = node && node->kind == CW_NODE_FORM && cw_engine_want(t->e, &check) == CW_WANT_USER;
	if (at_form && !(t->form.active && t->form.from_node))
		tui_form_open(t, node->form, 1);
	else if (!at_form && t->form.active && t->form.from_node)
		tui_form_close(t, -1);
}

/* The helper goes at once (quitting, a visit's end, another card). A polite stop lets its module
 * finalise, which waits on pcscd for as long as pcscd takes — for ever when it is stopped, and
 * the UI with it. Killed, its PC/SC connection closes and pcscd resets the card it held (logging
 * it out). */
void tui_helper_end(struct tui *t)
{
	cw_checker_kill(&t->c);
}

static void feed(struct tui *t, const struct cw_result *r)
{
	cw_frontend_pin_result(t->e, &t->c, r, t->o->allow_final_try);
	unsigned before = cw_engine_serial(t->e);
	cw_engine_feed(t->e, r);
	if (cw_engine_serial(t->e) != before && !cw_engine_in_full_test(t->e))
		t->sel = t->scroll = 0;
	if (r->check == CW_CHECK_READER && !t->c.base.reader[0] && !t->kiosk)
		tui_picker_open(t); /* several cards: the user picks (the checks wait) */
	sync_form(t);
}

void tui_drive(struct tui *t)
{
	if (t->view == &tui_picker_view)
		return; /* no check starts while the user chooses the card */
	while (t->c.pending < 0) {
		enum cw_check check;
		if (cw_engine_want(t->e, &check) != CW_WANT_CHECK)
			break;
		struct cw_result r;
		if (cw_checker_start(&t->c, check, &r) == 0)
			break; /* in the helper: its answer comes through poll() */
		feed(t, &r);
	}
	sync_form(t);
}

static void event(struct tui *t, enum cw_event ev);

/* The event that waited for an action: once its result has been read (the form is closed). */
void tui_run_deferred(struct tui *t)
{
	if (t->deferred_event < 0 || t->form.active || t->c.pending >= 0)
		return;
	enum cw_event ev = (enum cw_event)t->deferred_event;
	t->deferred_event = -1;
	event(t, ev);
}

/* The helper answered, or its deadline passed (the checker then finds out why, asking as it asks
 * anything): an action's answer goes to its form, a check's to the engine. */
static void checker_done(struct tui *t, int (*take)(struct cw_checker *, struct cw_result *))
{
	int action = t->c.pending_op != CW_OP_CHECK;
	struct cw_result r;
	if (!take(&t->c, &r))
		return; /* the probe after a killed helper goes on: keys are heard meanwhile */
	if (action)
		tui_form_result(t, &r);
	else
		feed(t, &r);
	tui_run_deferred(t);
	tui_drive(t);
}

void tui_checker_ready(struct tui *t) { checker_done(t, cw_checker_finish); }
void tui_checker_expired(struct tui *t) { checker_done(t, cw_checker_expire); }

static int pick_reader(const struct tui *t) { return cw_frontend_watched_reader(&t->ms, t->c.base.reader); }

static void event(struct tui *t, enum cw_event ev)
{
	/* An unlock or PIN change in flight is never cut off: its own answer says what happened to
	 * the card (card-removed), and the event follows it. */
	if ((t->c.pending >= 0 && t->c.pending_op != CW_OP_CHECK) || (t->form.active && t->form.has_result)) {
		t->deferred_event = (int)ev;
		return;
	}
	interrupt(t);
	if (t->view == &tui_picker_view) /* the list changes: the reader check asks again, with the new one */
		t->view = t->prev_view && t->prev_view != &tui_picker_view ? t->prev_view : &tui_step_view;
	cw_frontend_take_event(t->e, &t->c, ev); /* t->pin is the checker's */
	tui_drive(t);
}

void tui_reader_chosen(struct tui *t, const char *reader, int changed)
{
	cw_checker_set_reader(&t->c, reader);
	/* The status line and the card events follow the picked reader from now on. */
	t->reader_index = pick_reader(t);
	t->present = t->reader_index >= 0 && t->ms.present[t->reader_index];
	t->inserted = t->reader_index >= 0 ? t->ms.inserted[t->reader_index] : 0;
	t->view = t->prev_view && t->prev_view != &tui_picker_view ? t->prev_view : &tui_step_view;
	if (changed)
		event(t, CW_EVENT_READERS_CHANGED); /* a fresh helper, the reader check again on that reader */
	else
		tui_drive(t);
}

void tui_monitor_ready(struct tui *t)
{
	struct cw_monitor_state old = t->ms;
	int had = t->ms_valid;
	cw_monitor_read(&t->mon, &t->ms);
	t->ms_valid = 1;
	int service = t->ms.service > 0;
	int reader = pick_reader(t);
	int present = reader >= 0 && t->ms.present[reader];
	unsigned inserted = reader >= 0 ? t->ms.inserted[reader] : 0;
	int old_service = t->service, old_present = t->present;
	unsigned old_inserted = t->inserted;
	t->service = service;
	t->reader_index = reader;
	t->present = present;
	t->inserted = inserted;
	if (t->kiosk) { /* a station: a card starts a visit, its removal ends it */
		if (!t->visiting && present && (!had || !old_present || inserted != old_inserted))
			tui_kiosk_begin(t);
		else if (t->visiting && !present)
			tui_kiosk_end(t, "card-removed");
		else if (had && t->visiting && service != old_service)
			event(t, service ? CW_EVENT_SERVICE_BACK : CW_EVENT_SERVICE_GONE);
		return;
	}
	if (!had)
		return; /* the first look is the starting point, not a change */
	enum cw_event ev;
	if (cw_frontend_monitor_event(&old, &t->ms, t->c.base.reader, &ev))
		event(t, ev);
}

void tui_do_action(struct tui *t, int action)
{
	const struct cw_node *node = cw_engine_node(t->e);
	if (!node || action < 0 || action >= node->nactions)
		return;
	interrupt(t);
	if (node->actions[action].verb == CW_VERB_FULL_TEST) {
		tui_full_test(t, 1); /* the PIN is asked first, then the engine runs it */
		return;
	}
	enum cw_form form = node->actions[action].form;
	int verb = cw_engine_choose(t->e, action);
	if (verb == CW_VERB_FORM)
		tui_form_open(t, form, 0);
	else if (verb == CW_VERB_QUIT && t->kiosk)
		tui_kiosk_end(t, "done"); /* a station never quits: the next visitor comes */
	else if (verb == CW_VERB_QUIT)
		t->quit = 1;
	else if (verb == CW_VERB_IMPORTED) {
		struct cw_result r;
		cw_frontend_import_confirmed(t->e, &t->c, &r);
	}

	if (verb != CW_VERB_FORM)
		t->sel = t->scroll = 0;
	tui_drive(t);
}

void tui_full_test(struct tui *t, int ask_pin)
{
	interrupt(t);
	struct cw_token_state ts;
	cw_engine_token_state(t->e, &ts);
	if (ask_pin && !cw_secret_len(t->pin) && !ts.locked && cw_engine_guard(t->e, CW_ACT_VERIFY, NULL, 0, 1) == CW_GUARD_OK) {
		t->view = &tui_step_view;
		tui_form_open(t, CW_FORM_PIN, 0);
		t->form.then_full_test = 1;
		return;
	}
	cw_engine_full_test(t->e);
	t->view = &tui_table_view;
	t->table_detail = 0;
	tui_drive(t);
}
