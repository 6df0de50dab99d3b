/* profile.c — the card's profile from the profiles each request brings (the helper reads no wizard file). */
#include <string.h>

#include "cw/text.h"
#include "probe_int.h"

const struct cw_card_profile *cw_probe_profile(struct cw_probe_session *s, const struct cw_atr *atr)
{
	cw_copy(s->profile, sizeof(s->profile), "generic");
	s->profile_from_token = 0;
	memset(&s->card_policy, 0, sizeof(s->card_policy));
	s->pin_min = s->pin_max = 0;
	const unsigned char *hist = atr->nhist ? s->atr + atr->hist_off : NULL;
	int i = cw_card_profile_match(s->profiles, s->nprofiles, s->atr, s->atr_len, hist, atr->nhist);
	if (i < 0)
		return NULL;
	const struct cw_card_profile *p = &s->profiles[i];
	cw_copy(s->profile, sizeof(s->profile), p->policy.profile);
	s->card_policy = p->policy;
	s->card_policy.confirmed_final = 0;
	if (p->policy.pin.set && !p->policy.pin.from_token) {
		s->pin_min = p->policy.pin.min;
		s->pin_max = p->policy.pin.max;
	}
	/* The generic profile names nothing: the card is then named by its ATR or its applet. */
	return p->generic ? NULL : p;
}

const struct cw_card_profile *cw_probe_card_profile(const struct cw_probe_session *s)
{
	for (int i = 0; s->profiles && s->profile[0] && i < s->nprofiles; i++)
		if (strcmp(s->profiles[i].policy.profile, s->profile) == 0)
			return &s->profiles[i];
	return NULL;
}

void cw_probe_policy(const struct cw_probe_session *s, struct cw_card_policy *out)
{
	/* The card seen here may be stricter than what the engine believed (another card inserted
	 * since, a stale screen): the stricter wins; the confirmation is the request's own. */
	cw_policy_stricter(&s->policy, &s->card_policy, out);
}

/* The token's maker says HiCOS while the ATR named no vendor-module card: a MOICA card of a batch no
 * profile lists, or a reader that alters TA1. The card is judged by what the helper sees, ATR and
 * token (doc/DESIGN.md §5): the strictest vendor-module profile is taken, its rules over the ATR's. */
void cw_probe_token_is_hicos(struct cw_probe_session *s)
{
	const struct cw_card_profile *now = cw_probe_card_profile(s), *strictest = NULL;
	if (now && now->module == CW_MODULE_VENDOR)
		return;
	for (int i = 0; s->profiles && i < s->nprofiles; i++)
		if (s->profiles[i].module == CW_MODULE_VENDOR &&
		    (!strictest || s->profiles[i].policy.unlock < strictest->policy.unlock))
			strictest = &s->profiles[i];
	if (!strictest)
		return;
	struct cw_card_policy vendor = strictest->policy;
	vendor.confirmed_final = 0;
	cw_policy_stricter(&s->card_policy, &vendor, &s->card_policy);
	cw_copy(s->profile, sizeof(s->profile), strictest->policy.profile);
	if (s->card_policy.pin.set && !s->card_policy.pin.from_token) {
		s->pin_min = s->card_policy.pin.min;
		s->pin_max = s->card_policy.pin.max;
	}
	s->profile_from_token = 1;
}
