/* profile.c — matching a card to a wizard profile (temporary: replaced when the wizard loader lands). */
#include "probe_int.h"
const char *cw_probe_profile(struct cw_probe_session *s, const struct cw_atr *atr)
{
	(void)atr;
	s->profile[0] = '\0';
	return NULL;
}
