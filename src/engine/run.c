/* run.c — the full run: the probe table in check order, stopping where a needed check failed. */
#include <stddef.h>

#include "cw/run.h"

struct step {
	enum cw_check check;
	void (*probe)(struct cw_probe_session *, struct cw_result *);
	int needs_previous; /* skip (not-run) when an earlier needed step failed */
};

static const struct step steps[] = {
	{CW_CHECK_OS, cw_probe_os, 0},
	{CW_CHECK_SERVICE, cw_probe_service, 0},
	{CW_CHECK_READER, cw_probe_reader, 1},
};

int cw_run_all(struct cw_probe_session *s, struct cw_result *results)
{
	int n = 0, blocked = 0;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct cw_result *r = &results[n++];
		cw_result_init(r, steps[i].check);
		if (blocked && steps[i].needs_previous)
			continue;
		steps[i].probe(s, r);
		if (r->status == CW_STATUS_FAIL && steps[i].check != CW_CHECK_OS)
			blocked = 1;
	}
	return n;
}
