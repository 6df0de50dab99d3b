/* tui.c — the ncurses wizard: set up, then one poll() loop over the keyboard, the helper, PC/SC events and signals. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "cw/host.h"
#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/tui.h"
#include "cw/verdict.h"
#include "tui_int.h"

#define SPIN_MS 120
#define MONITOR_STOP_MS 300 /* then a monitor stuck in pcscd is left behind */
#define QUIT_DEADLINE_S 1   /* from the quit to the end of the process, whatever still blocks */

void tui_theme_init(struct tui *t);

static int sig_fd = -1;

/* The quit guarantee's last resort. The loop itself never blocks, the monitor is left behind
 * when stuck and the helper is killed; but a call can still block this thread where nothing
 * else cuts it off (a write to a terminal stopped with Ctrl-S, a library waiting on pcscd). So a
 * quit arms a deadline: when it passes, the terminal is put back as the shell had it and the
 * process ends (the helper dies with it, see main.c). */
static volatile sig_atomic_t curses_on, deadline_armed, end_status = 1;
static struct termios shell_tio;
static int have_shell_tio;
static char undo_screen[256]; /* the terminal's strings: keypad off, cursor and attributes normal, main screen */
static size_t undo_screen_len;

static void on_deadline(int sig)
{
	(void)sig;
	if (curses_on) {
		if (have_shell_tio) {
			/* Output stopped with Ctrl-S would block the write below: turning IXON off restarts
			 * it (tcflow cannot: it undoes only its own stop); then the shell's modes come back. */
			struct termios no_xoff = shell_tio;
			no_xoff.c_iflag &= (tcflag_t)~IXON;
			tcsetattr(STDIN_FILENO, TCSANOW, &no_xoff);
			tcsetattr(STDIN_FILENO, TCSANOW, &shell_tio);
		}
		(void)!write(STDOUT_FILENO, undo_screen, undo_screen_len);
	}
	_exit(end_status);
}

static void arm_deadline(void)
{
	if (!deadline_armed) {
		deadline_armed = 1;
		alarm(QUIT_DEADLINE_S);
	}
}

static void on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int saved = errno;
	(void)!write(sig_fd, &b, 1);
	if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) { /* the loop may be blocked: it still ends */
		end_status = 128 + sig;
		arm_deadline();
	}
	errno = saved;
}

/* Collect the terminal's undo strings now, while curses knows the terminal (not in a handler). */
static void keep_undo_screen(void)
{
	const char *caps[] = {keypad_local, cursor_normal, exit_attribute_mode, exit_ca_mode};
	undo_screen_len = 0;
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		size_t n = caps[i] && caps[i] != (const char *)-1 ? strlen(caps[i]) : 0;
		if (n && undo_screen_len + n <= sizeof(undo_screen)) {
			memcpy(undo_screen + undo_screen_len, caps[i], n);
			undo_screen_len += n;
		}
	}
}

static void resize(struct tui *t)
{
	endwin();
	refresh();
	getmaxyx(stdscr, t->rows, t->cols);
	t->too_small = t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS;
}

static int catch_signals(struct tui *t)
{
	if (pipe2(t->sig, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	sig_fd = t->sig[1];
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	static const int sigs[] = {SIGWINCH, SIGTERM, SIGINT, SIGHUP, SIGUSR1};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	struct sigaction deadline = {.sa_handler = on_deadline};
	sigemptyset(&deadline.sa_mask);
	sigaction(SIGALRM, &deadline, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (t->kiosk) { /* only staff end a station, with SIGTERM */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);
	}
	return 0;
}

/* A signal's meaning: the window changed, a station's visit ends (SIGUSR1), or the end. */
static void on_signals(struct tui *t)
{
	unsigned char sigs[16];
	ssize_t k = read(t->sig[0], sigs, sizeof(sigs));
	for (ssize_t i = 0; i < k; i++) {
		if (sigs[i] == SIGWINCH)
			resize(t);
		else if (sigs[i] == SIGUSR1)
			tui_kiosk_end(t, "signal");
		else if (!(t->kiosk && sigs[i] == SIGINT))
			t->quit = 1;
	}
}

static void draw(struct tui *t)
{
	curs_set(0);
	if (t->too_small) {
		tui_draw_too_small(t);
	} else {
		erase();
		t->view->draw(t);
	}
	refresh();
}

/* Every key passes here: the key table (tui_keys.c) says what it does in the state now. A form
 * field with the focus takes every character first (a PIN may hold q, s, t or l); a station's
 * table has no q and no s, and control keys (Ctrl-C, Ctrl-Z, Ctrl-\ in raw mode) have no row. */
static void key(struct tui *t, int ch)
{
	if (ch == KEY_RESIZE) {
		resize(t);
		return;
	}
	tui_kiosk_key(t); /* any key is a visitor still there */
	tui_key_dispatch(t, ch);
}

static int setup(struct tui *t, const struct cw_options *o, int kiosk)
{
	memset(t, 0, sizeof(*t));
	t->o = o;
	t->kiosk = kiosk;
	t->reader_index = -1;
	t->service = -1;
	t->deferred_event = -1;
	t->view = kiosk ? &tui_kiosk_view : &tui_step_view;
	t->ascii = o->ascii || !cw_charset_is_utf8();
	t->remote = cw_remote_session();
	const char *path = cw_wizard_path(o->wizard);
	if (!(t->w = cw_frontend_load_wizard(path)))
		return 2;
	t->e = cw_engine_new(t->w);
	if (!t->e || cw_checker_init(&t->c, o, t->e) < 0 || catch_signals(t) < 0) {
		fprintf(stderr, "cardwiz: %s\n", _("could not start the wizard"));
		return 1;
	}
	t->pin = t->c.pin;
	t->monitor_ok = cw_monitor_start(&t->mon) == 0;
	return 0;
}

static void teardown(struct tui *t)
{
	tui_form_close(t, -1);
	tui_helper_end(t);
	if (t->monitor_ok)
		cw_monitor_stop(&t->mon, MONITOR_STOP_MS);
	cw_checker_close(&t->c);
	cw_engine_free(t->e);
	cw_wizard_free(t->w);
}

static void start_curses(struct tui *t)
{
	have_shell_tio = tcgetattr(STDIN_FILENO, &shell_tio) == 0;
	initscr();
	keep_undo_screen();
	curses_on = 1;
	if (t->kiosk)
		raw(); /* Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys, not signals */
	else
		cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	nodelay(stdscr, TRUE);
	t->color = has_colors() && !t->o->no_color;
	tui_theme_init(t);
	getmaxyx(stdscr, t->rows, t->cols);
	t->too_small = t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS;
}

/* One pass of waiting: what is ready gets handled; nothing spins while idle. */
static void wait_and_handle(struct tui *t)
{
	struct pollfd p[4] = {
		{.fd = STDIN_FILENO, .events = POLLIN},
		{.fd = t->sig[0], .events = POLLIN},
		{.fd = t->monitor_ok ? cw_monitor_fd(&t->mon) : -1, .events = POLLIN},
		{.fd = cw_checker_fd(&t->c), .events = POLLIN},
	};
	int busy = t->c.pending >= 0;
	int timeout = busy ? (cw_checker_ms_left(&t->c) < SPIN_MS ? cw_checker_ms_left(&t->c) : SPIN_MS) : -1;
	int idle = tui_kiosk_tick(t);
	if (idle >= 0 && (timeout < 0 || idle < timeout))
		timeout = idle;
	int n = poll(p, 4, timeout);
	if (n < 0)
		return;
	if (p[1].revents & POLLIN)
		on_signals(t);
	if (p[2].revents & POLLIN)
		tui_monitor_ready(t);
	if (p[3].revents & (POLLIN | POLLHUP))
		tui_checker_ready(t);
	else if (busy && t->c.pending >= 0 && cw_checker_ms_left(&t->c) == 0)
		tui_checker_expired(t);
	if (busy)
		t->spin++;
	int ch;
	while ((ch = getch()) != ERR && !t->quit)
		key(t, ch);
	tui_kiosk_tick(t); /* an idle visit ends even while nothing else happens */
	tui_drive(t); /* a key may have moved the engine to a check */
}

static int run(const struct cw_options *o, int kiosk)
{
	static struct tui t;
	int rc = setup(&t, o, kiosk);
	if (rc) {
		teardown(&t);
		return rc;
	}
	start_curses(&t);
	if (t.monitor_ok)
		tui_monitor_ready(&t);
	if (!kiosk)
		tui_drive(&t);
	while (!t.quit) {
		draw(&t);
		wait_and_handle(&t);
	}
	struct cw_verdict v;
	cw_engine_verdict(t.e, &v);
	rc = kiosk ? 0 : cw_verdict_exit_status(&v);
	end_status = rc; /* a loop that ended ends as usual, even if the deadline cuts the rest short */
	arm_deadline();
	endwin();
	curses_on = 0;
	tui_kiosk_end(&t, "stopped");
	teardown(&t);
	return rc;
}

int cw_tui_main(const struct cw_options *o)
{
	return run(o, 0);
}

int cw_kiosk_main(const struct cw_options *o)
{
	openlog("cardwiz-kiosk", LOG_PID, LOG_USER);
	if (tui_kiosk_spool_start(o) < 0) { /* the spool, checked before the screen (issue 14, 13) */
		closelog();
		return 2;
	}
	int rc = run(o, 1);
	closelog();
	return rc;
}
