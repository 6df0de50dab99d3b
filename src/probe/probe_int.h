/* probe_int.h — what the probe files share among themselves (not for the layers above). */
#ifndef CW_PROBE_INT_H
#define CW_PROBE_INT_H

#include "cw/atr.h"
#include "cw/probe.h"
#include "cw/usbreader.h"

void cw_pcsc_close(struct cw_probe_session *s);
/* The PC/SC context and the reader to use, found again if this helper has none yet. 0 or -1. */
int cw_pcsc_ensure_reader(struct cw_probe_session *s);
/* Which readers hold a card now and the profile each card matches (s->ncards, card_reader, ...). */
void cw_pcsc_scan_cards(struct cw_probe_session *s);
void cw_p11_close(struct cw_probe_session *s);
void cw_p11_forget_pin(struct cw_probe_session *s);
/* The module to use (--module, else the card profile's module_path, else by its module kind: the
 * HiCOS module's search or OpenSC); -1 when not usable, -2 when the card's vendor module is missing. */
int cw_module_choose(struct cw_probe_session *s, struct cw_result *r);
/* Match the card to the profiles the request brought (moica, cht, generic): sets s->profile and
 * s->card_policy; returns the profile's display name in the current language, or NULL. */
const struct cw_card_profile *cw_probe_profile(struct cw_probe_session *s, const struct cw_atr *atr);
/* The module shows no token for this card: which code says so (card.c). */
enum cw_code cw_probe_tokenless_code(const struct cw_probe_session *s);
/* The policy the helper enforces: the stricter of the request's and the card's own profile's. */
/* The profile (among the request's) of the card this helper saw, or NULL. */
const struct cw_card_profile *cw_probe_card_profile(const struct cw_probe_session *s);
void cw_probe_policy(const struct cw_probe_session *s, struct cw_card_policy *out);
/* A HiCOS token on a card whose ATR named no vendor-module card: take the strictest such profile. */
void cw_probe_token_is_hicos(struct cw_probe_session *s);
/* The card is held by another PC/SC client (SCARD_E_SHARING_VIOLATION): name the candidate processes
 * and the reader's state in r (holders.c). */
/* The folder standing for /sys: CARDWIZ_SYSFS (a test hook), else /sys. */
const char *cw_sysfs_root(void);
/* The USB devices under it (usb.c): how many (at most max), -1 when there is no USB in sysfs. */
int cw_usb_scan(struct cw_usb_device *out, int max);
/* Name the PC/SC clients that may hold the card (details, note); returns how many were found. */
int cw_holders_report(struct cw_probe_session *s, struct cw_result *r);

#endif
