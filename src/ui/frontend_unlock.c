/* frontend_unlock.c — the official unlock routes of FAQ 5 for cards cardwiz never unlocks itself (MOICA, CHT). */
#include "cw/frontend.h"
#include "cw/i18n.h"

static const char *const routes[][2] = {
	[CW_ROUTE_ONLINE] = {
		"線上鎖卡解碼：在 Windows 或 Mac 電腦上開啟內政部憑證管理中心網站 ({unlock_url})，輸入用戶代碼 (6–10 碼英數字，大小寫有別) 與新的 PIN 碼 (6–8 碼)；"
		"網頁出錯時改用 HiCOS 卡片管理工具的「鎖卡解碼」(安裝後請重新開機)。由內政部的伺服器檢查用戶代碼。"
		"若仍無法解鎖但記得用戶代碼，請撥客服專線 {hotline}，由客服通知卡管中心解除鎖定。",
		"Unlock online: on a Windows or Mac PC open MOICA's unlock page ({unlock_url}), type your user code "
		"(6–10 letters and digits, case-sensitive) and a new PIN (6–8 characters); if the page errors, use the HiCOS card "
		"tool's unlock function (鎖卡解碼; reboot after installing it). MOICA's servers check the user code. If it stays "
		"locked though you know the user code, call the hotline {hotline}: the staff ask the card management centre (卡管中心) to release it."},
	[CW_ROUTE_FORGOT_PIN] = {
		"PIN 碼忘了但卡片還沒鎖：不要猜！鎖卡解碼也能重設忘記的 PIN 碼 (用戶代碼 + 新 PIN 碼)，請用 {unlock_url} 或 HiCOS 卡片管理工具。",
		"The PIN is forgotten but the card is not locked: do not guess! The same unlock function resets a forgotten PIN "
		"(user code + new PIN): use {unlock_url} or the HiCOS card tool."},
	[CW_ROUTE_NO_USER_CODE] = {
		"忘了用戶代碼：(1) 線上修改用戶代碼後再辦理鎖卡解碼；或 (2) 攜帶身分證正本及 IC 卡，到任一戶政事務所 (不限戶籍地) 重設用戶代碼，"
		"PIN 碼會同時改回預設值；或 (3) 委託他人代辦：受託人帶您的 IC 卡、雙方身分證正本，以及雙方簽名或蓋章的自然人憑證代辦事項委託書。",
		"The user code is forgotten: (1) change it online, then unlock; or (2) take your ID card (original) and the IC card to "
		"any household registration office (戶政事務所, any district) to reset it — the PIN goes back to its default; or "
		"(3) send someone: they bring your IC card, both original ID cards and the proxy form (自然人憑證代辦事項委託書) "
		"signed or sealed by both of you."},
	[CW_ROUTE_ISSUER] = {
		"這張卡片由發卡單位管理：請洽發卡單位解鎖。cardwiz 不會對卡片送出解鎖指令。",
		"This card is managed by its issuer: ask the issuer to unlock it. cardwiz sends no unlock command to the card."},
};

enum cw_unlock_route cw_unlock_route_for(int issuer_only, int knows_user_code, int is_locked)
{
	if (issuer_only)
		return CW_ROUTE_ISSUER;
	if (!knows_user_code)
		return CW_ROUTE_NO_USER_CODE;
	return is_locked ? CW_ROUTE_ONLINE : CW_ROUTE_FORGOT_PIN;
}

const char *cw_unlock_route_text(enum cw_unlock_route r)
{
	return cw_tr(routes[r][0], routes[r][1]);
}

const char *cw_unlock_question(int which, const char **answer1, const char **answer2)
{
	if (which == 0) {
		*answer1 = cw_tr("記得", "yes");
		*answer2 = cw_tr("忘了", "no");
		return cw_tr("您還記得用戶代碼嗎？(申請憑證時自己設定的 6–10 碼英數字)",
			     "Do you remember your user code (the 6–10 letters and digits you chose when applying)?");
	}
	*answer1 = cw_tr("已鎖住", "locked");
	*answer2 = cw_tr("忘了 PIN 碼，還沒鎖", "forgotten, not locked");
	return cw_tr("卡片已經鎖住了 (PIN 碼錯 3 次)，還是只是忘了 PIN 碼？",
		     "Is the card locked (3 wrong PINs), or is the PIN only forgotten?");
}
