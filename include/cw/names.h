/* names.h — one macro for the functions that name an X-macro enum's values as the files spell them. */
#ifndef CW_NAMES_H
#define CW_NAMES_H

/* const char *fn(type v): LIST(X) rows X(ENUM, "name"); "?" for a value out of range. */
#define CW_NAME_ROW_(e, s) s,
#define CW_NAME_FN(fn, type, LIST, COUNT)                                  \
	const char *fn(type v)                                             \
	{                                                                  \
		static const char *const names[] = {LIST(CW_NAME_ROW_)};   \
		return (unsigned)v < (unsigned)(COUNT) ? names[v] : "?";   \
	}

#endif
