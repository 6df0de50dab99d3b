/* diagnosis.c — the diagnosis every front end prints: the deciding result and its FAQ item. */
#include <stddef.h>

#include "cw/diagnosis.h"
#include "cw/i18n.h"

void cw_diagnose(const struct cw_result *results, int n, struct cw_diagnosis *d)
{
	static const enum cw_status order[] = {CW_STATUS_FAIL, CW_STATUS_WARN};
	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++)
		for (int i = 0; i < n; i++)
			if (results[i].status == order[o]) {
				d->code = results[i].code;
				d->check = results[i].check;
				d->faq = cw_code_faq(results[i].code);
				return;
			}
	d->code = CW_CODE_OK;
	d->check = n > 0 ? results[n - 1].check : CW_CHECK_OS;
	d->faq = 0;
}

const char *cw_faq_title(int faq)
{
	/* The FAQ's five items (公文系統常見問題 Q&A, doc/DESIGN.md §1), with the Linux middleware under item 1. */
	static const char *const titles[][2] = {
		{"", ""},
		{"1. 出現未安裝憑證訊息 (簽章元件與讀卡服務)", "1. Signing component not installed (and the middleware under it)"},
		{"2. 自然人憑證卡無法讀取", "2. The card cannot be read"},
		{"3. 讀卡機無法讀取", "3. The card reader is not found"},
		{"4. 換新卡後無法使用憑證 (憑證匯入)", "4. New card: the certificate must be imported"},
		{"5. 卡片密碼被鎖定", "5. The PIN is locked"},
	};
	if (faq < 0 || faq > 5)
		faq = 0;
	return cw_tr(titles[faq][0], titles[faq][1]);
}
