/* monitor.c — a thread blocked in SCardGetStatusChange: the UI hears of cards, readers and pcscd at once, without polling. */
#include <PCSC/winscard.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cw/monitor.h"
#include "cw/text.h"

#define PNP "\\\\?PnP?\\Notification"
#define RETRY_MS 1000 /* only where its socket's folder cannot be watched */
#define SETTLE_TRIES 40 /* a new socket may take a moment to accept: 40 x 25 ms at the most */

static void notify(struct cw_monitor *m)
{
	char b = 1;
	(void)!write(m->pipe[1], &b, 1); /* a full pipe already tells the UI to look */
}

/* Wait for the stop pipe for at most ms; 1 when asked to stop. */
static int should_stop(struct cw_monitor *m, int ms)
{
	struct pollfd p = {.fd = m->stop[0], .events = POLLIN};
	return poll(&p, 1, ms) > 0;
}

static void set_service(struct cw_monitor *m, int up)
{
	pthread_mutex_lock(&m->lock);
	int changed = m->state.service != up;
	m->state.service = up;
	if (!up)
		m->state.nreaders = 0;
	pthread_mutex_unlock(&m->lock);
	if (changed)
		notify(m);
}

static int list_readers(struct cw_monitor *m, SCARDCONTEXT ctx, SCARD_READERSTATE *rs, int *n)
{
	char buf[CW_MONITOR_READERS * 128];
	DWORD len = sizeof(buf);
	LONG rv = SCardListReaders(ctx, NULL, buf, &len);
	*n = 0;
	pthread_mutex_lock(&m->lock);
	m->state.nreaders = 0;
	if (rv == SCARD_S_SUCCESS)
		for (const char *p = buf; *p && p < buf + len && *n < CW_MONITOR_READERS; p += strlen(p) + 1) {
			cw_copy(m->state.readers[*n], sizeof(m->state.readers[0]), p);
			m->state.present[*n] = 0;
			(*n)++;
		}
	m->state.nreaders = *n;
	for (int i = 0; i < *n; i++)
		rs[i] = (SCARD_READERSTATE){.szReader = m->state.readers[i], .dwCurrentState = SCARD_STATE_UNAWARE};
	pthread_mutex_unlock(&m->lock);
	rs[*n] = (SCARD_READERSTATE){.szReader = PNP, .dwCurrentState = SCARD_STATE_UNAWARE};
	return rv == SCARD_S_SUCCESS || rv == SCARD_E_NO_READERS_AVAILABLE ? 0 : -1;
}

/* Copy what the readers' states say; returns 1 when the set of readers changed. */
static int take_states(struct cw_monitor *m, SCARD_READERSTATE *rs, int n)
{
	pthread_mutex_lock(&m->lock);
	for (int i = 0; i < n; i++) {
		m->state.present[i] = (rs[i].dwEventState & SCARD_STATE_PRESENT) != 0;
		m->state.inserted[i] = (unsigned)(rs[i].dwEventState >> 16);
		m->state.atr_len[i] = rs[i].cbAtr <= sizeof(m->state.atr[0]) ? rs[i].cbAtr : 0;
		memcpy(m->state.atr[i], rs[i].rgbAtr, m->state.atr_len[i]);
		rs[i].dwCurrentState = rs[i].dwEventState & ~SCARD_STATE_CHANGED;
	}
	pthread_mutex_unlock(&m->lock);
	int readers_changed = (rs[n].dwEventState & SCARD_STATE_CHANGED) != 0;
	rs[n].dwCurrentState = rs[n].dwEventState & ~SCARD_STATE_CHANGED;
	return readers_changed;
}

/* One connection to pcscd: wait for changes until it goes away or we are stopped. */
static void watch(struct cw_monitor *m, SCARDCONTEXT ctx)
{
	SCARD_READERSTATE rs[CW_MONITOR_READERS + 1];
	int n;
	if (list_readers(m, ctx, rs, &n) < 0)
		return;
	notify(m);
	while (!should_stop(m, 0)) {
		LONG rv = SCardGetStatusChange(ctx, INFINITE, rs, (DWORD)n + 1);
		if (rv == SCARD_E_CANCELLED || rv != SCARD_S_SUCCESS)
			return;
		if (take_states(m, rs, n) && list_readers(m, ctx, rs, &n) < 0)
			return;
		notify(m);
	}
}

/* Where pcscd's socket appears: PCSCLITE_CSOCK_NAME's folder, else /run/pcscd (else /run). */
static int watch_socket_dir(void)
{
	char dir[256] = "/run/pcscd";
	const char *sock = getenv("PCSCLITE_CSOCK_NAME");
	if (sock && *sock && strrchr(sock, '/')) {
		cw_copy(dir, sizeof(dir), sock);
		*strrchr(dir, '/') = '\0';
	}
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return -1;
	if (inotify_add_watch(fd, dir, IN_CREATE | IN_MOVED_TO | IN_ATTRIB) < 0 &&
	    inotify_add_watch(fd, "/run", IN_CREATE | IN_MOVED_TO) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* pcscd is absent: sleep until its socket's folder changes (no polling), or we are stopped. */
static int wait_for_service(struct cw_monitor *m)
{
	int fd = watch_socket_dir();
	SCARDCONTEXT probe;
	/* It may have come back while the watch was being set up. */
	if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &probe) == SCARD_S_SUCCESS) {
		SCardReleaseContext(probe);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	struct pollfd p[2] = {{.fd = m->stop[0], .events = POLLIN}, {.fd = fd, .events = POLLIN}};
	int n = poll(p, fd >= 0 ? 2 : 1, fd >= 0 ? -1 : RETRY_MS);
	if (fd >= 0)
		close(fd);
	if (n > 0 && (p[0].revents & POLLIN))
		return 1; /* stop */
	/* Something appeared: give the new pcscd a moment to accept, without a loop that never ends. */
	for (int i = 0; i < SETTLE_TRIES; i++) {
		SCARDCONTEXT ctx;
		if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx) == SCARD_S_SUCCESS) {
			SCardReleaseContext(ctx);
			break;
		}
		if (should_stop(m, 25))
			return 1;
	}
	return 0;
}

static void *run(void *arg)
{
	struct cw_monitor *m = arg;
	for (;;) {
		SCARDCONTEXT ctx;
		if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx) != SCARD_S_SUCCESS) {
			set_service(m, 0);
			if (wait_for_service(m))
				break;
			continue;
		}
		pthread_mutex_lock(&m->lock);
		m->ctx = (long)ctx;
		m->have_ctx = 1;
		pthread_mutex_unlock(&m->lock);
		set_service(m, 1);
		watch(m, ctx);
		pthread_mutex_lock(&m->lock);
		m->have_ctx = 0;
		pthread_mutex_unlock(&m->lock);
		SCardReleaseContext(ctx);
		set_service(m, 0);
		if (should_stop(m, 0))
			break;
	}
	pthread_mutex_lock(&m->lock);
	m->done = 1; /* the canceller's cue to end */
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

int cw_monitor_start(struct cw_monitor *m)
{
	memset(m, 0, sizeof(*m));
	m->state.service = -1; /* unknown until the first answer */
	if (pipe2(m->pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	if (pipe2(m->stop, O_CLOEXEC | O_NONBLOCK) < 0) {
		close(m->pipe[0]);
		close(m->pipe[1]);
		return -1;
	}
	pthread_mutex_init(&m->lock, NULL);
	if (pthread_create(&m->thread, NULL, run, m) != 0)
		return -1;
	m->running = 1;
	return 0;
}

int cw_monitor_fd(const struct cw_monitor *m) { return m->pipe[0]; }

void cw_monitor_read(struct cw_monitor *m, struct cw_monitor_state *out)
{
	char buf[64];
	while (read(m->pipe[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&m->lock);
	*out = m->state;
	pthread_mutex_unlock(&m->lock);
}

/* SCardCancel talks to pcscd and blocks for as long as pcscd does (stopped, hung): it runs on a
 * thread of its own, repeated until the monitor ends (a cancel that lands before the monitor is
 * back in its wait is lost), so that the caller never waits on pcscd. */
static void *cancel_run(void *arg)
{
	struct cw_monitor *m = arg;
	for (;;) {
		pthread_mutex_lock(&m->lock);
		int done = m->done, have = m->have_ctx;
		long ctx = m->ctx;
		pthread_mutex_unlock(&m->lock);
		if (done)
			break;
		if (have)
			SCardCancel((SCARDCONTEXT)ctx); /* a context released meanwhile: an invalid handle, no harm */
		struct timespec pause = {0, 50 * 1000000L};
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/* The realtime clock wait_ms from now, for pthread_timedjoin_np. */
static struct timespec due_in(int wait_ms)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += wait_ms / 1000;
	t.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

int cw_monitor_stop(struct cw_monitor *m, int wait_ms)
{
	if (!m->running)
		return 0;
	m->running = 0;
	char b = 1;
	(void)!write(m->stop[1], &b, 1);
	pthread_t canceller;
	int cancelling = pthread_create(&canceller, NULL, cancel_run, m) == 0;
	struct timespec due = due_in(wait_ms);
	int ended = pthread_timedjoin_np(m->thread, NULL, &due) == 0;
	if (!ended) {
		/* Stuck in pcscd (SCardEstablishContext, SCardGetStatusChange): left behind. It still
		 * holds m and its pipes, so neither is closed; the process is ending, the leak with it. */
		pthread_detach(m->thread);
		if (cancelling)
			pthread_detach(canceller);
		m->abandoned = 1;
		return -1;
	}
	if (cancelling && pthread_timedjoin_np(canceller, NULL, &due) != 0) {
		pthread_detach(canceller); /* inside SCardCancel: it still reads m's lock */
		m->abandoned = 1;
	}
	for (int i = 0; i < 2; i++) {
		close(m->pipe[i]);
		close(m->stop[i]);
	}
	return m->abandoned ? -1 : 0;
}
