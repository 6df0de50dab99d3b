/* text.h — display-width helpers for laying out Chinese and English text in columns. */
#ifndef CW_TEXT_H
#define CW_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Columns a UTF-8 string takes on a terminal (wcwidth); invalid bytes count 1. */
int cw_text_width(const char *s);
/* Print s padded with spaces to exactly `cols` columns, cut (at a character) if wider. */
void cw_text_pad(FILE *out, const char *s, int cols);
/* Wrap s into lines of at most `cols` columns; calls emit for each line. */
void cw_text_wrap(const char *s, int cols, void (*emit)(const char *line, size_t len, void *arg), void *arg);

/* Copy src into dst (size bytes), cutting it at a character boundary; always terminated. */
void cw_copy(char *dst, size_t size, const char *src);

/* Copy the part of s that fits in cols columns into out (at a character boundary). */
void cw_text_clip(const char *s, int cols, char *out, size_t size);

/* Replace typographic characters (• — – → “ ” ‘ ’ … · ✓ ✗ ›) with ASCII ones, for --ascii and
 * terminals whose charset is not UTF-8; other text is copied as it is. */
void cw_text_asciify(const char *s, char *out, size_t size);

/* Hostile text (doc/DESIGN.md §11): everything that came from outside — certificate subjects,
 * token labels, reader names, ATR-list names, module messages, wizard-file text — passes through
 * cw_text_safe before any output. What it does, by mode:
 *   CW_SAFE_LINE   one line of a screen, a report or a log: C0 controls (newline and tab too)
 *                  become caret notation (ESC "^[", NUL "^@"), DEL "^?"; C1 controls (U+0080 to
 *                  U+009F, 0x9B = CSI among them) and bidi controls (U+061C, U+200E, U+200F,
 *                  U+202A to U+202E, U+2066 to U+2069) become "<U+202E>"; every byte that is not
 *                  part of well-formed UTF-8 (overlong forms, surrogates, beyond U+10FFFF, a lone
 *                  0x9B) becomes "\x9B". The replacements are ASCII, so --ascii needs nothing more,
 *                  and the result is safe again: cw_text_safe of it changes nothing.
 *   CW_SAFE_LINES  the same, but newlines are kept (a text of several lines to wrap).
 *   CW_SAFE_JSON   for a whole serialized JSON document (control characters can only sit inside
 *                  its strings): C0 other than newline, DEL, C1 and bidi controls become \uXXXX
 *                  escapes, so the data stays exact, and invalid bytes become U+FFFD, so the
 *                  document is always valid UTF-8.
 * Returns the length the whole result needs (as snprintf does); out is always terminated and never
 * ends in half a replacement or half a character. */
enum cw_safe_mode { CW_SAFE_LINE, CW_SAFE_LINES, CW_SAFE_JSON };
size_t cw_text_safe(const char *s, enum cw_safe_mode mode, char *out, size_t size);
/* The same, in a string from malloc (NULL without memory). */
char *cw_text_safe_dup(const char *s, enum cw_safe_mode mode);
/* Print s made safe to out. */
void cw_text_safe_print(FILE *out, const char *s, enum cw_safe_mode mode);

#endif
