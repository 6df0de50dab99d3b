/* checkwiz.c — the --check-wizard front end: load and validate a wizard file, print every error, exit 0 or 2. */
#include <stdio.h>
#include <stdlib.h>

#include "cw/i18n.h"
#include "cw/options.h"
#include "cw/wizard.h"

int cw_checkwiz_main(const struct cw_options *o)
{
	const char *path = o->check_wizard_file;
	struct cw_wizard_errors *errs = malloc(sizeof(*errs));
	if (!errs) {
		fprintf(stderr, "cardwiz: %s\n", _("out of memory"));
		return 2;
	}
	struct cw_wizard *w;
	if (cw_wizard_load_file(path, &w, errs) < 0) {
		/* The compilers' form, so editors can jump to each place. */
		for (int i = 0; i < errs->n; i++)
			fprintf(stderr, "%s:%d:%d: %s\n", path, errs->e[i].line, errs->e[i].col, errs->e[i].msg);
		if (errs->dropped) {
			fprintf(stderr, "%s: ", path);
			fprintf(stderr, _("%d more errors not shown"), errs->dropped);
			fputc('\n', stderr);
		}
		free(errs);
		return 2;
	}
	printf(_("%s: %d nodes, %d profiles: OK"), path, w->nnodes, w->nprofiles);
	putchar('\n');
	cw_wizard_free(w);
	free(errs);
	return 0;
}
