/* probe_int.h — what the probe files share among themselves (not for the layers above). */
#ifndef CW_PROBE_INT_H
#define CW_PROBE_INT_H

#include "cw/atr.h"
#include "cw/probe.h"

void cw_pcsc_close(struct cw_probe_session *s);
/* The PC/SC context and the reader to use, found again if this helper has none yet. 0 or -1. */
int cw_pcsc_ensure_reader(struct cw_probe_session *s);
void cw_p11_close(struct cw_probe_session *s);
void cw_p11_forget_pin(struct cw_probe_session *s);
/* The module to use (--module, else the card profile's module_path, else by its module kind: the
 * HiCOS module's search or OpenSC); -1 when not usable, -2 when the card's vendor module is missing. */
int cw_module_choose(struct cw_probe_session *s, struct cw_result *r);
/* Match the card to the profiles the request brought (moica, cht, generic): sets s->profile and
 * s->card_policy; returns the profile's display name in the current language, or NULL. */
const char *cw_probe_profile(struct cw_probe_session *s, const struct cw_atr *atr);
/* The policy the helper enforces: the stricter of the request's and the card's own profile's. */
void cw_probe_policy(const struct cw_probe_session *s, struct cw_card_policy *out);

#endif
