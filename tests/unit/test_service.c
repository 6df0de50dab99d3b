/* test_service.c — the service classifier on canned facts (no machine here can deny by polkit). */
#include <PCSC/pcsclite.h>

#include "cw/service.h"
#include "unit.h"

static enum cw_code classify(struct cw_service_facts f, enum cw_service_why *why)
{
	return cw_service_classify(&f, why);
}

START_TEST(test_no_service_says_which)
{
	enum cw_service_why why;
	struct cw_service_facts base = {.establish_rv = SCARD_E_NO_SERVICE};
	ck_assert_int_eq(classify(base, &why), CW_CODE_NO_SERVICE);
	ck_assert_int_eq(why, CW_WHY_NOT_INSTALLED);
	base.installed = 1;
	ck_assert_int_eq(classify(base, &why), CW_CODE_NO_SERVICE);
	ck_assert_int_eq(why, CW_WHY_NOT_RUNNING);
	base.running = 1;
	ck_assert_int_eq(classify(base, &why), CW_CODE_NO_SERVICE);
	ck_assert_int_eq(why, CW_WHY_NO_SOCKET);
	base.socket_exists = 1;
	ck_assert_int_eq(classify(base, &why), CW_CODE_NO_SERVICE);
	ck_assert_int_eq(why, CW_WHY_OTHER);
	base.socket_denied = 1;
	ck_assert_int_eq(classify(base, &why), CW_CODE_NO_ACCESS);
}
END_TEST

START_TEST(test_ok_and_lost)
{
	enum cw_service_why why;
	struct cw_service_facts f = {.establish_rv = SCARD_S_SUCCESS, .list_rv = SCARD_S_SUCCESS, .installed = 1};
	ck_assert_int_eq(classify(f, &why), CW_CODE_OK);
	ck_assert_int_eq(why, CW_WHY_NONE);
	f.list_rv = SCARD_F_COMM_ERROR;
	ck_assert_int_eq(classify(f, &why), CW_CODE_SERVICE_LOST);
	f.establish_rv = SCARD_F_COMM_ERROR;
	ck_assert_int_eq(classify(f, &why), CW_CODE_SERVICE_LOST);
}
END_TEST

START_TEST(test_no_readers_is_not_polkit_without_polkit)
{
	/* Debian 12: pcscd without polkit — an SSH session with no reader just has no reader. */
	enum cw_service_why why;
	struct cw_service_facts f = {.establish_rv = SCARD_S_SUCCESS, .list_rv = SCARD_E_NO_READERS_AVAILABLE,
				     .installed = 1, .running = 1, .socket_exists = 1, .remote_session = 1};
	ck_assert_int_eq(classify(f, &why), CW_CODE_OK);
	f.uses_polkit = 1;
	f.remote_session = 0; /* local session with polkit: a missing reader, not a denial */
	ck_assert_int_eq(classify(f, &why), CW_CODE_OK);
}
END_TEST

START_TEST(test_polkit_denied_when_signs_fit)
{
	enum cw_service_why why;
	struct cw_service_facts f = {.establish_rv = SCARD_S_SUCCESS, .list_rv = SCARD_E_NO_READERS_AVAILABLE,
				     .installed = 1, .running = 1, .socket_exists = 1, .uses_polkit = 1,
				     .remote_session = 1};
	ck_assert_int_eq(classify(f, &why), CW_CODE_POLKIT_DENIED);
	ck_assert_int_eq(why, CW_WHY_POLKIT);
	/* Newer pcsc-lite answers the context itself with a security violation. */
	struct cw_service_facts g = {.establish_rv = SCARD_W_SECURITY_VIOLATION, .installed = 1, .running = 1,
				     .socket_exists = 1, .uses_polkit = 1};
	ck_assert_int_eq(classify(g, &why), CW_CODE_POLKIT_DENIED);
	g.uses_polkit = 0;
	ck_assert_int_eq(classify(g, &why), CW_CODE_NO_ACCESS);
	/* The same answer with no pcscd left (it was just killed): the service is gone, not denied. */
	g.running = 0;
	ck_assert_int_eq(classify(g, &why), CW_CODE_NO_SERVICE);
	ck_assert_int_eq(why, CW_WHY_NOT_RUNNING);
	/* With readers visible, polkit allowed the session. */
	f.list_rv = SCARD_S_SUCCESS;
	ck_assert_int_eq(classify(f, &why), CW_CODE_OK);
}
END_TEST

static Suite *service_suite(void)
{
	Suite *s = suite_create("service");
	TCase *tc = tcase_create("classifier");
	tcase_add_test(tc, test_no_service_says_which);
	tcase_add_test(tc, test_ok_and_lost);
	tcase_add_test(tc, test_no_readers_is_not_polkit_without_polkit);
	tcase_add_test(tc, test_polkit_denied_when_signs_fit);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(service_suite)
