/* verdict.c — the one verdict (ok, ok but untested, problem) over a visit's results, and its words. */
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/verdict.h"
#include "engine_int.h"

/*
 * Which checks must pass in a visit, and the skip code that says a check does not apply here.
 * A row left out would read "not required": every check is listed, so the verdict never
 * passes a check by omission (tests/unit/test_verdict.c walks them all).
 */
/* moves into the check table (src/probe/checks.c) at merge */
static const struct need {
	unsigned char required;       /* must pass in every visit */
	enum cw_code not_applicable;  /* a skip with this code: the check does not apply (ok: none) */
	const char *why_zh, *why_en;  /* why it does not apply */
} required[CW_CHECK_COUNT] = {
	[CW_CHECK_OS] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_SERVICE] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_READER] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_DRIVER] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_CARD] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_MODULE] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_TOKEN] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_PIN] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_CRYPT] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_SIGN] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_ENC_CERT] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_SIGN_CERT] = {1, CW_CODE_OK, NULL, NULL},
	[CW_CHECK_SIGNER] = {1, CW_CODE_NO_SIGNER_CONFIGURED, "沒有設定本機簽章元件", "no signing bridge is configured"},
	[CW_CHECK_CERT_IMPORT] = {1, CW_CODE_OK, NULL, NULL},
};

/* The words for "not tested: …", shorter than the checks' names. */
static const char *const short_names[CW_CHECK_COUNT][2] = {
	[CW_CHECK_OS] = {"作業系統", "operating system"},
	[CW_CHECK_SERVICE] = {"讀卡服務", "smart-card service"},
	[CW_CHECK_READER] = {"讀卡機", "card reader"},
	[CW_CHECK_DRIVER] = {"驅動程式", "drivers"},
	[CW_CHECK_CARD] = {"卡片讀取", "card read"},
	[CW_CHECK_MODULE] = {"PKCS#11 模組", "PKCS#11 module"},
	[CW_CHECK_TOKEN] = {"卡片狀態", "token state"},
	[CW_CHECK_PIN] = {"PIN 碼", "PIN"},
	[CW_CHECK_CRYPT] = {"解密", "decrypt"},
	[CW_CHECK_SIGN] = {"簽章", "signature"},
	[CW_CHECK_ENC_CERT] = {"加密憑證效期", "encryption certificate"},
	[CW_CHECK_SIGN_CERT] = {"簽章憑證效期", "signature certificate"},
	[CW_CHECK_SIGNER] = {"簽章元件", "signing component"},
	[CW_CHECK_CERT_IMPORT] = {"憑證匯入", "certificate import"},
};

int cw_check_required(enum cw_check c)
{
	return (int)c >= 0 && c < CW_CHECK_COUNT && required[c].required;
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
	cw_diagnose(results, n, &v->diagnosis);
	if (v->diagnosis.code != CW_CODE_OK) {
		v->kind = CW_VERDICT_PROBLEM;
		return;
	}
	v->kind = CW_VERDICT_OK;
	for (int c = 0; c < CW_CHECK_COUNT; c++) {
		const struct cw_result *r = by_check[c];
		if (!required[c].required || (r && r->status == CW_STATUS_PASS))
			continue;
		if (r && r->code == required[c].not_applicable)
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
		const char *name = cw_tr(short_names[v->untested[i]][0], short_names[v->untested[i]][1]);
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
		snprintf(buf, size, "%s%s%s", cw_tr("已執行的檢測都正常，但", "The checks that ran found no problem, but "), what,
			 cw_tr("未測試：卡片仍可能不接受 PIN 碼，或無法解密、簽章。要測試它們，請選「完整檢測」並輸入 PIN 碼。",
			       " were not tested: the card may still refuse the PIN, or fail to decrypt or sign. "
			       "To test them, choose the full test and type the PIN."));
	} else if (v->kind == CW_VERDICT_PROBLEM) {
		const char *advice = cw_code_advice(v->diagnosis.code);
		snprintf(buf, size, "%s — %s%s%s", cw_check_name(v->diagnosis.check), cw_code_title(v->diagnosis.code),
			 *advice ? "\n" : "", advice);
	}
}
