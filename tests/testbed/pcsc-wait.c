/*
 * pcsc-wait - wait until PC/SC reaches a state (test bed helper).
 *
 *   pcsc-wait [--timeout=SEC] service          pcscd accepts a context
 *   pcsc-wait [--timeout=SEC] readers N        exactly N readers are listed
 *   pcsc-wait [--timeout=SEC] present READER   a card is in READER
 *   pcsc-wait [--timeout=SEC] empty READER     READER is known and has no card
 *   pcsc-wait [--timeout=SEC] gone             pcscd no longer answers
 *
 * Waiting is event driven (SCardGetStatusChange). Only connecting to a
 * pcscd that is still starting, or noticing that it went away, is retried
 * every 10 ms. Exit 0 when reached, 1 on timeout (stderr names the goal and
 * the last PC/SC result), 2 on a usage error. --timeout=0 checks once.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <winscard.h>

#define PNP_READER "\\\\?PnP?\\Notification"
#define RETRY_MS 10
#define SLICE_MS 100 /* longest single wait on the reader list */

enum goal { G_SERVICE, G_READERS, G_PRESENT, G_EMPTY, G_GONE };

struct waiter {
	enum goal goal;
	const char *reader;  /* G_PRESENT / G_EMPTY */
	unsigned long count; /* G_READERS */
	struct timespec deadline;
	SCARDCONTEXT ctx;
	bool have_ctx;
	LONG last_rv;          /* last PC/SC result worth reporting */
	DWORD last_state;      /* last reader state seen */
	unsigned long last_n;  /* last reader count seen */
	bool seen_state;
};

static long remaining_ms(const struct waiter *w)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (w->deadline.tv_sec - now.tv_sec) * 1000L +
	     (w->deadline.tv_nsec - now.tv_nsec) / 1000000L;
	return ms > 0 ? ms : 0;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void drop_ctx(struct waiter *w)
{
	if (w->have_ctx)
		(void)SCardReleaseContext(w->ctx);
	w->have_ctx = false;
}

/* One attempt to reach pcscd; keeps the context on success. */
static bool try_connect(struct waiter *w)
{
	LONG rv;

	if (w->have_ctx)
		return true;
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &w->ctx);
	w->last_rv = rv;
	w->have_ctx = (rv == SCARD_S_SUCCESS);
	return w->have_ctx;
}

/* Connect, retrying every RETRY_MS while pcscd is absent or starting. */
static bool connect_until_deadline(struct waiter *w)
{
	for (;;) {
		if (try_connect(w))
			return true;
		if (remaining_ms(w) == 0)
			return false;
		pause_ms(RETRY_MS);
	}
}

/* A result that means the daemon went away under us. */
static bool lost_service(LONG rv)
{
	return rv == SCARD_E_NO_SERVICE || rv == SCARD_F_COMM_ERROR ||
	       rv == SCARD_E_INVALID_HANDLE || rv == SCARD_E_SERVICE_STOPPED;
}

/* Count the readers; SCARD_E_NO_READERS_AVAILABLE comes back with *n == 0. */
static LONG count_readers(struct waiter *w, unsigned long *n)
{
	DWORD len = 0;
	char *buf, *p;
	LONG rv;

	*n = 0;
	rv = SCardListReaders(w->ctx, NULL, NULL, &len);
	if (rv != SCARD_S_SUCCESS)
		return rv;
	buf = calloc(1, len + 1);
	if (buf == NULL)
		return SCARD_E_NO_MEMORY;
	rv = SCardListReaders(w->ctx, NULL, buf, &len);
	if (rv == SCARD_S_SUCCESS)
		for (p = buf; *p != '\0'; p += strlen(p) + 1)
			(*n)++;
	free(buf);
	return rv;
}

static bool listed(LONG rv)
{
	return rv == SCARD_S_SUCCESS || rv == SCARD_E_NO_READERS_AVAILABLE;
}

/*
 * Wait for a change of the reader list (or the slice to end). Newer
 * pcsc-lite compares the count in the upper word of dwCurrentState; 1.9.9
 * ignores it and compares with the count at the start of the call, so a
 * change between count_readers() and this call costs at most one slice.
 */
static LONG wait_list_change(struct waiter *w, unsigned long have)
{
	SCARD_READERSTATE st;
	long ms = remaining_ms(w);

	memset(&st, 0, sizeof st);
	st.szReader = PNP_READER;
	st.dwCurrentState = (DWORD)(have << 16);
	if (ms > SLICE_MS)
		ms = SLICE_MS;
	if (ms == 0)
		return SCARD_E_TIMEOUT;
	return SCardGetStatusChange(w->ctx, (DWORD)ms, &st, 1);
}

static bool state_reached(const struct waiter *w, DWORD state)
{
	if (w->goal == G_PRESENT)
		return (state & SCARD_STATE_PRESENT) != 0;
	return (state & SCARD_STATE_EMPTY) != 0;
}

/* Note an error; on a lost daemon forget the context. */
static void note_error(struct waiter *w, LONG rv)
{
	if (rv == SCARD_E_TIMEOUT)
		return;
	w->last_rv = rv;
	if (lost_service(rv))
		drop_ctx(w);
}

static bool step_readers(struct waiter *w)
{
	unsigned long n;
	LONG rv = count_readers(w, &n);

	if (!listed(rv)) {
		note_error(w, rv);
		return false;
	}
	w->last_rv = rv;
	w->last_n = n;
	w->seen_state = true;
	if (n == w->count)
		return true;
	note_error(w, wait_list_change(w, n));
	return false;
}

static bool step_reader_state(struct waiter *w)
{
	SCARD_READERSTATE st;
	LONG rv;

	memset(&st, 0, sizeof st);
	st.szReader = w->reader;
	st.dwCurrentState = SCARD_STATE_UNAWARE;
	for (;;) {
		rv = SCardGetStatusChange(w->ctx, (DWORD)remaining_ms(w), &st, 1);
		if (rv == SCARD_E_UNKNOWN_READER) {
			unsigned long n = 0;

			w->last_rv = rv;
			if (listed(count_readers(w, &n)))
				note_error(w, wait_list_change(w, n));
			return false;
		}
		if (rv != SCARD_S_SUCCESS) {
			note_error(w, rv);
			return false;
		}
		w->last_rv = rv;
		w->last_state = st.dwEventState;
		w->seen_state = true;
		if (state_reached(w, st.dwEventState))
			return true;
		if (remaining_ms(w) == 0)
			return false;
		st.dwCurrentState = st.dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
	}
}

/* pcscd is gone when a new context is refused. */
static bool step_gone(struct waiter *w)
{
	unsigned long n;

	drop_ctx(w);
	if (!try_connect(w))
		return w->last_rv == SCARD_E_NO_SERVICE;
	/* Still there: block until it drops our connection (or a slice). */
	if (listed(count_readers(w, &n)))
		(void)wait_list_change(w, n);
	return false;
}

static bool step(struct waiter *w)
{
	if (w->goal == G_GONE)
		return step_gone(w);
	if (!connect_until_deadline(w))
		return false;
	switch (w->goal) {
	case G_SERVICE:
		return true;
	case G_READERS:
		return step_readers(w);
	default:
		return step_reader_state(w);
	}
}

static bool run_wait(struct waiter *w)
{
	for (;;) {
		if (step(w))
			return true;
		if (remaining_ms(w) == 0)
			return false;
		if (!w->have_ctx)
			pause_ms(RETRY_MS);
	}
}

static void describe_state(DWORD s, char *buf, size_t len)
{
	static const struct { DWORD bit; const char *name; } names[] = {
		{ SCARD_STATE_UNKNOWN, "UNKNOWN" },
		{ SCARD_STATE_UNAVAILABLE, "UNAVAILABLE" },
		{ SCARD_STATE_EMPTY, "EMPTY" },
		{ SCARD_STATE_PRESENT, "PRESENT" },
		{ SCARD_STATE_EXCLUSIVE, "EXCLUSIVE" },
		{ SCARD_STATE_INUSE, "INUSE" },
		{ SCARD_STATE_MUTE, "MUTE" },
		{ SCARD_STATE_UNPOWERED, "UNPOWERED" },
	};
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(s & names[i].bit))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? "|" : "", names[i].name);
		if (used >= len)
			return;
	}
	if (used == 0)
		snprintf(buf, len, "none");
}

static void report_timeout(const struct waiter *w, double secs)
{
	char what[256], seen[160] = "";
	char flags[96];

	switch (w->goal) {
	case G_SERVICE:
		snprintf(what, sizeof what, "the PC/SC service (pcscd)");
		break;
	case G_READERS:
		snprintf(what, sizeof what, "%lu reader(s)", w->count);
		if (w->seen_state)
			snprintf(seen, sizeof seen, "; readers seen: %lu",
				 w->last_n);
		break;
	case G_PRESENT:
	case G_EMPTY:
		snprintf(what, sizeof what, "reader \"%s\" to be %s", w->reader,
			 w->goal == G_PRESENT ? "PRESENT" : "EMPTY");
		if (w->seen_state) {
			describe_state(w->last_state, flags, sizeof flags);
			snprintf(seen, sizeof seen, "; state seen: %s", flags);
		}
		break;
	case G_GONE:
		snprintf(what, sizeof what, "the PC/SC service to be gone");
		break;
	}
	fprintf(stderr,
		"pcsc-wait: timeout after %.1f s waiting for %s "
		"(last PC/SC result: %s (0x%08lX)%s)\n",
		secs, what, pcsc_stringify_error(w->last_rv),
		(unsigned long)w->last_rv, seen);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: pcsc-wait [--timeout=SEC] service | readers N | "
		"present READER | empty READER | gone\n");
}

static bool parse_timeout(const char *arg, double *secs)
{
	char *end;

	errno = 0;
	*secs = strtod(arg, &end);
	return errno == 0 && end != arg && *end == '\0' && *secs >= 0 &&
	       *secs <= 86400;
}

static bool parse_goal(struct waiter *w, int argc, char **argv)
{
	char *end;

	if (argc == 1 && strcmp(argv[0], "service") == 0)
		w->goal = G_SERVICE;
	else if (argc == 1 && strcmp(argv[0], "gone") == 0)
		w->goal = G_GONE;
	else if (argc == 2 && strcmp(argv[0], "readers") == 0) {
		w->goal = G_READERS;
		errno = 0;
		w->count = strtoul(argv[1], &end, 10);
		return errno == 0 && end != argv[1] && *end == '\0';
	} else if (argc == 2 && strcmp(argv[0], "present") == 0) {
		w->goal = G_PRESENT;
		w->reader = argv[1];
	} else if (argc == 2 && strcmp(argv[0], "empty") == 0) {
		w->goal = G_EMPTY;
		w->reader = argv[1];
	} else
		return false;
	return true;
}

int main(int argc, char **argv)
{
	struct waiter w;
	double secs = 10.0;
	int i = 1;
	bool ok;

	memset(&w, 0, sizeof w);
	w.last_rv = SCARD_S_SUCCESS;
	if (argc > 1 && strncmp(argv[1], "--timeout=", 10) == 0) {
		if (!parse_timeout(argv[1] + 10, &secs)) {
			usage();
			return 2;
		}
		i = 2;
	}
	if (!parse_goal(&w, argc - i, argv + i)) {
		usage();
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &w.deadline);
	w.deadline.tv_sec += (time_t)secs;
	w.deadline.tv_nsec += (long)((secs - (double)(time_t)secs) * 1e9);
	if (w.deadline.tv_nsec >= 1000000000L) {
		w.deadline.tv_sec++;
		w.deadline.tv_nsec -= 1000000000L;
	}
	ok = run_wait(&w);
	drop_ctx(&w);
	if (ok)
		return 0;
	report_timeout(&w, secs);
	return 1;
}
