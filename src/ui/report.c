/* report.c — the --report front end: run every check once, print text or JSON, exit 0/1. */
#include <stdio.h>
#include <time.h>

#include "cw/i18n.h"
#include "cw/report.h"
#include "cw/run.h"

int cw_report_main(const struct cw_options *o)
{
	struct cw_probe_session s;
	struct cw_result results[CW_CHECK_COUNT];
	cw_probe_session_init(&s);
	s.reader_wanted = o->reader;
	s.module = o->module;
	struct cw_report rep = {.results = results, .time = (long long)time(NULL),
				.ascii = o->ascii || !cw_charset_is_utf8()};
	rep.n = cw_run_all(&s, results);
	cw_probe_session_close(&s);
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
