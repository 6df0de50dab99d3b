/* client.c — the UI side of the helper: start it, send requests, enforce deadlines, kill it. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cw/host.h"
#include "cw/helper.h"

extern char **environ;

/*
 * The helper's environment: this one, with glibc's allocator told to fill every freed block
 * (glibc.malloc.perturb) and to keep none in its per-thread cache, which perturb skips
 * (glibc.malloc.tcache_count=0). A module that formats a PIN into heap memory and frees it
 * unwiped (OpenSC's APDU hex dump is built before its log level is even looked at) then leaves
 * no copy behind in the helper: the PIN is not in its core image (tests/secrets/t-core.sh).
 * NULL when memory fails (the helper then runs with the environment as it is).
 */
#define HEAP_TUNABLES "glibc.malloc.tcache_count=0:glibc.malloc.perturb=165"
static char **helper_environment(char *tunables, size_t size)
{
	size_t n = 0;
	const char *old = NULL;
	for (char **e = environ; *e; e++, n++)
		if (strncmp(*e, "GLIBC_TUNABLES=", 15) == 0)
			old = *e + 15;
	char **env = malloc(sizeof(*env) * (n + 2));
	if (!env)
		return NULL;
	snprintf(tunables, size, "GLIBC_TUNABLES=%s%s" HEAP_TUNABLES, old ? old : "", old && *old ? ":" : "");
	size_t k = 0;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "GLIBC_TUNABLES=", 15) != 0)
			env[k++] = *e;
	env[k++] = tunables;
	env[k] = NULL;
	return env;
}

int cw_helper_start(struct cw_helper *h)
{
	int sv[2];
	h->pid = -1;
	h->fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	/* Everything the child needs is made before fork: only async-signal-safe calls after it. */
	char arg[32];
	snprintf(arg, sizeof(arg), "--helper=%d", 3);
	const char *program = h->program ? h->program : "/proc/self/exe";
	char *argv[] = {(char *)"cardwiz-helper", arg, NULL};
	static char tunables[512];
	char **env = helper_environment(tunables, sizeof(tunables));
	pid_t pid = fork();
	if (pid < 0) {
		free(env);
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* The child keeps only its end of the socket; stdout and stderr go nowhere, so a
		 * module that prints (libp11's dlerror, a vendor's debug output) never smears the
		 * screen nor corrupts a report on stdout (--format=json). */
		/* dup2 onto itself would keep close-on-exec: clear it explicitly then. */
		if ((sv[1] == 3 ? fcntl(3, F_SETFD, 0) : dup2(sv[1], 3)) < 0)
			_exit(127);
		int null = open("/dev/null", O_RDWR);
		if (null < 0)
			_exit(127);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execve(program, argv, env ? env : environ);
		_exit(127);
	}
	free(env);
	close(sv[1]);
	h->pid = pid;
	h->fd = sv[0];
	h->signal = 0;
	return 0;
}

int cw_helper_running(const struct cw_helper *h) { return h->pid > 0; }

static void reap(struct cw_helper *h)
{
	int st = 0;
	if (h->pid > 0 && waitpid(h->pid, &st, 0) == h->pid && WIFSIGNALED(st))
		h->signal = WTERMSIG(st);
	if (h->fd >= 0)
		close(h->fd);
	h->pid = -1;
	h->fd = -1;
}

void cw_helper_kill(struct cw_helper *h)
{
	if (h->pid > 0)
		kill(h->pid, SIGKILL);
	reap(h);
}

int cw_helper_send(struct cw_helper *h, const struct cw_request *q)
{
	static uint8_t frame[CW_FRAME_MAX];
	if (h->pid <= 0 && cw_helper_start(h) < 0)
		return -1;
	int len = cw_proto_encode_request(q, frame, sizeof(frame));
	int rc = len < 0 ? -1 : cw_proto_send(h->fd, frame, (size_t)len);
	cw_wipe(frame, sizeof(frame)); /* it may have carried a PIN */
	return rc;
}

enum cw_helper_status cw_helper_receive(struct cw_helper *h, struct cw_result *r)
{
	static uint8_t body[CW_FRAME_MAX];
	long n = cw_proto_recv(h->fd, body, sizeof(body));
	if (n <= 0) {
		reap(h);
		return h->signal ? CW_HELPER_CRASHED : CW_HELPER_FAILED;
	}
	if (cw_proto_decode_result(body, (size_t)n, r) < 0) {
		cw_helper_kill(h);
		return CW_HELPER_FAILED;
	}
	return CW_HELPER_OK;
}

enum cw_helper_status cw_helper_call(struct cw_helper *h, const struct cw_request *q, struct cw_result *r,
				     int timeout_ms)
{
	h->signal = 0;
	if (cw_helper_send(h, q) < 0) {
		cw_helper_kill(h);
		return h->signal ? CW_HELPER_CRASHED : CW_HELPER_FAILED;
	}
	long long deadline = cw_now_ms() + timeout_ms;
	for (;;) {
		long long left = deadline - cw_now_ms();
		if (left <= 0) {
			cw_helper_kill(h);
			return CW_HELPER_TIMEOUT;
		}
		struct pollfd p = {.fd = h->fd, .events = POLLIN};
		int n = poll(&p, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cw_helper_kill(h);
			return CW_HELPER_FAILED;
		}
		if (n > 0)
			return cw_helper_receive(h, r);
	}
}

void cw_helper_stop(struct cw_helper *h)
{
	if (h->pid <= 0)
		return;
	struct cw_request q = {.op = CW_OP_QUIT};
	struct cw_result r;
	/* After its answer the helper closes the module and PC/SC, which can block on a stopped pcscd:
	 * wait for its end of the socket to close (it exits) for a second at most, then kill it. */
	if (cw_helper_call(h, &q, &r, 1000) == CW_HELPER_OK) {
		long long due = cw_now_ms() + 1000;
		char b;
		for (;;) {
			long long left = due - cw_now_ms();
			struct pollfd p = {.fd = h->fd, .events = POLLIN};
			int n = left > 0 ? poll(&p, 1, (int)left) : 0;
			if (n < 0 && errno == EINTR)
				continue;
			if (n > 0 && read(h->fd, &b, 1) > 0)
				continue; /* nothing more is expected; drain it */
			if (n > 0) {
				reap(h); /* EOF: it has gone */
				return;
			}
			break;
		}
	}
	cw_helper_kill(h);
}
