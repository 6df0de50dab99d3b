/* frontend.h — what every front end does the same way at its start: load the wizard file, or say why not. */
#ifndef CW_FRONTEND_H
#define CW_FRONTEND_H

#include "cw/wizard.h"

/* Load path; on failure print every error as FILE:LINE:COL: message to stderr and return NULL. */
struct cw_wizard *cw_frontend_load_wizard(const char *path);

#endif
