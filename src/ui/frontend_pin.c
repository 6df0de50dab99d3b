/* frontend_pin.c — what every front end does after a PIN-carrying check: remember refusals, wipe the PIN when done. */
#include "cw/checkdef.h"
#include "cw/checker.h"
#include "cw/engine.h"
#include "cw/frontend.h"
#include "cw/i18n.h"

void cw_frontend_pin_result(struct cw_engine *e, struct cw_checker *c, const struct cw_result *r, int keep_final_try)
{
	if (r->check == CW_CHECK_PIN && r->code == CW_CODE_PIN_INCORRECT)
		cw_engine_pin_failed(e, cw_secret_str(c->pin), cw_secret_len(c->pin));
	if (!cw_pin_sequence_ends(r->check, r->status))
		return;
	cw_secret_clear(c->pin);
	if (!keep_final_try)
		c->base.flags &= ~(unsigned)CW_REQ_ALLOW_FINAL_TRY; /* a confirmation serves one sequence */
}

const char *cw_frontend_guard_text(enum cw_guard g)
{
	static const char *const text[CW_GUARD_COUNT][2] = {
		[CW_GUARD_OK] = {"", ""},
		[CW_GUARD_LOCKED] = {"卡片已鎖定：不會送出任何 PIN 碼。", "The card is locked: no PIN is sent."},
		[CW_GUARD_CONFIRM_FINAL] = {"只剩最後一次機會！再錯一次卡片就會鎖定。",
					    "Only one try left! One more wrong PIN locks the card."},
		[CW_GUARD_CONFIRM_UNKNOWN] = {"這張卡片不告訴還剩幾次機會：若這是最後一次，輸錯就會鎖卡。",
					      "The card does not say how many tries are left: if this is the last one, a wrong PIN locks the card."},
		[CW_GUARD_CONFIRM_PUK] = {"卡片不告訴 PUK 還剩幾次：若這是最後一次，輸錯的 PUK 會讓卡片永久鎖死 (只有發卡單位能處理)。",
					  "The card does not say how many PUK tries are left: if this is the last one, a wrong PUK blocks the card for good (only its issuer can help then)."},
		[CW_GUARD_PUK_LOCKED] = {"解鎖碼 (PUK) 已鎖定：不會送出任何解鎖指令，請聯絡發卡單位。",
					 "The unblock code (PUK) is locked: no unblock is sent. Contact the card's issuer."},
		[CW_GUARD_REFUSED_PROFILE] = {"這張卡片只能經官方管道變更或解鎖 PIN 碼：cardwiz 不會送出變更或解鎖指令。",
					      "This card's PIN is changed or unlocked only through its official routes: cardwiz sends no change or unblock."},
		[CW_GUARD_BAD_LENGTH] = {"PIN 碼長度不符合這張卡片，沒有送出。", "The PIN's length does not fit this card: not sent."},
		[CW_GUARD_BAD_CHARS] = {"PIN 碼含有這張卡片不接受的字元，沒有送出。", "The PIN has characters this card does not take: not sent."},
		[CW_GUARD_REFUSED_MODULE] = {"這台電腦的 OpenSC 設定不允許經由 PKCS#11 以 PUK 解鎖，所以不請您輸入 PUK (不浪費嘗試次數)。請在 opensc.conf 的 app default { pkcs11 { } } 加入 user_pin_unblock_style = set_pin_in_unlogged_session; 再檢測，或用 pkcs15-tool --unblock-pin。",
					     "OpenSC's configuration here refuses a PUK unblock through PKCS#11, so no PUK is asked for (no try is spent). Add user_pin_unblock_style = set_pin_in_unlogged_session; to app default { pkcs11 { } } in opensc.conf and check again, or use pkcs15-tool --unblock-pin."},
		[CW_GUARD_ALREADY_FAILED] = {"這個 PIN 碼剛才已被卡片拒絕，不會再送出。", "The card refused this PIN already: it is not sent again."},
	};
	return cw_tr(text[g][0], text[g][1]);
}
