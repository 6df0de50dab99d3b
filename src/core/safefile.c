/* safefile.c — private folders, atomic replacement and create-only writes that never follow a planted symlink. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cw/safefile.h"

/* open() flags for a file cardwiz creates: never reuse what is there, never go through a link. */
#define CW_CREATE_FLAGS (O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC)

/* Open an existing directory without following a symlink in its last component. */
static int open_dir_nofollow(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	/* Linux reports a symlink opened with O_DIRECTORY as ENOTDIR; callers want to tell the two apart. */
	if (fd < 0 && errno == ENOTDIR && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
		errno = ELOOP;
	return fd;
}

/* mkdir one level; *made says whether this call created it (only new folders get their mode set). */
static int make_level(const char *dir, mode_t mode, int *made)
{
	*made = 0;
	if (mkdir(dir, mode) == 0) {
		*made = 1;
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	/* A parent we may not write to (EACCES, EROFS) is fine as long as it is already there. */
	int saved = errno;
	struct stat st;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	errno = saved;
	return -1;
}

/* Set the mode of a folder this process just made: mkdir's mode is cut by the umask. */
static int fix_mode(const char *dir, mode_t mode)
{
	int fd = open_dir_nofollow(dir);
	if (fd < 0)
		return -1;
	int rc = fchmod(fd, mode);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int cw_mkdir_private(const char *dir, mode_t mode)
{
	char buf[PATH_MAX];
	size_t n = strlen(dir);
	if (n == 0) {
		errno = ENOENT;
		return -1;
	}
	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, dir, n + 1);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	int made;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		int rc = make_level(buf, mode, &made);
		if (rc == 0 && made)
			rc = fix_mode(buf, mode);
		*p = '/';
		if (rc < 0)
			return -1;
	}
	if (make_level(buf, mode, &made) < 0)
		return -1;
	/* The check on the last level is what keeps a planted symlink from redirecting our files. */
	int fd = open_dir_nofollow(buf);
	if (fd < 0)
		return -1;
	int rc = made ? fchmod(fd, mode) : 0;
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Fill a freshly created file and close it; the mode is set here because open()'s is cut by the umask. */
static int fill_and_close(int fd, const void *data, size_t len, mode_t mode)
{
	int rc = write_all(fd, data, len);
	if (rc == 0)
		rc = fchmod(fd, mode);
	if (rc == 0)
		rc = fsync(fd);
	int saved = errno;
	if (close(fd) < 0 && rc == 0) /* NFS reports some write errors only at close */
		return -1;
	errno = saved;
	return rc;
}

static unsigned long long temp_token(void)
{
	static unsigned counter;
	unsigned long long r;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r;
	/* No entropy yet (early boot): still unique enough with O_EXCL retrying on a clash. */
	return ((unsigned long long)getpid() << 32) ^ ((unsigned long long)time(NULL) << 8) ^ ++counter;
}

/* Create "<dir>/.<name>.<random>.tmp" beside path, so the rename stays on one file system. */
static int open_temp(const char *path, char *tmp, size_t size)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	const char *base = slash ? slash + 1 : path;
	for (int tries = 0; tries < 32; tries++) {
		int n = snprintf(tmp, size, "%.*s.%s.%016llx.tmp", dirlen, path, base, temp_token());
		if (n < 0 || (size_t)n >= size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		/* Private while it is being written; the wanted mode comes once it is whole. */
		int fd = open(tmp, CW_CREATE_FLAGS, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* Make the rename itself durable; a folder that cannot be synced costs only durability. */
static void sync_parent(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int cw_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[PATH_MAX];
	int fd = open_temp(path, tmp, sizeof(tmp));
	if (fd < 0)
		return -1;
	/* rename() replaces a symlink at path itself, never the file it points to. */
	if (fill_and_close(fd, data, len, mode) < 0 || rename(tmp, path) < 0) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	sync_parent(path);
	return 0;
}

int cw_write_new(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, CW_CREATE_FLAGS, 0600);
	if (fd < 0)
		return -1;
	if (fill_and_close(fd, data, len, mode) < 0) {
		int saved = errno;
		unlink(path); /* ours: O_EXCL made it; a half export must not look like a good one */
		errno = saved;
		return -1;
	}
	return 0;
}
