/* checkwiz.c — the --check-wizard front end: load and validate a wizard file, print every error, exit 0 or 2. */
#include <stdio.h>

#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/options.h"

int cw_checkwiz_main(const struct cw_options *o)
{
	const char *path = o->check_wizard_file;
	struct cw_wizard *w = cw_frontend_load_wizard(path);
	if (!w)
		return 2;
	printf(_("%s: %d nodes, %d profiles: OK"), path, w->nnodes, w->nprofiles);
	putchar('\n');
	cw_wizard_free(w);
	return 0;
}
