/* tui_kiosk.c — kiosk stations: a start screen, one visit per card, wiped on removal or idle, reported to a spool and syslog. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cw/host.h"
#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/safefile.h"
#include "cw/text.h"
#include "cw/verdict.h"
#include "tui_int.h"

#define COUNTDOWN_S 10

static void centre(struct tui *t, int y, int attr, const char *s)
{
	int w = cw_text_width(s);
	tui_put(t, y, w < t->cols ? (t->cols - w) / 2 : 0, t->cols, attr, s);
}

/* The start screen speaks both languages at once: whoever walks up can read it. */
static void start_draw(struct tui *t)
{
	int mid = t->rows / 2 - 2;
	tui_fill(t, 0, tui_attr(t, TUI_C_BAR));
	tui_put(t, 0, 1, t->cols - 2, tui_attr(t, TUI_C_BAR), "cardwiz — 自然人憑證服務台 / certificate card help station");
	if (t->present) { /* the visit ended (done, idle) with the card still in: it goes first */
		centre(t, mid, tui_attr(t, TUI_C_TITLE), "請取出您的卡片");
		centre(t, mid + 1, tui_attr(t, TUI_C_TITLE), "Please remove your card");
		centre(t, mid + 3, A_NORMAL, "記得帶走卡片 / do not forget your card");
	} else {
		centre(t, mid, tui_attr(t, TUI_C_TITLE), "請插入自然人憑證卡片");
		centre(t, mid + 1, tui_attr(t, TUI_C_TITLE), "Please insert your card");
		centre(t, mid + 3, A_NORMAL, "晶片朝上，插到底 / chip up, all the way in");
	}
	const char *state = t->service == 0 ? "讀卡服務未執行 / the smart-card service is not running"
			    : t->reader_index < 0 ? "沒有讀卡機 / no card reader"
			    : t->ms.readers[t->reader_index];
	centre(t, t->rows - 3, tui_attr(t, TUI_C_SKIP), state);
	tui_fill(t, t->rows - 1, tui_attr(t, TUI_C_BAR));
}

/* Nothing a passer-by types does anything here: the key table has no row for this screen. */
const struct tui_view tui_kiosk_view = {"kiosk", start_draw};

void tui_kiosk_begin(struct tui *t)
{
	cw_checker_reset(&t->c);
	cw_engine_free(t->e);
	t->e = cw_engine_new(t->w); /* a new visitor: no failed-PIN memory, no trail of the last one */
	t->c.engine = t->e; /* every request carries this engine's card policy, never the freed one's */
	t->view = &tui_step_view;
	t->visiting = 1;
	t->visits++;
	t->sel = t->scroll = 0;
	t->idle_due = cw_now_ms() + (long long)t->o->idle_seconds * 1000;
	tui_drive(t);
}

/* Reports older than --spool-keep go (they hold the holder's name: cardwiz(1), the spool). */
static void spool_prune(const struct cw_options *o)
{
	int n = cw_spool_prune(o->spool, o->spool_keep_days, (long long)time(NULL));
	if (n < 0)
		syslog(LOG_ERR, "spool %s: %s", o->spool, strerror(errno));
	else if (n > 0)
		syslog(LOG_NOTICE, "spool %s: %d report(s) older than %d day(s) removed", o->spool, n, o->spool_keep_days);
}

/* At start, before the screen: a spool that cannot serve, or that others can read, is said on
 * stderr and in syslog; -1 ends the station (exit 2), a loose mode is tightened and said. */
int tui_kiosk_spool_start(const struct cw_options *o)
{
	if (!o->spool)
		return 0;
	char why[PATH_MAX + 256];
	int rc = cw_spool_check(o->spool, why, sizeof(why));
	if (rc != 0) {
		fprintf(stderr, "cardwiz: %s\n", why);
		syslog(rc < 0 ? LOG_ERR : LOG_WARNING, "%s", why);
	}
	if (rc < 0)
		return -1;
	spool_prune(o);
	return 0;
}

/* The visit's report: the spool (JSON, whole or not at all) and one syslog line with the code. */
static void report_visit(struct tui *t, const char *why)
{
	struct cw_verdict v;
	cw_engine_verdict(t->e, &v);
	const struct cw_diagnosis d = v.diagnosis;
	char name[64] = "";
	if (t->o->spool && t->o->spool_keep_days > 0) {
		char path[1024];
		time_t now = time(NULL);
		strftime(name, sizeof(name), "visit-%Y%m%dT%H%M%S", localtime(&now));
		snprintf(path, sizeof(path), "%s/%s-%d-%d.json", t->o->spool, name, (int)getpid(), t->visits);
		if (cw_mkdir_private(t->o->spool, 0700) < 0 || cw_frontend_save_report(t->e, path, 1, 1, 1) < 0)
			syslog(LOG_ERR, "spool %s: %s", t->o->spool, strerror(errno));
	}
	/* Through cw_text_safe like every other output (doc/DESIGN.md §11): a log line is read on a terminal. */
	char line[512], safe[2048];
	snprintf(line, sizeof(line), "visit %d ended (%s): verdict=%s diagnosis=%s check=%s faq=%d", t->visits, why,
		 cw_verdict_id(v.kind), cw_code_id(d.code), cw_check_id(d.check), d.faq);
	cw_text_safe(line, CW_SAFE_LINE, safe, sizeof(safe));
	syslog(LOG_NOTICE, "%s", safe);
	if (t->o->spool)
		spool_prune(t->o);
}

void tui_kiosk_end(struct tui *t, const char *why)
{
	if (!t->visiting)
		return;
	tui_helper_end(t); /* never a polite stop: it waits on the module, which may wait on a stuck pcscd */
	report_visit(t, why);
	/* Wipe everything of the visit: forms and their secrets, the PIN, results, the screen. */
	tui_form_close(t, -1);
	cw_secret_clear(t->pin);
	cw_engine_free(t->e);
	t->e = cw_engine_new(t->w);
	t->c.engine = t->e;
	cw_wipe(t->msg, sizeof(t->msg));
	t->visiting = 0;
	t->view = &tui_kiosk_view;
	cw_checker_reset(&t->c);
	clearok(curscr, TRUE);
}

/* Idle: the countdown shows in the last seconds; returns how long poll() may sleep (-1: no timer). */
int tui_kiosk_tick(struct tui *t)
{
	if (!t->kiosk || !t->visiting)
		return -1;
	long long left = t->idle_due - cw_now_ms();
	if (left <= 0) {
		tui_kiosk_end(t, "idle");
		return -1;
	}
	if (left <= COUNTDOWN_S * 1000) {
		snprintf(t->msg, sizeof(t->msg), "%s %lld %s / %s %lld s", "閒置中：", (left + 999) / 1000, "秒後回到起始畫面",
			 "idle: back to the start in", (left + 999) / 1000);
		long long to_next_second = left % 1000;
		return (int)(to_next_second ? to_next_second : 1000);
	}
	return (int)(left - COUNTDOWN_S * 1000);
}

void tui_kiosk_key(struct tui *t)
{
	if (!t->kiosk || !t->visiting)
		return;
	t->idle_due = cw_now_ms() + (long long)t->o->idle_seconds * 1000;
	t->msg[0] = '\0';
}
