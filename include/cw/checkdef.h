/* checkdef.h — the check table: one entry per check says all that the engine and the helper need of it. */
#ifndef CW_CHECKDEF_H
#define CW_CHECKDEF_H

#include "cw/codes.h"
#include "cw/probe.h"

/* What a check works on: a check that needs the card (or its module) is refused once the card
 * went silent, was pulled or its service went, and a timeout or crash in it is looked into
 * with a direct PC/SC probe of the card before anyone is blamed. */
enum cw_needs {
	CW_NEEDS_NOTHING, /* the host, the service, files: no card */
	CW_NEEDS_CARD,    /* the card over PC/SC, no module */
	CW_NEEDS_MODULE,  /* the PKCS#11 module (and through it the card) */
};

/* Whether a check must pass for a "no problem found" verdict (read by the verdict function). */
enum cw_required {
	CW_REQUIRED_NEVER,       /* informative: its failure is shown, it never holds the verdict back */
	CW_REQUIRED_ALWAYS,      /* every visit must pass it */
	CW_REQUIRED_WITH_PIN,    /* only when a PIN was given: without one it is "not tested" */
	CW_REQUIRED_WITH_SIGNER, /* only when the site configures a local signing bridge: no-signer-configured
				  * says it does not apply */
	CW_REQUIRED_WITH_READER, /* only for a token in a reader: a software token with no reader (the module
				  * check's token_in_reader "no") makes the service, reader, driver and card checks
				  * not apply */
};

/* Which live events make a check's answer stale. Each class includes the ones below it: the
 * service going or coming back makes everything from the service on stale, a reader list
 * change everything from the readers on, a card inserted or pulled only the card's checks. */
enum cw_stale {
	CW_STALE_NEVER,   /* no event changes it (the OS, a signing bridge) */
	CW_STALE_SERVICE, /* pcscd gone or back */
	CW_STALE_READERS, /* readers plugged or unplugged, and the above */
	CW_STALE_CARD,    /* a card inserted or removed, and the above */
};

struct cw_checkdef {
	enum cw_check check;       /* its own index: the table test catches a row in the wrong place */
	const char *id;            /* json id: a stable contract (--report --format=json, faq.yaml) */
	int hicos_row;             /* row of the HiCOS environment test, 0 = not one of its nine */
	const char *name[2];       /* en, zh_TW: indexed by enum cw_lang */
	const char *short_name[2]; /* en, zh_TW: as a list reads it ("PIN, decrypt and signature not tested") */
	const char *description[2];
	cw_probe_fn probe;         /* what the helper runs */
	int deadline_ms;           /* past it the helper is killed */
	enum cw_needs needs;
	enum cw_code on_timeout;   /* what a killed helper means, before the direct card probe says more */
	enum cw_code on_crash;     /* what a helper that died of a signal means, likewise */
	unsigned prerequisites;    /* CW_CHECK_BIT()s of earlier checks that must have passed or warned */
	enum cw_stale stale;
	int carries_pin;           /* the PIN goes with the request: one login serves the whole sequence */
	enum cw_required required;
};

#define CW_CHECK_BIT(c) (1u << (c))

/* The entry of a check (never NULL for a valid check). */
const struct cw_checkdef *cw_checkdef(enum cw_check c);
/* The checks made stale by an event of this class (a mask of CW_CHECK_BIT). */
unsigned cw_checks_stale_on(enum cw_stale reach);
/* Does a PIN sequence (the PIN-carrying checks, one login) end with this result? Then the
 * helper lets the module forget its login and the UI wipes its copy of the PIN. It ends with
 * its last check, any failure, or a first check that did not pass; a check that carries no
 * PIN is not part of it and ends nothing. */
int cw_pin_sequence_ends(enum cw_check check, enum cw_status status);

#endif
