/* result.c — filling in a check result: code, status, note and detail facts; detail names for screens. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

void cw_result_take(struct cw_result *r, const struct cw_result *from)
{
	for (int i = 0; i < from->ndetail; i++)
		cw_result_add(r, from->detail[i].key, "%s", from->detail[i].value);
	if (from->note[0]) {
		memcpy(r->note, from->note, sizeof(r->note));
		memcpy(r->note_alt, from->note_alt, sizeof(r->note_alt));
		r->note_lang = from->note_lang;
	}
}

const char *cw_result_get(const struct cw_result *r, const char *key)
{
	for (int i = 0; i < r->ndetail; i++)
		if (strcmp(r->detail[i].key, key) == 0)
			return r->detail[i].value;
	return NULL;
}

/* What each detail key means, for the detail view of a result: a Chinese screen shows no English
 * key names (issue 14, 5). Values are shown as they are: they are facts (names, numbers, paths). */
static const struct { const char *key, *zh_tw, *en; } detail_labels[] = {
	{"applet", "應用程式", "applet"},
	{"atr", "ATR", "ATR"},
	{"atr_error", "ATR 錯誤", "ATR error"},
	{"atr_list", "ATR 清單", "ATR list"},
	{"atr_list_name", "ATR 清單名稱", "name in the ATR list"},
	{"blocked_by", "受阻於", "blocked by"},
	{"card_elsewhere", "卡片在另一台讀卡機", "card in another reader"},
	{"card_probe", "卡片探測", "card probe"},
	{"card_profile", "卡片設定檔", "card profile"},
	{"card_reader", "有卡片的讀卡機", "reader with a card"},
	{"cards", "卡片數", "cards"},
	{"certificates", "憑證數", "certificates"},
	{"certificates_from", "憑證起始日", "certificates from"},
	{"charset", "字元集", "character set"},
	{"chosen_by", "選擇依據", "chosen by"},
	{"ckr", "PKCS#11 錯誤碼", "PKCS#11 return code"},
	{"clock", "電腦時間", "computer's clock"},
	{"days_left", "剩餘天數", "days left"},
	{"declared_by", "設定來源", "declared by"},
	{"driver", "驅動程式", "driver"},
	{"driver_needed", "需要的驅動程式", "driver needed"},
	{"first_sw", "第一個回應碼", "first status word"},
	{"first_visit", "第一次來", "first visit"},
	{"generation", "卡片世代", "card generation"},
	{"guard", "防護", "guard"},
	{"helper", "輔助程式", "helper process"},
	{"hicos", "HiCOS 模組", "HiCOS module"},
	{"holders", "占用的程式", "programs holding it"},
	{"holders_scope", "查看範圍", "looked at"},
	{"id", "系統代號", "system id"},
	{"imported", "已匯入", "imported"},
	{"in_use", "有其他程式連線", "another program connected"},
	{"installed", "已安裝", "installed"},
	{"issuer", "發行者", "issuer"},
	{"kernel", "核心", "kernel"},
	{"key_id", "金鑰代號", "key id"},
	{"known_reader", "已知讀卡機", "known reader"},
	{"label", "標籤", "label"},
	{"libccid", "libccid", "libccid"},
	{"listener_uid", "監聽者 UID", "listener uid"},
	{"listening", "監聽中", "listening"},
	{"locale", "語系", "locale"},
	{"manufacturer", "製造商", "manufacturer"},
	{"min_version", "最低版本", "minimum version"},
	{"model", "型號", "model"},
	{"module", "模組", "module"},
	{"module_from", "模組來自", "module from"},
	{"module_refused", "拒用的模組", "module refused"},
	{"module_why", "模組來源", "module chosen by"},
	{"name", "名稱", "name"},
	{"not_after", "有效期限至", "valid until"},
	{"not_before", "有效期限自", "valid from"},
	{"path", "路徑", "path"},
	{"pcsc_error", "PC/SC 錯誤碼", "PC/SC error"},
	{"pcsc_text", "PC/SC 訊息", "PC/SC message"},
	{"pcscd_lists_it", "pcscd 有列出", "listed by pcscd"},
	{"pid", "程序代號", "pid"},
	{"pin_counter", "PIN 次數", "PIN counter"},
	{"pin_locked", "PIN 已鎖定", "PIN locked"},
	{"pin_max", "PIN 最長", "PIN at most"},
	{"pin_min", "PIN 最短", "PIN at least"},
	{"pin_state", "PIN 狀態", "PIN state"},
	{"previous_serial", "先前的卡片序號", "previous token serial"},
	{"previous_sha256", "先前的憑證指紋", "previous certificate fingerprint"},
	{"process", "程式", "program"},
	{"process_path", "程式路徑", "program path"},
	{"profile", "卡片設定檔", "card profile"},
	{"protocol", "傳輸協定", "protocol"},
	{"puk", "PUK", "PUK"},
	{"puk_tries_left", "PUK 剩餘次數", "PUK tries left"},
	{"reader", "讀卡機", "reader"},
	{"reader_state", "讀卡機狀態", "reader state"},
	{"reader_table", "讀卡機清單", "reader list"},
	{"remembered", "已記住", "remembered"},
	{"renewal", "展期", "renewal"},
	{"running", "執行中", "running"},
	{"serial", "序號", "serial number"},
	{"sha256", "SHA-256 指紋", "SHA-256 fingerprint"},
	{"signer", "簽章元件", "signing component"},
	{"slot", "插槽", "slot"},
	{"slots", "插槽數", "slots"},
	{"state", "狀態", "state"},
	{"subject", "持有者", "subject"},
	{"terminal", "終端機", "terminal"},
	{"token_in_reader", "token 在讀卡機中", "token in a reader"},
	{"token_label", "token 標籤", "token label"},
	{"token_serial", "卡片序號", "token serial"},
	{"tries", "錯誤上限", "wrong tries allowed"},
	{"tries_left", "剩餘次數", "tries left"},
	{"unblock", "解鎖", "unblock"},
	{"usb", "USB", "USB"},
	{"usb_reader", "USB 讀卡機", "USB reader"},
	{"usb_readers", "USB 讀卡機數", "USB readers"},
	{"vendor_code", "廠商回傳碼", "vendor return code"},
	{"version", "版本", "version"},
	{"why", "原因", "why"},
};

static const char *label_of(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof(detail_labels) / sizeof(detail_labels[0]); i++)
		if (strlen(detail_labels[i].key) == len && strncmp(detail_labels[i].key, key, len) == 0)
			return cw_tr(detail_labels[i].zh_tw, detail_labels[i].en);
	return NULL;
}

/* The words a detail value is made of where it is one of a few (a counter's state, yes or no), in
 * the language of the screen; any other value (a name, a number, a path) is shown as it is. */
static const struct { const char *value, *zh_tw, *en; } detail_words[] = {
	{"ok", "正常", "ok"},
	{"unknown", "不明", "unknown"},
	{"low", "偏低", "low"},
	{"final-try", "最後一次", "last try"},
	{"locked", "已鎖定", "locked"},
	{"yes", "是", "yes"},
	{"no", "否", "no"},
	{"none", "無", "none"},
	{"refused-by-module", "模組拒絕", "refused by the module"},
	{"timed out", "逾時", "timed out"},
	{"crashed", "異常結束", "crashed"},
	{"card answers", "卡片有回應", "card answers"},
	{"card silent", "卡片沒有回應", "card silent"},
	{"service answers", "讀卡服務有回應", "service answers"},
	{"service hangs", "讀卡服務沒有回應", "service hangs"},
	{"could not run", "無法執行", "could not run"},
	{"card in use", "卡片被其他程式使用", "card in use"},
};

const char *cw_detail_value(const char *value)
{
	for (size_t i = 0; value && i < sizeof(detail_words) / sizeof(detail_words[0]); i++)
		if (strcmp(detail_words[i].value, value) == 0)
			return cw_tr(detail_words[i].zh_tw, detail_words[i].en);
	return value;
}

const char *cw_detail_label(const char *key, char *buf, size_t size)
{
	size_t n = strlen(key), stem = n;
	const char *label = label_of(key, n);
	if (label) {
		snprintf(buf, size, "%s", label);
		return buf;
	}
	/* Numbered keys (reader0, driver1): the label and a count from 1. */
	while (stem && isdigit((unsigned char)key[stem - 1]))
		stem--;
	label = stem && stem < n ? label_of(key, stem) : NULL;
	if (label)
		snprintf(buf, size, "%s %d", label, atoi(key + stem) + 1);
	else
		snprintf(buf, size, "%s", key);
	return buf;
}
