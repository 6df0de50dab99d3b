/* wizard_text.c — using a loaded wizard: placeholders in texts, node and profile lookups, names of its enums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/names.h"
#include "wizard_int.h"

/* ---- placeholders ---- */

const char *const cw_wizard_placeholders[] = {
	"system", "component", "installer", "signer", "hotline", "unlock_url", "tools_url", NULL,
};

/* Where each placeholder's value is set in the file, for the error when it is not. */
static const char *const placeholder_settings[] = {
	"site.system", "site.component.name", "site.component.windows_installer", "site.signer",
	"site.contacts.hotline", "site.contacts.unlock_url", "site.contacts.tools_url",
};

static const char *placeholder_value(const struct cw_wizard *w, int i, enum cw_lang lang)
{
	const struct cw_site *s = &w->site;
	const char *values[] = {
		s->system.zh_tw ? cw_ltext_get(&s->system, lang) : NULL,
		s->component, s->installer, s->signer, s->hotline, s->unlock_url, s->tools_url,
	};
	return values[i];
}

/* A placeholder is `{` lowercase letters and `_` `}`; any other brace is just text (shell and JavaScript use them). */
static int placeholder_at(const char *p, size_t *len)
{
	size_t n = 1;
	while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_')
		n++;
	if (n == 1 || p[n] != '}')
		return 0;
	*len = n + 1;
	return 1;
}

static int placeholder_index(const char *name, size_t len)
{
	for (int i = 0; cw_wizard_placeholders[i]; i++)
		if (strlen(cw_wizard_placeholders[i]) == len && memcmp(cw_wizard_placeholders[i], name, len) == 0)
			return i;
	return -1;
}

void wz_check_placeholders(struct wz_ctx *c, const char *text, struct cw_pos pos)
{
	for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
		size_t len;
		if (!placeholder_at(p, &len))
			continue;
		int i = placeholder_index(p + 1, len - 2);
		if (i < 0) {
			wz_error(c, pos, CW_WERR_PLACEHOLDER,
				 _("unknown placeholder %.*s (known: {system} {component} {installer} {signer} {hotline} "
				   "{unlock_url} {tools_url})"),
				 (int)len, p);
		} else if (!placeholder_value(c->w, i, CW_LANG_EN)) {
			wz_error(c, pos, CW_WERR_PLACEHOLDER, _("placeholder %.*s, but the file sets no %s"), (int)len, p,
				 placeholder_settings[i]);
		}
	}
}

size_t cw_wizard_expand(const struct cw_wizard *w, enum cw_lang lang, const char *text, char *out, size_t size)
{
	size_t need = 0;
	for (const char *p = text; *p;) {
		const char *piece = p;
		size_t len = 1, step = 1;
		if (*p == '{' && placeholder_at(p, &step)) {
			int i = placeholder_index(p + 1, step - 2);
			const char *v = i >= 0 ? placeholder_value(w, i, lang) : NULL;
			if (v) {
				piece = v;
				len = strlen(v);
			} else {
				len = step; /* unknown or unset: left as written (the loader refuses such files) */
			}
		}
		if (size && need < size - 1) {
			size_t room = size - 1 - need;
			memcpy(out + need, piece, len < room ? len : room);
		}
		need += len;
		p += step;
	}
	if (size)
		out[need < size - 1 ? need : size - 1] = '\0';
	return need;
}

const char *cw_ltext_get(const struct cw_ltext *t, enum cw_lang lang)
{
	const char *s = lang == CW_LANG_ZH_TW ? t->zh_tw : t->en;
	if (!s)
		s = lang == CW_LANG_ZH_TW ? t->en : t->zh_tw;
	return s ? s : "";
}

/* ---- lookups ---- */

static int by_id_order(const void *a, const void *b, void *arg)
{
	const struct cw_wizard *w = arg;
	int x = *(const int *)a, y = *(const int *)b;
	int d = strcmp(w->nodes[x].id, w->nodes[y].id);
	return d ? d : (x > y) - (x < y); /* equal ids keep file order: the later one is the duplicate */
}

int wz_index_nodes(struct cw_wizard *w)
{
	w->by_id = wz_alloc(w->mem, sizeof(int) * (size_t)(w->nnodes ? w->nnodes : 1));
	if (!w->by_id)
		return -1;
	w->nby_id = 0;
	for (int i = 0; i < w->nnodes; i++)
		if (w->nodes[i].id)
			w->by_id[w->nby_id++] = i;
	qsort_r(w->by_id, (size_t)w->nby_id, sizeof(int), by_id_order, w);
	return 0;
}

int cw_wizard_node_index(const struct cw_wizard *w, const char *id)
{
	int lo = 0, hi = w->nby_id - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int d = strcmp(w->nodes[w->by_id[mid]].id, id);
		if (d == 0) {
			while (mid > 0 && strcmp(w->nodes[w->by_id[mid - 1]].id, id) == 0)
				mid--; /* the first of duplicates */
			return w->by_id[mid];
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

const struct cw_node *cw_wizard_node(const struct cw_wizard *w, const char *id)
{
	int i = cw_wizard_node_index(w, id);
	return i < 0 ? NULL : &w->nodes[i];
}

const struct cw_profile *cw_wizard_profile(const struct cw_wizard *w, const char *id)
{
	for (int i = 0; i < w->nprofiles; i++)
		if (w->profiles[i].id && strcmp(w->profiles[i].id, id) == 0)
			return &w->profiles[i];
	return NULL;
}

const struct cw_profile *cw_wizard_generic_profile(const struct cw_wizard *w)
{
	for (int i = 0; i < w->nprofiles; i++)
		if (w->profiles[i].unlock == CW_UNLOCK_PKCS11)
			return &w->profiles[i];
	return NULL;
}

void cw_profile_policy(const struct cw_profile *p, struct cw_card_policy *out)
{
	if (p)
		cw_policy_of(p->id, p->unlock, &p->pin, &p->puk, out);
	else
		memset(out, 0, sizeof(*out));
}

int cw_wizard_card_profiles(const struct cw_wizard *w, struct cw_card_profile *out)
{
	const struct cw_profile *generic = cw_wizard_generic_profile(w);
	int n = 0;
	for (int i = 0; i < w->nprofiles && n < CW_PROFILE_MAX; i++, n++) {
		const struct cw_profile *p = &w->profiles[i];
		struct cw_card_profile *c = &out[n];
		memset(c, 0, sizeof(*c));
		cw_profile_policy(p, &c->policy);
		snprintf(c->name_zh, sizeof(c->name_zh), "%s", cw_ltext_get(&p->name, CW_LANG_ZH_TW));
		snprintf(c->name_en, sizeof(c->name_en), "%s", cw_ltext_get(&p->name, CW_LANG_EN));
		snprintf(c->historical, sizeof(c->historical), "%s", p->historical ? p->historical : "");
		for (int a = 0; a < p->natr && c->natr < CW_PROFILE_ATRS; a++)
			if (p->atr[a].len <= sizeof(c->atr[0])) {
				memcpy(c->atr[c->natr], p->atr[a].raw, p->atr[a].len);
				c->atr_len[c->natr++] = (unsigned char)p->atr[a].len;
			}
		c->generic = p == generic;
		c->bridge_expected = p->bridge_expected;
		c->module = p->module;
		snprintf(c->module_path, sizeof(c->module_path), "%s", p->module_path ? p->module_path : "");
		c->tries = p->tries;
	}
	return n;
}

const struct cw_profile *cw_wizard_profile_for_atr(const struct cw_wizard *w, const unsigned char *atr, size_t len,
						   const unsigned char *hist, size_t nhist)
{
	struct cw_card_profile *v = malloc(sizeof(*v) * CW_PROFILE_MAX);
	int i = v ? cw_card_profile_match(v, cw_wizard_card_profiles(w, v), atr, len, hist, nhist) : -1;
	free(v);
	return i >= 0 ? &w->profiles[i] : cw_wizard_generic_profile(w);
}

/* ---- names ---- */

CW_NAME_FN(cw_node_kind_id, enum cw_node_kind, CW_NODE_KINDS, CW_NODE_KIND_COUNT)
CW_NAME_FN(cw_form_id, enum cw_form, CW_FORMS, CW_FORM_COUNT)
CW_NAME_FN(cw_verb_id, enum cw_verb, CW_VERBS, CW_VERB_COUNT)
CW_NAME_FN(cw_module_kind_id, enum cw_module_kind, CW_MODULE_KINDS, CW_MODULE_KIND_COUNT)

