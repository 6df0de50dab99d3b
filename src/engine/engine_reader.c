/* engine_reader.c — several cards in several readers: the engine says when the user must pick one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/engine.h"
#include "cw/text.h"
#include "engine_int.h"

/* The reader check (src/probe/pcsc.c) lists every card ("cards", "card_readerN", "card_profileN")
 * and says how it chose ("chosen_by"): by the profiles or the first card when several are in and
 * nobody named a reader. Then the wizard and --plain ask (as the HiCOS tool's "choose the IC card"
 * picker); --report keeps the helper's choice. */
int cw_engine_cards_to_choose(const struct cw_engine *e, struct cw_card_choice *out, int max, int *automatic)
{
	const struct cw_result *r = cw_engine_latest(e, CW_CHECK_READER);
	const char *how = r ? cw_result_get(r, "chosen_by") : NULL;
	const char *cards = r ? cw_result_get(r, "cards") : NULL;
	const char *chosen = r ? cw_result_get(r, "reader") : NULL;
	if (!how || !cards || !chosen || (strcmp(how, "profile") != 0 && strcmp(how, "first card") != 0))
		return 0;
	int n = 0, total = (int)strtol(cards, NULL, 10);
	*automatic = 0;
	for (int k = 0; k < total && n < max; k++) {
		char key[32];
		snprintf(key, sizeof(key), "card_reader%d", k);
		const char *reader = cw_result_get(r, key);
		snprintf(key, sizeof(key), "card_profile%d", k);
		const char *profile = cw_result_get(r, key);
		if (!reader)
			continue;
		cw_copy(out[n].reader, sizeof(out[n].reader), reader);
		const struct cw_profile *p = profile ? cw_wizard_profile(e->w, profile) : NULL;
		out[n].profile = p;
		if (strcmp(reader, chosen) == 0)
			*automatic = n;
		n++;
	}
	return n > 1 ? n : 0;
}
