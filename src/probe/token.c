/* token.c — the token check (label, serial, PIN state flags, before any PIN is sent) and its certificates. */
#include <errno.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/safefile.h"
#include "cw/text.h"
#include "cw/x509.h"
#include "p11_int.h"

/* The PIN lengths: libp11 does not expose them, so ask the module's own function list. */
static void token_pin_lengths(struct cw_probe_session *s, struct cw_result *r)
{
	struct cw_p11 *p = s->p11;
	CK_FUNCTION_LIST_PTR fl = cw_p11_functions(p);
	CK_TOKEN_INFO info;
	if (!fl || fl->C_GetTokenInfo(p->slot_id, &info) != CKR_OK)
		return;
	cw_result_add(r, "pin_min", "%lu", (unsigned long)info.ulMinPinLen);
	cw_result_add(r, "pin_max", "%lu", (unsigned long)info.ulMaxPinLen);
	/* The profile's rules (MOICA: 6–8) win; a generic card's come from its token. */
	if (!s->pin_min && info.ulMinPinLen && info.ulMinPinLen < 256)
		s->pin_min = (int)info.ulMinPinLen;
	if (!s->pin_max && info.ulMaxPinLen && info.ulMaxPinLen < 256)
		s->pin_max = (int)info.ulMaxPinLen;
}

void cw_p11_hex_id(const unsigned char *id, size_t len, char *out, size_t size)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < len && o + 3 <= size; i++)
		o += (size_t)snprintf(out + o, size - o, "%02x", id[i]);
}

/* Copy and summarise the token's certificates (no login needed); keeps DER for later key checks. */
static void read_certs(struct cw_probe_session *s)
{
	struct cw_p11 *p = s->p11;
	PKCS11_CERT *certs;
	unsigned int n = 0;
	for (int i = 0; i < CW_CERTS_MAX; i++) {
		free(p->der[i]);
		p->der[i] = NULL;
	}
	s->ncerts = s->nbad = 0;
	if (PKCS11_enumerate_certs(p->slot->token, &certs, &n) < 0)
		n = 0;
	for (unsigned i = 0; i < n && s->ncerts < CW_CERTS_MAX; i++) {
		unsigned char *der = NULL;
		int len = certs[i].x509 ? i2d_X509(certs[i].x509, &der) : -1;
		if (len <= 0 || cw_cert_summarize(der, (size_t)len, &s->certs[s->ncerts]) < 0) {
			/* Kept by its id: a damaged certificate must not pass for a missing one, nor let
			 * another certificate stand in for it. */
			if (s->nbad < CW_CERTS_MAX)
				cw_p11_hex_id(certs[i].id, certs[i].id_len, s->bad_ids[s->nbad++], sizeof(s->bad_ids[0]));
			OPENSSL_free(der);
			continue;
		}
		p->der[s->ncerts] = malloc((size_t)len);
		if (p->der[s->ncerts])
			memcpy(p->der[s->ncerts], der, (size_t)len);
		p->der_len[s->ncerts] = (size_t)len;
		OPENSSL_free(der);
		cw_p11_hex_id(certs[i].id, certs[i].id_len, s->cert_ids[s->ncerts], sizeof(s->cert_ids[0]));
		s->ncerts++;
	}
	const char *ids[CW_CERTS_MAX];
	for (int i = 0; i < s->ncerts; i++)
		ids[i] = s->cert_ids[i];
	cw_cert_pick(s->certs, ids, s->ncerts, &s->sign_idx, &s->enc_idx);
}

/* The flags, most serious first: a locked PIN is never tried. */
static enum cw_code pin_state(const PKCS11_TOKEN *t)
{
	static const struct { size_t offset; enum cw_code code; } flags[] = {
		{offsetof(PKCS11_TOKEN, userPinLocked), CW_CODE_PIN_LOCKED},
		{offsetof(PKCS11_TOKEN, userPinFinalTry), CW_CODE_PIN_FINAL_TRY},
		{offsetof(PKCS11_TOKEN, userPinCountLow), CW_CODE_PIN_COUNT_LOW},
		{offsetof(PKCS11_TOKEN, userPinToBeChanged), CW_CODE_PIN_TO_BE_CHANGED},
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (*((const unsigned char *)t + flags[i].offset))
			return flags[i].code;
	return CW_CODE_OK;
}

void cw_probe_token(struct cw_probe_session *s, struct cw_result *r)
{
	if (!s->p11 || !s->p11->ctx) {
		cw_result_set(r, CW_CODE_NOT_RUN);
		return;
	}
	/* Flags are read at enumeration: enumerate again unless the module check just did. */
	if ((!s->p11->fresh || !s->p11->slot) && cw_p11_find_token(s) < 0) {
		cw_result_set(r, cw_p11_failure_code(s, 0, CW_CODE_NOT_RUN));
		return;
	}
	const PKCS11_TOKEN *t = s->p11->slot->token;
	cw_result_add(r, "label", "%s", t->label ? t->label : "");
	cw_result_add(r, "serial", "%s", t->serialnr ? t->serialnr : "");
	/* Another token: the PINs the last one refused say nothing about this one. */
	if (s->token_serial[0] && strcmp(s->token_serial, t->serialnr ? t->serialnr : "") != 0)
		cw_pin_memory_clear(s->failed_pins);
	cw_copy(s->token_serial, sizeof(s->token_serial), t->serialnr ? t->serialnr : "");
	cw_result_add(r, "manufacturer", "%s", t->manufacturer ? t->manufacturer : "");
	cw_result_add(r, "model", "%s", t->model ? t->model : "");
	/* SoftHSM2's empty slot reports its SO PIN locked: "initialized" comes before any PIN flag. */
	if (!t->initialized) {
		cw_result_set(r, CW_CODE_TOKEN_UNINITIALIZED);
		cw_result_note(r, "%s", t->label ? t->label : "");
		return;
	}
	token_pin_lengths(s, r);
	enum cw_code code = pin_state(t);
	struct cw_counter pin, puk;
	int live = cw_p11_live_counters(s, cw_p11_puk_via_so(s), &pin, &puk) == 0;
	/* HiCOS's return codes in this helper may know more than its flags: they only tighten. */
	if (live && pin.vendor_locked)
		code = CW_CODE_PIN_LOCKED;
	else if (live && pin.vendor_final_try && code != CW_CODE_PIN_LOCKED)
		code = CW_CODE_PIN_FINAL_TRY;
	cw_result_set(r, code);
	if (code == CW_CODE_PIN_LOCKED || code == CW_CODE_PIN_FINAL_TRY)
		cw_result_add(r, "tries_left", "%d", code == CW_CODE_PIN_LOCKED ? 0 : 1);
	/* The PUK's counter, where this module's unblock shows one (the unlock form asks first
	 * otherwise); a card whose profile has no PUK route (MOICA, issuer cards) is told of none. */
	struct cw_card_policy policy;
	cw_probe_policy(s, &policy);
	if (live && (!policy.set || policy.unlock == CW_UNLOCK_PKCS11))
		cw_result_add(r, "puk", "%s", cw_counter_word(&puk));
	if (live)
		cw_result_add(r, "pin_counter", "%s", cw_counter_word(&pin));
	if (s->p11->hicos) {
		const struct cw_card_profile *prof = cw_probe_card_profile(s);
		cw_result_add(r, "hicos", "%s", "yes");
		if (s->profile_from_token) /* the engine takes it as the card's profile from now on */
			cw_result_add(r, "profile", "%s", s->profile);
		if (prof && prof->tries)
			cw_result_add(r, "tries", "%d", prof->tries);
	}
	/* The engine's guard says this before a PUK is asked for (issue 14, 4). */
	if (cw_p11_unblock_refused(s))
		cw_result_add(r, "unblock", "%s", "refused-by-module");
	read_certs(s);
	cw_result_add(r, "certificates", "%d", s->ncerts);
	cw_result_note(r, "%s%s%s", t->label ? t->label : "", t->serialnr && *t->serialnr ? " #" : "",
		       t->serialnr ? t->serialnr : "");
}

void cw_p11_export_pem(struct cw_probe_session *s, const char *path, struct cw_result *r)
{
	struct cw_p11 *p = s->p11;
	if (!p || s->ncerts == 0) {
		cw_result_set(r, CW_CODE_EXPORT_FAILED);
		cw_result_note(r, "%s", cw_tr("卡片上沒有憑證", "no certificate on the card"));
		return;
	}
	BIO *mem = BIO_new(BIO_s_mem());
	int n = 0;
	for (int i = 0; i < s->ncerts && mem; i++) {
		const unsigned char *d = p->der[i];
		X509 *x = d ? d2i_X509(NULL, &d, (long)p->der_len[i]) : NULL;
		if (x && PEM_write_bio_X509(mem, x))
			n++;
		X509_free(x);
	}
	char *data = NULL;
	long len = mem ? BIO_get_mem_data(mem, &data) : 0;
	if (n == 0 || len <= 0 || cw_write_new(path, data, (size_t)len, 0644) < 0) {
		cw_result_set(r, CW_CODE_EXPORT_FAILED);
		cw_result_note(r, "%s: %s", path, n == 0 ? "no certificate" : strerror(errno));
	} else {
		cw_result_set(r, CW_CODE_EXPORT_OK);
		cw_result_note(r, "%s (%d)", path, n);
		cw_result_add(r, "path", "%s", path);
		cw_result_add(r, "certificates", "%d", n);
	}
	BIO_free(mem);
}
