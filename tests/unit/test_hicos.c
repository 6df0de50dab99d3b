/* test_hicos.c — HiCOS (issue 13 B): its token recognised, its return codes read, and that they only tighten the guard. */
#include <string.h>

#include "cw/policy.h"
#include "cw/proto.h"
#include "unit.h"

START_TEST(test_token_is_hicos)
{
	static const struct { const char *maker; int hicos; } cases[] = {
		{"Chunghwa Telecom Co., Ltd.      ", 1}, {"Chunghwa TeleCom Co., Ltd.", 1}, {"CHUNGHWA TELECOM CO., LTD.", 1},
		{"  Chunghwa Telecom Co., Ltd.", 1},     {"Chunghwa Telecom", 0},           {"OpenSC Project", 0},
		{"", 0},                                 {"Chunghwa Telecom Co., Ltd. Ltd", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(cw_token_is_hicos(cases[i].maker, strlen(cases[i].maker)) == cases[i].hicos, "%s", cases[i].maker);
}
END_TEST

START_TEST(test_login_codes)
{
	static const struct { unsigned long rv; int known; enum cw_code code; int left; } cases[] = {
		{0x80000002UL, 1, CW_CODE_PIN_INCORRECT, 2}, {0x80000001UL, 1, CW_CODE_PIN_INCORRECT, 1},
		{0xA0UL, 1, CW_CODE_PIN_INCORRECT, -1},       {0xA2UL, 1, CW_CODE_PIN_NOT_ALLOWED, -1},
		{0xA4UL, 1, CW_CODE_PIN_LOCKED, 0},
		/* what libp11's error queue would leave of 0x80000001: not a HiCOS code at all */
		{0x1UL, 0, CW_CODE_OK, -1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum cw_code code = CW_CODE_OK;
		int left = -1;
		ck_assert_int_eq(cw_hicos_login_rv(cases[i].rv, &code, &left), cases[i].known);
		ck_assert_int_eq(code, cases[i].code);
		ck_assert_int_eq(left, cases[i].left);
	}
}
END_TEST

/* A vendor's code adds a last try or a lock; it never makes a try free of confirmation. */
START_TEST(test_vendor_only_tightens)
{
	static const struct cw_secret_rule rule = {.set = 1, .min = 6, .max = 8, .charset = CW_CHARSET_ALNUM};
	struct cw_card_policy p, yes;
	cw_policy_of("moica", CW_UNLOCK_OFFICIAL, &rule, NULL, &p);
	yes = p;
	yes.confirmed_final = 1;
	struct cw_counter fine = {.known = 1, .tries_left = -1};
	struct cw_counter vfinal = fine, vlocked = fine, unknown = {.known = 0, .tries_left = -1};
	vfinal.vendor_final_try = 1;
	vlocked.vendor_locked = 1;
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_VERIFY, &fine, NULL), CW_CODE_OK);
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_VERIFY, &vfinal, NULL), CW_CODE_REFUSED_FINAL_TRY);
	ck_assert_int_eq(cw_policy_decide(&yes, CW_ACT_VERIFY, &vfinal, NULL), CW_CODE_OK);
	ck_assert_int_eq(cw_policy_decide(&yes, CW_ACT_VERIFY, &vlocked, NULL), CW_CODE_PIN_LOCKED);
	/* the lock counts even where the flags are unknown */
	unknown.vendor_locked = 1;
	ck_assert_int_eq(cw_policy_decide(&yes, CW_ACT_VERIFY, &unknown, NULL), CW_CODE_PIN_LOCKED);
	/* an unknown count stays unknown: no code makes it free */
	unknown.vendor_locked = 0;
	unknown.tries_left = 2;
	ck_assert_int_eq(cw_policy_decide(&p, CW_ACT_VERIFY, &unknown, NULL), CW_CODE_REFUSED_FINAL_TRY);
	ck_assert(cw_counter_needs_confirm(&vfinal));
	ck_assert(!cw_counter_needs_confirm(&fine));
}
END_TEST

START_TEST(test_profile_module_on_the_wire)
{
	static uint8_t frame[CW_FRAME_MAX];
	static struct cw_card_profile sent[2], got[CW_PROFILE_MAX];
	memset(sent, 0, sizeof(sent));
	cw_policy_of("moica", CW_UNLOCK_OFFICIAL, NULL, NULL, &sent[0].policy);
	sent[0].module = CW_MODULE_VENDOR;
	sent[0].tries = 3;
	strcpy(sent[0].module_path, "/opt/hipki/libHicos_p11*.so*");
	cw_policy_of("generic", CW_UNLOCK_PKCS11, NULL, NULL, &sent[1].policy);
	sent[1].module = CW_MODULE_OPENSC;
	sent[1].generic = 1;
	struct cw_request q = {.op = CW_OP_CHECK, .check = CW_CHECK_MODULE, .profiles = sent, .nprofiles = 2};
	int len = cw_proto_encode_request(&q, frame, sizeof(frame));
	ck_assert_int_gt(len, 4);
	struct cw_request d = {.profiles = got};
	ck_assert_int_eq(cw_proto_decode_request(frame + 4, (size_t)len - 4, &d), 0);
	ck_assert_int_eq(got[0].module, CW_MODULE_VENDOR);
	ck_assert_int_eq(got[0].tries, 3);
	ck_assert_str_eq(got[0].module_path, "/opt/hipki/libHicos_p11*.so*");
	ck_assert_int_eq(got[1].module, CW_MODULE_OPENSC);
	ck_assert_str_eq(got[1].module_path, "");
	/* a relative module path is malformed: the helper loads nothing from it */
	strcpy(sent[0].module_path, "lib/libHicos_p11.so");
	len = cw_proto_encode_request(&q, frame, sizeof(frame));
	ck_assert_int_eq(cw_proto_decode_request(frame + 4, (size_t)len - 4, &d), -1);
}
END_TEST

static Suite *hicos_suite(void)
{
	Suite *s = suite_create("hicos");
	TCase *tc = tcase_create("hicos");
	tcase_add_test(tc, test_token_is_hicos);
	tcase_add_test(tc, test_login_codes);
	tcase_add_test(tc, test_vendor_only_tightens);
	tcase_add_test(tc, test_profile_module_on_the_wire);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(hicos_suite)
