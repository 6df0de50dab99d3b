/* verdict.h — the one verdict every front end prints: ok, ok but untested, or a problem. */
#ifndef CW_VERDICT_H
#define CW_VERDICT_H

#include <stddef.h>

#include "cw/diagnosis.h"
#include "cw/result.h"

struct cw_engine;

#define CW_VERDICTS(X) X(OK, "ok") X(UNTESTED, "ok-untested") X(PROBLEM, "problem")
enum cw_verdict_kind {
#define CW_VERDICT_ENUM(e, s) CW_VERDICT_##e,
	CW_VERDICTS(CW_VERDICT_ENUM)
#undef CW_VERDICT_ENUM
	CW_VERDICT_COUNT
};

struct cw_verdict {
	enum cw_verdict_kind kind;
	/* PROBLEM: the deciding result (a failure, else a warning, else a required check that could
	 * not run); otherwise code ok. */
	struct cw_diagnosis diagnosis;
	int nuntested;                            /* UNTESTED: the required checks that did not run */
	enum cw_check untested[CW_CHECK_COUNT];   /* in check order */
	int token_without_reader;                 /* a software token in no reader: the checks the table
						   * marks CW_REQUIRED_WITH_READER did not count */
};

/*
 * The verdict over one result per check (any order; a check may be missing: it did not run in
 * this visit). Any failure or warning is a problem. Else every required check must have passed:
 * one that did not run, or was skipped for want of the PIN (skipped-no-pin), leaves the run
 * "ok but untested"; one skipped for any other reason (not-run, a card gone silent) is a problem;
 * a skip that says the check does not apply here (no signing bridge configured) is fine.
 * Pure: no I/O, usable on canned results.
 */
void cw_verdict_of(const struct cw_result *results, int n, struct cw_verdict *v);
/* The verdict over the engine's latest result of each check (trail, else full test). */
void cw_engine_verdict(const struct cw_engine *e, struct cw_verdict *v);
/* 0 for ok and ok-untested, 1 for a problem (DESIGN.md §4). */
int cw_verdict_exit_status(const struct cw_verdict *v);
/* "ok", "ok-untested", "problem" (the JSON report's verdict field). */
const char *cw_verdict_id(enum cw_verdict_kind k);
/* Whether a check must pass in a visit (1), or 0 when it never has to. */
int cw_check_required(enum cw_check c);
/* "PIN, decrypt and signature not tested" (current language) into buf; "" unless UNTESTED. */
void cw_verdict_untested_text(const struct cw_verdict *v, char *buf, size_t size);
/* The end screen's headline: node_title (the wizard's "All done: no problem found") when ok,
 * else "All done: …not tested" or "All done: a problem was found". */
void cw_verdict_headline(const struct cw_verdict *v, const char *node_title, char *buf, size_t size);
/* What the verdict means for the user, a paragraph ("" when ok: the wizard's end text says it). */
void cw_verdict_explain(const struct cw_verdict *v, char *buf, size_t size);

#endif
