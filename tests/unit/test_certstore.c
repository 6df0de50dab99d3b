/* test_certstore.c — the cert-import check: first sighting, the same card, a new card until its import is confirmed, the kiosk, and a state folder that fails. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cw/certstore.h"
#include "cw/safefile.h"
#include "unit.h"

#define ALICE "CN=cardwiz Test User,O=cardwiz,C=TW"
#define BOB "CN=王小明,C=TW"
#define FP1 "AA:BB:01"
#define FP2 "AA:BB:02"
#define FP3 "AA:BB:03"
#define T0 1767225600LL /* 2026-01-01 */

static char tmp[64], state[128];
static struct cw_result r;

static void make_tmp(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/cw-certstore-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(state, sizeof(state), "%s/state/cardwiz", tmp);
	umask(022);
}

static void remove_tmp(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

static enum cw_code check(const char *dir, const char *subject, const char *serial, const char *sign,
			  const char *enc, long long now)
{
	cw_result_init(&r, CW_CHECK_CERT_IMPORT);
	enum cw_code code = cw_certstore_check(dir, subject, serial, sign, enc, now, &r);
	ck_assert_int_eq(r.code, code);
	return code;
}

static enum cw_code check_mode(enum cw_certstore_mode mode, const char *dir, const char *subject, const char *serial,
			       const char *sign, const char *enc, long long now)
{
	cw_result_init(&r, CW_CHECK_CERT_IMPORT);
	enum cw_code code = cw_certstore_check_mode(mode, dir, subject, serial, sign, enc, now, &r);
	ck_assert_int_eq(r.code, code);
	return code;
}

/* Where the record of subject lives under dir: the SHA-256 hex of the subject. */
static const char *record_of(const char *dir, const char *subject)
{
	static char path[256];
	unsigned char md[32];
	ck_assert(EVP_Digest(subject, strlen(subject), md, NULL, EVP_sha256(), NULL));
	int at = snprintf(path, sizeof(path), "%s/", dir);
	for (int i = 0; i < 32; i++)
		at += snprintf(path + at, sizeof(path) - (size_t)at, "%02x", md[i]);
	return path;
}

static const char *slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	ck_assert_int_eq(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

START_TEST(test_first_sighting_then_same)
{
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_int_eq(r.status, CW_STATUS_PASS);
	ck_assert_str_eq(cw_result_get(&r, "remembered"), "yes");
	ck_assert_ptr_null(cw_result_get(&r, "state"));
	const char *rec = record_of(state, ALICE);
	ck_assert_uint_eq(mode_of(rec), 0600);
	ck_assert_uint_eq(mode_of(state), 0700);
	ck_assert_str_eq(slurp(rec), "subject=" ALICE "\ntoken_serial=0001\nsign_sha256=" FP1 "\nenc_sha256=" FP2
				     "\nfirst_seen=1767225600\nlast_seen=1767225600\n");

	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0 + 60), CW_CODE_OK);
	ck_assert_ptr_null(cw_result_get(&r, "remembered"));
	ck_assert_ptr_null(cw_result_get(&r, "previous_serial"));
	ck_assert_str_eq(cw_result_get(&r, "token_serial"), "0001");
	ck_assert_ptr_nonnull(strstr(slurp(rec), "first_seen=1767225600\nlast_seen=1767225660\n"));
}
END_TEST

START_TEST(test_new_card_until_imported)
{
	check(state, ALICE, "0001", FP1, FP2, T0);
	char before[4096];
	snprintf(before, sizeof(before), "%s", slurp(record_of(state, ALICE)));
	ck_assert_int_eq(check(state, ALICE, "0002", FP1, FP2, T0 + 1), CW_CODE_NEW_CARD);
	ck_assert_int_eq(r.status, CW_STATUS_WARN);
	ck_assert_str_eq(cw_result_get(&r, "previous_serial"), "0001");
	ck_assert_ptr_null(cw_result_get(&r, "previous_sha256"));
	ck_assert_str_eq(r.note, "changed: token serial");
	/* Nothing was imported: the record stays on the old card, and a second look says it again. */
	ck_assert_str_eq(slurp(record_of(state, ALICE)), before);
	ck_assert_int_eq(check(state, ALICE, "0002", FP1, FP2, T0 + 2), CW_CODE_NEW_CARD);
	ck_assert_str_eq(slurp(record_of(state, ALICE)), before);
	/* The person confirms the import: it passes, and the record moves to the new card. */
	ck_assert_int_eq(check_mode(CW_CERTSTORE_IMPORTED, state, ALICE, "0002", FP1, FP2, T0 + 3), CW_CODE_OK);
	ck_assert_str_eq(cw_result_get(&r, "imported"), "yes");
	ck_assert_str_eq(cw_result_get(&r, "previous_serial"), "0001");
	ck_assert_str_eq(r.note, "import confirmed: the new card is remembered");
	ck_assert_int_eq(check(state, ALICE, "0002", FP1, FP2, T0 + 4), CW_CODE_OK);
	ck_assert_ptr_null(cw_result_get(&r, "remembered"));
	ck_assert_ptr_nonnull(strstr(slurp(record_of(state, ALICE)), "token_serial=0002\n"));
	ck_assert_ptr_nonnull(strstr(slurp(record_of(state, ALICE)), "first_seen=1767225600\n"));
	/* A confirmation with nothing new changes nothing. */
	ck_assert_int_eq(check_mode(CW_CERTSTORE_IMPORTED, state, ALICE, "0002", FP1, FP2, T0 + 5), CW_CODE_OK);
	ck_assert_ptr_null(cw_result_get(&r, "imported"));
}
END_TEST

START_TEST(test_kiosk_writes_nothing)
{
	/* First sighting at a station: passes, but nothing is created. */
	ck_assert_int_eq(check_mode(CW_CERTSTORE_READ_ONLY, state, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_ptr_null(cw_result_get(&r, "remembered"));
	ck_assert_str_eq(cw_result_get(&r, "state"), "not saved: kiosk");
	ck_assert_int_eq(access(state, F_OK), -1);
	/* A record made elsewhere is compared with, never changed, not even by a confirmation. */
	check(state, ALICE, "0001", FP1, FP2, T0);
	char before[4096];
	snprintf(before, sizeof(before), "%s", slurp(record_of(state, ALICE)));
	ck_assert_int_eq(check_mode(CW_CERTSTORE_READ_ONLY, state, ALICE, "0001", FP1, FP2, T0 + 9), CW_CODE_OK);
	ck_assert_int_eq(check_mode(CW_CERTSTORE_READ_ONLY, state, ALICE, "0002", FP1, FP2, T0 + 9), CW_CODE_NEW_CARD);
	ck_assert_str_eq(slurp(record_of(state, ALICE)), before);
}
END_TEST

START_TEST(test_new_certificate_same_card)
{
	check(state, ALICE, "0001", FP1, FP2, T0);
	ck_assert_int_eq(check(state, ALICE, "0001", FP3, FP2, T0 + 1), CW_CODE_NEW_CARD);
	ck_assert_str_eq(cw_result_get(&r, "previous_sha256"), FP1);
	ck_assert_ptr_null(cw_result_get(&r, "previous_serial"));
	ck_assert_str_eq(r.note, "changed: signature certificate");
	check_mode(CW_CERTSTORE_IMPORTED, state, ALICE, "0001", FP3, FP2, T0 + 1);
	ck_assert_int_eq(check(state, ALICE, "0001", FP3, FP1, T0 + 2), CW_CODE_NEW_CARD);
	ck_assert_str_eq(cw_result_get(&r, "previous_sha256"), FP2);
	ck_assert_str_eq(r.note, "changed: encryption certificate");
	check_mode(CW_CERTSTORE_IMPORTED, state, ALICE, "0001", FP3, FP1, T0 + 2);
	/* Everything at once: the signature certificate's old fingerprint is the one given. */
	ck_assert_int_eq(check(state, ALICE, "0009", FP1, FP3, T0 + 3), CW_CODE_NEW_CARD);
	ck_assert_str_eq(cw_result_get(&r, "previous_serial"), "0001");
	ck_assert_str_eq(cw_result_get(&r, "previous_sha256"), FP3);
	ck_assert_str_eq(r.note, "changed: token serial, signature certificate, encryption certificate");
	/* One language per remark: the other language's is all Chinese, not English with Chinese parts. */
	ck_assert_str_eq(r.note_alt, "已變更：卡片序號、簽章憑證、加密憑證");
	ck_assert_int_eq(r.note_lang, CW_LANG_EN);
}
END_TEST

START_TEST(test_unknown_values_are_not_changes)
{
	check(state, ALICE, "0001", FP1, FP2, T0);
	/* A card read without its encryption certificate (or serial) is not another card... */
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, NULL, T0 + 1), CW_CODE_OK);
	ck_assert_int_eq(check(state, ALICE, "", FP1, "", T0 + 2), CW_CODE_OK);
	/* ...and what was known stays known. */
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP3, T0 + 3), CW_CODE_NEW_CARD);
	ck_assert_str_eq(cw_result_get(&r, "previous_sha256"), FP2);
}
END_TEST

START_TEST(test_two_persons)
{
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_int_eq(check(state, BOB, "0002", FP3, NULL, T0), CW_CODE_OK);
	ck_assert_str_eq(cw_result_get(&r, "remembered"), "yes");
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0 + 1), CW_CODE_OK);
	ck_assert_int_eq(check(state, BOB, "0002", FP3, NULL, T0 + 1), CW_CODE_OK);
	ck_assert_int_eq(check(state, BOB, "0003", FP1, NULL, T0 + 2), CW_CODE_NEW_CARD);
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0 + 3), CW_CODE_OK);
	ck_assert_ptr_null(cw_result_get(&r, "remembered"));
	char alice[256];
	snprintf(alice, sizeof(alice), "%s", record_of(state, ALICE));
	ck_assert_str_ne(alice, record_of(state, BOB));
	ck_assert_int_eq(access(alice, F_OK), 0);
	ck_assert_int_eq(access(record_of(state, BOB), F_OK), 0);
}
END_TEST

START_TEST(test_subject_with_odd_bytes_round_trips)
{
	static const char odd[] = "CN=a\nb%c=d\r\x01,O=x";
	ck_assert_int_eq(check(state, odd, "1\n2", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_str_eq(cw_result_get(&r, "remembered"), "yes");
	ck_assert_int_eq(check(state, odd, "1\n2", FP1, FP2, T0 + 1), CW_CODE_OK);
	ck_assert_ptr_null(cw_result_get(&r, "remembered"));
	ck_assert_ptr_nonnull(strstr(slurp(record_of(state, odd)), "subject=CN=a%0Ab%25c=d%0D%01,O=x\n"));
}
END_TEST

START_TEST(test_corrupt_record_is_a_first_sighting)
{
	static const char *const corrupt[] = {
		"", "garbage", "\x00\x01\x02", "subject=" ALICE "\n", /* cut short */
		"subject=" ALICE "\ntoken_serial=0001\nsign_sha256=x\nenc_sha256=y\nfirst_seen=1\nlast_seen=2", /* no last newline */
		"subject=" ALICE "\ntoken_serial=0001\nsign_sha256=x\nenc_sha256=y\nfirst_seen=yesterday\nlast_seen=2\n",
		"subject=" ALICE "\ntoken_serial=%G1\nsign_sha256=x\nenc_sha256=y\nfirst_seen=1\nlast_seen=2\n",
		"subject=" BOB "\ntoken_serial=0001\nsign_sha256=x\nenc_sha256=y\nfirst_seen=1\nlast_seen=2\n", /* not hers */
	};
	const char *rec = record_of(state, ALICE);
	ck_assert_int_eq(cw_mkdir_private(state, 0700), 0);
	for (size_t i = 0; i < sizeof(corrupt) / sizeof(corrupt[0]); i++) {
		ck_assert_int_eq(cw_write_atomic(rec, corrupt[i], strlen(corrupt[i]) + (i == 2), 0600), 0);
		ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
		ck_assert_msg(cw_result_get(&r, "remembered") != NULL, "record %zu", i);
		/* Rewritten whole: the next sighting compares against it. */
		ck_assert_int_eq(check(state, ALICE, "0002", FP1, FP2, T0 + 1), CW_CODE_NEW_CARD);
	}
	/* A later cardwiz's extra keys are not corruption. */
	const char *newer = "subject=" ALICE "\ntoken_serial=0001\nsign_sha256=" FP1 "\nenc_sha256=" FP2
			    "\nfirst_seen=1\nlast_seen=2\ncolour=blue\n";
	ck_assert_int_eq(cw_write_atomic(rec, newer, strlen(newer), 0600), 0);
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_ptr_null(cw_result_get(&r, "remembered"));
	/* Not a file at all. */
	unlink(rec);
	ck_assert_int_eq(mkfifo(rec, 0600), 0);
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_str_eq(cw_result_get(&r, "remembered"), "yes");
}
END_TEST

START_TEST(test_xdg_state_home)
{
	char xdg[160], home[160], where[200];
	snprintf(xdg, sizeof(xdg), "%s/xdg", tmp);
	setenv("XDG_STATE_HOME", xdg, 1);
	ck_assert_int_eq(check(NULL, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
	snprintf(where, sizeof(where), "%s/cardwiz", xdg);
	ck_assert_int_eq(access(record_of(where, ALICE), F_OK), 0);
	ck_assert_uint_eq(mode_of(where), 0700);
	ck_assert_uint_eq(mode_of(xdg), 0700);

	/* A relative XDG_STATE_HOME is invalid by the spec: $HOME/.local/state instead. */
	snprintf(home, sizeof(home), "%s/home", tmp);
	setenv("HOME", home, 1);
	setenv("XDG_STATE_HOME", "relative/state", 1);
	ck_assert_int_eq(check(NULL, BOB, "0002", FP1, FP2, T0), CW_CODE_OK);
	snprintf(where, sizeof(where), "%s/.local/state/cardwiz", home);
	ck_assert_int_eq(access(record_of(where, BOB), F_OK), 0);
	unsetenv("XDG_STATE_HOME");
	ck_assert_int_eq(check(NULL, BOB, "0002", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_ptr_null(cw_result_get(&r, "remembered"));

	/* Nowhere to keep it: still an answer. */
	unsetenv("HOME");
	ck_assert_int_eq(check(NULL, BOB, "0002", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_ptr_nonnull(cw_result_get(&r, "state"));
}
END_TEST

START_TEST(test_state_not_writable)
{
	/* Tests run as root, where chmod stops nothing: a path through a regular file cannot be made. */
	char file[160], dir[200];
	snprintf(file, sizeof(file), "%s/file", tmp);
	snprintf(dir, sizeof(dir), "%s/sub", file);
	ck_assert_int_eq(cw_write_new(file, "x", 1, 0600), 0);
	ck_assert_int_eq(check(dir, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
	ck_assert_str_eq(cw_result_get(&r, "remembered"), "yes");
	ck_assert_str_eq(cw_result_get(&r, "state"), "not saved: Not a directory");
	ck_assert_int_eq(check(dir, ALICE, "0002", FP1, FP2, T0), CW_CODE_OK); /* nothing was kept to compare */

	/* What could be read still answers when the write fails: a folder that is a symlink is refused. */
	ck_assert_int_eq(check(state, ALICE, "0001", FP1, FP2, T0), CW_CODE_OK);
	char link[160];
	snprintf(link, sizeof(link), "%s/link", tmp);
	ck_assert_int_eq(symlink(state, link), 0);
	ck_assert_int_eq(check(link, ALICE, "0002", FP1, FP2, T0 + 1), CW_CODE_NEW_CARD);
	ck_assert_str_eq(cw_result_get(&r, "previous_serial"), "0001");
	ck_assert_ptr_null(cw_result_get(&r, "state")); /* a new card is not written: nothing failed */
	ck_assert_int_eq(check_mode(CW_CERTSTORE_IMPORTED, link, ALICE, "0002", FP1, FP2, T0 + 1), CW_CODE_OK);
	ck_assert_str_eq(cw_result_get(&r, "state"), "not saved: Too many levels of symbolic links");
	ck_assert_ptr_nonnull(strstr(slurp(record_of(state, ALICE)), "token_serial=0001\n"));
}
END_TEST

START_TEST(test_no_subject_and_no_result)
{
	ck_assert_int_eq(check(state, NULL, "0001", FP1, FP2, T0), CW_CODE_NOT_RUN);
	ck_assert_int_eq(r.status, CW_STATUS_SKIP);
	ck_assert_int_eq(check(state, "", "0001", FP1, FP2, T0), CW_CODE_NOT_RUN);
	ck_assert_int_eq(access(state, F_OK), -1); /* nothing stored for nobody */
	ck_assert_int_eq(cw_certstore_check(state, ALICE, "0001", FP1, FP2, T0, NULL), CW_CODE_OK);
	ck_assert_int_eq(cw_certstore_check(state, ALICE, "0002", FP1, FP2, T0, NULL), CW_CODE_NEW_CARD);
}
END_TEST

static Suite *certstore_suite(void)
{
	Suite *s = suite_create("certstore");
	TCase *tc = tcase_create("records");
	tcase_add_checked_fixture(tc, make_tmp, remove_tmp);
	tcase_add_test(tc, test_first_sighting_then_same);
	tcase_add_test(tc, test_new_card_until_imported);
	tcase_add_test(tc, test_kiosk_writes_nothing);
	tcase_add_test(tc, test_new_certificate_same_card);
	tcase_add_test(tc, test_unknown_values_are_not_changes);
	tcase_add_test(tc, test_two_persons);
	tcase_add_test(tc, test_subject_with_odd_bytes_round_trips);
	tcase_add_test(tc, test_corrupt_record_is_a_first_sighting);
	tcase_add_test(tc, test_xdg_state_home);
	tcase_add_test(tc, test_state_not_writable);
	tcase_add_test(tc, test_no_subject_and_no_result);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(certstore_suite)
