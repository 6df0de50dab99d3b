/* tui_moica.c — unlocking a MOICA (or other CHT) card: nothing is sent to the card; the official route that fits, with the URL as a QR code. */
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/text.h"
#include "tui_int.h"

#define QR_ROWS_NEEDED 30 /* the QR code of the unlock URL takes 17 rows with half blocks */

/* The questions, then the route for the answers (doc/DESIGN.md §1, FAQ 5; texts in frontend_unlock.c). */
enum { Q_USER_CODE, Q_LOCKED, ROUTE };

static enum cw_unlock_route chosen_route(const struct tui *t)
{
	const struct cw_profile *p = cw_engine_profile(t->e);
	return cw_unlock_route_for(p && p->unlock == CW_UNLOCK_ISSUER, t->form.knows_user_code, t->form.is_locked);
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

static void draw_question(struct tui *t, int y, int which)
{
	const char *a, *b, *q = cw_unlock_question(which, &a, &b);
	y = tui_wrap(t, y, 4, t->cols - 6, t->rows - 4, A_BOLD, q);
	char line[256];
	snprintf(line, sizeof(line), "[1 %s]  [2 %s]", a, b);
	tui_put(t, y + 1, 4, t->cols - 6, tui_attr(t, TUI_C_BUTTON), line);
}

int tui_moica_draw(struct tui *t, int y, int last)
{
	int bottom = last; /* the keys line is the last row */
	tui_put(t, y++, 2, t->cols - 4, A_BOLD, cw_tr("自然人憑證解鎖 (官方管道)", "Unlocking a MOICA card (official routes)"));
	y = tui_wrap(t, y, 2, t->cols - 4, bottom, tui_attr(t, TUI_C_NOTICE),
		     cw_tr("cardwiz 不會對這張卡片送出任何指令：用戶代碼由內政部的伺服器檢查。",
			   "cardwiz sends nothing to this card: MOICA's servers check the user code."));
	const struct cw_profile *p = cw_engine_profile(t->e);
	if (p && p->unlock == CW_UNLOCK_ISSUER)
		t->form.moica_step = ROUTE;
	if (t->form.moica_step == Q_USER_CODE || t->form.moica_step == Q_LOCKED) {
		draw_question(t, y + 1, t->form.moica_step);
		return y + 5;
	}
	enum cw_unlock_route r = chosen_route(t);
	char url[512] = "", text[2048];
	if (t->w->site.unlock_url && r != CW_ROUTE_ISSUER)
		cw_copy(url, sizeof(url), t->w->site.unlock_url);
	cw_wizard_expand(t->w, cw_lang_current(), cw_unlock_route_text(r), text, sizeof(text));
	if (qr_fits(t) && url[0]) {
		/* QR on the left; the address, then the route, on the right. */
		int top = y, text_x = 42;
		int qr_end = tui_qr_draw(t, y, 2, url);
		tui_put(t, top, text_x, t->cols - text_x - 2, A_UNDERLINE, url);
		int ty = tui_wrap(t, top + 2, text_x, t->cols - text_x - 2, bottom, A_NORMAL, text);
		y = qr_end > ty ? qr_end : ty;
	} else {
		/* The address first: it is what the user needs even when the text does not fit. */
		if (url[0])
			tui_put(t, y++, 4, t->cols - 6, A_UNDERLINE, url);
		y = tui_wrap(t, y, 4, t->cols - 6, bottom, A_NORMAL, text);
	}
	tui_put(t, last, 4, t->cols - 6, A_BOLD,
		cw_tr("[Enter 完成]  [左 重新回答]  [Esc 取消]", "[Enter done]  [Left answer again]  [Esc cancel]"));
	return y + 1;
}

int tui_moica_asking(const struct tui *t)
{
	const struct cw_profile *p = cw_engine_profile(t->e);
	return !(p && p->unlock == CW_UNLOCK_ISSUER) && t->form.moica_step < ROUTE;
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
