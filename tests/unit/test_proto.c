/* test_proto.c — the helper protocol: round trips, secrets into locked buffers, malformed frames refused. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cw/proto.h"
#include "unit.h"

static uint8_t frame[CW_FRAME_MAX];

START_TEST(test_request_round_trip)
{
	struct cw_secret *pin = cw_secret_new(), *got_pin = cw_secret_new();
	ck_assert_ptr_nonnull(pin);
	cw_secret_set(pin, "123456", 6);
	struct cw_request q = {.op = CW_OP_CHECK, .check = CW_CHECK_SIGN, .flags = CW_REQ_ALLOW_FINAL_TRY};
	strcpy(q.reader, "Virtual PCD 00 00");
	strcpy(q.module, "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so");
	q.secret[CW_SECRET_PIN] = pin;
	int len = cw_proto_encode_request(&q, frame, sizeof(frame));
	ck_assert_int_gt(len, 4);
	struct cw_request d = {0};
	d.secret[CW_SECRET_PIN] = got_pin;
	ck_assert_int_eq(cw_proto_decode_request(frame + 4, (size_t)len - 4, &d), 0);
	ck_assert_int_eq(d.op, CW_OP_CHECK);
	ck_assert_int_eq(d.check, CW_CHECK_SIGN);
	ck_assert_int_eq(d.flags, CW_REQ_ALLOW_FINAL_TRY);
	ck_assert_str_eq(d.reader, q.reader);
	ck_assert_str_eq(d.module, q.module);
	ck_assert_str_eq(cw_secret_str(got_pin), "123456");
	/* Without a buffer for it, a secret is dropped, not stored anywhere else. */
	struct cw_request e = {0};
	ck_assert_int_eq(cw_proto_decode_request(frame + 4, (size_t)len - 4, &e), 0);
	ck_assert(memmem(&e, sizeof(e), "123456", 6) == NULL);
	cw_secret_free(pin);
	cw_secret_free(got_pin);
}
END_TEST

START_TEST(test_result_round_trip)
{
	struct cw_result r, d;
	cw_result_init(&r, CW_CHECK_CARD);
	cw_result_set(&r, CW_CODE_CARD_UNKNOWN);
	cw_result_note(&r, "ATR 3B");
	cw_result_add(&r, "atr", "3B");
	cw_result_add(&r, "reader", "讀卡機 00 00");
	int len = cw_proto_encode_result(&r, frame, sizeof(frame));
	ck_assert_int_eq(cw_proto_decode_result(frame + 4, (size_t)len - 4, &d), 0);
	ck_assert_int_eq(d.check, CW_CHECK_CARD);
	ck_assert_int_eq(d.code, CW_CODE_CARD_UNKNOWN);
	ck_assert_int_eq(d.status, CW_STATUS_WARN);
	ck_assert_str_eq(d.note, "ATR 3B");
	ck_assert_str_eq(cw_result_get(&d, "reader"), "讀卡機 00 00");
	ck_assert_int_eq(d.ndetail, 2);
}
END_TEST

START_TEST(test_malformed_refused)
{
	struct cw_request q = {0};
	struct cw_result r;
	static const uint8_t bad[][8] = {
		{1, 0, 4, 0, 0, 0},          /* value shorter than its length */
		{1, 0, 4, 0, 0, 0, 99, 0},   /* op out of range... and truncated */
		{200, 0, 0},                 /* unknown tag */
		{4, 0, 2, 'a', 0},           /* a string with a NUL */
		{2, 0, 4, 0, 0, 0, 99},      /* check id out of range */
		{1, 0},                      /* truncated header */
	};
	static const size_t lens[] = {6, 8, 3, 5, 7, 2};
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		ck_assert_msg(cw_proto_decode_request(bad[i], lens[i], &q) < 0, "request %zu accepted", i);
		ck_assert_msg(cw_proto_decode_result(bad[i], lens[i], &r) < 0, "result %zu accepted", i);
	}
	/* A request without an op, and a result without a code, are incomplete. */
	static const uint8_t no_op[] = {2, 0, 4, 0, 0, 0, 1};
	ck_assert_int_lt(cw_proto_decode_request(no_op, sizeof(no_op), &q), 0);
	ck_assert_int_lt(cw_proto_decode_result(no_op, sizeof(no_op), &r), 0);
	/* A detail value without its key. */
	static const uint8_t lone_value[] = {32, 0, 4, 0, 0, 0, 0, 35, 0, 1, 'x'};
	ck_assert_int_lt(cw_proto_decode_result(lone_value, sizeof(lone_value), &r), 0);
}
END_TEST

START_TEST(test_random_bytes_never_crash)
{
	srand(7);
	struct cw_secret *pin = cw_secret_new();
	for (int round = 0; round < 20000; round++) {
		uint8_t buf[64];
		size_t len = (size_t)(rand() % (int)sizeof(buf));
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)(rand() % 40); /* small values hit the real tags */
		struct cw_request q = {0};
		q.secret[CW_SECRET_PIN] = pin;
		struct cw_result r;
		(void)cw_proto_decode_request(buf, len, &q);
		(void)cw_proto_decode_result(buf, len, &r);
	}
	cw_secret_free(pin);
}
END_TEST

START_TEST(test_secret_buffer)
{
	struct cw_secret *s = cw_secret_new();
	ck_assert_int_eq(cw_secret_push(s, '1'), 0);
	ck_assert_int_eq(cw_secret_push(s, '2'), 0);
	ck_assert_int_eq(cw_secret_pop(s), 0);
	ck_assert_str_eq(cw_secret_str(s), "1");
	char big[CW_SECRET_MAX + 2];
	memset(big, 'x', sizeof(big));
	ck_assert_int_lt(cw_secret_set(s, big, sizeof(big)), 0);
	ck_assert_int_eq(cw_secret_len(s), 0);
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], "654321\r\nrest", 12), 12);
	close(fds[1]);
	ck_assert_int_eq(cw_secret_read_fd(s, fds[0]), 0);
	ck_assert_str_eq(cw_secret_str(s), "654321");
	char rest[8] = "";
	ck_assert_int_eq(read(fds[0], rest, sizeof(rest) - 1), 4); /* nothing past the line was consumed */
	close(fds[0]);
	cw_secret_free(s);
}
END_TEST

static Suite *proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("frames");
	tcase_add_test(tc, test_request_round_trip);
	tcase_add_test(tc, test_result_round_trip);
	tcase_add_test(tc, test_malformed_refused);
	tcase_add_test(tc, test_random_bytes_never_crash);
	tcase_add_test(tc, test_secret_buffer);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(proto_suite)
