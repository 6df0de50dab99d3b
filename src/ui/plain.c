/* plain.c — the --plain front end: the same engine as numbered questions on stdout, answers on stdin, no curses. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cw/host.h"
#include "cw/checker.h"
#include "cw/engine.h"
#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/plain.h"
#include "cw/report.h"
#include "cw/text.h"
#include "cw/verdict.h"

#define WIDTH 78
#define TEXT_MAX 8192

struct plain {
	const struct cw_options *o;
	struct cw_wizard *w;
	struct cw_engine *e;
	struct cw_checker c;
	int ascii;
	int quit;
	/* PC/SC events, looked at whenever an answer was typed: a card swapped while a question waited
	 * is checked again before the answer acts on it (a report saved, an end screen). */
	struct cw_monitor mon;
	struct cw_monitor_state ms;
	int monitor_ok, ms_valid;
};

#define MONITOR_STOP_MS 300   /* then a monitor stuck in pcscd is left behind */

/* What the events since the last look mean for the walk, as the wizard takes them (one decision,
 * cw_frontend_monitor_event). act 0: only take the state as the starting point (the checks just
 * saw the card as it is: what the monitor reported meanwhile is no news). Returns 1 on a change. */
static int card_events(struct plain *p, int act)
{
	struct pollfd pf = {.fd = p->monitor_ok ? cw_monitor_fd(&p->mon) : -1, .events = POLLIN};
	if (!p->monitor_ok || poll(&pf, 1, 0) <= 0)
		return 0;
	struct cw_monitor_state old = p->ms;
	int had = p->ms_valid;
	cw_monitor_read(&p->mon, &p->ms);
	p->ms_valid = 1;
	enum cw_event ev;
	if (!act || !had || !cw_frontend_monitor_event(&old, &p->ms, p->c.base.reader, &ev))
		return 0;
	static const struct { enum cw_event ev; const char *zh, *en; } said[] = {
		{CW_EVENT_CARD_REMOVED, "卡片已取出：重新檢測。", "The card was taken out: checking again."},
		{CW_EVENT_CARD_INSERTED, "插入了卡片：重新檢測。", "A card was put in: checking again."},
		{CW_EVENT_READERS_CHANGED, "讀卡機有變動：重新檢測。", "The readers changed: checking again."},
		{CW_EVENT_SERVICE_GONE, "讀卡服務停止了：重新檢測。", "The smart-card service stopped: checking again."},
		{CW_EVENT_SERVICE_BACK, "讀卡服務回來了：重新檢測。", "The smart-card service is back: checking again."},
	};
	for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++)
		if (said[i].ev == ev)
			printf("\n%s\n", cw_tr(said[i].zh, said[i].en));
	cw_frontend_take_event(p->e, &p->c, ev);
	return 1;
}

struct indent { int cols; };

static void emit(const char *line, size_t len, void *arg)
{
	const struct indent *in = arg;
	printf("%*s%.*s\n", in->cols, "", (int)len, line);
}

static int ascii_out; /* --ascii or a charset that is not UTF-8 */

/* Outside text (a note, a name, a wizard text) made safe for one line (doc/DESIGN.md §11). */
static const char *safe(const char *s, char *buf, size_t size)
{
	cw_text_safe(s, CW_SAFE_LINE, buf, size);
	return buf;
}

static void say(int indent, const char *text)
{
	static char plain[TEXT_MAX], clean[TEXT_MAX];
	struct indent in = {indent};
	cw_text_safe(text, CW_SAFE_LINES, clean, sizeof(clean));
	text = clean;
	if (ascii_out) {
		cw_text_asciify(text, plain, sizeof(plain));
		text = plain;
	}
	cw_text_wrap(text, WIDTH - indent, emit, &in);
}

/* One line per fact: the mark, the check, what it found. */
static void print_result(void *arg, const struct cw_result *r)
{
	const struct plain *p = arg;
	char note[CW_NOTE_MAX * 4];
	safe(cw_result_note_text(r), note, sizeof(note));
	const char *what = r->code == CW_CODE_OK ? note : cw_code_title(r->code);
	printf("%s %s: %s", cw_status_mark(r->status, p->ascii), cw_check_name(r->check), what);
	if (r->code != CW_CODE_OK && r->note[0])
		printf(" (%s)", note);
	putchar('\n');
	fflush(stdout);
}

static void print_node(struct plain *p, const struct cw_node *node)
{
	char buf[TEXT_MAX];
	struct cw_verdict v = {.kind = CW_VERDICT_OK};
	if (node->kind == CW_NODE_END) /* the end says the engine's verdict, not only the node's words */
		cw_engine_verdict(p->e, &v);
	cw_wizard_expand(p->w, cw_lang_current(), cw_ltext_get(&node->title, cw_lang_current()), buf, sizeof(buf));
	char title[TEXT_MAX], clean[TEXT_MAX];
	cw_verdict_headline(&v, buf, title, sizeof(title));
	printf("\n== %s", safe(title, clean, sizeof(clean)));
	if (node->faq)
		printf(" (%s %d)", cw_tr("常見問題", "FAQ"), node->faq);
	printf(" ==\n");
	if (v.kind != CW_VERDICT_OK) {
		cw_verdict_explain(&v, buf, sizeof(buf));
		say(0, buf);
	} else if (node->text.zh_tw) {
		cw_wizard_expand(p->w, cw_lang_current(), cw_ltext_get(&node->text, cw_lang_current()), buf, sizeof(buf));
		say(0, buf);
	}
	for (int i = 0; i < node->nlinks; i++) {
		cw_wizard_expand(p->w, cw_lang_current(), node->links[i].url, buf, sizeof(buf));
		printf("  %s\n", safe(buf, clean, sizeof(clean)));
	}
	for (int i = 0; i < node->nactions; i++) {
		cw_wizard_expand(p->w, cw_lang_current(), cw_ltext_get(&node->actions[i].label, cw_lang_current()), buf,
				 sizeof(buf));
		char label[TEXT_MAX];
		safe(buf, clean, sizeof(clean));
		cw_text_asciify(clean, label, sizeof(label));
		printf("  %d) %s\n", i + 1, ascii_out ? label : clean);
	}
	printf("  %s\n", cw_tr("b) 上一步  r) 再檢測  t) 完整檢測  q) 離開", "b) back  r) check again  t) full test  q) quit"));
	fflush(stdout);
}

/* One answer from stdin; 0 at its end. */
static int read_answer(char *buf, size_t size)
{
	printf("> ");
	fflush(stdout);
	if (!fgets(buf, (int)size, stdin))
		return 0;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 1;
}

/* A secret: from --pin-fd, else from the terminal with echo off — never from the piped answers. */
/* While echo is off for a secret: a signal that ends cardwiz gives the terminal back first. */
static int quiet_tty = -1;
static struct termios loud;

static void restore_and_die(int sig)
{
	if (quiet_tty >= 0)
		tcsetattr(quiet_tty, TCSANOW, &loud); /* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static int ask_secret(struct plain *p, const char *prompt, struct cw_secret *s)
{
	if (p->o->pin_fd >= 0) {
		if (cw_secret_read_fd(s, p->o->pin_fd) == 0 && cw_secret_len(s))
			return 0;
		if (errno == EINVAL)
			say(0, cw_tr("--pin-fd 給的 PIN 碼含有 NUL 位元組：拒絕使用，沒有送出。",
				     "The PIN from --pin-fd holds a NUL byte: refused, nothing sent."));
		return -1;
	}
	int tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct termios old, quiet;
	if (tty < 0 || tcgetattr(tty, &old) < 0) {
		if (tty >= 0)
			close(tty);
		say(0, cw_tr("沒有終端機可以隱藏輸入：不會詢問 PIN 碼 (可用 --pin-fd 提供)。",
			     "No terminal to type into with echo off: the PIN is not asked (give it with --pin-fd)."));
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
	(void)!write(tty, prompt, strlen(prompt));
	static const int ending[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction give_back = {.sa_handler = restore_and_die}, was[4];
	loud = old;
	quiet_tty = tty;
	for (int i = 0; i < 4; i++)
		sigaction(ending[i], &give_back, &was[i]);
	tcsetattr(tty, TCSAFLUSH, &quiet);
	int rc = cw_secret_read_fd(s, tty);
	tcsetattr(tty, TCSAFLUSH, &old);
	for (int i = 0; i < 4; i++)
		sigaction(ending[i], &was[i], NULL);
	quiet_tty = -1;
	(void)!write(tty, "\n", 1);
	close(tty);
	return rc == 0 && cw_secret_len(s) ? 0 : -1;
}


/* A last try, or a PUK whose count is unknown: a question of its own. Piped input never gives it
 * (only --allow-final-try does), and the end of input cancels. */
static int confirm_final(struct plain *p, enum cw_guard g)
{
	say(0, cw_frontend_guard_text(g));
	if (p->o->allow_final_try)
		return 1;
	if (!isatty(STDIN_FILENO)) {
		say(0, cw_tr("答案不是從終端機輸入的：最後一次嘗試不會用管線輸入確認，沒有送出 (需要時請加 --allow-final-try)。",
			     "The answers do not come from a terminal: a last try is never confirmed by piped input, so nothing was sent (--allow-final-try gives it)."));
		return 0;
	}
	say(0, cw_tr("確定要送出嗎？", "Send it anyway?"));
	printf("  1) %s\n  2) %s\n", cw_tr("送出 (我確定沒有打錯)", "send it (I am sure it is right)"), cw_tr("不送出", "do not send"));
	char answer[16];
	return read_answer(answer, sizeof(answer)) && strcmp(answer, "1") == 0;
}

/* The engine's guard on the first secret of an act: 1 when it may be sent (*yes: with a confirmation). */
static int guard_ok(struct plain *p, enum cw_card_act act, const struct cw_secret *secret, int *yes)
{
	*yes = 0;
	enum cw_guard g = cw_engine_guard(p->e, act, cw_secret_str(secret), cw_secret_len(secret), 0);
	if (cw_guard_asks(g)) {
		if (!confirm_final(p, g))
			return 0;
		*yes = 1;
		g = cw_engine_guard(p->e, act, cw_secret_str(secret), cw_secret_len(secret), 1);
	}
	if (g != CW_GUARD_OK)
		say(0, cw_frontend_guard_text(g));
	return g == CW_GUARD_OK;
}

/* The PIN form: 1 when a PIN passed the guard and waits in the checker's locked buffer. */
static int form_pin(struct plain *p)
{
	enum cw_guard g = cw_engine_guard(p->e, CW_ACT_VERIFY, NULL, 0, 1);
	if (g != CW_GUARD_OK) {
		say(0, cw_frontend_guard_text(g));
		return 0;
	}
	if (cw_remote_session())
		say(0, cw_tr("這是遠端連線：只有持卡人本人輸入 PIN 碼，不要告訴任何人，包括客服人員。",
			     "This is a remote session: only the card holder types the PIN, and never tells it to anyone — helpdesk staff included."));
	if (ask_secret(p, "PIN: ", p->c.pin) < 0)
		return 0;
	int yes;
	if (!guard_ok(p, CW_ACT_VERIFY, p->c.pin, &yes)) {
		cw_secret_clear(p->c.pin);
		return 0;
	}
	if (yes)
		p->c.base.flags |= CW_REQ_ALLOW_FINAL_TRY; /* for this PIN sequence only */
	return 1;
}

/* MOICA and CHT cards: the official route, from what the user still knows; nothing goes to the card. */
static int form_official_unlock(struct plain *p, const struct cw_profile *prof)
{
	int answers[2] = {1, 1};
	int issuer = prof->unlock == CW_UNLOCK_ISSUER;
	say(0, cw_code_advice(CW_CODE_UNLOCK_OFFICIAL_ONLY));
	for (int q = 0; q < 2 && !issuer && (q == 0 || answers[0] == 1); q++) {
		const char *a, *b, *text = cw_unlock_question(q, &a, &b);
		char line[32];
		say(0, text);
		printf("  1) %s\n  2) %s\n", a, b);
		if (!read_answer(line, sizeof(line)))
			return 0;
		answers[q] = atoi(line) == 2 ? 2 : 1;
	}
	char buf[TEXT_MAX];
	cw_wizard_expand(p->w, cw_lang_current(),
			 cw_unlock_route_text(cw_unlock_route_for(issuer, answers[0] == 1, answers[1] == 1)), buf, sizeof(buf));
	say(0, buf);
	return 1;
}

static void print_action(struct plain *p, const struct cw_result *r)
{
	char note[CW_NOTE_MAX * 4];
	printf("%s %s%s%s\n", cw_status_mark(r->status, p->ascii), cw_code_title(r->code), r->note[0] ? ": " : "",
	       safe(cw_result_note_text(r), note, sizeof(note)));
	if (*cw_code_advice(r->code))
		say(2, cw_code_advice(r->code));
}

/* Unlock with the PUK or change the PIN: three secrets, the new PIN typed twice, then the helper. */
static int form_pin_change(struct plain *p, enum cw_op op)
{
	enum cw_card_act act = op == CW_OP_UNLOCK ? CW_ACT_UNBLOCK : CW_ACT_CHANGE;
	enum cw_guard may = cw_engine_guard(p->e, act, NULL, 0, 1);
	if (may != CW_GUARD_OK) { /* locked PUK, a locked PIN to change, a card changed only officially */
		say(0, cw_frontend_guard_text(may));
		return 0;
	}
	struct cw_secret *s[3] = {cw_secret_new(), cw_secret_new(), cw_secret_new()};
	int ok = 0, yes = 0;
	const char *first = op == CW_OP_UNLOCK ? cw_tr("解鎖碼 (PUK)：", "Unblock code (PUK): ") : cw_tr("目前的 PIN 碼：", "Current PIN: ");
	if (s[0] && s[1] && s[2] && ask_secret(p, first, s[0]) == 0 &&
	    ask_secret(p, cw_tr("新的 PIN 碼：", "New PIN: "), s[1]) == 0 &&
	    ask_secret(p, cw_tr("再輸入一次：", "New PIN again: "), s[2]) == 0) {
		struct cw_token_state free_state = {.tries_left = -1};
		enum cw_guard g = cw_pin_guard(cw_engine_profile(p->e), &free_state, NULL, cw_secret_str(s[1]), cw_secret_len(s[1]), 1);
		if (cw_secret_len(s[1]) != cw_secret_len(s[2]) || memcmp(cw_secret_str(s[1]), cw_secret_str(s[2]), cw_secret_len(s[1])))
			say(0, cw_tr("兩次輸入的新 PIN 碼不同。", "The two new PINs differ."));
		else if (g != CW_GUARD_OK)
			say(0, cw_frontend_guard_text(g));
		else if (guard_ok(p, act, s[0], &yes)) {
			struct cw_secret *slots[CW_SECRET_SLOTS] = {[CW_SECRET_NEW_PIN] = s[1]};
			slots[op == CW_OP_UNLOCK ? CW_SECRET_PUK : CW_SECRET_PIN] = s[0];
			struct cw_result r;
			cw_checker_run_op(&p->c, op, slots, NULL, yes, &r);
			/* The card changed since (another program spent a try): the helper refused; ask now. */
			if (r.code == CW_CODE_REFUSED_FINAL_TRY && !yes &&
			    confirm_final(p, act == CW_ACT_UNBLOCK ? CW_GUARD_CONFIRM_PUK : CW_GUARD_CONFIRM_FINAL))
				cw_checker_run_op(&p->c, op, slots, NULL, 1, &r);
			print_action(p, &r);
			ok = r.status == CW_STATUS_PASS;
		}
	}
	for (int i = 0; i < 3; i++)
		cw_secret_free(s[i]);
	return ok;
}

static int form_file(struct plain *p, enum cw_form kind)
{
	char path[512];
	say(0, cw_tr("存到哪個檔案？", "Save to which file?"));
	if (!read_answer(path, sizeof(path)) || !path[0])
		return 0;
	if (kind == CW_FORM_SAVE_REPORT) {
		if (cw_frontend_save_report(p->e, path, 0, p->ascii, 0) < 0) {
			printf("%s %s\n", cw_status_mark(CW_STATUS_FAIL, p->ascii), cw_tr("無法儲存 (檔案已存在或無法寫入)", "Could not save (the file exists or cannot be written)"));
			return 0;
		}
		char shown[sizeof(path) * 4];
		printf("%s %s %s\n", cw_status_mark(CW_STATUS_PASS, p->ascii), cw_tr("報告已存到", "Report saved to"),
		       safe(path, shown, sizeof(shown)));
		return 1;
	}
	struct cw_result r;
	cw_checker_run_op(&p->c, CW_OP_EXPORT, NULL, path, 0, &r);
	print_action(p, &r);
	return r.status == CW_STATUS_PASS;
}

/* A form, in a form node or from an action; returns whether it was done (1) or declined (0). */
static int do_form(struct plain *p, enum cw_form kind)
{
	/* The engine's card policy decides; a card changed only officially gets its routes. */
	int official = cw_engine_guard(p->e, CW_ACT_UNBLOCK, NULL, 0, 1) == CW_GUARD_REFUSED_PROFILE;
	switch (kind) {
	case CW_FORM_PIN: return form_pin(p);
	case CW_FORM_UNLOCK:
		return official ? form_official_unlock(p, cw_engine_profile(p->e)) : form_pin_change(p, CW_OP_UNLOCK);
	case CW_FORM_CHANGE_PIN:
		return form_pin_change(p, CW_OP_CHANGE_PIN);
	case CW_FORM_EXPORT_CERT:
	case CW_FORM_SAVE_REPORT: return form_file(p, kind);
	default: return 0;
	}
}

static void seen(void *arg, const struct cw_result *r)
{
	struct plain *p = arg;
	print_result(p, r);
	cw_frontend_pin_result(p->e, &p->c, r, p->o->allow_final_try);
}

/* Several cards: a numbered question (the HiCOS tool's "choose the IC card"). The answer names the
 * reader for every later request; the end of input keeps the card the helper took. */
static void ask_card(struct plain *p)
{
	struct cw_card_choice cards[16];
	int automatic = 0;
	int n = cw_engine_cards_to_choose(p->e, cards, 16, &automatic);
	if (n < 2)
		return;
	putchar('\n');
	say(0, cw_tr("有多張卡片，要檢測哪一張？", "Several cards are in: which one should be checked?"));
	for (int i = 0; i < n; i++) {
		const struct cw_profile *pr = cards[i].profile;
		const char *name = pr ? cw_tr(pr->name.zh_tw ? pr->name.zh_tw : pr->id, pr->name.en ? pr->name.en : pr->id) : "-";
		printf("  %d. %s (%s)%s\n", i + 1, cards[i].reader, name, i == automatic ? cw_tr(" [預設]", " [default]") : "");
	}
	int pick = automatic;
	char answer[64];
	for (;;) {
		if (!read_answer(answer, sizeof(answer)) || !answer[0])
			break; /* end of input or Enter: the default */
		int k = atoi(answer);
		if (k >= 1 && k <= n) {
			pick = k - 1;
			break;
		}
		say(0, cw_tr("請輸入上面的數字。", "Type one of the numbers above."));
	}
	cw_checker_set_reader(&p->c, cards[pick].reader);
	if (pick != automatic)
		cw_engine_event(p->e, CW_EVENT_READERS_CHANGED); /* the reader check and those after it, again */
}

/* The checks the engine asks for, up to the next step for the user; several cards are asked about
 * as soon as the reader check finds them. */
static void run_checks(struct plain *p)
{
	enum cw_check check;
	while (!p->quit && cw_engine_want(p->e, &check) == CW_WANT_CHECK) {
		struct cw_result r;
		cw_checker_run(&p->c, check, &r);
		seen(p, &r);
		if (cw_engine_feed(p->e, &r) < 0)
			return; /* cannot happen: the engine asked for this check */
		if (check == CW_CHECK_READER && !p->c.base.reader[0])
			ask_card(p);
	}
}

/* The letters every step takes, besides the numbered actions. */
static int command(struct plain *p, const char *answer)
{
	if (strcmp(answer, "q") == 0)
		p->quit = 1;
	else if (strcmp(answer, "b") == 0)
		cw_engine_back(p->e);
	else if (strcmp(answer, "r") == 0)
		cw_engine_rerun(p->e);
	else if (strcmp(answer, "t") == 0) {
		if (!cw_secret_len(p->c.pin) && cw_engine_guard(p->e, CW_ACT_VERIFY, NULL, 0, 1) == CW_GUARD_OK &&
		    (p->o->pin_fd >= 0 || isatty(STDIN_FILENO)))
			form_pin(p);
		cw_engine_full_test(p->e);
	} else
		return 0;
	return 1;
}

static void step(struct plain *p)
{
	enum cw_check check;
	const struct cw_node *node = cw_engine_node(p->e);
	enum cw_want want = cw_engine_want(p->e, &check);
	if (want == CW_WANT_ERROR && cw_engine_error(p->e))
		say(0, cw_engine_error(p->e));
	if (node && node->kind == CW_NODE_FORM && want == CW_WANT_USER) {
		print_node(p, node);
		cw_engine_form_done(p->e, do_form(p, node->form));
		return;
	}
	card_events(p, 0); /* the card as the checks just saw it */
	print_node(p, node);
	char answer[64];
	if (!read_answer(answer, sizeof(answer))) {
		p->quit = 1;
		if (card_events(p, 1)) /* the verdict said last is about the card that is in now */
			run_checks(p);
		return;
	}
	if (card_events(p, 1))
		return; /* the answer was for a card that has gone: the walk starts again from it */
	int n = atoi(answer);
	if (n >= 1 && node && n <= node->nactions) {
		enum cw_form form = node->actions[n - 1].form;
		int verb = cw_engine_choose(p->e, n - 1);
		if (verb == CW_VERB_FORM)
			do_form(p, form);
		else if (verb == CW_VERB_QUIT)
			p->quit = 1;
		else if (verb == CW_VERB_IMPORTED) {
			struct cw_result r;
			cw_frontend_import_confirmed(p->e, &p->c, &r);
			print_result(p, &r);
		}
	} else if (!command(p, answer)) {
		say(0, cw_tr("請輸入上面的數字或字母。", "Type one of the numbers or letters above."));
	}
}

int cw_plain_main(const struct cw_options *o)
{
	struct plain p = {.o = o, .ascii = o->ascii || !cw_charset_is_utf8()};
	ascii_out = p.ascii;
	const char *path = cw_wizard_path(o->wizard);
	if (!(p.w = cw_frontend_load_wizard(path)))
		return 2;
	p.e = cw_engine_new(p.w);
	if (!p.e || cw_checker_init(&p.c, o, p.e) < 0) {
		fprintf(stderr, "cardwiz: %s\n", _("could not start the wizard"));
		cw_engine_free(p.e);
		cw_wizard_free(p.w);
		return 1;
	}
	p.monitor_ok = cw_monitor_start(&p.mon) == 0;
	while (!p.quit) {
		run_checks(&p);
		step(&p);
	}
	/* One verdict for the last words and the exit status, the same as --report's. */
	struct cw_verdict v;
	cw_engine_verdict(p.e, &v);
	putchar('\n');
	cw_report_text_verdict(stdout, &v);
	if (p.monitor_ok)
		cw_monitor_stop(&p.mon, MONITOR_STOP_MS);
	cw_checker_close(&p.c);
	cw_engine_free(p.e);
	cw_wizard_free(p.w);
	return cw_verdict_exit_status(&v);
}
