/* tui_form.c — the forms in the step pane: PIN, unlock (PUK), change PIN, export, save report; masked secret input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/text.h"
#include "tui_int.h"

struct field_spec { const char *zh, *en; int secret; };

/* The fields of each form (the MOICA unlock panel has none: it asks questions instead). */
static const struct form_spec {
	struct field_spec f[TUI_FIELDS];
	int n;
	const char *title_zh, *title_en;
} specs[CW_FORM_COUNT] = {
	[CW_FORM_PIN] = {{{"PIN 碼", "PIN", 1}}, 1, "輸入 PIN 碼", "Type the PIN"},
	[CW_FORM_UNLOCK] = {{{"解鎖碼 (PUK)", "Unblock code (PUK)", 1}, {"新的 PIN 碼", "New PIN", 1},
			     {"再輸入一次", "New PIN again", 1}}, 3, "以 PUK 解除鎖定", "Unlock with the PUK"},
	[CW_FORM_CHANGE_PIN] = {{{"目前的 PIN 碼", "Current PIN", 1}, {"新的 PIN 碼", "New PIN", 1},
				 {"再輸入一次", "New PIN again", 1}}, 3, "變更 PIN 碼", "Change the PIN"},
	[CW_FORM_EXPORT_CERT] = {{{"存到檔案", "Save to file", 0}}, 1, "匯出憑證 (PEM)", "Export the certificates (PEM)"},
	[CW_FORM_SAVE_REPORT] = {{{"存到檔案", "Save to file", 0}}, 1, "儲存報告", "Save the report"},
};

static const struct cw_profile *profile(struct tui *t) { return cw_engine_profile(t->e); }
/* The engine's card policy says whether this card may be unblocked here: if not, the official routes. */
static int moica_panel(struct tui *t)
{
	return t->form.kind == CW_FORM_UNLOCK && cw_engine_guard(t->e, CW_ACT_UNBLOCK, NULL, 0, 1) == CW_GUARD_REFUSED_PROFILE;
}

void tui_form_open(struct tui *t, enum cw_form kind, int from_node)
{
	tui_form_close(t, -1);
	if (t->kiosk && (kind == CW_FORM_EXPORT_CERT || kind == CW_FORM_SAVE_REPORT)) {
		/* A station writes only into its spool. */
		snprintf(t->msg, sizeof(t->msg), "%s", cw_tr("服務台不提供存檔。", "Saving files is not offered at this station."));
		return;
	}
	if (kind == CW_FORM_CHANGE_PIN && cw_engine_guard(t->e, CW_ACT_CHANGE, NULL, 0, 1) == CW_GUARD_REFUSED_PROFILE) {
		/* MOICA and issuer cards: the policy sends no change; the screen says how instead. */
		snprintf(t->msg, sizeof(t->msg), "%s", cw_frontend_guard_text(CW_GUARD_REFUSED_PROFILE));
		return;
	}
	struct tui_form *f = &t->form;
	memset(f, 0, sizeof(*f));
	f->active = 1;
	f->kind = kind;
	f->from_node = from_node;
	f->nfields = specs[kind].n;
	if (kind == CW_FORM_UNLOCK && cw_engine_guard(t->e, CW_ACT_UNBLOCK, NULL, 0, 1) == CW_GUARD_REFUSED_MODULE) {
		/* The engine's guard: the module refuses any unblock, so the form says so and asks no PUK. */
		f->nfields = 0;
		snprintf(f->message, sizeof(f->message), "%s", cw_frontend_guard_text(CW_GUARD_REFUSED_MODULE));
		f->message_bad = 1;
		f->state = FORM_DONE;
	}
	for (int i = 0; i < f->nfields; i++) {
		f->f[i].label_zh = specs[kind].f[i].zh;
		f->f[i].label_en = specs[kind].f[i].en;
		f->f[i].secret = specs[kind].f[i].secret;
		if (f->f[i].secret && !(f->f[i].sec = cw_secret_new())) {
			snprintf(f->message, sizeof(f->message), "%s", cw_tr("無法配置安全記憶體", "no locked memory for the secret"));
			f->message_bad = 1;
		}
	}
	if (kind == CW_FORM_EXPORT_CERT || kind == CW_FORM_SAVE_REPORT) {
		char name[64];
		time_t now = time(NULL);
		strftime(name, sizeof(name), kind == CW_FORM_SAVE_REPORT ? "cardwiz-report-%Y%m%d-%H%M%S.txt"
									 : "cardwiz-certs-%Y%m%d-%H%M%S.pem", localtime(&now));
		cw_copy(f->f[0].text, sizeof(f->f[0].text), name);
		f->f[0].len = strlen(f->f[0].text);
	}
}

void tui_form_close(struct tui *t, int submitted)
{
	struct tui_form *f = &t->form;
	if (!f->active)
		return;
	for (int i = 0; i < f->nfields; i++) {
		cw_secret_free(f->f[i].sec);
		cw_wipe(f->f[i].text, sizeof(f->f[i].text)); /* a typed path is the visit's too */
	}
	int from_node = f->from_node, then_full_test = f->then_full_test;
	cw_wipe(f, sizeof(*f));
	f->active = 0;
	if (then_full_test && submitted >= 0) { /* with the PIN, or without it after Esc */
		tui_full_test(t, 0);
		return;
	}
	/* Leaving a form node: done (its `then`) or declined (its `cancel`); -1: the node already moved. */
	if (from_node && submitted >= 0)
		cw_engine_form_done(t->e, submitted);
	tui_run_deferred(t); /* a card event that came while the form showed an action's result */
}

static void say(struct tui *t, int bad, const char *zh, const char *en)
{
	snprintf(t->form.message, sizeof(t->form.message), "%s", cw_tr(zh, en));
	t->form.message_bad = bad;
}


static int secrets_equal(const struct cw_secret *a, const struct cw_secret *b)
{
	return cw_secret_len(a) == cw_secret_len(b) && memcmp(cw_secret_str(a), cw_secret_str(b), cw_secret_len(a)) == 0;
}

/* A new PIN must fit the card and be typed the same twice (a typo costs a trip to the issuer). */
static int new_pin_ok(struct tui *t, const struct cw_secret *pin, const struct cw_secret *again)
{
	if (!secrets_equal(pin, again)) {
		say(t, 1, "兩次輸入的新 PIN 碼不同，請重新輸入。", "The two new PINs differ: type them again.");
		return 0;
	}
	struct cw_token_state free_state = {.tries_left = -1};
	struct cw_token_state ts;
	cw_engine_token_state(t->e, &ts);
	free_state.min_len = ts.min_len;
	free_state.max_len = ts.max_len;
	enum cw_guard g = cw_pin_guard(profile(t), &free_state, NULL, cw_secret_str(pin), cw_secret_len(pin), 1);
	if (g != CW_GUARD_OK) {
		snprintf(t->form.message, sizeof(t->form.message), "%s %s", cw_tr("新的 PIN 碼：", "New PIN:"), cw_frontend_guard_text(g));
		t->form.message_bad = 1;
		return 0;
	}
	return 1;
}

static void start_op(struct tui *t, enum cw_op op, struct cw_secret *pin, struct cw_secret *puk, struct cw_secret *new_pin,
		     const char *path, int confirmed)
{
	struct cw_secret *secrets[CW_SECRET_SLOTS] = {[CW_SECRET_PIN] = pin, [CW_SECRET_PUK] = puk, [CW_SECRET_NEW_PIN] = new_pin};
	struct cw_result r;
	t->form.state = FORM_BUSY;
	t->form.sent_confirmed = confirmed;
	say(t, 0, "處理中…", "Working...");
	if (cw_checker_start_op(&t->c, op, secrets, path, confirmed, &r))
		tui_form_result(t, &r);
}

static int confirmed(const struct tui_form *f) { return f->state == FORM_CONFIRM_FINAL && f->confirm_yes; }

/* The last (or an unknown) try: the secret stays typed, and the form asks, as two buttons chosen
 * with 1/2, arrows and Enter — no word to type, so any input method and either language works. */
static void ask_confirm(struct tui *t, enum cw_guard g)
{
	struct tui_form *f = &t->form;
	f->state = FORM_CONFIRM_FINAL;
	f->confirm_sel = 1; /* "don't send" until the user moves: Enter alone spends no last try */
	f->confirm_yes = 0;
	snprintf(f->message, sizeof(f->message), "%s", cw_frontend_guard_text(g));
	f->message_bad = 1;
}

/* The engine's guard for this form's act on its first secret: 1 when it may go (confirmed tells
 * whether a confirmation came with it), else the form says why or asks for the confirmation. */
static int guard_ok(struct tui *t, enum cw_card_act act, const struct cw_secret *secret, int *yes)
{
	struct tui_form *f = &t->form;
	*yes = confirmed(f);
	enum cw_guard g = cw_engine_guard(t->e, act, cw_secret_str(secret), cw_secret_len(secret), *yes);
	if (cw_guard_asks(g)) {
		ask_confirm(t, g);
		return 0;
	}
	if (g != CW_GUARD_OK) {
		snprintf(f->message, sizeof(f->message), "%s", cw_frontend_guard_text(g));
		f->message_bad = 1;
		f->state = FORM_EDIT;
		return 0;
	}
	return 1;
}

static void submit_pin(struct tui *t)
{
	struct tui_form *f = &t->form;
	const struct cw_secret *pin = f->f[0].sec;
	int confirmed;
	if (!guard_ok(t, CW_ACT_VERIFY, pin, &confirmed))
		return;
	cw_secret_set(t->pin, cw_secret_str(pin), cw_secret_len(pin));
	if (confirmed)
		t->c.base.flags |= CW_REQ_ALLOW_FINAL_TRY; /* for this PIN sequence only */
	tui_form_close(t, 1);
}

static void submit_file(struct tui *t);

static void submit(struct tui *t)
{
	struct tui_form *f = &t->form;
	switch (f->kind) {
	case CW_FORM_PIN:
		submit_pin(t);
		break;
	case CW_FORM_UNLOCK:
	case CW_FORM_CHANGE_PIN: {
		int unblock = f->kind == CW_FORM_UNLOCK, yes;
		if (new_pin_ok(t, f->f[1].sec, f->f[2].sec) && guard_ok(t, unblock ? CW_ACT_UNBLOCK : CW_ACT_CHANGE, f->f[0].sec, &yes))
			start_op(t, unblock ? CW_OP_UNLOCK : CW_OP_CHANGE_PIN, unblock ? NULL : f->f[0].sec,
				 unblock ? f->f[0].sec : NULL, f->f[1].sec, NULL, yes);
		break;
	}
	case CW_FORM_EXPORT_CERT:
	case CW_FORM_SAVE_REPORT:
		submit_file(t);
		break;
	default:
		break;
	}
}

static void save_report(struct tui *t, const char *path)
{
	if (cw_frontend_save_report(t->e, path, 0, t->ascii, 0) < 0) {
		snprintf(t->form.message, sizeof(t->form.message), "%s %s: %s", cw_tr("無法儲存", "Could not save"), path,
			 errno == EEXIST ? cw_tr("檔案已存在 (不會覆寫)", "the file exists (not overwritten)") : strerror(errno));
		t->form.message_bad = 1;
		return;
	}
	snprintf(t->form.message, sizeof(t->form.message), "%s %s", cw_tr("報告已存到", "Report saved to"), path);
	t->form.message_bad = 0;
	t->form.state = FORM_DONE;
}

/* The file as the user will look for it: a relative name is taken from the working folder. */
static void absolute(const char *path, char *out, size_t size)
{
	char cwd[1024];
	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		cw_copy(out, size, path);
	else
		if (snprintf(out, size, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "", path) >= (int)size)
			cw_copy(out, size, path); /* too long to show whole: the name as typed still works */
}

static void submit_file(struct tui *t)
{
	struct tui_form *f = &t->form;
	char path[1200];
	if (!f->f[0].text[0]) {
		say(t, 1, "請輸入檔名。", "Type a file name.");
		return;
	}
	absolute(f->f[0].text, path, sizeof(path));
	if (f->kind == CW_FORM_SAVE_REPORT)
		save_report(t, path);
	else
		start_op(t, CW_OP_EXPORT, NULL, NULL, NULL, path, 0);
}

void tui_form_result(struct tui *t, const struct cw_result *r)
{
	struct tui_form *f = &t->form;
	if (!f->active)
		return;
	if (r->code == CW_CODE_REFUSED_FINAL_TRY && !f->sent_confirmed) {
		/* The card changed since the form opened (another program spent a try): the helper
		 * read it and refused; the typed secrets stay for the confirmation. */
		ask_confirm(t, f->kind == CW_FORM_UNLOCK ? CW_GUARD_CONFIRM_PUK : CW_GUARD_CONFIRM_FINAL);
		return;
	}
	f->result = *r;
	f->has_result = 1;
	f->state = r->status == CW_STATUS_PASS ? FORM_DONE : FORM_EDIT;
	f->message_bad = r->status != CW_STATUS_PASS;
	snprintf(f->message, sizeof(f->message), "%s %s%s%s", tui_mark(t, r->status), cw_code_title(r->code),
		 r->note[0] ? " — " : "", cw_result_note_text(r));
	for (int i = 0; i < f->nfields; i++)
		if (f->f[i].sec)
			cw_secret_clear(f->f[i].sec);
	f->focus = 0;
	if (r->code == CW_CODE_UNLOCK_OK || r->code == CW_CODE_PIN_CHANGED)
		cw_secret_clear(t->pin);
}

/* ---- drawing ---- */

static void draw_field(struct tui *t, int y, int i)
{
	const struct tui_field *fl = &t->form.f[i];
	char line[400], value[300];
	if (fl->secret) {
		size_t n = cw_secret_len(fl->sec);
		for (size_t k = 0; k < n && k < 32; k++)
			value[k] = '*';
		value[n < 32 ? n : 32] = '\0';
	} else {
		cw_copy(value, sizeof(value), fl->text);
	}
	snprintf(line, sizeof(line), "%s:", cw_tr(fl->label_zh, fl->label_en));
	tui_put(t, y, 4, 22, A_NORMAL, line);
	int focus = i == t->form.focus && t->form.state == FORM_EDIT;
	int attr = tui_attr(t, TUI_C_FIELD) | (focus ? A_BOLD : 0);
	attrset(attr);
	mvhline(y, 26, ' ', t->cols - 30);
	attrset(A_NORMAL);
	tui_put(t, y, 26, t->cols - 30, attr, value);
	if (focus) {
		curs_set(1);
		move(y, 26 + cw_text_width(value));
	}
}

int tui_form_whole_pane(struct tui *t) { return moica_panel(t); }

static void count_line(const char *line, size_t len, void *arg)
{
	(void)line;
	(void)len;
	(*(int *)arg)++;
}

static int rows_of(const char *text, int cols)
{
	int n = 0;
	cw_text_wrap(text, cols, count_line, &n);
	return n;
}

int tui_form_height(struct tui *t)
{
	const struct tui_form *f = &t->form;
	int rows = 2 + f->nfields; /* title, fields, keys */
	if (f->nfields && f->f[0].secret && t->remote)
		rows += 2;
	if (f->kind == CW_FORM_PIN)
		rows++;
	if (f->state == FORM_CONFIRM_FINAL)
		rows++;
	if (f->message[0])
		rows += rows_of(f->message, t->cols - 8);
	if (f->has_result && *cw_code_advice(f->result.code))
		rows += rows_of(cw_code_advice(f->result.code), t->cols - 8);
	return rows;
}

int tui_form_draw(struct tui *t, int y, int last)
{
	struct tui_form *f = &t->form;
	int bottom = last; /* the keys line is the last row: everything else stops above it */
	if (moica_panel(t))
		return tui_moica_draw(t, y, last);
	tui_put(t, y++, 2, t->cols - 4, A_BOLD, cw_tr(specs[f->kind].title_zh, specs[f->kind].title_en));
	int secret_form = f->nfields && f->f[0].secret;
	if (secret_form && t->remote)
		y = tui_wrap(t, y, 2, t->cols - 4, bottom, tui_attr(t, TUI_C_NOTICE),
			     cw_tr("這是遠端連線：只有持卡人本人輸入 PIN 碼，不要把 PIN 碼告訴任何人，包括客服人員。",
				   "This is a remote session: only the card holder types the PIN, and never tells it to anyone — helpdesk staff included."));
	if (f->kind == CW_FORM_PIN) {
		struct cw_token_state ts;
		cw_engine_token_state(t->e, &ts);
		char hint[200];
		if (ts.tries_left >= 0)
			snprintf(hint, sizeof(hint), "%s%d", cw_tr("剩餘嘗試次數：", "Tries left: "), ts.tries_left); /* as the seed: 剩餘嘗試次數：1 */
		else
			snprintf(hint, sizeof(hint), "%s", cw_tr("錯誤的 PIN 碼會減少剩餘次數。", "A wrong PIN costs a try."));
		tui_put(t, y++, 4, t->cols - 6, tui_attr(t, TUI_C_SKIP), hint);
	}
	for (int i = 0; i < f->nfields && y < bottom; i++)
		draw_field(t, y++, i);
	if (f->message[0])
		y = tui_wrap(t, y, 4, t->cols - 8, bottom, tui_attr(t, f->message_bad ? TUI_C_FAIL : TUI_C_PASS), f->message);
	if (f->has_result && *cw_code_advice(f->result.code))
		y = tui_wrap(t, y, 4, t->cols - 8, bottom, A_NORMAL, cw_code_advice(f->result.code));
	if (f->state == FORM_CONFIRM_FINAL) {
		/* Two buttons, the chosen one highlighted; the secrets stay typed behind them. */
		const char *b[2] = {cw_tr("[1 送出]", "[1 Send]"), cw_tr("[2 不送出]", "[2 Don't send]")};
		int x = 4, row = y < last ? y : last;
		for (int i = 0; i < 2; i++) {
			tui_put(t, row, x, t->cols - x - 2, i == f->confirm_sel ? tui_attr(t, TUI_C_BUTTON) : (int)A_BOLD, b[i]);
			x += cw_text_width(b[i]) + 2;
		}
		tui_put(t, row, x, t->cols - x - 2, tui_attr(t, TUI_C_SKIP), cw_tr("Esc 取消", "Esc cancels"));
		return y + 1;
	}
	const char *keys = tui_form_refused(t) ? cw_tr("[Enter 再檢查一次]  [Esc 離開]", "[Enter check again]  [Esc leave]")
			   : f->state == FORM_DONE ? cw_tr("[Enter 繼續]", "[Enter continue]")
						 : cw_tr("[Enter 確定]  [Esc 取消]", "[Enter OK]  [Esc cancel]");
	if (f->state == FORM_BUSY)
		keys = tui_spinner(t);
	tui_put(t, y < last ? y : last, 4, t->cols - 6, A_BOLD, keys);
	return y + 1;
}

int tui_form_refused(const struct tui *t) { return t->form.active && t->form.state == FORM_DONE && !t->form.nfields; }

/* ---- keys ---- */

int tui_form_button(const struct tui *t)
{
	const struct tui_form *f = &t->form;
	return f->active && f->state == FORM_EDIT && f->focus >= f->nfields ? f->focus - f->nfields : -1;
}

int tui_form_type(struct tui *t, int ch)
{
	struct tui_form *f = &t->form;
	if (!f->active || f->state != FORM_EDIT || f->focus >= f->nfields || ch < 0x20 || ch >= 0x7F)
		return 0; /* PINs, PUKs and paths are ASCII */
	struct tui_field *fl = &f->f[f->focus];
	if (fl->secret)
		cw_secret_push(fl->sec, (char)ch);
	else if (fl->len + 1 < sizeof(fl->text)) {
		fl->text[fl->len++] = (char)ch;
		fl->text[fl->len] = '\0';
	}
	return 1;
}

/* The focus goes round the fields, then the node's buttons (the PIN form's own [1 ...] too). */
static int edit_key(struct tui *t, int ch)
{
	struct tui_form *f = &t->form;
	int actions[CW_WIZARD_MAX_LIST];
	int stops = f->nfields + tui_step_buttons(t, actions);
	int button = tui_form_button(t);
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		struct tui_field *fl = &f->f[f->focus];
		if (button >= 0)
			return 1;
		if (fl->secret)
			cw_secret_pop(fl->sec);
		else if (fl->len)
			fl->text[--fl->len] = '\0';
		return 1;
	}
	if (ch == KEY_DOWN || ch == '\t' || (button >= 0 && ch == KEY_RIGHT)) {
		f->focus = (f->focus + 1) % stops;
		return 1;
	}
	if (ch == KEY_UP || ch == KEY_BTAB || (button >= 0 && ch == KEY_LEFT)) {
		f->focus = (f->focus + stops - 1) % stops;
		return 1;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		if (button >= 0)
			tui_do_action(t, actions[button]);
		else if (f->focus < f->nfields - 1)
			f->focus++;
		else
			submit(t);
		return 1;
	}
	return 0;
}

static int confirm_key(struct tui *t, int ch)
{
	struct tui_form *f = &t->form;
	switch (ch) {
	case '1':
		f->confirm_sel = 0;
		break;
	case '2':
		f->confirm_sel = 1;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		break;
	default: /* arrows and Tab move between the two */
		f->confirm_sel = !f->confirm_sel;
		return 1;
	}
	if (f->confirm_sel == 0) {
		f->confirm_yes = 1;
		submit(t);
		f->confirm_yes = 0;
	} else { /* not sent: the secrets stay typed, to send later or to correct */
		f->state = FORM_EDIT;
		say(t, 0, "沒有送出。", "Not sent.");
	}
	return 1;
}

int tui_form_key(struct tui *t, int ch)
{
	struct tui_form *f = &t->form;
	if (moica_panel(t))
		return tui_moica_key(t, ch);
	if (ch == 27) { /* Esc: decline; a form node then goes to its `cancel` */
		if (f->state == FORM_BUSY)
			return 1; /* the card is being changed: never abandon that halfway */
		/* A form that asked nothing (the guard refused it up front) is declined, not done. */
		tui_form_close(t, f->state == FORM_DONE && f->nfields ? 1 : 0);
		return 1;
	}
	switch (f->state) {
	case FORM_EDIT: return edit_key(t, ch);
	case FORM_CONFIRM_FINAL: return confirm_key(t, ch);
	case FORM_BUSY: return 1;
	case FORM_DONE:
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER || ch == ' ')
			tui_form_close(t, 1);
		return 1;
	}
	return 0;
}
