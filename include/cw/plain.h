/* plain.h — the line-mode front end (--plain): numbered questions, no curses. */
#ifndef CW_PLAIN_H
#define CW_PLAIN_H

#include "cw/options.h"

int cw_plain_main(const struct cw_options *o);

#endif
