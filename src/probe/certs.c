/* certs.c — the enc-cert, sign-cert and cert-import checks, from the certificates the token check read. */
#include <string.h>
#include <time.h>

#include "cw/certstore.h"
#include "cw/i18n.h"
#include "cw/x509.h"
#include "p11_int.h"

/* A damaged certificate under the id a card gives this use (PIV 9C = 02 / 9D = 03, HiCOS SIGN / KEYX). */
static const char *damaged(const struct cw_probe_session *s, int sign)
{
	static const char *const ids[2][2] = {{"03", "4b455958"}, {"02", "5349474e"}};
	for (int i = 0; i < s->nbad; i++)
		for (int k = 0; k < 2; k++)
			if (strcmp(s->bad_ids[i], ids[sign][k]) == 0)
				return s->bad_ids[i];
	return NULL;
}

static void cert_check(struct cw_probe_session *s, struct cw_result *r, int idx)
{
	if (!s->p11) {
		cw_result_set(r, CW_CODE_NOT_RUN);
		return;
	}
	const char *bad = damaged(s, r->check == CW_CHECK_SIGN_CERT);
	if (bad || (idx < 0 && s->nbad)) {
		cw_result_set(r, CW_CODE_CERT_INVALID);
		cw_result_add(r, "key_id", "%s", bad ? bad : s->bad_ids[0]);
		cw_result_note(r, "%s %s", cw_tr("無法解讀的憑證，金鑰", "unreadable certificate, key"), bad ? bad : s->bad_ids[0]);
		return;
	}
	cw_cert_fill_result(idx >= 0 ? &s->certs[idx] : NULL, (long long)time(NULL), r);
	if (idx >= 0)
		cw_result_add(r, "key_id", "%s", s->cert_ids[idx]);
}

void cw_probe_enc_cert(struct cw_probe_session *s, struct cw_result *r) { cert_check(s, r, s->enc_idx); }
void cw_probe_sign_cert(struct cw_probe_session *s, struct cw_result *r) { cert_check(s, r, s->sign_idx); }

void cw_probe_cert_import(struct cw_probe_session *s, struct cw_result *r)
{
	int person = s->sign_idx >= 0 ? s->sign_idx : s->enc_idx;
	if (!s->p11 || person < 0) {
		cw_result_set(r, CW_CODE_NOT_RUN);
		return;
	}
	enum cw_code code = cw_certstore_check_mode(s->cert_memory, NULL, s->certs[person].subject, s->token_serial,
					       s->sign_idx >= 0 ? s->certs[s->sign_idx].sha256 : "",
					       s->enc_idx >= 0 ? s->certs[s->enc_idx].sha256 : "", (long long)time(NULL), r);
	if (code == CW_CODE_OK && !r->note[0])
		cw_result_note(r, "%s", cw_result_get(r, "remembered")
						? cw_tr("第一次看到這張卡，已記住", "first time seen: remembered")
						: cw_tr("與上次看到的相同", "same as last seen"));
}

/* Export every certificate of the token as PEM to a new file (never over an existing one). */
void cw_op_export(struct cw_probe_session *s, const char *path, struct cw_result *r)
{
	cw_p11_export_pem(s, path, r);
}
