/* test_engine.c — the engine over the real wizard/faq.yaml: each FAQ path, events, back/rerun/restart, the full test, the PIN guard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/engine.h"
#include "cw/i18n.h"
#include "cw/verdict.h"
#include "unit.h"

static struct cw_wizard *w;
static struct cw_engine *e;
static char asked[1024]; /* the checks the engine asked for, in order: "os service …" */

static void setup(void)
{
	static struct cw_wizard_errors errs;
	ck_assert_int_eq(cw_wizard_load_file("wizard/faq.yaml", &w, &errs), 0);
	e = cw_engine_new(w);
	ck_assert_ptr_nonnull(e);
	asked[0] = '\0';
}

static void teardown(void)
{
	cw_engine_free(e);
	cw_wizard_free(w);
}

/* Canned answers: a check and its code (ok when a check is not listed); an optional detail. */
struct canned {
	enum cw_check check;
	enum cw_code code;
	const char *key, *value;
};
#define ANSWERS(...) ((const struct canned[]){__VA_ARGS__, {CW_CHECK_COUNT, CW_CODE_OK, NULL, NULL}})

static void answer(const struct canned *t, enum cw_check c, struct cw_result *r)
{
	cw_result_init(r, c);
	cw_result_set(r, CW_CODE_OK);
	for (; t && t->check != CW_CHECK_COUNT; t++)
		if (t->check == c) {
			cw_result_set(r, t->code);
			if (t->key)
				cw_result_add(r, t->key, "%s", t->value);
		}
}

/* Answer what the engine asks until it needs somebody; a PIN form is filled when fill_pin. */
static enum cw_want walk(const struct canned *t, int fill_pin)
{
	for (int guard = 0; guard < 200; guard++) {
		enum cw_check c;
		enum cw_want want = cw_engine_want(e, &c);
		if (want == CW_WANT_USER && fill_pin && cw_engine_node(e)->kind == CW_NODE_FORM &&
		    cw_engine_node(e)->form == CW_FORM_PIN) {
			ck_assert_int_eq(cw_engine_form_done(e, 1), 0);
			continue;
		}
		if (want != CW_WANT_CHECK)
			return want;
		struct cw_result r;
		answer(t, c, &r);
		snprintf(asked + strlen(asked), sizeof(asked) - strlen(asked), "%s%s", asked[0] ? " " : "", cw_check_id(c));
		ck_assert_int_eq(cw_engine_feed(e, &r), 0);
	}
	ck_abort_msg("the engine kept asking");
	return CW_WANT_ERROR;
}

/* The trail's node ids and the node reached: "os service … > pcscd-not-running". */
static const char *path(void)
{
	static char buf[2048];
	const struct cw_trail_step *s;
	int n = cw_engine_trail(e, &s);
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s ", s[i].node->id);
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "> %s", cw_engine_node(e)->id);
	return buf;
}

static const char *here(void) { return cw_engine_node(e)->id; }

/* The index of the action of a node that leads to a node (or does a verb). */
static int action_to_in(const struct cw_node *n, const char *target)
{
	for (int i = 0; i < n->nactions; i++)
		if ((n->actions[i].verb == CW_VERB_GOTO && strcmp(n->actions[i].to.id, target) == 0) ||
		    strcmp(cw_verb_id(n->actions[i].verb), target) == 0)
			return i;
	ck_abort_msg("node %s has no action to %s", n->id, target);
	return -1;
}

static int action_to(const char *target) { return action_to_in(cw_engine_node(e), target); }

static void assert_diagnosis(int faq, enum cw_code code)
{
	struct cw_diagnosis d;
	cw_engine_diagnosis(e, &d);
	ck_assert_int_eq(d.faq, faq);
	ck_assert_str_eq(cw_code_id(d.code), cw_code_id(code));
	ck_assert_int_eq(cw_engine_faq(e), faq);
}

#define MAIN_TO_TOKEN "os service reader driver card module token"
#define AFTER_PIN "pin crypt sign enc-cert sign-cert signer cert-import"

/* ---- the FAQ paths ---- */

START_TEST(test_healthy)
{
	ck_assert_int_eq(walk(NULL, 0), CW_WANT_USER);
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " > pin-form"); /* the PIN is asked for, never assumed */
	ck_assert_int_eq(cw_engine_form_done(e, 1), 0);
	ck_assert_int_eq(walk(NULL, 0), CW_WANT_DONE);
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " pin-form " AFTER_PIN " > done");
	ck_assert_str_eq(asked, MAIN_TO_TOKEN " " AFTER_PIN);
	assert_diagnosis(0, CW_CODE_OK);
}
END_TEST

START_TEST(test_no_service_is_faq_1)
{
	/* No pcscd, and the module (OpenSC) shows no token without it: FAQ 1's pcscd. */
	ck_assert_int_eq(walk(ANSWERS({CW_CHECK_SERVICE, CW_CODE_NO_SERVICE, NULL, NULL},
				      {CW_CHECK_MODULE, CW_CODE_NO_TOKEN, NULL, NULL}), 1), CW_WANT_USER);
	ck_assert_str_eq(path(), "os service service-absent-module > pcscd-not-running");
	assert_diagnosis(1, CW_CODE_NO_SERVICE);
	ck_assert_str_eq(asked, "os service module");
}
END_TEST

/* No pcscd, but a token that needs none (SoftHSM2 through --module): checked all the same, as
 * --report checks it, so every front end comes to the same verdict (issue 12 B, issue 11 D). */
START_TEST(test_no_service_software_token)
{
	ck_assert_int_eq(walk(ANSWERS({CW_CHECK_SERVICE, CW_CODE_NO_SERVICE, NULL, NULL},
				      {CW_CHECK_MODULE, CW_CODE_OK, "token_in_reader", "no"}), 0), CW_WANT_USER);
	ck_assert_str_eq(path(), "os service service-absent-module token > pin-form");
	/* With the PIN, the walk ends with every check of the token done, as in --report. */
	cw_engine_form_done(e, 1);
	ck_assert_int_eq(walk(NULL, 0), CW_WANT_DONE);
	struct cw_verdict v;
	cw_engine_verdict(e, &v);
	ck_assert_str_eq(cw_verdict_id(v.kind), "ok");
	/* A module that cannot load is said so, not blamed on pcscd. */
	cw_engine_restart(e);
	walk(ANSWERS({CW_CHECK_SERVICE, CW_CODE_NO_SERVICE, NULL, NULL},
		     {CW_CHECK_MODULE, CW_CODE_MODULE_LOAD_FAILED, NULL, NULL}), 1);
	ck_assert_str_eq(here(), "module-broken");
}
END_TEST

START_TEST(test_no_reader_is_faq_3)
{
	/* No reader listed, and no USB reader without a driver either: plug one in. */
	walk(ANSWERS({CW_CHECK_READER, CW_CODE_NO_READERS, NULL, NULL}), 1);
	ck_assert_str_eq(path(), "os service reader reader-driver > reader-missing");
	ck_assert_str_eq(asked, "os service reader driver");
	assert_diagnosis(3, CW_CODE_NO_READERS);
}
END_TEST

START_TEST(test_reader_without_driver_is_faq_3)
{
	walk(ANSWERS({CW_CHECK_READER, CW_CODE_NO_READERS, NULL, NULL}, {CW_CHECK_DRIVER, CW_CODE_NO_DRIVER, NULL, NULL}), 1);
	ck_assert_str_eq(path(), "os service reader reader-driver > driver-missing");
	assert_diagnosis(3, CW_CODE_NO_READERS);
}
END_TEST

START_TEST(test_broken_card_is_faq_2)
{
	static const enum cw_code broken[] = {CW_CODE_CARD_UNSUPPORTED, CW_CODE_CARD_MUTE, CW_CODE_PROTOCOL_MISMATCH};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		cw_engine_restart(e);
		walk(ANSWERS({CW_CHECK_CARD, broken[i], NULL, NULL}), 1);
		ck_assert_str_eq(path(), "os service reader driver card > card-broken");
		assert_diagnosis(2, broken[i]);
	}
	/* The advice offers the full 9-check test and the HiCOS tool of the FAQ (doc/DESIGN.md §1). */
	action_to("full-test");
	action_to("hicos-test");
}
END_TEST

START_TEST(test_locked_is_faq_5_and_the_unlock_node)
{
	walk(ANSWERS({CW_CHECK_TOKEN, CW_CODE_PIN_LOCKED, NULL, NULL}), 1);
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " > unlock");
	assert_diagnosis(5, CW_CODE_PIN_LOCKED);
	struct cw_token_state t;
	cw_engine_token_state(e, &t);
	ck_assert(t.locked);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, NULL, 0, 0), CW_GUARD_LOCKED); /* never even ask */
	/* The three routes of FAQ 5 (doc/DESIGN.md §1), each a node of its own. */
	action_to("unlock-online");
	action_to("unlock-hotline");
	action_to("user-code-forgotten");
	/* Before a card said which it is, the routes are MOICA's; the guided questions open in place
	 * (a form action), and no PUK form is offered on this screen (issue 14, 4). */
	ck_assert_int_eq(cw_engine_choose(e, action_to("unlock-official")), CW_VERB_GOTO);
	ck_assert_int_eq(cw_engine_node(e)->form, CW_FORM_UNLOCK);
	cw_engine_back(e);
	for (int i = 0; i < cw_engine_node(e)->nactions; i++)
		ck_assert(cw_engine_node(e)->actions[i].verb != CW_VERB_GOTO ||
			  strcmp(cw_engine_node(e)->actions[i].to.id, "unlock-form") != 0);
}
END_TEST

/* The locked-card step by the card's profile (the unlock node's `instead:`, cardwiz-wizard(5)). */
START_TEST(test_locked_step_by_profile)
{
	static const struct {
		const char *profile, *locked, *forgot, *pin_form;
	} cases[] = {
		{"moica", "unlock", "pin-forgotten", "pin-form"},
		{"cht", "unlock-issuer", "unlock-issuer", "pin-form"},
		{"generic", "unlock-form", "pin-forgotten-puk", "pin-form-card"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cw_engine_restart(e);
		walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", cases[i].profile},
			     {CW_CHECK_TOKEN, CW_CODE_PIN_LOCKED, NULL, NULL}), 0);
		ck_assert_msg(strcmp(here(), cases[i].locked) == 0, "%s: locked card at %s", cases[i].profile, here());
		cw_engine_restart(e);
		walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", cases[i].profile},
			     {CW_CHECK_TOKEN, CW_CODE_PIN_COUNT_LOW, NULL, NULL}), 0);
		ck_assert_int_eq(cw_engine_choose(e, action_to("pin-forgotten")), CW_VERB_GOTO);
		ck_assert_msg(strcmp(here(), cases[i].forgot) == 0, "%s: forgotten PIN at %s", cases[i].profile, here());
		cw_engine_restart(e);
		walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", cases[i].profile}), 0);
		ck_assert_msg(strcmp(here(), cases[i].pin_form) == 0, "%s: PIN form %s", cases[i].profile, here());
	}
	/* A PIV card's first locked screen is its PUK form; unlocked, the card is asked again and the
	 * PIN form follows (the locked answer is gone from the trail). */
	cw_engine_restart(e);
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", "generic"}, {CW_CHECK_TOKEN, CW_CODE_PIN_LOCKED, NULL, NULL}), 0);
	ck_assert_int_eq(cw_engine_node(e)->form, CW_FORM_UNLOCK);
	ck_assert_int_eq(cw_engine_form_done(e, 1), 0);
	asked[0] = '\0';
	ck_assert_int_eq(walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", "generic"}), 0), CW_WANT_USER);
	ck_assert_str_eq(asked, "card module token");
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " > pin-form-card");
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, NULL, 0, 0), CW_GUARD_OK);
}
END_TEST

/* The texts a card of one kind reads never speak of the other kind (issue 14, 4). */
START_TEST(test_profile_texts_stay_apart)
{
	static const char *const moica_only[] = {"unlock", "unlock-official", "pin-forgotten", "pin-form", "unlock-online",
						 "unlock-hotline", "user-code-forgotten", "pin-wrong", "pin-final-try",
						 "pin-count-low", "pin-refused"};
	static const char *const generic_only[] = {"unlock-form", "pin-forgotten-puk", "pin-form-card", "unlock-issuer",
						   "pin-wrong-card", "pin-final-try-card", "pin-count-low-card",
						   "pin-refused-card"};
	static const char *const not_moica[] = {"PUK", "PIV", "OpenPGP"};
	static const char *const not_generic[] = {"自然人憑證", "MOICA", "用戶代碼", "user code", "戶政", "0800", "鎖卡解碼"};
	for (size_t i = 0; i < sizeof(moica_only) / sizeof(moica_only[0]); i++) {
		const struct cw_node *n = cw_wizard_node(w, moica_only[i]);
		ck_assert_ptr_nonnull(n);
		for (size_t k = 0; k < sizeof(not_moica) / sizeof(not_moica[0]); k++)
			ck_assert_msg(!strstr(n->text.zh_tw, not_moica[k]) && !strstr(n->text.en, not_moica[k]),
				      "%s speaks of %s", n->id, not_moica[k]);
	}
	for (size_t i = 0; i < sizeof(generic_only) / sizeof(generic_only[0]); i++) {
		const struct cw_node *n = cw_wizard_node(w, generic_only[i]);
		ck_assert_ptr_nonnull(n);
		for (size_t k = 0; k < sizeof(not_generic) / sizeof(not_generic[0]); k++)
			ck_assert_msg(!strstr(n->text.zh_tw, not_generic[k]) && !strstr(n->text.en, not_generic[k]),
				      "%s speaks of %s", n->id, not_generic[k]);
	}
}
END_TEST

START_TEST(test_new_certificate_is_faq_4)
{
	walk(ANSWERS({CW_CHECK_CERT_IMPORT, CW_CODE_NEW_CARD, NULL, NULL}), 1);
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " pin-form " AFTER_PIN " > cert-import-new");
	assert_diagnosis(4, CW_CODE_NEW_CARD);
	/* [Imported] is the front end's: it tells the helper, then the step is checked again. */
	ck_assert_int_eq(cw_engine_choose(e, action_to("imported")), CW_VERB_IMPORTED);
	ck_assert_str_eq(here(), "cert-import-new");
	cw_engine_rerun(e);
	enum cw_check c;
	ck_assert_int_eq(cw_engine_want(e, &c), CW_WANT_CHECK);
	ck_assert_int_eq(c, CW_CHECK_CERT_IMPORT);
	struct cw_result r;
	cw_result_init(&r, CW_CHECK_CERT_IMPORT);
	cw_result_set(&r, CW_CODE_OK);
	ck_assert_int_eq(cw_engine_feed(e, &r), 0);
	ck_assert_int_eq(cw_engine_want(e, &c), CW_WANT_DONE);
}
END_TEST

/*
 * Every failure and warning each check can give (from the code catalogue) leads, with all else
 * healthy, to an advice node of the code's own FAQ item — the tree and the catalogue agree.
 */
START_TEST(test_every_code_reaches_its_faq_item)
{
	int tried = 0;
	for (int c = 0; c < CW_CHECK_COUNT; c++)
		for (int k = 0; k < CW_CODE_COUNT; k++) {
			enum cw_code code = (enum cw_code)k;
			enum cw_status st = cw_code_status(code);
			if (!cw_code_belongs(code, (enum cw_check)c) || (st != CW_STATUS_FAIL && st != CW_STATUS_WARN))
				continue;
			cw_engine_restart(e);
			/* No pcscd: the module is asked next, and OpenSC shows no token without it. */
			struct canned t[] = {{(enum cw_check)c, code, NULL, NULL},
					     {c == CW_CHECK_SERVICE ? CW_CHECK_MODULE : CW_CHECK_COUNT, CW_CODE_NO_TOKEN, NULL, NULL},
					     {CW_CHECK_COUNT, CW_CODE_OK, NULL, NULL}};
			enum cw_want want = walk(t, 1);
			const struct cw_node *n = cw_engine_node(e);
			ck_assert_msg(want == CW_WANT_USER && n->kind == CW_NODE_ADVICE, "%s %s: stopped at %s",
				      cw_check_id((enum cw_check)c), cw_code_id(code), n->id);
			if (cw_code_faq(code))
				ck_assert_msg(n->faq == cw_code_faq(code), "%s %s → %s (FAQ %d), the code says FAQ %d",
					      cw_check_id((enum cw_check)c), cw_code_id(code), n->id, n->faq,
					      cw_code_faq(code));
			struct cw_diagnosis d;
			cw_engine_diagnosis(e, &d);
			ck_assert_int_eq(d.code, code);
			tried++;
		}
	ck_assert_int_gt(tried, 40);
}
END_TEST

/* ---- live events ---- */

START_TEST(test_card_inserted_reevaluates_from_the_card)
{
	walk(ANSWERS({CW_CHECK_OS, CW_CODE_OK, "kernel", "first"}, {CW_CHECK_CARD, CW_CODE_NO_CARD, NULL, NULL}), 1);
	ck_assert_str_eq(path(), "os service reader driver card > card-insert");
	const struct cw_trail_step *s;
	cw_engine_trail(e, &s);
	const struct cw_node *os_node = s[0].node;
	asked[0] = '\0';
	cw_engine_event(e, CW_EVENT_CARD_INSERTED);
	ck_assert_int_eq(walk(ANSWERS({CW_CHECK_OS, CW_CODE_OK, "kernel", "second"}), 0), CW_WANT_USER);
	ck_assert_str_eq(asked, "card module token"); /* nothing before the card is asked again */
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " > pin-form");
	ck_assert_int_eq(cw_engine_trail(e, &s), 7);
	ck_assert_ptr_eq(s[0].node, os_node);
	ck_assert_str_eq(cw_result_get(&s[0].result, "kernel"), "first"); /* kept, not re-run */
}
END_TEST

START_TEST(test_card_answering_after_pcscd_came_back)
{
	/* An untested OS (the user chose to go on), then a card that went silent. */
	walk(ANSWERS({CW_CHECK_OS, CW_CODE_UNSUPPORTED, "kernel", "first"}), 1);
	ck_assert_str_eq(here(), "os-untested");
	cw_engine_choose(e, action_to("service"));
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_CARD_MUTE, NULL, NULL}), 1);
	ck_assert_str_eq(path(), "os os-untested service reader driver card > card-broken");
	/* pcscd goes away… */
	asked[0] = '\0';
	cw_engine_event(e, CW_EVENT_SERVICE_GONE);
	walk(ANSWERS({CW_CHECK_SERVICE, CW_CODE_NO_SERVICE, NULL, NULL}, {CW_CHECK_MODULE, CW_CODE_NO_TOKEN, NULL, NULL}), 1);
	ck_assert_str_eq(asked, "service module");
	ck_assert_str_eq(path(), "os os-untested service service-absent-module > pcscd-not-running");
	assert_diagnosis(1, CW_CODE_NO_SERVICE);
	/* …comes back, and now the card answers: the walk goes back along the old path and changes course at the card. */
	asked[0] = '\0';
	cw_engine_event(e, CW_EVENT_SERVICE_BACK);
	ck_assert_int_eq(walk(NULL, 0), CW_WANT_USER);
	ck_assert_str_eq(asked, "service reader driver card module token");
	ck_assert_str_eq(path(), "os os-untested service reader driver card module token > pin-form");
	/* Not restarted: the OS was not asked again and the user's choice at os-untested stands. */
	const struct cw_trail_step *s;
	cw_engine_trail(e, &s);
	ck_assert_str_eq(cw_result_get(&s[0].result, "kernel"), "first");
	ck_assert_int_eq(s[1].action, action_to_in(s[1].node, "service"));
	assert_diagnosis(0, CW_CODE_UNSUPPORTED);
}
END_TEST

START_TEST(test_pcscd_back_resumes_past_user_steps)
{
	/* A card the lists do not know (the user went on) and a wrong PIN counted before (the user chose to type it). */
	const struct canned *t = ANSWERS({CW_CHECK_CARD, CW_CODE_CARD_UNKNOWN, NULL, NULL}, {CW_CHECK_TOKEN, CW_CODE_PIN_COUNT_LOW, NULL, NULL});
	walk(t, 0);
	cw_engine_choose(e, action_to("module"));
	walk(t, 0);
	ck_assert_str_eq(here(), "pin-count-low");
	cw_engine_choose(e, action_to("pin-form"));
	ck_assert_str_eq(path(), "os service reader driver card card-unknown module token pin-count-low > pin-form");
	cw_engine_event(e, CW_EVENT_SERVICE_GONE);
	walk(ANSWERS({CW_CHECK_SERVICE, CW_CODE_SERVICE_LOST, NULL, NULL}), 0);
	ck_assert_str_eq(here(), "pcscd-gone");
	asked[0] = '\0';
	cw_engine_event(e, CW_EVENT_SERVICE_BACK);
	ck_assert_int_eq(walk(t, 0), CW_WANT_USER);
	/* Same answers all along: back at the PIN form, without asking the user the two questions again. */
	ck_assert_str_eq(asked, "service reader driver card module token");
	ck_assert_str_eq(path(), "os service reader driver card card-unknown module token pin-count-low > pin-form");
}
END_TEST

START_TEST(test_card_removed_at_the_end)
{
	walk(NULL, 1);
	ck_assert_str_eq(here(), "done");
	asked[0] = '\0';
	cw_engine_event(e, CW_EVENT_CARD_REMOVED);
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_NO_CARD, NULL, NULL}), 1);
	ck_assert_str_eq(asked, "card");
	ck_assert_str_eq(path(), "os service reader driver card > card-insert");
	/* The same card back: along the old path again; the PIN form is shown again (the PIN is not kept). */
	asked[0] = '\0';
	cw_engine_event(e, CW_EVENT_CARD_INSERTED);
	ck_assert_int_eq(walk(NULL, 0), CW_WANT_USER);
	ck_assert_str_eq(asked, "card module token");
	ck_assert_str_eq(here(), "pin-form");
	cw_engine_form_done(e, 1);
	ck_assert_int_eq(walk(NULL, 0), CW_WANT_DONE);
	/* The signer does not depend on the card: kept, not asked. */
	ck_assert_str_eq(asked, "card module token pin crypt sign enc-cert sign-cert cert-import");
}
END_TEST

START_TEST(test_event_for_the_check_being_waited_for)
{
	walk(NULL, 1);
	cw_engine_restart(e);
	enum cw_check c;
	ck_assert_int_eq(cw_engine_want(e, &c), CW_WANT_CHECK);
	unsigned serial = cw_engine_serial(e);
	cw_engine_event(e, CW_EVENT_READERS_CHANGED); /* nothing on the trail yet; os is not touched */
	ck_assert_uint_ne(cw_engine_serial(e), serial);
	ck_assert_int_eq(cw_engine_want(e, &c), CW_WANT_CHECK);
	ck_assert_int_eq(c, CW_CHECK_OS);
}
END_TEST

/* ---- user steps ---- */

START_TEST(test_back)
{
	walk(ANSWERS({CW_CHECK_PIN, CW_CODE_PIN_INCORRECT, NULL, NULL}), 1);
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " pin-form pin > pin-wrong");
	assert_diagnosis(5, CW_CODE_PIN_INCORRECT);
	cw_engine_choose(e, action_to("pin-forgotten"));
	ck_assert_str_eq(here(), "pin-forgotten");
	ck_assert_int_eq(cw_engine_back(e), 1);
	ck_assert_str_eq(here(), "pin-wrong");
	ck_assert_int_eq(cw_engine_back(e), 1);
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " > pin-form");
	ck_assert_int_eq(cw_engine_back(e), 0); /* nothing before: stays */
	ck_assert_str_eq(here(), "pin-form");
	/* Declining the PIN goes on to the certificates. */
	asked[0] = '\0';
	cw_engine_form_done(e, 0);
	ck_assert_int_eq(walk(NULL, 0), CW_WANT_DONE);
	ck_assert_str_eq(asked, "enc-cert sign-cert signer cert-import");
}
END_TEST

START_TEST(test_goto_a_node_on_the_trail_goes_back_to_it)
{
	walk(ANSWERS({CW_CHECK_PIN, CW_CODE_PIN_INCORRECT, NULL, NULL}), 1);
	cw_engine_choose(e, action_to("pin-form")); /* "I do remember it": the form again, not a longer trail */
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " > pin-form");
}
END_TEST

START_TEST(test_rerun)
{
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_NO_CARD, NULL, NULL}), 1);
	ck_assert_str_eq(here(), "card-insert");
	/* Still no card: the same advice, the same trail. */
	asked[0] = '\0';
	cw_engine_choose(e, action_to("rerun"));
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_NO_CARD, NULL, NULL}), 1);
	ck_assert_str_eq(asked, "card");
	ck_assert_str_eq(path(), "os service reader driver card > card-insert");
	/* Now a card. */
	asked[0] = '\0';
	cw_engine_rerun(e);
	walk(NULL, 0);
	ck_assert_str_eq(asked, "card module token");
	/* At a check being waited for, rerun asks it again (a new serial drops the old answer). */
	cw_engine_restart(e);
	unsigned serial = cw_engine_serial(e);
	cw_engine_rerun(e);
	ck_assert_uint_ne(serial, cw_engine_serial(e));
	enum cw_check c;
	ck_assert_int_eq(cw_engine_want(e, &c), CW_WANT_CHECK);
	ck_assert_int_eq(c, CW_CHECK_OS);
}
END_TEST

START_TEST(test_restart)
{
	walk(ANSWERS({CW_CHECK_TOKEN, CW_CODE_PIN_LOCKED, NULL, NULL}), 1);
	cw_engine_restart(e);
	const struct cw_trail_step *s;
	ck_assert_int_eq(cw_engine_trail(e, &s), 0);
	ck_assert_str_eq(here(), "os");
	asked[0] = '\0';
	walk(NULL, 1);
	ck_assert_str_eq(asked, MAIN_TO_TOKEN " " AFTER_PIN);
	assert_diagnosis(0, CW_CODE_OK);
}
END_TEST

START_TEST(test_full_test_of_a_broken_card)
{
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_CARD_MUTE, NULL, NULL}), 1);
	ck_assert_str_eq(here(), "card-broken");
	asked[0] = '\0';
	ck_assert_int_eq(cw_engine_choose(e, action_to("full-test")), CW_VERB_FULL_TEST);
	ck_assert(cw_engine_in_full_test(e));
	ck_assert_int_eq(walk(ANSWERS({CW_CHECK_CARD, CW_CODE_CARD_MUTE, NULL, NULL}), 0), CW_WANT_USER);
	/* What needs the card is not asked; the signer does not need it. The card's work carries
	 * the card's failure (never a skip that reads as healthy); the certificates are not run. */
	ck_assert_str_eq(asked, "os service reader driver card signer");
	const struct cw_result *table;
	ck_assert_int_eq(cw_engine_table(e, &table), CW_CHECK_COUNT);
	for (int c = CW_CHECK_MODULE; c <= CW_CHECK_SIGN; c++) {
		ck_assert_int_eq(table[c].code, CW_CODE_CARD_MUTE);
		ck_assert_int_eq(table[c].status, CW_STATUS_FAIL);
	}
	ck_assert_str_eq(cw_result_get(&table[CW_CHECK_TOKEN], "blocked_by"), "module");
	ck_assert_int_eq(table[CW_CHECK_ENC_CERT].code, CW_CODE_NOT_RUN);
	ck_assert_int_eq(table[CW_CHECK_SIGNER].code, CW_CODE_OK);
	/* Then the tree is walked with the table: the same advice as before. */
	ck_assert(!cw_engine_in_full_test(e));
	ck_assert_str_eq(path(), "os service reader driver card > card-broken");
	assert_diagnosis(2, CW_CODE_CARD_MUTE);
}
END_TEST

START_TEST(test_full_test_without_a_pin)
{
	cw_engine_full_test(e);
	walk(ANSWERS({CW_CHECK_PIN, CW_CODE_SKIPPED_NO_PIN, NULL, NULL}), 0);
	ck_assert_str_eq(asked, MAIN_TO_TOKEN " pin enc-cert sign-cert signer cert-import");
	const struct cw_result *table;
	cw_engine_table(e, &table);
	ck_assert_int_eq(table[CW_CHECK_CRYPT].code, CW_CODE_SKIPPED_NO_PIN);
	ck_assert_int_eq(table[CW_CHECK_SIGN].code, CW_CODE_SKIPPED_NO_PIN);
	ck_assert_str_eq(path(), MAIN_TO_TOKEN " pin-form pin enc-cert sign-cert signer cert-import > done");
	assert_diagnosis(0, CW_CODE_OK);
}
END_TEST

START_TEST(test_full_test_event_and_back)
{
	cw_engine_full_test(e);
	/* No readers: the card is not run, but the module is (a software token needs no reader). */
	walk(ANSWERS({CW_CHECK_READER, CW_CODE_NO_READERS, NULL, NULL}), 0);
	ck_assert_str_eq(asked, "os service reader driver module token pin crypt sign enc-cert sign-cert signer cert-import");
	ck_assert_str_eq(path(), "os service reader reader-driver > reader-missing");
	/* During a full test an event asks again from the first touched check already asked. */
	cw_engine_full_test(e);
	asked[0] = '\0';
	struct cw_result r;
	for (int c = 0; c < 5; c++) {
		answer(NULL, (enum cw_check)c, &r);
		ck_assert_int_eq(cw_engine_feed(e, &r), 0);
	}
	cw_engine_event(e, CW_EVENT_CARD_REMOVED);
	enum cw_check c;
	ck_assert_int_eq(cw_engine_want(e, &c), CW_WANT_CHECK);
	ck_assert_int_eq(c, CW_CHECK_CARD);
	ck_assert_int_eq(cw_engine_table(e, &(const struct cw_result *){NULL}), CW_CHECK_CARD);
	/* Back leaves the full test where the wizard was. */
	ck_assert_int_eq(cw_engine_back(e), 1);
	ck_assert(!cw_engine_in_full_test(e));
	ck_assert_str_eq(here(), "reader-missing");
}
END_TEST

/* ---- robustness ---- */

START_TEST(test_feed_what_was_not_asked)
{
	struct cw_result r;
	answer(NULL, CW_CHECK_CARD, &r);
	unsigned serial = cw_engine_serial(e);
	ck_assert_int_eq(cw_engine_feed(e, &r), -1); /* the engine wants os */
	ck_assert_uint_eq(cw_engine_serial(e), serial);
	walk(ANSWERS({CW_CHECK_SERVICE, CW_CODE_NO_SERVICE, NULL, NULL}), 1);
	ck_assert_int_eq(cw_engine_feed(e, &r), -1); /* at an advice node nothing is asked */
	ck_assert_int_eq(cw_engine_choose(e, 99), -1);
	ck_assert_int_eq(cw_engine_form_done(e, 1), -1);
}
END_TEST

START_TEST(test_a_result_without_route)
{
	enum cw_check c;
	struct cw_result r;
	answer(NULL, CW_CHECK_OS, &r);
	cw_engine_feed(e, &r);
	/* A probe's bug: the service check warning with a card code — no route for that. */
	cw_result_init(&r, CW_CHECK_SERVICE);
	cw_result_set(&r, CW_CODE_CARD_UNKNOWN);
	ck_assert_int_eq(cw_engine_feed(e, &r), 0);
	ck_assert_int_eq(cw_engine_want(e, &c), CW_WANT_ERROR);
	ck_assert_ptr_nonnull(cw_engine_error(e));
	ck_assert_ptr_nonnull(strstr(cw_engine_error(e), "card-unknown"));
	cw_engine_rerun(e);
	ck_assert_ptr_null(cw_engine_error(e));
	ck_assert_int_eq(cw_engine_want(e, &c), CW_WANT_CHECK);
	ck_assert_int_eq(c, CW_CHECK_SERVICE);
}
END_TEST

START_TEST(test_profile_from_the_card)
{
	ck_assert_str_eq(cw_engine_profile(e)->id, "generic");
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "atr", "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57"}), 0);
	ck_assert_str_eq(cw_engine_profile(e)->id, "moica");
	cw_engine_restart(e);
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", "cht"}), 0);
	ck_assert_str_eq(cw_engine_profile(e)->id, "cht");
	cw_engine_restart(e);
	ck_assert_str_eq(cw_engine_profile(e)->id, "generic");
}
END_TEST

/* ---- the PIN guard ---- */

/* A module whose configuration refuses any unblock (the token check's detail unblock): the guard
 * says so before a PUK is asked for; a MOICA card is refused by its profile first. */
START_TEST(test_guard_refused_by_module)
{
	struct cw_result r;
	cw_result_init(&r, CW_CHECK_TOKEN);
	cw_result_set(&r, CW_CODE_PIN_LOCKED);
	cw_result_add(&r, "unblock", "%s", "refused-by-module");
	struct cw_token_state t;
	cw_token_state_from_result(&r, &t);
	ck_assert(t.unblock_refused);
	const struct cw_profile *generic = cw_wizard_generic_profile(w), *moica = cw_wizard_profile(w, "moica");
	ck_assert_int_eq(cw_guard_act(generic, CW_ACT_UNBLOCK, &t, NULL, NULL, 0, 1), CW_GUARD_REFUSED_MODULE);
	ck_assert_int_eq(cw_guard_act(generic, CW_ACT_UNBLOCK, &t, NULL, "12345678", 8, 1), CW_GUARD_REFUSED_MODULE);
	ck_assert_int_eq(cw_guard_act(moica, CW_ACT_UNBLOCK, &t, NULL, NULL, 0, 1), CW_GUARD_REFUSED_PROFILE);
	t.unblock_refused = 0;
	ck_assert_int_eq(cw_guard_act(generic, CW_ACT_UNBLOCK, &t, NULL, NULL, 0, 1), CW_GUARD_OK);
	ck_assert_str_eq(cw_guard_id(CW_GUARD_REFUSED_MODULE), "refused-by-module");
}
END_TEST

START_TEST(test_pin_guard_table)
{
	const struct cw_profile *moica = cw_wizard_profile(w, "moica"), *generic = cw_wizard_generic_profile(w);
	struct cw_pin_memory *m = cw_pin_memory_new();
	cw_pin_memory_add(m, "123456", 6);
	cw_pin_memory_add(m, "abc123", 6);
	struct cw_profile caseless = *generic;
	caseless.pin.set = 1, caseless.pin.case_sensitive = 0, caseless.pin.charset = CW_CHARSET_ANY;
	static const struct cw_token_state fresh = {.tries_left = -1}, low = {.count_low = 1, .tries_left = 2},
		final = {.final_try = 1, .tries_left = -1}, one = {.tries_left = 1}, locked = {.locked = 1, .tries_left = -1},
		zero = {.tries_left = 0}, lengths = {.tries_left = -1, .min_len = 4, .max_len = 6};
	const struct {
		const struct cw_profile *p;
		const struct cw_token_state *t;
		const char *pin;
		int confirmed;
		enum cw_guard want;
	} cases[] = {
		{moica, &fresh, "600101", 0, CW_GUARD_OK},
		{moica, &fresh, "A1b2C3d4", 0, CW_GUARD_OK},
		{moica, &fresh, "60010", 0, CW_GUARD_BAD_LENGTH},
		{moica, &fresh, "600101234", 0, CW_GUARD_BAD_LENGTH},
		{moica, &fresh, "", 0, CW_GUARD_BAD_LENGTH},
		{moica, &fresh, "6001 1", 0, CW_GUARD_BAD_CHARS},
		{moica, &fresh, "60010é", 0, CW_GUARD_BAD_CHARS},
		{moica, &fresh, "123456", 0, CW_GUARD_ALREADY_FAILED},
		{moica, &fresh, "123456", 1, CW_GUARD_ALREADY_FAILED}, /* confirming does not make it right */
		{moica, &low, "600101", 0, CW_GUARD_OK},
		{moica, &final, "600101", 0, CW_GUARD_CONFIRM_FINAL},
		{moica, &final, "600101", 1, CW_GUARD_OK},
		{moica, &one, "600101", 0, CW_GUARD_CONFIRM_FINAL},
		{moica, &final, "60010", 0, CW_GUARD_BAD_LENGTH}, /* not sent anyway: no need to confirm */
		{moica, &locked, "600101", 1, CW_GUARD_LOCKED},
		{moica, &zero, "600101", 1, CW_GUARD_LOCKED},
		{moica, &locked, NULL, 0, CW_GUARD_LOCKED},    /* may the form even be shown? no */
		{moica, &final, NULL, 0, CW_GUARD_CONFIRM_FINAL},
		{moica, &fresh, NULL, 0, CW_GUARD_OK},
		{generic, &lengths, "1234", 0, CW_GUARD_OK}, /* lengths from the token */
		{generic, &lengths, "123", 0, CW_GUARD_BAD_LENGTH},
		{generic, &lengths, "1234567", 0, CW_GUARD_BAD_LENGTH},
		{generic, &fresh, "a b", 0, CW_GUARD_OK},
		{generic, &fresh, "a\tb", 0, CW_GUARD_BAD_CHARS},
		{NULL, NULL, "x", 0, CW_GUARD_OK},
		{&caseless, &fresh, "abcdef", 0, CW_GUARD_OK},
		{&caseless, &fresh, "ABC123", 0, CW_GUARD_ALREADY_FAILED}, /* "abc123" failed: so does this */
		{generic, &fresh, "ABC123", 0, CW_GUARD_OK},               /* case counts on this card */
		{generic, &fresh, "abc123", 0, CW_GUARD_ALREADY_FAILED},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum cw_guard g = cw_pin_guard(cases[i].p, cases[i].t, m, cases[i].pin,
					       cases[i].pin ? strlen(cases[i].pin) : 0, cases[i].confirmed);
		ck_assert_msg(g == cases[i].want, "case %zu: %s, want %s", i, cw_guard_id(g), cw_guard_id(cases[i].want));
	}
	cw_pin_memory_free(m);
}
END_TEST

START_TEST(test_pin_memory_keeps_hashes_only)
{
	struct cw_pin_memory *m = cw_pin_memory_new(), *other = cw_pin_memory_new();
	char pin[] = "A1b2C3d4";
	cw_pin_memory_add(m, pin, 8);
	ck_assert(cw_pin_memory_has(m, "A1b2C3d4", 8, 0));
	ck_assert(!cw_pin_memory_has(m, "A1b2C3d", 7, 0));
	ck_assert(!cw_pin_memory_has(m, "a1b2C3d4", 8, 0));
	ck_assert(!cw_pin_memory_has(other, "A1b2C3d4", 8, 0));
	/* A card that ignores case: the same PIN in another case failed too (and only that). */
	ck_assert(cw_pin_memory_has(m, "a1b2c3d4", 8, 1));
	ck_assert(cw_pin_memory_has(m, "A1B2C3D4", 8, 1));
	ck_assert(!cw_pin_memory_has(m, "a1b2c3d5", 8, 1));
	/* The PIN's bytes are nowhere in the memory. */
	ck_assert_ptr_null(memmem(m, 32 + 32 * 2 * 32, pin, 8));
	ck_assert_ptr_null(memmem(m, 32 + 32 * 2 * 32, "a1b2c3d4", 8));
	cw_pin_memory_clear(m);
	ck_assert(!cw_pin_memory_has(m, "A1b2C3d4", 8, 0));
	ck_assert(!cw_pin_memory_has(m, "a1b2c3d4", 8, 1));
	cw_pin_memory_free(m);
	cw_pin_memory_free(other);
}
END_TEST

START_TEST(test_engine_pin_guard)
{
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", "moica"}, {CW_CHECK_TOKEN, CW_CODE_OK, "serial", "A"}), 0);
	ck_assert_str_eq(here(), "pin-form");
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "600101", 6, 0), CW_GUARD_OK);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "6001", 4, 0), CW_GUARD_BAD_LENGTH);
	cw_engine_pin_failed(e, "600101", 6);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "600101", 6, 0), CW_GUARD_ALREADY_FAILED);
	/* The wrong PIN was counted and the card is down to its final try. */
	cw_engine_form_done(e, 1);
	walk(ANSWERS({CW_CHECK_PIN, CW_CODE_PIN_INCORRECT, "tries_left", "1"}), 0);
	ck_assert_str_eq(here(), "pin-wrong");
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "700101", 6, 0), CW_GUARD_CONFIRM_FINAL);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "700101", 6, 1), CW_GUARD_OK);
	/* The same PIN is still refused after a restart (same session, same token)… */
	cw_engine_restart(e);
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", "moica"}, {CW_CHECK_TOKEN, CW_CODE_OK, "serial", "A"}), 0);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "600101", 6, 0), CW_GUARD_ALREADY_FAILED);
	/* …but another token is another story. */
	cw_engine_restart(e);
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", "moica"}, {CW_CHECK_TOKEN, CW_CODE_OK, "serial", "B"}), 0);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "600101", 6, 0), CW_GUARD_OK);
}
END_TEST

/* A HiCOS token shows no PIN count in its flags: the count the vendor's code gave with the last
 * wrong PIN is the only one there is, and "type it again" (which takes the pin step off the trail)
 * must not forget it. A token result whose flags do show a count, or a card event, replaces it. */
START_TEST(test_card_word_on_the_pin_outlives_the_trail)
{
	struct cw_token_state t;
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", "moica"},
		     {CW_CHECK_TOKEN, CW_CODE_OK, "pin_counter", "unknown"}), 0);
	ck_assert_str_eq(here(), "pin-form");
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "600101", 6, 0), CW_GUARD_CONFIRM_UNKNOWN);
	cw_engine_form_done(e, 1);
	walk(ANSWERS({CW_CHECK_PIN, CW_CODE_PIN_INCORRECT, "tries_left", "1"}), 0);
	ck_assert_str_eq(here(), "pin-wrong");
	ck_assert_int_eq(cw_engine_choose(e, action_to("pin-form")), CW_VERB_GOTO);
	ck_assert_str_eq(here(), "pin-form");
	cw_engine_token_state(e, &t);
	ck_assert_int_eq(t.tries_left, 1);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "700101", 6, 0), CW_GUARD_CONFIRM_FINAL);
	/* The card was pulled and put back: what it said before is old news. */
	cw_engine_event(e, CW_EVENT_CARD_REMOVED);
	cw_engine_event(e, CW_EVENT_CARD_INSERTED);
	walk(ANSWERS({CW_CHECK_CARD, CW_CODE_OK, "profile", "moica"},
		     {CW_CHECK_TOKEN, CW_CODE_OK, "pin_counter", "unknown"}), 0);
	cw_engine_token_state(e, &t);
	ck_assert_int_eq(t.tries_left, -1);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "700101", 6, 0), CW_GUARD_CONFIRM_UNKNOWN);
}
END_TEST

/* Another program spent tries while the form waited: the helper refused the last try it found
 * (refused-final-try, tries_left 1). "Type it again" must then ask the confirmation, not send the
 * same unconfirmed request into the same refusal for ever. */
START_TEST(test_refused_final_try_asks_next_time)
{
	walk(ANSWERS({CW_CHECK_TOKEN, CW_CODE_OK, "serial", "A"}), 0);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "700101", 6, 0), CW_GUARD_OK);
	cw_engine_form_done(e, 1);
	walk(ANSWERS({CW_CHECK_PIN, CW_CODE_REFUSED_FINAL_TRY, "tries_left", "1"}), 0);
	ck_assert_int_eq(cw_engine_choose(e, action_to("pin-form")), CW_VERB_GOTO);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "700101", 6, 0), CW_GUARD_CONFIRM_FINAL);
}
END_TEST

/* A token whose flags show the count: after an unblock its fresh "ok" is not overruled by the
 * lock an older PIN result reported. */
START_TEST(test_token_flags_replace_the_old_pin_word)
{
	struct cw_token_state t;
	walk(ANSWERS({CW_CHECK_TOKEN, CW_CODE_OK, "serial", "A"}), 0);
	cw_engine_form_done(e, 1);
	walk(ANSWERS({CW_CHECK_PIN, CW_CODE_PIN_LOCKED, NULL, NULL}), 0);
	cw_engine_token_state(e, &t);
	ck_assert(t.locked);
	cw_engine_restart(e); /* as after an unblock: the walk from the start, the token fine now */
	walk(ANSWERS({CW_CHECK_TOKEN, CW_CODE_OK, "serial", "A"}), 0);
	cw_engine_token_state(e, &t);
	ck_assert(!t.locked);
	ck_assert_int_eq(cw_engine_guard(e, CW_ACT_VERIFY, "700101", 6, 0), CW_GUARD_OK);
}
END_TEST

static Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *t = tcase_create("faq paths");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_healthy);
	tcase_add_test(t, test_no_service_is_faq_1);
	tcase_add_test(t, test_no_service_software_token);
	tcase_add_test(t, test_no_reader_is_faq_3);
	tcase_add_test(t, test_reader_without_driver_is_faq_3);
	tcase_add_test(t, test_broken_card_is_faq_2);
	tcase_add_test(t, test_locked_is_faq_5_and_the_unlock_node);
	tcase_add_test(t, test_locked_step_by_profile);
	tcase_add_test(t, test_profile_texts_stay_apart);
	tcase_add_test(t, test_new_certificate_is_faq_4);
	tcase_add_test(t, test_every_code_reaches_its_faq_item);
	tcase_add_test(t, test_card_word_on_the_pin_outlives_the_trail);
	tcase_add_test(t, test_token_flags_replace_the_old_pin_word);
	tcase_add_test(t, test_refused_final_try_asks_next_time);
	suite_add_tcase(s, t);
	TCase *ev = tcase_create("events");
	tcase_add_checked_fixture(ev, setup, teardown);
	tcase_add_test(ev, test_card_inserted_reevaluates_from_the_card);
	tcase_add_test(ev, test_card_answering_after_pcscd_came_back);
	tcase_add_test(ev, test_pcscd_back_resumes_past_user_steps);
	tcase_add_test(ev, test_card_removed_at_the_end);
	tcase_add_test(ev, test_event_for_the_check_being_waited_for);
	suite_add_tcase(s, ev);
	TCase *u = tcase_create("user steps");
	tcase_add_checked_fixture(u, setup, teardown);
	tcase_add_test(u, test_back);
	tcase_add_test(u, test_goto_a_node_on_the_trail_goes_back_to_it);
	tcase_add_test(u, test_rerun);
	tcase_add_test(u, test_restart);
	tcase_add_test(u, test_full_test_of_a_broken_card);
	tcase_add_test(u, test_full_test_without_a_pin);
	tcase_add_test(u, test_full_test_event_and_back);
	tcase_add_test(u, test_feed_what_was_not_asked);
	tcase_add_test(u, test_a_result_without_route);
	tcase_add_test(u, test_profile_from_the_card);
	suite_add_tcase(s, u);
	TCase *g = tcase_create("pin guard");
	tcase_add_checked_fixture(g, setup, teardown);
	tcase_add_test(g, test_pin_guard_table);
	tcase_add_test(g, test_guard_refused_by_module);
	tcase_add_test(g, test_pin_memory_keeps_hashes_only);
	tcase_add_test(g, test_engine_pin_guard);
	suite_add_tcase(s, g);
	return s;
}

CW_TEST_MAIN(engine_suite)
