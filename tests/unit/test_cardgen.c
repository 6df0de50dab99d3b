/* test_cardgen.c — the MOICA card generation from the three MOICA ATRs and others (doc/FIELD-NOTES.md). */
#include <string.h>

#include "cw/cardgen.h"
#include "cw/i18n.h"
#include "unit.h"

/* The three MOICA citizen-card ATRs of doc/FIELD-NOTES.md (ATR identification). */
#define MOICA_PLAIN "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57"
#define MOICA_CHTMOICA "3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41 A5"
#define MOICA_CHTGPKIJ "3B D8 96 00 81 B1 FE 45 1F 07 43 48 54 47 50 4B 49 4A DD"
#define YUBIKEY "3B F8 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 34 D4"

static enum cw_card_gen gen_of(const char *hex)
{
	unsigned char buf[64];
	int n = cw_atr_from_hex(hex, buf, sizeof(buf));
	ck_assert_int_ge(n, 0);
	struct cw_atr a;
	cw_atr_parse(buf, (size_t)n, &a);
	ck_assert_int_eq(cw_card_generation_raw(buf, (size_t)n), cw_card_generation(&a));
	return cw_card_generation(&a);
}

START_TEST(test_three_moica_atrs)
{
	ck_assert_int_eq(gen_of(MOICA_CHTMOICA), CW_CARD_GEN_1);
	ck_assert_int_eq(gen_of(MOICA_CHTGPKIJ), CW_CARD_GEN_2);
	/* A MOICA ATR whose historical bytes spell neither: the ATR does not tell, so nothing is said. */
	ck_assert_int_eq(gen_of(MOICA_PLAIN), CW_CARD_GEN_UNKNOWN);
}
END_TEST

START_TEST(test_other_cards_and_bad_input)
{
	ck_assert_int_eq(gen_of(YUBIKEY), CW_CARD_GEN_UNKNOWN);
	/* The marker outside the historical bytes (here in interface bytes' place) does not count. */
	ck_assert_int_eq(gen_of("3B 00 43 48 54 4D 4F 49 43 41"), CW_CARD_GEN_UNKNOWN);
	/* Cut short before the marker ends: not the generation. */
	ck_assert_int_eq(gen_of("3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43"), CW_CARD_GEN_UNKNOWN);
	/* A bad TCK still has the historical bytes. */
	ck_assert_int_eq(gen_of("3B D8 96 00 81 B1 FE 45 1F 07 43 48 54 47 50 4B 49 4A 00"), CW_CARD_GEN_2);
	ck_assert_int_eq(cw_card_generation_raw(NULL, 0), CW_CARD_GEN_UNKNOWN);
	ck_assert_int_eq(cw_card_generation(NULL), CW_CARD_GEN_UNKNOWN);
}
END_TEST

START_TEST(test_words)
{
	cw_i18n_switch(CW_LANG_EN);
	ck_assert_str_eq(cw_card_generation_text(CW_CARD_GEN_UNKNOWN), "");
	ck_assert_ptr_nonnull(strstr(cw_card_generation_text(CW_CARD_GEN_1), "1st generation"));
	ck_assert_ptr_nonnull(strstr(cw_card_generation_text(CW_CARD_GEN_2), "GP PKI"));
	/* Only the second generation warns about old middleware. */
	ck_assert_str_eq(cw_card_generation_caveat(CW_CARD_GEN_1), "");
	ck_assert_str_eq(cw_card_generation_caveat(CW_CARD_GEN_UNKNOWN), "");
	ck_assert_ptr_nonnull(strstr(cw_card_generation_caveat(CW_CARD_GEN_2), "older HiCOS middleware"));
	cw_i18n_switch(CW_LANG_ZH_TW);
	ck_assert_ptr_nonnull(strstr(cw_card_generation_text(CW_CARD_GEN_2), "第二代"));
	ck_assert_ptr_nonnull(strstr(cw_card_generation_caveat(CW_CARD_GEN_2), "舊版"));
	cw_i18n_switch(CW_LANG_EN);
}
END_TEST

static Suite *cardgen_suite(void)
{
	Suite *s = suite_create("cardgen");
	TCase *tc = tcase_create("generation");
	tcase_add_test(tc, test_three_moica_atrs);
	tcase_add_test(tc, test_other_cards_and_bad_input);
	tcase_add_test(tc, test_words);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(cardgen_suite)
