/* test_atr.c — ATR parsing (ISO/IEC 7816-3) on real MOICA and PIV cards' ATRs, broken ATRs, and hex text. */
#include <string.h>

#include "cw/atr.h"
#include "unit.h"

/* The three MOICA citizen-card ATRs (doc/FIELD-NOTES.md). */
#define MOICA_1 "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57"
#define MOICA_2 "3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41 A5"
#define MOICA_3 "3B D8 96 00 81 B1 FE 45 1F 07 43 48 54 47 50 4B 49 4A DD"
#define YUBIKEY "3B F8 13 00 00 81 31 FE 15 59 75 62 69 6B 65 79 34 D4"

#define T(n) (1 << (n))

/* Parse hex text; the test fails on bad hex, so every case below is about the parser. */
static int parse_hex(const char *hex, struct cw_atr *a)
{
	unsigned char buf[64];
	int n = cw_atr_from_hex(hex, buf, sizeof(buf));
	ck_assert_int_ge(n, 0);
	return cw_atr_parse(buf, (size_t)n, a);
}

static void assert_hist(const struct cw_atr *a, const void *want, size_t n)
{
	ck_assert_uint_eq(a->nhist, n);
	ck_assert_uint_le(a->hist_off + a->nhist, a->len);
	ck_assert_mem_eq(a->raw + a->hist_off, want, n);
}

/*
 * First generation: TD1=80 (T=0), TD2=01 (T=1), so TCK is present. Its 11 historical bytes are
 * no text but ISO 7816-4 compact-TLV: category 00, 31 C1 (card service data), 64 08 40 21 30
 * (pre-issuing data), then the status indicator 00 90 00. So "CHT" is not in them.
 */
START_TEST(test_moica_first_generation)
{
	static const unsigned char hist[] = {0x00, 0x31, 0xC1, 0x64, 0x08, 0x40, 0x21, 0x30, 0x00, 0x90, 0x00};
	struct cw_atr a;
	ck_assert_int_eq(parse_hex(MOICA_1, &a), 0);
	ck_assert_int_eq(a.valid, 1);
	ck_assert_str_eq(a.error, "");
	ck_assert_uint_eq(a.len, 16);
	ck_assert_uint_eq(a.ts, 0x3B);
	ck_assert_uint_eq(a.t0, 0x8B);
	ck_assert_int_eq(a.protocols, T(0) | T(1));
	ck_assert_uint_eq(a.hist_off, 4);
	assert_hist(&a, hist, sizeof(hist));
	ck_assert_int_eq(a.tck_present, 1);
	ck_assert_int_eq(a.tck_ok, 1);
	ck_assert_int_eq(cw_atr_hist_contains(&a, "CHT"), 0);
}
END_TEST

START_TEST(test_moica_second_generation)
{
	struct cw_atr a;
	ck_assert_int_eq(parse_hex(MOICA_2, &a), 0);
	ck_assert_int_eq(a.valid, 1);
	ck_assert_int_eq(a.protocols, T(1));
	ck_assert_uint_eq(a.hist_off, 8); /* after TS T0, TA1 TB1 TD1, TD2, TA3 TB3 */
	assert_hist(&a, "CHTMOICA", 8);
	ck_assert_int_eq(a.tck_ok, 1);
	ck_assert_int_eq(cw_atr_hist_contains(&a, "CHT"), 1);
	ck_assert_int_eq(cw_atr_hist_contains(&a, "MOICA"), 1);
	ck_assert_int_eq(cw_atr_hist_contains(&a, "GPKI"), 0);
	ck_assert_int_eq(cw_atr_hist_contains(&a, ""), 0);
	ck_assert_int_eq(cw_atr_hist_contains(&a, NULL), 0);
}
END_TEST

/* TD3=1F announces T=15 (global bytes): not a protocol, so T=1 alone. */
START_TEST(test_moica_gpki)
{
	struct cw_atr a;
	ck_assert_int_eq(parse_hex(MOICA_3, &a), 0);
	ck_assert_int_eq(a.valid, 1);
	ck_assert_int_eq(a.protocols, T(1));
	assert_hist(&a, "CHTGPKIJ", 8);
	ck_assert_int_eq(cw_atr_hist_contains(&a, "CHT"), 1);
	ck_assert_int_eq(cw_atr_hist_contains(&a, "MOICA"), 0);
}
END_TEST

START_TEST(test_yubikey_piv)
{
	struct cw_atr a;
	ck_assert_int_eq(parse_hex(YUBIKEY, &a), 0);
	ck_assert_int_eq(a.valid, 1);
	ck_assert_int_eq(a.protocols, T(1));
	assert_hist(&a, "Yubikey4", 8);
	ck_assert_int_eq(a.tck_present, 1);
	ck_assert_int_eq(cw_atr_hist_contains(&a, "CHT"), 0);
}
END_TEST

/* Inverse convention, T=0 only (no TD): no TCK. */
START_TEST(test_inverse_convention)
{
	static const unsigned char hist[] = {0x2C, 0x09, 0x69, 0x90, 0x00};
	struct cw_atr a;
	ck_assert_int_eq(parse_hex("3F 65 25 00 2C 09 69 90 00", &a), 0);
	ck_assert_int_eq(a.valid, 1);
	ck_assert_uint_eq(a.ts, 0x3F);
	ck_assert_int_eq(a.protocols, T(0));
	ck_assert_int_eq(a.tck_present, 0);
	ck_assert_int_eq(a.tck_ok, 1);
	assert_hist(&a, hist, sizeof(hist));
}
END_TEST

START_TEST(test_truncated)
{
	struct cw_atr a;
	ck_assert_int_eq(parse_hex("3B", &a), -1);
	ck_assert_int_eq(a.valid, 0);
	ck_assert_str_eq(a.error, "truncated: T0 missing");
	ck_assert_int_eq(cw_atr_parse(NULL, 0, &a), -1);
	ck_assert_str_eq(a.error, "truncated: TS missing");
	/* T0=F8 promises TA1 TB1 TC1 TD1; only TA1 is there. */
	ck_assert_int_eq(parse_hex("3B F8 13", &a), -1);
	ck_assert_str_eq(a.error, "truncated: 3 interface bytes missing");
	ck_assert_uint_eq(a.t0, 0xF8);
	/* K=2 with one historical byte: the one there is still reported. */
	ck_assert_int_eq(parse_hex("3B 02 14", &a), -1);
	ck_assert_str_eq(a.error, "truncated: 1 historical bytes missing");
	assert_hist(&a, "\x14", 1);
	ck_assert_int_eq(parse_hex("3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41", &a), -1);
	ck_assert_str_eq(a.error, "truncated: TCK missing");
	ck_assert_int_eq(cw_atr_hist_contains(&a, "MOICA"), 1);
}
END_TEST

START_TEST(test_bad_ts)
{
	struct cw_atr a;
	ck_assert_int_eq(parse_hex("00", &a), -1);
	ck_assert_int_eq(a.valid, 0);
	ck_assert_str_eq(a.error, "bad TS 0x00");
	ck_assert_int_eq(parse_hex("12 8B 80 01", &a), -1);
	ck_assert_str_eq(a.error, "bad TS 0x12");
}
END_TEST

/* A wrong TCK is reported with both values, and what was parsed is still there. */
START_TEST(test_tck_mismatch)
{
	struct cw_atr a;
	ck_assert_int_eq(parse_hex("3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41 A4", &a), -1);
	ck_assert_int_eq(a.valid, 0);
	ck_assert_str_eq(a.error, "TCK mismatch (0xA4, want 0xA5)");
	ck_assert_int_eq(a.tck_present, 1);
	ck_assert_int_eq(a.tck_ok, 0);
	ck_assert_int_eq(a.protocols, T(1));
	assert_hist(&a, "CHTMOICA", 8);
}
END_TEST

START_TEST(test_extra_bytes)
{
	struct cw_atr a;
	ck_assert_int_eq(parse_hex(YUBIKEY " 00", &a), -1);
	ck_assert_str_eq(a.error, "extra bytes after TCK: 1");
	ck_assert_int_eq(a.tck_ok, 1);
	ck_assert_int_eq(parse_hex("3F 65 25 00 2C 09 69 90 00 11 22", &a), -1);
	ck_assert_str_eq(a.error, "extra bytes after the historical bytes: 2");
}
END_TEST

/* Build a 33-byte ATR: TD1=F1, TD2=F1, TD3=71 (3 groups of 4 and one of 3), 15 historical bytes, TCK. */
static size_t longest_atr(unsigned char *b)
{
	static const unsigned char head[] = {0x3B, 0xFF, 0x11, 0x22, 0x33, 0xF1, 0x44, 0x55, 0x66, 0xF1,
					     0x77, 0x88, 0x99, 0x71, 0xAA, 0xBB, 0xCC};
	size_t n = sizeof(head);
	memcpy(b, head, n);
	memcpy(b + n, "CARDWIZ-LONGEST", 15);
	n += 15;
	b[n] = 0;
	for (size_t i = 1; i < n; i++)
		b[n] ^= b[i];
	return n + 1;
}

START_TEST(test_length_limit)
{
	unsigned char b[40];
	struct cw_atr a;
	size_t n = longest_atr(b);
	ck_assert_uint_eq(n, CW_ATR_MAX);
	ck_assert_int_eq(cw_atr_parse(b, n, &a), 0);
	ck_assert_int_eq(a.valid, 1);
	ck_assert_int_eq(a.protocols, T(1));
	ck_assert_int_eq(cw_atr_hist_contains(&a, "LONGEST"), 1);
	b[n] = 0x00;
	ck_assert_int_eq(cw_atr_parse(b, n + 1, &a), -1);
	ck_assert_str_eq(a.error, "too long: 34 bytes, at most 33");
	ck_assert_uint_eq(a.len, CW_ATR_MAX);
	ck_assert_int_eq(a.valid, 0);
}
END_TEST

START_TEST(test_hex_round_trip)
{
	static const char *const forms[] = {MOICA_2, "3bb8130081 31fa524348544d4f494341a5",
					    "3B:B8:13:00:81:31:FA:52:43:48:54:4D:4F:49:43:41:A5",
					    "  3B B8\t13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41 A5\n"};
	unsigned char buf[CW_ATR_MAX];
	char text[CW_ATR_HEX_MAX];
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		int n = cw_atr_from_hex(forms[i], buf, sizeof(buf));
		ck_assert_int_eq(n, 17);
		ck_assert_uint_eq(buf[0], 0x3B);
		ck_assert_uint_eq(buf[16], 0xA5);
		cw_atr_to_hex(buf, (size_t)n, text, sizeof(text));
		ck_assert_str_eq(text, MOICA_2);
	}
	ck_assert_int_eq(cw_atr_from_hex("", buf, sizeof(buf)), 0);
}
END_TEST

START_TEST(test_hex_errors)
{
	unsigned char buf[4];
	ck_assert_int_eq(cw_atr_from_hex("3B 8", buf, sizeof(buf)), -1);      /* odd digits */
	ck_assert_int_eq(cw_atr_from_hex("3 B", buf, sizeof(buf)), -1);       /* a byte split in two */
	ck_assert_int_eq(cw_atr_from_hex("3B ZZ", buf, sizeof(buf)), -1);     /* not hex */
	ck_assert_int_eq(cw_atr_from_hex("0x3B", buf, sizeof(buf)), -1);
	ck_assert_int_eq(cw_atr_from_hex("3B 8B 80 01 00", buf, sizeof(buf)), -1); /* 5 bytes into 4 */
	ck_assert_int_eq(cw_atr_from_hex("3B 8B 80 01", buf, sizeof(buf)), 4);
}
END_TEST

/* A short buffer gets whole bytes only, and is always terminated. */
START_TEST(test_to_hex_cuts_between_bytes)
{
	static const unsigned char atr[] = {0x3B, 0x8B, 0x80, 0x01};
	char out[8];
	cw_atr_to_hex(atr, sizeof(atr), out, sizeof(out));
	ck_assert_str_eq(out, "3B 8B");
	cw_atr_to_hex(atr, sizeof(atr), out, 3);
	ck_assert_str_eq(out, "3B");
	cw_atr_to_hex(atr, sizeof(atr), out, 2);
	ck_assert_str_eq(out, "");
	cw_atr_to_hex(atr, 0, out, sizeof(out));
	ck_assert_str_eq(out, "");
}
END_TEST

static Suite *atr_suite(void)
{
	Suite *s = suite_create("atr");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_moica_first_generation);
	tcase_add_test(tc, test_moica_second_generation);
	tcase_add_test(tc, test_moica_gpki);
	tcase_add_test(tc, test_yubikey_piv);
	tcase_add_test(tc, test_inverse_convention);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_bad_ts);
	tcase_add_test(tc, test_tck_mismatch);
	tcase_add_test(tc, test_extra_bytes);
	tcase_add_test(tc, test_length_limit);
	suite_add_tcase(s, tc);
	tc = tcase_create("hex");
	tcase_add_test(tc, test_hex_round_trip);
	tcase_add_test(tc, test_hex_errors);
	tcase_add_test(tc, test_to_hex_cuts_between_bytes);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(atr_suite)
