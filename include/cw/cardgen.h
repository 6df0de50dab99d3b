/* cardgen.h — which generation of MOICA / Chunghwa Telecom card an ATR's historical bytes say it is. */
#ifndef CW_CARDGEN_H
#define CW_CARDGEN_H

#include <stddef.h>

#include "cw/atr.h"

/* doc/FIELD-NOTES.md (MOICA citizen cards, ATR identification): the historical bytes spell the
 * generation on the cards that say it; other ATRs (even MOICA's "3B 8B 80 01 ...") do not. */
enum cw_card_gen {
	CW_CARD_GEN_UNKNOWN = 0, /* the ATR does not say */
	CW_CARD_GEN_1 = 1,       /* "CHTMOICA": the first generation (proprietary commands) */
	CW_CARD_GEN_2 = 2,       /* "CHTGPKIJ": the second, a GlobalPlatform PKI applet (SCP03) */
};

/* The generation a parsed ATR's historical bytes name (a malformed ATR's bytes count as far as parsed). */
enum cw_card_gen cw_card_generation(const struct cw_atr *a);
/* The same from raw ATR bytes. */
enum cw_card_gen cw_card_generation_raw(const unsigned char *atr, size_t len);
/* Its words in the current language ("" for UNKNOWN): "1st generation (CHTMOICA)" ... */
const char *cw_card_generation_text(enum cw_card_gen g);
/* A remark where old middleware matters ("" when none): only the second generation has one. */
const char *cw_card_generation_caveat(enum cw_card_gen g);

#endif
