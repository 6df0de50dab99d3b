/* test_smartcard_list.c — naming cards by ATR from pcsc-tools' smartcard_list.txt: the real file and fixtures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cw/atr.h"
#include "unit.h"

#define SYSTEM_LIST "/usr/share/pcsc/smartcard_list.txt"
#define ENTRIES "tests/unit/data/smartcard_list_entries.txt"
#define NO_NEWLINE "tests/unit/data/smartcard_list_nonl.txt"
#define LONG_LINES "tests/unit/data/smartcard_list_long.txt"

#define MOICA_1 "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57"
#define MOICA_2 "3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41 A5"
#define MOICA_3 "3B D8 96 00 81 B1 FE 45 1F 07 43 48 54 47 50 4B 49 4A DD"
/* In no list: no pattern of pcsc-tools 1.6.2's file matches it (checked against its Perl matcher). */
#define UNKNOWN "3B 00"

/* The real file: 0 when it is absent, after saying why the test is skipped. */
static int have_system_list(const char *test)
{
	if (access(SYSTEM_LIST, R_OK) == 0)
		return 1;
	printf("skip %s: %s is absent (install pcsc-tools)\n", test, SYSTEM_LIST);
	return 0;
}

/*
 * All three MOICA ATRs are in pcsc-tools 1.6.2's file: the first as "MOICA Citizen Digital
 * Certificate of Taiwan R.O.C. (PKI)" (line 6635), the other two name MOICA only in their URL
 * (http://moica.nat.gov.tw/), hence the case-blind check.
 */
START_TEST(test_system_list_moica)
{
	if (!have_system_list("test_system_list_moica"))
		return;
	static const char *const atrs[] = {MOICA_1, MOICA_2, MOICA_3};
	char desc[512];
	for (size_t i = 0; i < sizeof(atrs) / sizeof(atrs[0]); i++) {
		ck_assert_int_eq(cw_smartcard_list_lookup_file(SYSTEM_LIST, atrs[i], desc, sizeof(desc)), 1);
		ck_assert_msg(strcasestr(desc, "MOICA") != NULL, "%s: %s", atrs[i], desc);
	}
	ck_assert_int_eq(cw_smartcard_list_lookup_file(SYSTEM_LIST, MOICA_1, desc, sizeof(desc)), 1);
	ck_assert_ptr_eq(strstr(desc, "MOICA Citizen Digital Certificate of Taiwan R.O.C. (PKI); http"), desc);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(SYSTEM_LIST, MOICA_3, desc, sizeof(desc)), 1);
	ck_assert_ptr_ne(strstr(desc, "Citizen Digital Certificate, Taiwan"), NULL);
}
END_TEST

/* Wildcard lines of the real file: "..", a nibble ("6."), brackets ("A[FE]", "0[CD]"). */
START_TEST(test_system_list_wildcards)
{
	if (!have_system_list("test_system_list_wildcards"))
		return;
	char desc[512];
	/* Only "3B 3B .. 00 80 6. A[FE] 03 0[CD] .. .. 83 .. 90 00" matches this one. */
	ck_assert_int_eq(cw_smartcard_list_lookup_file(SYSTEM_LIST, "3B 3B 11 00 80 65 AE 03 0D 01 02 83 00 90 00",
						       desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "GemXplore Xpresso V3");
	/* ".*" inside a line: "3B EF 00 FF 81 31 42 45 .* 38". */
	ck_assert_int_eq(cw_smartcard_list_lookup_file(SYSTEM_LIST, "3B EF 00 FF 81 31 42 45 11 22 38", desc,
						       sizeof(desc)), 1);
	ck_assert_str_eq(desc, "UNI-Card");
	ck_assert_int_eq(cw_smartcard_list_lookup_file(SYSTEM_LIST, UNKNOWN, desc, sizeof(desc)), 0);
	ck_assert_str_eq(desc, "");
}
END_TEST

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* It runs on every card insert; an unknown ATR reads the whole file. Best of 5, so a busy machine does not fail it. */
START_TEST(test_system_list_speed)
{
	if (!have_system_list("test_system_list_speed"))
		return;
#if defined(__SANITIZE_ADDRESS__)
	const double limit = 100; /* AddressSanitizer slows the byte loop several times */
#else
	const double limit = 20;
#endif
	char desc[256];
	double best = 1e9;
	for (int i = 0; i < 5; i++) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ck_assert_int_eq(cw_smartcard_list_lookup_file(SYSTEM_LIST, UNKNOWN, desc, sizeof(desc)), 0);
		double ms = ms_since(&t0);
		best = ms < best ? ms : best;
	}
	printf("full scan of %s: %.2f ms\n", SYSTEM_LIST, best);
	ck_assert_msg(best < limit, "lookup took %.2f ms", best);
}
END_TEST

START_TEST(test_fixture_exact_beats_wildcard)
{
	char desc[256];
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, MOICA_1, desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "Exact MOICA entry; second line");
	/* Lower case and colons name the same ATR. */
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3b:8b:80:01:00:31:c1:64:08:40:21:30:00:90:00:57",
						       desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "Exact MOICA entry; second line");
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 8B 80 01 00 31 C1 64 08 60 32 06 00 90 00 52",
						       desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "Wildcard family card");
}
END_TEST

START_TEST(test_fixture_patterns)
{
	char desc[256];
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 61 00 00 03 A0 11 22", desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "Nibble and class entry");
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 6F 00 00 05 C0", desc, sizeof(desc)), 1);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 61 00 00 06 A0", desc, sizeof(desc)), 0);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 61 00 00 03 B0", desc, sizeof(desc)), 0);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 02 14 50", desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "Comment inside entry");
}
END_TEST

/* Malformed entries are skipped with their descriptions; so is a description with no ATR above it. */
START_TEST(test_fixture_malformed)
{
	char desc[256];
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 11 22 33", desc, sizeof(desc)), 0);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 8C 80 01", desc, sizeof(desc)), 0);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 9C 80 01", desc, sizeof(desc)), 0);
	ck_assert_str_eq(desc, "");
	/* Not hex: nothing to look for. */
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B ZZ", desc, sizeof(desc)), 0);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "", desc, sizeof(desc)), 0);
	ck_assert_int_eq(cw_smartcard_list_lookup_file("tests/unit/data/no-such-list.txt", MOICA_1, desc, sizeof(desc)),
			 -1);
}
END_TEST

/* A short buffer is cut at a whole UTF-8 character. */
START_TEST(test_fixture_cut_description)
{
	char desc[22]; /* "Chinese description " is 20 bytes; 自 (3 bytes) does not fit */
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 10 00", desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "Chinese description ");
	char big[64];
	ck_assert_int_eq(cw_smartcard_list_lookup_file(ENTRIES, "3B 10 00", big, sizeof(big)), 1);
	ck_assert_str_eq(big, "Chinese description 自然人憑證卡片");
}
END_TEST

START_TEST(test_fixture_no_trailing_newline)
{
	char desc[256];
	ck_assert_int_eq(cw_smartcard_list_lookup_file(NO_NEWLINE, "3B 21 00 44", desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "Last entry; its last line has no newline");
	ck_assert_int_eq(cw_smartcard_list_lookup_file(NO_NEWLINE, "3B 21 00 43", desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "First entry");
}
END_TEST

/* 10,000-character lines: a description is cut, an ATR line skipped, and reading goes on after both. */
START_TEST(test_fixture_long_lines)
{
	char desc[4096];
	ck_assert_int_eq(cw_smartcard_list_lookup_file(LONG_LINES, "3B 11 22 33", desc, sizeof(desc)), 1);
	ck_assert_uint_gt(strlen(desc), 100);
	ck_assert_uint_lt(strlen(desc), 10000);
	ck_assert_int_eq(desc[0], 'x');
	ck_assert_ptr_ne(strstr(desc, "x; the line after the long one"), NULL);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(LONG_LINES, "3B 77 88", desc, sizeof(desc)), 0);
	ck_assert_int_eq(cw_smartcard_list_lookup_file(LONG_LINES, "3B 55 66", desc, sizeof(desc)), 1);
	ck_assert_str_eq(desc, "After the long lines");
}
END_TEST

START_TEST(test_match)
{
	ck_assert_int_eq(cw_smartcard_list_match("3B .. 80", "3B 8B 80"), 1);
	ck_assert_int_eq(cw_smartcard_list_match("3B .. 80", "3B 8B 81"), 0);
	ck_assert_int_eq(cw_smartcard_list_match("3B .. 80", "3B 8B 80 01"), 0); /* anchored at the end */
	ck_assert_int_eq(cw_smartcard_list_match("3b 8b", "3B 8B"), 1);          /* case-blind, as pcsc-tools' /i */
	ck_assert_int_eq(cw_smartcard_list_match("3B 6.", "3B 6F"), 1);
	ck_assert_int_eq(cw_smartcard_list_match("3B [1-5]0", "3B 30"), 1);
	ck_assert_int_eq(cw_smartcard_list_match("3B [1-5]0", "3B 60"), 0);
	ck_assert_int_eq(cw_smartcard_list_match("3B [^1-5]0", "3B 60"), 1);
	ck_assert_int_eq(cw_smartcard_list_match("3B [1,3]0", "3B 30"), 1);
	ck_assert_int_eq(cw_smartcard_list_match("3B [1,3]0", "3B 20"), 0);
	ck_assert_int_eq(cw_smartcard_list_match("3B .* 38", "3B 38"), 0); /* the spaces around .* are literal */
	ck_assert_int_eq(cw_smartcard_list_match("3B .* 38", "3B 11 22 38"), 1);
	ck_assert_int_eq(cw_smartcard_list_match("3B 00.*", "3B 00"), 1);
	ck_assert_int_eq(cw_smartcard_list_match("3B 0*1", "3B 1"), 1);
	/* Malformed: unsupported syntax, nothing to repeat, an open or empty class, not hex. */
	static const char *const bad[] = {"3B (8B|9B)", "*3B", "3B **", "3B [12", "3B []", "3B ZZ", "3B +", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cw_smartcard_list_match(bad[i], "3B 8B") == -1, "%s", bad[i]);
}
END_TEST

/* A pattern built to make a backtracking matcher take forever: a set-of-states walk answers at once. */
START_TEST(test_match_no_blowup)
{
	char pattern[1000] = "";
	for (int i = 0; i < 30; i++)
		strcat(pattern, ".*");
	strcat(pattern, "X");
	char atr[CW_ATR_HEX_MAX];
	unsigned char bytes[CW_ATR_MAX];
	memset(bytes, 0x3B, sizeof(bytes));
	cw_atr_to_hex(bytes, sizeof(bytes), atr, sizeof(atr));
	ck_assert_int_eq(cw_smartcard_list_match(pattern, atr), -1); /* X is not hex */
	pattern[strlen(pattern) - 1] = 'A';
	ck_assert_int_eq(cw_smartcard_list_match(pattern, atr), 0);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* pcsc-tools' order: the cache list, then ~/.smartcard_list.txt, then the system one. */
START_TEST(test_places_order)
{
	char home[] = "/tmp/cw-test-home-XXXXXX", cache_dir[64], cache[64], user[64], xdg[64], xdg_list[64];
	ck_assert_ptr_nonnull(mkdtemp(home));
	snprintf(cache_dir, sizeof(cache_dir), "%s/.cache", home);
	snprintf(cache, sizeof(cache), "%s/.cache/smartcard_list.txt", home);
	snprintf(user, sizeof(user), "%s/.smartcard_list.txt", home);
	snprintf(xdg, sizeof(xdg), "%s/xdg", home);
	snprintf(xdg_list, sizeof(xdg_list), "%s/xdg/smartcard_list.txt", home);
	ck_assert_int_eq(mkdir(cache_dir, 0700), 0);
	ck_assert_int_eq(mkdir(xdg, 0700), 0);
	write_file(cache, MOICA_1 "\n\tFrom the cache\n");
	write_file(user, MOICA_1 "\n\tFrom the home list\n\n3B 42 42\n\tOnly at home\n");
	write_file(xdg_list, MOICA_1 "\n\tFrom XDG_CACHE_HOME\n");
	setenv("HOME", home, 1);
	unsetenv("XDG_CACHE_HOME");

	char desc[256], path[512];
	ck_assert_int_eq(cw_smartcard_list_lookup(MOICA_1, desc, sizeof(desc), path, sizeof(path)), 1);
	ck_assert_str_eq(desc, "From the cache");
	ck_assert_str_eq(path, cache);
	/* The first file that has the ATR wins, not the first that exists. */
	ck_assert_int_eq(cw_smartcard_list_lookup("3B 42 42", desc, sizeof(desc), path, sizeof(path)), 1);
	ck_assert_str_eq(desc, "Only at home");
	ck_assert_str_eq(path, user);
	setenv("XDG_CACHE_HOME", xdg, 1);
	ck_assert_int_eq(cw_smartcard_list_lookup(MOICA_1, desc, sizeof(desc), NULL, 0), 1);
	ck_assert_str_eq(desc, "From XDG_CACHE_HOME");
	unsetenv("XDG_CACHE_HOME");
	unlink(cache);
	ck_assert_int_eq(cw_smartcard_list_lookup(MOICA_1, desc, sizeof(desc), path, sizeof(path)), 1);
	ck_assert_str_eq(desc, "From the home list");
	unlink(user);
	int rc = cw_smartcard_list_lookup(MOICA_1, desc, sizeof(desc), path, sizeof(path));
	if (access(SYSTEM_LIST, R_OK) == 0) {
		ck_assert_int_eq(rc, 1);
		ck_assert_str_eq(path, SYSTEM_LIST);
		ck_assert_int_eq(cw_smartcard_list_lookup(UNKNOWN, desc, sizeof(desc), path, sizeof(path)), 0);
	} else {
		ck_assert_int_eq(rc, -1);
	}
	ck_assert_str_eq(path, "");
	unlink(xdg_list);
	rmdir(xdg);
	rmdir(cache_dir);
	rmdir(home);
}
END_TEST

static Suite *smartcard_list_suite(void)
{
	Suite *s = suite_create("smartcard_list");
	TCase *tc = tcase_create("system");
	tcase_add_test(tc, test_system_list_moica);
	tcase_add_test(tc, test_system_list_wildcards);
	tcase_add_test(tc, test_system_list_speed);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixtures");
	tcase_add_test(tc, test_fixture_exact_beats_wildcard);
	tcase_add_test(tc, test_fixture_patterns);
	tcase_add_test(tc, test_fixture_malformed);
	tcase_add_test(tc, test_fixture_cut_description);
	tcase_add_test(tc, test_fixture_no_trailing_newline);
	tcase_add_test(tc, test_fixture_long_lines);
	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_match_no_blowup);
	suite_add_tcase(s, tc);
	tc = tcase_create("places");
	tcase_add_test(tc, test_places_order);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(smartcard_list_suite)
