/* tui_frame.c — the frame around every screen: header, live status line, trail, footer; colours; help; too small. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/text.h"
#include "tui_int.h"

static const struct { short fg, bg; int mono; } theme[TUI_C_COUNT] = {
#define TUI_COLOR_ROW(name, f, b, m) [TUI_C_##name] = {f, b, m},
	TUI_THEME(TUI_COLOR_ROW)
#undef TUI_COLOR_ROW
};

void tui_theme_init(struct tui *t);
void tui_theme_init(struct tui *t)
{
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	for (int i = 0; i < TUI_C_COUNT; i++)
		init_pair((short)(i + 1), theme[i].fg, theme[i].bg);
}

int tui_attr(const struct tui *t, enum tui_color c)
{
	if (!t->color)
		return theme[c].mono;
	int bold = theme[c].mono & (A_BOLD | A_UNDERLINE);
	return (int)COLOR_PAIR(c + 1) | bold;
}

void tui_put(struct tui *t, int y, int x, int cols, int attr, const char *s)
{
	char buf[1024], plain[1024], safe[1024];
	if (y < 0 || y >= t->rows || cols <= 0)
		return;
	cw_text_safe(s, CW_SAFE_LINE, safe, sizeof(safe)); /* every text passes here: doc/DESIGN.md §11 */
	s = safe;
	if (t->ascii) { /* every text passes here: bullets, dashes and arrows become ASCII once */
		cw_text_asciify(s, plain, sizeof(plain));
		s = plain;
	}
	cw_text_clip(s, cols, buf, sizeof(buf));
	attrset(attr);
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
}

void tui_fill(struct tui *t, int y, int attr)
{
	attrset(attr);
	mvhline(y, 0, ' ', t->cols);
	attrset(A_NORMAL);
}

void tui_rule(struct tui *t, int y)
{
	if (t->ascii)
		mvhline(y, 0, '-', t->cols);
	else
		mvhline(y, 0, ACS_HLINE, t->cols);
}

const char *tui_mark(const struct tui *t, enum cw_status s)
{
	static const char *const marks[CW_STATUS_COUNT][2] = {
		[CW_STATUS_PASS] = {"✓", "+"}, [CW_STATUS_WARN] = {"!", "!"},
		[CW_STATUS_FAIL] = {"✗", "x"}, [CW_STATUS_SKIP] = {"?", "?"},
	};
	return marks[s][t->ascii];
}

int tui_status_color(enum cw_status s)
{
	static const enum tui_color colors[CW_STATUS_COUNT] = {
		[CW_STATUS_PASS] = TUI_C_PASS, [CW_STATUS_WARN] = TUI_C_WARN,
		[CW_STATUS_FAIL] = TUI_C_FAIL, [CW_STATUS_SKIP] = TUI_C_SKIP,
	};
	return colors[s];
}

const char *tui_spinner(struct tui *t)
{
	static const char *const frames[2][4] = {{"◐", "◓", "◑", "◒"}, {"|", "/", "-", "\\"}};
	return frames[t->ascii][t->spin & 3];
}

const char *tui_text(struct tui *t, const struct cw_ltext *lt, char *buf, size_t size)
{
	cw_wizard_expand(t->w, cw_lang_current(), cw_ltext_get(lt, cw_lang_current()), buf, size);
	return buf;
}

struct wrap_ctx { struct tui *t; int y, x, max_y, attr; };

static void wrap_line(const char *line, size_t len, void *arg)
{
	struct wrap_ctx *w = arg;
	if (w->y >= w->max_y)
		return;
	char buf[1024];
	snprintf(buf, sizeof(buf), "%.*s", (int)len, line);
	tui_put(w->t, w->y++, w->x, w->t->cols - w->x, w->attr, buf);
}

int tui_wrap(struct tui *t, int y, int x, int cols, int max_y, int attr, const char *text)
{
	struct wrap_ctx w = {t, y, x, max_y, attr};
	char *safe = cw_text_safe_dup(text, CW_SAFE_LINES); /* before wrapping: widths of what is shown */
	cw_text_wrap(safe ? safe : "", cols, wrap_line, &w);
	free(safe);
	return w.y;
}

/* The status line: reader, card, PIN state — live from PC/SC and the checks. */
static void draw_status(struct tui *t)
{
	char line[512], reader[160] = "", card[160] = "", pin[96] = "";
	if (t->service == 0)
		snprintf(reader, sizeof(reader), "%s", cw_tr("讀卡服務未執行", "smart-card service not running"));
	else if (t->reader_index >= 0)
		snprintf(reader, sizeof(reader), "%s", t->ms.readers[t->reader_index]);
	else
		snprintf(reader, sizeof(reader), "%s", cw_tr("沒有讀卡機", "no reader"));
	const struct cw_trail_step *steps;
	int n = cw_engine_trail(t->e, &steps);
	for (int i = 0; i < n; i++)
		if (steps[i].has_result && steps[i].result.check == CW_CHECK_CARD && steps[i].result.code == CW_CODE_OK)
			cw_copy(card, sizeof(card), cw_result_note_text(&steps[i].result));
	if (!card[0])
		snprintf(card, sizeof(card), "%s", t->present ? cw_tr("已插入", "inserted") : cw_tr("無", "none"));
	struct cw_token_state ts;
	cw_engine_token_state(t->e, &ts);
	if (ts.locked)
		snprintf(pin, sizeof(pin), "%s", cw_tr("已鎖定", "locked"));
	else if (ts.tries_left > 0)
		snprintf(pin, sizeof(pin), "%s %d", cw_tr("剩餘次數", "tries left"), ts.tries_left);
	else
		snprintf(pin, sizeof(pin), "%s", "-");
	snprintf(line, sizeof(line), " %s: %s | %s: %s | PIN: %s", cw_tr("讀卡機", "Reader"), reader,
		 cw_tr("卡片", "Card"), card, pin);
	tui_put(t, 1, 0, t->cols, A_NORMAL, line);
}

/* The trail: the checks taken to get here, each with its mark. */
static void draw_trail(struct tui *t)
{
	const struct cw_trail_step *steps;
	int n = cw_engine_trail(t->e, &steps);
	char line[2048] = " ";
	size_t used = 1;
	for (int i = 0; i < n && used < sizeof(line) - 64; i++) {
		if (!steps[i].has_result)
			continue;
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s %s", used > 1 ? (t->ascii ? " > " : " › ") : "",
					 cw_check_name(steps[i].result.check), tui_mark(t, steps[i].result.status));
	}
	/* The end of the trail matters most: show its last columns when it is long. */
	const char *show = line;
	while (cw_text_width(show) > t->cols - 1 && *show) {
		show++; /* a whole character at a time: never half of a UTF-8 sequence */
		while ((*show & 0xC0) == 0x80)
			show++;
	}
	tui_put(t, 2, 0, t->cols, tui_attr(t, TUI_C_SKIP), show);
}

void tui_draw_frame(struct tui *t, const char *keys)
{
	char title[256];
	tui_fill(t, 0, tui_attr(t, TUI_C_BAR));
	snprintf(title, sizeof(title), " cardwiz — %s", cw_tr("智慧卡問題排除精靈", "smart-card troubleshooter"));
	tui_put(t, 0, 0, t->cols, tui_attr(t, TUI_C_BAR), title);
	const char *lang = cw_tr("[中文]", "[English]");
	tui_put(t, 0, t->cols - cw_text_width(lang) - 1, 12, tui_attr(t, TUI_C_BAR), lang);
	draw_status(t);
	draw_trail(t);
	tui_rule(t, 3);
	tui_rule(t, t->rows - 3);
	if (t->msg[0])
		tui_put(t, t->rows - 2, 1, t->cols - 2, tui_attr(t, TUI_C_NOTICE), t->msg);
	if (t->kiosk) /* a station has no quit and no files: it ends when the card comes out */
		keys = cw_tr("上下 選擇  Enter 執行  左 返回  t 完整檢測  l 語言  ? 說明 — 取出卡片即結束",
			     "Up/Down Enter  Left back  t full test  l language  ? help — remove the card to finish");
	tui_fill(t, t->rows - 1, tui_attr(t, TUI_C_BAR));
	tui_put(t, t->rows - 1, 1, t->cols - 2, tui_attr(t, TUI_C_BAR), keys);
}

void tui_draw_too_small(struct tui *t)
{
	erase();
	char line[160];
	snprintf(line, sizeof(line), "%s %dx%d", cw_tr("視窗太小：至少需要", "Terminal too small: needs"), TUI_MIN_COLS,
		 TUI_MIN_ROWS);
	tui_put(t, 0, 0, t->cols, A_BOLD, line);
	snprintf(line, sizeof(line), "%s %dx%d", cw_tr("目前", "now"), t->cols, t->rows);
	tui_put(t, 1, 0, t->cols, A_NORMAL, line);
	tui_put(t, 2, 0, t->cols, A_NORMAL, cw_tr("請放大視窗；q 離開", "Enlarge the window; q quits"));
}

/* ---- help ---- */

static void help_draw(struct tui *t)
{
	static const char *const lines[][2] = {
		{"按鍵", "Keys"},
		{"  上下鍵 Tab 選擇按鈕或欄位", "  Up Down Tab  choose a button or field"},
		{"  Enter      執行選擇的按鈕", "  Enter        do the chosen button"},
		{"  1-9        直接執行那個按鈕", "  1-9          do that button"},
		{"  Esc        關閉表單或說明；放棄進行中的檢測", "  Esc          close a form or help; abandon a running check"},
		{"  左鍵 或 b  回到上一步", "  Left or b    back to the previous step"},
		{"  PgUp PgDn  捲動說明文字", "  PgUp PgDn    scroll the text"},
		{"  r          重新檢測這一步", "  r            run this step's check again"},
		{"  t          完整檢測 (HiCOS 的 9 項檢測)", "  t            the full test (the HiCOS tool's 9 checks)"},
		{"  s          儲存報告 (文字或 JSON)", "  s            save the report (text or JSON)"},
		{"  l          切換語言 中文 / English", "  l            switch language 中文 / English"},
		{"  ?          這個說明", "  ?            this help"},
		{"  q          離開", "  q            quit"},
		{"", ""},
		{"PIN 碼只能由持卡人本人輸入，不要告訴任何人，包括客服人員。",
		 "Only the holder types the PIN; tell no one, helpdesk staff included."},
		{"說明文件：man cardwiz", "Manual: man cardwiz"},
	};
	int y = TUI_PANE_TOP;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		/* A station has no save and no quit: its help does not offer them. */
		if (!(t->kiosk && (strncmp(lines[i][1], "  s ", 4) == 0 || strncmp(lines[i][1], "  q ", 4) == 0)))
			y = tui_wrap(t, y, 2, t->cols - 4, t->rows - 3, i == 0 ? tui_attr(t, TUI_C_TITLE) : (int)A_NORMAL,
			     cw_tr(lines[i][0], lines[i][1]));
	tui_draw_frame(t, t->kiosk ? cw_tr("Esc 返回", "Esc back") : cw_tr("Esc 返回  q 離開", "Esc back  q quit"));
}

static int help_key(struct tui *t, int ch)
{
	(void)ch;
	t->view = t->prev_view ? t->prev_view : &tui_step_view;
	return 1;
}

const struct tui_view tui_help_view = {"help", help_draw, help_key};
