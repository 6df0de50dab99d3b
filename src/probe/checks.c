/* checks.c — the check table: every fact about a check in one entry (add a check here, with its probe and node). */
#include <string.h>

#include "cw/checkdef.h"
#include "cw/i18n.h"

#define BIT CW_CHECK_BIT

/* Deadlines: the card's own computing (RSA on a slow chip) plus OpenSC's start-up; a
 * module's C_Initialize may read the whole card. Timeouts of card work are reported as the
 * direct card probe finds them afterwards (src/engine/checker.c). */
static const struct cw_checkdef table[CW_CHECK_COUNT] = {
	[CW_CHECK_OS] = {
		.check = CW_CHECK_OS, .id = "os", .hicos_row = 1,
		.name = {"Operating system", "作業系統"},
		.short_name = {"operating system", "作業系統"},
		.description = {"Can this operating system do the work", "檢測目前使用之作業系統版本是否可支援作業"},
		.probe = cw_probe_os, .deadline_ms = 2000, .needs = CW_NEEDS_NOTHING,
		.on_timeout = CW_CODE_NOT_RUN, .on_crash = CW_CODE_NOT_RUN,
		.stale = CW_STALE_NEVER, .required = CW_REQUIRED_ALWAYS,
	},
	[CW_CHECK_SERVICE] = {
		.check = CW_CHECK_SERVICE, .id = "service", .hicos_row = 0,
		.name = {"Smart-card service", "讀卡服務"},
		.short_name = {"smart-card service", "讀卡服務"},
		.description = {"Is the smart-card service (pcscd) reachable", "檢測讀卡服務 (pcscd) 是否可以連線"},
		.probe = cw_probe_service, .deadline_ms = 4000, .needs = CW_NEEDS_NOTHING,
		.on_timeout = CW_CODE_SERVICE_LOST, .on_crash = CW_CODE_SERVICE_LOST,
		.stale = CW_STALE_SERVICE, .required = CW_REQUIRED_WITH_READER,
	},
	[CW_CHECK_READER] = {
		.check = CW_CHECK_READER, .id = "reader", .hicos_row = 2,
		.name = {"Card reader", "讀卡機檢測"},
		.short_name = {"card reader", "讀卡機"},
		.description = {"Is a card reader connected and listed", "檢測目前使用之讀卡機是否可支援作業"},
		.probe = cw_probe_reader, .deadline_ms = 4000, .needs = CW_NEEDS_NOTHING,
		.on_timeout = CW_CODE_SERVICE_LOST, .on_crash = CW_CODE_SERVICE_LOST,
		.prerequisites = BIT(CW_CHECK_SERVICE),
		.stale = CW_STALE_READERS, .required = CW_REQUIRED_WITH_READER,
	},
	[CW_CHECK_DRIVER] = {
		.check = CW_CHECK_DRIVER, .id = "driver", .hicos_row = 3,
		.name = {"IC-card drivers", "IC卡相關驅動程式檢測"},
		.short_name = {"drivers", "驅動程式"},
		.description = {"Are the reader driver and the PKCS#11 module in place", "檢測目前使用之IC卡相關驅動是否可支援作業"},
		.probe = cw_probe_driver, .deadline_ms = 4000, .needs = CW_NEEDS_NOTHING,
		.on_timeout = CW_CODE_NOT_RUN, .on_crash = CW_CODE_NOT_RUN,
		.prerequisites = BIT(CW_CHECK_SERVICE),
		.stale = CW_STALE_READERS, .required = CW_REQUIRED_WITH_READER,
	},
	[CW_CHECK_CARD] = {
		.check = CW_CHECK_CARD, .id = "card", .hicos_row = 4,
		.name = {"Card read", "IC卡讀取測試"},
		.short_name = {"card read", "卡片讀取"},
		.description = {"Is a card inserted, and does it answer", "檢測目前使用之IC卡是否可進行讀取"},
		.probe = cw_probe_card, .deadline_ms = 3000, .needs = CW_NEEDS_CARD,
		.on_timeout = CW_CODE_CARD_MUTE, .on_crash = CW_CODE_CARD_MUTE,
		.prerequisites = BIT(CW_CHECK_READER),
		.stale = CW_STALE_CARD, .required = CW_REQUIRED_WITH_READER,
	},
	[CW_CHECK_MODULE] = {
		.check = CW_CHECK_MODULE, .id = "module", .hicos_row = 0,
		.name = {"PKCS#11 module", "PKCS#11 模組"},
		.short_name = {"PKCS#11 module", "PKCS#11 模組"},
		.description = {"Does the PKCS#11 module load and see the card", "檢測 PKCS#11 模組是否可以載入並看到卡片"},
		.probe = cw_probe_module, .deadline_ms = 15000, .needs = CW_NEEDS_MODULE,
		.on_timeout = CW_CODE_MODULE_HUNG, .on_crash = CW_CODE_MODULE_CRASHED,
		/* No prerequisite: the module loads and lists its slots whatever pcscd's state (a
		 * software token needs no pcscd; OpenSC with pcscd down shows no token: both facts). */
		.stale = CW_STALE_CARD, .required = CW_REQUIRED_ALWAYS,
	},
	[CW_CHECK_TOKEN] = {
		.check = CW_CHECK_TOKEN, .id = "token", .hicos_row = 0,
		.name = {"Token state", "卡片狀態"},
		.short_name = {"token state", "卡片狀態"},
		.description = {"Token information and PIN state", "讀取卡片資訊與 PIN 碼狀態"},
		.probe = cw_probe_token, .deadline_ms = 10000, .needs = CW_NEEDS_MODULE,
		.on_timeout = CW_CODE_MODULE_HUNG, .on_crash = CW_CODE_MODULE_CRASHED,
		.prerequisites = BIT(CW_CHECK_MODULE),
		.stale = CW_STALE_CARD, .required = CW_REQUIRED_ALWAYS,
	},
	[CW_CHECK_PIN] = {
		.check = CW_CHECK_PIN, .id = "pin", .hicos_row = 5,
		.name = {"PIN verify", "PIN驗證碼"},
		.short_name = {"PIN", "PIN 碼"},
		.description = {"Is the PIN correct", "檢測目前使用之IC卡PIN碼是否正確"},
		.probe = cw_probe_pin, .deadline_ms = 10000, .needs = CW_NEEDS_MODULE,
		.on_timeout = CW_CODE_MODULE_HUNG, .on_crash = CW_CODE_MODULE_CRASHED,
		.prerequisites = BIT(CW_CHECK_TOKEN),
		.stale = CW_STALE_CARD, .carries_pin = 1, .required = CW_REQUIRED_WITH_PIN,
	},
	[CW_CHECK_CRYPT] = {
		.check = CW_CHECK_CRYPT, .id = "crypt", .hicos_row = 6,
		.name = {"Encrypt/decrypt", "IC卡加解密測試"},
		.short_name = {"decrypt", "解密"},
		.description = {"Does the card decrypt what was encrypted to its certificate", "檢測目前使用之IC卡加解密功能是否正常"},
		.probe = cw_probe_crypt, .deadline_ms = 10000, .needs = CW_NEEDS_MODULE,
		.on_timeout = CW_CODE_MODULE_HUNG, .on_crash = CW_CODE_MODULE_CRASHED,
		.prerequisites = BIT(CW_CHECK_PIN),
		.stale = CW_STALE_CARD, .carries_pin = 1, .required = CW_REQUIRED_WITH_PIN,
	},
	[CW_CHECK_SIGN] = {
		.check = CW_CHECK_SIGN, .id = "sign", .hicos_row = 7,
		.name = {"Signature", "IC卡簽章測試"},
		.short_name = {"signature", "簽章"},
		.description = {"Does the card make a signature that verifies", "檢測目前使用之IC卡製作電子簽章之功能是否正常"},
		.probe = cw_probe_sign, .deadline_ms = 15000, .needs = CW_NEEDS_MODULE,
		.on_timeout = CW_CODE_MODULE_HUNG, .on_crash = CW_CODE_MODULE_CRASHED,
		.prerequisites = BIT(CW_CHECK_PIN),
		.stale = CW_STALE_CARD, .carries_pin = 1, .required = CW_REQUIRED_WITH_PIN,
	},
	/* Certificates are read without the PIN (by the token check): a locked card still shows its dates. */
	[CW_CHECK_ENC_CERT] = {
		.check = CW_CHECK_ENC_CERT, .id = "enc-cert", .hicos_row = 8,
		.name = {"Encryption certificate", "IC卡加解密憑證效期"},
		.short_name = {"encryption certificate", "加密憑證效期"},
		.description = {"Validity dates of the encryption certificate", "顯示目前使用之IC卡加解密憑證起始及終止日期"},
		.probe = cw_probe_enc_cert, .deadline_ms = 3000, .needs = CW_NEEDS_NOTHING,
		.on_timeout = CW_CODE_NOT_RUN, .on_crash = CW_CODE_NOT_RUN,
		.prerequisites = BIT(CW_CHECK_MODULE),
		.stale = CW_STALE_CARD, .required = CW_REQUIRED_ALWAYS,
	},
	[CW_CHECK_SIGN_CERT] = {
		.check = CW_CHECK_SIGN_CERT, .id = "sign-cert", .hicos_row = 9,
		.name = {"Signature certificate", "IC卡簽章憑證效期"},
		.short_name = {"signature certificate", "簽章憑證效期"},
		.description = {"Validity dates of the signature certificate", "顯示目前使用之IC卡簽章憑證起始及終止日期"},
		.probe = cw_probe_sign_cert, .deadline_ms = 3000, .needs = CW_NEEDS_NOTHING,
		.on_timeout = CW_CODE_NOT_RUN, .on_crash = CW_CODE_NOT_RUN,
		.prerequisites = BIT(CW_CHECK_MODULE),
		.stale = CW_STALE_CARD, .required = CW_REQUIRED_ALWAYS,
	},
	[CW_CHECK_SIGNER] = {
		.check = CW_CHECK_SIGNER, .id = "signer", .hicos_row = 0,
		.name = {"Signing component", "簽章元件"},
		.short_name = {"signing component", "簽章元件"},
		.description = {"Does the local signing bridge answer", "檢測本機簽章元件是否回應"},
		.probe = cw_probe_signer, .deadline_ms = 3000, .needs = CW_NEEDS_NOTHING,
		.on_timeout = CW_CODE_NOT_RUN, .on_crash = CW_CODE_NOT_RUN,
		.stale = CW_STALE_NEVER, .required = CW_REQUIRED_WITH_SIGNER,
	},
	[CW_CHECK_CERT_IMPORT] = {
		.check = CW_CHECK_CERT_IMPORT, .id = "cert-import", .hicos_row = 0,
		.name = {"Certificate import", "憑證匯入"},
		.short_name = {"certificate import", "憑證匯入"},
		.description = {"Are these the certificates last seen for this person", "比對卡片憑證與上次所見是否相同"},
		.probe = cw_probe_cert_import, .deadline_ms = 3000, .needs = CW_NEEDS_NOTHING,
		.on_timeout = CW_CODE_NOT_RUN, .on_crash = CW_CODE_NOT_RUN,
		.prerequisites = BIT(CW_CHECK_MODULE),
		.stale = CW_STALE_CARD, .required = CW_REQUIRED_ALWAYS,
	},
};

const struct cw_checkdef *cw_checkdef(enum cw_check c)
{
	return (unsigned)c < CW_CHECK_COUNT ? &table[c] : NULL;
}

cw_probe_fn cw_probe_for(enum cw_check c)
{
	return (unsigned)c < CW_CHECK_COUNT ? table[c].probe : NULL;
}

const char *cw_check_id(enum cw_check c) { return table[c].id; }
int cw_check_hicos_row(enum cw_check c) { return table[c].hicos_row; }
const char *cw_check_name(enum cw_check c) { return table[c].name[cw_lang_current()]; }
const char *cw_check_description(enum cw_check c) { return table[c].description[cw_lang_current()]; }

int cw_check_from_id(const char *id)
{
	for (int i = 0; i < CW_CHECK_COUNT; i++)
		if (table[i].id && strcmp(table[i].id, id) == 0)
			return i;
	return -1;
}

/* A code's checks: its own bits, plus every check of a class (card or module work) it names. */
int cw_code_belongs(enum cw_code c, enum cw_check check)
{
	unsigned where = cw_code_where(c);
	if ((where >> check) & 1u)
		return 1;
	enum cw_needs n = table[check].needs;
	return ((where & CW_ON_MODULE_WORK) && n == CW_NEEDS_MODULE) ||
	       ((where & CW_ON_CARD_WORK & ~CW_ON_MODULE_WORK) && n != CW_NEEDS_NOTHING);
}

unsigned cw_checks_stale_on(enum cw_stale reach)
{
	unsigned mask = 0;
	for (int i = 0; i < CW_CHECK_COUNT; i++)
		if (table[i].stale != CW_STALE_NEVER && table[i].stale >= reach)
			mask |= BIT(i);
	return mask;
}

int cw_pin_sequence_ends(enum cw_check check, enum cw_status status)
{
	if ((unsigned)check >= CW_CHECK_COUNT)
		return 1;
	if (!table[check].carries_pin)
		return 0; /* not part of it: another check in between leaves the login alone */
	if (status == CW_STATUS_FAIL)
		return 1;
	/* The first PIN-carrying check logs in: if it did not pass, no login lasts. The last one
	 * closes the sequence. */
	int first = 1, last = 1;
	for (int i = 0; i < CW_CHECK_COUNT; i++) {
		if (table[i].carries_pin && i < (int)check)
			first = 0;
		if (table[i].carries_pin && i > (int)check)
			last = 0;
	}
	return last || (first && status != CW_STATUS_PASS);
}
