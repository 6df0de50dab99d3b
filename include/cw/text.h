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

#endif
