/* log.c - APDU log: timestamped lines, PIN/PUK bytes masked, one write() per line. */
#include "log.h"

#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int log_fd = -1;

/* instructions whose data field is a PIN or PUK: VERIFY, CHANGE REFERENCE DATA,
 * RESET RETRY COUNTER */
static const uint8_t secret_ins[] = { 0x20, 0x24, 0x2C };

int log_open(const char *path)
{
	log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (log_fd < 0) {
		fprintf(stderr, "vcard: cannot open APDU log %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

void log_close(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}

static void stamp(struct buf *b)
{
	struct timespec ts;
	struct tm tm;
	char s[48];

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	size_t k = strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(s + k, sizeof s - k, ".%03ld", ts.tv_nsec / 1000000);
	buf_add(b, s, strlen(s));
}

/* a line goes out in one write so a reader tailing the file never sees half */
static void emit(struct buf *b)
{
	buf_byte(b, '\n');
	for (size_t off = 0; off < b->len;) {
		ssize_t w = write(log_fd, b->p + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* a full disk must not stop the card */
		off += (size_t)w;
	}
}

static void hex(struct buf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		char h[3] = { ' ', digits[p[i] >> 4], digits[p[i] & 15] };
		buf_add(b, h, 3);
	}
}

static bool is_secret(const uint8_t *cmd, size_t n)
{
	if (n < 2)
		return false;
	for (size_t i = 0; i < sizeof secret_ins; i++)
		if (cmd[1] == secret_ins[i])
			return true;
	return false;
}

void log_event(const char *fmt, ...)
{
	if (log_fd < 0)
		return;
	struct buf b = { 0 };
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	stamp(&b);
	buf_byte(&b, ' ');
	buf_add(&b, msg, strlen(msg));
	emit(&b);
	buf_free(&b);
}

void log_apdu(const uint8_t *cmd, size_t n, const uint8_t *resp, size_t rn, const char *note)
{
	if (log_fd < 0)
		return;
	struct buf b = { 0 };

	stamp(&b);
	buf_add(&b, " >", 2);
	if (is_secret(cmd, n) && n > 5) {
		/* header and Lc stay readable; the PIN never reaches the disk */
		hex(&b, cmd, 5);
		buf_add(&b, " **", 3);
	} else {
		hex(&b, cmd, n);
	}
	buf_add(&b, " <", 2);
	if (resp != NULL && rn >= 2) {
		char extra[48];
		hex(&b, resp + rn - 2, 2);
		if (rn > 2) {
			snprintf(extra, sizeof extra, " (%zu bytes)", rn - 2);
			buf_add(&b, extra, strlen(extra));
		}
	}
	if (note != NULL) {
		buf_byte(&b, ' ');
		buf_add(&b, note, strlen(note));
	}
	emit(&b);
	buf_free(&b);
}
