/* secret.c — secret buffers in mlock'd pages excluded from core dumps, wiped on every release. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cw/secret.h"

struct cw_secret {
	size_t len;
	int locked; /* mlock can fail under RLIMIT_MEMLOCK; the page is still wiped and not dumped */
	char bytes[CW_SECRET_MAX + 1];
};

void cw_wipe(void *p, size_t len)
{
	explicit_bzero(p, len);
}

void cw_secret_no_dumps(void)
{
	static int done;
	if (done)
		return;
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	done = 1;
}

struct cw_secret *cw_secret_new(void)
{
	cw_secret_no_dumps();
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, page, MADV_DONTDUMP);
	madvise(p, page, MADV_WIPEONFORK); /* a forked child never sees it */
	struct cw_secret *s = p;
	s->len = 0;
	s->locked = mlock(p, page) == 0;
	return s;
}

void cw_secret_free(struct cw_secret *s)
{
	if (!s)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	cw_wipe(s, page);
	munlock(s, page);
	munmap(s, page);
}

void cw_secret_clear(struct cw_secret *s)
{
	cw_wipe(s->bytes, sizeof(s->bytes));
	s->len = 0;
}

int cw_secret_set(struct cw_secret *s, const char *bytes, size_t len)
{
	cw_secret_clear(s);
	if (len > CW_SECRET_MAX)
		return -1;
	memcpy(s->bytes, bytes, len);
	s->len = len;
	return 0;
}

int cw_secret_push(struct cw_secret *s, char c)
{
	if (s->len >= CW_SECRET_MAX)
		return -1;
	s->bytes[s->len++] = c;
	return 0;
}

int cw_secret_pop(struct cw_secret *s)
{
	if (!s->len)
		return -1;
	s->bytes[--s->len] = '\0';
	return 0;
}

int cw_secret_read_fd(struct cw_secret *s, int fd)
{
	cw_secret_clear(s);
	for (;;) {
		char c;
		ssize_t n = read(fd, &c, 1); /* byte by byte: nothing past the line is consumed or buffered */
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cw_secret_clear(s);
			return -1;
		}
		if (n == 0 || c == '\n')
			break;
		if (c == '\0') { /* no card takes a NUL, and C strings would cut the PIN there: refuse it */
			cw_secret_clear(s);
			errno = EINVAL;
			return -1;
		}
		if (cw_secret_push(s, c) < 0) {
			cw_wipe(&c, 1);
			cw_secret_clear(s);
			return -1;
		}
	}
	if (s->len && s->bytes[s->len - 1] == '\r')
		cw_secret_pop(s);
	return 0;
}

const char *cw_secret_str(const struct cw_secret *s) { return s->bytes; }
size_t cw_secret_len(const struct cw_secret *s) { return s->len; }
