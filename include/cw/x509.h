/* x509.h — certificate summaries for the enc-cert and sign-cert checks, and which certificate is which. */
#ifndef CW_X509_H
#define CW_X509_H

#include <stddef.h>

#include "cw/codes.h"
#include "cw/result.h"

/* Bit flags: BOTH is SIGN | ENC. */
enum cw_cert_use { CW_CERT_USE_UNKNOWN = 0, CW_CERT_USE_SIGN = 1, CW_CERT_USE_ENC = 2, CW_CERT_USE_BOTH = 3 };

struct cw_cert_summary {
	char subject[256];    /* one line, RFC 2253 order, UTF-8 (not \-escaped) */
	char subject_cn[128]; /* the last commonName, UTF-8; "" when none */
	char issuer[256];
	char serial[80];      /* hex, uppercase, two digits a byte as `openssl x509 -serial`; "-" prefix when negative */
	char sha256[100];     /* fingerprint of the DER, uppercase hex with colons */
	long long not_before, not_after; /* seconds since 1970 UTC; any year 0000-9999 */
	enum cw_cert_use use; /* from keyUsage; UNKNOWN without it */
};

/* Parse one DER certificate; 0, or -1 when it is not exactly one valid certificate. */
int cw_cert_summarize(const unsigned char *der, size_t len, struct cw_cert_summary *out);

/*
 * Validity at now: CW_CODE_CERT_NOT_YET_VALID (now < not_before), CW_CODE_CERT_EXPIRED
 * (now > not_after; the last second itself is still valid), CW_CODE_CERT_EXPIRING (at most
 * expiring_days days left), else CW_CODE_OK.
 */
enum cw_code cw_cert_validity(const struct cw_cert_summary *c, long long now, int expiring_days);

/*
 * Is this computer's clock the likely fault rather than the card (issue 13 E)? 1 when one of
 * the n certificates starts more than a day after now (a card is not issued in the future;
 * a day covers time zones and a card issued today), or when every one of them ended more than
 * a year before now (nobody keeps using a card that long expired; a clock set years ahead
 * does that). 0 for n <= 0.
 */
int cw_cert_clock_suspect(const struct cw_cert_summary *certs, int n, long long now);

/* Did the certificate start within the last days days (not_before in [now - days, now])? 1 or 0. */
int cw_cert_started_within(const struct cw_cert_summary *c, long long now, int days);

/* Whole days left until not_after, rounded down (negative once expired). */
long long cw_cert_days_left(const struct cw_cert_summary *c, long long now);

/*
 * Fill an enc-cert / sign-cert result (already initialised with its check): the code from
 * cw_cert_validity(…, 30); details subject, issuer, serial, sha256, not_before, not_after
 * (ISO-8601 UTC), days_left; note "YYYY-MM-DD – YYYY-MM-DD", plus ", N days left" when
 * expiring. cert == NULL → CW_CODE_CERT_MISSING.
 */
void cw_cert_fill_result(const struct cw_cert_summary *cert, long long now, struct cw_result *r);
/*
 * The same, where clock_suspect (cw_cert_clock_suspect over the card's certificates) turns a
 * certificate that is not yet valid or expired into CW_CODE_CLOCK_SUSPECT: details as above
 * plus clock (the computer's date and time, ISO-8601 UTC); note "this computer's date
 * YYYY-MM-DD; certificate YYYY-MM-DD – YYYY-MM-DD". A valid certificate keeps its own code.
 */
void cw_cert_fill_result_clock(const struct cw_cert_summary *cert, long long now, int clock_suspect,
			       struct cw_result *r);

/*
 * Pick the signature and the encryption certificate among n: by key usage first; the key id
 * (ids[i], hex of CKA_ID, may be NULL or hold NULLs: PIV 02 / 03, MOICA "SIGN" / "KEYX")
 * breaks ties and gives certificates without keyUsage a role. A BOTH certificate, or one
 * without keyUsage, serves when nothing better exists; a certificate whose keyUsage names
 * only the other role never does. *sign_idx / *enc_idx: an index, or -1.
 */
void cw_cert_pick(const struct cw_cert_summary *certs, const char *const *ids, int n, int *sign_idx, int *enc_idx);

#endif
