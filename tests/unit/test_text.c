/* test_text.c — display width, padding and wrapping (kinsoku) of mixed Chinese and English; hostile text made safe. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/result.h"
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

START_TEST(test_wrap_kinsoku)
{
	char out[256] = "";
	/* 12 columns end after 次數: the colon would start the next line; it hangs instead */
	cw_text_wrap("剩餘嘗試次數：1", 12, collect, out);
	ck_assert_str_eq(out, "剩餘嘗試次數：|1|");
	out[0] = '\0';
	cw_text_wrap("請插入卡片。晶片朝上", 10, collect, out);
	ck_assert_str_eq(out, "請插入卡片。|晶片朝上|");
	out[0] = '\0';
	cw_text_wrap("甲乙丙丁，戊己", 8, collect, out); /* the comma hangs past the 8 columns */
	ck_assert_str_eq(out, "甲乙丙丁，|戊己|");
	out[0] = '\0';
	cw_text_wrap("甲乙丙丁」。戊己", 8, collect, out); /* 4 columns cannot hang: 丁 goes along */
	ck_assert_str_eq(out, "甲乙丙|丁」。戊|己|");
	out[0] = '\0';
	cw_text_wrap("甲乙丙丁)戊", 8, collect, out); /* the ASCII kin after a wide character */
	ck_assert_str_eq(out, "甲乙丙丁)|戊|");
	out[0] = '\0';
	cw_text_wrap("6–8 位數字", 6, collect, out); /* an en dash between digits is not broken */
	ck_assert_str_eq(out, "6–8 位|數字|");
	/* no line of a longer text starts with closing punctuation */
	static const char *text = "讀卡機無法讀取：請確認讀卡機已接上電腦，驅動程式已安裝（HiCOS），"
				  "再按「重新檢測」。若仍無法讀取、請換一台讀卡機！";
	for (int cols = 6; cols <= 40; cols++) {
		out[0] = '\0';
		char big[1024] = "|";
		cw_text_wrap(text, cols, collect, big + 1);
		static const char *const bad[] = {"|。", "|，", "|、", "|」", "|）", "|：", "|！", "「|", "（|", NULL};
		for (int i = 0; bad[i]; i++)
			ck_assert_msg(!strstr(big, bad[i]), "cols %d: %s", cols, big);
	}
	/* nor ends with opening punctuation: 「 goes to the next line with the word it opens */
	out[0] = '\0';
	cw_text_wrap("甲乙丙「丁戊」", 8, collect, out);
	ck_assert_str_eq(out, "甲乙丙|「丁戊」|");
}
END_TEST

START_TEST(test_safe_line)
{
	char out[256];
	/* ESC, CSI as C1 (U+009B), a lone 0x9B byte, DEL, a bidi override, invalid bytes */
	cw_text_safe("a\x1b[31mb\xc2\x9b" "c\x9b" "d\x7f" "e\xe2\x80\xae" "f\xff" "g\xe2\x81\xa6h", CW_SAFE_LINE, out, sizeof(out));
	ck_assert_str_eq(out, "a^[[31mb<U+009B>c\\x9Bd^?e<U+202E>f\\xFFg<U+2066>h");
	cw_text_safe("x\ny\tz", CW_SAFE_LINE, out, sizeof(out));
	ck_assert_str_eq(out, "x^Jy^Iz");
	cw_text_safe("x\ny\r", CW_SAFE_LINES, out, sizeof(out));
	ck_assert_str_eq(out, "x\ny^M");
	/* overlong, surrogate, past U+10FFFF, cut short: each byte shown */
	cw_text_safe("\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe4\xb8", CW_SAFE_LINE, out, sizeof(out));
	ck_assert_str_eq(out, "\\xC0\\xAF|\\xED\\xA0\\x80|\\xF4\\x90\\x80\\x80|\\xE4\\xB8");
	/* Chinese, typography and ordinary text pass as they are */
	cw_text_safe("王小明 — 簽章憑證 ✓ “ok”", CW_SAFE_LINE, out, sizeof(out));
	ck_assert_str_eq(out, "王小明 — 簽章憑證 ✓ “ok”");
	/* safe output is safe again: nothing changes */
	char again[256];
	cw_text_safe("a\x1b[31m\xc2\x9b\x9b\xe2\x80\xae", CW_SAFE_LINE, out, sizeof(out));
	cw_text_safe(out, CW_SAFE_LINE, again, sizeof(again));
	ck_assert_str_eq(out, again);
}
END_TEST

START_TEST(test_safe_cuts_whole)
{
	char out[8];
	size_t need = cw_text_safe("ab\x1b\x1b\x1b", CW_SAFE_LINE, out, sizeof(out));
	ck_assert_uint_eq(need, 8);
	ck_assert_str_eq(out, "ab^[^["); /* never half of "^[" */
	need = cw_text_safe("abcd王", CW_SAFE_LINE, out, 6);
	ck_assert_uint_eq(need, 7);
	ck_assert_str_eq(out, "abcd"); /* never half a character */
	ck_assert_uint_eq(cw_text_safe("\xe2\x80\xae", CW_SAFE_LINE, NULL, 0), 8);
	char *dup = cw_text_safe_dup("\x9b", CW_SAFE_LINE);
	ck_assert_str_eq(dup, "\\x9B");
	free(dup);
}
END_TEST

START_TEST(test_safe_json)
{
	char out[256];
	/* the data stays exact as escapes; invalid bytes become U+FFFD; newlines of the layout stay */
	cw_text_safe("{\"a\": \"x\x7f\xc2\x9b\xe2\x80\xae\x9b\xff\x01\"}\n", CW_SAFE_JSON, out, sizeof(out));
	ck_assert_str_eq(out, "{\"a\": \"x\\u007f\\u009b\\u202e\xef\xbf\xbd\xef\xbf\xbd\\u0001\"}\n");
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

START_TEST(test_detail_labels)
{
	char buf[64];
	cw_i18n_set_quiet(CW_LANG_ZH_TW);
	ck_assert_str_eq(cw_detail_label("reader", buf, sizeof(buf)), "讀卡機");
	ck_assert_str_eq(cw_detail_label("first_sw", buf, sizeof(buf)), "第一個回應碼");
	ck_assert_str_eq(cw_detail_label("reader1", buf, sizeof(buf)), "讀卡機 2");
	ck_assert_str_eq(cw_detail_label("sha256", buf, sizeof(buf)), "SHA-256 指紋"); /* digits of its own */
	ck_assert_str_eq(cw_detail_label("no_such_key", buf, sizeof(buf)), "no_such_key");
	cw_i18n_set_quiet(CW_LANG_EN);
	ck_assert_str_eq(cw_detail_label("atr", buf, sizeof(buf)), "ATR");
	ck_assert_str_eq(cw_detail_label("driver0", buf, sizeof(buf)), "driver 1");
}
END_TEST

/* The few fixed words of detail values follow the screen's language; any other value stays. */
START_TEST(test_detail_values)
{
	cw_i18n_set_quiet(CW_LANG_ZH_TW);
	ck_assert_str_eq(cw_detail_value("unknown"), "不明");
	ck_assert_str_eq(cw_detail_value("yes"), "是");
	ck_assert_str_eq(cw_detail_value("final-try"), "最後一次");
	ck_assert_str_eq(cw_detail_value("Virtual PCD 00 00"), "Virtual PCD 00 00");
	ck_assert_str_eq(cw_detail_value("Ok"), "Ok"); /* whole words only, as written */
	cw_i18n_set_quiet(CW_LANG_EN);
	ck_assert_str_eq(cw_detail_value("final-try"), "last try");
	ck_assert_str_eq(cw_detail_value("3"), "3");
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
	tcase_add_test(tc, test_wrap_kinsoku);
	tcase_add_test(tc, test_safe_line);
	tcase_add_test(tc, test_safe_cuts_whole);
	tcase_add_test(tc, test_safe_json);
	tcase_add_test(tc, test_detail_labels);
	tcase_add_test(tc, test_detail_values);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(text_suite)
