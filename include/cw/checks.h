/* checks.h — the checks cardwiz runs (their order) and the statuses a check ends with. */
#ifndef CW_CHECKS_H
#define CW_CHECKS_H

/*
 * The checks, in the order of a full run: each needs only checks above it. This enum is all
 * that core knows of them; everything else about a check (its json id, HiCOS row, names,
 * probe, deadline, prerequisites, codes) is one entry of the check table, src/probe/checks.c
 * (include/cw/checkdef.h): add a check there, with its probe and its wizard node.
 */
enum cw_check {
	CW_CHECK_OS,
	CW_CHECK_SERVICE,
	CW_CHECK_READER,
	CW_CHECK_DRIVER,
	CW_CHECK_CARD,
	CW_CHECK_MODULE,
	CW_CHECK_TOKEN,
	CW_CHECK_PIN,
	CW_CHECK_CRYPT,
	CW_CHECK_SIGN,
	CW_CHECK_ENC_CERT,
	CW_CHECK_SIGN_CERT,
	CW_CHECK_SIGNER,
	CW_CHECK_CERT_IMPORT,
	CW_CHECK_COUNT
};

/* Status of one check; "skip" always carries a reason (its code). */
#define CW_STATUSES(X) X(PASS, "pass") X(WARN, "warn") X(FAIL, "fail") X(SKIP, "skip")

enum cw_status {
#define CW_STATUS_ENUM(e, s) CW_STATUS_##e,
	CW_STATUSES(CW_STATUS_ENUM)
#undef CW_STATUS_ENUM
	CW_STATUS_COUNT
};

const char *cw_status_id(enum cw_status s);

/* Lookups in the check table; defined with it in src/probe/checks.c (core never calls them). */
const char *cw_check_id(enum cw_check c);
int cw_check_from_id(const char *id); /* -1 when unknown */
int cw_check_hicos_row(enum cw_check c);
const char *cw_check_name(enum cw_check c);
const char *cw_check_description(enum cw_check c);

#endif
