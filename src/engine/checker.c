/* checker.c — runs checks in the helper with a deadline each; gates them on what they need. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cw/bridge.h"
#include "cw/host.h"
#include "cw/checkdef.h"
#include "cw/checker.h"
#include "cw/i18n.h"
#include "cw/text.h"

/* The check table's entry: deadline, what it works on, what a timeout or a crash means. */
static const struct cw_checkdef *def(int check) { return cw_checkdef((enum cw_check)check); }

int cw_checker_init(struct cw_checker *c, const struct cw_options *o, const struct cw_engine *e)
{
	const struct cw_wizard *w = cw_engine_wizard(e);
	memset(c, 0, sizeof(*c));
	c->card_gone = CW_CODE_OK;
	c->pending = -1;
	c->pending_op = CW_OP_CHECK;
	c->probe_stage = -1;
	c->helper.pid = -1;
	c->helper.fd = -1;
	c->base.op = CW_OP_CHECK;
	cw_copy(c->base.reader, sizeof(c->base.reader), o->reader ? o->reader : "");
	cw_copy(c->base.module, sizeof(c->base.module), o->module ? o->module : "");
	cw_copy(c->base.token, sizeof(c->base.token), o->token ? o->token : "");
	c->engine = e;
	if (w->site.signer_host) /* "host:port min": the helper reads it with cw_bridge_parse */
		cw_bridge_format(w->site.signer_host, w->site.signer_port, w->site.signer_min, c->base.signer, sizeof(c->base.signer));
	c->base.profiles = malloc(sizeof(*c->base.profiles) * CW_PROFILE_MAX);
	if (c->base.profiles)
		c->base.nprofiles = cw_wizard_card_profiles(w, c->base.profiles);
	c->allow_final_try = o->allow_final_try;
	c->base.flags = o->allow_final_try ? CW_REQ_ALLOW_FINAL_TRY : 0;
	/* The certificate memory: --imported confirms a new card; a kiosk writes none (only its spool). */
	c->base.flags |= (o->imported ? CW_REQ_IMPORTED : 0) | (o->mode == CW_MODE_KIOSK ? CW_REQ_NO_MEMORY : 0);
	c->pin = cw_secret_new();
	return c->pin && c->base.profiles ? 0 : -1;
}

void cw_checker_close(struct cw_checker *c)
{
	cw_helper_stop(&c->helper);
	cw_secret_free(c->pin);
	c->pin = NULL;
	free(c->base.profiles);
	c->base.profiles = NULL;
}

/* A request as the base says, with the card policy decided now and the confirmation of this request. */
static struct cw_request request(const struct cw_checker *c, enum cw_op op, enum cw_check check, unsigned flags)
{
	struct cw_request q = c->base;
	q.op = op;
	q.check = check;
	q.flags = flags;
	if (cw_lang_current() == CW_LANG_ZH_TW)
		q.flags |= CW_REQ_LANG_ZH_TW;
	cw_engine_card_policy(c->engine, &q.policy);
	q.policy.confirmed_final = (q.flags & CW_REQ_ALLOW_FINAL_TRY) != 0;
	return q;
}

void cw_checker_set_reader(struct cw_checker *c, const char *name)
{
	/* Every later request names it: the helper's own choice (pcsc.c) gives way to the user's. */
	cw_copy(c->base.reader, sizeof(c->base.reader), name ? name : "");
}

void cw_checker_reset(struct cw_checker *c)
{
	c->card_gone = CW_CODE_OK;
	c->pending = -1;
	c->probe_stage = -1;
	cw_helper_stop(&c->helper); /* a fresh helper: nothing loaded for the old card survives */
}

/* Fill r for a check that must not run now; returns 1 (ready), or 0 when it may run. Which check
 * needs which is the engine's to decide (the tree, or its full test); this only keeps module work
 * away from a card that went silent, was pulled, or whose service went. The check that is
 * refused carries that failure: a recheck with nothing changed never reads as a pass or a skip. */
static int gate(struct cw_checker *c, enum cw_check check, struct cw_result *r)
{
	if (c->card_gone == CW_CODE_OK || def(check)->needs == CW_NEEDS_NOTHING)
		return 0;
	if (def(check)->needs == CW_NEEDS_CARD) {
		/* The card check asks the card itself, over PC/SC only, from a fresh helper (nothing
		 * of the old one's module survives) with its deadline: that is how a silent card is
		 * found answering again, or a pulled one back in. */
		cw_helper_kill(&c->helper);
		return 0;
	}
	/* A silent card wedges pcscd and OpenSC; OpenSC can deadlock after a pull mid-command. */
	cw_result_set(r, c->card_gone);
	cw_result_note(r, "%s", cw_code_title(c->card_gone));
	cw_result_add(r, "blocked_by", "%s", cw_code_id(c->card_gone));
	return 1;
}

static void record(struct cw_checker *c, struct cw_result *r)
{
	if (c->pending_op != CW_OP_CHECK) { /* an action's result is not a check's */
		c->pending = -1;
		c->pending_op = CW_OP_CHECK;
		return;
	}
	const struct cw_checkdef *d = def(r->check);
	if (d->needs != CW_NEEDS_NOTHING && c->card_gone != CW_CODE_OK && r->code == CW_CODE_NOT_RUN)
		cw_result_set(r, c->card_gone); /* could not even start (no reader): still the same failure */
	if (d->needs != CW_NEEDS_NOTHING && cw_code_keeps_module_away(r->code))
		c->card_gone = r->code; /* certificates already read are still checked */
	else if (d->needs == CW_NEEDS_CARD && (r->status == CW_STATUS_PASS || r->status == CW_STATUS_WARN))
		c->card_gone = CW_CODE_OK; /* it answers again, or was re-inserted */
	c->pending = -1;
}

#define PROBE_MS 2000 /* each stage of the direct card probe: a live card answers in milliseconds */

/*
 * After a helper was killed or died in card work, whose fault was it? Which call hung says
 * nothing (a silent card hangs OpenSC in exactly the calls a hung module would), so a fresh
 * helper asks over PC/SC directly, with its own deadline per stage: the service, then (for module
 * work) the card. The probe runs like any request, through cw_checker_fd and cw_checker_ms_left,
 * so a front end waiting in poll() still hears its keys (q ends the wizard within a second).
 * c->failed holds the failed check's result meanwhile; the stage's answer, or its silence, gives
 * the code that explains it (card-mute, card-removed, service-lost), or none when the card
 * answers: then the module was at fault and the failed result's own code stands.
 */
static int probe_send(struct cw_checker *c)
{
	struct cw_request q = c->base;
	q.op = CW_OP_CARD_PROBE;
	q.check = c->probe_stage ? CW_CHECK_CARD : CW_CHECK_SERVICE;
	if (cw_lang_current() == CW_LANG_ZH_TW)
		q.flags |= CW_REQ_LANG_ZH_TW;
	c->helper.signal = 0;
	c->due = cw_now_ms() + PROBE_MS;
	if (cw_helper_send(&c->helper, &q) < 0) {
		cw_helper_kill(&c->helper);
		return -1;
	}
	return 0;
}

/* The probe is over: set the failed result's code from what it found, hand it out in r. */
static void probe_end(struct cw_checker *c, enum cw_code found, const char *what, struct cw_result *r)
{
	cw_result_add(&c->failed, "card_probe", "%s", what);
	if (found != CW_CODE_OK)
		cw_result_set(&c->failed, found);
	c->probe_stage = -1;
	*r = c->failed;
}

/* One stage answered (st, a): end the probe (1, r filled) or ask the next stage (0). */
static int probe_step(struct cw_checker *c, enum cw_helper_status st, const struct cw_result *a, struct cw_result *r)
{
	int card = c->probe_stage == 1;
	if (st == CW_HELPER_TIMEOUT) {
		probe_end(c, card ? CW_CODE_CARD_MUTE : CW_CODE_SERVICE_LOST, card ? "card silent" : "service hangs", r);
		return 1;
	}
	if (st != CW_HELPER_OK) {
		probe_end(c, CW_CODE_OK, "could not run", r); /* no more known than before */
		return 1;
	}
	if (a->code != CW_CODE_OK) {
		enum cw_code found = a->code == CW_CODE_NO_CARD ? CW_CODE_CARD_REMOVED
				     : cw_code_keeps_module_away(a->code) ? a->code : CW_CODE_CARD_MUTE;
		probe_end(c, found, cw_code_id(a->code), r);
		return 1;
	}
	/* The card check waited out its deadline while another program is connected to the card:
	 * most likely that program holds a transaction (pcsc-lite waits instead of refusing), not a
	 * dead card. Say who, as for an exclusive holder. */
	const char *in_use = cw_result_get(a, "in_use");
	if (!card && c->failed.check == CW_CHECK_CARD && in_use && strcmp(in_use, "yes") == 0) {
		cw_result_take(&c->failed, a); /* the holders, the reader's state, what to do */
		probe_end(c, CW_CODE_CARD_IN_USE, "card in use", r);
		return 1;
	}
	if (c->probe_stage < c->probe_last) {
		c->probe_stage++;
		if (probe_send(c) == 0)
			return 0;
		probe_end(c, CW_CODE_OK, "could not run", r);
		return 1;
	}
	probe_end(c, CW_CODE_OK, c->probe_last ? "card answers" : "service answers", r);
	return 1;
}

/* The helper did not answer properly: what that means for this check. Returns 1 when r is the
 * answer, 0 when the post-mortem probe is under way (the answer comes from finish or expire). */
static int helper_failed(struct cw_checker *c, enum cw_helper_status st, struct cw_result *r)
{
	int action = c->pending_op != CW_OP_CHECK;
	const struct cw_checkdef *p = def(action ? CW_CHECK_SIGN : c->pending);
	int deadline = p->deadline_ms;
	cw_result_init(r, (enum cw_check)c->pending);
	cw_result_set(r, st == CW_HELPER_TIMEOUT ? p->on_timeout : p->on_crash);
	cw_result_add(r, "helper", "%s", st == CW_HELPER_TIMEOUT ? "timed out" : st == CW_HELPER_CRASHED ? "crashed" : "failed");
	if (st == CW_HELPER_TIMEOUT)
		cw_result_note(r, "%s %d ms", cw_tr("沒有回應，已等待", "no answer within"), deadline);
	else
		cw_result_note(r, "%s (%d)", cw_tr("輔助程序異常結束", "the helper died"), c->helper.signal);
	if (p->needs == CW_NEEDS_NOTHING)
		return 1;
	c->failed = *r;
	c->probe_stage = 0;
	c->probe_last = p->needs == CW_NEEDS_MODULE; /* the card check itself just asked the card */
	if (probe_send(c) == 0)
		return 0;
	probe_end(c, CW_CODE_OK, "could not run", r);
	return 1;
}

int cw_checker_start(struct cw_checker *c, enum cw_check check, struct cw_result *r)
{
	cw_result_init(r, check);
	c->pending = -1;
	if (gate(c, check, r)) {
		record(c, r);
		return 1;
	}
	struct cw_request q = request(c, CW_OP_CHECK, check, c->base.flags);
	if (def(check)->carries_pin)
		q.secret[CW_SECRET_PIN] = c->pin;
	c->pending = (int)check;
	c->pending_op = CW_OP_CHECK;
	c->due = cw_now_ms() + def(check)->deadline_ms;
	c->helper.signal = 0;
	if (cw_helper_send(&c->helper, &q) < 0) {
		cw_helper_kill(&c->helper);
		if (!helper_failed(c, c->helper.signal ? CW_HELPER_CRASHED : CW_HELPER_FAILED, r))
			return 0; /* the probe's answer ends it */
		record(c, r);
		return 1;
	}
	return 0;
}

int cw_checker_fd(const struct cw_checker *c) { return c->pending >= 0 ? c->helper.fd : -1; }

int cw_checker_ms_left(const struct cw_checker *c)
{
	long long left = c->due - cw_now_ms();
	return left < 0 ? 0 : (int)left;
}

int cw_checker_finish(struct cw_checker *c, struct cw_result *r)
{
	if (c->probe_stage >= 0) {
		struct cw_result a;
		if (!probe_step(c, cw_helper_receive(&c->helper, &a), &a, r))
			return 0;
	} else {
		enum cw_helper_status st = cw_helper_receive(&c->helper, r);
		if (st != CW_HELPER_OK && !helper_failed(c, st, r))
			return 0;
	}
	record(c, r);
	return 1;
}

int cw_checker_expire(struct cw_checker *c, struct cw_result *r)
{
	cw_helper_kill(&c->helper);
	if (c->probe_stage >= 0)
		probe_step(c, CW_HELPER_TIMEOUT, NULL, r);
	else if (!helper_failed(c, CW_HELPER_TIMEOUT, r))
		return 0;
	record(c, r);
	return 1;
}

void cw_checker_abandon(struct cw_checker *c)
{
	if (c->pending < 0)
		return;
	/* The helper may be stuck in the card: killing it is the only safe way out. */
	cw_helper_kill(&c->helper);
	c->pending = -1;
	c->pending_op = CW_OP_CHECK;
	c->probe_stage = -1;
}

void cw_checker_kill(struct cw_checker *c)
{
	if (!cw_helper_running(&c->helper))
		return; /* none started (or the checker never set up: its fields are zero, not -1) */
	cw_checker_abandon(c);
	cw_helper_kill(&c->helper);
}

int cw_checker_start_op(struct cw_checker *c, enum cw_op op, struct cw_secret *const secrets[CW_SECRET_SLOTS],
			const char *path, int confirmed_final, struct cw_result *r)
{
	/* An action's confirmation serves that action only; --allow-final-try gives it for the run. */
	struct cw_request q = request(c, op, CW_CHECK_PIN, (c->base.flags & ~(unsigned)CW_REQ_ALLOW_FINAL_TRY) |
						     (confirmed_final || c->allow_final_try ? CW_REQ_ALLOW_FINAL_TRY : 0));
	for (int i = 0; i < CW_SECRET_SLOTS; i++)
		q.secret[i] = secrets ? secrets[i] : NULL;
	if (path)
		cw_copy(q.path, sizeof(q.path), path);
	cw_result_init(r, CW_CHECK_PIN);
	if (c->card_gone != CW_CODE_OK) {
		cw_result_set(r, c->card_gone);
		cw_result_add(r, "blocked_by", "%s", cw_code_id(c->card_gone));
		return 1;
	}
	c->pending = (int)CW_CHECK_PIN;
	c->pending_op = op;
	c->due = cw_now_ms() + def(CW_CHECK_SIGN)->deadline_ms; /* as long as the longest card work */
	c->helper.signal = 0;
	if (cw_helper_send(&c->helper, &q) < 0) {
		cw_helper_kill(&c->helper);
		if (!helper_failed(c, CW_HELPER_FAILED, r))
			return 0;
		record(c, r);
		return 1;
	}
	return 0;
}

/* Wait for the answer in flight, or its deadline (and the post-mortem probe's, after one). */
static void wait_answer(struct cw_checker *c, struct cw_result *r)
{
	for (int done = 0; !done;) {
		struct pollfd p = {.fd = cw_checker_fd(c), .events = POLLIN};
		int n = poll(&p, 1, cw_checker_ms_left(c));
		if (n < 0 && errno == EINTR)
			continue;
		done = n > 0 ? cw_checker_finish(c, r) : cw_checker_expire(c, r);
	}
}

void cw_checker_run(struct cw_checker *c, enum cw_check check, struct cw_result *r)
{
	if (cw_checker_start(c, check, r) == 0)
		wait_answer(c, r);
}

void cw_checker_run_op(struct cw_checker *c, enum cw_op op, struct cw_secret *const secrets[CW_SECRET_SLOTS],
		       const char *path, int confirmed_final, struct cw_result *r)
{
	if (cw_checker_start_op(c, op, secrets, path, confirmed_final, r) == 0)
		wait_answer(c, r);
}
