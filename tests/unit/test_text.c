/* test_text.c — display width, padding and wrapping of mixed Chinese and English. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cw/text.h"
#include "unit.h"

START_TEST(test_width)
{
	ck_assert_int_eq(cw_text_width(""), 0);
	ck_assert_int_eq(cw_text_width("abc"), 3);
	ck_assert_int_eq(cw_text_width("讀卡機"), 6);
	ck_assert_int_eq(cw_text_width("IC卡讀取"), 8);
	ck_assert_int_eq(cw_text_width("✓"), 1);
	ck_assert_int_eq(cw_text_width("\xff\xfe"), 2); /* invalid bytes count one each, no crash */
}
END_TEST

START_TEST(test_pad_cuts_at_characters)
{
	char buf[64];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	cw_text_pad(f, "讀卡機檢測", 5); /* 5 columns: two wide chars and one space */
	fclose(f);
	ck_assert_str_eq(buf, "讀卡 ");
}
END_TEST

static void collect(const char *line, size_t len, void *arg)
{
	char *out = arg;
	strncat(out, line, len);
	strcat(out, "|");
}

START_TEST(test_wrap)
{
	char out[256] = "";
	cw_text_wrap("one two three four", 9, collect, out);
	ck_assert_str_eq(out, "one two|three|four|");
	out[0] = '\0';
	cw_text_wrap("請插入卡片晶片朝上", 8, collect, out);
	ck_assert_str_eq(out, "請插入卡|片晶片朝|上|");
	out[0] = '\0';
	cw_text_wrap("a\nb", 10, collect, out);
	ck_assert_str_eq(out, "a|b|");
	out[0] = '\0';
	cw_text_wrap("a\n\nb", 10, collect, out); /* an empty line stays */
	ck_assert_str_eq(out, "a||b|");
	out[0] = '\0';
	cw_text_wrap("run:\n  systemctl status pcscd", 14, collect, out); /* indentation kept, also when wrapped */
	ck_assert_str_eq(out, "run:|  systemctl|  status pcscd|");
}
END_TEST

START_TEST(test_copy_keeps_whole_characters)
{
	char dst[5];
	cw_copy(dst, sizeof(dst), "讀卡機"); /* 9 bytes into 5: one whole character fits */
	ck_assert_str_eq(dst, "讀");
	cw_copy(dst, sizeof(dst), "ab");
	ck_assert_str_eq(dst, "ab");
}
END_TEST

START_TEST(test_asciify)
{
	char out[64];
	cw_text_asciify("• a — b → c “d” ✓…", out, sizeof(out));
	ck_assert_str_eq(out, "* a - b -> c \"d\" +...");
	cw_text_asciify("讀卡機 ok", out, sizeof(out));
	ck_assert_str_eq(out, "讀卡機 ok"); /* not typography: left as it is */
	cw_text_asciify("→→→→", out, 5);       /* cut whole: never half a replacement */
	ck_assert_str_eq(out, "->->");
}
END_TEST

static Suite *text_suite(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("width");
	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_pad_cuts_at_characters);
	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_copy_keeps_whole_characters);
	tcase_add_test(tc, test_asciify);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(text_suite)
