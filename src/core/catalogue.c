/* catalogue.c — lookups over the code table of codes.h and the statuses of checks.h. */
#include <string.h>

#include "cw/codes.h"
#include "cw/i18n.h"

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

const char *cw_status_id(enum cw_status s) { return statuses[s]; }

const char *cw_code_id(enum cw_code c) { return codes[c].id; }
enum cw_status cw_code_status(enum cw_code c) { return codes[c].status; }
int cw_code_faq(enum cw_code c) { return codes[c].faq; }
unsigned cw_code_where(enum cw_code c) { return codes[c].where; }
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
