/* wizard_schema.c — the wizard file's keys as tables: each mapping's fields, their types and where they go. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/bridge.h"
#include "wizard_int.h"

/*
 * A mapping is read through a table of fields. For nodes, `allowed` and `required` are sets of
 * node kinds (bit per enum cw_node_kind); other mappings use ALL for both or 0 for optional.
 */
struct field;
typedef void (*parse_fn)(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f);

struct field {
	const char *key;
	parse_fn parse;
	size_t off;
	unsigned allowed, required;
	int min, max;                /* numbers */
	const char *const *names;    /* enums, NULL-terminated */
	const struct field *sub;     /* inline mappings (site.component → site fields) */
};

#define ALL 0xFFu
#define K(k) (1u << CW_NODE_##k)
#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))
/* Fields tables end with an empty key. */
#define END_FIELDS {NULL, NULL, 0, 0, 0, 0, 0, NULL, NULL}

static void *at(void *obj, const struct field *f) { return (char *)obj + f->off; }

static char *copy(struct wz_ctx *c, const char *s, size_t n)
{
	char *d = wz_strndup(c->w->mem, s, n);
	if (!d)
		c->oom = 1;
	return d;
}

/* "a, b, c" from a NULL-terminated list, for messages. */
static const char *join(const char *const *names, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; names[i] && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
	return buf;
}

/* ---- shapes ---- */

static int is_scalar(struct wz_ctx *c, const struct ynode *v, const char *key)
{
	if (v->type == Y_SCALAR)
		return 1;
	wz_error(c, v->pos, CW_WERR_TYPE, _("'%s' takes a single value, not a list or mapping"), key);
	return 0;
}

static int is_seq(struct wz_ctx *c, const struct ynode *v, const char *key, int max)
{
	if (v->type != Y_SEQ) {
		wz_error(c, v->pos, CW_WERR_TYPE, _("'%s' takes a list"), key);
		return 0;
	}
	if (v->n > max) {
		wz_error(c, v->pos, CW_WERR_TOO_MANY, _("'%s' has %d entries; at most %d are allowed"), key, v->n, max);
		return 0;
	}
	return 1;
}

static int is_map(struct wz_ctx *c, const struct ynode *v, const char *key)
{
	if (v->type == Y_MAP)
		return 1;
	wz_error(c, v->pos, CW_WERR_TYPE, _("'%s' takes a mapping (key: value lines)"), key);
	return 0;
}

static const struct ynode *value_of(const struct ynode *key) { return key->next; }

/* The value of key in a mapping, or NULL. */
static const struct ynode *lookup(const struct ynode *map, const char *key)
{
	for (const struct ynode *k = map->first; k && k->next; k = k->next->next)
		if (k->type == Y_SCALAR && strcmp(k->str, key) == 0)
			return k->next;
	return NULL;
}

/* Read a mapping through its field table; returns the set of fields seen (bit per table row). */
static unsigned long long parse_map(struct wz_ctx *c, const struct ynode *map, const struct field *fields,
				    void *obj, unsigned kindbit, const char *kind)
{
	unsigned long long seen = 0;
	for (const struct ynode *k = map->first; k && k->next && !c->oom; k = k->next->next) {
		if (k->type != Y_SCALAR) {
			wz_error(c, k->pos, CW_WERR_TYPE, _("a key must be a plain word"));
			continue;
		}
		int i = 0;
		while (fields[i].key && strcmp(fields[i].key, k->str) != 0)
			i++;
		if (!fields[i].key) {
			const char *names[64];
			int n = 0;
			for (int j = 0; fields[j].key && n < 63; j++)
				if (fields[j].allowed & kindbit)
					names[n++] = fields[j].key;
			names[n] = NULL;
			char list[256];
			wz_error(c, k->pos, CW_WERR_UNKNOWN_KEY, _("unknown key '%s' (known here: %s)"), k->str,
				 join(names, list, sizeof(list)));
			continue;
		}
		if (!(fields[i].allowed & kindbit)) {
			wz_error(c, k->pos, CW_WERR_UNKNOWN_KEY, _("key '%s' does not belong in a node of kind %s"), k->str, kind);
			continue;
		}
		if (seen & (1ull << i)) {
			wz_error(c, k->pos, CW_WERR_DUPLICATE, _("key '%s' appears twice"), k->str);
			continue;
		}
		seen |= 1ull << i;
		fields[i].parse(c, value_of(k), obj, &fields[i]);
	}
	for (int i = 0; fields[i].key; i++)
		if (fields[i].required && (fields[i].required & kindbit) == kindbit && !(seen & (1ull << i)))
			wz_error(c, map->pos, CW_WERR_MISSING_KEY, _("missing key '%s'"), fields[i].key);
	return seen;
}

/* ---- values ---- */

static void p_str(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	if (!is_scalar(c, v, f->key))
		return;
	if (v->len == 0) {
		wz_error(c, v->pos, CW_WERR_VALUE, _("'%s' is empty"), f->key);
		return;
	}
	*(const char **)at(obj, f) = copy(c, v->str, v->len);
}

static int is_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

static void p_url(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	const char *before = *(const char **)at(obj, f); /* a site file's bad value leaves the tree's */
	p_str(c, v, obj, f);
	const char *s = *(const char **)at(obj, f);
	if (s && !is_url(s)) {
		wz_error(c, v->pos, CW_WERR_VALUE, _("'%s' is not an http:// or https:// address"), s);
		*(const char **)at(obj, f) = before;
	}
}

static int valid_id(const char *s, size_t len)
{
	if (len == 0 || len > CW_WIZARD_ID_MAX)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", s[i]))
			return 0;
	return 1;
}

static const char *id_value(struct wz_ctx *c, const struct ynode *v, const char *key)
{
	if (!is_scalar(c, v, key))
		return NULL;
	if (!valid_id(v->str, v->len)) {
		wz_error(c, v->pos, CW_WERR_VALUE, _("'%s' is not an id: use letters, digits, '-' and '_' (at most %d)"),
			 v->str, CW_WIZARD_ID_MAX);
		return NULL;
	}
	return copy(c, v->str, v->len);
}

static void p_id(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	*(const char **)at(obj, f) = id_value(c, v, f->key);
}

static void p_ref(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_ref *r = at(obj, f);
	r->id = id_value(c, v, f->key);
	r->pos = v->pos;
	r->index = -1;
}

/* Numbers and booleans must be plain: a quoted "6" is a text someone meant as one. */
static void p_int(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	if (!is_scalar(c, v, f->key))
		return;
	char *end;
	long n = v->plain && v->len ? strtol(v->str, &end, 10) : 0;
	if (!v->plain || !v->len || *end || n < f->min || n > f->max) {
		wz_error(c, v->pos, CW_WERR_VALUE, _("'%s' takes a whole number from %d to %d, not '%s'"), f->key, f->min,
			 f->max, v->str);
		return;
	}
	*(int *)at(obj, f) = (int)n;
}

static void p_bool(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	if (!is_scalar(c, v, f->key))
		return;
	if (v->plain && (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0)) {
		*(int *)at(obj, f) = v->str[0] == 't';
		return;
	}
	wz_error(c, v->pos, CW_WERR_VALUE, _("'%s' takes true or false, not '%s'"), f->key, v->str);
}

static int enum_value(struct wz_ctx *c, const struct ynode *v, const char *key, const char *const *names)
{
	if (!is_scalar(c, v, key))
		return -1;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], v->str) == 0)
			return i;
	char list[256];
	wz_error(c, v->pos, CW_WERR_VALUE, _("'%s' takes one of: %s; not '%s'"), key, join(names, list, sizeof(list)),
		 v->str);
	return -1;
}

static void p_enum(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	int i = enum_value(c, v, f->key, f->names);
	if (i >= 0)
		*(int *)at(obj, f) = i;
}

static void p_text(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_ltext *t = at(obj, f);
	t->pos = v->pos;
	if (v->type != Y_MAP) {
		wz_error(c, v->pos, CW_WERR_LANGUAGE, _("'%s' needs both languages: {zh_TW: ..., en: ...}"), f->key);
		return;
	}
	static const char *const langs[] = {"zh_TW", "en"};
	const char **dst[] = {&t->zh_tw, &t->en};
	struct cw_pos *pos[] = {&t->pos_zh_tw, &t->pos_en};
	int seen[2] = {0, 0};
	for (const struct ynode *k = v->first; k && k->next; k = k->next->next) {
		int l = k->type == Y_SCALAR ? (strcmp(k->str, "zh_TW") == 0 ? 0 : strcmp(k->str, "en") == 0 ? 1 : -1) : -1;
		if (l < 0) {
			wz_error(c, k->pos, CW_WERR_UNKNOWN_KEY, _("unknown key '%s' (known here: zh_TW, en)"),
				 k->type == Y_SCALAR ? k->str : "?");
			continue;
		}
		if (seen[l]++) {
			wz_error(c, k->pos, CW_WERR_DUPLICATE, _("key '%s' appears twice"), langs[l]);
			continue;
		}
		const struct ynode *s = value_of(k);
		if (!is_scalar(c, s, langs[l]))
			continue;
		if (s->len == 0 || (s->plain && strcmp(s->str, "~") == 0)) {
			wz_error(c, s->pos, CW_WERR_LANGUAGE, _("the %s text of '%s' is empty"), langs[l], f->key);
			continue;
		}
		*pos[l] = s->pos;
		*dst[l] = copy(c, s->str, s->len);
	}
	for (int l = 0; l < 2; l++)
		if (!seen[l])
			wz_error(c, v->pos, CW_WERR_LANGUAGE, _("'%s' has no %s text: every text needs zh_TW and en"), f->key,
				 langs[l]);
}

static void p_inline(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	if (is_map(c, v, f->key))
		parse_map(c, v, f->sub, obj, ALL, f->key);
}

/* ---- site ---- */

static const struct field component_fields[] = {
	{"name", p_str, offsetof(struct cw_site, component), ALL, 0, 0, 0, NULL, NULL},
	{"windows_installer", p_str, offsetof(struct cw_site, installer), ALL, 0, 0, 0, NULL, NULL},
	END_FIELDS,
};

/* A version text such as 1.3.4.3 (quoted or not: YAML would read 1.3 as a number). */
static void p_min_version(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_version ver;
	if (!is_scalar(c, v, f->key))
		return;
	if (v->len >= CW_VERSION_TEXT || cw_version_parse(v->str, v->len, &ver) < 0) {
		wz_error(c, v->pos, CW_WERR_VALUE, _("'%s' takes a version such as 1.3.4.3, not '%s'"), f->key, v->str);
		return;
	}
	*(const char **)at(obj, f) = copy(c, v->str, v->len);
}

static const struct field signer_fields[] = {
	{"host", p_str, offsetof(struct cw_site, signer_host), ALL, ALL, 0, 0, NULL, NULL},
	{"port", p_int, offsetof(struct cw_site, signer_port), ALL, ALL, 1, 65535, NULL, NULL},
	{"min_version", p_min_version, offsetof(struct cw_site, signer_min), ALL, 0, 0, 0, NULL, NULL},
	END_FIELDS,
};

static const struct field contact_fields[] = {
	{"hotline", p_str, offsetof(struct cw_site, hotline), ALL, 0, 0, 0, NULL, NULL},
	{"unlock_url", p_url, offsetof(struct cw_site, unlock_url), ALL, 0, 0, 0, NULL, NULL},
	{"tools_url", p_url, offsetof(struct cw_site, tools_url), ALL, 0, 0, 0, NULL, NULL},
	END_FIELDS,
};

static const struct field site_fields[] = {
	{"system", p_text, offsetof(struct cw_site, system), ALL, ALL, 0, 0, NULL, NULL},
	{"component", p_inline, 0, ALL, 0, 0, 0, NULL, component_fields},
	{"signer", p_inline, 0, ALL, 0, 0, 0, NULL, signer_fields},
	{"contacts", p_inline, 0, ALL, 0, 0, 0, NULL, contact_fields},
	END_FIELDS,
};

/* A site file's site: the same keys, each optional: a key given replaces the packaged tree's value. */
static const struct field site_overlay_fields[] = {
	{"system", p_text, offsetof(struct cw_site, system), ALL, 0, 0, 0, NULL, NULL},
	{"component", p_inline, 0, ALL, 0, 0, 0, NULL, component_fields},
	{"signer", p_inline, 0, ALL, 0, 0, 0, NULL, signer_fields},
	{"contacts", p_inline, 0, ALL, 0, 0, 0, NULL, contact_fields},
	END_FIELDS,
};

static void p_site(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_site *s = &((struct cw_wizard *)obj)->site;
	if (!is_map(c, v, f->key))
		return;
	parse_map(c, v, f->sub ? f->sub : site_fields, s, ALL, f->key);
	if (s->signer_host && s->signer_port) {
		char buf[300];
		snprintf(buf, sizeof(buf), "%s:%d", s->signer_host, s->signer_port);
		s->signer = copy(c, buf, strlen(buf));
		if (!s->signer_min)
			s->signer_min = CW_BRIDGE_MIN_VERSION;
	} else {
		s->signer_host = NULL;
		s->signer_min = NULL;
	}
}

/* ---- profiles ---- */

static const char *const charset_names[] = {
#define CW_CHARSET_NAME(e, s) s,
	CW_CHARSETS(CW_CHARSET_NAME)
#undef CW_CHARSET_NAME
	NULL};
static const char *const module_names[] = {
#define CW_MODULE_NAME(e, s) s,
	CW_MODULE_KINDS(CW_MODULE_NAME)
#undef CW_MODULE_NAME
	NULL};
static const char *const unlock_names[] = {
#define CW_UNLOCK_NAME(e, s) s,
	CW_UNLOCKS(CW_UNLOCK_NAME)
#undef CW_UNLOCK_NAME
	NULL};
static const char *const from_names[] = {"token", NULL};
static const char *const bridge_names[] = {"none", "expected", NULL};

static const struct field secret_fields[] = {
	{"min", p_int, offsetof(struct cw_secret_rule, min), ALL, 0, 1, 64, NULL, NULL},
	{"max", p_int, offsetof(struct cw_secret_rule, max), ALL, 0, 1, 64, NULL, NULL},
	{"charset", p_enum, offsetof(struct cw_secret_rule, charset), ALL, 0, 0, 0, charset_names, NULL},
	{"case_sensitive", p_bool, offsetof(struct cw_secret_rule, case_sensitive), ALL, 0, 0, 0, NULL, NULL},
	{"from", p_enum, offsetof(struct cw_secret_rule, from_token), ALL, 0, 0, 0, from_names, NULL},
	END_FIELDS,
};

static void p_secret(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_secret_rule *r = at(obj, f);
	if (!is_map(c, v, f->key))
		return;
	r->charset = CW_CHARSET_PRINT;
	r->case_sensitive = 1;
	r->from_token = -1;
	unsigned long long seen = parse_map(c, v, secret_fields, r, ALL, f->key);
	r->from_token = r->from_token == 0; /* "token" is the only name: index 0 */
	r->set = 1;
	if (!r->from_token && !((seen & 1) && (seen & 2)))
		wz_error(c, v->pos, CW_WERR_MISSING_KEY, _("'%s' needs min and max, or from: token"), f->key);
	else if (r->min && r->max && r->min > r->max)
		wz_error(c, v->pos, CW_WERR_VALUE, _("'%s': min %d is larger than max %d"), f->key, r->min, r->max);
}

static void p_atrs(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_profile *p = obj;
	if (!is_seq(c, v, f->key, CW_WIZARD_MAX_LIST))
		return;
	p->atr = wz_alloc(c->w->mem, sizeof(*p->atr) * (size_t)(v->n ? v->n : 1));
	if (!p->atr) {
		c->oom = 1;
		return;
	}
	for (const struct ynode *s = v->first; s; s = s->next) {
		if (!is_scalar(c, s, f->key))
			continue;
		unsigned char bytes[CW_ATR_MAX];
		int n = cw_atr_from_hex(s->str, bytes, sizeof(bytes));
		if (n <= 0) {
			wz_error(c, s->pos, CW_WERR_ATR,
				 _("ATR '%s' is not hex bytes like \"3B 8B 80 01\" (at most %d bytes)"), s->str, CW_ATR_MAX);
			continue;
		}
		cw_atr_parse(bytes, (size_t)n, &p->atr[p->natr++]); /* keeps the bytes even when not ISO-valid */
	}
}

/* Where the site installed the card's module: an absolute path or glob (the helper loads it only
 * from root-owned folders others cannot write to). */
static void p_module_path(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	p_str(c, v, obj, f);
	const char *path = *(const char **)at(obj, f);
	if (path && (path[0] != '/' || strstr(path, "/../") || strlen(path) >= 256))
		wz_error(c, v->pos, CW_WERR_VALUE, _("'%s' must be an absolute path or glob without '..', shorter than 256 bytes"), f->key);
}

static const struct field profile_fields[] = {
	{"id", p_id, offsetof(struct cw_profile, id), ALL, ALL, 0, 0, NULL, NULL},
	{"name", p_text, offsetof(struct cw_profile, name), ALL, ALL, 0, 0, NULL, NULL},
	{"atr", p_atrs, 0, ALL, 0, 0, 0, NULL, NULL},
	{"historical", p_str, offsetof(struct cw_profile, historical), ALL, 0, 0, 0, NULL, NULL},
	{"pin", p_secret, offsetof(struct cw_profile, pin), ALL, 0, 0, 0, NULL, NULL},
	{"puk", p_secret, offsetof(struct cw_profile, puk), ALL, 0, 0, 0, NULL, NULL},
	{"tries", p_int, offsetof(struct cw_profile, tries), ALL, 0, 1, 99, NULL, NULL},
	{"module", p_enum, offsetof(struct cw_profile, module), ALL, ALL, 0, 0, module_names, NULL},
	{"module_path", p_module_path, offsetof(struct cw_profile, module_path), ALL, 0, 0, 0, NULL, NULL},
	{"unlock", p_enum, offsetof(struct cw_profile, unlock), ALL, ALL, 0, 0, unlock_names, NULL},
	{"bridge", p_enum, offsetof(struct cw_profile, bridge_expected), ALL, 0, 0, 0, bridge_names, NULL},
	END_FIELDS,
};

static void p_profiles(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_wizard *w = obj;
	c->profiles_pos = v->pos;
	if (!is_seq(c, v, f->key, CW_WIZARD_MAX_PROFILES))
		return;
	w->profiles = wz_alloc(w->mem, sizeof(*w->profiles) * (size_t)(v->n ? v->n : 1));
	if (!w->profiles) {
		c->oom = 1;
		return;
	}
	c->profiles_read = 1;
	for (const struct ynode *m = v->first; m && !c->oom; m = m->next) {
		if (!is_map(c, m, "profiles"))
			continue;
		struct cw_profile *p = &w->profiles[w->nprofiles++];
		p->pos = m->pos;
		p->unlock = CW_UNLOCK_COUNT; /* a profile without a valid unlock is no fallback */
		parse_map(c, m, profile_fields, p, ALL, "profile");
	}
}

/* ---- nodes ---- */

static const char *const kind_names[] = {
#define CW_KIND_NAME(e, s) s,
	CW_NODE_KINDS(CW_KIND_NAME)
#undef CW_KIND_NAME
	NULL};
static const char *const form_names[] = {
#define CW_FORM_NAME(e, s) s,
	CW_FORMS(CW_FORM_NAME)
#undef CW_FORM_NAME
	NULL};
/* What `do:` may name; goto and form have keys of their own. */
static const char *const do_names[] = {"rerun", "full-test", "restart", "back", "quit", "imported", NULL};
static const enum cw_verb do_verbs[] = {CW_VERB_RERUN,	CW_VERB_FULL_TEST, CW_VERB_RESTART,
					CW_VERB_BACK,	CW_VERB_QUIT,	   CW_VERB_IMPORTED};

static void p_node_id(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_node *n = obj;
	n->id = id_value(c, v, f->key);
	n->pos = v->pos;
}

static void p_faq(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	if (!is_scalar(c, v, f->key))
		return;
	if (v->plain && strcmp(v->str, "none") == 0)
		return;
	if (v->plain && v->len == 1 && v->str[0] >= '1' && v->str[0] <= '5') {
		*(int *)at(obj, f) = v->str[0] - '0';
		return;
	}
	wz_error(c, v->pos, CW_WERR_VALUE, _("'faq' takes an FAQ item from 1 to 5, or none; not '%s'"), v->str);
}

static void p_check(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_node *n = obj;
	(void)f;
	if (!is_scalar(c, v, "check"))
		return;
	int k = cw_check_from_id(v->str);
	if (k < 0) {
		const char *names[CW_CHECK_COUNT + 1];
		for (int i = 0; i < CW_CHECK_COUNT; i++)
			names[i] = cw_check_id((enum cw_check)i);
		names[CW_CHECK_COUNT] = NULL;
		char list[256];
		wz_error(c, v->pos, CW_WERR_UNKNOWN_CHECK, _("unknown check '%s' (the checks: %s)"), v->str,
			 join(names, list, sizeof(list)));
		return;
	}
	n->check = (enum cw_check)k;
}

/* The keys are kept as written: which are codes of the node's check is known only once `check` is read. */
static void p_next(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_node *n = obj;
	n->next_pos = v->pos;
	if (!is_map(c, v, f->key))
		return;
	int pairs = v->n / 2;
	if (pairs > CW_CODE_COUNT + CW_STATUS_COUNT) { /* more than every key there is: some repeat */
		wz_error(c, v->pos, CW_WERR_TOO_MANY, _("'%s' has %d entries; at most %d are allowed"), f->key, pairs,
			 CW_CODE_COUNT + CW_STATUS_COUNT);
		return;
	}
	n->next = wz_alloc(c->w->mem, sizeof(*n->next) * (size_t)(pairs ? pairs : 1));
	if (!n->next) {
		c->oom = 1;
		return;
	}
	for (const struct ynode *k = v->first; k && k->next; k = k->next->next) {
		if (!is_scalar(c, k, f->key))
			continue;
		int dup = 0;
		for (int i = 0; i < n->nnext && !dup; i++)
			dup = strcmp(n->next[i].key, k->str) == 0;
		if (dup) {
			wz_error(c, k->pos, CW_WERR_DUPLICATE, _("key '%s' appears twice"), k->str);
			continue;
		}
		struct cw_next *e = &n->next[n->nnext++];
		e->key = copy(c, k->str, k->len);
		e->pos = k->pos;
		e->value = -1;
		e->to.index = -1;
		e->to.pos = value_of(k)->pos;
		e->to.id = id_value(c, value_of(k), e->key ? e->key : "next");
	}
}

struct action_in {
	struct cw_ltext label;
	struct cw_ref to;
	int verb, form;
};

static const struct field action_fields[] = {
	{"label", p_text, offsetof(struct action_in, label), ALL, ALL, 0, 0, NULL, NULL},
	{"goto", p_ref, offsetof(struct action_in, to), ALL, 0, 0, 0, NULL, NULL},
	{"do", p_enum, offsetof(struct action_in, verb), ALL, 0, 0, 0, do_names, NULL},
	{"form", p_enum, offsetof(struct action_in, form), ALL, 0, 0, 0, form_names, NULL},
	END_FIELDS,
};

static void p_actions(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_node *n = obj;
	if (!is_seq(c, v, f->key, CW_WIZARD_MAX_LIST))
		return;
	n->actions = wz_alloc(c->w->mem, sizeof(*n->actions) * (size_t)(v->n ? v->n : 1));
	if (!n->actions) {
		c->oom = 1;
		return;
	}
	for (const struct ynode *m = v->first; m; m = m->next) {
		if (!is_map(c, m, f->key))
			continue;
		struct action_in in = {.to.index = -1, .verb = -1, .form = -1};
		unsigned long long seen = parse_map(c, m, action_fields, &in, ALL, "action");
		int how = !!(seen & 2) + !!(seen & 4) + !!(seen & 8);
		if (how != 1) {
			wz_error(c, m->pos, how ? CW_WERR_DUPLICATE : CW_WERR_MISSING_KEY,
				 _("an action takes exactly one of goto, do and form"));
			continue;
		}
		struct cw_action *a = &n->actions[n->nactions++];
		a->label = in.label;
		a->pos = m->pos;
		a->to = in.to;
		a->to.index = -1;
		if (seen & 2)
			a->verb = CW_VERB_GOTO;
		else if (seen & 4)
			a->verb = in.verb >= 0 ? do_verbs[in.verb] : CW_VERB_RERUN;
		else {
			a->verb = CW_VERB_FORM;
			a->form = in.form >= 0 ? (enum cw_form)in.form : CW_FORM_PIN;
		}
	}
}

static void p_links(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_node *n = obj;
	if (!is_seq(c, v, f->key, CW_WIZARD_MAX_LIST))
		return;
	n->links = wz_alloc(c->w->mem, sizeof(*n->links) * (size_t)(v->n ? v->n : 1));
	if (!n->links) {
		c->oom = 1;
		return;
	}
	for (const struct ynode *s = v->first; s; s = s->next) {
		if (!is_scalar(c, s, f->key))
			continue;
		/* A link is an address, or a placeholder that holds one ({unlock_url}). */
		if (!is_url(s->str) && s->str[0] != '{') {
			wz_error(c, s->pos, CW_WERR_VALUE, _("'%s' is not an http:// or https:// address"), s->str);
			continue;
		}
		struct cw_link *l = &n->links[n->nlinks++];
		l->url = copy(c, s->str, s->len);
		l->pos = s->pos;
	}
}

/* instead: {pkcs11: node, issuer: node, official: node} — keyed by the profiles' unlock kinds. */
static void p_instead(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_node *n = obj;
	if (!is_map(c, v, f->key))
		return;
	for (const struct ynode *k = v->first; k && k->next; k = k->next->next) {
		int u = enum_value(c, k, f->key, unlock_names);
		if (u < 0)
			continue;
		struct cw_ref *r = &n->instead[u];
		if (r->id) {
			wz_error(c, k->pos, CW_WERR_DUPLICATE, _("key '%s' appears twice"), k->str);
			continue;
		}
		r->id = id_value(c, value_of(k), k->str);
		r->pos = value_of(k)->pos;
		r->index = -1;
	}
}

static const struct field node_fields[] = {
	{"id", p_node_id, 0, ALL, ALL, 0, 0, NULL, NULL},
	{"kind", p_enum, offsetof(struct cw_node, kind), ALL, 0, 0, 0, kind_names, NULL},
	{"faq", p_faq, offsetof(struct cw_node, faq), ALL, 0, 0, 0, NULL, NULL},
	{"title", p_text, offsetof(struct cw_node, title), ALL, ALL, 0, 0, NULL, NULL},
	{"text", p_text, offsetof(struct cw_node, text), ALL, 0, 0, 0, NULL, NULL},
	{"check", p_check, 0, K(CHECK), K(CHECK), 0, 0, NULL, NULL},
	{"next", p_next, 0, K(CHECK), K(CHECK), 0, 0, NULL, NULL},
	{"actions", p_actions, 0, K(ADVICE) | K(FORM) | K(END), 0, 0, 0, NULL, NULL},
	{"links", p_links, 0, K(ADVICE) | K(FORM) | K(END), 0, 0, 0, NULL, NULL},
	{"form", p_enum, offsetof(struct cw_node, form), K(FORM), K(FORM), 0, 0, form_names, NULL},
	{"then", p_ref, offsetof(struct cw_node, then), K(FORM), K(FORM), 0, 0, NULL, NULL},
	{"cancel", p_ref, offsetof(struct cw_node, cancel), K(FORM), 0, 0, 0, NULL, NULL},
	{"instead", p_instead, 0, K(ADVICE) | K(FORM) | K(END), 0, 0, 0, NULL, NULL},
	END_FIELDS,
};

/* The kind decides which keys a node may have, so it is read first; `check:` alone implies a check node. */
static unsigned node_kind(struct wz_ctx *c, const struct ynode *m, struct cw_node *n)
{
	const struct ynode *k = lookup(m, "kind");
	if (k) {
		int i = enum_value(c, k, "kind", kind_names);
		if (i < 0)
			return ALL; /* unknown kind: read the rest without judging which keys belong */
		n->kind = (enum cw_node_kind)i;
	} else if (lookup(m, "check")) {
		n->kind = CW_NODE_CHECK;
	} else {
		wz_error(c, m->pos, CW_WERR_MISSING_KEY, _("missing key 'kind' (check, advice, form or end)"));
		return ALL;
	}
	return 1u << n->kind;
}

static void p_nodes(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_wizard *w = obj;
	if (!is_seq(c, v, f->key, CW_WIZARD_MAX_NODES))
		return;
	w->nodes = wz_alloc(w->mem, sizeof(*w->nodes) * (size_t)(v->n ? v->n : 1));
	if (!w->nodes) {
		c->oom = 1;
		return;
	}
	for (const struct ynode *m = v->first; m && !c->oom; m = m->next) {
		if (!is_map(c, m, "nodes"))
			continue;
		struct cw_node *n = &w->nodes[w->nnodes++];
		n->pos = m->pos;
		n->check = CW_CHECK_COUNT;
		n->then.index = n->cancel.index = -1;
		for (int u = 0; u < CW_UNLOCK_COUNT; u++)
			n->instead[u].index = -1;
		unsigned kindbit = node_kind(c, m, n);
		parse_map(c, m, node_fields, n, kindbit, kindbit == ALL ? "?" : kind_names[n->kind]);
	}
}

/* ---- the document ---- */

static void p_version(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	if (!is_scalar(c, v, f->key))
		return;
	if (!v->plain || strcmp(v->str, "1") != 0) {
		wz_error(c, v->pos, CW_WERR_VALUE, _("version '%s' is not one this cardwiz reads (1)"), v->str);
		return;
	}
	*(int *)at(obj, f) = 1;
}

static const struct field top_fields[] = {
	{"version", p_version, offsetof(struct cw_wizard, version), ALL, ALL, 0, 0, NULL, NULL},
	{"site", p_site, 0, ALL, ALL, 0, 0, NULL, NULL},
	{"profiles", p_profiles, 0, ALL, ALL, 0, 0, NULL, NULL},
	{"start", p_ref, offsetof(struct cw_wizard, start), ALL, ALL, 0, 0, NULL, NULL},
	{"nodes", p_nodes, 0, ALL, ALL, 0, 0, NULL, NULL},
	END_FIELDS,
};

/* ---- a site file: the institution's settings laid over the packaged tree (cardwiz-wizard(5)) ---- */

/*
 * A site profile whose id the tree has replaces that profile where it stands; a new id is added
 * after the tree's, so the packaged fallback (the first with unlock: pkcs11) stays the fallback.
 */
static void p_site_profiles(struct wz_ctx *c, const struct ynode *v, void *obj, const struct field *f)
{
	struct cw_wizard *w = obj;
	c->profiles_pos = v->pos;
	if (!is_seq(c, v, f->key, CW_WIZARD_MAX_PROFILES))
		return;
	int cap = w->nprofiles + v->n;
	if (cap > CW_WIZARD_MAX_PROFILES) {
		wz_error(c, v->pos, CW_WERR_TOO_MANY, _("'%s' has %d entries; at most %d are allowed"), f->key, cap,
			 CW_WIZARD_MAX_PROFILES);
		return;
	}
	struct cw_profile *all = wz_alloc(w->mem, sizeof(*all) * (size_t)(cap ? cap : 1));
	struct cw_pos *from_site = wz_alloc(&c->tree, sizeof(*from_site) * (size_t)(cap ? cap : 1));
	if (!all || !from_site) {
		c->oom = 1;
		return;
	}
	memcpy(all, w->profiles, sizeof(*all) * (size_t)w->nprofiles);
	w->profiles = all;
	c->profiles_read = 1;
	for (const struct ynode *m = v->first; m && !c->oom; m = m->next) {
		if (!is_map(c, m, "profiles"))
			continue;
		struct cw_profile p = {.pos = m->pos, .unlock = CW_UNLOCK_COUNT};
		parse_map(c, m, profile_fields, &p, ALL, "profile");
		int i = 0;
		while (i < w->nprofiles && !(p.id && all[i].id && strcmp(all[i].id, p.id) == 0))
			i++;
		if (i < w->nprofiles && from_site[i].line) {
			wz_error(c, p.pos, CW_WERR_DUPLICATE, _("profile id '%s' is used twice (first at line %d)"), p.id,
				 from_site[i].line);
			continue;
		}
		if (i == w->nprofiles)
			w->nprofiles++;
		all[i] = p;
		from_site[i] = p.pos;
	}
}

static const struct field site_file_fields[] = {
	{"site_version", p_version, offsetof(struct cw_wizard, site_version), ALL, ALL, 0, 0, NULL, NULL},
	{"site", p_site, 0, ALL, 0, 0, 0, NULL, site_overlay_fields},
	{"profiles", p_site_profiles, 0, ALL, 0, 0, 0, NULL, NULL},
	END_FIELDS,
};

int wz_is_site_file(const struct ynode *root)
{
	return root->type == Y_MAP && lookup(root, "site_version") != NULL;
}

void wz_site_schema(struct wz_ctx *c, const struct ynode *root)
{
	c->profiles_read = 0; /* the tree's fallback was checked with the tree; judged again only if profiles change */
	parse_map(c, root, site_file_fields, c->w, ALL, "site file");
}

int wz_schema(struct wz_ctx *c, const struct ynode *root)
{
	if (root->type != Y_MAP) {
		wz_error(c, root->pos, CW_WERR_TYPE, _("a wizard file is a mapping (version:, site:, profiles:, start:, nodes:)"));
		return -1;
	}
	c->profiles_pos = root->pos;
	parse_map(c, root, top_fields, c->w, ALL, "wizard");
	if (!c->oom && wz_index_nodes(c->w) < 0)
		c->oom = 1;
	return 0;
}
