/* checker.c — runs checks in the helper with a deadline each; gates them on what they need. */
#include <string.h>

#include "cw/checker.h"
#include "cw/i18n.h"
#include "cw/text.h"

#define CW_NEEDS(c) (1u << CW_CHECK_##c)
#define CARD_WORK 1 /* touches the card or its module: refused once the card went silent */

/* Per check: deadline, what must have passed (or warned) before, what a timeout or a crash means. */
static const struct policy {
	int deadline_ms;
	unsigned needs;
	int card_work;
	enum cw_code on_timeout, on_crash;
} policies[CW_CHECK_COUNT] = {
	[CW_CHECK_OS] = {2000, 0, 0, CW_CODE_NOT_RUN, CW_CODE_NOT_RUN},
	[CW_CHECK_SERVICE] = {4000, 0, 0, CW_CODE_SERVICE_LOST, CW_CODE_SERVICE_LOST},
	[CW_CHECK_READER] = {4000, CW_NEEDS(SERVICE), 0, CW_CODE_SERVICE_LOST, CW_CODE_SERVICE_LOST},
	[CW_CHECK_DRIVER] = {4000, 0, 0, CW_CODE_NOT_RUN, CW_CODE_NOT_RUN},
	[CW_CHECK_CARD] = {3000, CW_NEEDS(READER), CARD_WORK, CW_CODE_CARD_MUTE, CW_CODE_CARD_MUTE},
	[CW_CHECK_MODULE] = {15000, CW_NEEDS(CARD), CARD_WORK, CW_CODE_CARD_MUTE, CW_CODE_MODULE_LOAD_FAILED},
	[CW_CHECK_TOKEN] = {10000, CW_NEEDS(MODULE), CARD_WORK, CW_CODE_CARD_MUTE, CW_CODE_MODULE_LOAD_FAILED},
	[CW_CHECK_PIN] = {10000, CW_NEEDS(TOKEN), CARD_WORK, CW_CODE_CARD_MUTE, CW_CODE_MODULE_LOAD_FAILED},
	[CW_CHECK_CRYPT] = {10000, CW_NEEDS(PIN), CARD_WORK, CW_CODE_CARD_MUTE, CW_CODE_MODULE_LOAD_FAILED},
	[CW_CHECK_SIGN] = {15000, CW_NEEDS(PIN), CARD_WORK, CW_CODE_CARD_MUTE, CW_CODE_MODULE_LOAD_FAILED},
	[CW_CHECK_ENC_CERT] = {3000, CW_NEEDS(TOKEN), 0, CW_CODE_NOT_RUN, CW_CODE_NOT_RUN},
	[CW_CHECK_SIGN_CERT] = {3000, CW_NEEDS(TOKEN), 0, CW_CODE_NOT_RUN, CW_CODE_NOT_RUN},
	[CW_CHECK_SIGNER] = {3000, 0, 0, CW_CODE_NOT_RUN, CW_CODE_NOT_RUN},
	[CW_CHECK_CERT_IMPORT] = {3000, CW_NEEDS(TOKEN), 0, CW_CODE_NOT_RUN, CW_CODE_NOT_RUN},
};

int cw_checker_deadline(enum cw_check check) { return policies[check].deadline_ms; }

int cw_checker_init(struct cw_checker *c, const struct cw_options *o, const char *wizard)
{
	memset(c, 0, sizeof(*c));
	c->card_gone = CW_CODE_OK;
	c->helper.pid = -1;
	c->helper.fd = -1;
	c->base.op = CW_OP_CHECK;
	cw_copy(c->base.reader, sizeof(c->base.reader), o->reader ? o->reader : "");
	cw_copy(c->base.module, sizeof(c->base.module), o->module ? o->module : "");
	cw_copy(c->base.wizard, sizeof(c->base.wizard), wizard ? wizard : "");
	c->base.flags = o->allow_final_try ? CW_REQ_ALLOW_FINAL_TRY : 0;
	c->pin = cw_secret_new();
	return c->pin ? 0 : -1;
}

void cw_checker_close(struct cw_checker *c)
{
	cw_helper_stop(&c->helper);
	cw_secret_free(c->pin);
	c->pin = NULL;
}

void cw_checker_reset(struct cw_checker *c)
{
	c->card_gone = CW_CODE_OK;
	memset(c->have, 0, sizeof(c->have));
	cw_helper_stop(&c->helper); /* a fresh helper: nothing loaded for the old card survives */
}

/* Is any needed check missing, failed or skipped? Returns the blocking check or -1. */
static int blocker(const struct cw_checker *c, enum cw_check check)
{
	for (int n = 0; n < CW_CHECK_COUNT; n++) {
		if (!(policies[check].needs & (1u << n)))
			continue;
		enum cw_status st = c->last[n].status;
		/* The PIN check is skipped without a PIN: crypt and sign then say the same themselves.
		 * A locked PIN still leaves the token readable: its certificates are checked, and
		 * the pin check itself says "locked" (without sending anything). */
		int pin_skip = n == CW_CHECK_PIN && c->last[n].code == CW_CODE_SKIPPED_NO_PIN;
		int locked_token = n == CW_CHECK_TOKEN && c->last[n].code == CW_CODE_PIN_LOCKED;
		if (!c->have[n] || (st != CW_STATUS_PASS && st != CW_STATUS_WARN && !pin_skip && !locked_token))
			return n;
	}
	return -1;
}

static int carries_pin(enum cw_check check)
{
	return check == CW_CHECK_PIN || check == CW_CHECK_CRYPT || check == CW_CHECK_SIGN;
}

void cw_checker_run(struct cw_checker *c, enum cw_check check, struct cw_result *r)
{
	const struct policy *p = &policies[check];
	cw_result_init(r, check);
	int b = blocker(c, check);
	if (b >= 0) {
		/* Name the root cause, not the chain of checks it stopped. */
		int root = b;
		while (c->have[root] && c->last[root].code == CW_CODE_NOT_RUN && cw_result_get(&c->last[root], "blocked_by"))
			root = cw_check_from_id(cw_result_get(&c->last[root], "blocked_by"));
		cw_result_note(r, "%s", cw_check_name((enum cw_check)root));
		cw_result_add(r, "blocked_by", "%s", cw_check_id((enum cw_check)root));
	} else if (p->card_work && c->card_gone != CW_CODE_OK) {
		/* After a silent, pulled or lost card, modules stay away from it until it is back
		 * (a silent card wedges pcscd and OpenSC; OpenSC can deadlock after a pull mid-command). */
		cw_result_note(r, "%s", cw_code_title(c->card_gone));
		cw_result_add(r, "blocked_by", "%s", cw_code_id(c->card_gone));
	} else {
		struct cw_request q = c->base;
		q.check = check;
		if (carries_pin(check))
			q.secret[CW_SECRET_PIN] = c->pin;
		enum cw_helper_status st = cw_helper_call(&c->helper, &q, r, p->deadline_ms);
		if (st != CW_HELPER_OK) {
			cw_result_init(r, check);
			cw_result_set(r, st == CW_HELPER_TIMEOUT ? p->on_timeout : p->on_crash);
			cw_result_add(r, "helper", "%s", st == CW_HELPER_TIMEOUT ? "timed out" :
						       st == CW_HELPER_CRASHED ? "crashed" : "failed");
			if (st == CW_HELPER_TIMEOUT)
				cw_result_note(r, "%s %d ms", cw_tr("沒有回應，已等待", "no answer within"), p->deadline_ms);
			else
				cw_result_note(r, "%s (%d)", cw_tr("輔助程序異常結束", "the helper died"), c->helper.signal);
		}
		if (p->card_work && (r->code == CW_CODE_CARD_MUTE || r->code == CW_CODE_CARD_REMOVED ||
				     r->code == CW_CODE_SERVICE_LOST)) {
			c->card_gone = r->code; /* certificates already read are still checked */
		}
	}
	c->last[check] = *r;
	c->have[check] = 1;
}
