/* tui_int.h — what the wizard's screens share: the state, the views, drawing helpers. */
#ifndef CW_TUI_INT_H
#define CW_TUI_INT_H

#include <curses.h>

#include "cw/checker.h"
#include "cw/engine.h"
#include "cw/monitor.h"
#include "cw/options.h"
#include "cw/wizard.h"

#define TUI_MIN_ROWS 24
#define TUI_MIN_COLS 80
#define TUI_PANE_TOP 4   /* header, status, trail, rule */
#define TUI_FIELDS 3

struct tui;

/* One screen, ncdu-style: how it draws. What its keys do is in the key table (tui_keys.c). */
struct tui_view {
	const char *name;
	void (*draw)(struct tui *t);
};

extern const struct tui_view tui_step_view, tui_table_view, tui_help_view, tui_kiosk_view;
/* Several cards (tui_picker.c): open the picker when the engine says to ask (1), else 0. */
extern const struct tui_view tui_picker_view;
int tui_picker_open(struct tui *t);
/* The picker's keys (rows of the key table): move the choice; take one (-1: the chosen, -2: the default). */
void tui_picker_move(struct tui *t, int delta);
void tui_picker_take(struct tui *t, int which);
/* The card picked (tui_drive.c): its reader for every later request; changed: not the helper's own
 * choice, so the reader check and those after it run again. */
void tui_reader_chosen(struct tui *t, const char *reader, int changed);

/* Colours as a table with an attributes-only column for monochrome and NO_COLOR. */
#define TUI_THEME(X)                                                  \
	X(BAR, COLOR_WHITE, COLOR_BLUE, A_REVERSE)                    \
	X(TITLE, COLOR_CYAN, -1, A_BOLD)                              \
	X(PASS, COLOR_GREEN, -1, A_BOLD)                              \
	X(FAIL, COLOR_RED, -1, A_BOLD)                                \
	X(WARN, COLOR_YELLOW, -1, A_BOLD)                             \
	X(SKIP, -1, -1, A_DIM)                                        \
	X(BUTTON, COLOR_BLACK, COLOR_CYAN, A_REVERSE)                 \
	X(FIELD, COLOR_WHITE, COLOR_BLACK, A_UNDERLINE)               \
	X(NOTICE, COLOR_YELLOW, -1, A_BOLD)                           \
	X(NORMAL, -1, -1, A_NORMAL)
enum tui_color {
#define TUI_COLOR_ENUM(name, fg, bg, mono) TUI_C_##name,
	TUI_THEME(TUI_COLOR_ENUM)
#undef TUI_COLOR_ENUM
	TUI_C_COUNT
};

/* A form field: secrets go straight into a locked buffer, never into curses or the heap. */
struct tui_field {
	const char *label_zh, *label_en;
	int secret;
	struct cw_secret *sec;     /* secret fields */
	char text[256];            /* plain fields (a path) */
	size_t len;
};

enum tui_form_state { FORM_EDIT, FORM_CONFIRM_FINAL, FORM_BUSY, FORM_DONE };

struct tui_form {
	int active;
	enum cw_form kind;
	int from_node;             /* a form node of the tree (else opened by an action or a key) */
	enum tui_form_state state;
	int nfields, focus;
	struct tui_field f[TUI_FIELDS];
	int confirm_sel;           /* the confirmation's chosen button: 0 send, 1 don't send */
	int confirm_yes;           /* "send" was chosen for the secrets typed */
	int sent_confirmed;        /* the action in flight carried a confirmation */
	char message[1400];        /* room for an absolute path */
	int message_bad;
	/* the MOICA unlock panel: what the user still knows */
	int moica_step, knows_user_code, is_locked;
	int then_full_test;        /* the PIN form asked before the full test: the test follows it */
	struct cw_result result;   /* of the action */
	int has_result;
};

struct tui {
	const struct cw_options *o;
	struct cw_wizard *w;
	struct cw_engine *e;
	struct cw_checker c;
	struct cw_monitor mon;
	struct cw_monitor_state ms;
	int ms_valid, monitor_ok;
	const struct tui_view *view, *prev_view;
	int sel;                   /* the selected button of the step pane (among those shown) */
	int scroll;                /* the step pane's first text row (wrapped rows, never skipped) */
	int scroll_page, scroll_max; /* set by the drawing: rows a PgDn moves, the last first row */
	int table_sel, table_detail;
	int rows, cols, too_small;
	int ascii, color;
	int spin;                  /* spinner frame while the helper works */
	int quit;
	int remote;                /* an SSH session */
	struct tui_form form;
	char msg[320];
	int sig[2];                /* signals arrive here (SIGWINCH, SIGTERM, SIGINT) */
	int reader_index;          /* in ms, the reader the checks use; -1 when none */
	unsigned inserted;         /* its insertion counter */
	int present, service;
	struct cw_secret *pin;     /* the checker's PIN buffer */
	/* kiosk stations */
	int kiosk, visiting, visits;
	long long idle_due;        /* monotonic ms when an idle visit ends */
	int deferred_event;        /* an event that came while an action was changing the card (-1: none) */
};

/* The key table (tui_keys.c): one row per key and screen state feeds the dispatcher, every
 * footer and the help. The states a key may apply to: */
enum tui_where {
	TUI_W_STEP = 1 << 0,    /* the step pane, no form */
	TUI_W_BUSY = 1 << 1,    /* the step pane while a check runs */
	TUI_W_FIELD = 1 << 2,   /* a form, a field has the focus: characters are typed */
	TUI_W_FBUTTON = 1 << 3, /* a form, the node's buttons have the focus */
	TUI_W_CONFIRM = 1 << 4, /* a form asks whether to send on the last (or an unknown) try */
	TUI_W_FWAIT = 1 << 5,   /* a form's action is at the card */
	TUI_W_FDONE = 1 << 6,   /* a form shows its result */
	TUI_W_ASK = 1 << 7,     /* the MOICA panel asks a question */
	TUI_W_ROUTE = 1 << 8,   /* the MOICA panel shows the route */
	TUI_W_TABLE = 1 << 9,   /* the full test's table */
	TUI_W_DETAIL = 1 << 10, /* a row's detail */
	TUI_W_HELP = 1 << 11,
	TUI_W_SMALL = 1 << 12,  /* the terminal is too small */
	TUI_W_START = 1 << 13,  /* a station waits for a card */
	TUI_W_PICK = 1 << 14,   /* several cards: which one to check */
};
/* The form was refused before it asked anything (tui_form.c): Enter checks again, Esc leaves. */
int tui_form_refused(const struct tui *t);
enum tui_where tui_where_now(struct tui *t);
/* One key: what the row that applies now does with it (nothing when no row does). */
void tui_key_dispatch(struct tui *t, int ch);
/* The footer of the state now, built from the table (only keys that do something here). */
void tui_key_footer(struct tui *t, char *buf, size_t size);
/* The help's key lines, from the same table; returns the next row. */
int tui_key_help(struct tui *t, int y, int bottom);

/* Step pane (tui_step.c): the buttons shown (a station hides what it cannot do), moving, scrolling. */
int tui_step_buttons(struct tui *t, int *actions); /* fills the node's action indexes; returns how many */
int tui_step_can_back(struct tui *t);
/* The step's text scrolls by rows: dir 1 a page down, -1 a page up. */
void tui_step_scroll(struct tui *t, int dir);
/* The form's focus on the node's buttons (TUI_W_FBUTTON): which one, else -1. */
int tui_form_button(const struct tui *t);

/* Drawing helpers (tui_frame.c). */
int tui_attr(const struct tui *t, enum tui_color c);
void tui_put(struct tui *t, int y, int x, int cols, int attr, const char *s);
void tui_fill(struct tui *t, int y, int attr);
void tui_rule(struct tui *t, int y);
const char *tui_mark(const struct tui *t, enum cw_status s);
int tui_status_color(enum cw_status s);
/* Wrapped text from row y within [x, x+cols); returns the next free row (never past max_y). */
int tui_wrap(struct tui *t, int y, int x, int cols, int max_y, int attr, const char *text);
/* The frame; its footer comes from the key table. */
void tui_draw_frame(struct tui *t);
void tui_draw_too_small(struct tui *t);
const char *tui_spinner(struct tui *t);
/* A wizard text in the current language with the site's placeholders filled in. */
const char *tui_text(struct tui *t, const struct cw_ltext *lt, char *buf, size_t size);

/* Driving (tui_drive.c): feed the engine from the helper, react to PC/SC events. */
void tui_drive(struct tui *t);
void tui_checker_ready(struct tui *t);
void tui_checker_expired(struct tui *t);
void tui_monitor_ready(struct tui *t);
void tui_do_action(struct tui *t, int action);
void tui_run_deferred(struct tui *t);
/* Kill the helper now, whatever it is doing: the UI never waits on pcscd or a module. */
void tui_helper_end(struct tui *t);
/* The full test (key t, or an action): asks for the PIN first when none is held and the card can take one. */
void tui_full_test(struct tui *t, int ask_pin);

/* Kiosk stations (tui_kiosk.c). */
void tui_kiosk_begin(struct tui *t);
int tui_kiosk_spool_start(const struct cw_options *o);
void tui_kiosk_end(struct tui *t, const char *why);
int tui_kiosk_tick(struct tui *t);
void tui_kiosk_key(struct tui *t);

/* Forms (tui_form.c, tui_moica.c). */
void tui_form_open(struct tui *t, enum cw_form kind, int from_node);
void tui_form_close(struct tui *t, int submitted);
int tui_form_draw(struct tui *t, int y, int bottom); /* rows y..bottom; returns the next row */
int tui_form_key(struct tui *t, int ch);
/* A character for the field with the focus (1: typed); anything else is the key table's. */
int tui_form_type(struct tui *t, int ch);
void tui_form_result(struct tui *t, const struct cw_result *r);
int tui_moica_draw(struct tui *t, int y, int bottom);
/* Does the form take the whole pane (the MOICA panel), leaving out the node's text? */
int tui_form_whole_pane(struct tui *t);
/* The rows the form needs now (its message and advice included), for the text above it to make room. */
int tui_form_height(struct tui *t);
int tui_moica_key(struct tui *t, int ch);
int tui_moica_asking(const struct tui *t);
int tui_qr_draw(struct tui *t, int y, int x, const char *url);

#endif
