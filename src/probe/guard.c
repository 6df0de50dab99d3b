/* guard.c — the helper's last line before a PIN or PUK reaches the card: the token's counters read now, the policy applied. */
#include <dlfcn.h>
#include <p11-kit/pkcs11.h>
#include <string.h>

#include "cw/i18n.h"
#include "p11_int.h"

CK_FUNCTION_LIST_PTR cw_p11_functions(struct cw_p11 *p)
{
	CK_C_GetFunctionList get = p && p->dl ? (CK_C_GetFunctionList)dlsym(p->dl, "C_GetFunctionList") : NULL;
	CK_FUNCTION_LIST_PTR fl = NULL;
	return get && get(&fl) == CKR_OK ? fl : NULL;
}

/* C_GetTokenInfo through the module's own function list: never libp11's copy from enumeration. */
static int live_info(struct cw_probe_session *s, CK_TOKEN_INFO *info)
{
	CK_FUNCTION_LIST_PTR fl = cw_p11_functions(s->p11);
	return fl && fl->C_GetTokenInfo(s->p11->slot_id, info) == CKR_OK ? 0 : -1;
}

static struct cw_counter counter(CK_FLAGS f, CK_FLAGS locked, CK_FLAGS final_try, CK_FLAGS low)
{
	struct cw_counter c = {.known = 1, .tries_left = -1};
	c.locked = (f & locked) != 0;
	c.final_try = (f & final_try) != 0;
	c.count_low = (f & low) != 0;
	if (c.locked)
		c.tries_left = 0;
	else if (c.final_try)
		c.tries_left = 1;
	return c;
}

int cw_p11_live_counters(struct cw_probe_session *s, int puk_via_so, struct cw_counter *pin, struct cw_counter *puk)
{
	CK_TOKEN_INFO info;
	if (!s->p11 || !s->p11->slot || live_info(s, &info) < 0)
		return -1;
	*pin = counter(info.flags, CKF_USER_PIN_LOCKED, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_COUNT_LOW);
	if (s->p11->hicos) {
		/* Whether HiCOS sets the CKF_USER_PIN_* flags at all is unknown (doc/DESIGN.md §5): a flag
		 * that is set still counts, but none set proves nothing, so the count is unknown and every
		 * try is confirmed first. What its return codes said adds a last try or a lock. */
		pin->known = pin->locked || pin->final_try;
		pin->vendor_final_try = s->p11->vendor_final_try;
		pin->vendor_locked = s->p11->vendor_locked;
		if (pin->vendor_locked)
			pin->tries_left = 0;
		else if (pin->vendor_final_try && pin->tries_left < 0)
			pin->tries_left = 1;
	}
	/* The SO flags describe the PUK only when the unblock is an SO login; OpenSC's unlogged
	 * C_SetPIN convention shows no counter for it (the card keeps it to itself). */
	if (puk_via_so)
		*puk = counter(info.flags, CKF_SO_PIN_LOCKED, CKF_SO_PIN_FINAL_TRY, CKF_SO_PIN_COUNT_LOW);
	else
		*puk = (struct cw_counter){.known = 0, .tries_left = -1};
	return 0;
}

const char *cw_counter_word(const struct cw_counter *c)
{
	return c->vendor_locked ? "locked" : c->vendor_final_try ? "final-try" : !c->known ? "unknown" : c->locked ? "locked" : c->final_try ? "final-try" : c->count_low ? "low" : "ok";
}

enum cw_code cw_p11_guard(struct cw_probe_session *s, enum cw_card_act act, struct cw_result *r)
{
	struct cw_card_policy policy;
	struct cw_counter pin, puk;
	cw_probe_policy(s, &policy);
	if (cw_p11_live_counters(s, act == CW_ACT_UNBLOCK && cw_p11_puk_via_so(s), &pin, &puk) < 0)
		return cw_p11_failure_code(s, 0, CW_CODE_CARD_REMOVED);
	enum cw_code code = cw_policy_decide(&policy, act, &pin, &puk);
	if (code == CW_CODE_OK)
		return code;
	cw_result_add(r, "guard", "%s", cw_card_act_id(act));
	cw_result_add(r, "profile", "%s", policy.profile);
	if (act == CW_ACT_UNBLOCK)
		cw_result_add(r, "puk", "%s", cw_counter_word(&puk));
	else if (pin.tries_left >= 0)
		cw_result_add(r, "tries_left", "%d", pin.tries_left);
	if (act != CW_ACT_UNBLOCK)
		cw_result_add(r, "pin_counter", "%s", cw_counter_word(&pin));
	if (code == CW_CODE_REFUSED_FINAL_TRY)
		cw_result_note(r, "%s", act == CW_ACT_UNBLOCK ? cw_tr("PUK 剩餘次數不明，沒有確認：未送出", "PUK tries left unknown and not confirmed: not sent")
							       : !pin.known && !pin.vendor_final_try ? cw_tr("模組沒有說還剩幾次機會，沒有確認：未送出", "the module does not say how many tries are left, not confirmed: not sent")
							       : cw_tr("只剩最後一次機會，沒有確認：未送出", "the last try, not confirmed: not sent"));
	else if (code == CW_CODE_REFUSED_BY_PROFILE)
		cw_result_note(r, "%s %s", cw_tr("卡片設定檔", "card profile"), policy.set ? cw_unlock_id(policy.unlock) : "-");
	return code;
}
