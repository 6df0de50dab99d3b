/* run.h — running the checks in order, each only when the ones it needs passed. */
#ifndef CW_RUN_H
#define CW_RUN_H

#include "cw/probe.h"

/* Run every check; fills results[0..CW_CHECK_COUNT) and returns how many were filled. */
int cw_run_all(struct cw_probe_session *s, struct cw_result *results);

#endif
