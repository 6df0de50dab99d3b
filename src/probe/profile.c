/* profile.c — the card's profile from the wizard file (moica, cht, generic) and the PIN rules it brings. */
#include <string.h>

#include "cw/text.h"
#include "cw/wizard.h"
#include "probe_int.h"

/* The helper loads the wizard file once (the UI process validated it at start). */
const struct cw_wizard *cw_probe_wizard(struct cw_probe_session *s)
{
	static struct cw_wizard *w;
	static char loaded[sizeof(s->wizard)];
	static int tried;
	if (tried && strcmp(loaded, s->wizard) == 0)
		return w;
	cw_wizard_free(w);
	w = NULL;
	cw_copy(loaded, sizeof(loaded), s->wizard);
	tried = 1;
	static struct cw_wizard_errors errs; /* big: kept off the stack */
	if (cw_wizard_load_file(cw_wizard_path(s->wizard[0] ? s->wizard : NULL), &w, &errs) < 0)
		w = NULL;
	return w;
}

const char *cw_probe_profile(struct cw_probe_session *s, const struct cw_atr *atr)
{
	cw_copy(s->profile, sizeof(s->profile), "generic");
	s->pin_min = s->pin_max = 0;
	s->pin_charset_set = 0;
	const struct cw_wizard *w = cw_probe_wizard(s);
	if (!w)
		return NULL;
	const unsigned char *hist = atr->nhist ? s->atr + atr->hist_off : NULL;
	const struct cw_profile *p = cw_wizard_profile_for_atr(w, s->atr, s->atr_len, hist, atr->nhist);
	if (!p)
		return NULL;
	cw_copy(s->profile, sizeof(s->profile), p->id);
	if (p->pin.set && !p->pin.from_token) {
		s->pin_min = p->pin.min;
		s->pin_max = p->pin.max;
		s->pin_charset = (int)p->pin.charset;
		s->pin_charset_set = 1;
	}
	/* The generic profile names nothing: the card is then named by its ATR or its applet. */
	if (p == cw_wizard_generic_profile(w))
		return NULL;
	return cw_ltext_get(&p->name, cw_lang_current());
}
