/* i18n.c — language choice, locale fallback and run-time switching (doc/FIELD-NOTES.md: gettext). */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/paths.h"

/* GNU gettext's documented way to drop its cache after LANGUAGE changes. */
extern int _nl_msg_cat_cntr;

static enum cw_lang current = CW_LANG_EN;

int cw_lang_parse(const char *name)
{
	static const struct { const char *name; enum cw_lang lang; } names[] = {
		{"zh_TW", CW_LANG_ZH_TW}, {"zh-TW", CW_LANG_ZH_TW}, {"zh", CW_LANG_ZH_TW},
		{"en", CW_LANG_EN},       {"en_US", CW_LANG_EN},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return (int)names[i].lang;
	return -1;
}

enum cw_lang cw_lang_from_env(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0 ? CW_LANG_ZH_TW : CW_LANG_EN;
	}
	return CW_LANG_EN;
}

const char *cw_lang_id(enum cw_lang lang) { return lang == CW_LANG_ZH_TW ? "zh_TW" : "en"; }
enum cw_lang cw_lang_current(void) { return current; }
void cw_i18n_set_quiet(enum cw_lang lang) { current = lang; }
const char *cw_tr(const char *zh_tw, const char *en) { return current == CW_LANG_ZH_TW ? zh_tw : en; }

static int locale_is_plain_c(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);
	return !l || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0;
}

void cw_i18n_init(enum cw_lang lang)
{
	/* A named locale that is not installed leaves "C", where gettext ignores
	 * LANGUAGE: C.UTF-8 keeps both translations and UTF-8 output working. */
	if (!setlocale(LC_ALL, ""))
		setlocale(LC_ALL, "C.UTF-8");
	bindtextdomain("cardwiz", cw_locale_dir());
	bind_textdomain_codeset("cardwiz", "UTF-8");
	textdomain("cardwiz");
	cw_i18n_switch(lang);
}

void cw_i18n_switch(enum cw_lang lang)
{
	current = lang;
	if (lang == CW_LANG_ZH_TW && locale_is_plain_c())
		setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", cw_lang_id(lang), 1);
	++_nl_msg_cat_cntr;
}

int cw_charset_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0;
}
