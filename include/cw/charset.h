/* charset.h — the characters a PIN or user code may hold (a profile's rule), and the test of a typed one. */
#ifndef CW_CHARSET_H
#define CW_CHARSET_H

#include <stddef.h>

#define CW_CHARSETS(X) X(DIGITS, "digits") X(ALNUM, "alnum") X(PRINT, "print") X(ANY, "any")
enum cw_charset {
#define CW_CHARSET_ENUM(e, s) CW_CHARSET_##e,
	CW_CHARSETS(CW_CHARSET_ENUM)
#undef CW_CHARSET_ENUM
	CW_CHARSET_COUNT
};

/* The name the wizard file spells ("digits", "alnum", ...), "?" when out of range. */
const char *cw_charset_id(enum cw_charset c);
/* Does every byte of s fit the charset? */
int cw_charset_fits(enum cw_charset c, const char *s, size_t len);

#endif
