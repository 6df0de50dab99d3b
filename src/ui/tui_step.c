/* tui_step.c — the step pane: the node's text from the wizard file, the result that led here, its actions. */
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/text.h"
#include "cw/verdict.h"
#include "tui_int.h"

#define TEXT_MAX 8192

/* The result that brought the wizard to this node (the trail's last check). */
static const struct cw_result *last_result(struct tui *t)
{
	const struct cw_trail_step *steps;
	int n = cw_engine_trail(t->e, &steps);
	for (int i = n - 1; i >= 0; i--)
		if (steps[i].has_result)
			return &steps[i].result;
	return NULL;
}

static int draw_result(struct tui *t, int y, int max_y, const struct cw_result *r)
{
	char line[512];
	snprintf(line, sizeof(line), "%s %s: %s", tui_mark(t, r->status), cw_check_name(r->check),
		 r->code == CW_CODE_OK ? cw_tr("正常", "OK") : cw_code_title(r->code));
	tui_put(t, y++, 2, t->cols - 4, tui_attr(t, tui_status_color(r->status)), line);
	if (r->note[0] && y < max_y)
		y = tui_wrap(t, y, 4, t->cols - 6, max_y, tui_attr(t, TUI_C_SKIP), cw_result_note_text(r));
	return y;
}

/* The actions as buttons, wrapped over as many rows as they need; returns the first row used. */
static int draw_actions(struct tui *t, const struct cw_node *node, int bottom)
{
	if (!node || node->nactions == 0)
		return bottom;
	char label[160];
	int widths[CW_WIZARD_MAX_LIST], rows = 1, x = 2;
	for (int i = 0; i < node->nactions; i++) {
		char buf[256];
		snprintf(label, sizeof(label), "[%d %s]", i + 1, tui_text(t, &node->actions[i].label, buf, sizeof(buf)));
		widths[i] = cw_text_width(label) + 1;
		if (x + widths[i] > t->cols - 2 && x > 2) {
			rows++;
			x = 2;
		}
		x += widths[i];
	}
	int top = bottom - rows, y = top;
	x = 2;
	for (int i = 0; i < node->nactions; i++) {
		char buf[256];
		snprintf(label, sizeof(label), "[%d %s]", i + 1, tui_text(t, &node->actions[i].label, buf, sizeof(buf)));
		if (x + widths[i] > t->cols - 2 && x > 2) {
			y++;
			x = 2;
		}
		int attr = i == t->sel && !t->form.active ? tui_attr(t, TUI_C_BUTTON) : (int)A_BOLD;
		tui_put(t, y, x, t->cols - x - 1, attr, label);
		x += widths[i];
	}
	return top;
}

enum { FORM_ROWS = 9 };

/* The node's text from the scroll position, its links, and a mark when more is below. */
static int draw_text(struct tui *t, const struct cw_node *node, int y, int bottom)
{
	char buf[TEXT_MAX], more[160];
	tui_text(t, &node->text, buf, sizeof(buf));
	const char *p = buf;
	for (int skip = t->scroll; skip > 0 && *p; skip--) { /* scrolled: whole lines of the text go */
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : p + strlen(p);
	}
	int need = 0; /* the rows the rest needs (about: wrapping may take one more), to say when it does not fit */
	for (const char *q = p; *q;) {
		const char *nl = strchr(q, '\n');
		size_t len = nl ? (size_t)(nl - q) : strlen(q);
		char line[2048];
		snprintf(line, sizeof(line), "%.*s", (int)len, q);
		need += cw_text_width(line) / (t->cols - 4) + 1;
		q = nl ? nl + 1 : q + len;
	}
	int fits = y + need + node->nlinks <= bottom;
	y = tui_wrap(t, y, 2, t->cols - 4, fits ? bottom : bottom - 1, A_NORMAL, p);
	for (int i = 0; i < node->nlinks && y < bottom - (fits ? 0 : 1); i++) {
		char url[512];
		cw_wizard_expand(t->w, cw_lang_current(), node->links[i].url, url, sizeof(url));
		tui_put(t, y++, 4, t->cols - 6, A_UNDERLINE, url);
	}
	if (!fits) {
		snprintf(more, sizeof(more), "%s", cw_tr("(還有，PgDn 往下)", "(more: PgDn)"));
		tui_put(t, bottom - 1, 2, t->cols - 4, tui_attr(t, TUI_C_SKIP), more);
		y = bottom;
	}
	return y;
}

static void draw_busy(struct tui *t, int y, enum cw_check check)
{
	char line[256];
	snprintf(line, sizeof(line), "%s %s: %s", tui_spinner(t), cw_tr("檢測中", "checking"), cw_check_name(check));
	tui_put(t, y, 2, t->cols - 4, tui_attr(t, TUI_C_NOTICE), line);
	tui_put(t, y + 1, 4, t->cols - 6, tui_attr(t, TUI_C_SKIP), cw_check_description(check));
	tui_put(t, y + 2, 4, t->cols - 6, tui_attr(t, TUI_C_SKIP), cw_tr("Esc 放棄這一項", "Esc abandons this step"));
}

static void step_draw(struct tui *t)
{
	const struct cw_node *node = cw_engine_node(t->e);
	enum cw_check check;
	enum cw_want want = cw_engine_want(t->e, &check);
	int y = TUI_PANE_TOP, bottom = t->rows - 3;
	char buf[TEXT_MAX];
	/* An end node says the engine's verdict: its own words only when nothing is wrong or untested. */
	struct cw_verdict v = {.kind = CW_VERDICT_OK};
	if (node && node->kind == CW_NODE_END && want == CW_WANT_DONE)
		cw_engine_verdict(t->e, &v);
	if (node) {
		char title[600], head[512];
		int faq = node->faq;
		cw_verdict_headline(&v, tui_text(t, &node->title, buf, sizeof(buf)), head, sizeof(head));
		if (faq)
			snprintf(title, sizeof(title), "%s  (%s %d)", head, cw_tr("常見問題", "FAQ"), faq);
		else
			snprintf(title, sizeof(title), "%s", head);
		tui_put(t, y++, 1, t->cols - 2, tui_attr(t, TUI_C_TITLE), title);
	}
	if (want == CW_WANT_CHECK) {
		draw_busy(t, y + 1, check);
		tui_draw_frame(t, cw_tr("Esc 放棄  t 完整檢測  l 語言  ? 說明  q 離開", "Esc abandon  t full test  l language  ? help  q quit"));
		return;
	}
	if (want == CW_WANT_ERROR && cw_engine_error(t->e))
		y = tui_wrap(t, y, 2, t->cols - 4, bottom, tui_attr(t, TUI_C_FAIL), cw_engine_error(t->e));
	const struct cw_result *r = last_result(t);
	if (r && r->status != CW_STATUS_PASS)
		y = draw_result(t, y, bottom, r);
	int actions_top = draw_actions(t, node, bottom);
	/* A form keeps FORM_ROWS for itself; a form node's text (why, and what the PIN is) goes above it. */
	int whole = t->form.active && tui_form_whole_pane(t);
	int form_rows = t->form.active ? tui_form_height(t) : 0;
	if (form_rows < FORM_ROWS && t->form.active)
		form_rows = FORM_ROWS;
	int text_bottom = t->form.active ? actions_top - form_rows : actions_top - 1;
	if (v.kind != CW_VERDICT_OK && !t->form.active && text_bottom > y) {
		cw_verdict_explain(&v, buf, sizeof(buf));
		y = tui_wrap(t, y, 2, t->cols - 4, text_bottom,
			     tui_attr(t, v.kind == CW_VERDICT_PROBLEM ? TUI_C_FAIL : TUI_C_NOTICE), buf);
	} else if ((!t->form.active || (t->form.from_node && !whole)) && node && node->text.zh_tw && text_bottom > y)
		y = draw_text(t, node, y, text_bottom);
	if (t->form.active)
		tui_form_draw(t, y, actions_top - 1);
	if (t->form.active && whole)
		tui_draw_frame(t, cw_tr("1 2 回答  Enter 完成  左 重新回答  Esc 取消", "1 2 answer  Enter done  Left answer again  Esc cancel"));
	else if (t->form.active)
		tui_draw_frame(t, cw_tr("Enter 確定/下一欄  Tab 換欄  Esc 取消 (按鍵都會輸入到欄位)",
					"Enter OK/next  Tab next field  Esc cancel (keys type into the field)"));
	else
		tui_draw_frame(t, cw_tr("上下 選擇 Enter 執行 左 返回 r 重試 t 完整檢測 s 存報告 l 語言 ? 說明 q 離開",
					"Up/Down Enter  Left back  r rerun  t full test  s save  l lang  ? help  q quit"));
}

static int step_key(struct tui *t, int ch)
{
	const struct cw_node *node = cw_engine_node(t->e);
	int n = node ? node->nactions : 0;
	if (t->form.active && tui_form_key(t, ch))
		return 1;
	switch (ch) {
	case KEY_UP:
	case KEY_BTAB:
		if (n)
			t->sel = (t->sel + n - 1) % n;
		return 1;
	case KEY_DOWN:
	case '\t':
	case KEY_RIGHT:
		if (n)
			t->sel = (t->sel + 1) % n;
		return 1;
	case KEY_NPAGE:
		t->scroll += 5;
		return 1;
	case KEY_PPAGE:
		t->scroll = t->scroll > 5 ? t->scroll - 5 : 0;
		return 1;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (n)
			tui_do_action(t, t->sel);
		return 1;
	case KEY_LEFT:
	case 'b':
	case KEY_BACKSPACE:
		cw_engine_back(t->e);
		t->sel = t->scroll = 0;
		return 1;
	default:
		if (ch >= '1' && ch <= '9' && ch - '1' < n) {
			t->sel = ch - '1';
			tui_do_action(t, t->sel);
			return 1;
		}
		return 0;
	}
}

const struct tui_view tui_step_view = {"step", step_draw, step_key};
