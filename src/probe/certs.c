/* certs.c — the enc-cert, sign-cert and cert-import checks, from the certificates the token check read. */
#include <limits.h>
#include <string.h>
#include <time.h>

#include "cw/certstore.h"
#include "cw/i18n.h"
#include "cw/policy.h"
#include "cw/text.h"
#include "cw/x509.h"
#include "p11_int.h"

#define MOICA_URL "https://moica.nat.gov.tw/"
#define FRESH_DAYS 30 /* issue 13 E: "started within the last 30 days" */

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

/* A MOICA card (the profile whose unlock is MOICA's official routes: the card's own, else the
 * request's) renews through MOICA; any other card through its issuer. */
static int moica_card(const struct cw_probe_session *s)
{
	const struct cw_card_policy *p = s->card_policy.set ? &s->card_policy : s->policy.set ? &s->policy : NULL;
	return p && p->unlock == CW_UNLOCK_OFFICIAL;
}

/* Add to the note just set, in both languages (it is in the current one, its other one in note_alt). */
static void note_append(struct cw_result *r, const char *zh_tw, const char *en)
{
	char note[CW_NOTE_MAX], alt[CW_NOTE_MAX];
	int en_now = cw_lang_current() == CW_LANG_EN;
	cw_copy(note, sizeof(note), r->note);
	cw_copy(alt, sizeof(alt), r->note_alt[0] ? r->note_alt : r->note);
	cw_result_note_in(r, 1, "%s%s", alt, en_now ? zh_tw : en);
	cw_result_note_in(r, 0, "%s%s", note, en_now ? en : zh_tw);
}

/*
 * Who renews an expired or expiring certificate, after the dates in the note. For MOICA only
 * what MOICA itself published (doc/FIELD-NOTES.md, MOICA citizen cards): a card's
 * certificate lasts 5 years and can be renewed (展期) once, for 3 years (8 at most); after
 * that a new card. When renewal may be applied for is not confirmed: MOICA's page says.
 */
static void renewal_route(const struct cw_probe_session *s, struct cw_result *r)
{
	int moica = moica_card(s);
	cw_result_add(r, "renewal", "%s", moica ? "moica " MOICA_URL : "issuer");
	if (moica)
		note_append(r, "；自然人憑證可展期一次 3 年 (最長 8 年)，之後要換發新卡；可申請的期間請見 " MOICA_URL,
			    "; a MOICA certificate can be renewed (展期) once, for 3 years (8 at most), then a new card; when: see " MOICA_URL);
	else
		note_append(r, "；請向發卡單位辦理憑證更新或換發", "; the card's issuer renews or replaces it");
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
	long long now = (long long)time(NULL);
	cw_cert_fill_result_clock(idx >= 0 ? &s->certs[idx] : NULL, now, cw_cert_clock_suspect(s->certs, s->ncerts, now), r);
	if (idx >= 0)
		cw_result_add(r, "key_id", "%s", s->cert_ids[idx]);
	if (r->code == CW_CODE_CERT_EXPIRED || r->code == CW_CODE_CERT_EXPIRING)
		renewal_route(s, r);
}

void cw_probe_enc_cert(struct cw_probe_session *s, struct cw_result *r) { cert_check(s, r, s->enc_idx); }
void cw_probe_sign_cert(struct cw_probe_session *s, struct cw_result *r) { cert_check(s, r, s->sign_idx); }

/*
 * A person seen for the first time whose certificates began within the last 30 days: most often
 * a new card on its first visit, and the document system still holds the old card's certificate
 * (FAQ 4). A pass, not a warning: the verdict counts every warning as a problem, and a card
 * already imported must not fail its first report; the code carries the FAQ 4 advice instead.
 */
static int fresh_card(const struct cw_probe_session *s, long long now, struct cw_result *r)
{
	const int idx[] = {s->sign_idx, s->enc_idx};
	long long newest = LLONG_MIN;
	for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++)
		if (idx[i] >= 0 && cw_cert_started_within(&s->certs[idx[i]], now, FRESH_DAYS) &&
		    s->certs[idx[i]].not_before > newest)
			newest = s->certs[idx[i]].not_before;
	if (newest == LLONG_MIN)
		return 0;
	time_t t = (time_t)newest;
	struct tm tm;
	char from[16] = "?";
	if (gmtime_r(&t, &tm))
		strftime(from, sizeof(from), "%Y-%m-%d", &tm);
	cw_result_set(r, CW_CODE_NEW_CARD_FIRST_VISIT);
	cw_result_add(r, "certificates_from", "%s", from);
	cw_result_note(r, "%s%s%s", cw_tr("第一次看到這個人，憑證自 ", "first visit, certificates from "), from,
		       cw_tr("起：若是新卡，公文系統可能還留著舊卡的憑證，請重新匯入 (常見問題 4)",
			     ": a new card? The document system may still hold the old card's certificate: import this one (FAQ 4)"));
	return 1;
}

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
	if (code == CW_CODE_OK && cw_result_get(r, "first_visit") && fresh_card(s, (long long)time(NULL), r))
		return;
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
