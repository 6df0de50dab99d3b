/* keyops.c — the pin, crypt and sign checks: guarded PIN login, decrypt and sign on the card. */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/charset.h"
#include "cw/x509.h"
#include "p11_int.h"

void cw_p11_forget_pin(struct cw_probe_session *s)
{
	if (!s->p11 || !s->p11->slot)
		return;
	if (s->p11->logged_in)
		PKCS11_logout(s->p11->slot);
	cw_p11_release_slots(s->p11);
	s->p11->ui_pin = NULL;
}

enum cw_code cw_p11_failure_code(struct cw_probe_session *s, unsigned long ckr, enum cw_code fallback)
{
	enum cw_code why = cw_pcsc_explain_failure(s);
	if (why != CW_CODE_OK)
		return why;
	if (ckr == CKR_DEVICE_REMOVED || ckr == CKR_TOKEN_NOT_PRESENT)
		return CW_CODE_CARD_REMOVED;
	return fallback;
}

/* A PIN the card refused before (a profile that ignores case: in any case) is never sent again. */
static int same_as_failed(struct cw_probe_session *s)
{
	struct cw_card_policy policy;
	cw_probe_policy(s, &policy);
	return cw_pin_memory_has(s->failed_pins, cw_secret_str(s->pin), cw_secret_len(s->pin),
				 cw_policy_pin_folds_case(&policy));
}

/* What the helper checks of the PIN itself before the live guard: never resent, length and
 * characters as the card's profile (the stricter of the request's and the card's) says. */
static enum cw_code pin_fits(struct cw_probe_session *s, struct cw_result *r)
{
	size_t len = cw_secret_len(s->pin);
	struct cw_card_policy policy;
	cw_probe_policy(s, &policy);
	if (same_as_failed(s)) {
		cw_result_note(r, "%s", cw_tr("這個 PIN 碼剛才已被拒絕", "this PIN was refused already"));
		return CW_CODE_PIN_NOT_ALLOWED;
	}
	if ((s->pin_min && (int)len < s->pin_min) || (s->pin_max && (int)len > s->pin_max)) {
		cw_result_note(r, "%s %zu, %s %d–%d", cw_tr("PIN 碼長度", "PIN length"), len, cw_tr("卡片接受", "the card takes"), s->pin_min, s->pin_max);
		return CW_CODE_PIN_NOT_ALLOWED;
	}
	if (policy.pin.set && !cw_charset_fits(policy.pin.charset, cw_secret_str(s->pin), len)) {
		cw_result_note(r, "%s %s", cw_tr("PIN 碼字元不符；卡片接受", "PIN characters: the card takes"), cw_charset_id(policy.pin.charset));
		return CW_CODE_PIN_NOT_ALLOWED;
	}
	return CW_CODE_OK;
}

/* After a refused PIN: the counters read again, so that the try that locked the card says so at once. */
void cw_p11_after_refusal(struct cw_probe_session *s, enum cw_code *code, struct cw_result *r)
{
	struct cw_counter pin, puk;
	if (cw_p11_live_counters(s, 0, &pin, &puk) < 0)
		pin = (struct cw_counter){.tries_left = -1};
	if ((pin.locked || pin.vendor_locked) && (*code == CW_CODE_PIN_INCORRECT || *code == CW_CODE_PIN_NOT_ALLOWED))
		*code = CW_CODE_PIN_LOCKED;
	int left = pin.tries_left;
	if (left < 0 && s->p11 && s->p11->hicos && s->p11->vendor_tries >= 0)
		left = s->p11->vendor_tries; /* what the module's return code said: 2 left is news, not a licence */
	if (left >= 0)
		cw_result_add(r, "tries_left", "%d", left);
	/* Tries left where the token says (final try, locked), "unknown" where it does not (issue 12 E);
	 * a HiCOS module's own words (hicos_refusal) are kept. */
	if (*code != CW_CODE_PIN_INCORRECT || r->note[0])
		return;
	if (left >= 0)
		cw_result_note(r, "%s%d", cw_tr("剩餘嘗試次數：", "Tries left: "), left);
	else
		cw_result_note(r, "%s", cw_tr("剩餘嘗試次數：未知 (卡片不告訴)", "Tries left: unknown (the card does not say)"));
}

/* C_Login through the module's own function list: libp11 keeps only the low 23 bits of a failed
 * call's CK_RV (0x80000001 arrives as 0x1), and HiCOS says tries left in the high ones. A session
 * of our own, logged out and closed at once: libp11 then logs in on its own. */
static CK_RV raw_login(struct cw_probe_session *s)
{
	CK_FUNCTION_LIST_PTR fl = cw_p11_functions(s->p11);
	CK_SESSION_HANDLE h;
	if (!fl)
		return CKR_GENERAL_ERROR;
	CK_RV rv = fl->C_OpenSession(s->p11->slot_id, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &h);
	if (rv != CKR_OK)
		return rv;
	rv = fl->C_Login(h, CKU_USER, (CK_UTF8CHAR_PTR)cw_secret_str(s->pin), (CK_ULONG)cw_secret_len(s->pin));
	if (rv == CKR_OK)
		fl->C_Logout(h);
	fl->C_CloseSession(h);
	return rv == CKR_USER_ALREADY_LOGGED_IN ? CKR_OK : rv;
}

/* HiCOS's answer to a wrong PIN: the code, the tries left and what it adds to the guard. Only
 * tightens: 1 left sets the final try; 0xA4, or a plain wrong PIN after the final try, the lock. */
static enum cw_code hicos_refusal(struct cw_probe_session *s, CK_RV rv, struct cw_result *r)
{
	struct cw_p11 *p = s->p11;
	enum cw_code code;
	int left;
	if (!cw_hicos_login_rv(rv, &code, &left))
		return cw_p11_failure_code(s, rv, CW_CODE_PIN_INCORRECT);
	if (code == CW_CODE_PIN_INCORRECT && left < 0 && p->vendor_final_try)
		left = 0; /* the last try was wrong: 3 wrong PINs lock the card */
	if (left == 0)
		code = CW_CODE_PIN_LOCKED;
	if (left >= 0)
		p->vendor_tries = left;
	p->vendor_final_try |= left == 1;
	p->vendor_locked |= left == 0;
	const struct cw_card_profile *prof = cw_probe_card_profile(s);
	int tries = prof && prof->tries ? prof->tries : 3;
	cw_result_add(r, "vendor_code", "0x%lX", (unsigned long)rv);
	if (code == CW_CODE_PIN_NOT_ALLOWED)
		cw_result_note(r, "%s %d–%d%s", cw_tr("卡片說 PIN 碼長度不對；它接受", "the card says the PIN length is wrong; it takes"),
			       s->pin_min ? s->pin_min : 6, s->pin_max ? s->pin_max : 8,
			       cw_tr("個字元 (沒有計入錯誤次數)", " characters (no try counted)"));
	else if (code == CW_CODE_PIN_LOCKED)
		cw_result_note(r, "%s", cw_tr("卡片說：PIN 碼已鎖定", "the card says: the PIN is locked"));
	else if (left > 0)
		cw_result_note(r, "%s %d %s (%s%d %s)", cw_tr("卡片說：還剩", "the card says:"), left,
			       left == 1 ? cw_tr("次機會，這是最後一次", "try left, the last one") : cw_tr("次機會", "tries left"),
			       cw_tr("錯 ", ""), tries, cw_tr("次會鎖卡", "wrong PINs lock the card"));
	else
		cw_result_note(r, "%s", cw_tr("PIN 碼錯誤；卡片沒有說還剩幾次", "wrong PIN; the card did not say how many tries are left"));
	return code;
}

/* The card refused the PIN: crypt and sign wait, a wrong PIN is never resent (its salted hash is
 * kept), and the counters read again say whether that try locked the card. */
static void refused(struct cw_probe_session *s, enum cw_code code, unsigned long ckr, struct cw_result *r)
{
	s->pin_failed = code == CW_CODE_PIN_INCORRECT || code == CW_CODE_PIN_NOT_ALLOWED;
	if (code == CW_CODE_PIN_INCORRECT)
		cw_pin_memory_add(s->failed_pins, cw_secret_str(s->pin), cw_secret_len(s->pin));
	cw_p11_after_refusal(s, &code, r);
	cw_result_set(r, code);
	cw_result_add(r, "ckr", "0x%lX", ckr);
}

void cw_probe_pin(struct cw_probe_session *s, struct cw_result *r)
{
	if (!s->p11 || !s->p11->ctx) {
		cw_result_set(r, CW_CODE_NOT_RUN);
		return;
	}
	/* Flags are read at enumeration: fresh from the token check, else enumerate again. */
	if (!s->p11->fresh && cw_p11_find_token(s) < 0) { /* the token went away: why? */
		cw_result_set(r, cw_p11_failure_code(s, 0, CW_CODE_CARD_REMOVED));
		return;
	}
	/* A locked card is locked whatever PIN there is: say so, send nothing. */
	struct cw_counter pin_now, puk_now;
	if (cw_p11_live_counters(s, 0, &pin_now, &puk_now) == 0 && pin_now.locked) {
		cw_result_set(r, CW_CODE_PIN_LOCKED);
		cw_result_add(r, "tries_left", "%d", 0);
		return;
	}
	if (!s->pin || !cw_secret_len(s->pin)) {
		cw_result_set(r, CW_CODE_SKIPPED_NO_PIN);
		return;
	}
	s->pin_verified = 0; /* a new PIN: crypt and sign wait for its answer */
	enum cw_code g = pin_fits(s, r);
	if (g == CW_CODE_OK) /* the counters read now, immediately before C_Login */
		g = cw_p11_guard(s, CW_ACT_VERIFY, r);
	if (g != CW_CODE_OK) {
		cw_result_set(r, g);
		s->pin_failed = 1;
		return;
	}
	/* HiCOS: the raw CK_RV first (its return codes count tries); libp11 logs in after a success. */
	CK_RV raw = s->p11->hicos ? raw_login(s) : CKR_OK;
	if (raw != CKR_OK) {
		s->p11->fresh = 0;
		refused(s, hicos_refusal(s, raw, r), (unsigned long)raw, r);
		return;
	}
	if (s->p11->hicos) {
		s->p11->vendor_final_try = s->p11->vendor_locked = 0; /* a right PIN resets the card's count */
		s->p11->vendor_tries = -1;
	}
	/* A read-write session first: the pool keeps the mode of its first session (doc/FIELD-NOTES.md). */
	PKCS11_open_session(s->p11->slot, 1);
	int login = PKCS11_login(s->p11->slot, 0, cw_secret_str(s->pin));
	s->p11->fresh = 0;
	if (login == 0) {
		s->pin_verified = s->p11->logged_in = 1;
		s->pin_failed = 0;
		cw_result_set(r, CW_CODE_OK);
		cw_result_note(r, "%s", cw_tr("PIN 碼正確", "PIN accepted"));
		return;
	}
	unsigned long ckr = cw_p11_last_ckr();
	static const struct { unsigned long ckr; enum cw_code code; } refusals[] = {
		{CKR_PIN_INCORRECT, CW_CODE_PIN_INCORRECT}, {CKR_PIN_LOCKED, CW_CODE_PIN_LOCKED},
		{CKR_PIN_LEN_RANGE, CW_CODE_PIN_NOT_ALLOWED}, {CKR_PIN_INVALID, CW_CODE_PIN_NOT_ALLOWED},
	};
	enum cw_code code = cw_p11_failure_code(s, ckr, CW_CODE_PIN_INCORRECT);
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (refusals[i].ckr == ckr)
			code = refusals[i].code;
	refused(s, code, ckr, r);
}

/* The private key on the token whose id is the certificate's. */
static EVP_PKEY *key_for_cert(struct cw_probe_session *s, int cert)
{
	PKCS11_KEY *keys;
	unsigned int n = 0;
	if (PKCS11_enumerate_keys(s->p11->slot->token, &keys, &n) < 0)
		return NULL;
	for (unsigned i = 0; i < n; i++) {
		char id[64];
		cw_p11_hex_id(keys[i].id, keys[i].id_len, id, sizeof(id));
		if (keys[i].isPrivate && strcmp(id, s->cert_ids[cert]) == 0)
			return PKCS11_get_private_key(&keys[i]);
	}
	return NULL;
}

static EVP_PKEY *cert_public_key(struct cw_probe_session *s, int cert)
{
	const unsigned char *p = s->p11->der[cert];
	X509 *x = p ? d2i_X509(NULL, &p, (long)s->p11->der_len[cert]) : NULL;
	EVP_PKEY *k = x ? X509_get_pubkey(x) : NULL;
	X509_free(x);
	return k;
}

/* Common start of crypt and sign: a verified PIN, the certificate, its key. */
static int prepare(struct cw_probe_session *s, struct cw_result *r, int cert, EVP_PKEY **priv, EVP_PKEY **pub)
{
	*priv = *pub = NULL;
	if (!s->pin || !cw_secret_len(s->pin)) {
		cw_result_set(r, CW_CODE_SKIPPED_NO_PIN);
		return -1;
	}
	if (!s->pin_verified || s->pin_failed || !s->p11 || !s->p11->ctx) {
		cw_result_set(r, CW_CODE_NOT_RUN);
		return -1;
	}
	/* Slots are released after every PIN operation: log in again with the PIN that worked. */
	if (!s->p11->slot && cw_p11_find_token(s) < 0) {
		cw_result_set(r, cw_p11_failure_code(s, 0, CW_CODE_NOT_RUN));
		return -1;
	}
	if (!s->p11->logged_in) {
		PKCS11_open_session(s->p11->slot, 1);
		if (PKCS11_login(s->p11->slot, 0, cw_secret_str(s->pin)) < 0) {
			unsigned long ckr = cw_p11_last_ckr();
			cw_result_set(r, cw_p11_failure_code(s, ckr, CW_CODE_NOT_RUN));
			cw_result_add(r, "ckr", "0x%lX", ckr);
			return -1;
		}
		s->p11->logged_in = 1;
	}
	if (cert < 0) {
		/* Without its certificate there is nothing to test the key against: the certificate
		 * checks say what is wrong (missing or damaged), not a missing key. */
		cw_result_set(r, CW_CODE_NOT_RUN);
		cw_result_add(r, "blocked_by", "%s", cw_check_id(r->check == CW_CHECK_SIGN ? CW_CHECK_SIGN_CERT : CW_CHECK_ENC_CERT));
		cw_result_note(r, "%s", cw_tr("沒有這種用途的憑證", "no certificate for this use"));
		return -1;
	}
	s->p11->ui_pin = s->pin;
	*pub = cert_public_key(s, cert);
	*priv = key_for_cert(s, cert);
	if (!*priv || !*pub) {
		cw_result_set(r, CW_CODE_KEY_MISSING);
		cw_result_note(r, "%s %s", cw_tr("金鑰代號", "key id"), s->cert_ids[cert]);
		EVP_PKEY_free(*pub);
		*pub = NULL;
		return -1;
	}
	cw_result_add(r, "key_id", "%s", s->cert_ids[cert]);
	return 0;
}

static void finish(struct cw_probe_session *s, EVP_PKEY *priv, EVP_PKEY *pub)
{
	EVP_PKEY_free(priv);
	EVP_PKEY_free(pub);
	s->p11->ui_pin = NULL;
}

/* Encrypt to the certificate (PKCS#1 v1.5, which every card supports) and decrypt on the card. */
void cw_probe_crypt(struct cw_probe_session *s, struct cw_result *r)
{
	EVP_PKEY *priv, *pub;
	if (prepare(s, r, s->enc_idx, &priv, &pub) < 0)
		return;
	unsigned char plain[32], enc[1024], dec[1024];
	size_t enc_len = sizeof(enc), dec_len = sizeof(dec);
	RAND_bytes(plain, sizeof(plain));
	EVP_PKEY_CTX *ec = EVP_PKEY_CTX_new(pub, NULL);
	int ok = ec && EVP_PKEY_encrypt_init(ec) > 0 && EVP_PKEY_CTX_set_rsa_padding(ec, RSA_PKCS1_PADDING) > 0 &&
		 EVP_PKEY_encrypt(ec, enc, &enc_len, plain, sizeof(plain)) > 0;
	EVP_PKEY_CTX_free(ec);
	if (!ok) {
		cw_result_set(r, CW_CODE_DECRYPT_FAILED);
		cw_result_note(r, "%s", cw_tr("憑證的金鑰無法加密 (不是 RSA？)", "the certificate's key cannot encrypt (not RSA?)"));
		finish(s, priv, pub);
		return;
	}
	EVP_PKEY_CTX *dc = EVP_PKEY_CTX_new(priv, NULL);
	ok = dc && EVP_PKEY_decrypt_init(dc) > 0 && EVP_PKEY_CTX_set_rsa_padding(dc, RSA_PKCS1_PADDING) > 0 &&
	     EVP_PKEY_decrypt(dc, dec, &dec_len, enc, enc_len) > 0;
	unsigned long ckr = ok ? 0 : cw_p11_last_ckr();
	EVP_PKEY_CTX_free(dc);
	if (ok && dec_len == sizeof(plain) && memcmp(dec, plain, sizeof(plain)) == 0) {
		cw_result_set(r, CW_CODE_OK);
		cw_result_note(r, "RSA PKCS#1 v1.5, %s %s", cw_tr("金鑰", "key"), s->cert_ids[s->enc_idx]);
	} else {
		cw_result_set(r, cw_p11_failure_code(s, ckr, CW_CODE_DECRYPT_FAILED));
		if (ckr)
			cw_result_add(r, "ckr", "0x%lX", ckr);
	}
	finish(s, priv, pub);
}

/* Sign on the card (SHA-256, PKCS#1 v1.5 or ECDSA) and verify with the certificate. */
void cw_probe_sign(struct cw_probe_session *s, struct cw_result *r)
{
	EVP_PKEY *priv, *pub;
	if (prepare(s, r, s->sign_idx, &priv, &pub) < 0)
		return;
	static const unsigned char data[] = "cardwiz signature test";
	unsigned char sig[1024];
	size_t sig_len = sizeof(sig);
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	int ok = mc && EVP_DigestSignInit(mc, NULL, EVP_sha256(), NULL, priv) > 0 &&
		 EVP_DigestSign(mc, sig, &sig_len, data, sizeof(data)) > 0;
	unsigned long ckr = ok ? 0 : cw_p11_last_ckr();
	EVP_MD_CTX_free(mc);
	if (!ok) {
		cw_result_set(r, cw_p11_failure_code(s, ckr, CW_CODE_SIGN_FAILED));
		if (ckr)
			cw_result_add(r, "ckr", "0x%lX", ckr);
		finish(s, priv, pub);
		return;
	}
	mc = EVP_MD_CTX_new();
	ok = mc && EVP_DigestVerifyInit(mc, NULL, EVP_sha256(), NULL, pub) > 0 &&
	     EVP_DigestVerify(mc, sig, sig_len, data, sizeof(data)) == 1;
	EVP_MD_CTX_free(mc);
	cw_result_set(r, ok ? CW_CODE_OK : CW_CODE_SIGN_FAILED);
	cw_result_note(r, "SHA-256, %s %s%s", cw_tr("金鑰", "key"), s->cert_ids[s->sign_idx], ok ? "" : cw_tr("：簽章驗證失敗", ": signature does not verify"));
	finish(s, priv, pub);
}
