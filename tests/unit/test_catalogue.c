/* test_catalogue.c — the code and check tables: unique ids, both languages, sane statuses. */
#include <string.h>

#include "cw/codes.h"
#include "cw/i18n.h"
#include "unit.h"

START_TEST(test_code_ids_unique_and_round_trip)
{
	for (int i = 0; i < CW_CODE_COUNT; i++) {
		ck_assert_int_eq(cw_code_from_id(cw_code_id((enum cw_code)i)), i);
		for (int j = i + 1; j < CW_CODE_COUNT; j++)
			ck_assert_str_ne(cw_code_id((enum cw_code)i), cw_code_id((enum cw_code)j));
	}
	ck_assert_int_eq(cw_code_from_id("no-such-code"), -1);
}
END_TEST

START_TEST(test_every_code_has_both_languages)
{
	for (int i = 0; i < CW_CODE_COUNT; i++) {
		enum cw_code c = (enum cw_code)i;
		cw_i18n_switch(CW_LANG_EN);
		const char *en_title = cw_code_title(c), *en_advice = cw_code_advice(c);
		cw_i18n_switch(CW_LANG_ZH_TW);
		const char *zh_title = cw_code_title(c), *zh_advice = cw_code_advice(c);
		ck_assert_msg(*en_title && *zh_title, "code %s lacks a title", cw_code_id(c));
		ck_assert_msg(strcmp(en_title, zh_title) != 0, "code %s: zh_TW title is the English one", cw_code_id(c));
		/* A failure or warning without advice leaves the user stuck. */
		if (cw_code_status(c) == CW_STATUS_FAIL || cw_code_status(c) == CW_STATUS_WARN ||
		    cw_code_status(c) == CW_STATUS_SKIP) {
			ck_assert_msg(*en_advice && *zh_advice, "code %s lacks advice", cw_code_id(c));
			ck_assert_msg(strcmp(en_advice, zh_advice) != 0, "code %s: zh_TW advice is English", cw_code_id(c));
		}
	}
	cw_i18n_switch(CW_LANG_EN);
}
END_TEST

START_TEST(test_design_codes_belong_to_their_checks)
{
	/* doc/DESIGN.md §4: the stable contract, a sample of each check's codes. */
	static const struct { const char *check, *code; } contract[] = {
		{"os", "unsupported"}, {"service", "no-service"}, {"service", "service-lost"},
		{"service", "polkit-denied"}, {"service", "no-access"}, {"reader", "no-readers"},
		{"driver", "no-driver"}, {"driver", "module-missing"}, {"card", "no-card"},
		{"card", "card-mute"}, {"card", "card-removed"}, {"card", "protocol-mismatch"},
		{"card", "card-unknown"}, {"card", "card-unsupported"}, {"module", "module-load-failed"},
		{"module", "no-token"}, {"module", "needs-vendor-module"}, {"token", "pin-locked"},
		{"token", "pin-final-try"}, {"token", "pin-count-low"}, {"token", "pin-to-be-changed"},
		{"pin", "pin-incorrect"}, {"pin", "pin-locked"}, {"pin", "skipped-no-pin"},
		{"pin", "pin-not-allowed"}, {"crypt", "decrypt-failed"}, {"crypt", "key-missing"},
		{"sign", "sign-failed"}, {"sign", "key-missing"}, {"enc-cert", "cert-expired"},
		{"enc-cert", "cert-expiring"}, {"sign-cert", "cert-not-yet-valid"}, {"sign-cert", "cert-missing"},
		{"signer", "signer-not-running"}, {"cert-import", "new-card"}, {"enc-cert", "clock-suspect"},
		{"sign-cert", "clock-suspect"}, {"cert-import", "new-card-first-visit"},
	};
	for (size_t i = 0; i < sizeof(contract) / sizeof(contract[0]); i++) {
		int check = cw_check_from_id(contract[i].check), code = cw_code_from_id(contract[i].code);
		ck_assert_msg(check >= 0 && code >= 0, "%s/%s missing", contract[i].check, contract[i].code);
		ck_assert_msg(cw_code_belongs((enum cw_code)code, (enum cw_check)check), "%s does not belong to %s",
			      contract[i].code, contract[i].check);
	}
	ck_assert(!cw_code_belongs(CW_CODE_NO_READERS, CW_CHECK_SIGN));
}
END_TEST

START_TEST(test_action_codes)
{
	static const char *const actions[] = {"pin-changed", "unlock-ok", "puk-incorrect", "puk-locked",
					      "unlock-refused-by-module", "unlock-official-only", "export-ok",
					      "export-failed"};
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		int code = cw_code_from_id(actions[i]);
		ck_assert_msg(code >= 0 && cw_code_is_action((enum cw_code)code), "%s", actions[i]);
	}
	ck_assert(!cw_code_is_action(CW_CODE_NO_CARD));
}
END_TEST

START_TEST(test_statuses_and_faq)
{
	ck_assert_int_eq(cw_code_status(CW_CODE_OK), CW_STATUS_PASS);
	ck_assert_int_eq(cw_code_status(CW_CODE_CERT_EXPIRING), CW_STATUS_WARN);
	ck_assert_int_eq(cw_code_status(CW_CODE_NEW_CARD), CW_STATUS_WARN);
	ck_assert_int_eq(cw_code_status(CW_CODE_SKIPPED_NO_PIN), CW_STATUS_SKIP);
	ck_assert_int_eq(cw_code_faq(CW_CODE_NO_SERVICE), 1);
	ck_assert_int_eq(cw_code_faq(CW_CODE_CARD_MUTE), 2);
	ck_assert_int_eq(cw_code_faq(CW_CODE_NO_READERS), 3);
	ck_assert_int_eq(cw_code_faq(CW_CODE_NEW_CARD), 4);
	ck_assert_int_eq(cw_code_faq(CW_CODE_PIN_LOCKED), 5);
	ck_assert_str_eq(cw_status_id(CW_STATUS_SKIP), "skip");
}
END_TEST

START_TEST(test_checks_hicos_rows)
{
	/* The nine HiCOS checks, in their order, each once. */
	int seen[10] = {0};
	for (int i = 0; i < CW_CHECK_COUNT; i++) {
		int row = cw_check_hicos_row((enum cw_check)i);
		ck_assert(row >= 0 && row <= 9);
		if (row)
			seen[row]++;
	}
	for (int row = 1; row <= 9; row++)
		ck_assert_int_eq(seen[row], 1);
	ck_assert_int_eq(cw_check_from_id("enc-cert"), CW_CHECK_ENC_CERT);
	ck_assert_int_eq(cw_check_from_id("nope"), -1);
}
END_TEST

static Suite *catalogue_suite(void)
{
	Suite *s = suite_create("catalogue");
	TCase *tc = tcase_create("tables");
	tcase_add_test(tc, test_code_ids_unique_and_round_trip);
	tcase_add_test(tc, test_every_code_has_both_languages);
	tcase_add_test(tc, test_design_codes_belong_to_their_checks);
	tcase_add_test(tc, test_action_codes);
	tcase_add_test(tc, test_statuses_and_faq);
	tcase_add_test(tc, test_checks_hicos_rows);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(catalogue_suite)
