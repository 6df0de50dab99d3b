/* signer.c — the signer check: does the local signing bridge the site names answer a TCP connect? */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdlib.h>

#include "probe_int.h"

#define SIGNER_TIMEOUT_MS 1000

/* Non-blocking connect with a deadline; 0 when something listens. */
static int tcp_answers(const char *host, int port, char *why, size_t size)
{
	char service[16];
	snprintf(service, sizeof(service), "%d", port);
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV}, *ai;
	int rc = getaddrinfo(host, service, &hints, &ai);
	if (rc != 0) {
		snprintf(why, size, "%s", gai_strerror(rc));
		return -1;
	}
	int ok = -1;
	for (struct addrinfo *a = ai; a && ok < 0; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
			ok = 0;
		} else if (errno == EINPROGRESS) {
			struct pollfd p = {.fd = fd, .events = POLLOUT};
			int err = 0;
			socklen_t len = sizeof(err);
			if (poll(&p, 1, SIGNER_TIMEOUT_MS) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
			    err == 0)
				ok = 0;
			else
				snprintf(why, size, "%s", err ? strerror(err) : "no answer within 1 s");
		} else {
			snprintf(why, size, "%s", strerror(errno));
		}
		close(fd);
	}
	freeaddrinfo(ai);
	return ok;
}

void cw_probe_signer(struct cw_probe_session *s, struct cw_result *r)
{
	/* "host:port" from the request (the site's wizard file, read by the UI process). */
	char host[80];
	const char *colon = strrchr(s->signer, ':');
	int port = colon ? atoi(colon + 1) : 0;
	if (!colon || port <= 0 || port > 65535 || (size_t)(colon - s->signer) >= sizeof(host)) {
		cw_result_set(r, CW_CODE_NO_SIGNER_CONFIGURED);
		return;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - s->signer), s->signer);
	cw_result_add(r, "signer", "%s:%d", host, port);
	char why[128] = "";
	if (tcp_answers(host, port, why, sizeof(why)) == 0) {
		cw_result_set(r, CW_CODE_OK);
		cw_result_note(r, "%s:%d", host, port);
		return;
	}
	cw_result_set(r, CW_CODE_SIGNER_NOT_RUNNING);
	cw_result_note(r, "%s:%d: %s", host, port, why);
}
