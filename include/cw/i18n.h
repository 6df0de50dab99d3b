/* i18n.h — the two languages: choosing one, switching at run time, gettext for program strings. */
#ifndef CW_I18N_H
#define CW_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum cw_lang { CW_LANG_EN, CW_LANG_ZH_TW };

/* The language named by --lang, or -1 when the name is not one cardwiz has. */
int cw_lang_parse(const char *name);
/* The language of the environment: the language part of LC_ALL / LC_MESSAGES / LANG. */
enum cw_lang cw_lang_from_env(void);
/* Set up the locale and gettext; falls back to C.UTF-8 when the named locale is missing. */
void cw_i18n_init(enum cw_lang lang);
/* Switch language at run time (wizard texts and program strings together). */
void cw_i18n_switch(enum cw_lang lang);
enum cw_lang cw_lang_current(void);
/* Which language cw_tr() picks, without touching gettext (to word one text in both languages). */
void cw_i18n_set_quiet(enum cw_lang lang);
const char *cw_lang_id(enum cw_lang lang); /* "zh_TW" or "en" */
/* Pick the text of the current language. */
const char *cw_tr(const char *zh_tw, const char *en);
/* Is the output charset UTF-8 (else marks and lines fall back to ASCII)? */
int cw_charset_is_utf8(void);

#endif
