/* diagnosis.h — which FAQ item applies to a set of results, and what to do. */
#ifndef CW_DIAGNOSIS_H
#define CW_DIAGNOSIS_H

#include "cw/result.h"

struct cw_diagnosis {
	int faq;             /* 1–5, or 0 when none applies */
	enum cw_code code;   /* the deciding code (ok when all is well) */
	enum cw_check check; /* the check that gave it */
};

/* The first failure decides; without one, the first warning; else all is well. */
void cw_diagnose(const struct cw_result *results, int n, struct cw_diagnosis *d);
/* The FAQ item's title in the current language ("" for 0). */
const char *cw_faq_title(int faq);

#endif
