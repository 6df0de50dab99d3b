/* certstore.h — the cert-import check: this person's card and certificates against those last seen. */
#ifndef CW_CERTSTORE_H
#define CW_CERTSTORE_H

#include "cw/codes.h"
#include "cw/result.h"

/*
 * Remember, per person (the certificate subject), the token serial and the two fingerprints
 * last seen, one small file per person under state_dir (NULL: $XDG_STATE_HOME/cardwiz when
 * that is an absolute path, else $HOME/.local/state/cardwiz; created 0700). The file is named
 * by the SHA-256 hex of the subject and holds "key=value" lines (subject, token_serial,
 * sign_sha256, enc_sha256, first_seen, last_seen), written atomically, 0600.
 *
 * First sighting → CW_CODE_OK, details first_visit=yes and (unless read-only) remembered=yes. The same serial and fingerprints →
 * CW_CODE_OK. Another serial or fingerprint → CW_CODE_NEW_CARD (warn), details
 * previous_serial / previous_sha256, a note saying what changed; the record stays on the old
 * card (the next run says new-card again) until the import is confirmed (the mode below). A NULL or empty serial or fingerprint is "not known" and
 * never counts as a change. A corrupt or unreadable record is a first sighting, rewritten.
 * When the record cannot be saved the answer stands and detail state="not saved: <reason>".
 * No subject (no certificate read) → CW_CODE_NOT_RUN, nothing stored.
 * Returns the code; fills r (initialised for CW_CHECK_CERT_IMPORT) when r != NULL.
 */
enum cw_code cw_certstore_check(const char *state_dir, const char *subject, const char *token_serial,
				const char *sign_sha256, const char *enc_sha256, long long now, struct cw_result *r);

/* What the check may write (the helper takes it from the request's flags). */
enum cw_certstore_mode {
	CW_CERTSTORE_REMEMBER,  /* first sightings and the same card are remembered; a new card is not */
	CW_CERTSTORE_IMPORTED,  /* the person confirmed the import (FAQ 4): a new card passes, detail
				 * imported=yes, and the record moves to it */
	CW_CERTSTORE_READ_ONLY, /* the kiosk: compare with what is there, write nothing (detail
				 * state="not saved: kiosk") */
};
/* cw_certstore_check in a mode (cw_certstore_check is CW_CERTSTORE_REMEMBER). */
enum cw_code cw_certstore_check_mode(enum cw_certstore_mode mode, const char *state_dir, const char *subject,
				     const char *token_serial, const char *sign_sha256, const char *enc_sha256,
				     long long now, struct cw_result *r);

#endif
