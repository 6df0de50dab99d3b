/* wizard_load.c — reading a wizard file: limits, the YAML event stream into a small tree, errors with their places. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "cw/paths.h"
#include "wizard_int.h"

/* ---- arena ---- */

struct wz_block {
	struct wz_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/* Far above what a 1 MiB file can need: a guard, not a budget. */
#define WZ_MEM_LIMIT (256u * 1024 * 1024)
#define WZ_BLOCK (64u * 1024)

void *wz_alloc(struct cw_wizard_mem *m, size_t n)
{
	size_t need = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	struct wz_block *b = m->head;
	if (!b || b->size - b->used < need) {
		size_t size = need > WZ_BLOCK ? need : WZ_BLOCK;
		if (m->total + size > WZ_MEM_LIMIT)
			return NULL;
		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = m->head;
		m->head = b;
		m->total += size;
	}
	void *p = b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

char *wz_strndup(struct cw_wizard_mem *m, const char *s, size_t n)
{
	char *d = wz_alloc(m, n + 1);
	if (d)
		memcpy(d, s, n);
	return d;
}

void wz_mem_free(struct cw_wizard_mem *m)
{
	for (struct wz_block *b = m->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	m->head = NULL;
	m->total = 0;
}

/* ---- errors ---- */

void wz_error(struct wz_ctx *c, struct cw_pos pos, enum cw_wizard_err kind, const char *fmt, ...)
{
	struct cw_wizard_errors *errs = c->errs;
	if (errs->n == CW_WIZARD_MAX_ERRORS) {
		errs->dropped++;
		return;
	}
	struct cw_wizard_error *e = &errs->e[errs->n++];
	e->kind = kind;
	e->line = pos.line > 0 ? pos.line : 1;
	e->col = pos.col > 0 ? pos.col : 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

struct cw_pos wz_pos_of_offset(const char *buf, size_t len, size_t off)
{
	struct cw_pos p = {1, 1};
	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			p.col++; /* columns count characters, as libyaml's marks do */
		}
	}
	return p;
}

static int error_order(const void *a, const void *b)
{
	const struct cw_wizard_error *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

/* Stable: errors at one place keep the order they were found in (insertion sort; at most 100). */
static void sort_errors(struct cw_wizard_errors *errs)
{
	for (int i = 1; i < errs->n; i++) {
		struct cw_wizard_error t = errs->e[i];
		int j = i;
		for (; j > 0 && error_order(&errs->e[j - 1], &t) > 0; j--)
			errs->e[j] = errs->e[j - 1];
		errs->e[j] = t;
	}
}

/* ---- YAML events → tree ---- */

static struct cw_pos mark_pos(yaml_mark_t m)
{
	return (struct cw_pos){(int)m.line + 1, (int)m.column + 1};
}

static void syntax_error(struct wz_ctx *c, const yaml_parser_t *p)
{
	struct cw_pos pos = p->error == YAML_READER_ERROR ? wz_pos_of_offset(c->buf, c->len, p->problem_offset)
							  : mark_pos(p->problem_mark);
	const char *problem = p->problem ? p->problem : "?";
	if (p->context)
		wz_error(c, pos, CW_WERR_SYNTAX, _("not valid YAML: %s (%s)"), problem, p->context);
	else
		wz_error(c, pos, CW_WERR_SYNTAX, _("not valid YAML: %s"), problem);
}

static struct ynode *new_ynode(struct wz_ctx *c, enum ytype type, yaml_mark_t start)
{
	struct ynode *n = wz_alloc(&c->tree, sizeof(*n));
	if (!n) {
		c->oom = 1;
		return NULL;
	}
	n->type = type;
	n->pos = mark_pos(start);
	return n;
}

static void add_child(struct ynode *parent, struct ynode *child)
{
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
	parent->n++;
}

/* What one event does to the tree being built; returns 0 to go on, 1 at the end, -1 on an error. */
struct builder {
	struct ynode *stack[CW_WIZARD_MAX_DEPTH];
	int depth;
	struct ynode *root;
	long values;
	int documents;
};

static int build(struct wz_ctx *c, struct builder *b, const yaml_event_t *ev)
{
	enum ytype type;
	switch (ev->type) {
	case YAML_STREAM_END_EVENT: return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1) {
			wz_error(c, mark_pos(ev->start_mark), CW_WERR_SYNTAX,
				 _("more than one YAML document: a wizard file holds one"));
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		/* Aliases can multiply a small file into a huge tree: the format has none. */
		wz_error(c, mark_pos(ev->start_mark), CW_WERR_ALIAS,
			 _("YAML aliases (*name) are not supported: write the value out"));
		return -1;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: b->depth--; return 0;
	case YAML_SCALAR_EVENT: type = Y_SCALAR; break;
	case YAML_SEQUENCE_START_EVENT: type = Y_SEQ; break;
	case YAML_MAPPING_START_EVENT: type = Y_MAP; break;
	default: return 0;
	}
	if (++b->values > CW_WIZARD_MAX_VALUES) {
		wz_error(c, mark_pos(ev->start_mark), CW_WERR_TOO_MANY, _("more than %d YAML values"),
			 CW_WIZARD_MAX_VALUES);
		return -1;
	}
	struct ynode *n = new_ynode(c, type, ev->start_mark);
	if (!n)
		return -1;
	if (type == Y_SCALAR) {
		n->len = ev->data.scalar.length;
		n->str = wz_strndup(&c->tree, (const char *)ev->data.scalar.value, n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (!n->str) {
			c->oom = 1;
			return -1;
		}
	}
	if (b->depth > 0)
		add_child(b->stack[b->depth - 1], n);
	else
		b->root = n;
	if (type != Y_SCALAR) {
		if (b->depth == CW_WIZARD_MAX_DEPTH) {
			wz_error(c, n->pos, CW_WERR_TOO_DEEP, _("nested deeper than %d levels"), CW_WIZARD_MAX_DEPTH);
			return -1;
		}
		b->stack[b->depth++] = n;
	}
	return 0;
}

struct ynode *wz_yaml_parse(struct wz_ctx *c)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		c->oom = 1;
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)c->buf, c->len);
	struct builder b = {.depth = 0};
	int r = 0;
	while (r == 0) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(c, &p);
			r = -1;
			break;
		}
		r = build(c, &b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (r < 0)
		return NULL;
	if (!b.root || (b.root->type == Y_SCALAR && b.root->len == 0 && b.root->plain)) {
		wz_error(c, (struct cw_pos){1, 1}, CW_WERR_EMPTY, _("empty file: no wizard in it"));
		return NULL;
	}
	return b.root;
}

/* ---- entry points ---- */

/* The whole file into *buf (malloc'd); one byte past the limit is enough to know it is too large. */
static int read_file(struct wz_ctx *c, const char *path, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO must not hang the start; fstat then refuses anything but a regular file. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0) {
		wz_error(c, (struct cw_pos){1, 1}, CW_WERR_IO, _("cannot read the file: %s"), strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		wz_error(c, (struct cw_pos){1, 1}, CW_WERR_IO, "%s", _("not a regular file (a FIFO, a device or a folder is refused)"));
		return -1;
	}
	size_t cap = CW_WIZARD_MAX_BYTES + 1;
	*buf = malloc(cap);
	if (!*buf) {
		close(fd);
		wz_error(c, (struct cw_pos){1, 1}, CW_WERR_MEMORY, _("out of memory"));
		return -1;
	}
	while (*len < cap) {
		ssize_t n = read(fd, *buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			free(*buf);
			*buf = NULL;
			wz_error(c, (struct cw_pos){1, 1}, CW_WERR_IO, _("cannot read the file: %s"), strerror(e));
			return -1;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return 0;
}

static int load_buffer(const char *buf, size_t len, struct cw_wizard **out, struct cw_wizard_errors *errs,
		       int site_ok);

/*
 * The tree a site file lies over: the default one, and a whole tree (site_ok 0: a site file there
 * is refused as a tree). Its errors are not the site file's: one error names the tree and its first.
 */
static struct cw_wizard *site_base(struct wz_ctx *c)
{
	const char *path = cw_default_wizard();
	struct cw_wizard_errors *errs = calloc(1, sizeof(*errs)); /* big: kept off the stack */
	if (!errs) {
		c->oom = 1;
		return NULL;
	}
	struct wz_ctx fc = {.errs = errs};
	struct cw_wizard *w = NULL;
	char *buf;
	size_t len;
	if (read_file(&fc, path, &buf, &len) == 0) {
		load_buffer(buf, len, &w, errs, 0);
		free(buf);
	}
	if (!w) {
		const struct cw_wizard_error *e = errs->n ? &errs->e[0] : NULL;
		wz_error(c, (struct cw_pos){1, 1}, e ? e->kind : CW_WERR_MEMORY,
			 _("a site file lies over the wizard file %s, which does not load: %d:%d: %s"), path,
			 e ? e->line : 1, e ? e->col : 1, e ? e->msg : _("out of memory"));
	}
	free(errs);
	return w;
}

static struct cw_wizard *new_wizard(void)
{
	struct cw_wizard_mem *mem = calloc(1, sizeof(*mem));
	struct cw_wizard *w = mem ? wz_alloc(mem, sizeof(*w)) : NULL;
	if (!w) {
		free(mem);
		return NULL;
	}
	w->mem = mem;
	w->start.index = -1;
	return w;
}

static int load_buffer(const char *buf, size_t len, struct cw_wizard **out, struct cw_wizard_errors *errs,
		       int site_ok)
{
	*out = NULL;
	memset(errs, 0, sizeof(*errs));
	struct wz_ctx c = {.errs = errs, .buf = buf, .len = len};
	if (len > CW_WIZARD_MAX_BYTES) {
		wz_error(&c, (struct cw_pos){1, 1}, CW_WERR_TOO_BIG, _("file is larger than %d KiB"),
			 CW_WIZARD_MAX_BYTES / 1024);
		return -1;
	}
	const char *nul = memchr(buf, '\0', len);
	if (nul) {
		wz_error(&c, wz_pos_of_offset(buf, len, (size_t)(nul - buf)), CW_WERR_BINARY,
			 _("binary data (a NUL byte): not a wizard file"));
		return -1;
	}
	const struct ynode *root = wz_yaml_parse(&c);
	if (root && site_ok && wz_is_site_file(root)) {
		/* Site settings on the packaged tree: the tree was validated alone, then again with them. */
		c.w = site_base(&c);
		if (c.w) {
			wz_site_schema(&c, root);
			if (!c.oom)
				wz_validate(&c);
		}
	} else if (root) {
		c.w = new_wizard();
		if (!c.w)
			c.oom = 1;
		else if (wz_schema(&c, root) == 0 && !c.oom)
			wz_validate(&c);
	}
	wz_mem_free(&c.tree);
	if (c.oom)
		wz_error(&c, (struct cw_pos){1, 1}, CW_WERR_MEMORY, _("out of memory"));
	sort_errors(errs);
	if (errs->n || errs->dropped || !c.w) {
		cw_wizard_free(c.w);
		return -1;
	}
	*out = c.w;
	return 0;
}

int cw_wizard_load_buffer(const char *name, const char *buf, size_t len, struct cw_wizard **out,
			  struct cw_wizard_errors *errs)
{
	(void)name;
	return load_buffer(buf, len, out, errs, 1);
}

int cw_wizard_load_file(const char *path, struct cw_wizard **out, struct cw_wizard_errors *errs)
{
	*out = NULL;
	memset(errs, 0, sizeof(*errs));
	struct wz_ctx c = {.errs = errs};
	char *buf;
	size_t len;
	if (read_file(&c, path, &buf, &len) < 0)
		return -1;
	int r = load_buffer(buf, len, out, errs, 1);
	free(buf);
	return r;
}

const char *cw_wizard_path(const char *option)
{
	if (option && *option)
		return option;
	const char *site = cw_default_site();
	return site && cw_file_exists(site) ? site : cw_default_wizard();
}

void cw_wizard_free(struct cw_wizard *w)
{
	if (!w)
		return;
	struct cw_wizard_mem *mem = w->mem; /* the wizard itself lives in it */
	wz_mem_free(mem);
	free(mem);
}
