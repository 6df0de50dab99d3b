/* wizard_int.h — what the wizard loader's files share among themselves (not for the layers above). */
#ifndef CW_WIZARD_INT_H
#define CW_WIZARD_INT_H

#include <stddef.h>

#include "cw/wizard.h"

/* An arena: the loaded wizard lives in one, the parsed YAML tree in another (freed after loading). */
struct cw_wizard_mem {
	struct wz_block *head;
	size_t total;
};
void *wz_alloc(struct cw_wizard_mem *m, size_t n);     /* zeroed; NULL when out of memory */
char *wz_strndup(struct cw_wizard_mem *m, const char *s, size_t n);
void wz_mem_free(struct cw_wizard_mem *m);

/* The YAML document as a small tree, each value with its place in the file. */
enum ytype { Y_SCALAR, Y_SEQ, Y_MAP };
struct ynode {
	enum ytype type;
	struct cw_pos pos;
	const char *str;             /* scalars: the value, NUL-terminated */
	size_t len;
	int plain;                   /* an unquoted scalar (numbers and booleans must be plain) */
	struct ynode *first, *last;  /* children; a mapping holds key, value, key, value, … */
	struct ynode *next;
	int n;                       /* children */
};

/* One load: the errors found so far and the wizard being filled. */
struct wz_ctx {
	struct cw_wizard_errors *errs;
	struct cw_wizard_mem tree;   /* the YAML tree */
	struct cw_wizard *w;
	const char *buf;             /* the file's bytes (for places of reader errors) */
	size_t len;
	struct cw_pos profiles_pos;  /* where the profiles list is (for the missing-fallback error) */
	int profiles_read;           /* profiles was a list: only then is a missing fallback news */
	int oom;
};

void wz_error(struct wz_ctx *c, struct cw_pos pos, enum cw_wizard_err kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The 1-based line and column (in characters) of a byte offset. */
struct cw_pos wz_pos_of_offset(const char *buf, size_t len, size_t off);

/* Stages of a load: bytes → YAML tree → wizard → cross-checks. */
struct ynode *wz_yaml_parse(struct wz_ctx *c);
/* Returns 0, or -1 when the document is not a wizard at all (then nothing else is worth checking). */
int wz_schema(struct wz_ctx *c, const struct ynode *root);
void wz_validate(struct wz_ctx *c);
/* A site file (a mapping with site_version) rather than a whole tree? */
int wz_is_site_file(const struct ynode *root);
/* Lay a site file's settings and profiles over c->w, the tree already loaded; wz_validate follows. */
void wz_site_schema(struct wz_ctx *c, const struct ynode *root);

/* Placeholder checks for one text (in wizard_text.c, beside the expansion). */
void wz_check_placeholders(struct wz_ctx *c, const char *text, struct cw_pos pos);
/* Sorts w->by_id (node indices by id); the validator reports duplicates from it. */
int wz_index_nodes(struct cw_wizard *w);

#endif
