/* policy.c — what may be sent to a card now: one decision for the engine (to shape forms) and the helper (to refuse at the card). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "cw/names.h"
#include "cw/atr.h"
#include "cw/policy.h"

int cw_counter_needs_confirm(const struct cw_counter *c)
{
	/* "Immediately before" is not atomic and a counter the token does not expose may be at its
	 * last try: both mean asking first (doc/DESIGN.md, the PIN guard). */
	return !c || !c->known || c->final_try || c->tries_left == 1 || c->vendor_final_try || c->vendor_locked;
}

/* A vendor's code only adds a lock: it is never needed to be known, and never lifts one. */
static int locked(const struct cw_counter *c)
{
	return c && ((c->known && (c->locked || c->tries_left == 0)) || c->vendor_locked);
}

enum cw_code cw_policy_decide(const struct cw_card_policy *p, enum cw_card_act act, const struct cw_counter *pin,
			      const struct cw_counter *puk)
{
	if (!p || !p->set || (unsigned)act >= CW_ACT_COUNT)
		return CW_CODE_REFUSED_BY_PROFILE; /* fail closed: no policy, nothing is sent */
	/* MOICA warns that a PIN changed or unblocked by software it does not provide can lock the
	 * card for good; issuer cards are the issuer's: neither is changed nor unblocked here. */
	if ((act == CW_ACT_CHANGE || act == CW_ACT_UNBLOCK) && p->unlock != CW_UNLOCK_PKCS11)
		return CW_CODE_REFUSED_BY_PROFILE;
	if (act == CW_ACT_UNBLOCK) {
		if (locked(puk))
			return CW_CODE_PUK_LOCKED;
		return cw_counter_needs_confirm(puk) && !p->confirmed_final ? CW_CODE_REFUSED_FINAL_TRY : CW_CODE_OK;
	}
	if (locked(pin))
		return CW_CODE_PIN_LOCKED;
	return cw_counter_needs_confirm(pin) && !p->confirmed_final ? CW_CODE_REFUSED_FINAL_TRY : CW_CODE_OK;
}

/* The narrower of two rules: a rule given beats none; lengths intersect; the smaller charset wins. */
static void stricter_rule(const struct cw_secret_rule *a, const struct cw_secret_rule *b, struct cw_secret_rule *out)
{
	if (!a->set || !b->set) {
		*out = a->set ? *a : *b;
		return;
	}
	*out = *a;
	out->from_token = a->from_token && b->from_token;
	if (b->min > out->min)
		out->min = b->min;
	if (b->max && (!out->max || b->max < out->max))
		out->max = b->max;
	if (b->charset < out->charset) /* the enum runs from the strictest (digits) to any */
		out->charset = b->charset;
	out->case_sensitive = a->case_sensitive || b->case_sensitive;
}

int cw_policy_pin_folds_case(const struct cw_card_policy *p) { return p->pin.set && !p->pin.case_sensitive; }

void cw_policy_stricter(const struct cw_card_policy *a, const struct cw_card_policy *b, struct cw_card_policy *out)
{
	struct cw_card_policy r;
	if (!a->set || !b->set) {
		r = a->set ? *a : *b;
		r.confirmed_final = a->set && a->confirmed_final;
		*out = r;
		return;
	}
	r = *a;
	if (b->unlock < r.unlock) {
		r.unlock = b->unlock;
		memcpy(r.profile, b->profile, sizeof(r.profile));
	}
	stricter_rule(&a->pin, &b->pin, &r.pin);
	stricter_rule(&a->puk, &b->puk, &r.puk);
	r.confirmed_final = a->confirmed_final;
	*out = r;
}

void cw_policy_of(const char *profile, enum cw_unlock unlock, const struct cw_secret_rule *pin,
		  const struct cw_secret_rule *puk, struct cw_card_policy *out)
{
	memset(out, 0, sizeof(*out));
	out->set = 1;
	strncpy(out->profile, profile ? profile : "", sizeof(out->profile) - 1);
	out->unlock = unlock;
	if (pin)
		out->pin = *pin;
	if (puk)
		out->puk = *puk;
}

CW_NAME_FN(cw_unlock_id, enum cw_unlock, CW_UNLOCKS, CW_UNLOCK_COUNT)
CW_NAME_FN(cw_card_act_id, enum cw_card_act, CW_CARD_ACTS, CW_ACT_COUNT)

int cw_token_is_hicos(const char *manufacturer, size_t len)
{
	static const char hicos[] = "Chunghwa Telecom Co., Ltd.";
	while (len && (manufacturer[len - 1] == ' ' || manufacturer[len - 1] == '\0'))
		len--;
	while (len && isspace((unsigned char)*manufacturer))
		manufacturer++, len--;
	return len == sizeof(hicos) - 1 && strncasecmp(manufacturer, hicos, len) == 0;
}

int cw_hicos_login_rv(unsigned long rv, enum cw_code *code, int *tries_left)
{
	/* The signing bridge's error table (doc/FIELD-NOTES.md, MOICA citizen cards). 0xA0 is also
	 * PKCS#11's CKR_PIN_INCORRECT: a wrong PIN with the count not said. */
	static const struct { unsigned long rv; enum cw_code code; int left; } codes[] = {
		{0x80000002UL, CW_CODE_PIN_INCORRECT, 2}, {0x80000001UL, CW_CODE_PIN_INCORRECT, 1},
		{0xA0UL, CW_CODE_PIN_INCORRECT, -1},       {0xA2UL, CW_CODE_PIN_NOT_ALLOWED, -1},
		{0xA4UL, CW_CODE_PIN_LOCKED, 0},
	};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i].rv == rv) {
			*code = codes[i].code;
			*tries_left = codes[i].left;
			return 1;
		}
	return 0;
}

int cw_card_profile_match(const struct cw_card_profile *v, int n, const unsigned char *atr, size_t len,
			  const unsigned char *hist, size_t nhist)
{
	for (int i = 0; atr && i < n; i++)
		for (int a = 0; a < v[i].natr; a++)
			if (v[i].atr_len[a] == len && memcmp(v[i].atr[a], atr, len) == 0)
				return i;
	struct cw_atr parsed;
	if (!hist && atr && len) {
		cw_atr_parse(atr, len, &parsed);
		hist = parsed.raw + parsed.hist_off;
		nhist = parsed.nhist;
	}
	for (int i = 0; hist && i < n; i++)
		if (v[i].historical[0] && memmem(hist, nhist, v[i].historical, strlen(v[i].historical)))
			return i;
	for (int i = 0; i < n; i++)
		if (v[i].generic)
			return i;
	return -1;
}
