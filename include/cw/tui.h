/* tui.h — the interactive wizard front end (ncurses). */
#ifndef CW_TUI_H
#define CW_TUI_H

#include "cw/options.h"

int cw_tui_main(const struct cw_options *o);
/* The kiosk station (--kiosk): a start screen, one visit per card; ends only on SIGTERM. */
int cw_kiosk_main(const struct cw_options *o);

#endif
