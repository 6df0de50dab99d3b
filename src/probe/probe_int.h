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
/* The module to use (--module, else the vendor HiCOS module, else OpenSC); -1 when not usable. */
int cw_module_choose(struct cw_probe_session *s, struct cw_result *r);
/* The wizard file of the request (card profiles, signer), loaded once per helper; NULL when unusable. */
struct cw_wizard;
const struct cw_wizard *cw_probe_wizard(struct cw_probe_session *s);
/* Match the card to a wizard profile (moica, cht, generic): sets s->profile and PIN rules;
 * returns the profile's display name in the current language, or NULL. */
const char *cw_probe_profile(struct cw_probe_session *s, const struct cw_atr *atr);

#endif
