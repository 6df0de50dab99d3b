/* wizard.h — the wizard file as data: site settings, card profiles, the decision-tree nodes; loading and checking it. */
#ifndef CW_WIZARD_H
#define CW_WIZARD_H

#include <stddef.h>

#include "cw/atr.h"
#include "cw/charset.h"
#include "cw/checks.h"
#include "cw/codes.h"
#include "cw/i18n.h"
#include "cw/policy.h"

/* Limits: a file past one gets a clean error, never a crash or a hang. */
#define CW_WIZARD_MAX_BYTES (1024 * 1024)
#define CW_WIZARD_MAX_DEPTH 32          /* nested mappings and lists */
#define CW_WIZARD_MAX_VALUES 100000     /* YAML values in the whole file */
#define CW_WIZARD_MAX_NODES 1000
#define CW_WIZARD_MAX_PROFILES 64
#define CW_WIZARD_MAX_LIST 64           /* ATRs of a profile, actions and links of a node */
#define CW_WIZARD_MAX_ERRORS 100        /* kept; the rest are only counted */
#define CW_WIZARD_ID_MAX 64

/* A place in the file, 1-based, for messages (0 when the value was not in the file). */
struct cw_pos {
	int line, col;
};

/* A text in both languages; the loader refuses one without both. */
struct cw_ltext {
	const char *zh_tw, *en; /* both NULL for an optional text that is absent */
	struct cw_pos pos, pos_zh_tw, pos_en;
};

/* A reference to a node by its id. */
struct cw_ref {
	const char *id;              /* NULL when absent */
	int index;                   /* the node's index once resolved, else -1 */
	struct cw_pos pos;
};

/* The institution's own facts; texts reach them through placeholders ({system}, {hotline}, …). */
struct cw_site {
	struct cw_ltext system;      /* the document system's name */
	const char *component;       /* the signing component's name, or NULL */
	const char *installer;       /* its Windows installer (component.windows_installer), or NULL */
	const char *signer_host;     /* a local signing bridge, NULL when the site has none */
	int signer_port;
	const char *signer;          /* "host:port", for {signer} */
	const char *signer_min;      /* the oldest bridge version the site accepts (signer.min_version; default
	                              * CW_BRIDGE_MIN_VERSION), NULL when the site has no bridge */
	const char *hotline, *unlock_url, *tools_url; /* contacts, each NULL when not set */
};

struct cw_profile {
	const char *id;
	struct cw_ltext name;
	struct cw_atr *atr;          /* exact ATRs (cw_atr_parse of the hex text) */
	int natr;
	const char *historical;      /* text the historical bytes contain (e.g. "CHT"), or NULL */
	struct cw_secret_rule pin, puk;
	int tries;                   /* wrong PINs before the card locks, 0 when unknown */
	enum cw_module_kind module;
	const char *module_path;     /* where the site installed that module (a path or glob), or NULL */
	enum cw_unlock unlock;
	int bridge_expected;         /* bridge: expected — cards whose holders sign through a local bridge (MOICA) */
	struct cw_pos pos;
};

#define CW_NODE_KINDS(X) X(CHECK, "check") X(ADVICE, "advice") X(FORM, "form") X(END, "end")
enum cw_node_kind {
#define CW_NODE_KIND_ENUM(e, s) CW_NODE_##e,
	CW_NODE_KINDS(CW_NODE_KIND_ENUM)
#undef CW_NODE_KIND_ENUM
	CW_NODE_KIND_COUNT
};

#define CW_FORMS(X)                                                                          \
	X(PIN, "pin") X(UNLOCK, "unlock") X(CHANGE_PIN, "change-pin") X(EXPORT_CERT, "export-cert") \
	X(SAVE_REPORT, "save-report")
enum cw_form {
#define CW_FORM_ENUM(e, s) CW_FORM_##e,
	CW_FORMS(CW_FORM_ENUM)
#undef CW_FORM_ENUM
	CW_FORM_COUNT
};

/* What an action does: go to a node, or one of the engine's verbs, or open a form in place. */
#define CW_VERBS(X)                                                                           \
	X(GOTO, "goto") X(RERUN, "rerun") X(FULL_TEST, "full-test") X(RESTART, "restart")         \
	X(BACK, "back") X(QUIT, "quit") X(FORM, "form") X(IMPORTED, "imported")
enum cw_verb {
#define CW_VERB_ENUM(e, s) CW_VERB_##e,
	CW_VERBS(CW_VERB_ENUM)
#undef CW_VERB_ENUM
	CW_VERB_COUNT
};

/* One entry of a check node's `next`: a code of that check, or a status, and the node it leads to. */
struct cw_next {
	const char *key;             /* as written */
	int is_status;
	int value;                   /* enum cw_status when is_status, else enum cw_code; -1 when neither */
	struct cw_ref to;
	struct cw_pos pos;
};

struct cw_action {
	struct cw_ltext label;
	enum cw_verb verb;
	struct cw_ref to;            /* goto */
	enum cw_form form;           /* form */
	struct cw_pos pos;
};

struct cw_link {
	const char *url;             /* may hold placeholders ({unlock_url}) */
	struct cw_pos pos;
};

struct cw_node {
	const char *id;
	enum cw_node_kind kind;
	int faq;                     /* FAQ item 1–5, 0 for none */
	struct cw_ltext title, text; /* text may be absent (both NULL); texts may hold several paragraphs */
	/* check nodes */
	enum cw_check check;         /* CW_CHECK_COUNT when not given or unknown */
	struct cw_next *next;
	int nnext;
	struct cw_pos next_pos;
	/* advice, form and end nodes */
	struct cw_action *actions;
	int nactions;
	struct cw_link *links;
	int nlinks;
	/* form nodes: where to go when the form is done, and when the user declines it (absent: back) */
	enum cw_form form;
	struct cw_ref then, cancel;
	/* `instead:` the node shown in this one's place when the card's profile is known and has this
	 * unlock kind (a MOICA card, an issuer's card, a PKCS#11 card): each id NULL when not given */
	struct cw_ref instead[CW_UNLOCK_COUNT];
	struct cw_pos pos;           /* of its id */
};

struct cw_wizard_mem;

struct cw_wizard {
	int version;                 /* the tree's format (version:) */
	int site_version;            /* a site file's format (site_version:), 0 when none was laid over */
	struct cw_site site;
	struct cw_profile *profiles;
	int nprofiles;
	struct cw_node *nodes;       /* in file order */
	int nnodes;
	struct cw_ref start;
	int *by_id;                  /* indices of the nodes that have an id, sorted by id */
	int nby_id;
	struct cw_wizard_mem *mem;   /* everything above lives here */
};

/* What the loader found wrong; tests match the kind, people read the message. */
#define CW_WIZARD_ERRS(X)                                                                     \
	X(IO) X(TOO_BIG) X(BINARY) X(EMPTY) X(SYNTAX) X(TOO_DEEP) X(TOO_MANY) X(ALIAS) X(TYPE)    \
	X(UNKNOWN_KEY) X(MISSING_KEY) X(DUPLICATE) X(VALUE) X(LANGUAGE) X(PLACEHOLDER) X(ATR)     \
	X(UNKNOWN_CHECK) X(UNKNOWN_CODE) X(FOREIGN_CODE) X(UNROUTED) X(NO_NODE) X(UNREACHABLE)    \
	X(CYCLE) X(NO_FALLBACK) X(MEMORY)
enum cw_wizard_err {
#define CW_WIZARD_ERR_ENUM(e) CW_WERR_##e,
	CW_WIZARD_ERRS(CW_WIZARD_ERR_ENUM)
#undef CW_WIZARD_ERR_ENUM
	CW_WERR_COUNT
};

struct cw_wizard_error {
	enum cw_wizard_err kind;
	int line, col;               /* 1-based */
	char msg[320];               /* in the language current at load time */
};

struct cw_wizard_errors {
	int n;                       /* kept in e[], sorted by line and column */
	int dropped;                 /* found past CW_WIZARD_MAX_ERRORS */
	struct cw_wizard_error e[CW_WIZARD_MAX_ERRORS];
};

/*
 * Load and validate a wizard file held in memory (name is only for the caller's messages; the
 * fuzzer's entry point). Returns 0 with *out set, or -1 with *out NULL and every error in errs.
 */
int cw_wizard_load_buffer(const char *name, const char *buf, size_t len, struct cw_wizard **out,
			  struct cw_wizard_errors *errs);
/*
 * The same from a file (read up to CW_WIZARD_MAX_BYTES + 1 bytes: a larger file is refused). Both
 * load either kind of file: a whole tree, or a site file (site_version:), which is laid over the
 * default tree (cw_default_wizard()); errors are then the site file's, or one naming the tree.
 */
int cw_wizard_load_file(const char *path, struct cw_wizard **out, struct cw_wizard_errors *errs);
/*
 * The wizard file to use: --wizard FILE when given (a tree or a site file), else the installed site
 * file when there is one (cw_default_site(): it is laid over the tree), else cw_default_wizard().
 */
const char *cw_wizard_path(const char *option);
void cw_wizard_free(struct cw_wizard *w);

/* Lookups. */
int cw_wizard_node_index(const struct cw_wizard *w, const char *id); /* -1 when none */
const struct cw_node *cw_wizard_node(const struct cw_wizard *w, const char *id);
const struct cw_profile *cw_wizard_profile(const struct cw_wizard *w, const char *id);
/* The fallback profile for cards no other profile claims: the first with unlock: pkcs11. */
const struct cw_profile *cw_wizard_generic_profile(const struct cw_wizard *w);
/*
 * The profile of a card: an exact ATR first, then a profile whose `historical` text the historical
 * bytes contain (hist may be NULL: they are then taken from the ATR), else the generic profile.
 */
const struct cw_profile *cw_wizard_profile_for_atr(const struct cw_wizard *w, const unsigned char *atr, size_t len,
						   const unsigned char *hist, size_t nhist);
/* The profiles as the helper gets them with each request (out holds CW_PROFILE_MAX); returns how many. */
int cw_wizard_card_profiles(const struct cw_wizard *w, struct cw_card_profile *out);
/* The policy of a profile (NULL: fail closed, policy.set = 0). */
void cw_profile_policy(const struct cw_profile *p, struct cw_card_policy *out);

/* A text in one language (the other when that one is absent; "" for an absent text). */
const char *cw_ltext_get(const struct cw_ltext *t, enum cw_lang lang);
/*
 * Expand the placeholders of a wizard text ({system} {component} {installer} {signer} {hotline}
 * {unlock_url} {tools_url}) with the site's settings in lang. Like snprintf: writes at most size
 * bytes, always terminated, and returns the length the whole expansion needs.
 */
size_t cw_wizard_expand(const struct cw_wizard *w, enum cw_lang lang, const char *text, char *out, size_t size);
/* The placeholder names, NULL-terminated (for the manual and the checks). */
extern const char *const cw_wizard_placeholders[];

/* The --check-wizard front end (src/ui/checkwiz.c): every error as FILE:LINE:COL: message, exit 0 or 2. */
struct cw_options;
int cw_checkwiz_main(const struct cw_options *o);

/* Names of the enums as the file spells them. */
const char *cw_node_kind_id(enum cw_node_kind k);
const char *cw_form_id(enum cw_form f);
const char *cw_verb_id(enum cw_verb v);
const char *cw_module_kind_id(enum cw_module_kind m);

#endif
