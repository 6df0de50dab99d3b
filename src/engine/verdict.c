/* verdict.c — the one verdict (ok, ok but untested, problem) over a visit's results, and its words. */
#include <stdio.h>
#include <string.h>

#include "cw/checkdef.h"
#include "cw/i18n.h"
#include "cw/verdict.h"
#include "engine_int.h"

int cw_check_required(enum cw_check c)
{
	return (int)c >= 0 && c < CW_CHECK_COUNT && cw_checkdef(c)->required != CW_REQUIRED_NEVER;
}

/* A software token with no reader: the module found its token, and in no PC/SC reader. */
static int token_without_reader(const struct cw_result *module)
{
	const char *in = module ? cw_result_get(module, "token_in_reader") : NULL;
	return module && module->status == CW_STATUS_PASS && in && strcmp(in, "no") == 0;
}

/* The check table says whether a check must pass, or why it does not apply here (no signing
 * bridge configured; a software token with no reader for the service, reader and card checks). */
static int does_not_apply(enum cw_check c, const struct cw_result *r, int no_reader)
{
	switch (cw_checkdef(c)->required) {
	case CW_REQUIRED_WITH_SIGNER: return r && r->code == CW_CODE_NO_SIGNER_CONFIGURED;
	case CW_REQUIRED_WITH_READER: return no_reader;
	default: return 0;
	}
}

const char *cw_verdict_id(enum cw_verdict_kind k)
{
	static const char *const ids[] = {
#define CW_VERDICT_ID(e, s) s,
		CW_VERDICTS(CW_VERDICT_ID)
#undef CW_VERDICT_ID
	};
	return (int)k >= 0 && k < CW_VERDICT_COUNT ? ids[k] : "problem";
}

int cw_verdict_exit_status(const struct cw_verdict *v) { return v->kind == CW_VERDICT_PROBLEM; }

void cw_verdict_of(const struct cw_result *results, int n, struct cw_verdict *v)
{
	const struct cw_result *by_check[CW_CHECK_COUNT] = {0};
	for (int i = 0; i < n; i++)
		if ((int)results[i].check >= 0 && results[i].check < CW_CHECK_COUNT)
			by_check[results[i].check] = &results[i]; /* a later one wins */
	memset(v, 0, sizeof(*v));
	/* Results of checks that do not apply neither decide the diagnosis nor hold the verdict back. */
	int no_reader = token_without_reader(by_check[CW_CHECK_MODULE]);
	v->token_without_reader = no_reader;
	struct cw_result applying[CW_CHECK_COUNT];
	int napplying = 0;
	for (int c = 0; c < CW_CHECK_COUNT; c++)
		if (by_check[c] && !(no_reader && does_not_apply((enum cw_check)c, by_check[c], 1)))
			applying[napplying++] = *by_check[c];
	cw_diagnose(applying, napplying, &v->diagnosis);
	if (v->diagnosis.code != CW_CODE_OK) {
		v->kind = CW_VERDICT_PROBLEM;
		return;
	}
	v->kind = CW_VERDICT_OK;
	for (int c = 0; c < CW_CHECK_COUNT; c++) {
		const struct cw_result *r = by_check[c];
		if (!cw_check_required((enum cw_check)c) || (r && r->status == CW_STATUS_PASS))
			continue;
		/* Whether it ran or not: the wizard's walk to a software token never asks the reader. */
		if (does_not_apply((enum cw_check)c, r, no_reader))
			continue;
		if (!r || r->code == CW_CODE_SKIPPED_NO_PIN) {
			v->untested[v->nuntested++] = (enum cw_check)c;
			continue;
		}
		/* A required check that could not run (not-run, a card gone "?") is never a pass. */
		v->kind = CW_VERDICT_PROBLEM;
		v->diagnosis.code = r->code;
		v->diagnosis.check = r->check;
		v->diagnosis.faq = cw_code_faq(r->code);
		v->nuntested = 0;
		return;
	}
	if (v->nuntested)
		v->kind = CW_VERDICT_UNTESTED;
}

void cw_engine_verdict(const struct cw_engine *e, struct cw_verdict *v)
{
	struct cw_result all[CW_CHECK_COUNT];
	int n = 0;
	for (int c = 0; c < CW_CHECK_COUNT; c++) {
		const struct cw_result *r = cw_engine_latest(e, (enum cw_check)c);
		if (r)
			all[n++] = *r;
	}
	cw_verdict_of(all, n, v);
}

/* "A, B and C" in the current language. */
static void join_untested(const struct cw_verdict *v, char *buf, size_t size)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int i = 0; i < v->nuntested && at < size; i++) {
		const char *sep = i == 0 ? "" : i == v->nuntested - 1 ? cw_tr("與", " and ") : cw_tr("、", ", ");
		const char *const *names = cw_checkdef(v->untested[i])->short_name;
		const char *name = cw_tr(names[CW_LANG_ZH_TW], names[CW_LANG_EN]);
		int w = snprintf(buf + at, size - at, "%s%s", sep, name);
		at += w > 0 ? (size_t)w : 0;
	}
}

void cw_verdict_untested_text(const struct cw_verdict *v, char *buf, size_t size)
{
	char list[512];
	if (!size)
		return;
	buf[0] = '\0';
	if (v->kind != CW_VERDICT_UNTESTED)
		return;
	join_untested(v, list, sizeof(list));
	if (cw_lang_current() == CW_LANG_EN && list[0] >= 'a' && list[0] <= 'z')
		list[0] = (char)(list[0] - 'a' + 'A');
	snprintf(buf, size, "%s%s", list, cw_tr("未測試", " not tested"));
}

void cw_verdict_headline(const struct cw_verdict *v, const char *node_title, char *buf, size_t size)
{
	char what[600];
	switch (v->kind) {
	case CW_VERDICT_OK:
		snprintf(buf, size, "%s", node_title ? node_title : cw_tr("檢測完成：沒有發現問題", "All done: no problem found"));
		break;
	case CW_VERDICT_UNTESTED:
		join_untested(v, what, sizeof(what));
		snprintf(buf, size, "%s%s%s", cw_tr("檢測完成：", "All done: "), what, cw_tr("未測試", " not tested"));
		break;
	default:
		snprintf(buf, size, "%s", cw_tr("檢測完成：發現問題", "All done: a problem was found"));
		break;
	}
}

void cw_verdict_explain(const struct cw_verdict *v, char *buf, size_t size)
{
	char what[600];
	if (!size)
		return;
	buf[0] = '\0';
	if (v->kind == CW_VERDICT_UNTESTED) {
		join_untested(v, what, sizeof(what));
		/* Chinese sets a space between a CJK character and a Latin word ("但 PIN 碼"). */
		int latin = cw_lang_current() == CW_LANG_ZH_TW && !((unsigned char)what[0] & 0x80);
		snprintf(buf, size, "%s%s%s%s", cw_tr("已執行的檢測都正常，但", "The checks that ran found no problem, but "),
			 latin ? " " : "", what,
			 cw_tr("未測試：卡片仍可能不接受 PIN 碼，或無法解密、簽章。要測試它們，請選「完整檢測」並輸入 PIN 碼。",
			       " were not tested: the card may still refuse the PIN, or fail to decrypt or sign. "
			       "To test them, choose the full test and type the PIN."));
	} else if (v->kind == CW_VERDICT_PROBLEM) {
		const char *advice = cw_code_advice(v->diagnosis.code);
		snprintf(buf, size, "%s — %s%s%s", cw_check_name(v->diagnosis.check), cw_code_title(v->diagnosis.code),
			 *advice ? "\n" : "", advice);
	}
}
