/* frontend.c — loading the wizard file for a front end, with every error in the compilers' FILE:LINE:COL form. */
#include <stdio.h>
#include <stdlib.h>

#include "cw/checker.h"
#include "cw/engine.h"
#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/text.h"

struct cw_wizard *cw_frontend_load_wizard(const char *path)
{
	struct cw_wizard_errors *errs = malloc(sizeof(*errs));
	struct cw_wizard *w = NULL;
	if (!errs) {
		fprintf(stderr, "cardwiz: %s\n", _("out of memory"));
		return NULL;
	}
	if (cw_wizard_load_file(path, &w, errs) < 0) {
		/* The compilers' form, so editors can jump to each place. */
		char where[1024], msg[2048]; /* the message quotes the file: safe first (doc/DESIGN.md §11) */
		cw_text_safe(path, CW_SAFE_LINE, where, sizeof(where));
		for (int i = 0; i < errs->n; i++) {
			cw_text_safe(errs->e[i].msg, CW_SAFE_LINE, msg, sizeof(msg));
			fprintf(stderr, "%s:%d:%d: %s\n", where, errs->e[i].line, errs->e[i].col, msg);
		}
		if (errs->dropped) {
			fprintf(stderr, "%s: ", where);
			fprintf(stderr, _("%d more errors not shown"), errs->dropped);
			fputc('\n', stderr);
		}
		w = NULL;
	}
	free(errs);
	return w;
}

int cw_frontend_run_checks(struct cw_engine *e, struct cw_checker *c, int (*before)(void *arg, int check),
			   void (*seen)(void *arg, const struct cw_result *r), void *arg)
{
	enum cw_check check;
	while (cw_engine_want(e, &check) == CW_WANT_CHECK) {
		if (before && before(arg, (int)check) < 0)
			return -1;
		struct cw_result r;
		cw_checker_run(c, check, &r);
		if (seen)
			seen(arg, &r);
		if (cw_engine_feed(e, &r) < 0)
			return -1; /* cannot happen: the engine asked for this check */
	}
	return 0;
}
