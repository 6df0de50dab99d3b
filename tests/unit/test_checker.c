/* test_checker.c — the checker after a helper was killed or died: the post-mortem probe is asked like any request (never blocking the front end), and what it finds names the fault. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cw/checkdef.h"
#include "cw/checker.h"
#include "cw/host.h"
#include "unit.h"

static struct cw_wizard *w;
static struct cw_engine *e;
static struct cw_checker c;
static char dir[] = "/tmp/cw-checker-XXXXXX", helper[sizeof(dir) + 16];

/* A stand-in for `cardwiz --helper` that behaves as a helper stuck in a card, a module or a stopped
 * pcscd does (never answers), or as one a module crashes (dies of SIGSEGV before answering). */
static void fake_helper(const char *body)
{
	snprintf(helper, sizeof(helper), "%s/helper", dir);
	FILE *f = fopen(helper, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	ck_assert_int_eq(chmod(helper, 0755), 0);
}

static void setup(void)
{
	static struct cw_wizard_errors errs;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(cw_wizard_load_file("wizard/faq.yaml", &w, &errs), 0);
	e = cw_engine_new(w);
	ck_assert_ptr_nonnull(e);
	struct cw_options o = {.pin_fd = -1, .lang = -1, .helper_fd = -1};
	ck_assert_int_eq(cw_checker_init(&c, &o, e), 0);
	c.helper.program = helper;
}

static void teardown(void)
{
	cw_checker_close(&c);
	cw_engine_free(e);
	cw_wizard_free(w);
	unlink(helper);
	rmdir(dir);
	memcpy(dir + sizeof(dir) - 7, "XXXXXX", 6);
}

static const char *detail(const struct cw_result *r, const char *key)
{
	const char *v = cw_result_get(r, key);
	return v ? v : "(none)";
}

/* A silent helper past its deadline: expire kills it and returns at once with the probe under way
 * (the front end keeps polling its fd and deadline, hearing keys); the probe's own silence then
 * names the stopped service. Before, expire waited out each probe stage (up to 4 s) in itself. */
START_TEST(test_probe_does_not_block)
{
	fake_helper("exec sleep 60");
	struct cw_result r;
	ck_assert_int_eq(cw_checker_start(&c, CW_CHECK_TOKEN, &r), 0);
	long long t0 = cw_now_ms();
	ck_assert_int_eq(cw_checker_expire(&c, &r), 0); /* the token check's deadline came */
	ck_assert_int_lt(cw_now_ms() - t0, 500);
	ck_assert_int_ge(cw_checker_fd(&c), 0);
	ck_assert_int_gt(cw_checker_ms_left(&c), 1000); /* the probe stage's own deadline */
	ck_assert_int_le(cw_checker_ms_left(&c), 2000);
	ck_assert_int_eq(c.pending, CW_CHECK_TOKEN);
	ck_assert_int_eq(cw_checker_expire(&c, &r), 1); /* the service stage never answered */
	ck_assert_int_eq(r.check, CW_CHECK_TOKEN);
	ck_assert_str_eq(cw_code_id(r.code), "service-lost");
	ck_assert_str_eq(detail(&r, "helper"), "timed out");
	ck_assert_str_eq(detail(&r, "card_probe"), "service hangs");
	ck_assert_int_eq(cw_checker_fd(&c), -1);
	/* Nothing goes near the card until the card check finds it answering again. */
	ck_assert_int_eq(cw_checker_start(&c, CW_CHECK_PIN, &r), 1);
	ck_assert_str_eq(cw_code_id(r.code), "service-lost");
}
END_TEST

/* Esc during the probe gives it up: nothing pending, and the next check starts afresh. */
START_TEST(test_abandon_during_probe)
{
	fake_helper("exec sleep 60");
	struct cw_result r;
	ck_assert_int_eq(cw_checker_start(&c, CW_CHECK_MODULE, &r), 0);
	ck_assert_int_eq(cw_checker_expire(&c, &r), 0);
	cw_checker_abandon(&c);
	ck_assert_int_eq(cw_checker_fd(&c), -1);
	ck_assert_int_eq(c.probe_stage, -1);
	ck_assert_int_eq(cw_checker_start(&c, CW_CHECK_OS, &r), 0);
	ck_assert_int_eq(cw_checker_expire(&c, &r), 1); /* os needs nothing: no probe after it */
	ck_assert_str_eq(detail(&r, "card_probe"), "(none)");
}
END_TEST

/* Wait as a front end does: poll the checker's fd until its deadline, finish or expire, again
 * while the checker still works. Returns how many rounds it took. */
static int drive(struct cw_result *r)
{
	int rounds = 0;
	for (int done = 0; !done; rounds++) {
		struct pollfd p = {.fd = cw_checker_fd(&c), .events = POLLIN};
		int n = poll(&p, 1, cw_checker_ms_left(&c));
		done = n > 0 ? cw_checker_finish(&c, r) : cw_checker_expire(&c, r);
	}
	return rounds;
}

/* A helper a module crashes: its death is noticed on the fd, the probe's helper dies as well, so
 * nothing more is known — the check's own crash code stands, said as such. */
START_TEST(test_crash_then_probe_cannot_run)
{
	fake_helper("kill -SEGV $$");
	struct cw_result r;
	ck_assert_int_eq(cw_checker_start(&c, CW_CHECK_PIN, &r), 0);
	ck_assert_int_eq(drive(&r), 2); /* the check's death, then the probe's */
	ck_assert_str_eq(cw_code_id(r.code), cw_code_id(cw_checkdef(CW_CHECK_PIN)->on_crash));
	ck_assert_str_eq(detail(&r, "helper"), "crashed");
	ck_assert_str_eq(detail(&r, "card_probe"), "could not run");
}
END_TEST

static Suite *checker_suite(void)
{
	Suite *s = suite_create("checker");
	TCase *tc = tcase_create("post-mortem");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_probe_does_not_block);
	tcase_add_test(tc, test_abandon_during_probe);
	tcase_add_test(tc, test_crash_then_probe_cannot_run);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(checker_suite)
