/* test_diagnosis_verdict.c — the one verdict on canned results: ok, ok-untested without a PIN, a problem, a required check skipped. */
#include <string.h>

#include "cw/i18n.h"
#include "cw/verdict.h"
#include "unit.h"

static struct cw_result res[CW_CHECK_COUNT];
static int n;

/* A healthy card with its PIN: every check passes, the signing bridge is not configured. */
static void healthy(void)
{
	n = 0;
	for (int c = 0; c < CW_CHECK_COUNT; c++) {
		cw_result_init(&res[n], (enum cw_check)c);
		cw_result_set(&res[n], c == CW_CHECK_SIGNER ? CW_CODE_NO_SIGNER_CONFIGURED : CW_CODE_OK);
		n++;
	}
	cw_i18n_switch(CW_LANG_EN);
}

static void set(enum cw_check c, enum cw_code code) { cw_result_set(&res[c], code); }

/* Leave check c out, as a walk that never reached it. */
static void drop(enum cw_check c)
{
	memmove(&res[c], &res[c + 1], sizeof(res[0]) * (size_t)(n - c - 1));
	n--;
}

START_TEST(test_ok)
{
	struct cw_verdict v;
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_OK);
	ck_assert_str_eq(cw_verdict_id(v.kind), "ok");
	ck_assert_int_eq(cw_verdict_exit_status(&v), 0);
	ck_assert_int_eq(v.nuntested, 0);
	ck_assert_int_eq(v.diagnosis.code, CW_CODE_OK);
	char buf[256];
	cw_verdict_headline(&v, "All done: no problem found", buf, sizeof(buf));
	ck_assert_str_eq(buf, "All done: no problem found");
}
END_TEST

START_TEST(test_no_pin_is_untested)
{
	/* --report without a PIN: the three PIN checks skipped for want of it. */
	set(CW_CHECK_PIN, CW_CODE_SKIPPED_NO_PIN);
	set(CW_CHECK_CRYPT, CW_CODE_SKIPPED_NO_PIN);
	set(CW_CHECK_SIGN, CW_CODE_SKIPPED_NO_PIN);
	struct cw_verdict v;
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_UNTESTED);
	ck_assert_str_eq(cw_verdict_id(v.kind), "ok-untested");
	ck_assert_int_eq(cw_verdict_exit_status(&v), 0);
	ck_assert_int_eq(v.nuntested, 3);
	ck_assert_int_eq(v.untested[0], CW_CHECK_PIN);
	ck_assert_int_eq(v.untested[1], CW_CHECK_CRYPT);
	ck_assert_int_eq(v.untested[2], CW_CHECK_SIGN);
	char buf[512];
	cw_verdict_untested_text(&v, buf, sizeof(buf));
	ck_assert_str_eq(buf, "PIN, decrypt and signature not tested");
	cw_verdict_headline(&v, "All done: no problem found", buf, sizeof(buf));
	ck_assert_str_eq(buf, "All done: PIN, decrypt and signature not tested");
	cw_i18n_switch(CW_LANG_ZH_TW);
	cw_verdict_untested_text(&v, buf, sizeof(buf));
	ck_assert_str_eq(buf, "PIN 碼、解密與簽章未測試");
}
END_TEST

START_TEST(test_escape_at_pin_form_is_untested)
{
	/* The wizard after Escape at the PIN form: pin, crypt and sign never ran at all. */
	drop(CW_CHECK_SIGN);
	drop(CW_CHECK_CRYPT);
	drop(CW_CHECK_PIN);
	struct cw_verdict v;
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_UNTESTED);
	ck_assert_int_eq(v.nuntested, 3);
	char buf[512];
	cw_verdict_untested_text(&v, buf, sizeof(buf));
	ck_assert_str_eq(buf, "PIN, decrypt and signature not tested");
	cw_verdict_explain(&v, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "not tested"));
	/* In Chinese a space stands between 但 and the Latin word that follows. */
	cw_i18n_set_quiet(CW_LANG_ZH_TW);
	cw_verdict_explain(&v, buf, sizeof(buf));
	cw_i18n_set_quiet(CW_LANG_EN);
	ck_assert_msg(strstr(buf, "但 PIN 碼") != NULL, "%s", buf);
}
END_TEST

START_TEST(test_failure_is_a_problem)
{
	set(CW_CHECK_PIN, CW_CODE_SKIPPED_NO_PIN); /* untested too, but a failure decides */
	set(CW_CHECK_ENC_CERT, CW_CODE_CERT_EXPIRED);
	struct cw_verdict v;
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_PROBLEM);
	ck_assert_str_eq(cw_verdict_id(v.kind), "problem");
	ck_assert_int_eq(cw_verdict_exit_status(&v), 1);
	ck_assert_int_eq(v.diagnosis.code, CW_CODE_CERT_EXPIRED);
	ck_assert_int_eq(v.diagnosis.check, CW_CHECK_ENC_CERT);
	ck_assert_int_eq(v.nuntested, 0);
}
END_TEST

START_TEST(test_warning_is_a_problem)
{
	/* One PIN try left and nothing else wrong: the end text and the exit status both say so. */
	set(CW_CHECK_TOKEN, CW_CODE_PIN_FINAL_TRY);
	set(CW_CHECK_CERT_IMPORT, CW_CODE_NEW_CARD);
	struct cw_verdict v;
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_PROBLEM);
	ck_assert_int_eq(cw_verdict_exit_status(&v), 1);
	ck_assert_int_eq(v.diagnosis.code, CW_CODE_PIN_FINAL_TRY);
	char buf[256];
	cw_verdict_headline(&v, "All done: no problem found", buf, sizeof(buf));
	ck_assert_str_eq(buf, "All done: a problem was found");
}
END_TEST

START_TEST(test_skipped_required_is_not_ok)
{
	/* A card turned "?" (not run) after a recheck: never a pass. */
	set(CW_CHECK_CARD, CW_CODE_NOT_RUN);
	struct cw_verdict v;
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_PROBLEM);
	ck_assert_int_eq(cw_verdict_exit_status(&v), 1);
	ck_assert_int_eq(v.diagnosis.check, CW_CHECK_CARD);
	ck_assert_int_eq(v.diagnosis.code, CW_CODE_NOT_RUN);
}
END_TEST

START_TEST(test_not_applicable_is_fine)
{
	/* No signing bridge configured is not a skip that matters; one that is configured must answer. */
	struct cw_verdict v;
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_OK);
	set(CW_CHECK_SIGNER, CW_CODE_NOT_RUN);
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_PROBLEM);
}
END_TEST

/* A software token with no reader (SoftHSM2 through --module, pcscd down): the service, reader,
 * driver and card checks do not apply; with a reader-tied module the same failures are a problem. */
START_TEST(test_software_token_without_reader)
{
	set(CW_CHECK_SERVICE, CW_CODE_NO_SERVICE);
	set(CW_CHECK_READER, CW_CODE_NOT_RUN);
	set(CW_CHECK_DRIVER, CW_CODE_NOT_RUN);
	set(CW_CHECK_CARD, CW_CODE_NOT_RUN);
	cw_result_add(&res[CW_CHECK_MODULE], "token_in_reader", "no");
	struct cw_verdict v;
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_OK);
	ck_assert_int_eq(v.token_without_reader, 1);
	ck_assert_int_eq(v.diagnosis.code, CW_CODE_OK);
	cw_result_add(&res[CW_CHECK_MODULE], "token_in_reader", "yes");
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_PROBLEM);
	ck_assert_int_eq(v.diagnosis.code, CW_CODE_NO_SERVICE);
	/* A module that found no token decides nothing: the reader checks count again. */
	cw_result_add(&res[CW_CHECK_MODULE], "token_in_reader", "no");
	set(CW_CHECK_MODULE, CW_CODE_NO_TOKEN);
	cw_verdict_of(res, n, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_PROBLEM);
	ck_assert_int_eq(v.diagnosis.code, CW_CODE_NO_SERVICE);
}
END_TEST

START_TEST(test_every_check_has_a_row)
{
	/* A check the table forgot would silently never be required. */
	for (int c = 0; c < CW_CHECK_COUNT; c++)
		ck_assert_msg(cw_check_required((enum cw_check)c), "check %s has no required row", cw_check_id((enum cw_check)c));
	/* No results at all: nothing failed, everything untested. */
	struct cw_verdict v;
	cw_verdict_of(NULL, 0, &v);
	ck_assert_int_eq(v.kind, CW_VERDICT_UNTESTED);
	ck_assert_int_eq(v.nuntested, CW_CHECK_COUNT);
}
END_TEST

static Suite *verdict_suite(void)
{
	Suite *s = suite_create("verdict");
	TCase *tc = tcase_create("verdict");
	tcase_add_checked_fixture(tc, healthy, NULL);
	tcase_add_test(tc, test_ok);
	tcase_add_test(tc, test_no_pin_is_untested);
	tcase_add_test(tc, test_escape_at_pin_form_is_untested);
	tcase_add_test(tc, test_failure_is_a_problem);
	tcase_add_test(tc, test_warning_is_a_problem);
	tcase_add_test(tc, test_skipped_required_is_not_ok);
	tcase_add_test(tc, test_not_applicable_is_fine);
	tcase_add_test(tc, test_software_token_without_reader);
	tcase_add_test(tc, test_every_check_has_a_row);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(verdict_suite)
