/* report.c — the --report front end: run every check once, print text or JSON, exit 0/1. */
#include <stdio.h>
#include <time.h>

#include "cw/checker.h"
#include "cw/i18n.h"
#include "cw/report.h"

/* --pin-fd: one line, read straight into the locked buffer, only when the first check that needs
 * it comes (the PIN is held no longer than needed); never argv or the environment. */
static int read_pin(const struct cw_options *o, struct cw_checker *c)
{
	static int done;
	if (o->pin_fd < 0 || done)
		return 0;
	done = 1;
	if (cw_secret_read_fd(c->pin, o->pin_fd) < 0) {
		fprintf(stderr, "cardwiz: %s\n", _("could not read the PIN from --pin-fd"));
		return -1;
	}
	return 0;
}

int cw_report_main(const struct cw_options *o)
{
	struct cw_checker c;
	struct cw_result results[CW_CHECK_COUNT];
	if (cw_checker_init(&c, o, o->wizard) < 0) {
		fprintf(stderr, "cardwiz: %s\n", _("no memory for the PIN buffer"));
		return 1;
	}
	struct cw_report rep = {.results = results, .time = (long long)time(NULL),
				.ascii = o->ascii || !cw_charset_is_utf8()};
	for (int i = 0; i < CW_CHECK_COUNT; i++) {
		if (i == CW_CHECK_PIN && read_pin(o, &c) < 0) {
			cw_checker_close(&c);
			return 2;
		}
		cw_checker_run(&c, (enum cw_check)i, &results[rep.n++]);
	}
	cw_checker_close(&c);
	cw_diagnose(results, rep.n, &rep.diagnosis);
	if (o->format == CW_FORMAT_JSON) {
		if (cw_report_json(stdout, &rep) < 0) {
			fprintf(stderr, "cardwiz: %s\n", _("could not build the JSON report"));
			return 1;
		}
	} else {
		cw_report_text(stdout, &rep);
	}
	return cw_results_exit_status(results, rep.n);
}
