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

/* s clipped to cols columns, with an ellipsis when something was cut. */
static void ellipsis(const struct tui *t, const char *s, int cols, char *out, size_t size)
{
	const char *dots = t->ascii ? "~" : "…";
	if (cw_text_width(s) <= cols || cols < 2) {
		cw_text_clip(s, cols > 0 ? cols : 0, out, size);
		return;
	}
	char head[512];
	cw_text_clip(s, cols - 1, head, sizeof(head));
	size_t n = strlen(head);
	while (n && head[n - 1] == ' ')
		head[--n] = '\0';
	snprintf(out, size, "%s%s", head, dots);
}

/* A card's name from the ATR list is often a list of products with details in brackets: its
 * first item before the details says what it is ("PIV card (...)" -> "PIV card"). */
static void short_card_name(const char *name, char *out, size_t size)
{
	size_t cut = strcspn(name, "(,;[");
	const char *dash = strstr(name, " - ");
	if (dash && (size_t)(dash - name) < cut)
		cut = (size_t)(dash - name);
	if (cut < 3) /* a name that starts with its details keeps them */
		cut = strlen(name);
	while (cut && name[cut - 1] == ' ')
		cut--;
	snprintf(out, size, "%.*s", (int)cut, name);
}

/* The status line: reader, card, PIN state — live from PC/SC and the checks. The PIN state is
 * always whole at 80 columns: the card's and the reader's names give way. */
static void draw_status(struct tui *t)
{
	char line[1024], reader[256] = "", card[256] = "", pin[96] = "", rs[256], cs[256];
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
			short_card_name(cw_result_note_text(&steps[i].result), card, sizeof(card));
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
	/* Measured as they will be drawn: a control character in a card list's name or a reader's
	 * becomes a visible escape several columns wide, which would push the PIN state off. */
	cw_text_safe(reader, CW_SAFE_LINE, rs, sizeof(rs));
	snprintf(reader, sizeof(reader), "%s", rs);
	cw_text_safe(card, CW_SAFE_LINE, cs, sizeof(cs));
	snprintf(card, sizeof(card), "%s", cs);
	const char *lr = cw_tr("讀卡機", "Reader"), *lc = cw_tr("卡片", "Card");
	snprintf(line, sizeof(line), " %s:  | %s:  | PIN: %s", lr, lc, pin);
	int room = t->cols - 1 - cw_text_width(line), rw = cw_text_width(reader), cw = cw_text_width(card);
	if (rw + cw > room) {
		int card_share = cw < 24 ? cw : 24; /* the card keeps up to 24 columns, the reader the rest */
		if (room - card_share < 12)
			card_share = room - 12 > 8 ? room - 12 : 8;
		int reader_w = rw < room - card_share ? rw : room - card_share;
		cw = room - reader_w;
		rw = reader_w;
	}
	ellipsis(t, reader, rw, rs, sizeof(rs));
	ellipsis(t, card, cw, cs, sizeof(cs));
	snprintf(line, sizeof(line), " %s: %s | %s: %s | PIN: %s", lr, rs, lc, cs, pin);
	tui_put(t, 1, 0, t->cols, A_NORMAL, line);
}

/* The trail: the checks taken to get here, each with its mark. When it is long its end matters
 * most: whole steps go from the front, and "… ›" says so — never half a word. */
static void draw_trail(struct tui *t)
{
	const struct cw_trail_step *steps;
	int n = cw_engine_trail(t->e, &steps);
	const char *sep = t->ascii ? " > " : " › ";
	char line[2048];
	int first = 0;
	for (;;) {
		size_t used = (size_t)snprintf(line, sizeof(line), " %s", first ? (t->ascii ? "..." : "…") : "");
		int any = first > 0;
		for (int i = first; i < n && used < sizeof(line) - 64; i++) {
			if (!steps[i].has_result)
				continue;
			used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s %s", any ? sep : "",
						 cw_check_name(steps[i].result.check), tui_mark(t, steps[i].result.status));
			any = 1;
		}
		if (cw_text_width(line) <= t->cols - 1 || first >= n - 1)
			break;
		first++;
		while (first < n - 1 && !steps[first].has_result)
			first++;
	}
	tui_put(t, 2, 0, t->cols, tui_attr(t, TUI_C_SKIP), line);
}

void tui_draw_frame(struct tui *t)
{
	char title[256], keys[512];
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
	tui_key_footer(t, keys, sizeof(keys)); /* a station's has no quit and no files */
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
	tui_put(t, 2, 0, t->cols, A_NORMAL,
		t->kiosk ? cw_tr("請放大視窗", "Enlarge the window") : cw_tr("請放大視窗；q 離開", "Enlarge the window; q quits"));
}

/* ---- help ---- */

static void help_draw(struct tui *t)
{
	int y = TUI_PANE_TOP, bottom = t->rows - 3;
	tui_put(t, y++, 2, t->cols - 4, tui_attr(t, TUI_C_TITLE), cw_tr("按鍵", "Keys"));
	y = tui_key_help(t, y, bottom); /* the same table as the footers and the dispatcher */
	y++;
	y = tui_wrap(t, y, 2, t->cols - 4, bottom, A_NORMAL,
		     cw_tr("PIN 碼只能由持卡人本人輸入，不要告訴任何人，包括客服人員。",
			   "Only the holder types the PIN; tell no one, helpdesk staff included."));
	tui_wrap(t, y, 2, t->cols - 4, bottom, A_NORMAL, cw_tr("說明文件：man cardwiz", "Manual: man cardwiz"));
	tui_draw_frame(t);
}

const struct tui_view tui_help_view = {"help", help_draw};
