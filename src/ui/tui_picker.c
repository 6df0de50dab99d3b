/* tui_picker.c — "choose the IC card": several cards in several readers, the user picks the one to check. */
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
#include "tui_int.h"

#define PICK_MAX 16

/* One wizard, one picker: the list the engine gave when it opened (the reader check's cards). */
static struct {
	struct cw_card_choice cards[PICK_MAX];
	int n, automatic, sel;
} pk;

int tui_picker_open(struct tui *t)
{
	int automatic = 0;
	int n = cw_engine_cards_to_choose(t->e, pk.cards, PICK_MAX, &automatic);
	if (n < 2)
		return 0;
	pk.n = n;
	pk.automatic = pk.sel = automatic;
	if (t->view != &tui_picker_view)
		t->prev_view = t->view;
	t->view = &tui_picker_view;
	return 1;
}

static const char *profile_name(const struct cw_profile *p)
{
	if (!p)
		return cw_tr("不明的卡片", "unknown card");
	return cw_tr(p->name.zh_tw ? p->name.zh_tw : p->id, p->name.en ? p->name.en : p->id);
}

static void draw(struct tui *t)
{
	int y = TUI_PANE_TOP;
	y = tui_wrap(t, y, 2, t->cols - 4, t->rows - 3, tui_attr(t, TUI_C_TITLE), cw_tr("選擇 IC 卡", "Choose the IC card"));
	y = tui_wrap(t, y + 1, 2, t->cols - 4, t->rows - 3, A_NORMAL,
		     cw_tr("有多台讀卡機插著卡片。要檢測哪一張？之後的檢測都用這一張。",
			   "Several readers hold a card. Which one should be checked? The checks that follow use it."));
	y++;
	for (int i = 0; i < pk.n && y < t->rows - 3; i++, y++) {
		char line[320];
		snprintf(line, sizeof(line), "%d. %s  (%s)%s", i + 1, pk.cards[i].reader, profile_name(pk.cards[i].profile),
			 i == pk.automatic ? cw_tr("  [預設]", "  [default]") : "");
		tui_put(t, y, 2, t->cols - 4, i == pk.sel ? tui_attr(t, TUI_C_BUTTON) : (int)A_NORMAL, line);
	}
	tui_draw_frame(t); /* the footer comes from the key table (TUI_W_PICK) */
}

void tui_picker_move(struct tui *t, int delta)
{
	(void)t;
	if (pk.sel + delta >= 0 && pk.sel + delta < pk.n)
		pk.sel += delta;
}

void tui_picker_take(struct tui *t, int which)
{
	int pick = which == -1 ? pk.sel : which == -2 ? pk.automatic : which;
	if (pick >= 0 && pick < pk.n)
		tui_reader_chosen(t, pk.cards[pick].reader, pick != pk.automatic);
}

const struct tui_view tui_picker_view = {"picker", draw};
