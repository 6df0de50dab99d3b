/* p11_int.h — the PKCS#11 state the module, token and key-operation probes share (libp11). */
#ifndef CW_P11_INT_H
#define CW_P11_INT_H

#include <libp11.h>
#include <p11-kit/pkcs11.h>
#include <stddef.h>

#include "probe_int.h"

struct cw_p11 {
	PKCS11_CTX *ctx;
	void *dl;                   /* our own handle on the module: its function list, for token info */
	PKCS11_SLOT *slots;
	unsigned int nslots;
	PKCS11_SLOT *slot;          /* the card's token */
	unsigned long slot_id;
	int logged_in;
	int fresh;                  /* the slots were enumerated since the last PIN operation */
	/* DER copies of the certificates: libp11 frees its own on logout and release */
	unsigned char *der[CW_CERTS_MAX];
	size_t der_len[CW_CERTS_MAX];
	const struct cw_secret *ui_pin; /* what the UI method answers for a context-specific login */
	int hicos;                  /* a HiCOS token on a vendor-module card: its return codes are read */
	/* What HiCOS's return codes said after the last wrong PIN here (they only tighten the guard) */
	int vendor_final_try, vendor_locked;
	int vendor_tries;           /* the tries left it last said, -1 none */
};

/* Does that profile say the card needs its vendor's module (module: vendor)? */
int cw_probe_needs_vendor(const struct cw_probe_session *s);

/* The CK_RV behind the last failed libp11 call (0 when none); clears OpenSSL's error queue. */
unsigned long cw_p11_last_ckr(void);
/* Enumerate slots again and find the card's token (flags are read at enumeration). 0 or -1. */
int cw_p11_find_token(struct cw_probe_session *s);
/* After every PIN operation: log out and release the slots (libp11 keeps a copy of the PIN until then). */
void cw_p11_forget_pin(struct cw_probe_session *s);
/* Release slots (libp11 forgets its copy of the PIN then). */
void cw_p11_release_slots(struct cw_p11 *p);
/* After a failed card operation: the code that explains it (removed, service lost), else fallback. */
enum cw_code cw_p11_failure_code(struct cw_probe_session *s, unsigned long ckr, enum cw_code fallback);

/* The module's own function list (for calls whose raw CK_RV or live state matters), or NULL. */
CK_FUNCTION_LIST_PTR cw_p11_functions(struct cw_p11 *p);
/* The user PIN's and the PUK's counters read from the token now (C_GetTokenInfo); the PUK's is
 * known only when the unblock is an SO login (puk_via_so). 0, or -1 when the token is gone. */
int cw_p11_live_counters(struct cw_probe_session *s, int puk_via_so, struct cw_counter *pin, struct cw_counter *puk);
/* "unknown", "ok", "low", "final-try" or "locked" (the token check's "puk" detail). */
const char *cw_counter_word(const struct cw_counter *c);
/* Does this module unblock with an SO login (C_InitPIN), so that the SO flags count the PUK? */
int cw_p11_puk_via_so(struct cw_probe_session *s);
/* Would the module refuse a PUK unblock by its configuration (OpenSC's user_pin_unblock_style)? */
int cw_p11_unblock_refused(struct cw_probe_session *s);
/* Just before C_Login, C_SetPIN or C_InitPIN: the live counters against the policy (the request's,
 * made stricter by the card's own profile). CW_CODE_OK, or the refusal (details added to r). */
enum cw_code cw_p11_guard(struct cw_probe_session *s, enum cw_card_act act, struct cw_result *r);

/* After the card refused a PIN: read the counters again; a try that locked the card turns *code
 * into pin-locked at once, and the tries left are added to r. */
void cw_p11_after_refusal(struct cw_probe_session *s, enum cw_code *code, struct cw_result *r);

/* A PKCS#11 CKA_ID as lowercase hex (how certificates and keys are matched and shown). */
void cw_p11_hex_id(const unsigned char *id, size_t len, char *out, size_t size);
/* Write the token's certificates as PEM to a new file (export-ok / export-failed). */
void cw_p11_export_pem(struct cw_probe_session *s, const char *path, struct cw_result *r);

#endif
