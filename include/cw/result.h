/* result.h — one check's result: what the probes return and the front ends show. */
#ifndef CW_RESULT_H
#define CW_RESULT_H

#include "cw/checks.h"
#include "cw/codes.h"
#include "cw/i18n.h"

#define CW_DETAIL_MAX 16
#define CW_DETAIL_KEY 32
#define CW_DETAIL_VALUE 256
#define CW_NOTE_MAX 256

/* Facts behind a result (reader names, dates, error numbers): language-neutral. */
struct cw_detail {
	char key[CW_DETAIL_KEY];
	char value[CW_DETAIL_VALUE];
};

struct cw_result {
	enum cw_check check;
	enum cw_code code;
	enum cw_status status;
	char note[CW_NOTE_MAX];     /* the short remark of the table's last column, in note_lang */
	char note_alt[CW_NOTE_MAX]; /* the same remark in the other language ("" when it reads the same) */
	int note_lang;              /* enum cw_lang of note */
	int ndetail;
	struct cw_detail detail[CW_DETAIL_MAX];
};

void cw_result_init(struct cw_result *r, enum cw_check check);
/* Set the code; the status follows from the catalogue. */
void cw_result_set(struct cw_result *r, enum cw_code code);
/* The remark in both languages, so that switching language later shows it in the new one: the
 * arguments are evaluated once per language (cw_tr() among them picks each time). */
#define cw_result_note(r, ...)                                                                \
	do {                                                                                  \
		enum cw_lang cw_lang_ = cw_lang_current();                                    \
		cw_i18n_set_quiet(cw_lang_ == CW_LANG_EN ? CW_LANG_ZH_TW : CW_LANG_EN);       \
		cw_result_note_in((r), 1, __VA_ARGS__);                                       \
		cw_i18n_set_quiet(cw_lang_);                                                  \
		cw_result_note_in((r), 0, __VA_ARGS__);                                       \
	} while (0)
void cw_result_note_in(struct cw_result *r, int alt, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The remark in the language shown now. */
const char *cw_result_note_text(const struct cw_result *r);
void cw_result_add(struct cw_result *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *cw_result_get(const struct cw_result *r, const char *key);
/* Take another result's facts: its details (a key r has already gets from's value) and its
 * remark in both languages, when it has one. Code and status stay r's. */
void cw_result_take(struct cw_result *r, const struct cw_result *from);
/* A detail key's name for a screen, in the language shown now ("reader" → 讀卡機 / reader;
 * "reader1" → 讀卡機 2); an unknown key is shown as it is. The keys stay the JSON report's. */
const char *cw_detail_label(const char *key, char *buf, size_t size);
/* A detail value for the screen: the few fixed words (ok, unknown, yes …) in its language, any
 * other value as it is. Reports in JSON keep the value itself. */
const char *cw_detail_value(const char *value);

#endif
