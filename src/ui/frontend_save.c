/* frontend_save.c — saving the report of an interactive session: the latest result of each check, never over a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cw/engine.h"
#include "cw/frontend.h"
#include "cw/report.h"
#include "cw/safefile.h"

/* The latest result of each check: the full test's table, then the trail (later wins). */
static int collect(const struct cw_engine *e, struct cw_result *out)
{
	int have[CW_CHECK_COUNT] = {0};
	const struct cw_result *table;
	int nt = cw_engine_table(e, &table);
	for (int i = 0; i < nt; i++) {
		out[table[i].check] = table[i];
		have[table[i].check] = 1;
	}
	const struct cw_trail_step *steps;
	int ns = cw_engine_trail(e, &steps);
	for (int i = 0; i < ns; i++)
		if (steps[i].has_result) {
			out[steps[i].result.check] = steps[i].result;
			have[steps[i].result.check] = 1;
		}
	int n = 0;
	for (int c = 0; c < CW_CHECK_COUNT; c++)
		if (have[c])
			out[n++] = out[c];
	return n;
}

int cw_frontend_save_report(const struct cw_engine *e, const char *path, int json, int ascii, int atomic)
{
	struct cw_result results[CW_CHECK_COUNT];
	struct cw_report rep = {.results = results, .time = (long long)time(NULL), .ascii = ascii};
	rep.n = collect(e, results);
	cw_verdict_of(results, rep.n, &rep.verdict);
	rep.diagnosis = rep.verdict.diagnosis;
	const struct cw_node *node = cw_engine_node(e);
	rep.node = node ? node->id : NULL;
	size_t plen = strlen(path);
	json = json || (plen > 5 && strcmp(path + plen - 5, ".json") == 0);
	char *data = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len);
	if (!mem)
		return -1;
	if (json)
		cw_report_json(mem, &rep);
	else
		cw_report_text(mem, &rep);
	fclose(mem);
	/* A user's file is never overwritten; a spool file appears whole or not at all. */
	int rc = !data ? -1 : atomic ? cw_write_atomic(path, data, len, 0600) : cw_write_new(path, data, len, 0600);
	free(data);
	return rc;
}
