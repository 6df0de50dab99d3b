/* report_json.c — the JSON report (json-c): check ids and codes as in doc/DESIGN.md §4, stable. */
#include <json-c/json.h>
#include <stdlib.h>
#include <time.h>

#include "cw/checkdef.h"
#include "cw/i18n.h"
#include "cw/report.h"
#include "cw/text.h"

#ifndef CW_VERSION
#define CW_VERSION "0.0.0"
#endif

static json_object *check_json(const struct cw_result *r)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(cw_check_id(r->check)));
	json_object_object_add(o, "status", json_object_new_string(cw_status_id(r->status)));
	json_object_object_add(o, "code", json_object_new_string(cw_code_id(r->code)));
	json_object_object_add(o, "title", json_object_new_string(cw_code_title(r->code)));
	json_object *detail = json_object_new_object();
	if (r->note[0])
		json_object_object_add(detail, "note", json_object_new_string(cw_result_note_text(r)));
	for (int i = 0; i < r->ndetail; i++)
		json_object_object_add(detail, r->detail[i].key, json_object_new_string(r->detail[i].value));
	json_object_object_add(o, "detail", detail);
	json_object_object_add(o, "advice", json_object_new_string(cw_code_advice(r->code)));
	return o;
}

int cw_report_json(FILE *out, const struct cw_report *rep)
{
	json_object *root = json_object_new_object();
	char when[32];
	time_t t = (time_t)rep->time;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", localtime(&t));
	json_object_object_add(root, "version", json_object_new_int(1));
	json_object_object_add(root, "tool", json_object_new_string("cardwiz " CW_VERSION));
	json_object_object_add(root, "time", json_object_new_string(when));
	json_object_object_add(root, "lang", json_object_new_string(cw_lang_id(cw_lang_current())));
	json_object *checks = json_object_new_array();
	for (int i = 0; i < rep->n; i++)
		json_object_array_add(checks, check_json(&rep->results[i]));
	json_object_object_add(root, "checks", checks);
	const struct cw_diagnosis *d = &rep->diagnosis;
	json_object *diag = json_object_new_object();
	json_object_object_add(diag, "faq", d->faq ? json_object_new_int(d->faq) : NULL);
	json_object_object_add(diag, "check", json_object_new_string(cw_check_id(d->check)));
	json_object_object_add(diag, "code", json_object_new_string(cw_code_id(d->code)));
	json_object_object_add(diag, "advice", json_object_new_string(cw_code_advice(d->code)));
	if (rep->node)
		json_object_object_add(diag, "node", json_object_new_string(rep->node));
	json_object_object_add(root, "diagnosis", diag);
	/* Added fields: the verdict and the required checks it could not see pass for want of a run. */
	json_object_object_add(root, "verdict", json_object_new_string(cw_verdict_id(rep->verdict.kind)));
	json_object *untested = json_object_new_array();
	for (int i = 0; i < rep->verdict.nuntested; i++)
		json_object_array_add(untested, json_object_new_string(cw_check_id(rep->verdict.untested[i])));
	json_object_object_add(root, "untested", untested);
	/* Checks that do not apply (a software token with no reader): their failures did not count. */
	json_object *na = json_object_new_array();
	for (int c = 0; rep->verdict.token_without_reader && c < CW_CHECK_COUNT; c++)
		if (cw_checkdef((enum cw_check)c)->required == CW_REQUIRED_WITH_READER)
			json_object_array_add(na, json_object_new_string(cw_check_id((enum cw_check)c)));
	json_object_object_add(root, "not_applicable", na);
	const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	/* json-c escapes C0 but passes DEL, C1, bidi controls and invalid bytes through: the document
	 * passes cw_text_safe (JSON mode) so the data stays exact as \u escapes and it is valid UTF-8. */
	char *safe = s ? cw_text_safe_dup(s, CW_SAFE_JSON) : NULL;
	int rc = safe ? 0 : -1;
	if (safe)
		fprintf(out, "%s\n", safe);
	free(safe);
	json_object_put(root);
	return rc;
}
