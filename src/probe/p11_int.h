/* p11_int.h — the PKCS#11 state the module, token and key-operation probes share (libp11). */
#ifndef CW_P11_INT_H
#define CW_P11_INT_H

#include <libp11.h>
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
};

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

/* A PKCS#11 CKA_ID as lowercase hex (how certificates and keys are matched and shown). */
void cw_p11_hex_id(const unsigned char *id, size_t len, char *out, size_t size);
/* Write the token's certificates as PEM to a new file (export-ok / export-failed). */
void cw_p11_export_pem(struct cw_probe_session *s, const char *path, struct cw_result *r);

#endif
