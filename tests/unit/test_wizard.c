/* test_wizard.c — the wizard loader: the shipped faq.yaml, every kind of error at its line:col, hostile files, placeholders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/wizard.h"
#include "unit.h"

static struct cw_wizard_errors errs; /* large: kept off the stack */

/* A small valid wizard; the error cases edit one piece of it. */
static const char base[] =
	"version: 1\n"                                                          /* 1 */
	"site:\n"                                                               /* 2 */
	"  system: {zh_TW: 公文系統, en: document system}\n"                    /* 3 */
	"  contacts: {hotline: 0800-080-117}\n"                                 /* 4 */
	"profiles:\n"                                                           /* 5 */
	"  - id: any\n"                                                         /* 6 */
	"    name: {zh_TW: 任何卡片, en: Any card}\n"                           /* 7 */
	"    pin: {min: 4, max: 8, charset: digits}\n"                          /* 8 */
	"    module: opensc\n"                                                  /* 9 */
	"    unlock: pkcs11\n"                                                  /* 10 */
	"start: service\n"                                                      /* 11 */
	"nodes:\n"                                                              /* 12 */
	"  - id: service\n"                                                     /* 13 */
	"    check: service\n"                                                  /* 14 */
	"    title: {zh_TW: 讀卡服務, en: Service}\n"                           /* 15 */
	"    next: {pass: card, fail: help, skip: card}\n"                      /* 16 */
	"  - id: card\n"                                                        /* 17 */
	"    check: card\n"                                                     /* 18 */
	"    title: {zh_TW: 卡片, en: Card}\n"                                  /* 19 */
	"    next: {pass: done, warn: done, fail: help, skip: done}\n"          /* 20 */
	"  - id: help\n"                                                        /* 21 */
	"    kind: advice\n"                                                    /* 22 */
	"    title: {zh_TW: 求助, en: Help}\n"                                  /* 23 */
	"    text: {zh_TW: \"請撥 {hotline}\", en: \"Call {hotline}\"}\n"       /* 24 */
	"    actions:\n"                                                        /* 25 */
	"      - {label: {zh_TW: 再試, en: Again}, do: rerun}\n"                /* 26 */
	"  - id: done\n"                                                        /* 27 */
	"    kind: end\n"                                                       /* 28 */
	"    title: {zh_TW: 完成, en: Done}\n";                                 /* 29 */

/* base with the first `from` replaced by `to` (a fresh string: free it). */
static char *edit(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	ck_assert_msg(at != NULL, "'%s' not in the base document", from);
	size_t head = (size_t)(at - base), lf = strlen(from), lt = strlen(to);
	char *s = malloc(sizeof(base) - lf + lt);
	memcpy(s, base, head);
	memcpy(s + head, to, lt);
	strcpy(s + head + lt, at + lf);
	return s;
}

static int load(const char *text, size_t len, struct cw_wizard **w)
{
	return cw_wizard_load_buffer("test.yaml", text, len, w, &errs);
}

/* Does the error list hold this kind at this place? */
static int has_error(enum cw_wizard_err kind, int line, int col)
{
	for (int i = 0; i < errs.n; i++)
		if (errs.e[i].kind == kind && errs.e[i].line == line && errs.e[i].col == col)
			return 1;
	return 0;
}

static void dump_errors(void)
{
	for (int i = 0; i < errs.n; i++)
		fprintf(stderr, "  %d:%d [%d] %s\n", errs.e[i].line, errs.e[i].col, errs.e[i].kind, errs.e[i].msg);
}

START_TEST(test_base_is_valid)
{
	struct cw_wizard *w;
	int r = load(base, strlen(base), &w);
	if (r)
		dump_errors();
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(w->nnodes, 4);
	ck_assert_int_eq(w->nprofiles, 1);
	ck_assert_str_eq(w->nodes[w->start.index].id, "service");
	ck_assert_int_eq(cw_wizard_node(w, "card")->check, CW_CHECK_CARD);
	ck_assert_int_eq(cw_wizard_node(w, "help")->kind, CW_NODE_ADVICE);
	ck_assert_int_eq(cw_wizard_node(w, "help")->actions[0].verb, CW_VERB_RERUN);
	ck_assert_ptr_null(cw_wizard_node(w, "nope"));
	cw_wizard_free(w);
}
END_TEST

/* One problem each: the kind and the place it is reported at. */
static const struct bad_case {
	const char *from, *to;
	enum cw_wizard_err kind;
	int line, col;
} bad_cases[] = {
	{"    kind: end\n", "    kind: end\n    colour: red\n", CW_WERR_UNKNOWN_KEY, 29, 5},
	{"    kind: advice\n", "    kind: advice\n    next: {pass: done}\n", CW_WERR_UNKNOWN_KEY, 23, 5},
	{"    kind: end\n", "    kind: ending\n", CW_WERR_VALUE, 28, 11},
	{"    title: {zh_TW: 完成, en: Done}\n", "    title: {zh_TW: 完成, en: Done}\n    title: {zh_TW: x, en: y}\n",
	 CW_WERR_DUPLICATE, 30, 5},
	{"  - id: done\n    kind: end\n    title: {zh_TW: 完成, en: Done}\n", "  - id: done\n    kind: end\n",
	 CW_WERR_MISSING_KEY, 27, 5},
	{"start: service\n", "", CW_WERR_MISSING_KEY, 1, 1},
	{"start: service\n", "start: nowhere\n", CW_WERR_NO_NODE, 11, 8},
	{"profiles:\n  - id: any\n", "profiles:\n  any:\n    id: any\n", CW_WERR_TYPE, 6, 3},
	{"    module: opensc\n", "    module: [opensc]\n", CW_WERR_TYPE, 9, 13},
	{"{min: 4, max: 8,", "{min: 4, max: \"8\",", CW_WERR_VALUE, 8, 24},
	{"{min: 4, max: 8,", "{min: 9, max: 8,", CW_WERR_VALUE, 8, 10},
	{"    check: card\n", "    check: cart\n", CW_WERR_UNKNOWN_CHECK, 18, 12},
	{"{pass: card, fail: help,", "{pass: card, no-card: help, fail: help,", CW_WERR_FOREIGN_CODE, 16, 24},
	{"{pass: card, fail: help,", "{pass: card, nonsense: help, fail: help,", CW_WERR_UNKNOWN_CODE, 16, 24},
	{"{pass: done, warn: done,", "{pass: done,", CW_WERR_UNROUTED, 20, 11},
	{"{pass: card, fail: help,", "{pass: card, fail: hlep,", CW_WERR_NO_NODE, 16, 30},
	{"do: rerun}", "goto: nowhere}", CW_WERR_NO_NODE, 26, 47},
	{"do: rerun}", "do: rerun, goto: done}", CW_WERR_DUPLICATE, 26, 9},
	{"{pass: done, warn: done, fail: help, skip: done}", "{pass: service, warn: done, fail: help, skip: done}",
	 CW_WERR_CYCLE, 13, 9},
	{"    title: {zh_TW: 卡片, en: Card}\n", "    title: {zh_TW: 卡片}\n", CW_WERR_LANGUAGE, 19, 12},
	{"    title: {zh_TW: 卡片, en: Card}\n", "    title: Card\n", CW_WERR_LANGUAGE, 19, 12},
	{"    title: {zh_TW: 卡片, en: Card}\n", "    title: {zh_TW: 卡片, en: \"\"}\n", CW_WERR_LANGUAGE, 19, 28},
	{"    title: {zh_TW: 卡片, en: Card}\n", "    title: {zh_TW: 卡片, en: Card, fr: Carte}\n", CW_WERR_UNKNOWN_KEY, 19, 34},
	{"\"Call {hotline}\"", "\"Call {phone}\"", CW_WERR_PLACEHOLDER, 24, 39},
	{"\"Call {hotline}\"", "\"See {unlock_url}\"", CW_WERR_PLACEHOLDER, 24, 39},
	{"    pin: {min: 4", "    atr: [\"3B 8X\"]\n    pin: {min: 4", CW_WERR_ATR, 8, 11},
	{"    pin: {min: 4", "    atr: [\"3B 8B 80 01\", \"3B8B8001\"]\n    pin: {min: 4", CW_WERR_DUPLICATE, 6, 5},
	{"    unlock: pkcs11\n", "    unlock: official\n", CW_WERR_NO_FALLBACK, 6, 3},
	{"  - id: done\n", "  - id: help\n", CW_WERR_DUPLICATE, 27, 9},
	{"  - id: done\n", "  - id: \"done now\"\n", CW_WERR_VALUE, 27, 9},
	{"version: 1\n", "version: 2\n", CW_WERR_VALUE, 1, 10},
	{"    kind: end\n", "    kind: end\n    faq: 6\n", CW_WERR_VALUE, 29, 10},
	{"  contacts: {hotline: 0800-080-117}\n", "  contacts: {hotline: 0800-080-117, unlock_url: ftp://x}\n", CW_WERR_VALUE, 4, 49},
	{"  contacts: {hotline: 0800-080-117}\n", "  contacts: {hotline: 0800-080-117}\n  signer: {host: 127.0.0.1, port: 70000}\n",
	 CW_WERR_VALUE, 5, 35},
	{"  system: {zh_TW: 公文系統, en: document system}\n", "  system: &a {zh_TW: 公文系統, en: x}\n  other: *a\n",
	 CW_WERR_ALIAS, 4, 10},
	{"{pass: done, warn: done, fail: help, skip: done}", "{pass: done, warn: done, fail: help, skip: done",
	 CW_WERR_SYNTAX, 21, 7},
	{"  - id: help\n    kind: advice\n", "  - id: help\n", CW_WERR_MISSING_KEY, 21, 5},
	{"    title: {zh_TW: 完成, en: Done}\n", "    title: {zh_TW: 完成, en: Done}\n  - id: orphan\n    kind: end\n"
	 "    title: {zh_TW: 孤, en: Orphan}\n", CW_WERR_UNREACHABLE, 30, 9},
};

START_TEST(test_each_error_kind_at_its_place)
{
	const struct bad_case *c = &bad_cases[_i];
	char *text = edit(c->from, c->to);
	struct cw_wizard *w = (struct cw_wizard *)1;
	int r = load(text, strlen(text), &w);
	if (r == 0 || !has_error(c->kind, c->line, c->col)) {
		fprintf(stderr, "case %d (%s → %s), want kind %d at %d:%d; got:\n", _i, c->from, c->to, c->kind, c->line,
			c->col);
		dump_errors();
	}
	ck_assert_int_eq(r, -1);
	ck_assert_ptr_null(w);
	ck_assert(has_error(c->kind, c->line, c->col));
	ck_assert_int_eq(errs.dropped, 0);
	free(text);
}
END_TEST

START_TEST(test_errors_come_sorted_and_all_at_once)
{
	char *a = edit("    check: card\n", "    check: cart\n");
	char *b = strdup(a);
	free(a);
	/* Three unrelated problems: all three are reported, in file order. */
	char *p = strstr(b, "version: 1");
	p[9] = '3';
	p = strstr(b, "do: rerun}");
	memcpy(p, "do: rerum}", 10);
	struct cw_wizard *w;
	ck_assert_int_eq(load(b, strlen(b), &w), -1);
	ck_assert_int_eq(errs.n, 3);
	ck_assert_int_eq(errs.e[0].line, 1);
	ck_assert_int_eq(errs.e[1].line, 18);
	ck_assert_int_eq(errs.e[2].line, 26);
	for (int i = 0; i < errs.n; i++)
		ck_assert(errs.e[i].msg[0]);
	free(b);
}
END_TEST

START_TEST(test_error_cap)
{
	/* A node with 300 unknown keys: 100 errors kept, the rest counted, no hang. */
	size_t size = sizeof(base) + 300 * 32;
	char *s = malloc(size);
	strcpy(s, base);
	for (int i = 0; i < 300; i++)
		sprintf(s + strlen(s), "    junk%d: x\n", i);
	struct cw_wizard *w;
	ck_assert_int_eq(load(s, strlen(s), &w), -1);
	ck_assert_int_eq(errs.n, CW_WIZARD_MAX_ERRORS);
	ck_assert_int_eq(errs.dropped, 300 - CW_WIZARD_MAX_ERRORS);
	free(s);
}
END_TEST

START_TEST(test_hostile_files)
{
	struct cw_wizard *w;
	/* Empty, comments only, an empty document. */
	ck_assert_int_eq(load("", 0, &w), -1);
	ck_assert(has_error(CW_WERR_EMPTY, 1, 1));
	ck_assert_int_eq(load("# nothing\n\n", 11, &w), -1);
	ck_assert(has_error(CW_WERR_EMPTY, 1, 1));
	ck_assert_int_eq(load("---\n", 4, &w), -1);
	ck_assert(has_error(CW_WERR_EMPTY, 1, 1));
	ck_assert_int_eq(load("just words\n", 11, &w), -1);
	ck_assert(has_error(CW_WERR_TYPE, 1, 1));
	/* Binary: the NUL's place. */
	ck_assert_int_eq(load("version: 1\nab\0cd", 16, &w), -1);
	ck_assert(has_error(CW_WERR_BINARY, 2, 3));
	/* Invalid UTF-8 and control characters: libyaml's own complaint, placed. */
	ck_assert_int_eq(load("version: 1\nsite: \xff\xfe\n", 20, &w), -1);
	ck_assert_int_eq(errs.e[0].kind, CW_WERR_SYNTAX);
	ck_assert_int_eq(errs.e[0].line, 2);
	/* Size: the limit itself is read; one byte more is not. */
	char *big = malloc(CW_WIZARD_MAX_BYTES + 1);
	memset(big, '\n', CW_WIZARD_MAX_BYTES + 1);
	big[0] = '#';
	ck_assert_int_eq(load(big, CW_WIZARD_MAX_BYTES, &w), -1);
	ck_assert(has_error(CW_WERR_EMPTY, 1, 1));
	ck_assert_int_eq(load(big, CW_WIZARD_MAX_BYTES + 1, &w), -1);
	ck_assert(has_error(CW_WERR_TOO_BIG, 1, 1));
	ck_assert_int_eq(errs.n, 1);
	/* Nesting: the root mapping and 31 lists are allowed (other errors), 32 lists are not. */
	char deep[200] = "a: ";
	memset(deep + 3, '[', 31);
	memset(deep + 34, ']', 31);
	ck_assert_int_eq(load(deep, strlen(deep), &w), -1);
	for (int i = 0; i < errs.n; i++)
		ck_assert_int_ne(errs.e[i].kind, CW_WERR_TOO_DEEP); /* only "unknown key 'a'" and the missing ones */
	memset(deep + 3, '[', 32);
	memset(deep + 35, ']', 32);
	deep[67] = '\0';
	ck_assert_int_eq(load(deep, strlen(deep), &w), -1);
	ck_assert(has_error(CW_WERR_TOO_DEEP, 1, 35));
	/* Unclosed nesting 200 000 deep, well inside 1 MiB: stopped at 33 levels, no stack blown. */
	char *unclosed = malloc(200004);
	memcpy(unclosed, "a: ", 3);
	memset(unclosed + 3, '[', 200000);
	ck_assert_int_eq(load(unclosed, 200003, &w), -1);
	ck_assert(has_error(CW_WERR_TOO_DEEP, 1, 35));
	free(unclosed);
	/* Counts: more YAML values than allowed. */
	size_t n = 0;
	char *many = malloc(3 + 2 * (CW_WIZARD_MAX_VALUES + 10) + 2);
	n += (size_t)sprintf(many, "a: [");
	for (int i = 0; i < CW_WIZARD_MAX_VALUES + 10; i++)
		n += (size_t)sprintf(many + n, "1,");
	many[n - 1] = ']';
	ck_assert_int_eq(load(many, n, &w), -1);
	ck_assert_int_eq(errs.e[0].kind, CW_WERR_TOO_MANY);
	free(many);
	free(big);
	/* Two documents. */
	ck_assert_int_eq(load("a: 1\n---\nb: 2\n", 14, &w), -1);
	ck_assert(has_error(CW_WERR_SYNTAX, 2, 1));
}
END_TEST

START_TEST(test_no_such_file)
{
	struct cw_wizard *w;
	ck_assert_int_eq(cw_wizard_load_file("/nonexistent/faq.yaml", &w, &errs), -1);
	ck_assert_int_eq(errs.e[0].kind, CW_WERR_IO);
	ck_assert_ptr_null(w);
}
END_TEST

START_TEST(test_placeholders)
{
	char *s = edit("  contacts: {hotline: 0800-080-117}\n",
		       "  contacts: {hotline: 0800-080-117}\n  component: {name: ATSign, windows_installer: ATSign.msi}\n"
		       "  signer: {host: 127.0.0.1, port: 61161}\n");
	struct cw_wizard *w;
	ck_assert_int_eq(load(s, strlen(s), &w), 0);
	char out[256];
	size_t n = cw_wizard_expand(w, CW_LANG_ZH_TW, "{system}：撥 {hotline}，安裝 {installer} ({component}) 於 {signer}", out,
				    sizeof(out));
	ck_assert_str_eq(out, "公文系統：撥 0800-080-117，安裝 ATSign.msi (ATSign) 於 127.0.0.1:61161");
	ck_assert_uint_eq(n, strlen(out));
	cw_wizard_expand(w, CW_LANG_EN, "the {system}", out, sizeof(out));
	ck_assert_str_eq(out, "the document system");
	/* Braces that are not placeholders stay, so commands and code can be quoted. */
	cw_wizard_expand(w, CW_LANG_EN, "if (x) { y(); } {Not} {} {unknown_one}", out, sizeof(out));
	ck_assert_str_eq(out, "if (x) { y(); } {Not} {} {unknown_one}");
	/* Like snprintf: cut but terminated, and the full length returned. */
	n = cw_wizard_expand(w, CW_LANG_EN, "call {hotline}", out, 8);
	ck_assert_str_eq(out, "call 08");
	ck_assert_uint_eq(n, strlen("call 0800-080-117"));
	ck_assert_uint_eq(cw_wizard_expand(w, CW_LANG_EN, "{hotline}", NULL, 0), 12);
	cw_wizard_free(w);
	free(s);
}
END_TEST

START_TEST(test_charsets)
{
	ck_assert(cw_charset_fits(CW_CHARSET_DIGITS, "600101", 6));
	ck_assert(!cw_charset_fits(CW_CHARSET_DIGITS, "60010a", 6));
	ck_assert(cw_charset_fits(CW_CHARSET_ALNUM, "Ab12cD", 6));
	ck_assert(!cw_charset_fits(CW_CHARSET_ALNUM, "Ab 12", 5));
	ck_assert(!cw_charset_fits(CW_CHARSET_ALNUM, "ab\0c", 4));
	ck_assert(cw_charset_fits(CW_CHARSET_PRINT, "a b~!", 5));
	ck_assert(!cw_charset_fits(CW_CHARSET_PRINT, "a\tb", 3));
	ck_assert(cw_charset_fits(CW_CHARSET_ANY, "\x01\xff", 2));
}
END_TEST

/* ---- the shipped file ---- */

static struct cw_wizard *faq;

static void load_faq(void)
{
	int r = cw_wizard_load_file("wizard/faq.yaml", &faq, &errs);
	if (r)
		dump_errors();
	ck_assert_int_eq(r, 0);
}

static void free_faq(void) { cw_wizard_free(faq); }

START_TEST(test_faq_has_every_check_and_faq_item)
{
	int checks[CW_CHECK_COUNT] = {0}, faqs[6] = {0};
	for (int i = 0; i < faq->nnodes; i++) {
		const struct cw_node *n = &faq->nodes[i];
		if (n->kind == CW_NODE_CHECK)
			checks[n->check]++;
		faqs[n->faq]++;
	}
	for (int c = 0; c < CW_CHECK_COUNT; c++)
		ck_assert_msg(checks[c] > 0, "no node for check %s", cw_check_id((enum cw_check)c));
	for (int f = 1; f <= 5; f++)
		ck_assert_msg(faqs[f] > 0, "no node for FAQ item %d", f);
	ck_assert_str_eq(faq->nodes[faq->start.index].id, "os");
}
END_TEST

START_TEST(test_faq_texts_both_languages_expanded)
{
	char zh[8192], en[8192];
	for (int i = 0; i < faq->nnodes; i++) {
		const struct cw_node *n = &faq->nodes[i];
		ck_assert_msg(n->title.zh_tw && n->title.en, "%s: title", n->id);
		ck_assert_msg(strcmp(n->title.zh_tw, n->title.en) != 0, "%s: zh_TW title is English", n->id);
		if (n->kind == CW_NODE_ADVICE)
			ck_assert_msg(n->text.zh_tw && n->text.en, "advice %s has no text", n->id);
		if (!n->text.zh_tw)
			continue;
		ck_assert_uint_lt(cw_wizard_expand(faq, CW_LANG_ZH_TW, n->text.zh_tw, zh, sizeof(zh)), sizeof(zh));
		ck_assert_uint_lt(cw_wizard_expand(faq, CW_LANG_EN, n->text.en, en, sizeof(en)), sizeof(en));
		ck_assert_msg(!strstr(zh, "{hotline}") && !strstr(en, "{system}"), "%s: placeholder left", n->id);
		for (int a = 0; a < n->nactions; a++)
			ck_assert(n->actions[a].label.zh_tw && n->actions[a].label.en);
	}
}
END_TEST

/* Nothing of the FAQ (doc/DESIGN.md §1) may be lost: its details, each found in the node that carries it. */
static const struct {
	const char *node, *text;
} seed_details[] = {
	{"component-install", "{installer}"},
	{"component-install", "「下載」目錄"},
	{"component-install", "按「是」"},
	{"component-install", "關閉瀏覽器，再打開瀏覽器"},
	{"hicos-test", "9 項測試"},
	{"hicos-test", "HiCOS_Client.zip"},
	{"hicos-test", "HiCOS PKI Smart Card"},
	{"hicos-test", "開始測試"},
	{"card-insert", "未偵測到卡片或卡片已鎖卡"},
	{"card-broken", "戶政事務所換新卡"},
	{"card-broken", "插錯"},
	{"reader-missing", "0x8010002E"},
	{"reader-missing", "驅動程式"},
	{"reader-missing", "換另一台讀卡機"},
	{"cert-import-new", "「個人」，再點選「個人資訊」"},
	{"cert-import-new", "請先按「刪除」"},
	{"cert-import-new", "已匯入"},
	{"cert-import-howto", "第一次使用"},
	{"unlock", "{unlock_url}"},
	{"unlock", "{hotline}"},
	{"unlock", "卡管中心"},
	{"unlock", "用戶代碼"},
	{"unlock-online", "網頁發生錯誤"},
	{"unlock-online", "重新開機"},
	{"unlock-online", "IE11"},
	{"unlock-online", "▼"},
	{"unlock-online", "{tools_url}"},
	{"user-code-forgotten", "不限戶籍地"},
	{"user-code-forgotten", "自然人憑證代辦事項委託書"},
	{"user-code-forgotten", "親筆簽名或用印"},
	{"user-code-forgotten", "雙方的國民身分證正本"},
	{"user-code-forgotten", "線上修改用戶代碼"},
	{"user-code-forgotten", "6–10 碼"},
	{"user-code-forgotten", "英文有大小寫之分"},
	{"pin-forgotten", "還沒鎖住"},
	{"pin-forgotten", "600101"},
	{"pin-forgotten", "600101"},
	{"pin-forgotten", "不要隨意告知他人"},
	{"pin-form", "6–8 碼"},
	{"pcscd-not-running", "systemctl enable --now pcscd.socket"},
	{"pcscd-gone", "systemctl restart pcscd"},
	{"polkit", "/etc/polkit-1/rules.d/"},
	{"module-missing", "opensc-pkcs11"},
	{"vendor-module", "HiCOS"},
	{"enc-cert-expiring", "憑證展期"},
};

START_TEST(test_faq_keeps_the_seed)
{
	const struct cw_node *n = cw_wizard_node(faq, seed_details[_i].node);
	ck_assert_msg(n != NULL, "no node %s", seed_details[_i].node);
	ck_assert_msg(n->text.zh_tw && strstr(n->text.zh_tw, seed_details[_i].text), "%s lacks \"%s\"",
		      seed_details[_i].node, seed_details[_i].text);
}
END_TEST

START_TEST(test_faq_profiles)
{
	static const unsigned char moica1[] = {0x3B, 0x8B, 0x80, 0x01, 0x00, 0x31, 0xC1, 0x64,
					       0x08, 0x40, 0x21, 0x30, 0x00, 0x90, 0x00, 0x57};
	static const unsigned char moica2[] = {0x3B, 0xB8, 0x13, 0x00, 0x81, 0x31, 0xFA, 0x52, 0x43,
					       0x48, 0x54, 0x4D, 0x4F, 0x49, 0x43, 0x41, 0xA5};
	/* The same historical bytes ("CHTMOICA") behind other interface bytes: another batch, still MOICA's;
	 * other CHT historical bytes ("CHTGPKIJ" on an ATR no profile lists): CHT. */
	static const unsigned char moica_batch[] = {0x3B, 0x88, 0x80, 0x01, 0x43, 0x48, 0x54, 0x4D, 0x4F, 0x49, 0x43, 0x41, 0x00};
	static const unsigned char cht[] = {0x3B, 0x88, 0x80, 0x01, 0x43, 0x48, 0x54, 0x47, 0x50, 0x4B, 0x49, 0x4A, 0x00};
	static const unsigned char piv[] = {0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x77, 0x81, 0x81, 0x00, 0x00};
	ck_assert_str_eq(cw_wizard_profile_for_atr(faq, moica1, sizeof(moica1), NULL, 0)->id, "moica");
	ck_assert_str_eq(cw_wizard_profile_for_atr(faq, moica2, sizeof(moica2), NULL, 0)->id, "moica");
	ck_assert_str_eq(cw_wizard_profile_for_atr(faq, moica_batch, sizeof(moica_batch), NULL, 0)->id, "moica");
	ck_assert_str_eq(cw_wizard_profile_for_atr(faq, cht, sizeof(cht), NULL, 0)->id, "cht");
	ck_assert_str_eq(cw_wizard_profile_for_atr(faq, piv, sizeof(piv), NULL, 0)->id, "generic");
	ck_assert_str_eq(cw_wizard_profile_for_atr(faq, piv, sizeof(piv), (const unsigned char *)"xxCHTyy", 7)->id, "cht");
	ck_assert_str_eq(cw_wizard_profile_for_atr(faq, NULL, 0, NULL, 0)->id, "generic");
	const struct cw_profile *m = cw_wizard_profile(faq, "moica");
	ck_assert_int_eq(m->natr, 3);
	ck_assert_int_eq(m->pin.min, 6);
	ck_assert_int_eq(m->pin.max, 8);
	ck_assert_int_eq(m->pin.charset, CW_CHARSET_ALNUM);
	ck_assert_int_eq(m->tries, 3);
	ck_assert_int_eq(m->module, CW_MODULE_VENDOR);
	/* what the helper gets with each request: the module kind and the tries travel too */
	struct cw_card_profile *cp = calloc(CW_PROFILE_MAX, sizeof(*cp));
	int ncp = cw_wizard_card_profiles(faq, cp);
	ck_assert_int_ge(ncp, 3);
	ck_assert_int_eq(cp[0].module, CW_MODULE_VENDOR);
	ck_assert_int_eq(cp[0].tries, 3);
	ck_assert_int_eq(cp[ncp - 1].module, CW_MODULE_OPENSC);
	free(cp);
	ck_assert_int_eq(m->unlock, CW_UNLOCK_OFFICIAL);
	ck_assert_int_eq(cw_wizard_profile(faq, "cht")->unlock, CW_UNLOCK_ISSUER);
	const struct cw_profile *g = cw_wizard_generic_profile(faq);
	ck_assert_str_eq(g->id, "generic");
	ck_assert(g->pin.from_token);
	ck_assert_str_eq(cw_ltext_get(&g->name, CW_LANG_EN), "PKCS#11 card (PIV, OpenPGP, OpenSC)");
	ck_assert_str_eq(faq->site.hotline, "0800-080-117");
	ck_assert_str_eq(faq->site.unlock_url, "https://moica.nat.gov.tw/unblockcard.html");
	ck_assert_ptr_null(faq->site.signer); /* none in the shipped file */
}
END_TEST

/* Damaged copies of the real file: every one loads or is refused cleanly (run under SANITIZE=1 too). */
START_TEST(test_faq_mutations_never_crash)
{
	FILE *f = fopen("wizard/faq.yaml", "rb");
	ck_assert_ptr_nonnull(f);
	static char text[CW_WIZARD_MAX_BYTES];
	size_t len = fread(text, 1, sizeof(text), f);
	fclose(f);
	char *copy = malloc(len + 1);
	srand(12345);
	for (int round = 0; round < 300; round++) {
		memcpy(copy, text, len);
		size_t n = len;
		switch (round % 3) {
		case 0: n = (size_t)rand() % len; break; /* cut anywhere */
		case 1:
			for (int k = 0; k < 8; k++)
				copy[(size_t)rand() % len] = "{}[]:-#'\"\n &*!|>"[rand() % 16];
			break;
		case 2:
			for (int k = 0; k < 4; k++)
				copy[(size_t)rand() % len] = (char)(rand() % 256);
			break;
		}
		struct cw_wizard *w = NULL;
		int r = cw_wizard_load_buffer("m", copy, n, &w, &errs);
		ck_assert(r == 0 ? w != NULL : (w == NULL && (errs.n > 0 || errs.dropped > 0)));
		cw_wizard_free(w);
	}
	free(copy);
}
END_TEST

static Suite *wizard_suite(void)
{
	Suite *s = suite_create("wizard");
	TCase *t = tcase_create("loader");
	tcase_add_test(t, test_base_is_valid);
	tcase_add_loop_test(t, test_each_error_kind_at_its_place, 0, (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(t, test_errors_come_sorted_and_all_at_once);
	tcase_add_test(t, test_error_cap);
	tcase_add_test(t, test_hostile_files);
	tcase_add_test(t, test_no_such_file);
	tcase_add_test(t, test_placeholders);
	tcase_add_test(t, test_charsets);
	suite_add_tcase(s, t);
	TCase *f = tcase_create("faq.yaml");
	tcase_add_checked_fixture(f, load_faq, free_faq);
	tcase_set_timeout(f, 60);
	tcase_add_test(f, test_faq_has_every_check_and_faq_item);
	tcase_add_test(f, test_faq_texts_both_languages_expanded);
	tcase_add_loop_test(f, test_faq_keeps_the_seed, 0, (int)(sizeof(seed_details) / sizeof(seed_details[0])));
	tcase_add_test(f, test_faq_profiles);
	tcase_add_test(f, test_faq_mutations_never_crash);
	suite_add_tcase(s, f);
	return s;
}

CW_TEST_MAIN(wizard_suite)
