/* report.c — the --report front end: the engine's full test, printed as text or JSON, exit 0/1 from the verdict. */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "cw/checker.h"
#include "cw/engine.h"
#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/report.h"

struct run { const struct cw_options *o; struct cw_checker *c; int pin_read; };

/* --pin-fd: one line, read straight into the locked buffer, only when the PIN check comes (the
 * PIN is held no longer than needed); never argv or the environment. */
static int read_pin(void *arg, int check)
{
	struct run *run = arg;
	if (check != CW_CHECK_PIN || run->o->pin_fd < 0 || run->pin_read)
		return 0;
	run->pin_read = 1;
	if (cw_secret_read_fd(run->c->pin, run->o->pin_fd) < 0) {
		fprintf(stderr, "cardwiz: %s\n", errno == EINVAL ? _("the PIN from --pin-fd holds a NUL byte: refused, nothing sent")
								   : _("could not read the PIN from --pin-fd"));
		return -1;
	}
	return 0;
}

int cw_report_main(const struct cw_options *o)
{
	const char *path = cw_wizard_path(o->wizard);
	struct cw_wizard *w = cw_frontend_load_wizard(path);
	if (!w)
		return 2;
	struct cw_engine *e = cw_engine_new(w);
	struct cw_checker c;
	if (!e || cw_checker_init(&c, o, e) < 0) {
		fprintf(stderr, "cardwiz: %s\n", _("no memory for the PIN buffer"));
		cw_engine_free(e);
		cw_wizard_free(w);
		return 1;
	}
	struct run run = {o, &c, 0};
	cw_engine_full_test(e);
	int rc = cw_frontend_run_checks(e, &c, read_pin, NULL, &run);
	cw_checker_close(&c);
	if (rc == 0) {
		const struct cw_result *results;
		struct cw_report rep = {.time = (long long)time(NULL), .ascii = o->ascii || !cw_charset_is_utf8()};
		rep.n = cw_engine_table(e, &results);
		rep.results = results;
		cw_verdict_of(results, rep.n, &rep.verdict);
		rep.diagnosis = rep.verdict.diagnosis;
		const struct cw_node *node = cw_engine_node(e);
		rep.node = node ? node->id : NULL;
		if (o->format == CW_FORMAT_JSON ? cw_report_json(stdout, &rep) < 0 : (cw_report_text(stdout, &rep), 0)) {
			fprintf(stderr, "cardwiz: %s\n", _("could not build the JSON report"));
			rc = 1;
		} else {
			rc = cw_verdict_exit_status(&rep.verdict);
		}
	} else {
		rc = 2;
	}
	cw_engine_free(e);
	cw_wizard_free(w);
	return rc;
}
