/* helper-request.c — a test tool: sends one hand-built request to `cardwiz --helper`, as an attacker
 * or a buggy front end could, and prints the answer's code (the helper must refuse on its own). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/atr.h"
#include "cw/helper.h"

static void profile(struct cw_card_profile *p, const char *id, enum cw_unlock unlock, const char *atr_hex, int generic,
		    enum cw_module_kind module)
{
	static const struct cw_secret_rule none = {0};
	memset(p, 0, sizeof(*p));
	cw_policy_of(id, unlock, &none, &none, &p->policy);
	snprintf(p->name_en, sizeof(p->name_en), "%s", id);
	snprintf(p->name_zh, sizeof(p->name_zh), "%s", id);
	p->generic = generic;
	p->module = module; /* as the wizard file's: the token's maker (HiCOS) finds the vendor profiles */
	if (atr_hex) {
		int n = cw_atr_from_hex(atr_hex, p->atr[0], sizeof(p->atr[0]));
		if (n > 0) {
			p->atr_len[0] = (unsigned char)n;
			p->natr = 1;
		}
	}
}

static struct cw_secret *secret(const char *env, const char *fallback)
{
	struct cw_secret *s = cw_secret_new();
	const char *v = getenv(env);
	if (!v)
		v = fallback;
	if (!s || cw_secret_set(s, v, strlen(v)) < 0)
		exit(2);
	return s;
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[2], "change") && strcmp(argv[2], "unlock")) ||
	    (strcmp(argv[3], "none") && strcmp(argv[3], "generic") && strcmp(argv[3], "moica"))) {
		fprintf(stderr, "usage: helper-request CARDWIZ change|unlock none|generic|moica\n");
		return 2;
	}
	static struct cw_card_profile profiles[2];
	profile(&profiles[0], "moica", CW_UNLOCK_OFFICIAL, "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57", 0, CW_MODULE_VENDOR);
	profile(&profiles[1], "generic", CW_UNLOCK_PKCS11, NULL, 1, CW_MODULE_OPENSC);
	struct cw_request q = {.op = strcmp(argv[2], "change") == 0 ? CW_OP_CHANGE_PIN : CW_OP_UNLOCK,
			       .check = CW_CHECK_PIN, .flags = CW_REQ_ALLOW_FINAL_TRY, .profiles = profiles, .nprofiles = 2};
	snprintf(q.module, sizeof(q.module), "%s", getenv("CARDWIZ_TEST_MODULE") ? getenv("CARDWIZ_TEST_MODULE") : "");
	if (strcmp(argv[3], "none") != 0) /* a claimed policy, confirmed: only the card's own profile can stop it */
		q.policy = profiles[strcmp(argv[3], "moica") == 0 ? 0 : 1].policy;
	q.policy.confirmed_final = q.policy.set;
	q.secret[CW_SECRET_PIN] = secret("TESTBED_PIN", "123456");
	q.secret[CW_SECRET_PUK] = secret("TESTBED_PUK", "12345678");
	q.secret[CW_SECRET_NEW_PIN] = secret("NEW_PIN", "654321");
	/* The front ends' own client: the request travels as theirs do. */
	struct cw_helper h = {.program = argv[1]};
	struct cw_result r;
	if (cw_helper_start(&h) < 0 || cw_helper_call(&h, &q, &r, 30000) != CW_HELPER_OK) {
		fprintf(stderr, "helper-request: no answer\n");
		return 2;
	}
	cw_helper_stop(&h);
	printf("%s\n", cw_code_id(r.code));
	return 0;
}
