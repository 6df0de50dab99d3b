/* signer.c — the signer check: is the local signing bridge listening, which process owns it, which version is it. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cw/bridge.h"
#include "cw/host.h"
#include "cw/text.h"
#include "listener.h"
#include "probe_int.h"

/* The whole check (connect, GET /, answer) fits well inside the checker's 3 s for this check. */
#define SIGNER_BUDGET_MS 2000
#define PAGE_MAX 16384 /* the page is read up to this much: a version line sits near its top */

static int ms_left(long long due)
{
	long long left = due - cw_now_ms();
	return left < 0 ? 0 : (int)left;
}

/* Non-blocking connect before the deadline; the connected socket (its peer in *peer), or -1 and why. */
static int tcp_connect(const char *host, int port, long long due, struct sockaddr_storage *peer, char *why,
		       size_t size)
{
	char service[16];
	snprintf(service, sizeof(service), "%d", port);
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV}, *ai;
	int rc = getaddrinfo(host, service, &hints, &ai);
	if (rc != 0) {
		snprintf(why, size, "%s", gai_strerror(rc));
		return -1;
	}
	int fd = -1;
	for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
		int s = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (s < 0)
			continue;
		int err = 0;
		if (connect(s, a->ai_addr, a->ai_addrlen) < 0) {
			err = errno;
			if (err == EINPROGRESS) {
				struct pollfd p = {.fd = s, .events = POLLOUT};
				socklen_t len = sizeof(err);
				if (poll(&p, 1, ms_left(due)) != 1)
					err = ETIMEDOUT;
				else if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
					err = errno;
			}
		}
		if (err) {
			snprintf(why, size, "%s", strerror(err));
			close(s);
			continue;
		}
		memcpy(peer, a->ai_addr, a->ai_addrlen);
		fd = s;
	}
	freeaddrinfo(ai);
	return fd;
}

/* Only `GET /` is free of side effects on HiPKI Local Server: its other paths (/sign, /decrypt,
 * /pkcs11info, /addDomain, /popupForm, ...) act on the card or its settings, so this check never
 * requests anything else (doc/FIELD-NOTES.md, MOICA). Returns the bytes read (0 when none). */
static size_t get_root(int fd, const char *host, int port, long long due, char *page, size_t size)
{
	char req[160];
	int n = snprintf(req, sizeof(req), "GET / HTTP/1.0\r\nHost: %s:%d\r\nConnection: close\r\n\r\n", host, port);
	if (n < 0 || (size_t)n >= sizeof(req))
		return 0;
	for (size_t sent = 0; sent < (size_t)n;) {
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		if (poll(&p, 1, ms_left(due)) != 1)
			return 0;
		ssize_t w = send(fd, req + sent, (size_t)n - sent, MSG_NOSIGNAL);
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return 0;
		sent += w > 0 ? (size_t)w : 0;
	}
	size_t got = 0;
	while (got < size) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, ms_left(due)) != 1)
			break; /* the deadline: judge what came so far */
		ssize_t r = recv(fd, page + got, size - got, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Does the card's profile (the card seen in this helper, else the engine's) expect MOICA's bridge? */
static int profile_expects_bridge(const struct cw_probe_session *s)
{
	const char *id = s->profile[0] ? s->profile : s->policy.set ? s->policy.profile : "";
	for (int i = 0; *id && i < s->nprofiles; i++)
		if (strcmp(s->profiles[i].policy.profile, id) == 0)
			return s->profiles[i].bridge_expected;
	return 0;
}

/* Who listens there; as non-root only the user's own processes can be named. */
static void add_owner(const struct sockaddr_storage *peer, int port, struct cw_result *r)
{
	const unsigned char *addr = NULL;
	int len = 0;
	if (peer->ss_family == AF_INET)
		addr = (const unsigned char *)&((const struct sockaddr_in *)peer)->sin_addr, len = 4;
	else if (peer->ss_family == AF_INET6)
		addr = (const unsigned char *)&((const struct sockaddr_in6 *)peer)->sin6_addr, len = 16;
	struct cw_listener l;
	if (!addr || cw_listener_find(addr, len, port, &l) < 0)
		return; /* another network namespace, or no /proc */
	cw_result_add(r, "listener_uid", "%u", l.uid);
	if (l.pid) {
		cw_result_add(r, "process", "%s", l.comm);
		cw_result_add(r, "pid", "%d", l.pid);
		if (l.exe[0])
			cw_result_add(r, "process_path", "%s", l.exe);
	} else {
		cw_result_add(r, "process", "%s", geteuid() == 0 ? "unknown" : "unknown (not root: only your own processes are visible)");
	}
}

void cw_probe_signer(struct cw_probe_session *s, struct cw_result *r)
{
	/* The site's bridge from the request ("host:port min", from the wizard file the UI read); else
	 * the default bridge where the card's profile expects one (bridge: expected, MOICA). */
	struct cw_bridge_addr a;
	int declared = s->signer[0] != '\0';
	if (declared) {
		if (cw_bridge_parse(s->signer, &a) < 0) {
			cw_result_set(r, CW_CODE_NO_SIGNER_CONFIGURED);
			cw_result_note(r, "%s: %s", cw_tr("無法解讀", "not understood"), s->signer);
			return;
		}
	} else if (profile_expects_bridge(s)) {
		memset(&a, 0, sizeof(a));
		cw_copy(a.host, sizeof(a.host), CW_BRIDGE_HOST);
		a.port = CW_BRIDGE_PORT;
	} else {
		cw_result_set(r, CW_CODE_NO_SIGNER_CONFIGURED);
		return;
	}
	if (!a.min[0])
		cw_copy(a.min, sizeof(a.min), CW_BRIDGE_MIN_VERSION);
	cw_result_add(r, "signer", "%s:%d", a.host, a.port);
	cw_result_add(r, "declared_by", "%s", declared ? "site" : "profile");
	cw_result_add(r, "min_version", "%s", a.min);

	long long due = cw_now_ms() + SIGNER_BUDGET_MS;
	struct sockaddr_storage peer;
	char why[128] = "";
	int fd = tcp_connect(a.host, a.port, due, &peer, why, sizeof(why));
	if (fd < 0) {
		/* Fails where the site declares its bridge; a warning for a MOICA card elsewhere (SSH, a
		 * kiosk: nobody may sign on web pages there). */
		cw_result_set(r, declared ? CW_CODE_SIGNER_NOT_RUNNING : CW_CODE_SIGNER_EXPECTED);
		cw_result_add(r, "listening", "no");
		cw_result_note(r, "%s:%d: %s", a.host, a.port, why);
		return;
	}
	cw_result_add(r, "listening", "yes");
	add_owner(&peer, a.port, r);
	char page[PAGE_MAX];
	size_t got = get_root(fd, a.host, a.port, due, page, sizeof(page));
	close(fd);

	struct cw_version have, min;
	char shown[CW_VERSION_TEXT];
	if (got == 0) {
		/* Listening, but not a byte back to GET / in the time: a wedged bridge, or some other
		 * program on its port. Never "fine": pages would wait on it as this check did. */
		cw_result_set(r, CW_CODE_SIGNER_SILENT);
		cw_result_add(r, "version", "unknown");
		cw_result_note(r, "%s:%d %s", a.host, a.port, cw_tr("在聽，但沒有回應", "listening, but no answer"));
		return;
	}
	if (cw_version_parse(a.min, strlen(a.min), &min) < 0 || cw_bridge_page_version(page, got, &have) < 0) {
		/* Listening and answering, but its page shows no version (a site's own component). */
		cw_result_set(r, CW_CODE_OK);
		cw_result_add(r, "version", "unknown");
		cw_result_note(r, "%s:%d %s", a.host, a.port, cw_tr("有回應，但沒有顯示版本", "listening; no version shown"));
		return;
	}
	cw_version_format(&have, shown, sizeof(shown));
	cw_result_add(r, "version", "%s", shown);
	if (cw_version_cmp(&have, &min) < 0) {
		cw_result_set(r, CW_CODE_SIGNER_OUTDATED);
		cw_result_note(r, "%s %s < %s", cw_tr("版本", "version"), shown, a.min);
		return;
	}
	cw_result_set(r, CW_CODE_OK);
	cw_result_note(r, "%s:%d %s %s", a.host, a.port, cw_tr("版本", "version"), shown);
}
