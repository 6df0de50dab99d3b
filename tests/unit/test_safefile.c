/* test_safefile.c — private folders, atomic and create-only writes: modes, planted symlinks, racing writers. */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cw/safefile.h"
#include "unit.h"

static char tmp[64];

static void make_tmp(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/cw-safefile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void remove_tmp(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *in_tmp(const char *name)
{
	static char paths[4][256];
	static int next;
	char *p = paths[next++ % 4];
	snprintf(p, sizeof(paths[0]), "%s/%s", tmp, name);
	return p;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	ck_assert_int_eq(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

/* The whole file in a static buffer; its length in *len. */
static const char *slurp(const char *path, size_t *len)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static const char *slurp_str(const char *path)
{
	size_t len;
	return slurp(path, &len);
}

START_TEST(test_atomic_mode_whatever_the_umask)
{
	static const struct { mode_t umask, want; } cases[] = {
		{022, 0600}, {077, 0600}, {0, 0600}, {077, 0644}, {022, 0640},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		umask(cases[i].umask);
		const char *p = in_tmp("state");
		ck_assert_int_eq(cw_write_atomic(p, "abc", 3, cases[i].want), 0);
		ck_assert_uint_eq(mode_of(p), cases[i].want);
		ck_assert_str_eq(slurp_str(p), "abc");
	}
}
END_TEST

START_TEST(test_atomic_replaces_and_leaves_no_temp)
{
	const char *p = in_tmp("report.txt");
	ck_assert_int_eq(cw_write_atomic(p, "first", 5, 0600), 0);
	ck_assert_int_eq(cw_write_atomic(p, "second, longer", 14, 0600), 0);
	ck_assert_str_eq(slurp_str(p), "second, longer");
	ck_assert_int_eq(cw_write_atomic(p, "", 0, 0600), 0); /* empty content is a content */
	ck_assert_str_eq(slurp_str(p), "");
	DIR *d = opendir(tmp);
	int entries = 0;
	for (struct dirent *e; (e = readdir(d));)
		entries += e->d_name[0] != '.' || strstr(e->d_name, ".tmp") != NULL;
	closedir(d);
	ck_assert_int_eq(entries, 1);
}
END_TEST

START_TEST(test_atomic_replaces_a_planted_symlink_not_its_target)
{
	const char *victim = in_tmp("victim"), *link = in_tmp("state");
	ck_assert_int_eq(cw_write_new(victim, "original", 8, 0644), 0);
	ck_assert_int_eq(symlink(victim, link), 0);
	ck_assert_int_eq(cw_write_atomic(link, "mine", 4, 0600), 0);
	struct stat st;
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_str_eq(slurp_str(link), "mine");
	ck_assert_str_eq(slurp_str(victim), "original");
	ck_assert_uint_eq(mode_of(victim), 0644);
}
END_TEST

START_TEST(test_atomic_fails_cleanly)
{
	errno = 0;
	ck_assert_int_eq(cw_write_atomic(in_tmp("no/such/dir/file"), "x", 1, 0600), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(mkdir(in_tmp("adir"), 0700), 0);
	ck_assert_int_eq(cw_write_atomic(in_tmp("adir"), "x", 1, 0600), -1); /* a folder is not replaced */
	DIR *d = opendir(tmp);
	for (struct dirent *e; (e = readdir(d));)
		ck_assert_ptr_null(strstr(e->d_name, ".tmp"));
	closedir(d);
}
END_TEST

START_TEST(test_new_creates_once)
{
	umask(022);
	const char *p = in_tmp("cert.der");
	ck_assert_int_eq(cw_write_new(p, "DER", 3, 0600), 0);
	ck_assert_uint_eq(mode_of(p), 0600);
	errno = 0;
	ck_assert_int_eq(cw_write_new(p, "other", 5, 0600), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_str_eq(slurp_str(p), "DER");
	umask(077);
	ck_assert_int_eq(cw_write_new(in_tmp("public.pem"), "PEM", 3, 0644), 0);
	ck_assert_uint_eq(mode_of(in_tmp("public.pem")), 0644);
}
END_TEST

START_TEST(test_new_refuses_symlinks)
{
	const char *victim = in_tmp("victim"), *link = in_tmp("export.der");
	ck_assert_int_eq(cw_write_new(victim, "original", 8, 0600), 0);
	ck_assert_int_eq(symlink(victim, link), 0);
	errno = 0;
	ck_assert_int_eq(cw_write_new(link, "x", 1, 0600), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_str_eq(slurp_str(victim), "original");
	/* A dangling link must not create its target either. */
	const char *dangling = in_tmp("dangling"), *target = in_tmp("created-through-link");
	ck_assert_int_eq(symlink(target, dangling), 0);
	errno = 0;
	ck_assert_int_eq(cw_write_new(dangling, "x", 1, 0600), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_eq(access(target, F_OK), -1);
}
END_TEST

START_TEST(test_mkdir_private_modes_and_parents)
{
	umask(022);
	ck_assert_int_eq(cw_mkdir_private(in_tmp("a/b/c"), 0700), 0);
	ck_assert_uint_eq(mode_of(in_tmp("a")), 0700);
	ck_assert_uint_eq(mode_of(in_tmp("a/b")), 0700);
	ck_assert_uint_eq(mode_of(in_tmp("a/b/c")), 0700);
	ck_assert_int_eq(cw_mkdir_private(in_tmp("a/b/c"), 0700), 0); /* there already: fine */
	ck_assert_int_eq(cw_mkdir_private(in_tmp("a//b/d/"), 0700), 0);
	ck_assert_uint_eq(mode_of(in_tmp("a/b/d")), 0700);
	/* A folder the user made keeps the mode the user gave it. */
	ck_assert_int_eq(mkdir(in_tmp("mine"), 0755), 0);
	ck_assert_int_eq(cw_mkdir_private(in_tmp("mine"), 0700), 0);
	ck_assert_uint_eq(mode_of(in_tmp("mine")), 0755);
	umask(0);
	ck_assert_int_eq(cw_mkdir_private(in_tmp("open"), 0700), 0);
	ck_assert_uint_eq(mode_of(in_tmp("open")), 0700);
}
END_TEST

START_TEST(test_mkdir_private_refuses)
{
	ck_assert_int_eq(mkdir(in_tmp("real"), 0700), 0);
	ck_assert_int_eq(symlink(in_tmp("real"), in_tmp("link")), 0);
	errno = 0;
	ck_assert_int_eq(cw_mkdir_private(in_tmp("link"), 0700), -1);
	ck_assert_int_eq(errno, ELOOP);
	errno = 0;
	ck_assert_int_eq(cw_mkdir_private(in_tmp("link/"), 0700), -1); /* a trailing slash does not sneak through */
	ck_assert_int_eq(errno, ELOOP);
	ck_assert_int_eq(cw_write_new(in_tmp("file"), "x", 1, 0600), 0);
	errno = 0;
	ck_assert_int_eq(cw_mkdir_private(in_tmp("file"), 0700), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	errno = 0;
	ck_assert_int_eq(cw_mkdir_private(in_tmp("file/sub"), 0700), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	errno = 0;
	ck_assert_int_eq(cw_mkdir_private("", 0700), -1);
	ck_assert_int_eq(errno, ENOENT);
	/* A symlink higher up is the user's business (/home may be one). */
	ck_assert_int_eq(cw_mkdir_private(in_tmp("link/below"), 0700), 0);
	ck_assert_uint_eq(mode_of(in_tmp("real/below")), 0700);
}
END_TEST

#define BIG (256 * 1024)
#define ROUNDS 40

static void writer(const char *path, char fill)
{
	static char buf[BIG];
	memset(buf, fill, sizeof(buf));
	for (int i = 0; i < ROUNDS; i++)
		if (cw_write_atomic(path, buf, sizeof(buf), 0600) < 0)
			_exit(1);
	_exit(0);
}

/* A whole content is BIG bytes of one letter; returns the letter, or 0. */
static char whole(const char *s, size_t len)
{
	if (len != BIG || (s[0] != 'A' && s[0] != 'B'))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (s[i] != s[0])
			return 0;
	return s[0];
}

START_TEST(test_concurrent_writers_never_leave_half_a_file)
{
	const char *p = in_tmp("spool");
	ck_assert_int_eq(cw_write_atomic(p, "", 0, 0600), 0);
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		ck_assert_int_ge(kids[k], 0);
		if (kids[k] == 0)
			writer(p, (char)('A' + k));
	}
	/* Read while they write: every reader sees the old or a new whole file, never a part. */
	int alive = 2;
	while (alive) {
		size_t len;
		const char *s = slurp(p, &len);
		ck_assert_msg(len == 0 || whole(s, len), "a reader saw %zu bytes, not a whole file", len);
		int status;
		for (int k = 0; k < 2; k++)
			if (kids[k] && waitpid(kids[k], &status, WNOHANG) == kids[k]) {
				ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
				kids[k] = 0;
				alive--;
			}
	}
	size_t len;
	const char *s = slurp(p, &len);
	ck_assert(whole(s, len));
	ck_assert_uint_eq(mode_of(p), 0600);
	DIR *d = opendir(tmp); /* no writer left a temp file behind */
	for (struct dirent *e; (e = readdir(d));)
		ck_assert_ptr_null(strstr(e->d_name, ".tmp"));
	closedir(d);
}
END_TEST

static Suite *safefile_suite(void)
{
	Suite *s = suite_create("safefile");
	TCase *tc = tcase_create("files");
	tcase_add_checked_fixture(tc, make_tmp, remove_tmp);
	tcase_add_test(tc, test_atomic_mode_whatever_the_umask);
	tcase_add_test(tc, test_atomic_replaces_and_leaves_no_temp);
	tcase_add_test(tc, test_atomic_replaces_a_planted_symlink_not_its_target);
	tcase_add_test(tc, test_atomic_fails_cleanly);
	tcase_add_test(tc, test_new_creates_once);
	tcase_add_test(tc, test_new_refuses_symlinks);
	tcase_add_test(tc, test_mkdir_private_modes_and_parents);
	tcase_add_test(tc, test_mkdir_private_refuses);
	tcase_add_test(tc, test_concurrent_writers_never_leave_half_a_file);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(safefile_suite)
