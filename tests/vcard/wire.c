/* wire.c - TCP client side of the vpcd protocol, tuned for sub-millisecond round trips. */
#define _GNU_SOURCE /* ppoll */
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* poll that lets SIGINT/SIGTERM in only while it waits; -2 when one came */
static int wait_fd(int fd, short events, long ms, const sigset_t *waitmask)
{
	struct pollfd p = { .fd = fd, .events = events };
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	int r = ppoll(fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, ms < 0 ? NULL : &ts, waitmask);

	if (r < 0 && errno == EINTR)
		return -2;
	return r;
}

static void tune(int fd)
{
	int one = 1;

	/* vpcd reads a frame in two parts: without NODELAY each answer waits for
	 * the delayed ACK (40-100 ms per APDU) */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* One non-blocking attempt on one address, bounded by ms. */
static int try_connect(const struct addrinfo *ai, long ms, const sigset_t *waitmask, int *err)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);

	if (fd < 0) {
		*err = errno;
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		if (errno != EINPROGRESS) {
			*err = errno;
			close(fd);
			return -1;
		}
		int w = wait_fd(fd, POLLOUT, ms, waitmask);
		socklen_t sl = sizeof *err;
		if (w == -2) {
			close(fd);
			return -2;
		}
		if (w <= 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, err, &sl) < 0 || *err != 0) {
			if (w == 0)
				*err = ETIMEDOUT;
			close(fd);
			return -1;
		}
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	tune(fd);
	return fd;
}

int wire_connect(const char *host, const char *port, int timeout_ms, const sigset_t *waitmask)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	long deadline = now_ms() + timeout_ms;
	int err = 0;

	for (;;) {
		struct addrinfo *res = NULL;
		int gai = getaddrinfo(host, port, &hints, &res);
		if (gai != 0) {
			fprintf(stderr, "vcard: cannot resolve %s:%s: %s\n", host, port, gai_strerror(gai));
			return WIRE_ERROR;
		}
		for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
			long left = deadline - now_ms();
			int fd = try_connect(ai, left > 0 ? left : 1, waitmask, &err);
			if (fd >= 0 || fd == -2) {
				freeaddrinfo(res);
				return fd >= 0 ? fd : WIRE_STOP;
			}
		}
		freeaddrinfo(res);
		/* vpcd listens only once pcscd has loaded it: keep knocking */
		if (now_ms() >= deadline)
			break;
		if (wait_fd(-1, 0, 15, waitmask) == -2)
			return WIRE_STOP;
	}
	fprintf(stderr, "vcard: cannot connect to vpcd at %s:%s: %s (gave up after %d ms)\n", host,
		port, strerror(err), timeout_ms);
	return WIRE_ERROR;
}

/* WIRE_OK when n bytes arrived; WIRE_CLOSED only for EOF before the first byte */
static int read_full(int fd, uint8_t *p, size_t n, const sigset_t *waitmask)
{
	size_t got = 0;
	int one = 1;

	while (got < n) {
		if (wait_fd(fd, POLLIN, -1, waitmask) == -2)
			return WIRE_STOP;
		/* Linux turns quick ACK off again by itself, so ask before every read */
		setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
		ssize_t r = read(fd, p + got, n - got);
		if (r == 0)
			return got == 0 ? WIRE_CLOSED : WIRE_ERROR;
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return errno == ECONNRESET ? WIRE_CLOSED : WIRE_ERROR;
		}
		got += (size_t)r;
	}
	return WIRE_OK;
}

int wire_recv(int fd, uint8_t *buf, size_t *len, const sigset_t *waitmask)
{
	uint8_t hdr[2];
	int r = read_full(fd, hdr, 2, waitmask);

	if (r != WIRE_OK)
		return r;
	*len = (size_t)hdr[0] << 8 | hdr[1];
	if (*len == 0)
		return WIRE_OK;
	r = read_full(fd, buf, *len, waitmask);
	return r == WIRE_CLOSED ? WIRE_ERROR : r; /* EOF inside a frame is a torn frame */
}

int wire_send(int fd, const uint8_t *data, size_t len)
{
	uint8_t frame[2 + WIRE_MAX];

	if (len > WIRE_MAX)
		return WIRE_ERROR;
	frame[0] = (uint8_t)(len >> 8);
	frame[1] = (uint8_t)len;
	if (len > 0)
		memcpy(frame + 2, data, len);
	for (size_t off = 0; off < len + 2;) {
		/* MSG_NOSIGNAL: a reader gone away is a removal, not a SIGPIPE death */
		ssize_t w = send(fd, frame + off, len + 2 - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return WIRE_ERROR;
		off += (size_t)w;
	}
	return WIRE_OK;
}
