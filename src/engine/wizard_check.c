/* wizard_check.c — the wizard's cross-checks: references, codes per check, routes, reachability, loops, texts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wizard_int.h"

static void resolve(struct wz_ctx *c, struct cw_ref *r)
{
	if (!r->id)
		return;
	r->index = cw_wizard_node_index(c->w, r->id);
	if (r->index < 0)
		wz_error(c, r->pos, CW_WERR_NO_NODE, _("no node with id '%s'"), r->id);
}

static void texts(struct wz_ctx *c, const struct cw_ltext *t)
{
	if (t->zh_tw)
		wz_check_placeholders(c, t->zh_tw, t->pos_zh_tw);
	if (t->en)
		wz_check_placeholders(c, t->en, t->pos_en);
}

static void check_texts(struct wz_ctx *c)
{
	struct cw_wizard *w = c->w;
	texts(c, &w->site.system);
	for (int i = 0; i < w->nprofiles; i++)
		texts(c, &w->profiles[i].name);
	for (int i = 0; i < w->nnodes; i++) {
		const struct cw_node *n = &w->nodes[i];
		texts(c, &n->title);
		texts(c, &n->text);
		for (int a = 0; a < n->nactions; a++)
			texts(c, &n->actions[a].label);
		for (int l = 0; l < n->nlinks; l++)
			wz_check_placeholders(c, n->links[l].url, n->links[l].pos);
	}
}

static void check_profiles(struct wz_ctx *c)
{
	const struct cw_wizard *w = c->w;
	int fallback = 0;
	for (int i = 0; i < w->nprofiles; i++) {
		const struct cw_profile *p = &w->profiles[i];
		fallback |= p->unlock == CW_UNLOCK_PKCS11;
		for (int j = 0; j < i && p->id; j++)
			if (w->profiles[j].id && strcmp(w->profiles[j].id, p->id) == 0)
				wz_error(c, p->pos, CW_WERR_DUPLICATE, _("profile id '%s' is used twice (first at line %d)"), p->id,
					 w->profiles[j].pos.line);
		/* An ATR in two profiles would make the first one win silently. */
		for (int a = 0; a < p->natr; a++)
			for (int j = 0; j <= i; j++)
				for (int b = 0; b < (j == i ? a : w->profiles[j].natr); b++)
					if (p->atr[a].len == w->profiles[j].atr[b].len &&
					    memcmp(p->atr[a].raw, w->profiles[j].atr[b].raw, p->atr[a].len) == 0)
						wz_error(c, p->pos, CW_WERR_DUPLICATE, _("an ATR of profile '%s' is also in profile '%s'"),
							 p->id ? p->id : "?", w->profiles[j].id ? w->profiles[j].id : "?");
	}
	if (!fallback && c->profiles_read)
		wz_error(c, c->profiles_pos, CW_WERR_NO_FALLBACK,
			 _("no profile with unlock: pkcs11 (the fallback for cards no other profile claims)"));
}

static void check_ids(struct wz_ctx *c)
{
	const struct cw_wizard *w = c->w;
	for (int i = 1; i < w->nby_id; i++) {
		const struct cw_node *a = &w->nodes[w->by_id[i - 1]], *b = &w->nodes[w->by_id[i]];
		if (strcmp(a->id, b->id) == 0)
			wz_error(c, b->pos, CW_WERR_DUPLICATE, _("node id '%s' is used twice (first at line %d)"), b->id,
				 a->pos.line);
	}
}

/* "a, b, c": the codes a check can give with one status that n's next does not name. */
static void codes_of(enum cw_check check, int status, const struct cw_node *n, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int k = 0; k < CW_CODE_COUNT && used < size; k++) {
		if (!cw_code_belongs((enum cw_code)k, check))
			continue;
		if ((int)cw_code_status((enum cw_code)k) != status)
			continue;
		int routed = 0;
		for (int i = 0; i < n->nnext && !routed; i++)
			routed = !n->next[i].is_status && n->next[i].value == k;
		if (!routed)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", cw_code_id((enum cw_code)k));
	}
}

/* "card, pin" — the checks a code belongs to ("actions" for codes only actions give). */
static void checks_of(enum cw_code code, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int k = 0; k < CW_CHECK_COUNT && used < size; k++)
		if (cw_code_belongs(code, (enum cw_check)k))
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", cw_check_id((enum cw_check)k));
	if (!used)
		snprintf(buf, size, "%s", cw_code_is_action(code) ? "actions" : "-");
}

static int status_from_id(const char *id)
{
	for (int s = 0; s < CW_STATUS_COUNT; s++)
		if (strcmp(cw_status_id((enum cw_status)s), id) == 0)
			return s;
	return -1;
}

/* `next` keys: a status, or a code of this node's own check; then every result the check can give must have a route. */
static void check_next(struct wz_ctx *c, struct cw_node *n)
{
	int known = n->check != CW_CHECK_COUNT;
	for (int i = 0; i < n->nnext; i++) {
		struct cw_next *e = &n->next[i];
		resolve(c, &e->to);
		if (!e->key)
			continue;
		int s = status_from_id(e->key), k = cw_code_from_id(e->key);
		if (s >= 0) {
			e->is_status = 1;
			e->value = s;
		} else if (k < 0) {
			wz_error(c, e->pos, CW_WERR_UNKNOWN_CODE,
				 _("'%s' is neither a result code nor a status (pass, warn, fail, skip)"), e->key);
		} else if (known && !cw_code_belongs((enum cw_code)k, n->check)) {
			char list[256];
			checks_of((enum cw_code)k, list, sizeof(list));
			wz_error(c, e->pos, CW_WERR_FOREIGN_CODE, _("'%s' is not a code of check '%s' (it is a code of: %s)"),
				 e->key, cw_check_id(n->check), list);
		} else {
			e->value = k;
		}
	}
	if (!known || !n->next)
		return;
	for (int s = 0; s < CW_STATUS_COUNT; s++) {
		int routed = 0;
		for (int i = 0; i < n->nnext && !routed; i++)
			routed = n->next[i].is_status && n->next[i].value == s;
		char list[256];
		codes_of(n->check, s, n, list, sizeof(list));
		if (!routed && list[0])
			wz_error(c, n->next_pos, CW_WERR_UNROUTED,
				 _("next has no route for the %s results of check '%s' (%s): add '%s' or each code"),
				 cw_status_id((enum cw_status)s), cw_check_id(n->check), list, cw_status_id((enum cw_status)s));
	}
}

static const char *id_of(const struct cw_node *n);

/* Every edge a walk can take, user steps included: calls visit(from, to) for each. */
static void edges(const struct cw_wizard *w, int from, void (*visit)(int to, void *arg), void *arg)
{
	const struct cw_node *n = &w->nodes[from];
	for (int i = 0; i < n->nnext; i++)
		if (n->next[i].to.index >= 0)
			visit(n->next[i].to.index, arg);
	for (int i = 0; i < n->nactions; i++)
		if (n->actions[i].verb == CW_VERB_GOTO && n->actions[i].to.index >= 0)
			visit(n->actions[i].to.index, arg);
	if (n->then.index >= 0)
		visit(n->then.index, arg);
	if (n->cancel.index >= 0)
		visit(n->cancel.index, arg);
	for (int u = 0; u < CW_UNLOCK_COUNT; u++)
		if (n->instead[u].index >= 0)
			visit(n->instead[u].index, arg);
}

/* One step of `instead:` only: a node shown in another's place stands for itself, so a walk never
 * chains or loops through them, and a reader of the file sees the whole choice in one place. */
static void check_instead(struct wz_ctx *c, const struct cw_node *n)
{
	for (int u = 0; u < CW_UNLOCK_COUNT; u++) {
		const struct cw_ref *r = &n->instead[u];
		if (r->index < 0)
			continue;
		const struct cw_node *to = &c->w->nodes[r->index];
		int chained = 0;
		for (int v = 0; v < CW_UNLOCK_COUNT; v++)
			chained |= to->instead[v].id != NULL;
		if (to == n || chained)
			wz_error(c, r->pos, CW_WERR_VALUE, _("'instead' leads to node '%s', which has an 'instead' of its own"),
				 id_of(to));
		else if (to->kind == CW_NODE_CHECK)
			wz_error(c, r->pos, CW_WERR_VALUE, _("'instead' leads to check node '%s': only advice, form and end nodes stand in"),
				 id_of(to));
	}
}

struct bfs {
	int *queue, tail;
	unsigned char *seen;
};

static void enqueue(int to, void *arg)
{
	struct bfs *b = arg;
	if (!b->seen[to]) {
		b->seen[to] = 1;
		b->queue[b->tail++] = to;
	}
}

static void check_reachable(struct wz_ctx *c)
{
	const struct cw_wizard *w = c->w;
	if (w->start.index < 0 || w->nnodes == 0)
		return;
	struct bfs b = {wz_alloc(&c->tree, sizeof(int) * (size_t)w->nnodes), 0, wz_alloc(&c->tree, (size_t)w->nnodes)};
	if (!b.queue || !b.seen) {
		c->oom = 1;
		return;
	}
	enqueue(w->start.index, &b);
	for (int head = 0; head < b.tail; head++)
		edges(w, b.queue[head], enqueue, &b);
	/* A duplicate id is reported as such; it would also look unreachable (references go to the first). */
	for (int i = 0; i < w->nnodes; i++)
		if (!b.seen[i] && w->nodes[i].id && cw_wizard_node_index(w, w->nodes[i].id) == i)
			wz_error(c, w->nodes[i].pos, CW_WERR_UNREACHABLE, _("node '%s' cannot be reached from start"),
				 w->nodes[i].id);
}

static const char *id_of(const struct cw_node *n) { return n->id ? n->id : "?"; }

/*
 * A loop of check nodes alone would run checks forever without asking anyone: refuse it. Loops
 * through an advice, form or end node are fine (someone chooses each time). Depth-first search
 * over check → check edges with an explicit stack; a grey node met again closes a loop.
 */
static void check_loops(struct wz_ctx *c)
{
	const struct cw_wizard *w = c->w;
	int n = w->nnodes;
	unsigned char *colour = wz_alloc(&c->tree, (size_t)(n ? n : 1)); /* 0 white, 1 grey, 2 black */
	int *stack = wz_alloc(&c->tree, sizeof(int) * (size_t)(n ? n : 1));
	int *edge = wz_alloc(&c->tree, sizeof(int) * (size_t)(n ? n : 1));
	if (!colour || !stack || !edge) {
		c->oom = 1;
		return;
	}
	for (int root = 0; root < n; root++) {
		if (colour[root] || w->nodes[root].kind != CW_NODE_CHECK)
			continue;
		int depth = 0;
		stack[depth] = root;
		edge[depth] = 0;
		colour[root] = 1;
		while (depth >= 0) {
			const struct cw_node *at = &w->nodes[stack[depth]];
			if (edge[depth] == at->nnext) {
				colour[stack[depth--]] = 2;
				continue;
			}
			int e = edge[depth]++, to = at->next[e].to.index;
			if (to < 0 || w->nodes[to].kind != CW_NODE_CHECK || colour[to] == 2)
				continue;
			int again = 0; /* pass: x, fail: x, skip: x is one edge, one loop */
			for (int i = 0; i < e && !again; i++)
				again = at->next[i].to.index == to;
			if (again)
				continue;
			if (colour[to] == 1) {
				char path[256];
				size_t used = 0;
				int from = depth;
				while (from > 0 && stack[from] != to)
					from--;
				for (int i = from; i <= depth && used < sizeof(path); i++)
					used += (size_t)snprintf(path + used, sizeof(path) - used, "%s → ", id_of(&w->nodes[stack[i]]));
				if (used < sizeof(path))
					snprintf(path + used, sizeof(path) - used, "%s", id_of(&w->nodes[to]));
				wz_error(c, w->nodes[to].pos, CW_WERR_CYCLE, _("checks loop without a user step: %s"), path);
				continue;
			}
			colour[to] = 1;
			stack[++depth] = to;
			edge[depth] = 0;
		}
	}
}

void wz_validate(struct wz_ctx *c)
{
	struct cw_wizard *w = c->w;
	check_texts(c);
	check_profiles(c);
	check_ids(c);
	resolve(c, &w->start);
	for (int i = 0; i < w->nnodes; i++) {
		struct cw_node *n = &w->nodes[i];
		check_next(c, n);
		for (int a = 0; a < n->nactions; a++)
			if (n->actions[a].verb == CW_VERB_GOTO)
				resolve(c, &n->actions[a].to);
		resolve(c, &n->then);
		resolve(c, &n->cancel);
		for (int u = 0; u < CW_UNLOCK_COUNT; u++)
			resolve(c, &n->instead[u]);
	}
	for (int i = 0; i < w->nnodes; i++)
		check_instead(c, &w->nodes[i]);
	check_reachable(c);
	check_loops(c);
}
