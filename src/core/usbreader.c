/* usbreader.c — libccid's reader list and cardwiz's reader table, read as plain text; FAQ 3's verdict. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cw/text.h"
#include "cw/usbreader.h"

/* The whole of a small text file, NUL-terminated; NULL when unreadable. Both lists are well under 1 MB. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0 || len > (4u << 20))
			break;
		if (len + 1 >= cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* The <string> values of the <array> after <key>NAME</key>, one per call; NULL at the array's end. */
static const char *next_string(const char **cur, const char *end, char *out, size_t size)
{
	const char *open = strstr(*cur, "<string>");
	const char *close_arr = strstr(*cur, "</array>");
	if (!open || open >= end || (close_arr && close_arr < open))
		return NULL;
	open += strlen("<string>");
	const char *close = strstr(open, "</string>");
	if (!close)
		return NULL;
	size_t n = (size_t)(close - open) < size - 1 ? (size_t)(close - open) : size - 1;
	memcpy(out, open, n);
	out[n] = '\0';
	*cur = close + strlen("</string>");
	return out;
}

static const char *array_of(const char *text, const char *key)
{
	char tag[64];
	snprintf(tag, sizeof(tag), "<key>%s</key>", key);
	const char *k = strstr(text, tag);
	if (!k)
		return NULL;
	const char *a = strstr(k, "<array>");
	return a ? a + strlen("<array>") : NULL;
}

int cw_ccid_list_parse(const char *text, struct cw_ccid_list *l)
{
	l->e = NULL;
	l->n = 0;
	const char *v = array_of(text, "ifdVendorID"), *p = array_of(text, "ifdProductID");
	const char *nm = array_of(text, "ifdFriendlyName");
	if (!v || !p)
		return 0;
	const char *end = text + strlen(text);
	size_t cap = 0;
	char vs[32], ps[32], name[80];
	while (next_string(&v, end, vs, sizeof(vs)) && next_string(&p, end, ps, sizeof(ps))) {
		if (!nm || !next_string(&nm, end, name, sizeof(name)))
			name[0] = '\0';
		if (l->n == cap) {
			cap = cap ? cap * 2 : 256;
			struct cw_ccid_entry *e = realloc(l->e, cap * sizeof(*e));
			if (!e) {
				cw_ccid_list_free(l);
				return -1;
			}
			l->e = e;
		}
		struct cw_ccid_entry *e = &l->e[l->n];
		e->vid = (unsigned)strtoul(vs, NULL, 16);
		e->pid = (unsigned)strtoul(ps, NULL, 16);
		cw_copy(e->name, sizeof(e->name), name);
		l->n++;
	}
	return 0;
}

int cw_ccid_list_load(const char *path, struct cw_ccid_list *l)
{
	l->e = NULL;
	l->n = 0;
	char *text = slurp(path);
	if (!text)
		return -1;
	int rc = cw_ccid_list_parse(text, l);
	free(text);
	return rc;
}

void cw_ccid_list_free(struct cw_ccid_list *l)
{
	free(l->e);
	l->e = NULL;
	l->n = 0;
}

const struct cw_ccid_entry *cw_ccid_list_find(const struct cw_ccid_list *l, unsigned vid, unsigned pid)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (l->e[i].vid == vid && l->e[i].pid == pid)
			return &l->e[i];
	return NULL;
}

/* One field of a '|'-separated line, blanks trimmed; returns the rest after the '|' (NULL at the end). */
static char *field(char *s, char **out)
{
	char *bar = strchr(s, '|');
	if (bar)
		*bar = '\0';
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	*out = s;
	return bar ? bar + 1 : NULL;
}

static int parse_quirk(char *line, struct cw_reader_quirk *q)
{
	static const struct { const char *id; enum cw_reader_kind kind; } kinds[] = {
		{"needs-driver", CW_READER_NEEDS_DRIVER},
		{"misbehaves", CW_READER_MISBEHAVES},
	};
	char *f[6] = {0};
	char *rest = line;
	for (int i = 0; i < 6; i++) {
		if (!rest)
			return -1;
		rest = field(rest, &f[i]);
	}
	char tail;
	if (sscanf(f[0], "%4x:%4x%c", &q->vid, &q->pid, &tail) != 2)
		return -1;
	size_t k;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (strcmp(f[1], kinds[k].id) == 0)
			break;
	if (k == sizeof(kinds) / sizeof(kinds[0]) || !f[2][0] || !f[4][0] || !f[5][0])
		return -1;
	q->kind = kinds[k].kind;
	cw_copy(q->name, sizeof(q->name), f[2]);
	cw_copy(q->driver, sizeof(q->driver), f[3]);
	cw_copy(q->text[0], sizeof(q->text[0]), f[4]);
	cw_copy(q->text[1], sizeof(q->text[1]), f[5]);
	return 0;
}

int cw_reader_table_parse(const char *text, struct cw_reader_table *t, int *bad)
{
	t->q = NULL;
	t->n = 0;
	if (bad)
		*bad = 0;
	size_t cap = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		cw_copy(line, sizeof(line) < len + 1 ? sizeof(line) : len + 1, p);
		p += len + (nl ? 1 : 0);
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		struct cw_reader_quirk q;
		if (len >= sizeof(line) || parse_quirk(s, &q) < 0) {
			if (bad)
				(*bad)++;
			continue;
		}
		if (t->n == cap) {
			cap = cap ? cap * 2 : 8;
			struct cw_reader_quirk *nq = realloc(t->q, cap * sizeof(*nq));
			if (!nq) {
				cw_reader_table_free(t);
				return -1;
			}
			t->q = nq;
		}
		t->q[t->n++] = q;
	}
	return 0;
}

int cw_reader_table_load(const char *path, struct cw_reader_table *t, int *bad)
{
	t->q = NULL;
	t->n = 0;
	if (bad)
		*bad = 0;
	char *text = slurp(path);
	if (!text)
		return -1;
	int rc = cw_reader_table_parse(text, t, bad);
	free(text);
	return rc;
}

void cw_reader_table_free(struct cw_reader_table *t)
{
	free(t->q);
	t->q = NULL;
	t->n = 0;
}

const struct cw_reader_quirk *cw_reader_table_find(const struct cw_reader_table *t, unsigned vid, unsigned pid)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (t->q[i].vid == vid && t->q[i].pid == pid)
			return &t->q[i];
	return NULL;
}

int cw_usb_is_reader(const struct cw_usb_device *d, const struct cw_ccid_list *l, const struct cw_reader_table *t)
{
	/* The EZ100PU declares a vendor class, not 0x0B: only the table knows it is a reader. */
	return d->ccid || cw_ccid_list_find(l, d->vid, d->pid) || cw_reader_table_find(t, d->vid, d->pid);
}

enum cw_reader_case cw_reader_classify(const struct cw_reader_quirk *quirk, int listed, int ccid_knows)
{
	if (quirk && quirk->kind == CW_READER_NEEDS_DRIVER)
		return listed ? CW_RC_DRIVEN : CW_RC_NO_DRIVER; /* listed: the vendor's driver is in */
	if (!listed && !ccid_knows)
		return CW_RC_NO_DRIVER;
	return quirk ? CW_RC_MISBEHAVES : CW_RC_DRIVEN;
}

static int starts_with(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return n > 0 && strncasecmp(s, prefix, n) == 0;
}

int cw_reader_name_matches(const char *reader, const struct cw_usb_device *d, const char *ccid_name)
{
	char both[sizeof(d->manufacturer) + sizeof(d->product) + 2];
	snprintf(both, sizeof(both), "%s %s", d->manufacturer, d->product);
	return (ccid_name && starts_with(reader, ccid_name)) || starts_with(reader, d->product) ||
	       (d->manufacturer[0] && starts_with(reader, both));
}
