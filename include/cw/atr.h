/* atr.h — the card's Answer To Reset: parse it (ISO/IEC 7816-3), hex text, and naming it from smartcard_list.txt. */
#ifndef CW_ATR_H
#define CW_ATR_H

#include <stddef.h>

#define CW_ATR_MAX 33                 /* TS and at most 32 more bytes (ISO/IEC 7816-3) */
#define CW_ATR_HEX_MAX (CW_ATR_MAX * 3) /* "3B 8B ..." with its terminating NUL */

struct cw_atr {
	unsigned char raw[CW_ATR_MAX];
	size_t len;                 /* bytes in raw (an over-long ATR keeps its first CW_ATR_MAX) */
	unsigned char ts, t0;
	int protocols;              /* bit n set = T=n offered (T=0 when no TD says otherwise); T=15 is not a protocol */
	size_t hist_off, nhist;     /* historical bytes: raw[hist_off .. hist_off+nhist), always within len */
	int tck_present;            /* TCK is present when any TDi names a T other than 0 */
	int tck_ok;                 /* 1 when TCK is right, or absent because only T=0 is offered */
	int valid;                  /* parsed per ISO 7816-3 without error */
	char error[96];             /* why not valid, in English, e.g. "truncated: 3 interface bytes missing" */
};

/* Parse an ATR per ISO/IEC 7816-3: TS (3B direct / 3F inverse), T0, the TAi/TBi/TCi/TDi chain, historical
 * bytes, TCK (XOR of T0..TCK = 0). Never reads past len; returns 0 when valid, -1 when not (out->error says
 * why; the fields parsed so far are still filled). */
int cw_atr_parse(const unsigned char *atr, size_t len, struct cw_atr *out);
/* "3B 8B 80 01", "3b8b8001" or "3B:8B:80:01" → bytes; returns the length, or -1 on a non-hex character, an
 * odd number of digits in a group, or more than size bytes. */
int cw_atr_from_hex(const char *hex, unsigned char *buf, size_t size);
/* bytes → "3B 8B 80 01" (uppercase, single spaces); always terminated, cut between bytes when out is short. */
void cw_atr_to_hex(const unsigned char *atr, size_t len, char *out, size_t size);
/* Do the historical bytes contain this ASCII text (e.g. "CHT", "MOICA")? 0 for NULL or "". */
int cw_atr_hist_contains(const struct cw_atr *a, const char *text);

/*
 * pcsc-tools' smartcard_list.txt: an ATR line (a regular expression over "3B 8B ..." text), then tab-indented
 * description lines; a blank line ends the entry; "#" lines are comments. Supported: hex digits, spaces,
 * "." (any character: ".." is any byte), "[...]" classes with ranges and "^", and "*" after any of these.
 * Returns 1 with the description lines joined by "; " (cut to size), 0 when not found (or atr_hex is not
 * hex), -1 when the file cannot be read. An exact entry wins over a wildcard one, else the first wildcard
 * match. Malformed entries (bad characters, unsupported regex syntax, over-long ATR lines) are skipped;
 * over-long description lines are cut.
 */
int cw_smartcard_list_lookup_file(const char *path, const char *atr_hex, char *desc, size_t size);
/* The places pcsc-tools looks, in its order: $XDG_CACHE_HOME/smartcard_list.txt (when set, else
 * ~/.cache/smartcard_list.txt), ~/.smartcard_list.txt, /usr/share/pcsc/smartcard_list.txt. The first file
 * that has the ATR wins. Returns 1 when found, 0 when no file has it, -1 when none can be read; path_out
 * (may be NULL) gets the file used ("" when none). */
int cw_smartcard_list_lookup(const char *atr_hex, char *desc, size_t size, char *path_out, size_t path_size);
/* Does one ATR line of the list match atr_text (in cw_atr_to_hex form)? 1 yes, 0 no, -1 malformed pattern. */
int cw_smartcard_list_match(const char *pattern, const char *atr_text);

#endif
