/* checks.h — the checks cardwiz runs: ids, HiCOS row numbers and names (a stable contract). */
#ifndef CW_CHECKS_H
#define CW_CHECKS_H

/*
 * X(ENUM, "json id", HiCOS row (0 = not one of its nine),
 *   zh_TW name, en name, zh_TW description, en description)
 * The order is the order of a full run: each check needs the ones above it.
 */
#define CW_CHECKS(X)                                                          \
	X(OS, "os", 1, "作業系統", "Operating system",                        \
	  "檢測目前使用之作業系統版本是否可支援作業",                         \
	  "Can this operating system do the work")                            \
	X(SERVICE, "service", 0, "讀卡服務", "Smart-card service",            \
	  "檢測讀卡服務 (pcscd) 是否可以連線",                                \
	  "Is the smart-card service (pcscd) reachable")                      \
	X(READER, "reader", 2, "讀卡機檢測", "Card reader",                    \
	  "檢測目前使用之讀卡機是否可支援作業",                               \
	  "Is a card reader connected and listed")                            \
	X(DRIVER, "driver", 3, "IC卡相關驅動程式檢測", "IC-card drivers",      \
	  "檢測目前使用之IC卡相關驅動是否可支援作業",                         \
	  "Are the reader driver and the PKCS#11 module in place")            \
	X(CARD, "card", 4, "IC卡讀取測試", "Card read",                        \
	  "檢測目前使用之IC卡是否可進行讀取",                                 \
	  "Is a card inserted, and does it answer")                           \
	X(MODULE, "module", 0, "PKCS#11 模組", "PKCS#11 module",               \
	  "檢測 PKCS#11 模組是否可以載入並看到卡片",                          \
	  "Does the PKCS#11 module load and see the card")                    \
	X(TOKEN, "token", 0, "卡片狀態", "Token state",                        \
	  "讀取卡片資訊與 PIN 碼狀態", "Token information and PIN state")     \
	X(PIN, "pin", 5, "PIN驗證碼", "PIN verify",                            \
	  "檢測目前使用之IC卡PIN碼是否正確", "Is the PIN correct")            \
	X(CRYPT, "crypt", 6, "IC卡加解密測試", "Encrypt/decrypt",              \
	  "檢測目前使用之IC卡加解密功能是否正常",                             \
	  "Does the card decrypt what was encrypted to its certificate")      \
	X(SIGN, "sign", 7, "IC卡簽章測試", "Signature",                        \
	  "檢測目前使用之IC卡製作電子簽章之功能是否正常",                     \
	  "Does the card make a signature that verifies")                     \
	X(ENC_CERT, "enc-cert", 8, "IC卡加解密憑證效期", "Encryption certificate", \
	  "顯示目前使用之IC卡加解密憑證起始及終止日期",                       \
	  "Validity dates of the encryption certificate")                     \
	X(SIGN_CERT, "sign-cert", 9, "IC卡簽章憑證效期", "Signature certificate", \
	  "顯示目前使用之IC卡簽章憑證起始及終止日期",                         \
	  "Validity dates of the signature certificate")                      \
	X(SIGNER, "signer", 0, "簽章元件", "Signing component",                \
	  "檢測本機簽章元件是否回應", "Does the local signing bridge answer")  \
	X(CERT_IMPORT, "cert-import", 0, "憑證匯入", "Certificate import",     \
	  "比對卡片憑證與上次所見是否相同",                                   \
	  "Are these the certificates last seen for this person")

enum cw_check {
#define CW_CHECK_ENUM(e, id, row, zn, en, zd, ed) CW_CHECK_##e,
	CW_CHECKS(CW_CHECK_ENUM)
#undef CW_CHECK_ENUM
	CW_CHECK_COUNT
};

/* Status of one check; "skip" always carries a reason (its code). */
#define CW_STATUSES(X) X(PASS, "pass") X(WARN, "warn") X(FAIL, "fail") X(SKIP, "skip")

enum cw_status {
#define CW_STATUS_ENUM(e, s) CW_STATUS_##e,
	CW_STATUSES(CW_STATUS_ENUM)
#undef CW_STATUS_ENUM
	CW_STATUS_COUNT
};

const char *cw_check_id(enum cw_check c);
int cw_check_from_id(const char *id); /* -1 when unknown */
int cw_check_hicos_row(enum cw_check c);
const char *cw_check_name(enum cw_check c);
const char *cw_check_description(enum cw_check c);
const char *cw_status_id(enum cw_status s);

#endif
