/* tui_moica.c — unlocking a MOICA (or other CHT) card: nothing is sent to the card; the official route that fits, with the URL as a QR code. */
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/text.h"
#include "tui_int.h"

#define QR_ROWS_NEEDED 30 /* the QR code of the unlock URL takes 17 rows with half blocks */

/* The questions, then the route for the answers (DESIGN.md §1, FAQ 5). */
enum { Q_USER_CODE, Q_LOCKED, ROUTE };

struct route { const char *zh, *en; };

static const struct route route_online = {
	"線上鎖卡解碼：在 Windows 或 Mac 電腦上開啟內政部憑證管理中心網站 (下方網址)，輸入用戶代碼 (6–10 碼英數字，大小寫有別) 與新的 PIN 碼 (6–8 碼)；"
	"網頁出錯時改用 HiCOS 卡片管理工具的「鎖卡解碼」(安裝後請重新開機)。由內政部的伺服器檢查用戶代碼。"
	"若仍無法解鎖但記得用戶代碼，請撥客服專線 {hotline}，由客服通知卡管中心解除鎖定。",
	"Unlock online: on a Windows or Mac PC open MOICA's unlock page (the address below), type your user code "
	"(6–10 letters and digits, case-sensitive) and a new PIN (6–8 characters); if the page errors, use the HiCOS card "
	"tool's unlock function (鎖卡解碼; reboot after installing it). MOICA's servers check the user code. If it stays "
	"locked though you know the user code, call the hotline {hotline}: the staff ask the card management centre to release it.",
};
static const struct route route_forgot_pin = {
	"PIN 碼忘了但卡片還沒鎖：不要猜！鎖卡解碼也能重設忘記的 PIN 碼 (用戶代碼 + 新 PIN 碼)，方式同上，請用下方網址或 HiCOS 卡片管理工具。",
	"The PIN is forgotten but the card is not locked: do not guess! The same unlock function resets a forgotten PIN "
	"(user code + new PIN): use the address below or the HiCOS card tool.",
};
static const struct route route_no_user_code = {
	"忘了用戶代碼：(1) 線上修改用戶代碼後再辦理鎖卡解碼；或 (2) 攜帶身分證正本及 IC 卡，到任一戶政事務所 (不限戶籍地) 重設用戶代碼，"
	"PIN 碼會同時改回預設值；或 (3) 委託他人代辦：受託人帶您的 IC 卡、雙方身分證正本，以及雙方簽名或蓋章的自然人憑證代辦事項委託書。",
	"The user code is forgotten: (1) change it online, then unlock; or (2) take your ID card (original) and the IC card to "
	"any household registration office (戶政事務所, any district) to reset it — the PIN goes back to its default; or "
	"(3) send someone: they bring your IC card, both original ID cards and the proxy form (自然人憑證代辦事項委託書) "
	"signed or sealed by both of you.",
};
static const struct route route_issuer = {
	"這張卡片由發卡單位管理：請洽發卡單位解鎖。cardwiz 不會對卡片送出解鎖指令。",
	"This card is managed by its issuer: ask the issuer to unlock it. cardwiz sends no unlock command to the card.",
};

static const struct route *chosen_route(const struct tui *t)
{
	const struct cw_profile *p = cw_engine_profile(t->e);
	if (p && p->unlock == CW_UNLOCK_ISSUER)
		return &route_issuer;
	if (!t->form.knows_user_code)
		return &route_no_user_code;
	return t->form.is_locked ? &route_online : &route_forgot_pin;
}

static int qr_fits(const struct tui *t)
{
	return !t->ascii && t->rows >= QR_ROWS_NEEDED && t->cols >= 80;
}

/* The URL as a QR code with half blocks: two modules a character cell, quiet zone of 2. */
int tui_qr_draw(struct tui *t, int y, int x, const char *url)
{
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	if (!qr)
		return y;
	int quiet = 2, size = qr->width + 2 * quiet;
	for (int row = 0; row < size; row += 2) {
		char line[512];
		size_t o = 0;
		for (int col = 0; col < size && o + 4 < sizeof(line); col++) {
			int top = 0, bottom = 0;
			int r0 = row - quiet, r1 = row + 1 - quiet, c = col - quiet;
			if (c >= 0 && c < qr->width) {
				top = r0 >= 0 && r0 < qr->width && (qr->data[r0 * qr->width + c] & 1);
				bottom = r1 >= 0 && r1 < qr->width && (qr->data[r1 * qr->width + c] & 1);
			}
			/* Dark modules are drawn as spaces on a light cell: light on dark terminals too. */
			static const char *const cells[2][2] = {{"█", "▀"}, {"▄", " "}};
			const char *cell = cells[top][bottom];
			size_t n = strlen(cell);
			memcpy(line + o, cell, n);
			o += n;
		}
		line[o] = '\0';
		tui_put(t, y++, x, size, A_NORMAL, line);
	}
	QRcode_free(qr);
	return y;
}

static void draw_question(struct tui *t, int y, const char *zh, const char *en, const char *a_zh, const char *a_en,
			  const char *b_zh, const char *b_en)
{
	tui_put(t, y++, 4, t->cols - 6, A_BOLD, cw_tr(zh, en));
	char line[256];
	snprintf(line, sizeof(line), "[1 %s]  [2 %s]", cw_tr(a_zh, a_en), cw_tr(b_zh, b_en));
	tui_put(t, y + 1, 4, t->cols - 6, tui_attr(t, TUI_C_BUTTON), line);
}

int tui_moica_draw(struct tui *t, int y)
{
	int bottom = t->rows - 4;
	tui_put(t, y++, 2, t->cols - 4, A_BOLD, cw_tr("自然人憑證解鎖 (官方管道)", "Unlocking a MOICA card (official routes)"));
	y = tui_wrap(t, y, 2, t->cols - 4, bottom, tui_attr(t, TUI_C_NOTICE),
		     cw_tr("cardwiz 不會對這張卡片送出任何指令：用戶代碼由內政部的伺服器檢查。",
			   "cardwiz sends nothing to this card: MOICA's servers check the user code."));
	const struct cw_profile *p = cw_engine_profile(t->e);
	if (p && p->unlock == CW_UNLOCK_ISSUER)
		t->form.moica_step = ROUTE;
	switch (t->form.moica_step) {
	case Q_USER_CODE:
		draw_question(t, y + 1, "您還記得用戶代碼嗎？(申請憑證時自己設定的 6–10 碼英數字)",
			      "Do you remember your user code (the 6–10 letters and digits you chose when applying)?",
			      "記得", "yes", "忘了", "no");
		return y + 4;
	case Q_LOCKED:
		draw_question(t, y + 1, "卡片已經鎖住了 (PIN 碼錯 3 次)，還是只是忘了 PIN 碼？",
			      "Is the card locked (3 wrong PINs), or is the PIN only forgotten?", "已鎖住", "locked",
			      "忘了 PIN 碼，還沒鎖", "forgotten, not locked");
		return y + 4;
	default:
		break;
	}
	const struct route *r = chosen_route(t);
	char url[512] = "";
	if (t->w->site.unlock_url)
		cw_copy(url, sizeof(url), t->w->site.unlock_url);
	char text[2048];
	cw_wizard_expand(t->w, cw_lang_current(), cw_tr(r->zh, r->en), text, sizeof(text));
	if (qr_fits(t) && url[0] && r != &route_issuer) {
		/* QR on the left, the route on the right. */
		int top = y;
		int qr_end = tui_qr_draw(t, y, 2, url);
		int text_x = 42;
		int ty = tui_wrap(t, top, text_x, t->cols - text_x - 2, bottom, A_NORMAL, text);
		tui_put(t, ty + 1, text_x, t->cols - text_x - 2, A_UNDERLINE, url);
		y = qr_end > ty + 2 ? qr_end : ty + 2;
	} else {
		y = tui_wrap(t, y, 4, t->cols - 6, bottom, A_NORMAL, text);
		if (url[0] && r != &route_issuer)
			tui_put(t, y++, 4, t->cols - 6, A_UNDERLINE, url);
	}
	tui_put(t, y < bottom ? y : bottom, 4, t->cols - 6, A_BOLD,
		cw_tr("[Enter 完成]  [← 重新回答]  [Esc 取消]", "[Enter done]  [Left answer again]  [Esc cancel]"));
	return y + 1;
}

int tui_moica_key(struct tui *t, int ch)
{
	struct tui_form *f = &t->form;
	if (ch == 27) {
		tui_form_close(t, 0);
		return 1;
	}
	if (f->moica_step < ROUTE) {
		if (ch != '1' && ch != '2')
			return ch == KEY_LEFT ? 0 : 1;
		if (f->moica_step == Q_USER_CODE) {
			f->knows_user_code = ch == '1';
			f->moica_step = f->knows_user_code ? Q_LOCKED : ROUTE;
		} else {
			f->is_locked = ch == '1';
			f->moica_step = ROUTE;
		}
		return 1;
	}
	if (ch == KEY_LEFT) {
		f->moica_step = Q_USER_CODE;
		return 1;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		tui_form_close(t, 1);
		return 1;
	}
	return 1;
}
