/* tui_table.c — the full test: the HiCOS tool's table of checks filling in live, each row opening its detail. */
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/text.h"
#include "tui_int.h"

enum { COL_ITEM = 6, COL_NAME = 22, COL_DESC = 21, COL_MARK = 5 };

/* The row of check c in the table, or NULL while it has not run. */
static const struct cw_result *row_result(struct tui *t, enum cw_check c)
{
	const struct cw_result *results;
	int n = cw_engine_table(t->e, &results);
	for (int i = 0; i < n; i++)
		if (results[i].check == c)
			return &results[i];
	return NULL;
}

static void draw_row(struct tui *t, int y, enum cw_check c, int selected, int running)
{
	char item[8] = "-";
	if (cw_check_hicos_row(c))
		snprintf(item, sizeof(item), "%d", cw_check_hicos_row(c));
	int base = selected ? (int)A_REVERSE : (int)A_NORMAL;
	if (selected)
		tui_fill(t, y, A_REVERSE);
	tui_put(t, y, 1, COL_ITEM - 1, base, item);
	tui_put(t, y, COL_ITEM, COL_NAME - 1, base, cw_check_name(c));
	tui_put(t, y, COL_ITEM + COL_NAME, COL_DESC - 1, base | tui_attr(t, TUI_C_SKIP), cw_check_description(c));
	int x = COL_ITEM + COL_NAME + COL_DESC;
	const struct cw_result *r = row_result(t, c);
	if (!r) {
		tui_put(t, y, x, COL_MARK, base, running ? tui_spinner(t) : ".");
		return;
	}
	tui_put(t, y, x + 1, COL_MARK - 1, base | tui_attr(t, tui_status_color(r->status)), tui_mark(t, r->status));
	char remark[512];
	snprintf(remark, sizeof(remark), "%s%s%s", r->code == CW_CODE_OK ? "" : cw_code_title(r->code),
		 r->code != CW_CODE_OK && r->note[0] ? ": " : "", cw_result_note_text(r));
	tui_put(t, y, x + COL_MARK, t->cols - x - COL_MARK - 1, base, remark);
}

static void draw_detail(struct tui *t, int y, const struct cw_result *r)
{
	int bottom = t->rows - 3;
	char line[600];
	snprintf(line, sizeof(line), "%s %s — %s", tui_mark(t, r->status), cw_check_name(r->check), cw_code_title(r->code));
	tui_put(t, y++, 1, t->cols - 2, tui_attr(t, TUI_C_TITLE), line);
	if (r->note[0])
		y = tui_wrap(t, y, 3, t->cols - 5, bottom, A_NORMAL, cw_result_note_text(r));
	if (*cw_code_advice(r->code))
		y = tui_wrap(t, y, 3, t->cols - 5, bottom, A_BOLD, cw_code_advice(r->code));
	for (int i = 0; i < r->ndetail && y < bottom; i++) {
		char key[64];
		snprintf(line, sizeof(line), "%s%s%s", cw_detail_label(r->detail[i].key, key, sizeof(key)),
			 cw_tr("：", ": "), cw_detail_value(r->detail[i].value));
		tui_put(t, y++, 3, t->cols - 5, tui_attr(t, TUI_C_SKIP), line);
	}
}

static void table_draw(struct tui *t)
{
	int y = TUI_PANE_TOP;
	enum cw_check running;
	int busy = cw_engine_in_full_test(t->e) && cw_engine_want(t->e, &running) == CW_WANT_CHECK;
	if (t->table_detail) {
		const struct cw_result *r = row_result(t, (enum cw_check)t->table_sel);
		if (r)
			draw_detail(t, y, r);
		else
			t->table_detail = 0;
		tui_draw_frame(t);
		return;
	}
	tui_put(t, y, 1, COL_ITEM - 1, A_BOLD, cw_tr("項次", "Item"));
	tui_put(t, y, COL_ITEM, COL_NAME - 1, A_BOLD, cw_tr("檢驗項目", "Check"));
	tui_put(t, y, COL_ITEM + COL_NAME, COL_DESC - 1, A_BOLD, cw_tr("檢驗說明", "What it checks"));
	tui_put(t, y, COL_ITEM + COL_NAME + COL_DESC, COL_MARK, A_BOLD, cw_tr("結果", "Res."));
	tui_put(t, y, COL_ITEM + COL_NAME + COL_DESC + COL_MARK, t->cols, A_BOLD, cw_tr("檢驗內容/備註", "Remarks"));
	y++;
	for (int c = 0; c < CW_CHECK_COUNT && y < t->rows - 4; c++, y++)
		draw_row(t, y, (enum cw_check)c, c == t->table_sel, busy && running == (enum cw_check)c);
	const struct cw_result *results;
	int done = cw_engine_table(t->e, &results);
	char progress[160];
	int width = 30, filled = done * width / CW_CHECK_COUNT;
	char bar[64];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[width] = '\0';
	snprintf(progress, sizeof(progress), "[%s] %d/%d %s", bar, done, CW_CHECK_COUNT,
		 busy ? cw_tr("檢測中…", "checking...") : cw_tr("完成", "done"));
	tui_put(t, t->rows - 4, 1, t->cols - 2, busy ? tui_attr(t, TUI_C_NOTICE) : (int)A_BOLD, progress);
	tui_draw_frame(t);
}

const struct tui_view tui_table_view = {"table", table_draw};
