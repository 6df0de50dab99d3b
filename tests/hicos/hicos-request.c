/* hicos-request.c — a test tool: one `cardwiz --helper` process, a sequence of requests for a MOICA card
 * (the wizard file's moica profile: module vendor, PIN 6–8, 3 tries, unlock official), one line per answer.
 *
 * usage: hicos-request CARDWIZ STEP...
 *   check:ID    run check ID (card, module, token, pin...)
 *   pin:PIN     the pin check with PIN, no confirmation of a last or unknown try
 *   pin!:PIN    the same, confirmed for this request
 * Prints "ID CODE key=value ..." per step. The module is $HICOS_MODULE ("" : the helper's own search).
 * One process, like the wizard's helper: what the module's return codes said stays between steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/atr.h"
#include "cw/helper.h"

static void profiles(struct cw_card_profile *p)
{
	static const struct cw_secret_rule pin = {.set = 1, .min = 6, .max = 8, .charset = CW_CHARSET_ALNUM, .case_sensitive = 1};
	static const struct cw_secret_rule none = {0};
	memset(p, 0, 2 * sizeof(*p));
	cw_policy_of("moica", CW_UNLOCK_OFFICIAL, &pin, &none, &p[0].policy);
	snprintf(p[0].name_en, sizeof(p[0].name_en), "MOICA");
	int n = cw_atr_from_hex("3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57", p[0].atr[0], sizeof(p[0].atr[0]));
	p[0].atr_len[0] = (unsigned char)(n > 0 ? n : 0);
	p[0].natr = n > 0;
	p[0].module = CW_MODULE_VENDOR;
	p[0].tries = 3;
	cw_policy_of("generic", CW_UNLOCK_PKCS11, &none, &none, &p[1].policy);
	snprintf(p[1].name_en, sizeof(p[1].name_en), "generic");
	p[1].generic = 1;
	p[1].module = CW_MODULE_OPENSC;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: hicos-request CARDWIZ STEP...\n");
		return 2;
	}
	static struct cw_card_profile prof[2];
	profiles(prof);
	/* The front ends' own client, one helper process for every step. */
	struct cw_helper h = {.program = argv[1]};
	if (cw_helper_start(&h) < 0)
		return 2;
	struct cw_secret *pin = cw_secret_new();
	if (!pin)
		return 2;
	for (int i = 2; i < argc; i++) {
		struct cw_request q = {.op = CW_OP_CHECK, .profiles = prof, .nprofiles = 2, .policy = prof[0].policy};
		const char *arg = argv[i], *colon = strchr(arg, ':');
		if (!colon)
			return 2;
		cw_secret_clear(pin);
		if (strncmp(arg, "check:", 6) == 0) {
			int c = cw_check_from_id(colon + 1);
			if (c < 0)
				return 2;
			q.check = (enum cw_check)c;
		} else if (strncmp(arg, "pin:", 4) == 0 || strncmp(arg, "pin!:", 5) == 0) {
			q.check = CW_CHECK_PIN;
			if (arg[3] == '!')
				q.flags |= CW_REQ_ALLOW_FINAL_TRY;
			if (cw_secret_set(pin, colon + 1, strlen(colon + 1)) < 0)
				return 2;
			q.secret[CW_SECRET_PIN] = pin;
		} else {
			return 2;
		}
		q.policy.confirmed_final = (q.flags & CW_REQ_ALLOW_FINAL_TRY) != 0;
		snprintf(q.module, sizeof(q.module), "%s", getenv("HICOS_MODULE") ? getenv("HICOS_MODULE") : "");
		struct cw_result r;
		if (cw_helper_call(&h, &q, &r, 30000) != CW_HELPER_OK) {
			fprintf(stderr, "hicos-request: no answer to %s\n", arg);
			return 2;
		}
		printf("%s %s", cw_check_id(r.check), cw_code_id(r.code));
		for (int d = 0; d < r.ndetail; d++)
			printf(" %s=%s", r.detail[d].key, r.detail[d].value);
		printf(" | %s\n", r.note);
		fflush(stdout);
	}
	cw_secret_free(pin);
	cw_helper_stop(&h);
	return 0;
}
