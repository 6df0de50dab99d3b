/* cardgen.c — the MOICA / CHT card generation named by the ATR's historical bytes (pure parsing). */
#include "cw/cardgen.h"
#include "cw/i18n.h"

/* The marker each generation writes in its historical bytes (doc/FIELD-NOTES.md, ATR identification). */
static const struct gen_row {
	enum cw_card_gen gen;
	const char *marker;
	const char *zh_tw, *en;
	const char *caveat_zh_tw, *caveat_en;
} gens[] = {
	{CW_CARD_GEN_1, "CHTMOICA", "第一代卡片 (CHTMOICA)", "1st generation (CHTMOICA)", "", ""},
	{CW_CARD_GEN_2, "CHTGPKIJ", "第二代卡片 (GP PKI 應用程式，CHTGPKIJ)", "2nd generation (GP PKI applet, CHTGPKIJ)",
	 /* Issue 13: middleware older than this generation does not know its applet. */
	 "舊版 HiCOS 元件可能不認得第二代卡片，請安裝內政部憑證管理中心網站的最新版",
	 "older HiCOS middleware may not know 2nd-generation cards: install the current version from MOICA's site"},
};
#define NGENS (sizeof(gens) / sizeof(gens[0]))

static const struct gen_row *row_of(enum cw_card_gen g)
{
	for (size_t i = 0; i < NGENS; i++)
		if (gens[i].gen == g)
			return &gens[i];
	return NULL;
}

enum cw_card_gen cw_card_generation(const struct cw_atr *a)
{
	for (size_t i = 0; a && i < NGENS; i++)
		if (cw_atr_hist_contains(a, gens[i].marker))
			return gens[i].gen;
	return CW_CARD_GEN_UNKNOWN;
}

enum cw_card_gen cw_card_generation_raw(const unsigned char *atr, size_t len)
{
	struct cw_atr a;
	if (!atr || len == 0)
		return CW_CARD_GEN_UNKNOWN;
	cw_atr_parse(atr, len, &a); /* a malformed ATR still has the historical bytes parsed so far */
	return cw_card_generation(&a);
}

const char *cw_card_generation_text(enum cw_card_gen g)
{
	const struct gen_row *r = row_of(g);
	return r ? cw_tr(r->zh_tw, r->en) : "";
}

const char *cw_card_generation_caveat(enum cw_card_gen g)
{
	const struct gen_row *r = row_of(g);
	return r && *r->caveat_en ? cw_tr(r->caveat_zh_tw, r->caveat_en) : "";
}
