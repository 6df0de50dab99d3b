/* catalogue.c — lookups over the code table of codes.h and the statuses of checks.h. */
#include <string.h>

#include "cw/codes.h"
#include "cw/i18n.h"
#include "cw/policy.h"

static const char *const statuses[CW_STATUS_COUNT] = {
#define CW_STATUS_ROW(e, s) [CW_STATUS_##e] = s,
	CW_STATUSES(CW_STATUS_ROW)
#undef CW_STATUS_ROW
};

struct code_row {
	const char *id;
	unsigned where;
	enum cw_status status;
	int faq;
	const char *title[2];
	const char *advice[2];
};

static const struct code_row codes[CW_CODE_COUNT] = {
#define CW_CODE_ROW(e, id, wh, st, faq, zt, et, za, ea) \
	[CW_CODE_##e] = {id, wh, CW_STATUS_##st, faq, {et, zt}, {ea, za}},
	CW_CODES(CW_CODE_ROW)
#undef CW_CODE_ROW
};

const char *cw_status_id(enum cw_status s) { return statuses[s]; }

const char *cw_code_id(enum cw_code c) { return codes[c].id; }
enum cw_status cw_code_status(enum cw_code c) { return codes[c].status; }
int cw_code_faq(enum cw_code c) { return codes[c].faq; }
unsigned cw_code_where(enum cw_code c) { return codes[c].where; }
int cw_code_is_action(enum cw_code c) { return (codes[c].where & CW_ON_ACTION) != 0; }

int cw_code_keeps_module_away(enum cw_code c)
{
	return c == CW_CODE_CARD_MUTE || c == CW_CODE_CARD_REMOVED || c == CW_CODE_SERVICE_LOST || c == CW_CODE_CARD_IN_USE;
}
const char *cw_code_title(enum cw_code c) { return codes[c].title[cw_lang_current()]; }

/*
 * The advice above is the FAQ's, written for MOICA's citizen card (the card this tool exists for,
 * and the one to assume while no card says otherwise). A card whose profile unlocks otherwise gets
 * its own words where MOICA's would mislead: no 鎖卡解碼 or household registration office for a
 * PIV, OpenPGP or issuer's card; its PUK, or its issuer, instead (issue 14, 4 and 6).
 */
#define BY_PKCS11 (1u << CW_UNLOCK_PKCS11)
#define BY_ISSUER (1u << CW_UNLOCK_ISSUER)
#define NOT_MOICA_BROKEN_ZH "若確定沒有插錯卡仍然讀不到，卡片可能已損毀，請洽發卡單位換新卡。"
#define NOT_MOICA_BROKEN_EN "If you are sure it is the right card, inserted the right way, and it still cannot be read, the card may be broken: ask the card's issuer for a new one."
static const struct {
	enum cw_code code;
	unsigned unlocks;
	const char *advice[2]; /* en, zh_TW: the table's order */
} advice_by_card[] = {
	{CW_CODE_CARD_MUTE, BY_PKCS11 | BY_ISSUER,
	 {"The card is powered but does not answer. First make sure it is your certificate card, inserted the right way (chip towards the reader's contacts, all the way in); take it out, wipe the chip and insert it again; try another reader. " NOT_MOICA_BROKEN_EN,
	  "卡片有電源但不回應指令。請先確認插入的是您的憑證卡，而且方向正確 (晶片朝讀卡機接點、插到底)；取出卡片擦拭晶片後重新插入；換另一台讀卡機試試。" NOT_MOICA_BROKEN_ZH}},
	{CW_CODE_PROTOCOL_MISMATCH, BY_PKCS11 | BY_ISSUER,
	 {"The card's answer to reset (ATR) is not usable. First make sure it is your certificate card, inserted the right way (chip towards the reader's contacts, all the way in); try another reader. " NOT_MOICA_BROKEN_EN,
	  "卡片的回應 (ATR) 無法使用。請先確認插入的是您的憑證卡，而且方向正確 (晶片朝讀卡機接點、插到底)；換另一台讀卡機試試。" NOT_MOICA_BROKEN_ZH}},
	{CW_CODE_CARD_UNSUPPORTED, BY_PKCS11 | BY_ISSUER,
	 {"The card answers, but with errors. First make sure it is your certificate card, inserted the right way; try another reader. " NOT_MOICA_BROKEN_EN,
	  "卡片有回應，但回應內容錯誤。請先確認插入的是您的憑證卡，而且方向正確；換另一台讀卡機試試。" NOT_MOICA_BROKEN_ZH}},
	{CW_CODE_NO_TOKEN, BY_PKCS11 | BY_ISSUER,
	 {"The PKCS#11 module loaded but sees no token on this card. First make sure it is your certificate card, inserted the right way; try another reader; check the module suits the card (name one with --module). " NOT_MOICA_BROKEN_EN,
	  "PKCS#11 模組已載入，但看不到這張卡片上的憑證。請先確認插入的是您的憑證卡，而且方向正確；換另一台讀卡機試試；確認模組適用這張卡片 (可用 --module 指定)。" NOT_MOICA_BROKEN_ZH}},
	{CW_CODE_PIN_LOCKED, BY_PKCS11,
	 {"Too many wrong PINs: the card is locked. Do not try the PIN again. With the card's unblock code (PUK) a new PIN can be set (the unlock form); without one, or with the PUK locked too, ask the card's issuer or administrator.",
	  "PIN 碼輸入錯誤已達上限，卡片已鎖定。不要再嘗試 PIN 碼。有解鎖碼 (PUK) 時可用它設定新的 PIN 碼 (解除鎖定表單)；沒有 PUK，或 PUK 也已鎖定時，請洽發卡單位或管理者。"}},
	{CW_CODE_PIN_LOCKED, BY_ISSUER,
	 {"Too many wrong PINs: the card is locked. Do not try the PIN again; ask the card's issuer to unlock it.",
	  "PIN 碼輸入錯誤已達上限，卡片已鎖定。不要再嘗試 PIN 碼；請洽發卡單位解鎖。"}},
	{CW_CODE_PIN_FINAL_TRY, BY_PKCS11,
	 {"One more wrong PIN locks the card. If you are not sure of the PIN, do not try it: set a new one with the unblock code (PUK), or ask the card's issuer.",
	  "再輸入錯誤一次卡片就會鎖定。若不確定 PIN 碼，請不要再試；改用解鎖碼 (PUK) 設定新的 PIN 碼，或洽發卡單位。"}},
	{CW_CODE_PIN_FINAL_TRY, BY_ISSUER,
	 {"One more wrong PIN locks the card. If you are not sure of the PIN, do not try it: ask the card's issuer.",
	  "再輸入錯誤一次卡片就會鎖定。若不確定 PIN 碼，請不要再試，請洽發卡單位。"}},
	{CW_CODE_PIN_INCORRECT, BY_PKCS11,
	 {"The card refused this PIN and counted a try. cardwiz will not send the same PIN again. If you forgot it, set a new one with the unblock code (PUK) or ask the card's issuer; do not guess.",
	  "卡片拒絕這個 PIN 碼，剩餘嘗試次數已減少。cardwiz 不會再送出同一個 PIN 碼。忘記 PIN 碼時請用解鎖碼 (PUK) 設定新的 PIN 碼，或洽發卡單位，不要猜測。"}},
	{CW_CODE_PIN_INCORRECT, BY_ISSUER,
	 {"The card refused this PIN and counted a try. cardwiz will not send the same PIN again. If you forgot it, ask the card's issuer; do not guess.",
	  "卡片拒絕這個 PIN 碼，剩餘嘗試次數已減少。cardwiz 不會再送出同一個 PIN 碼。忘記 PIN 碼時請洽發卡單位，不要猜測。"}},
};

static int advice_unlock = -1; /* the card's unlock kind once a profile is known, -1 before */

void cw_code_advice_card(int unlock) { advice_unlock = unlock; }

const char *cw_code_advice(enum cw_code c)
{
	for (size_t i = 0; advice_unlock >= 0 && i < sizeof(advice_by_card) / sizeof(advice_by_card[0]); i++)
		if (advice_by_card[i].code == c && (advice_by_card[i].unlocks & (1u << advice_unlock)))
			return advice_by_card[i].advice[cw_lang_current()];
	return codes[c].advice[cw_lang_current()];
}

int cw_code_from_id(const char *id)
{
	for (int i = 0; i < CW_CODE_COUNT; i++)
		if (strcmp(codes[i].id, id) == 0)
			return i;
	return -1;
}
