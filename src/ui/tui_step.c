/* tui_step.c — the step pane: the node's text from the wizard file, the result that led here, its actions. */
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/text.h"
#include "cw/verdict.h"
#include "tui_int.h"

#define TEXT_MAX 8192

/* The results that brought the wizard to this node: the trail's last check, and the failure just
 * before it when that check was asked because of it (no pcscd, then the module without it: both
 * facts, as the report gives them). Earliest first; returns how many (0-2). */
static int last_results(struct tui *t, const struct cw_result *out[2])
{
	const struct cw_trail_step *steps;
	int n = cw_engine_trail(t->e, &steps), found = 0;
	for (int i = n - 1; i >= 0 && found < 2; i--) {
		if (!steps[i].has_result)
			continue;
		if (found && (steps[i].result.status != CW_STATUS_FAIL || out[1]->status != CW_STATUS_FAIL))
			break;
		out[1 - found++] = &steps[i].result;
	}
	if (found == 1)
		out[0] = out[1];
	return found;
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

/* The buttons shown: a station hides what it cannot do (save, export); its quit ends the visit. */
int tui_step_buttons(struct tui *t, int *actions)
{
	const struct cw_node *node = cw_engine_node(t->e);
	int n = 0;
	if (t->form.active && t->form.then_full_test)
		return 0; /* the full test's PIN: the step it was asked from has no say in it */
	for (int i = 0; node && i < node->nactions; i++) {
		const struct cw_action *a = &node->actions[i];
		if (t->kiosk && a->verb == CW_VERB_FORM && (a->form == CW_FORM_SAVE_REPORT || a->form == CW_FORM_EXPORT_CERT))
			continue;
		actions[n++] = i;
	}
	return n;
}

/* Back goes to the previous advice or form node on the trail (cw_engine_back), or out of the full test. */
int tui_step_can_back(struct tui *t)
{
	const struct cw_trail_step *steps;
	int n = cw_engine_trail(t->e, &steps);
	if (cw_engine_in_full_test(t->e))
		return 1;
	for (int i = n - 1; i >= 0; i--)
		if (steps[i].node && steps[i].node->kind != CW_NODE_CHECK)
			return 1;
	return 0;
}

static void button_label(struct tui *t, const struct cw_action *a, int number, char *label, size_t size)
{
	char buf[256];
	const char *text = tui_text(t, &a->label, buf, sizeof(buf));
	if (t->kiosk && a->verb == CW_VERB_QUIT) /* a station does not quit: the visit ends */
		text = cw_tr("完成", "Done");
	if (number)
		snprintf(label, size, "[%d %s]", number, text);
	else
		snprintf(label, size, "[%s]", text);
}

/* The buttons, wrapped over as many rows as they need; returns the first row used. */
static int draw_actions(struct tui *t, const struct cw_node *node, int bottom)
{
	int actions[CW_WIZARD_MAX_LIST], n = tui_step_buttons(t, actions);
	if (!node || n == 0)
		return bottom;
	char label[300];
	/* While the last-try question is asked, 1 and 2 answer it: the node's buttons show no number
	 * then (two buttons called 1 on one screen), and are dimmed. */
	int asking = t->form.active && t->form.state == FORM_CONFIRM_FINAL;
	int widths[CW_WIZARD_MAX_LIST], rows = 1, x = 2;
	for (int i = 0; i < n; i++) {
		button_label(t, &node->actions[actions[i]], asking ? 0 : i + 1, label, sizeof(label));
		widths[i] = cw_text_width(label) + 1;
		if (x + widths[i] > t->cols - 2 && x > 2) {
			rows++;
			x = 2;
		}
		x += widths[i];
	}
	int top = bottom - rows, y = top, focus = t->form.active ? tui_form_button(t) : t->sel;
	x = 2;
	for (int i = 0; i < n; i++) {
		button_label(t, &node->actions[actions[i]], asking ? 0 : i + 1, label, sizeof(label));
		if (x + widths[i] > t->cols - 2 && x > 2) {
			y++;
			x = 2;
		}
		int attr = asking ? tui_attr(t, TUI_C_SKIP) : i == focus ? tui_attr(t, TUI_C_BUTTON) : (int)A_BOLD;
		tui_put(t, y, x, t->cols - x - 1, attr, label);
		x += widths[i];
	}
	return top;
}

enum { TEXT_ROWS = 400 };

/* The rows as the wrapper gave them, copied (the wrapper may hand out a buffer of its own). */
struct rows { char pool[TEXT_MAX * 2]; size_t at[TEXT_ROWS], len[TEXT_ROWS], used; int n; };

static void keep_row(const char *line, size_t len, void *arg)
{
	struct rows *r = arg;
	if (r->n < TEXT_ROWS && r->used + len < sizeof(r->pool)) {
		memcpy(r->pool + r->used, line, len);
		r->at[r->n] = r->used;
		r->len[r->n++] = len;
		r->used += len;
	}
}

void tui_step_scroll(struct tui *t, int dir)
{
	int page = t->scroll_page > 0 ? t->scroll_page : 1;
	t->scroll += dir * page;
	if (t->scroll > t->scroll_max)
		t->scroll = t->scroll_max;
	if (t->scroll < 0)
		t->scroll = 0;
}

/* The node's text and links as rows of the screen, from the scroll position. Scrolling moves by
 * the rows shown, so a page down starts at the first row not yet seen: no line is ever skipped,
 * and the last page ends with the text's last row. */
static int draw_text(struct tui *t, const struct cw_node *node, int y, int bottom)
{
	char buf[TEXT_MAX], urls[CW_WIZARD_MAX_LIST][512];
	static struct rows r;
	r.n = 0;
	r.used = 0;
	tui_text(t, &node->text, buf, sizeof(buf));
	cw_text_wrap(buf, t->cols - 4, keep_row, &r);
	int nlinks = node->nlinks < CW_WIZARD_MAX_LIST ? node->nlinks : CW_WIZARD_MAX_LIST;
	int text_rows = r.n;
	for (int i = 0; i < nlinks && r.n < TEXT_ROWS; i++) {
		cw_wizard_expand(t->w, cw_lang_current(), node->links[i].url, urls[i], sizeof(urls[i]));
		keep_row(urls[i], strlen(urls[i]), &r);
	}
	int room = bottom - y;
	if (room <= 0)
		return y;
	int fits = r.n <= room, shown = fits ? r.n : room - 1;
	if (shown < 1)
		shown = 1;
	t->scroll_page = shown;
	t->scroll_max = fits ? 0 : r.n - shown;
	if (t->scroll > t->scroll_max)
		t->scroll = t->scroll_max;
	for (int i = t->scroll; i < t->scroll + shown && i < r.n; i++) {
		char line[1024];
		snprintf(line, sizeof(line), "%.*s", (int)r.len[i], r.pool + r.at[i]);
		if (i < text_rows) /* wrapped at cols - 4; the 2 columns beyond hold hanging 。，、 (kinsoku) */
			tui_put(t, y++, 2, t->cols - 2, A_NORMAL, line);
		else
			tui_put(t, y++, 4, t->cols - 6, A_UNDERLINE, line);
	}
	if (!fits) {
		const char *mark = t->scroll < t->scroll_max ? cw_tr("(還有，PgDn 往下)", "(more: PgDn)")
							     : cw_tr("(到底了，PgUp 往上)", "(end: PgUp goes up)");
		tui_put(t, y++, 2, t->cols - 4, tui_attr(t, TUI_C_SKIP), mark);
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
	t->scroll_max = 0; /* until the text says it needs more rows than it has */
	/* An end node says the engine's verdict: its own words only when nothing is wrong or untested. */
	struct cw_verdict v = {.kind = CW_VERDICT_OK};
	if (node && node->kind == CW_NODE_END && want == CW_WANT_DONE)
		cw_engine_verdict(t->e, &v);
	if (t->form.active && t->form.then_full_test) {
		/* The full test asks for the PIN before it starts: its own screen, not the step's. */
		tui_put(t, y++, 1, t->cols - 2, tui_attr(t, TUI_C_TITLE),
			cw_tr("完整檢測 (9 項檢測)：先輸入 PIN 碼", "Full test (9 checks): the PIN first"));
		tui_form_draw(t, y, bottom - 1);
		tui_draw_frame(t);
		return;
	}
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
		tui_draw_frame(t);
		return;
	}
	if (want == CW_WANT_ERROR && cw_engine_error(t->e))
		y = tui_wrap(t, y, 2, t->cols - 4, bottom, tui_attr(t, TUI_C_FAIL), cw_engine_error(t->e));
	const struct cw_result *why[2];
	for (int i = 0, n = last_results(t, why); i < n; i++)
		if (why[i]->status != CW_STATUS_PASS)
			y = draw_result(t, y, bottom, why[i]);
	int actions_top = draw_actions(t, node, bottom);
	/* A form keeps the rows it needs (and one to spare for a message); a form node's text (why,
	 * and what the PIN is) goes above it and scrolls. */
	int whole = t->form.active && tui_form_whole_pane(t);
	int form_rows = t->form.active ? tui_form_height(t) + 1 : 0;
	int text_bottom = t->form.active ? actions_top - form_rows : actions_top - 1;
	if (v.kind != CW_VERDICT_OK && !t->form.active && text_bottom > y) {
		cw_verdict_explain(&v, buf, sizeof(buf));
		y = tui_wrap(t, y, 2, t->cols - 4, text_bottom,
			     tui_attr(t, v.kind == CW_VERDICT_PROBLEM ? TUI_C_FAIL : TUI_C_NOTICE), buf);
	} else if ((!t->form.active || (t->form.from_node && !whole)) && node && node->text.zh_tw && text_bottom > y)
		y = draw_text(t, node, y, text_bottom);
	if (t->form.active)
		tui_form_draw(t, y, actions_top - 1);
	tui_draw_frame(t);
}

const struct tui_view tui_step_view = {"step", step_draw};
