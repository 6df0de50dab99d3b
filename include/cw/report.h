/* report.h — the report front end: text table like HiCOS's, or JSON (a stable contract). */
#ifndef CW_REPORT_H
#define CW_REPORT_H

#include <stdio.h>

#include "cw/diagnosis.h"
#include "cw/options.h"
#include "cw/result.h"
#include "cw/verdict.h"

struct cw_report {
	const struct cw_result *results;
	int n;
	struct cw_diagnosis diagnosis;
	long long time;      /* when the run started (time_t) */
	int ascii;           /* ASCII marks only */
	const char *node;    /* the wizard node the results lead to, or NULL */
	struct cw_verdict verdict; /* cw_verdict_of(results): what the end says, and the exit status */
};

void cw_report_text(FILE *out, const struct cw_report *rep);
/* Just the diagnosis part: the deciding check, its FAQ item, what to do (also --plain's last words). */
void cw_report_text_diagnosis(FILE *out, const struct cw_diagnosis *d);
/* The end of a text report and of --plain: the diagnosis, then the verdict line. */
void cw_report_text_verdict(FILE *out, const struct cw_verdict *v);
/* Returns 0, or -1 when JSON could not be built. */
int cw_report_json(FILE *out, const struct cw_report *rep);
/* The mark of a status: ✓ ✗ ! ? (or ASCII). */
const char *cw_status_mark(enum cw_status s, int ascii);
/* The --report front end. */
int cw_report_main(const struct cw_options *o);

#endif
