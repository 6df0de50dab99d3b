/* charset.c — a profile's PIN character rule: its name, and whether a typed secret fits it (checked before any is sent). */
#include <string.h>

#include "cw/charset.h"
#include "cw/names.h"

CW_NAME_FN(cw_charset_id, enum cw_charset, CW_CHARSETS, CW_CHARSET_COUNT)

int cw_charset_fits(enum cw_charset c, const char *s, size_t len)
{
	static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		int ok = c == CW_CHARSET_ANY || (c == CW_CHARSET_PRINT && ch >= 0x20 && ch < 0x7f) ||
			 (c == CW_CHARSET_DIGITS && ch >= '0' && ch <= '9') ||
			 (c == CW_CHARSET_ALNUM && ch && memchr(alnum, ch, sizeof(alnum) - 1));
		if (!ok)
			return 0;
	}
	return 1;
}
