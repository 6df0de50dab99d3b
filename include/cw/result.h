/* result.h — one check's result: what the probes return and the front ends show. */
#ifndef CW_RESULT_H
#define CW_RESULT_H

#include "cw/checks.h"
#include "cw/codes.h"

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
	char note[CW_NOTE_MAX]; /* the short remark of the table's last column */
	int ndetail;
	struct cw_detail detail[CW_DETAIL_MAX];
};

void cw_result_init(struct cw_result *r, enum cw_check check);
/* Set the code; the status follows from the catalogue. */
void cw_result_set(struct cw_result *r, enum cw_code code);
void cw_result_note(struct cw_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cw_result_add(struct cw_result *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *cw_result_get(const struct cw_result *r, const char *key);

#endif
