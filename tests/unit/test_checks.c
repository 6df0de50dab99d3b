/* test_checks.c — the check table: every check has a full row, a probe, a deadline; what follows from it. */
#include <string.h>

#include "cw/checkdef.h"
#include "cw/i18n.h"
#include "unit.h"

/* A row left out of the table is zero-filled: no id, no probe, deadline 0, timeout = ok. */
START_TEST(test_every_check_has_a_full_row)
{
	for (int i = 0; i < CW_CHECK_COUNT; i++) {
		const struct cw_checkdef *d = cw_checkdef((enum cw_check)i);
		ck_assert_ptr_nonnull(d);
		ck_assert_msg(d->id && *d->id, "check %d has no row (no id)", i);
		ck_assert_msg(d->check == (enum cw_check)i, "row %s sits at index %d", d->id, i);
		ck_assert_msg(d->probe != NULL, "check %s has no probe", d->id);
		ck_assert_msg(cw_probe_for((enum cw_check)i) == d->probe, "check %s: cw_probe_for disagrees", d->id);
		ck_assert_msg(d->deadline_ms > 0, "check %s has a zero deadline", d->id);
		for (int l = 0; l < 2; l++)
			ck_assert_msg(d->name[l] && *d->name[l] && d->description[l] && *d->description[l],
				      "check %s lacks a name or description in language %d", d->id, l);
		ck_assert_str_ne(d->name[0], d->name[1]);
		ck_assert_msg(d->hicos_row >= 0 && d->hicos_row <= 9, "check %s: HiCOS row %d", d->id, d->hicos_row);
	}
	ck_assert_ptr_null(cw_checkdef(CW_CHECK_COUNT));
}
END_TEST

/* A timeout or crash must never read as a pass, and its code must be one the check may give
 * (else the wizard has no route for it). */
START_TEST(test_timeout_and_crash_codes_are_failures_of_the_check)
{
	for (int i = 0; i < CW_CHECK_COUNT; i++) {
		const struct cw_checkdef *d = cw_checkdef((enum cw_check)i);
		enum cw_code codes[] = {d->on_timeout, d->on_crash};
		for (int k = 0; k < 2; k++) {
			ck_assert_msg(codes[k] != CW_CODE_OK && cw_code_status(codes[k]) != CW_STATUS_PASS,
				      "check %s: a %s reads as a pass", d->id, k ? "crash" : "timeout");
			ck_assert_msg(cw_code_belongs(codes[k], (enum cw_check)i), "check %s may not give %s", d->id,
				      cw_code_id(codes[k]));
		}
		/* Card work that hangs is the card's or the module's fault, never a plain "not run". */
		if (d->needs != CW_NEEDS_NOTHING)
			ck_assert_msg(cw_code_status(d->on_timeout) == CW_STATUS_FAIL, "check %s: timeout is not a failure", d->id);
	}
}
END_TEST

START_TEST(test_ids_unique_and_round_trip)
{
	for (int i = 0; i < CW_CHECK_COUNT; i++) {
		ck_assert_int_eq(cw_check_from_id(cw_check_id((enum cw_check)i)), i);
		for (int j = i + 1; j < CW_CHECK_COUNT; j++) {
			ck_assert_str_ne(cw_check_id((enum cw_check)i), cw_check_id((enum cw_check)j));
			int a = cw_check_hicos_row((enum cw_check)i), b = cw_check_hicos_row((enum cw_check)j);
			ck_assert_msg(a == 0 || a != b, "HiCOS row %d twice", a);
		}
	}
	ck_assert_int_eq(cw_check_from_id("no-such-check"), -1);
	cw_i18n_switch(CW_LANG_ZH_TW);
	ck_assert_str_eq(cw_check_name(CW_CHECK_CARD), "IC卡讀取測試");
	cw_i18n_switch(CW_LANG_EN);
	ck_assert_str_eq(cw_check_name(CW_CHECK_CARD), "Card read");
}
END_TEST

/* The order of the enum is the order of a full run: a check needs only checks above it. */
START_TEST(test_prerequisites_come_first)
{
	for (int i = 0; i < CW_CHECK_COUNT; i++) {
		unsigned p = cw_checkdef((enum cw_check)i)->prerequisites;
		ck_assert_msg((p >> i) == 0, "check %s needs itself or a later check", cw_check_id((enum cw_check)i));
	}
	/* the module check needs nothing before it: it runs with pcscd down (a software token) */
	ck_assert_uint_eq(cw_checkdef(CW_CHECK_MODULE)->prerequisites, 0);
	ck_assert(cw_checkdef(CW_CHECK_TOKEN)->prerequisites & CW_CHECK_BIT(CW_CHECK_MODULE));
}
END_TEST

START_TEST(test_needs_and_the_codes_of_card_work)
{
	/* card-mute belongs to every check that works the card; module-load-failed only to module work. */
	for (int i = 0; i < CW_CHECK_COUNT; i++) {
		enum cw_needs n = cw_checkdef((enum cw_check)i)->needs;
		ck_assert_int_eq(cw_code_belongs(CW_CODE_CARD_MUTE, (enum cw_check)i), n != CW_NEEDS_NOTHING);
		ck_assert_int_eq(cw_code_belongs(CW_CODE_MODULE_LOAD_FAILED, (enum cw_check)i), n == CW_NEEDS_MODULE);
	}
	ck_assert(!cw_code_belongs(CW_CODE_NO_READERS, CW_CHECK_SIGN));
	ck_assert(cw_code_belongs(CW_CODE_NO_READERS, CW_CHECK_READER));
}
END_TEST

START_TEST(test_stale_classes)
{
	unsigned card = cw_checks_stale_on(CW_STALE_CARD), readers = cw_checks_stale_on(CW_STALE_READERS),
		 service = cw_checks_stale_on(CW_STALE_SERVICE);
	ck_assert(card & CW_CHECK_BIT(CW_CHECK_SIGN));
	ck_assert(!(card & CW_CHECK_BIT(CW_CHECK_READER)));
	ck_assert(readers & CW_CHECK_BIT(CW_CHECK_DRIVER));
	ck_assert((readers & card) == card && (service & readers) == readers);
	ck_assert(service & CW_CHECK_BIT(CW_CHECK_SERVICE));
	ck_assert(!(service & (CW_CHECK_BIT(CW_CHECK_OS) | CW_CHECK_BIT(CW_CHECK_SIGNER))));
}
END_TEST

START_TEST(test_pin_sequence_ends)
{
	/* pin → crypt → sign is one login. */
	ck_assert(!cw_pin_sequence_ends(CW_CHECK_PIN, CW_STATUS_PASS));
	ck_assert(cw_pin_sequence_ends(CW_CHECK_PIN, CW_STATUS_SKIP));
	ck_assert(cw_pin_sequence_ends(CW_CHECK_PIN, CW_STATUS_WARN));
	ck_assert(cw_pin_sequence_ends(CW_CHECK_PIN, CW_STATUS_FAIL));
	ck_assert(!cw_pin_sequence_ends(CW_CHECK_CRYPT, CW_STATUS_PASS));
	ck_assert(!cw_pin_sequence_ends(CW_CHECK_CRYPT, CW_STATUS_WARN));
	ck_assert(cw_pin_sequence_ends(CW_CHECK_CRYPT, CW_STATUS_FAIL));
	ck_assert(cw_pin_sequence_ends(CW_CHECK_SIGN, CW_STATUS_PASS));
	/* A check outside the sequence ends nothing. */
	ck_assert(!cw_pin_sequence_ends(CW_CHECK_ENC_CERT, CW_STATUS_FAIL));
	ck_assert(!cw_pin_sequence_ends(CW_CHECK_TOKEN, CW_STATUS_PASS));
	ck_assert(cw_pin_sequence_ends(CW_CHECK_COUNT, CW_STATUS_PASS));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("checks");
	TCase *t = tcase_create("table");
	tcase_add_test(t, test_every_check_has_a_full_row);
	tcase_add_test(t, test_timeout_and_crash_codes_are_failures_of_the_check);
	tcase_add_test(t, test_ids_unique_and_round_trip);
	tcase_add_test(t, test_prerequisites_come_first);
	tcase_add_test(t, test_needs_and_the_codes_of_card_work);
	tcase_add_test(t, test_stale_classes);
	tcase_add_test(t, test_pin_sequence_ends);
	suite_add_tcase(s, t);
	return s;
}

CW_TEST_MAIN(suite)
