/* test_policy.c — the card policy on canned token states: locked, last try, unknown PUK counter, official profiles, no policy. */
#include <string.h>

#include "cw/engine.h"
#include "cw/proto.h"
#include "unit.h"

static const struct cw_secret_rule pin_rule = {.set = 1, .min = 6, .max = 8, .charset = CW_CHARSET_ALNUM};

static struct cw_card_policy policy(enum cw_unlock unlock, int confirmed)
{
	struct cw_card_policy p;
	cw_policy_of(unlock == CW_UNLOCK_PKCS11 ? "generic" : "moica", unlock, &pin_rule, NULL, &p);
	p.confirmed_final = confirmed;
	return p;
}

static const struct cw_counter fine = {.known = 1, .tries_left = -1};
static const struct cw_counter final_try = {.known = 1, .final_try = 1, .count_low = 1, .tries_left = 1};
static const struct cw_counter locked = {.known = 1, .locked = 1, .tries_left = 0};
static const struct cw_counter unknown = {.known = 0, .tries_left = -1};
static const struct cw_counter one_left = {.known = 1, .tries_left = 1};

START_TEST(test_verify)
{
	struct cw_card_policy p = policy(CW_UNLOCK_PKCS11, 0), yes = policy(CW_UNLOCK_PKCS11, 1);
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_VERIFY, &fine, NULL), CW_CODE_OK);
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_VERIFY, &final_try, NULL), CW_CODE_REFUSED_FINAL_TRY);
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_VERIFY, &one_left, NULL), CW_CODE_REFUSED_FINAL_TRY);
	ck_assert_int_eq(cw_policy_decide(&yes, CW_ACT_VERIFY, &final_try, NULL), CW_CODE_OK);
	/* A locked PIN is never tried, confirmed or not. */
	ck_assert_int_eq(cw_policy_decide(&yes, CW_ACT_VERIFY, &locked, NULL), CW_CODE_PIN_LOCKED);
	/* A counter the token does not show may be at its last try: ask first. */
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_VERIFY, &unknown, NULL), CW_CODE_REFUSED_FINAL_TRY);
	/* MOICA cards verify the PIN like any other (only change and unblock are official-only). */
	struct cw_card_policy moica = policy(CW_UNLOCK_OFFICIAL, 0);
	ck_assert_int_eq(cw_policy_decide(&moica, CW_ACT_VERIFY, &fine, NULL), CW_CODE_OK);
}
END_TEST

START_TEST(test_change_and_unblock_by_profile)
{
	for (int u = CW_UNLOCK_OFFICIAL; u <= CW_UNLOCK_ISSUER; u++) {
		struct cw_card_policy p = policy((enum cw_unlock)u, 1);
		ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_CHANGE, &fine, &fine), CW_CODE_REFUSED_BY_PROFILE);
		ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_UNBLOCK, &locked, &fine), CW_CODE_REFUSED_BY_PROFILE);
	}
	struct cw_card_policy g = policy(CW_UNLOCK_PKCS11, 0);
	ck_assert_int_eq(cw_policy_decide(&g, CW_ACT_CHANGE, &fine, NULL), CW_CODE_OK);
	ck_assert_int_eq(cw_policy_decide(&g, CW_ACT_CHANGE, &locked, NULL), CW_CODE_PIN_LOCKED);
	ck_assert_int_eq(cw_policy_decide(&g, CW_ACT_CHANGE, &final_try, NULL), CW_CODE_REFUSED_FINAL_TRY);
}
END_TEST

START_TEST(test_puk)
{
	struct cw_card_policy p = policy(CW_UNLOCK_PKCS11, 0), yes = policy(CW_UNLOCK_PKCS11, 1);
	/* OpenSC's PIV: the PUK counter is unknown — every unblock needs a confirmation. */
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_UNBLOCK, &locked, &unknown), CW_CODE_REFUSED_FINAL_TRY);
	ck_assert_int_eq(cw_policy_decide(&yes, CW_ACT_UNBLOCK, &locked, &unknown), CW_CODE_OK);
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_UNBLOCK, &locked, &fine), CW_CODE_OK);
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_UNBLOCK, &locked, &final_try), CW_CODE_REFUSED_FINAL_TRY);
	ck_assert_int_eq(cw_policy_decide(&yes, CW_ACT_UNBLOCK, &locked, &locked), CW_CODE_PUK_LOCKED);
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_UNBLOCK, &locked, NULL), CW_CODE_REFUSED_FINAL_TRY);
}
END_TEST

START_TEST(test_fails_closed)
{
	struct cw_card_policy none = {0};
	none.confirmed_final = 1;
	for (int a = 0; a < CW_ACT_COUNT; a++)
		ck_assert_int_eq(cw_policy_decide(&none, (enum cw_card_act)a, &fine, &fine), CW_CODE_REFUSED_BY_PROFILE);
	ck_assert_int_eq(cw_policy_decide(NULL, CW_ACT_VERIFY, &fine, &fine), CW_CODE_REFUSED_BY_PROFILE);
}
END_TEST

/* The helper applies the stricter of the request's policy and the card's own profile. */
START_TEST(test_stricter)
{
	struct cw_card_policy generic = policy(CW_UNLOCK_PKCS11, 1), moica = policy(CW_UNLOCK_OFFICIAL, 0), out;
	generic.pin = (struct cw_secret_rule){.set = 1, .min = 4, .max = 12, .charset = CW_CHARSET_ANY};
	cw_policy_stricter(&generic, &moica, &out);
	ck_assert_int_eq(out.unlock, CW_UNLOCK_OFFICIAL);
	ck_assert_str_eq(out.profile, "moica");
	ck_assert_int_eq(out.pin.min, 6);
	ck_assert_int_eq(out.pin.max, 8);
	ck_assert_int_eq(out.pin.charset, CW_CHARSET_ALNUM);
	ck_assert_int_eq(out.confirmed_final, 1); /* the request's confirmation stays */
	ck_assert_int_eq(cw_policy_decide(&out, CW_ACT_CHANGE, &fine, NULL), CW_CODE_REFUSED_BY_PROFILE);
	struct cw_card_policy unset = {0};
	cw_policy_stricter(&unset, &moica, &out); /* no request policy: the card's, unconfirmed */
	ck_assert_int_eq(out.set, 1);
	ck_assert_int_eq(out.confirmed_final, 0);
}
END_TEST

/* The policy and the profiles cross to the helper intact; a bad rule makes the frame malformed. */
START_TEST(test_policy_on_the_wire)
{
	static uint8_t frame[CW_FRAME_MAX];
	static struct cw_card_profile sent[2], got[CW_PROFILE_MAX];
	struct cw_request q = {.op = CW_OP_CHANGE_PIN, .check = CW_CHECK_PIN, .policy = policy(CW_UNLOCK_OFFICIAL, 1)};
	memset(sent, 0, sizeof(sent));
	sent[0].policy = policy(CW_UNLOCK_OFFICIAL, 0);
	strcpy(sent[0].name_en, "MOICA");
	strcpy(sent[0].historical, "CHTMOICA");
	sent[0].natr = 1;
	sent[0].atr_len[0] = 3;
	memcpy(sent[0].atr[0], "\x3B\x8B\x80", 3);
	sent[1].policy = policy(CW_UNLOCK_PKCS11, 0);
	sent[1].generic = 1;
	q.profiles = sent;
	q.nprofiles = 2;
	int len = cw_proto_encode_request(&q, frame, sizeof(frame));
	ck_assert_int_gt(len, 4);
	struct cw_request d = {.profiles = got};
	ck_assert_int_eq(cw_proto_decode_request(frame + 4, (size_t)len - 4, &d), 0);
	ck_assert_int_eq(d.policy.set, 1);
	ck_assert_int_eq(d.policy.unlock, CW_UNLOCK_OFFICIAL);
	ck_assert_int_eq(d.policy.confirmed_final, 1);
	ck_assert_str_eq(d.policy.profile, "moica");
	ck_assert_int_eq(d.policy.pin.min, 6);
	ck_assert_int_eq(d.nprofiles, 2);
	ck_assert_str_eq(got[0].name_en, "MOICA");
	ck_assert_str_eq(got[0].historical, "CHTMOICA");
	ck_assert_str_eq(got[0].policy.profile, "moica");
	ck_assert_int_eq(got[0].natr, 1);
	ck_assert_int_eq(got[1].generic, 1);
	ck_assert_int_eq(cw_card_profile_match(got, 2, (const unsigned char *)"\x3B\x8B\x80", 3, NULL, 0), 0);
	ck_assert_int_eq(cw_card_profile_match(got, 2, (const unsigned char *)"\x3B\x00", 2, NULL, 0), 1);
	/* A request with no policy decodes as none: the helper then refuses every PIN operation. */
	struct cw_request bare = {.op = CW_OP_UNLOCK, .check = CW_CHECK_PIN};
	len = cw_proto_encode_request(&bare, frame, sizeof(frame));
	ck_assert_int_eq(cw_proto_decode_request(frame + 4, (size_t)len - 4, &d), 0);
	ck_assert_int_eq(d.policy.set, 0);
	/* An unlock kind out of range is malformed. */
	q.policy.unlock = (enum cw_unlock)CW_UNLOCK_COUNT;
	q.nprofiles = 0;
	len = cw_proto_encode_request(&q, frame, sizeof(frame));
	ck_assert_int_eq(cw_proto_decode_request(frame + 4, (size_t)len - 4, &d), -1);
}
END_TEST

/* What the front ends ask: the same decision, with the secret's own rules in between. */
START_TEST(test_guard_act)
{
	struct cw_token_state t = {.tries_left = -1, .puk = {.tries_left = -1}};
	struct cw_profile moica = {.id = "moica", .unlock = CW_UNLOCK_OFFICIAL, .pin = pin_rule};
	struct cw_profile generic = {.id = "generic", .unlock = CW_UNLOCK_PKCS11};
	ck_assert_int_eq(cw_guard_act(&moica, CW_ACT_CHANGE, &t, NULL, NULL, 0, 1), CW_GUARD_REFUSED_PROFILE);
	ck_assert_int_eq(cw_guard_act(&moica, CW_ACT_UNBLOCK, &t, NULL, NULL, 0, 1), CW_GUARD_REFUSED_PROFILE);
	ck_assert_int_eq(cw_guard_act(&moica, CW_ACT_VERIFY, &t, NULL, "12345", 5, 0), CW_GUARD_BAD_LENGTH);
	ck_assert_int_eq(cw_guard_act(&generic, CW_ACT_UNBLOCK, &t, NULL, NULL, 0, 1), CW_GUARD_OK);
	ck_assert_int_eq(cw_guard_act(&generic, CW_ACT_UNBLOCK, &t, NULL, "12345678", 8, 0), CW_GUARD_CONFIRM_PUK);
	ck_assert_int_eq(cw_guard_act(&generic, CW_ACT_UNBLOCK, &t, NULL, "12345678", 8, 1), CW_GUARD_OK);
	/* A PIN count the token may not show (HiCOS): asked, and said as unknown, not as the last try. */
	t.pin_unknown = 1;
	ck_assert_int_eq(cw_guard_act(&generic, CW_ACT_VERIFY, &t, NULL, "123456", 6, 0), CW_GUARD_CONFIRM_UNKNOWN);
	ck_assert_int_eq(cw_guard_act(&generic, CW_ACT_VERIFY, &t, NULL, "123456", 6, 1), CW_GUARD_OK);
	t.pin_unknown = 0;
	t.final_try = 1;
	ck_assert_int_eq(cw_guard_act(&generic, CW_ACT_VERIFY, &t, NULL, "123456", 6, 0), CW_GUARD_CONFIRM_FINAL);
	t.locked = 1;
	ck_assert_int_eq(cw_guard_act(&generic, CW_ACT_VERIFY, &t, NULL, NULL, 0, 1), CW_GUARD_LOCKED);
	t.puk = (struct cw_counter){.known = 1, .locked = 1, .tries_left = 0};
	ck_assert_int_eq(cw_guard_act(&generic, CW_ACT_UNBLOCK, &t, NULL, NULL, 0, 1), CW_GUARD_PUK_LOCKED);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("decide");
	tcase_add_test(tc, test_verify);
	tcase_add_test(tc, test_change_and_unblock_by_profile);
	tcase_add_test(tc, test_puk);
	tcase_add_test(tc, test_fails_closed);
	tcase_add_test(tc, test_stricter);
	tcase_add_test(tc, test_policy_on_the_wire);
	tcase_add_test(tc, test_guard_act);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(policy_suite)
