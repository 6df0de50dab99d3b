/* tui_keys.c — the wizard's keys as one table: it feeds the dispatcher, every footer and the help, so a footer promises only what its keys do. */
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/text.h"
#include "tui_int.h"

#define ANY_KEY -2 /* a row that takes whatever key comes (the help: any key goes back) */

/* Where the global keys work: everywhere nothing is typed and no card change is half done. */
#define W_FORMS (TUI_W_FIELD | TUI_W_FBUTTON | TUI_W_CONFIRM | TUI_W_FWAIT | TUI_W_FDONE | TUI_W_ASK | TUI_W_ROUTE)
#define W_CALM (TUI_W_STEP | TUI_W_BUSY | TUI_W_FBUTTON | TUI_W_CONFIRM | TUI_W_FDONE | TUI_W_ASK | TUI_W_ROUTE | \
		TUI_W_TABLE | TUI_W_DETAIL)
#define W_TEXT (TUI_W_STEP | TUI_W_FIELD | TUI_W_FBUTTON | TUI_W_CONFIRM | TUI_W_FDONE) /* the node's text shows */

struct tui_key {
	int keys[10];                  /* 0 ends the list */
	const char *key_zh, *key_en;   /* the key as the footer and the help name it */
	const char *foot_zh, *foot_en; /* the footer's word for it; NULL: the key alone */
	const char *help_zh, *help_en; /* NULL: not in the help (another row explains it) */
	unsigned where;                /* enum tui_where */
	int prio;                      /* 0 always in the footer; higher numbers give way first when it is full */
	int not_kiosk;                 /* a station cannot do it (no way out, no files) */
	int nofoot;                    /* in no footer (the help names it) */
	int (*can)(struct tui *t, int ch); /* NULL: always; ch 0 asks for the footer */
	void (*run)(struct tui *t, int ch);
};

/* ---- what the keys do ---- */

static void run_pick_move(struct tui *t, int ch) { tui_picker_move(t, ch == KEY_UP || ch == KEY_BTAB ? -1 : 1); }
static void run_pick(struct tui *t, int ch)
{
	tui_picker_take(t, ch >= '1' && ch <= '9' ? ch - '1' : ch == 27 ? -2 : -1);
}

static void run_quit(struct tui *t, int ch) { (void)ch; t->quit = 1; }

static void run_help(struct tui *t, int ch)
{
	(void)ch;
	t->prev_view = t->view;
	t->view = &tui_help_view;
}

static void run_help_back(struct tui *t, int ch)
{
	(void)ch;
	t->view = t->prev_view ? t->prev_view : &tui_step_view;
}

static void run_lang(struct tui *t, int ch)
{
	(void)t;
	(void)ch;
	cw_i18n_switch(cw_lang_current() == CW_LANG_ZH_TW ? CW_LANG_EN : CW_LANG_ZH_TW);
}

static void run_rerun(struct tui *t, int ch)
{
	(void)ch;
	if (t->c.pending >= 0)
		cw_checker_abandon(&t->c);
	cw_engine_rerun(t->e);
	snprintf(t->msg, sizeof(t->msg), "%s", cw_tr("重新檢測這一步。", "This step's check runs again."));
	tui_drive(t);
}

static void run_full_test(struct tui *t, int ch)
{
	(void)ch;
	tui_form_close(t, -1);
	tui_full_test(t, 1);
}

static void run_save(struct tui *t, int ch)
{
	(void)ch;
	t->view = &tui_step_view;
	tui_form_open(t, CW_FORM_SAVE_REPORT, 0);
}

/* Abandon: the helper goes, the step says so, the wizard moves on from it. */
static void run_abandon(struct tui *t, int ch)
{
	(void)ch;
	if (t->c.pending < 0 || t->c.pending_op != CW_OP_CHECK)
		return;
	enum cw_check check = (enum cw_check)t->c.pending;
	cw_checker_abandon(&t->c);
	struct cw_result r;
	cw_result_init(&r, check);
	cw_result_note(&r, "%s", cw_tr("使用者放棄", "abandoned by the user"));
	cw_engine_feed(t->e, &r);
	tui_drive(t);
}

static int nbuttons(struct tui *t)
{
	int actions[CW_WIZARD_MAX_LIST];
	return tui_step_buttons(t, actions);
}

static int can_choose(struct tui *t, int ch) { (void)ch; return nbuttons(t) > 1; }
static int can_do(struct tui *t, int ch) { (void)ch; return nbuttons(t) > 0; }
static int can_number(struct tui *t, int ch) { return ch ? ch - '1' < nbuttons(t) : nbuttons(t) > 0; }
static int can_back(struct tui *t, int ch) { (void)ch; return tui_step_can_back(t); }
static int can_page_down(struct tui *t, int ch) { (void)ch; return t->scroll < t->scroll_max; }
static int can_page_up(struct tui *t, int ch) { (void)ch; return t->scroll > 0; }
/* A finished form that asked something, or one the guard refused before asking anything (the
 * module refuses any unblock): there Enter checks the card again and Esc leaves, and they say so. */
static int can_form_asked(struct tui *t, int ch) { (void)ch; return !tui_form_refused(t); }
static int can_form_refused(struct tui *t, int ch) { (void)ch; return tui_form_refused(t); }

static void run_move(struct tui *t, int ch)
{
	int n = nbuttons(t), back = ch == KEY_UP || ch == KEY_BTAB || ch == KEY_LEFT;
	if (n)
		t->sel = (t->sel + (back ? n - 1 : 1)) % n;
}

static void run_button(struct tui *t, int k)
{
	int actions[CW_WIZARD_MAX_LIST];
	int n = tui_step_buttons(t, actions);
	if (k >= 0 && k < n) {
		t->sel = k;
		tui_do_action(t, actions[k]);
	}
}

static void run_do(struct tui *t, int ch) { (void)ch; run_button(t, t->sel); }
static void run_number(struct tui *t, int ch) { run_button(t, ch - '1'); }

static void run_back(struct tui *t, int ch)
{
	(void)ch;
	cw_engine_back(t->e);
	t->sel = t->scroll = 0;
}

static void run_page(struct tui *t, int ch) { tui_step_scroll(t, ch == KEY_NPAGE ? 1 : -1); }
static void run_form(struct tui *t, int ch) { tui_form_key(t, ch); }

/* The form's buttons are the node's: digits choose them when the focus is there. */
static void run_form_number(struct tui *t, int ch) { run_button(t, ch - '1'); }

static void run_table_move(struct tui *t, int ch)
{
	int back = ch == KEY_UP || ch == KEY_BTAB;
	t->table_sel = (t->table_sel + (back ? CW_CHECK_COUNT - 1 : 1)) % CW_CHECK_COUNT;
}

static void run_table_detail(struct tui *t, int ch) { (void)ch; t->table_detail = 1; }
static void run_table_leave(struct tui *t, int ch) { (void)ch; t->view = &tui_step_view; }
static void run_detail_leave(struct tui *t, int ch) { (void)ch; t->table_detail = 0; }

/* ---- the table ---- */

#define ENTER '\n', '\r', KEY_ENTER
static const struct tui_key keys[] = {
	/* the step pane */
	{{KEY_UP, KEY_DOWN, '\t', KEY_BTAB, KEY_RIGHT}, "上下", "Up/Down", "選擇", "choose",
	 "  上下鍵 Tab  選擇按鈕或欄位", "  Up Down Tab  choose a button or field", TUI_W_STEP, 0, 0, 0, can_choose, run_move},
	{{ENTER}, "Enter", "Enter", "執行", "do", "  Enter       執行選擇的按鈕；表單：確定或下一欄",
	 "  Enter        do the chosen button; in a form: OK or the next field", TUI_W_STEP, 0, 0, 0, can_do, run_do},
	{{'1', '2', '3', '4', '5', '6', '7', '8', '9'}, "1-9", "1-9", "按鈕", "button", "  1-9         直接執行那個按鈕",
	 "  1-9          do that button", TUI_W_STEP, 3, 0, 0, can_number, run_number},
	{{KEY_LEFT, 'b', KEY_BACKSPACE, 127}, "左", "Left", "返回", "back", "  左鍵 或 b   回到上一步",
	 "  Left or b    back to the previous step", TUI_W_STEP, 1, 0, 0, can_back, run_back},
	{{KEY_NPAGE}, "PgDn", "PgDn", "往下", "more", "  PgUp PgDn   捲動說明文字", "  PgUp PgDn    scroll the text",
	 W_TEXT, 0, 0, 0, can_page_down, run_page},
	{{KEY_PPAGE}, "PgUp", "PgUp", "往上", "up", NULL, NULL, W_TEXT, 1, 0, 0, can_page_up, run_page},
	{{27}, "Esc", "Esc", "放棄", "abandon", "  Esc         關閉表單或說明；放棄進行中的檢測",
	 "  Esc          close a form or help; abandon a running check", TUI_W_BUSY, 0, 0, 0, NULL, run_abandon},
	/* a form: a field has the keyboard; Tab goes on to the node's buttons */
	{{ENTER}, "Enter", "Enter", "確定/下一欄", "OK/next", NULL, NULL, TUI_W_FIELD, 0, 0, 0, NULL, run_form},
	{{'\t', KEY_DOWN}, "Tab", "Tab", "下一欄/按鈕", "next/button", NULL, NULL, TUI_W_FIELD, 0, 0, 0, NULL, run_form},
	{{KEY_BTAB, KEY_UP}, "上", "Up", "上一欄", "previous", NULL, NULL, TUI_W_FIELD, 0, 0, 1, NULL, run_form},
	{{KEY_BACKSPACE, 127, 8}, "Backspace", "Backspace", NULL, NULL, NULL, NULL, TUI_W_FIELD, 0, 0, 1, NULL, run_form},
	{{ENTER}, "Enter", "Enter", "執行", "do", NULL, NULL, TUI_W_FBUTTON, 0, 0, 0, NULL, run_form},
	{{'\t', KEY_DOWN, KEY_BTAB, KEY_UP, KEY_LEFT, KEY_RIGHT}, "Tab", "Tab", "換欄/按鈕", "field/button", NULL, NULL,
	 TUI_W_FBUTTON, 0, 0, 0, NULL, run_form},
	{{'1', '2', '3', '4', '5', '6', '7', '8', '9'}, "1-9", "1-9", "按鈕", "button", NULL, NULL, TUI_W_FBUTTON, 2, 0, 0,
	 can_number, run_form_number},
	/* the last try: a choice, never a word typed in one language */
	{{'1'}, "1", "1", "送出", "send", NULL, NULL, TUI_W_CONFIRM, 0, 0, 0, NULL, run_form},
	{{'2'}, "2", "2", "不送出", "don't send", NULL, NULL, TUI_W_CONFIRM, 0, 0, 0, NULL, run_form},
	{{KEY_LEFT, KEY_RIGHT, '\t', KEY_BTAB, KEY_UP, KEY_DOWN}, "左右", "Left/Right", "選擇", "choose", NULL, NULL,
	 TUI_W_CONFIRM, 1, 0, 0, NULL, run_form},
	{{ENTER}, "Enter", "Enter", "執行", "do", NULL, NULL, TUI_W_CONFIRM, 0, 0, 0, NULL, run_form},
	{{ENTER, ' '}, "Enter", "Enter", "繼續", "continue", NULL, NULL, TUI_W_FDONE, 0, 0, 0, can_form_asked, run_form},
	{{ENTER, ' '}, "Enter", "Enter", "再檢查一次", "check again", NULL, NULL, TUI_W_FDONE, 0, 0, 0, can_form_refused,
	 run_form},
	/* the MOICA panel */
	{{'1', '2'}, "1 2", "1 2", "回答", "answer", NULL, NULL, TUI_W_ASK, 0, 0, 0, NULL, run_form},
	{{ENTER}, "Enter", "Enter", "完成", "done", NULL, NULL, TUI_W_ROUTE, 0, 0, 0, NULL, run_form},
	{{KEY_LEFT}, "左", "Left", "重新回答", "answer again", NULL, NULL, TUI_W_ROUTE, 0, 0, 0, NULL, run_form},
	{{27}, "Esc", "Esc", "取消", "cancel", NULL, NULL, TUI_W_FIELD | TUI_W_FBUTTON | TUI_W_CONFIRM | TUI_W_ASK | TUI_W_ROUTE,
	 0, 0, 0, NULL, run_form},
	{{27}, "Esc", "Esc", "關閉", "close", NULL, NULL, TUI_W_FDONE, 0, 0, 0, can_form_asked, run_form},
	{{27}, "Esc", "Esc", "離開", "leave", NULL, NULL, TUI_W_FDONE, 0, 0, 0, can_form_refused, run_form},
	/* the full test's table */
	{{KEY_UP, KEY_DOWN, '\t', KEY_BTAB}, "上下", "Up/Down", "選擇", "choose", NULL, NULL, TUI_W_TABLE, 0, 0, 0, NULL,
	 run_table_move},
	{{ENTER}, "Enter", "Enter", "詳細", "detail", NULL, NULL, TUI_W_TABLE, 0, 0, 0, NULL, run_table_detail},
	{{27, KEY_LEFT}, "Esc", "Esc", "回精靈", "wizard", NULL, NULL, TUI_W_TABLE, 0, 0, 0, NULL, run_table_leave},
	{{27, KEY_LEFT, ENTER}, "Esc", "Esc", "返回表格", "back to the table", NULL, NULL, TUI_W_DETAIL, 0, 0, 0, NULL,
	 run_detail_leave},
	/* several cards: which one */
	{{KEY_UP, KEY_DOWN, '\t', KEY_BTAB}, "上下", "Up/Down", "選擇", "choose", NULL, NULL, TUI_W_PICK, 0, 0, 0, NULL,
	 run_pick_move},
	{{ENTER}, "Enter", "Enter", "確定", "take it", NULL, NULL, TUI_W_PICK, 0, 0, 0, NULL, run_pick},
	{{'1', '2', '3', '4', '5', '6', '7', '8', '9'}, "1-9", "1-9", "那一張", "that card", NULL, NULL, TUI_W_PICK, 1, 0, 0,
	 NULL, run_pick},
	{{27}, "Esc", "Esc", "用預設", "the default", NULL, NULL, TUI_W_PICK, 0, 0, 0, NULL, run_pick},
	/* every screen */
	{{'r'}, "r", "r", "重試", "rerun", "  r           重新檢測這一步", "  r            run this step's check again",
	 TUI_W_STEP | TUI_W_BUSY, 2, 0, 0, NULL, run_rerun},
	{{'t'}, "t", "t", "完整檢測", "full test", "  t           完整檢測 (HiCOS 的 9 項檢測)",
	 "  t            the full test (the HiCOS tool's 9 checks)", TUI_W_STEP | TUI_W_BUSY | TUI_W_TABLE, 2, 0, 0, NULL,
	 run_full_test},
	{{'s'}, "s", "s", "存報告", "save", "  s           儲存報告 (文字或 JSON)", "  s            save the report (text or JSON)",
	 TUI_W_STEP | TUI_W_TABLE, 2, 1, 0, NULL, run_save},
	{{'l'}, "l", "l", "語言", "lang", "  l           切換語言 中文 / English", "  l            switch language 中文 / English",
	 W_CALM, 1, 0, 0, NULL, run_lang},
	{{'?'}, "?", "?", "說明", "help", "  ?           這個說明", "  ?            this help", W_CALM, 1, 0, 0, NULL, run_help},
	{{'q'}, "q", "q", "離開", "quit", "  q           離開", "  q            quit", W_CALM | TUI_W_HELP | TUI_W_SMALL | TUI_W_PICK, 0, 1,
	 0, NULL, run_quit},
	{{ANY_KEY}, "Esc", "Esc", "返回", "back", NULL, NULL, TUI_W_HELP, 0, 0, 0, NULL, run_help_back},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

enum tui_where tui_where_now(struct tui *t)
{
	static const enum tui_where form_states[] = {
		[FORM_EDIT] = TUI_W_FIELD, [FORM_CONFIRM_FINAL] = TUI_W_CONFIRM,
		[FORM_BUSY] = TUI_W_FWAIT, [FORM_DONE] = TUI_W_FDONE,
	};
	enum cw_check check;
	if (t->too_small)
		return TUI_W_SMALL;
	if (t->view == &tui_help_view)
		return TUI_W_HELP;
	if (t->view == &tui_kiosk_view)
		return TUI_W_START;
	if (t->view == &tui_picker_view)
		return TUI_W_PICK;
	if (t->view == &tui_table_view)
		return t->table_detail ? TUI_W_DETAIL : TUI_W_TABLE;
	if (t->form.active && tui_form_whole_pane(t))
		return tui_moica_asking(t) ? TUI_W_ASK : TUI_W_ROUTE;
	if (t->form.active && t->form.state == FORM_EDIT && tui_form_button(t) >= 0)
		return TUI_W_FBUTTON;
	if (t->form.active)
		return form_states[t->form.state];
	return cw_engine_want(t->e, &check) == CW_WANT_CHECK ? TUI_W_BUSY : TUI_W_STEP;
}

static int applies(struct tui *t, const struct tui_key *k, enum tui_where w, int ch)
{
	return (k->where & w) && !(t->kiosk && k->not_kiosk) && (!k->can || k->can(t, ch));
}

static int key_in_row(const struct tui_key *k, int ch)
{
	for (size_t i = 0; i < sizeof(k->keys) / sizeof(k->keys[0]) && k->keys[i]; i++)
		if (k->keys[i] == ch || k->keys[i] == ANY_KEY)
			return 1;
	return 0;
}

void tui_key_dispatch(struct tui *t, int ch)
{
	enum tui_where w = tui_where_now(t);
	/* A field with the focus takes every character first: a PIN may hold q, s, t, l ... */
	if (w == TUI_W_FIELD && tui_form_type(t, ch))
		return;
	for (size_t i = 0; i < NKEYS; i++)
		if (key_in_row(&keys[i], ch) && applies(t, &keys[i], w, ch)) {
			if (w != TUI_W_FIELD)
				t->msg[0] = '\0';
			keys[i].run(t, ch);
			return;
		}
}

static void entry(const struct tui_key *k, char *buf, size_t size)
{
	const char *foot = cw_tr(k->foot_zh, k->foot_en);
	snprintf(buf, size, "%s%s%s", cw_tr(k->key_zh, k->key_en), foot ? " " : "", foot ? foot : "");
}

void tui_key_footer(struct tui *t, char *buf, size_t size)
{
	enum tui_where w = tui_where_now(t);
	int on[NKEYS], width = 0, room = t->cols - 2;
	char e[160];
	const char *tail = "";
	int tail_prio = 0; /* a remark after the keys: what typing does stays; the station's gives way */
	if (w == TUI_W_FIELD)
		tail = cw_tr("(按鍵都會輸入到欄位)", "(keys go to the field)");
	else if (t->kiosk && t->visiting)
		tail = cw_tr("— 取出卡片即結束", "— remove the card to end"), tail_prio = 2;
	width = cw_text_width(tail) + 1;
	for (size_t i = 0; i < NKEYS; i++) {
		on[i] = !keys[i].nofoot && keys[i].foot_en && applies(t, &keys[i], w, 0);
		if (!on[i])
			continue;
		entry(&keys[i], e, sizeof(e));
		width += cw_text_width(e) + 2;
	}
	/* Too wide: the least needed entries give way (the help still names them). */
	for (int prio = 3; prio > 0 && width > room; prio--) {
		for (size_t i = NKEYS; i-- > 0 && width > room;)
			if (on[i] && keys[i].prio == prio) {
				entry(&keys[i], e, sizeof(e));
				width -= cw_text_width(e) + 2;
				on[i] = 0;
			}
		if (*tail && tail_prio == prio && width > room) {
			width -= cw_text_width(tail) + 1;
			tail = "";
		}
	}
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < NKEYS && used < size; i++)
		if (on[i]) {
			entry(&keys[i], e, sizeof(e));
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? "  " : "", e);
		}
	if (*tail && used < size) /* a remark on the keys before it, not a key: one space */
		snprintf(buf + used, size - used, "%s%s", used ? " " : "", tail);
}

int tui_key_help(struct tui *t, int y, int bottom)
{
	for (size_t i = 0; i < NKEYS && y < bottom; i++)
		if (keys[i].help_en && !(t->kiosk && keys[i].not_kiosk))
			y = tui_wrap(t, y, 2, t->cols - 4, bottom, A_NORMAL, cw_tr(keys[i].help_zh, keys[i].help_en));
	return y;
}
