/* catalogue.c — lookups over the check and code tables of checks.h and codes.h. */
#include <string.h>

#include "cw/codes.h"
#include "cw/i18n.h"

struct check_row {
	const char *id;
	int hicos_row;
	const char *name[2];
	const char *description[2];
};

static const struct check_row checks[CW_CHECK_COUNT] = {
#define CW_CHECK_ROW(e, id, row, zn, en, zd, ed) [CW_CHECK_##e] = {id, row, {en, zn}, {ed, zd}},
	CW_CHECKS(CW_CHECK_ROW)
#undef CW_CHECK_ROW
};

static const char *const statuses[CW_STATUS_COUNT] = {
#define CW_STATUS_ROW(e, s) [CW_STATUS_##e] = s,
	CW_STATUSES(CW_STATUS_ROW)
#undef CW_STATUS_ROW
};

struct code_row {
	const char *id;
	unsigned where;
	enum cw_status status;
	int faq;
	const char *title[2];
	const char *advice[2];
};

static const struct code_row codes[CW_CODE_COUNT] = {
#define CW_CODE_ROW(e, id, wh, st, faq, zt, et, za, ea) \
	[CW_CODE_##e] = {id, wh, CW_STATUS_##st, faq, {et, zt}, {ea, za}},
	CW_CODES(CW_CODE_ROW)
#undef CW_CODE_ROW
};

const char *cw_check_id(enum cw_check c) { return checks[c].id; }
int cw_check_hicos_row(enum cw_check c) { return checks[c].hicos_row; }
const char *cw_check_name(enum cw_check c) { return checks[c].name[cw_lang_current()]; }
const char *cw_check_description(enum cw_check c) { return checks[c].description[cw_lang_current()]; }
const char *cw_status_id(enum cw_status s) { return statuses[s]; }

int cw_check_from_id(const char *id)
{
	for (int i = 0; i < CW_CHECK_COUNT; i++)
		if (strcmp(checks[i].id, id) == 0)
			return i;
	return -1;
}

const char *cw_code_id(enum cw_code c) { return codes[c].id; }
enum cw_status cw_code_status(enum cw_code c) { return codes[c].status; }
int cw_code_faq(enum cw_code c) { return codes[c].faq; }
int cw_code_belongs(enum cw_code c, enum cw_check check) { return (codes[c].where >> check) & 1u; }
int cw_code_is_action(enum cw_code c) { return (codes[c].where & CW_ON_ACTION) != 0; }
const char *cw_code_title(enum cw_code c) { return codes[c].title[cw_lang_current()]; }
const char *cw_code_advice(enum cw_code c) { return codes[c].advice[cw_lang_current()]; }

int cw_code_from_id(const char *id)
{
	for (int i = 0; i < CW_CODE_COUNT; i++)
		if (strcmp(codes[i].id, id) == 0)
			return i;
	return -1;
}
