/* result.c — filling in a check result: code, status, note and detail facts. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cw/result.h"

void cw_result_init(struct cw_result *r, enum cw_check check)
{
	memset(r, 0, sizeof(*r));
	r->check = check;
	cw_result_set(r, CW_CODE_NOT_RUN);
}

void cw_result_set(struct cw_result *r, enum cw_code code)
{
	r->code = code;
	r->status = cw_code_status(code);
}

void cw_result_note_in(struct cw_result *r, int alt, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(alt ? r->note_alt : r->note, CW_NOTE_MAX, fmt, ap);
	va_end(ap);
	if (!alt) { /* the main one comes second: the pair is complete */
		r->note_lang = (int)cw_lang_current();
		if (strcmp(r->note, r->note_alt) == 0)
			r->note_alt[0] = '\0';
	}
}

const char *cw_result_note_text(const struct cw_result *r)
{
	return r->note_alt[0] && r->note_lang != (int)cw_lang_current() ? r->note_alt : r->note;
}

void cw_result_add(struct cw_result *r, const char *key, const char *fmt, ...)
{
	struct cw_detail *d = NULL;
	for (int i = 0; i < r->ndetail; i++)
		if (strcmp(r->detail[i].key, key) == 0)
			d = &r->detail[i];
	if (!d) {
		if (r->ndetail == CW_DETAIL_MAX)
			return; /* a full table keeps its first facts: they are the important ones */
		d = &r->detail[r->ndetail++];
		snprintf(d->key, sizeof(d->key), "%s", key);
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->value, sizeof(d->value), fmt, ap);
	va_end(ap);
}

const char *cw_result_get(const struct cw_result *r, const char *key)
{
	for (int i = 0; i < r->ndetail; i++)
		if (strcmp(r->detail[i].key, key) == 0)
			return r->detail[i].value;
	return NULL;
}
