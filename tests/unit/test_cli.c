/* test_cli.c — command-line parsing: modes, values, errors (exit 2), help and version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/options.h"
#include "unit.h"

static enum cw_parse parse(struct cw_options *o, const char *const *args, char *errbuf, size_t size)
{
	char *argv[16];
	int argc = 0;
	argv[argc++] = (char *)"cardwiz";
	for (; args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];
	argv[argc] = NULL;
	FILE *out = fopen("/dev/null", "w");
	FILE *err = fmemopen(errbuf, size, "w");
	enum cw_parse p = cw_options_parse(o, argc, argv, out, err);
	fclose(out);
	fclose(err);
	return p;
}

START_TEST(test_defaults)
{
	struct cw_options o;
	char err[4096] = "";
	const char *args[] = {NULL};
	ck_assert_int_eq(parse(&o, args, err, sizeof(err)), CW_PARSE_RUN);
	ck_assert_int_eq(o.mode, CW_MODE_TUI);
	ck_assert_int_eq(o.pin_fd, -1);
	ck_assert_int_eq(o.idle_seconds, 120);
	ck_assert_int_eq(o.format, CW_FORMAT_TEXT);
}
END_TEST

START_TEST(test_report_options)
{
	struct cw_options o;
	char err[4096] = "";
	const char *args[] = {"--report", "--format=json", "--pin-fd", "3", "--allow-final-try",
			      "--module=/x/y.so", "--reader", "R 00", "--lang=zh_TW", "--ascii", NULL};
	ck_assert_int_eq(parse(&o, args, err, sizeof(err)), CW_PARSE_RUN);
	ck_assert_int_eq(o.mode, CW_MODE_REPORT);
	ck_assert_int_eq(o.format, CW_FORMAT_JSON);
	ck_assert_int_eq(o.pin_fd, 3);
	ck_assert_int_eq(o.allow_final_try, 1);
	ck_assert_str_eq(o.module, "/x/y.so");
	ck_assert_str_eq(o.reader, "R 00");
	ck_assert_int_eq(o.lang, CW_LANG_ZH_TW);
	ck_assert_int_eq(o.ascii, 1);
}
END_TEST

START_TEST(test_usage_errors)
{
	static const char *const bad[][3] = {
		{"--nonsense", NULL}, {"--format=xml", NULL}, {"--pin-fd=abc", NULL}, {"--idle=0", NULL},
		{"--lang=fr", NULL}, {"--report", "--plain", NULL}, {"stray", NULL}, {"--module", NULL},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cw_options o;
		char err[4096] = "";
		ck_assert_msg(parse(&o, bad[i], err, sizeof(err)) == CW_PARSE_USAGE, "%s accepted", bad[i][0]);
		ck_assert_msg(strncmp(err, "cardwiz: ", 9) == 0, "no one-line error for %s: %s", bad[i][0], err);
		ck_assert_msg(strstr(err, "Usage:") != NULL, "no usage for %s", bad[i][0]);
	}
}
END_TEST

START_TEST(test_help_and_version_stop)
{
	struct cw_options o;
	char err[64] = "";
	const char *h[] = {"--help", NULL}, *v[] = {"-V", NULL};
	ck_assert_int_eq(parse(&o, h, err, sizeof(err)), CW_PARSE_EXIT_OK);
	ck_assert_int_eq(parse(&o, v, err, sizeof(err)), CW_PARSE_EXIT_OK);
}
END_TEST

START_TEST(test_lang_choice)
{
	ck_assert_int_eq(cw_lang_parse("zh_TW"), CW_LANG_ZH_TW);
	ck_assert_int_eq(cw_lang_parse("en"), CW_LANG_EN);
	ck_assert_int_eq(cw_lang_parse("de"), -1);
	static const struct { const char *all, *messages, *lang; enum cw_lang want; } envs[] = {
		{NULL, NULL, NULL, CW_LANG_EN},           {NULL, NULL, "C", CW_LANG_EN},
		{NULL, NULL, "POSIX", CW_LANG_EN},        {NULL, NULL, "zh_TW.UTF-8", CW_LANG_ZH_TW},
		{NULL, "en_US.UTF-8", "zh_TW.UTF-8", CW_LANG_EN}, {"zh_TW.UTF-8", "en_US", "C", CW_LANG_ZH_TW},
		{"", "", "zh_TW.Big5", CW_LANG_ZH_TW},
	};
	for (size_t i = 0; i < sizeof(envs) / sizeof(envs[0]); i++) {
		const char *vals[] = {envs[i].all, envs[i].messages, envs[i].lang};
		const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
		for (int k = 0; k < 3; k++) {
			if (vals[k])
				setenv(names[k], vals[k], 1);
			else
				unsetenv(names[k]);
		}
		ck_assert_msg(cw_lang_from_env() == envs[i].want, "case %zu", i);
	}
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("options");
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_report_options);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_help_and_version_stop);
	tcase_add_test(tc, test_lang_choice);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(cli_suite)
