/* engine_guard.c — the PIN guard: never send a PIN to a locked card, a PIN the card cannot take, or one that already failed. */
#include <stdlib.h>
#include <string.h>

#include "cw/engine.h"

const char *cw_guard_id(enum cw_guard g)
{
	static const char *const names[] = {
#define CW_GUARD_NAME(e, s) s,
		CW_GUARDS(CW_GUARD_NAME)
#undef CW_GUARD_NAME
	};
	return (unsigned)g < CW_GUARD_COUNT ? names[g] : "?";
}

/* What each code says about the PIN state. */
static const struct {
	enum cw_code code;
	int locked, final_try, count_low, tries_left;
} pin_facts[] = {
	{CW_CODE_PIN_LOCKED, 1, 0, 0, 0},
	{CW_CODE_PIN_FINAL_TRY, 0, 1, 1, 1},
	{CW_CODE_PIN_COUNT_LOW, 0, 0, 1, -1},
	{CW_CODE_PIN_INCORRECT, 0, 0, 1, -1},
};

static int detail_int(const struct cw_result *r, const char *key, int *out)
{
	const char *v = cw_result_get(r, key);
	char *end;
	long n = v && *v ? strtol(v, &end, 10) : -1;
	if (!v || !*v || *end || n < 0 || n > 1000)
		return 0;
	*out = (int)n;
	return 1;
}

/* Lay one result's facts over t (the engine lays a later pin result over the token's). */
static void overlay(const struct cw_result *r, struct cw_token_state *t)
{
	for (size_t i = 0; i < sizeof(pin_facts) / sizeof(pin_facts[0]); i++)
		if (pin_facts[i].code == r->code) {
			t->locked |= pin_facts[i].locked;
			t->final_try |= pin_facts[i].final_try;
			t->count_low |= pin_facts[i].count_low;
			if (pin_facts[i].tries_left >= 0)
				t->tries_left = pin_facts[i].tries_left;
		}
	detail_int(r, "tries_left", &t->tries_left);
	detail_int(r, "pin_min", &t->min_len);
	detail_int(r, "pin_max", &t->max_len);
	if (t->tries_left == 0)
		t->locked = 1;
	/* The PUK's counter as the token check read it: "unknown" where the module does not show it. */
	static const struct { const char *word; struct cw_counter c; } puk_words[] = {
		{"unknown", {0, 0, 0, 0, -1, 0, 0}}, {"ok", {1, 0, 0, 0, -1, 0, 0}}, {"low", {1, 0, 0, 1, -1, 0, 0}},
		{"final-try", {1, 0, 1, 1, 1, 0, 0}}, {"locked", {1, 1, 0, 0, 0, 0, 0}},
	};
	/* The PIN's counter where the module may not show it (a HiCOS token: issue 13): ask first. */
	const char *pin = cw_result_get(r, "pin_counter");
	if (pin)
		t->pin_unknown = strcmp(pin, "unknown") == 0;
	const char *unblock = cw_result_get(r, "unblock");
	if (unblock && strcmp(unblock, "refused-by-module") == 0)
		t->unblock_refused = 1;
	const char *puk = cw_result_get(r, "puk");
	for (size_t i = 0; puk && i < sizeof(puk_words) / sizeof(puk_words[0]); i++)
		if (strcmp(puk, puk_words[i].word) == 0)
			t->puk = puk_words[i].c;
}

void cw_token_state_from_result(const struct cw_result *r, struct cw_token_state *t)
{
	*t = (struct cw_token_state){.tries_left = -1, .puk = {.tries_left = -1}};
	if (r)
		overlay(r, t);
}

void cw_token_state_overlay(const struct cw_result *r, struct cw_token_state *t) { overlay(r, t); }

int cw_token_state_told(const struct cw_result *r)
{
	for (size_t i = 0; i < sizeof(pin_facts) / sizeof(pin_facts[0]); i++)
		if (pin_facts[i].code == r->code)
			return 1;
	/* The helper's refusal of a last try came from the counters it read off the card just then. */
	return r->status == CW_STATUS_PASS || r->code == CW_CODE_REFUSED_FINAL_TRY;
}

/* Lengths: the profile's, or the token's where the profile takes them from there (or gives none). */
static void limits(const struct cw_secret_rule *rule, const struct cw_token_state *t, size_t *min, size_t *max)
{
	*min = 1;
	*max = 255;
	if (rule->set && rule->min)
		*min = (size_t)rule->min;
	if (rule->set && rule->max)
		*max = (size_t)rule->max;
	if (t && (!rule->set || rule->from_token)) {
		if (t->min_len > 0)
			*min = (size_t)t->min_len;
		if (t->max_len > 0 && t->max_len < 256)
			*max = (size_t)t->max_len;
	}
}

/* Counters as the engine last saw them (the helper reads them again just before the act). PKCS#11
 * defines the user PIN's flags, so that counter is known; the PUK's only where the token says. */
static void counters(const struct cw_token_state *t, struct cw_counter *pin, struct cw_counter *puk)
{
	*pin = (struct cw_counter){.known = 1, .tries_left = -1};
	*puk = (struct cw_counter){.known = 0, .tries_left = -1};
	if (!t)
		return;
	pin->locked = t->locked;
	pin->final_try = t->final_try;
	pin->count_low = t->count_low;
	pin->tries_left = t->tries_left;
	pin->known = !t->pin_unknown;
	*puk = t->puk;
}

/* The confirmation says what is true: the last try, or a count the card does not show. */
static enum cw_guard from_code(enum cw_code code, enum cw_card_act act, const struct cw_counter *pin)
{
	switch (code) {
	case CW_CODE_OK: return CW_GUARD_OK;
	case CW_CODE_PIN_LOCKED: return CW_GUARD_LOCKED;
	case CW_CODE_PUK_LOCKED: return CW_GUARD_PUK_LOCKED;
	case CW_CODE_REFUSED_FINAL_TRY:
		if (act == CW_ACT_UNBLOCK)
			return CW_GUARD_CONFIRM_PUK;
		return pin->final_try || pin->tries_left == 1 ? CW_GUARD_CONFIRM_FINAL : CW_GUARD_CONFIRM_UNKNOWN;
	default: return CW_GUARD_REFUSED_PROFILE;
	}
}

int cw_guard_asks(enum cw_guard g)
{
	return g == CW_GUARD_CONFIRM_FINAL || g == CW_GUARD_CONFIRM_UNKNOWN || g == CW_GUARD_CONFIRM_PUK;
}

enum cw_guard cw_guard_act(const struct cw_profile *p, enum cw_card_act act, const struct cw_token_state *t,
			   const struct cw_pin_memory *m, const char *secret, size_t len, int confirmed)
{
	static const struct cw_secret_rule none = {0};
	struct cw_card_policy policy;
	struct cw_counter pin, puk;
	if (p)
		cw_profile_policy(p, &policy);
	else
		cw_policy_of("", CW_UNLOCK_PKCS11, NULL, NULL, &policy); /* no profile: no rule of its own */
	counters(t, &pin, &puk);
	/* What the card and the profile allow comes first (nothing is asked of a locked card), the
	 * confirmation last (it is asked only for a secret that could be sent). */
	policy.confirmed_final = 1;
	enum cw_guard g = from_code(cw_policy_decide(&policy, act, &pin, &puk), act, &pin);
	if (g != CW_GUARD_OK)
		return g;
	/* The module would refuse the unblock without a word to the card: say so before a PUK is typed. */
	if (act == CW_ACT_UNBLOCK && t && t->unblock_refused)
		return CW_GUARD_REFUSED_MODULE;
	if (secret) {
		const struct cw_secret_rule *rule = p ? (act == CW_ACT_UNBLOCK ? &p->puk : &p->pin) : &none;
		size_t min, max;
		limits(rule, act == CW_ACT_UNBLOCK ? NULL : t, &min, &max);
		if (len < min || len > max)
			return CW_GUARD_BAD_LENGTH;
		if (!cw_charset_fits(rule->set ? rule->charset : CW_CHARSET_ANY, secret, len))
			return CW_GUARD_BAD_CHARS;
		if (act != CW_ACT_UNBLOCK && cw_pin_memory_has(m, secret, len, cw_policy_pin_folds_case(&policy)))
			return CW_GUARD_ALREADY_FAILED;
	}
	policy.confirmed_final = confirmed;
	return from_code(cw_policy_decide(&policy, act, &pin, &puk), act, &pin);
}

enum cw_guard cw_pin_guard(const struct cw_profile *p, const struct cw_token_state *t, const struct cw_pin_memory *m,
			   const char *pin, size_t len, int confirmed_final)
{
	return cw_guard_act(p, CW_ACT_VERIFY, t, m, pin, len, confirmed_final);
}
