/* test_x509.c — certificate summaries from certificates made here: fields, dates, key usage, validity, picking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cw/i18n.h"
#include "cw/x509.h"
#include "unit.h"

#define DAY 86400LL
#define T_2025 1735689600LL /* 2025-01-01T00:00:00Z */
#define T_2050 2524608000LL /* 2050-01-01T00:00:00Z: GeneralizedTime, past 2038 */
#define T_1965 (-157766400LL) /* 1965-01-01T00:00:00Z: before 1970 */

static EVP_PKEY *rsa, *ec;

/* Made once in the parent: RSA-2048 takes a moment, and every forked test shares it. */
static void make_keys(void)
{
	rsa = EVP_RSA_gen(2048);
	ec = EVP_EC_gen("P-256");
	ck_assert_ptr_nonnull(rsa);
	ck_assert_ptr_nonnull(ec);
}

static void free_keys(void)
{
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
}

struct spec {
	const char *cn;
	long long not_before, not_after;
	const char *key_usage; /* "digitalSignature,nonRepudiation", or NULL for none */
	long serial;
	EVP_PKEY *key; /* NULL: the EC key */
};

static void name_add(X509_NAME *n, const char *field, const char *value)
{
	ck_assert(X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8, (const unsigned char *)value, -1, -1, 0));
}

static X509 *make_x509(const struct spec *s)
{
	X509 *x = X509_new();
	EVP_PKEY *key = s->key ? s->key : ec;
	ck_assert(X509_set_version(x, X509_VERSION_3));
	ck_assert(ASN1_INTEGER_set(X509_get_serialNumber(x), s->serial ? s->serial : 0x1A2B3C));
	X509_NAME *subject = X509_NAME_new(), *issuer = X509_NAME_new();
	name_add(subject, "C", "TW");
	name_add(subject, "O", "cardwiz");
	name_add(subject, "CN", s->cn ? s->cn : "cardwiz Test User");
	name_add(issuer, "C", "TW");
	name_add(issuer, "CN", "cardwiz Test CA");
	ck_assert(X509_set_subject_name(x, subject));
	ck_assert(X509_set_issuer_name(x, issuer));
	X509_NAME_free(subject);
	X509_NAME_free(issuer);
	ASN1_TIME *nb = ASN1_TIME_set(NULL, (time_t)s->not_before), *na = ASN1_TIME_set(NULL, (time_t)s->not_after);
	ck_assert(X509_set1_notBefore(x, nb) && X509_set1_notAfter(x, na));
	ASN1_TIME_free(nb);
	ASN1_TIME_free(na);
	ck_assert(X509_set_pubkey(x, key));
	if (s->key_usage) {
		X509V3_CTX ctx;
		X509V3_set_ctx_nodb(&ctx);
		X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
		X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, &ctx, NID_key_usage, s->key_usage);
		ck_assert_ptr_nonnull(ext);
		ck_assert(X509_add_ext(x, ext, -1));
		X509_EXTENSION_free(ext);
	}
	ck_assert_int_gt(X509_sign(x, key, EVP_sha256()), 0);
	return x;
}

/* DER of a certificate made to spec; the caller frees it with OPENSSL_free. */
static unsigned char *make_der(const struct spec *s, size_t *len)
{
	X509 *x = make_x509(s);
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	ck_assert_int_gt(n, 0);
	X509_free(x);
	*len = (size_t)n;
	return der;
}

static struct cw_cert_summary summarize(const struct spec *s)
{
	size_t len;
	unsigned char *der = make_der(s, &len);
	struct cw_cert_summary c;
	ck_assert_int_eq(cw_cert_summarize(der, len, &c), 0);
	OPENSSL_free(der);
	return c;
}

static const struct spec plain = {.not_before = T_2025, .not_after = T_2050, .key_usage = "digitalSignature"};

START_TEST(test_fields)
{
	struct spec s = plain;
	s.key = rsa;
	X509 *x = make_x509(&s);
	unsigned char *der = NULL;
	int len = i2d_X509(x, &der);
	struct cw_cert_summary c;
	ck_assert_int_eq(cw_cert_summarize(der, (size_t)len, &c), 0);
	ck_assert_str_eq(c.subject_cn, "cardwiz Test User");
	ck_assert_str_eq(c.subject, "CN=cardwiz Test User,O=cardwiz,C=TW"); /* RFC 2253: most specific first */
	ck_assert_str_eq(c.issuer, "CN=cardwiz Test CA,C=TW");
	ck_assert_str_eq(c.serial, "1A2B3C");
	ck_assert_int_eq(c.not_before, T_2025);
	ck_assert_int_eq(c.not_after, T_2050);
	ck_assert_int_eq(c.use, CW_CERT_USE_SIGN);

	/* The fingerprint is the one OpenSSL computes, written as uppercase hex pairs with colons. */
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen;
	ck_assert(X509_digest(x, EVP_sha256(), md, &mdlen));
	ck_assert_uint_eq(mdlen, 32);
	char want[100] = "";
	for (unsigned i = 0; i < mdlen; i++)
		sprintf(want + strlen(want), "%s%02X", i ? ":" : "", md[i]);
	ck_assert_str_eq(c.sha256, want);
	ck_assert_uint_eq(strlen(c.sha256), 95);
	OPENSSL_free(der);
	X509_free(x);
}
END_TEST

START_TEST(test_serial_as_openssl_prints_it)
{
	static const long serials[] = {1, 0x80, 0x7F, 0x1234567, 0x7FFFFFFFL};
	for (size_t i = 0; i < sizeof(serials) / sizeof(serials[0]); i++) {
		struct spec s = plain;
		s.serial = serials[i];
		struct cw_cert_summary c = summarize(&s);
		char want[32];
		snprintf(want, sizeof(want), "%lX", serials[i]);
		/* Two digits a byte, as `openssl x509 -serial`: 1 → 01, 0x1234567 → 01234567. */
		char padded[34];
		snprintf(padded, sizeof(padded), "%s%s", strlen(want) % 2 ? "0" : "", want);
		ck_assert_str_eq(c.serial, padded);
	}
	struct spec s = plain;
	s.serial = -5;
	ck_assert_str_eq(summarize(&s).serial, "-05");
}
END_TEST

START_TEST(test_chinese_name_is_utf8)
{
	struct spec s = plain;
	s.cn = "王小明";
	struct cw_cert_summary c = summarize(&s);
	ck_assert_str_eq(c.subject_cn, "王小明");
	ck_assert_str_eq(c.subject, "CN=王小明,O=cardwiz,C=TW");
	ck_assert_ptr_null(strchr(c.subject, '\\'));
}
END_TEST

/* A certificate whose subject is made by hand: cn_type is an ASN.1 string type, bytes given raw. */
static struct cw_cert_summary summarize_raw_cn(int cn_type, const unsigned char *cn, int len, int *rc)
{
	X509 *x = make_x509(&plain);
	X509_NAME *n = X509_NAME_new();
	ck_assert(X509_NAME_add_entry_by_txt(n, "CN", cn_type, cn, len, -1, 0));
	ck_assert(X509_set_subject_name(x, n));
	X509_NAME_free(n);
	ck_assert_int_gt(X509_sign(x, ec, EVP_sha256()), 0);
	unsigned char *der = NULL;
	int dlen = i2d_X509(x, &der);
	struct cw_cert_summary c;
	*rc = cw_cert_summarize(der, (size_t)dlen, &c);
	OPENSSL_free(der);
	X509_free(x);
	return c;
}

START_TEST(test_other_string_types)
{
	int rc;
	/* BMPString (UCS-2, big endian), as older CAs wrote Chinese names. */
	static const unsigned char bmp[] = {0x73, 0x8B, 0x5C, 0x0F, 0x66, 0x0E};
	struct cw_cert_summary c = summarize_raw_cn(V_ASN1_BMPSTRING, bmp, sizeof(bmp), &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(c.subject_cn, "王小明");
	ck_assert_str_eq(c.subject, "CN=王小明");
	/* A UTF8String that is not UTF-8 (OpenSSL will not write one: patch the DER). OpenSSL 3's
	 * parser canonicalises names to UTF-8 and refuses the certificate: no raw bytes get out. */
	struct spec s = plain;
	s.cn = "aXYb";
	size_t len;
	unsigned char *der = make_der(&s, &len);
	unsigned char *at = memmem(der, len, "aXYb", 4);
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(cw_cert_summarize(der, len, &c), 0);
	at[1] = 0xFF, at[2] = 0xFE;
	ck_assert_int_eq(cw_cert_summarize(der, len, &c), -1);
	OPENSSL_free(der);
}
END_TEST

START_TEST(test_control_characters_do_not_reach_the_screen)
{
	struct spec s = plain;
	s.cn = "Eve\n\x1b[2J";
	struct cw_cert_summary c = summarize(&s);
	ck_assert_str_eq(c.subject_cn, "Eve??[2J");
	ck_assert_ptr_null(strchr(c.subject, '\n'));
	ck_assert_ptr_null(strchr(c.subject, '\x1b'));
}
END_TEST

START_TEST(test_long_name_is_cut_at_a_character)
{
	char cn[400] = "";
	for (int i = 0; i < 60; i++)
		strcat(cn, "王"); /* 180 bytes: the CN fits in 128 only cut, and cut whole */
	struct spec s = plain;
	s.cn = cn;
	struct cw_cert_summary c = summarize(&s);
	ck_assert_uint_eq(strlen(c.subject_cn), 42 * 3);
	ck_assert_int_eq(strncmp(c.subject_cn, cn, strlen(c.subject_cn)), 0);
	ck_assert_uint_lt(strlen(c.subject), sizeof(c.subject));
	ck_assert_int_eq(strlen(c.subject) % 3, 0); /* "CN=" and 84 whole characters */
}
END_TEST

START_TEST(test_dates_past_2038_and_before_1970)
{
	struct spec s = plain;
	s.not_before = T_1965;
	s.not_after = T_2050 + 12 * 3600 + 34 * 60 + 56;
	struct cw_cert_summary c = summarize(&s);
	ck_assert_int_eq(c.not_before, T_1965);
	ck_assert_int_eq(c.not_after, T_2050 + 45296);
	s.not_after = 253402300799LL; /* 9999-12-31T23:59:59Z, RFC 5280's "no end" */
	c = summarize(&s);
	ck_assert_int_eq(c.not_after, 253402300799LL);
}
END_TEST

START_TEST(test_key_usage)
{
	static const struct { const char *ku; enum cw_cert_use use; } cases[] = {
		{"digitalSignature", CW_CERT_USE_SIGN},
		{"critical,nonRepudiation", CW_CERT_USE_SIGN},
		{"digitalSignature,nonRepudiation", CW_CERT_USE_SIGN},
		{"keyEncipherment", CW_CERT_USE_ENC},
		{"dataEncipherment", CW_CERT_USE_ENC},
		{"keyAgreement", CW_CERT_USE_ENC},
		{"critical,keyEncipherment,dataEncipherment", CW_CERT_USE_ENC},
		{"digitalSignature,keyEncipherment", CW_CERT_USE_BOTH},
		{"nonRepudiation,keyAgreement", CW_CERT_USE_BOTH},
		{"keyCertSign,cRLSign", CW_CERT_USE_UNKNOWN},
		{NULL, CW_CERT_USE_UNKNOWN},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct spec s = plain;
		s.key_usage = cases[i].ku;
		ck_assert_msg(summarize(&s).use == cases[i].use, "keyUsage %s", cases[i].ku ? cases[i].ku : "(none)");
	}
}
END_TEST

START_TEST(test_not_a_certificate)
{
	size_t len;
	unsigned char *der = make_der(&plain, &len);
	struct cw_cert_summary c;
	ck_assert_int_eq(cw_cert_summarize(der, 0, &c), -1);
	ck_assert_int_eq(cw_cert_summarize(NULL, 10, &c), -1);
	/* Every truncation fails, and cleans the summary. */
	for (size_t n = 1; n < len; n++) {
		ck_assert_int_eq(cw_cert_summarize(der, n, &c), -1);
		ck_assert_str_eq(c.subject, "");
	}
	/* A byte after the certificate: not one certificate. */
	unsigned char *longer = malloc(len + 1);
	memcpy(longer, der, len);
	longer[len] = 0;
	ck_assert_int_eq(cw_cert_summarize(longer, len + 1, &c), -1);
	ck_assert_int_eq(cw_cert_summarize(longer, len, &c), 0);
	free(longer);
	static const unsigned char garbage[][8] = {
		{0}, {0x30}, {0x30, 0x80}, {0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF}, {0x04, 0x02, 'h', 'i'},
		{0x30, 0x03, 0x02, 0x01, 0x01}, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
	};
	for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++)
		ck_assert_int_eq(cw_cert_summarize(garbage[i], sizeof(garbage[i]), &c), -1);
	OPENSSL_free(der);
}
END_TEST

START_TEST(test_flipped_bytes_never_crash)
{
	size_t len;
	unsigned char *der = make_der(&plain, &len);
	struct cw_cert_summary c;
	int parsed = 0;
	/* Signatures are not checked here, so many flips still parse: what matters is no crash (ASan). */
	for (size_t i = 0; i < len; i++)
		for (unsigned bit = 0; bit < 8; bit += 3) {
			der[i] ^= (unsigned char)(1u << bit);
			parsed += cw_cert_summarize(der, len, &c) == 0;
			der[i] ^= (unsigned char)(1u << bit);
		}
	ck_assert_int_gt(parsed, 0);
	OPENSSL_free(der);
}
END_TEST

START_TEST(test_validity_boundaries)
{
	struct cw_cert_summary c = {.not_before = T_2025, .not_after = T_2050};
	ck_assert_int_eq(cw_cert_validity(&c, T_2025 - 1, 30), CW_CODE_CERT_NOT_YET_VALID);
	ck_assert_int_eq(cw_cert_validity(&c, T_2025, 30), CW_CODE_OK);
	ck_assert_int_eq(cw_cert_validity(&c, T_2050 - 31 * DAY, 30), CW_CODE_OK);
	ck_assert_int_eq(cw_cert_validity(&c, T_2050 - 30 * DAY - 1, 30), CW_CODE_OK);
	ck_assert_int_eq(cw_cert_validity(&c, T_2050 - 30 * DAY, 30), CW_CODE_CERT_EXPIRING);
	ck_assert_int_eq(cw_cert_validity(&c, T_2050 - 1, 30), CW_CODE_CERT_EXPIRING);
	ck_assert_int_eq(cw_cert_validity(&c, T_2050, 30), CW_CODE_CERT_EXPIRING); /* the last second still counts */
	ck_assert_int_eq(cw_cert_validity(&c, T_2050 + 1, 30), CW_CODE_CERT_EXPIRED);
	ck_assert_int_eq(cw_cert_validity(&c, T_2050 - DAY, 0), CW_CODE_OK);
	ck_assert_int_eq(cw_cert_days_left(&c, T_2050 - 30 * DAY), 30);
	ck_assert_int_eq(cw_cert_days_left(&c, T_2050 - 30 * DAY + 1), 29);
	ck_assert_int_eq(cw_cert_days_left(&c, T_2050), 0);
	ck_assert_int_eq(cw_cert_days_left(&c, T_2050 + 1), -1);
}
END_TEST

START_TEST(test_validity_of_made_certificates)
{
	long long now = (long long)time(NULL);
	static const struct { long long from, to; enum cw_code code; } cases[] = {
		{-400 * DAY, -1 * DAY, CW_CODE_CERT_EXPIRED},
		{-400 * DAY, 10 * DAY, CW_CODE_CERT_EXPIRING},
		{5 * DAY, 400 * DAY, CW_CODE_CERT_NOT_YET_VALID},
		{-DAY, 31 * DAY, CW_CODE_OK},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct spec s = plain;
		s.not_before = now + cases[i].from;
		s.not_after = now + cases[i].to;
		struct cw_cert_summary c = summarize(&s);
		ck_assert_int_eq(cw_cert_validity(&c, now, 30), cases[i].code);
	}
}
END_TEST

START_TEST(test_fill_result)
{
	struct spec s = plain;
	s.not_after = T_2050 + 12 * 3600;
	struct cw_cert_summary c = summarize(&s);
	struct cw_result r;
	cw_result_init(&r, CW_CHECK_SIGN_CERT);
	cw_cert_fill_result(&c, T_2025 + DAY, &r);
	ck_assert_int_eq(r.code, CW_CODE_OK);
	ck_assert_int_eq(r.status, CW_STATUS_PASS);
	ck_assert_str_eq(cw_result_get(&r, "subject"), "CN=cardwiz Test User,O=cardwiz,C=TW");
	ck_assert_str_eq(cw_result_get(&r, "issuer"), "CN=cardwiz Test CA,C=TW");
	ck_assert_str_eq(cw_result_get(&r, "serial"), "1A2B3C");
	ck_assert_str_eq(cw_result_get(&r, "sha256"), c.sha256);
	ck_assert_str_eq(cw_result_get(&r, "not_before"), "2025-01-01T00:00:00Z");
	ck_assert_str_eq(cw_result_get(&r, "not_after"), "2050-01-01T12:00:00Z");
	ck_assert_str_eq(cw_result_get(&r, "days_left"), "9130");
	ck_assert_str_eq(r.note, "2025-01-01 – 2050-01-01");

	/* Expiring: the count joins the dates, in the current language. */
	cw_result_init(&r, CW_CHECK_ENC_CERT);
	cw_cert_fill_result(&c, T_2050 + 12 * 3600 - 10 * DAY, &r);
	ck_assert_int_eq(r.code, CW_CODE_CERT_EXPIRING);
	ck_assert_int_eq(r.status, CW_STATUS_WARN);
	ck_assert_str_eq(cw_result_get(&r, "days_left"), "10");
	ck_assert_str_eq(r.note, "2025-01-01 – 2050-01-01, 10 days left");
	cw_i18n_switch(CW_LANG_ZH_TW);
	cw_cert_fill_result(&c, T_2050 + 12 * 3600 - 10 * DAY, &r);
	ck_assert_str_eq(r.note, "2025-01-01 – 2050-01-01，剩 10 天");
	cw_i18n_switch(CW_LANG_EN);

	cw_result_init(&r, CW_CHECK_ENC_CERT);
	cw_cert_fill_result(&c, T_2050 + 13 * 3600, &r);
	ck_assert_int_eq(r.code, CW_CODE_CERT_EXPIRED);
	ck_assert_int_eq(r.status, CW_STATUS_FAIL);
	ck_assert_str_eq(cw_result_get(&r, "days_left"), "-1");
	ck_assert_str_eq(r.note, "2025-01-01 – 2050-01-01");

	cw_result_init(&r, CW_CHECK_ENC_CERT);
	cw_cert_fill_result(&c, T_2025 - 1, &r);
	ck_assert_int_eq(r.code, CW_CODE_CERT_NOT_YET_VALID);

	cw_result_init(&r, CW_CHECK_ENC_CERT);
	cw_cert_fill_result(NULL, T_2025, &r);
	ck_assert_int_eq(r.code, CW_CODE_CERT_MISSING);
	ck_assert_int_eq(r.status, CW_STATUS_FAIL);
	ck_assert_int_eq(r.ndetail, 0);
}
END_TEST

START_TEST(test_fill_result_old_dates)
{
	struct cw_cert_summary c = {.not_before = T_1965, .not_after = T_2050, .subject = "CN=x"};
	struct cw_result r;
	cw_result_init(&r, CW_CHECK_SIGN_CERT);
	cw_cert_fill_result(&c, T_2025, &r);
	ck_assert_str_eq(cw_result_get(&r, "not_before"), "1965-01-01T00:00:00Z");
	ck_assert_str_eq(r.note, "1965-01-01 – 2050-01-01");
}
END_TEST

/* A summary with only the key usage set, for the picking tests. */
#define U(x) {.use = CW_CERT_USE_##x}

START_TEST(test_pick_by_key_usage)
{
	int sign, enc;
	const struct cw_cert_summary se[] = {U(SIGN), U(ENC)}, es[] = {U(ENC), U(SIGN)};
	cw_cert_pick(se, NULL, 2, &sign, &enc);
	ck_assert_int_eq(sign, 0);
	ck_assert_int_eq(enc, 1);
	cw_cert_pick(es, NULL, 2, &sign, &enc);
	ck_assert_int_eq(sign, 1);
	ck_assert_int_eq(enc, 0);

	/* The key id does not override a key usage that forbids the role. */
	const struct cw_cert_summary only_sign[] = {U(SIGN)};
	const char *const enc_id[] = {"03"};
	cw_cert_pick(only_sign, enc_id, 1, &sign, &enc);
	ck_assert_int_eq(sign, 0);
	ck_assert_int_eq(enc, -1);

	/* A BOTH certificate serves as both when nothing better exists... */
	const struct cw_cert_summary both[] = {U(BOTH)};
	cw_cert_pick(both, NULL, 1, &sign, &enc);
	ck_assert_int_eq(sign, 0);
	ck_assert_int_eq(enc, 0);
	/* ...and only where it does. */
	const struct cw_cert_summary both_enc[] = {U(BOTH), U(ENC)};
	cw_cert_pick(both_enc, NULL, 2, &sign, &enc);
	ck_assert_int_eq(sign, 0);
	ck_assert_int_eq(enc, 1);

	cw_cert_pick(se, NULL, 0, &sign, &enc);
	ck_assert_int_eq(sign, -1);
	ck_assert_int_eq(enc, -1);
}
END_TEST

START_TEST(test_pick_by_key_id)
{
	int sign, enc;
	/* PIV: 9A authentication (01) also has digitalSignature; 9C (02) is the signature key. */
	const struct cw_cert_summary piv[] = {U(SIGN), U(SIGN), U(ENC)};
	const char *const piv_ids[] = {"01", "02", "03"};
	cw_cert_pick(piv, piv_ids, 3, &sign, &enc);
	ck_assert_int_eq(sign, 1);
	ck_assert_int_eq(enc, 2);

	/* No keyUsage: the ids tell, PIV's and MOICA's "SIGN" / "KEYX" labels in either case. */
	const struct cw_cert_summary unknown[] = {U(UNKNOWN), U(UNKNOWN)};
	const char *const piv_swapped[] = {"03", "02"};
	cw_cert_pick(unknown, piv_swapped, 2, &sign, &enc);
	ck_assert_int_eq(sign, 1);
	ck_assert_int_eq(enc, 0);
	const char *const moica[] = {"4B455958", "5349474e"};
	cw_cert_pick(unknown, moica, 2, &sign, &enc);
	ck_assert_int_eq(sign, 1);
	ck_assert_int_eq(enc, 0);

	/* A BOTH certificate filed as the encryption key leaves signing to the one filed for it. */
	const struct cw_cert_summary mixed[] = {U(BOTH), U(UNKNOWN)};
	const char *const mixed_ids[] = {"03", "02"};
	cw_cert_pick(mixed, mixed_ids, 2, &sign, &enc);
	ck_assert_int_eq(sign, 1);
	ck_assert_int_eq(enc, 0);

	/* Ids that say nothing, or missing ids, on certificates without keyUsage: any use is allowed. */
	const char *const none[] = {NULL, "abcd"};
	cw_cert_pick(unknown, none, 2, &sign, &enc);
	ck_assert_int_eq(sign, 0);
	ck_assert_int_eq(enc, 0);
	/* A known usage beats an id on an unknown one. */
	const struct cw_cert_summary sign_and_unknown[] = {U(UNKNOWN), U(SIGN)};
	const char *const ids2[] = {"02", NULL};
	cw_cert_pick(sign_and_unknown, ids2, 2, &sign, &enc);
	ck_assert_int_eq(sign, 1);
	ck_assert_int_eq(enc, -1); /* and the unknown one is filed as the signature key: not for encryption */
}
END_TEST

START_TEST(test_clock_suspect)
{
	/* Issue 13 E: a certificate more than a day ahead, or every one ended over a year ago. */
	const struct cw_cert_summary c[] = {
		{.not_before = T_2025, .not_after = T_2025 + 5 * 365 * DAY},
		{.not_before = T_2025 + 10 * DAY, .not_after = T_2025 + 5 * 365 * DAY},
	};
	ck_assert_int_eq(cw_cert_clock_suspect(c, 0, T_2025), 0);
	ck_assert_int_eq(cw_cert_clock_suspect(c, 2, T_2025 + 20 * DAY), 0);           /* both valid */
	ck_assert_int_eq(cw_cert_clock_suspect(c, 2, T_2025 + 9 * DAY), 0);            /* 1 day ahead exactly */
	ck_assert_int_eq(cw_cert_clock_suspect(c, 2, T_2025 + 9 * DAY - 1), 1);        /* a second more */
	ck_assert_int_eq(cw_cert_clock_suspect(c, 1, T_2025 - DAY), 0);                /* within the day */
	ck_assert_int_eq(cw_cert_clock_suspect(c, 1, T_2025 - DAY - 1), 1);
	ck_assert_int_eq(cw_cert_clock_suspect(c, 2, T_2025 - 2 * 365 * DAY), 1);      /* clock set back */
	long long end = T_2025 + 5 * 365 * DAY;
	ck_assert_int_eq(cw_cert_clock_suspect(c, 2, end + 30 * DAY), 0);              /* expired a month: the card */
	ck_assert_int_eq(cw_cert_clock_suspect(c, 2, end + 366 * DAY), 0);             /* a (leap) year to the second */
	ck_assert_int_eq(cw_cert_clock_suspect(c, 2, end + 366 * DAY + 1), 1);
	ck_assert_int_eq(cw_cert_clock_suspect(c, 2, end + 2 * 365 * DAY), 1);         /* clock set ahead */
	/* One certificate still valid (a CA's, a renewed one): not every one ended, not the clock. */
	const struct cw_cert_summary mixed[] = {c[0], {.not_before = T_2025, .not_after = T_2050}};
	ck_assert_int_eq(cw_cert_clock_suspect(mixed, 2, end + 2 * 365 * DAY), 0);
}
END_TEST

START_TEST(test_started_within)
{
	const struct cw_cert_summary c = {.not_before = T_2025, .not_after = T_2050};
	ck_assert_int_eq(cw_cert_started_within(&c, T_2025 - 1, 30), 0); /* not started */
	ck_assert_int_eq(cw_cert_started_within(&c, T_2025, 30), 1);
	ck_assert_int_eq(cw_cert_started_within(&c, T_2025 + 30 * DAY, 30), 1);
	ck_assert_int_eq(cw_cert_started_within(&c, T_2025 + 30 * DAY + 1, 30), 0);
}
END_TEST

START_TEST(test_fill_result_clock)
{
	cw_i18n_switch(CW_LANG_EN);
	const struct cw_cert_summary later = {.subject = "CN=x", .not_before = T_2050, .not_after = T_2050 + 365 * DAY};
	struct cw_result r;
	cw_result_init(&r, CW_CHECK_ENC_CERT);
	cw_cert_fill_result_clock(&later, T_2025, 1, &r);
	ck_assert_int_eq(r.code, CW_CODE_CLOCK_SUSPECT);
	ck_assert_int_eq(r.status, CW_STATUS_FAIL);
	ck_assert_int_eq(cw_code_faq(CW_CODE_CLOCK_SUSPECT), 0); /* not FAQ 4 */
	ck_assert_str_eq(cw_result_get(&r, "clock"), "2025-01-01T00:00:00Z");
	ck_assert_str_eq(cw_result_get(&r, "not_before"), "2050-01-01T00:00:00Z");
	ck_assert_ptr_nonnull(strstr(r.note, "this computer's date and time: "));
	ck_assert_ptr_nonnull(strstr(r.note, "; certificate 2050-01-01 – 2051-01-01"));
	ck_assert_ptr_nonnull(strstr(r.note_alt, "這台電腦的日期時間是"));
	/* Without suspicion the same certificate is only not yet valid; a valid one stays valid either way. */
	cw_result_init(&r, CW_CHECK_ENC_CERT);
	cw_cert_fill_result_clock(&later, T_2025, 0, &r);
	ck_assert_int_eq(r.code, CW_CODE_CERT_NOT_YET_VALID);
	ck_assert_ptr_null(cw_result_get(&r, "clock"));
	const struct cw_cert_summary now_valid = {.subject = "CN=x", .not_before = T_2025, .not_after = T_2050};
	cw_result_init(&r, CW_CHECK_SIGN_CERT);
	cw_cert_fill_result_clock(&now_valid, T_2025 + DAY, 1, &r);
	ck_assert_int_eq(r.code, CW_CODE_OK);
	/* Long expired under suspicion: the clock too. */
	cw_result_init(&r, CW_CHECK_SIGN_CERT);
	cw_cert_fill_result_clock(&now_valid, T_2050 + 400 * DAY, 1, &r);
	ck_assert_int_eq(r.code, CW_CODE_CLOCK_SUSPECT);
}
END_TEST

static Suite *x509_suite(void)
{
	Suite *s = suite_create("x509");
	TCase *tc = tcase_create("summary");
	tcase_add_unchecked_fixture(tc, make_keys, free_keys);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_serial_as_openssl_prints_it);
	tcase_add_test(tc, test_chinese_name_is_utf8);
	tcase_add_test(tc, test_other_string_types);
	tcase_add_test(tc, test_control_characters_do_not_reach_the_screen);
	tcase_add_test(tc, test_long_name_is_cut_at_a_character);
	tcase_add_test(tc, test_dates_past_2038_and_before_1970);
	tcase_add_test(tc, test_key_usage);
	tcase_add_test(tc, test_not_a_certificate);
	tcase_add_test(tc, test_flipped_bytes_never_crash);
	tcase_add_test(tc, test_validity_boundaries);
	tcase_add_test(tc, test_validity_of_made_certificates);
	tcase_add_test(tc, test_fill_result);
	tcase_add_test(tc, test_fill_result_old_dates);
	tcase_add_test(tc, test_pick_by_key_usage);
	tcase_add_test(tc, test_pick_by_key_id);
	tcase_add_test(tc, test_clock_suspect);
	tcase_add_test(tc, test_started_within);
	tcase_add_test(tc, test_fill_result_clock);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(x509_suite)
