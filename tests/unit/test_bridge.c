/* test_bridge.c — the signing bridge's pure parts: versions, the page's version line, /proc/net/tcp lines, the signer text. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "cw/bridge.h"
#include "cw/proto.h"
#include "cw/wizard.h"
#include "unit.h"

static int cmp(const char *a, const char *b)
{
	struct cw_version x, y;
	ck_assert_int_eq(cw_version_parse(a, strlen(a), &x), 0);
	ck_assert_int_eq(cw_version_parse(b, strlen(b), &y), 0);
	return cw_version_cmp(&x, &y);
}

START_TEST(test_version_compare)
{
	ck_assert_int_gt(cmp("1.3.4.103", "1.3.4.3"), 0); /* numbers, not text: 103 > 3 */
	ck_assert_int_lt(cmp("1.3.4.2", "1.3.4.3"), 0);
	ck_assert_int_eq(cmp("1.3.4.3", "1.3.4.3"), 0);
	ck_assert_int_eq(cmp("1.3.4", "1.3.4.0"), 0);
	ck_assert_int_gt(cmp("1.3.4.103327", "1.3.4.13"), 0);
	ck_assert_int_lt(cmp("1.2.99.99", "1.3"), 0);
}
END_TEST

START_TEST(test_version_parse_strict)
{
	static const char *const bad[] = {"", "1", "1.", ".1", "1..3", "1.3a", "1.3 ", "-1.3", "1.1234567890",
					  "1.2.3.4.5.6.7", "v1.3", "1,3"};
	struct cw_version v;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cw_version_parse(bad[i], strlen(bad[i]), &v) < 0, "'%s' taken as a version", bad[i]);
	ck_assert_int_eq(cw_version_parse("1.3.4.3", 7, &v), 0);
	ck_assert_int_eq(v.n, 4);
	char out[CW_VERSION_TEXT];
	cw_version_format(&v, out, sizeof(out));
	ck_assert_str_eq(out, "1.3.4.3");
}
END_TEST

static const char *page_version(const char *page)
{
	static char out[CW_VERSION_TEXT];
	struct cw_version v;
	if (cw_bridge_page_version(page, strlen(page), &v) < 0)
		return "none";
	cw_version_format(&v, out, sizeof(out));
	return out;
}

START_TEST(test_page_version)
{
	ck_assert_str_eq(page_version("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>version:1.3.4.103</p>"), "1.3.4.103");
	ck_assert_str_eq(page_version("version: 1.3.4.3\n"), "1.3.4.3");
	ck_assert_str_eq(page_version("no version here"), "none");
	ck_assert_str_eq(page_version("version:1.3.4.3beta"), "none");
	ck_assert_str_eq(page_version("version:1.3.4.3."), "none");
	ck_assert_str_eq(page_version("version:x.y.z.w version:1.3.4.5"), "1.3.4.5"); /* the first well-formed one */
	/* A header is not the page: only the body counts. */
	ck_assert_str_eq(page_version("HTTP/1.0 200 OK\r\nX-Info: version:9.9.9.9\r\n\r\nhello"), "none");
	ck_assert_str_eq(page_version("version:"), "none");
	ck_assert_str_eq(page_version("version:1"), "none"); /* one number is no version */
}
END_TEST

START_TEST(test_signer_text)
{
	char buf[80];
	struct cw_bridge_addr a;
	ck_assert_int_eq(cw_bridge_format("127.0.0.1", 61161, "1.3.4.3", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "127.0.0.1:61161 1.3.4.3");
	ck_assert_int_eq(cw_bridge_parse(buf, &a), 0);
	ck_assert_str_eq(a.host, "127.0.0.1");
	ck_assert_int_eq(a.port, 61161);
	ck_assert_str_eq(a.min, "1.3.4.3");
	ck_assert_int_eq(cw_bridge_parse("::1:8080", &a), 0);
	ck_assert_str_eq(a.host, "::1");
	ck_assert_str_eq(a.min, "");
	static const char *const bad[] = {"", "host", ":80", "h:0", "h:70000", "h:80x", "h:80 ", "h:80 1.3x", "h: 80"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cw_bridge_parse(bad[i], &a) < 0, "'%s' taken", bad[i]);
	ck_assert_int_lt(cw_bridge_format("a-very-long-host-name-that-goes-on.example", 61161, "1.3.4.3", buf, 20), 0);
}
END_TEST

START_TEST(test_proc_net_tcp)
{
	struct cw_tcp_socket t;
	unsigned char lo[4], any6[16] = {0};
	inet_pton(AF_INET, "127.0.0.1", lo);
	ck_assert_int_lt(cw_tcp_parse_line("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
					   "timeout inode\n", 0, &t), 0);
	/* The kernel prints the address word in host order: this line is 127.0.0.1 on a little-endian machine. */
	char line[256];
	uint32_t word;
	memcpy(&word, lo, 4);
	snprintf(line, sizeof(line),
		 "   0: %08X:EEE9 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 424242 1 "
		 "0000000000000000 100 0 0 10 0\n", (unsigned)word);
	ck_assert_int_eq(cw_tcp_parse_line(line, 0, &t), 0);
	ck_assert_int_eq(t.port, 61161);
	ck_assert_int_eq(t.state, CW_TCP_LISTEN);
	ck_assert_uint_eq(t.uid, 1000);
	ck_assert_uint_eq(t.inode, 424242);
	ck_assert_int_eq(cw_tcp_listens_for(&t, lo, 4, 61161), 1);
	ck_assert_int_eq(cw_tcp_listens_for(&t, lo, 4, 61162), 0);
	unsigned char other[4];
	inet_pton(AF_INET, "127.0.0.2", other);
	ck_assert_int_eq(cw_tcp_listens_for(&t, other, 4, 61161), 0);
	/* An established connection on that port is no listener. */
	t.state = 0x01;
	ck_assert_int_eq(cw_tcp_listens_for(&t, lo, 4, 61161), 0);
	/* tcp6: the wildcard [::] takes IPv4 connections too. */
	ck_assert_int_eq(cw_tcp_parse_line("   1: 00000000000000000000000000000000:EEE9 00000000000000000000000000000000:0000 0A "
					   "00000000:00000000 00:00000000 00000000     0        0 777 1\n", 1, &t), 0);
	ck_assert_int_eq(memcmp(t.addr, any6, 16), 0);
	ck_assert_int_eq(cw_tcp_listens_for(&t, lo, 4, 61161), 1);
	/* Malformed: short address, wrong family's length. */
	ck_assert_int_lt(cw_tcp_parse_line("   0: 0100007:EEE9 00000000:0000 0A 0:0 0:0 0 0 0 1\n", 0, &t), 0);
	ck_assert_int_lt(cw_tcp_parse_line(line, 1, &t), 0);
}
END_TEST

/* The shipped file: the moica profile expects the bridge, the others do not; the site declares none. */
START_TEST(test_faq_profiles)
{
	struct cw_wizard *w;
	struct cw_wizard_errors errs;
	ck_assert_int_eq(cw_wizard_load_file("wizard/faq.yaml", &w, &errs), 0);
	ck_assert_ptr_null(w->site.signer_min);
	struct cw_card_profile *v = malloc(sizeof(*v) * CW_PROFILE_MAX);
	int n = cw_wizard_card_profiles(w, v);
	int moica = 0;
	for (int i = 0; i < n; i++) {
		int is_moica = strcmp(v[i].policy.profile, "moica") == 0;
		moica += is_moica;
		ck_assert_int_eq(v[i].bridge_expected, is_moica);
	}
	ck_assert_int_eq(moica, 1);
	/* ...and it reaches the helper: the request carries it. */
	static uint8_t frame[CW_FRAME_MAX];
	struct cw_request q = {.op = CW_OP_CHECK, .check = CW_CHECK_SIGNER, .profiles = v, .nprofiles = n};
	strcpy(q.signer, "127.0.0.1:61161 1.3.4.3");
	int len = cw_proto_encode_request(&q, frame, sizeof(frame));
	ck_assert_int_gt(len, 4);
	struct cw_card_profile *got = malloc(sizeof(*got) * CW_PROFILE_MAX);
	struct cw_request d = {.profiles = got};
	ck_assert_int_eq(cw_proto_decode_request(frame + 4, (size_t)len - 4, &d), 0);
	ck_assert_str_eq(d.signer, q.signer);
	ck_assert_int_eq(d.nprofiles, n);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(got[i].bridge_expected, v[i].bridge_expected);
	free(got);
	free(v);
	cw_wizard_free(w);
}
END_TEST

static int load_site(const char *signer, struct cw_wizard **w)
{
	FILE *f = fopen("wizard/faq.yaml", "rb");
	ck_assert_ptr_nonnull(f);
	static char buf[CW_WIZARD_MAX_BYTES], out[CW_WIZARD_MAX_BYTES];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *at = strstr(buf, "  contacts:\n");
	ck_assert_ptr_nonnull(at);
	int len = snprintf(out, sizeof(out), "%.*s%s%s", (int)(at - buf), buf, signer, at);
	struct cw_wizard_errors errs;
	return cw_wizard_load_buffer("site.yaml", out, (size_t)len, w, &errs);
}

START_TEST(test_site_min_version)
{
	struct cw_wizard *w;
	ck_assert_int_eq(load_site("  signer: {host: 127.0.0.1, port: 61161}\n", &w), 0);
	ck_assert_str_eq(w->site.signer_min, CW_BRIDGE_MIN_VERSION); /* the default */
	cw_wizard_free(w);
	ck_assert_int_eq(load_site("  signer: {host: 127.0.0.1, port: 61161, min_version: 1.3.4.103}\n", &w), 0);
	ck_assert_str_eq(w->site.signer_min, "1.3.4.103");
	cw_wizard_free(w);
	ck_assert_int_eq(load_site("  signer: {host: 127.0.0.1, port: 61161, min_version: \"1.3\"}\n", &w), 0);
	cw_wizard_free(w);
	ck_assert_int_eq(load_site("  signer: {host: 127.0.0.1, port: 61161, min_version: latest}\n", &w), -1);
	ck_assert_int_eq(load_site("  signer: {host: 127.0.0.1, port: 61161, min_version: 1.3.4.3x}\n", &w), -1);
}
END_TEST

static Suite *bridge_suite(void)
{
	Suite *s = suite_create("bridge");
	TCase *tc = tcase_create("bridge");
	tcase_add_test(tc, test_version_compare);
	tcase_add_test(tc, test_version_parse_strict);
	tcase_add_test(tc, test_page_version);
	tcase_add_test(tc, test_signer_text);
	tcase_add_test(tc, test_proc_net_tcp);
	tcase_add_test(tc, test_faq_profiles);
	tcase_add_test(tc, test_site_min_version);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(bridge_suite)
