/* smartcard_list.c — name a card from its ATR with pcsc-tools' smartcard_list.txt (one regex per ATR). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/atr.h"
#include "cw/text.h"

/* Real lines are under 300 bytes; an ATR line longer than this is skipped, a description line cut. */
#define LIST_LINE 1024
#define DESC_MAX 2048
#define PATH_MAX_CW 4096

/*
 * The ATR text a pattern is matched against ("3B 8B 80 ...") uses 17 symbols: the hex digits and
 * the space. A set of them fits in 32 bits, so a compiled atom is one mask, and a character that
 * is outside the alphabet (the "," in the file's "[1,3]") simply never matches, as in Perl.
 */
#define SYMBOL_SPACE 16
#define SYMBOLS_ALL ((UINT32_C(1) << 17) - 1)

struct atom {
	uint32_t set;
	int star; /* followed by "*": zero or more */
};

struct pattern {
	struct atom atoms[LIST_LINE];
	size_t n;
	int exact; /* plain hex, no wildcard: an exact entry wins over a wildcard one */
};

/* The symbol of a character of ATR text, or -1 when it is none (lower case counts: the match is /i). */
static int symbol_of(int c)
{
	static const char hex[] = "0123456789ABCDEF";
	c = (unsigned char)c; /* toupper() wants an unsigned char's value; bytes over 0x7F come in negative */
	if (c == ' ')
		return SYMBOL_SPACE;
	const char *at = c ? strchr(hex, toupper(c)) : NULL;
	return at ? (int)(at - hex) : -1;
}

static uint32_t symbol_bit(int c)
{
	int s = symbol_of(c);
	return s < 0 ? 0 : UINT32_C(1) << s;
}

/* Symbols whose characters lie between lo and hi (after upper-casing, as "[a-f]" means A-F here). */
static uint32_t symbol_range(int lo, int hi)
{
	static const char alphabet[] = "0123456789ABCDEF ";
	uint32_t set = 0;
	for (const char *c = alphabet; *c; c++)
		if (*c >= toupper((unsigned char)lo) && *c <= toupper((unsigned char)hi))
			set |= symbol_bit(*c);
	return set;
}

/* Characters the file puts inside brackets: hex digits, "," (literal, never matches) and ranges. */
static int class_char_ok(int c)
{
	return symbol_of(c) >= 0 || c == ',';
}

/* Compile "[...]" starting at p[0] == '['; returns the length consumed, 0 when malformed. */
static size_t compile_class(const char *p, uint32_t *set)
{
	size_t i = 1;
	int negate = p[i] == '^';
	if (negate)
		i++;
	size_t first = i;
	*set = 0;
	for (; p[i] && p[i] != ']'; i++) {
		if (!class_char_ok(p[i]))
			return 0;
		if (p[i + 1] == '-' && p[i + 2] && p[i + 2] != ']') {
			if (!class_char_ok(p[i + 2]))
				return 0;
			*set |= symbol_range(p[i], p[i + 2]);
			i += 2;
		} else {
			*set |= symbol_bit(p[i]);
		}
	}
	if (p[i] != ']' || i == first)
		return 0;
	if (negate)
		*set = ~*set & SYMBOLS_ALL;
	return i + 1;
}

/* Compile one ATR line; returns -1 for anything outside the subset (then the entry is skipped). */
static int compile(const char *text, struct pattern *pat)
{
	pat->n = 0;
	pat->exact = 1;
	for (const char *p = text; *p;) {
		if (*p == '*') {
			if (!pat->n || pat->atoms[pat->n - 1].star)
				return -1; /* nothing to repeat */
			pat->atoms[pat->n - 1].star = 1;
			pat->exact = 0;
			p++;
			continue;
		}
		if (pat->n >= LIST_LINE)
			return -1;
		struct atom *a = &pat->atoms[pat->n++];
		a->star = 0;
		if (*p == '.') {
			a->set = SYMBOLS_ALL;
			pat->exact = 0;
			p++;
		} else if (*p == '[') {
			size_t used = compile_class(p, &a->set);
			if (!used)
				return -1;
			pat->exact = 0;
			p += used;
		} else if ((a->set = symbol_bit(*p)) != 0) {
			p++;
		} else {
			return -1; /* not hex, or regex syntax the file does not use */
		}
	}
	return pat->n ? 0 : -1;
}

/* Turn on the states reachable without reading: past any starred atom. */
static void closure(const struct pattern *pat, unsigned char *on)
{
	for (size_t i = 0; i < pat->n; i++)
		if (on[i] && pat->atoms[i].star)
			on[i + 1] = 1;
}

/*
 * Anchored match (pcsc-tools uses m/^$line$/i) as a set-of-states walk: linear in pattern times
 * text, so no line can make it backtrack for long, and it stops at the first character that
 * leaves no state alive, which for most lines of the file is within the first few.
 */
static int pattern_matches(const struct pattern *pat, const char *s)
{
	unsigned char on[LIST_LINE + 1], next[LIST_LINE + 1];
	memset(on, 0, pat->n + 1);
	on[0] = 1;
	closure(pat, on);
	for (; *s; s++) {
		uint32_t bit = symbol_bit(*s);
		int alive = 0;
		memset(next, 0, pat->n + 1);
		for (size_t i = 0; i < pat->n; i++) {
			if (!on[i] || !(pat->atoms[i].set & bit))
				continue;
			next[pat->atoms[i].star ? i : i + 1] = 1;
			alive = 1;
		}
		if (!alive)
			return 0;
		closure(pat, next);
		memcpy(on, next, pat->n + 1);
	}
	return on[pat->n];
}

int cw_smartcard_list_match(const char *pattern, const char *atr_text)
{
	struct pattern pat;
	if (compile(pattern, &pat) < 0)
		return -1;
	return pattern_matches(&pat, atr_text);
}

/* Read one line into buf (cut to size - 1 bytes, at a UTF-8 character); *cut says it was longer. -1 at EOF. */
static int read_line(FILE *f, char *buf, size_t size, int *cut)
{
	size_t n = 0;
	int c;
	*cut = 0;
	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (n + 1 < size)
			buf[n++] = c ? (char)c : '?'; /* a NUL would hide the rest of the line */
		else
			*cut = 1;
	}
	if (c == EOF && n == 0)
		return -1;
	if (*cut) {
		while (n && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
			n--;
		if (n && (unsigned char)buf[n - 1] >= 0xC0)
			n--; /* the lead byte of the character that was cut */
	}
	while (n && strchr(" \t\r", buf[n - 1]))
		n--;
	buf[n] = '\0';
	return 0;
}

enum match_kind { MATCH_NONE, MATCH_WILDCARD, MATCH_EXACT };

struct scan {
	const char *atr;       /* "3B 8B 80 ..." */
	struct pattern pat;
	enum match_kind cur;   /* how the entry being read matched (NONE: no entry, or not ours) */
	char cur_desc[DESC_MAX];
	enum match_kind best;
	char best_desc[DESC_MAX];
};

static void append_desc(char *dst, const char *text)
{
	size_t used = strlen(dst);
	text += strspn(text, " \t");
	if (!*text || used + 3 >= DESC_MAX)
		return;
	if (used) {
		memcpy(dst + used, "; ", 3);
		used += 2;
	}
	cw_copy(dst + used, DESC_MAX - used, text);
}

/* A blank line or the next ATR line ends an entry: keep it when it beats what we have. */
static void end_entry(struct scan *sc)
{
	if (sc->cur > sc->best) {
		sc->best = sc->cur;
		memcpy(sc->best_desc, sc->cur_desc, sizeof(sc->best_desc));
	}
	sc->cur = MATCH_NONE;
	sc->cur_desc[0] = '\0';
}

static void start_entry(struct scan *sc, const char *line, int cut)
{
	end_entry(sc);
	if (cut || compile(line, &sc->pat) < 0)
		return; /* malformed: its description lines are skipped with it */
	/* Once a wildcard entry matched, only an exact one can do better. */
	if (sc->best == MATCH_WILDCARD && !sc->pat.exact)
		return;
	if (pattern_matches(&sc->pat, sc->atr))
		sc->cur = sc->pat.exact ? MATCH_EXACT : MATCH_WILDCARD;
}

static void scan_line(struct scan *sc, const char *line, int cut)
{
	if (line[0] == '#')
		return; /* a comment does not end an entry */
	if (line[0] == '\0') {
		end_entry(sc);
	} else if (line[0] == '\t' || line[0] == ' ') {
		if (sc->cur != MATCH_NONE) /* else: not our entry, or a description with no ATR above it */
			append_desc(sc->cur_desc, line);
	} else {
		start_entry(sc, line, cut);
	}
}

static int scan_file(FILE *f, struct scan *sc)
{
	char line[LIST_LINE];
	int cut;
	while (sc->best != MATCH_EXACT && read_line(f, line, sizeof(line), &cut) == 0)
		scan_line(sc, line, cut);
	end_entry(sc); /* the last entry, when the file does not end in a blank line */
	return ferror(f) && sc->best == MATCH_NONE ? -1 : 0;
}

int cw_smartcard_list_lookup_file(const char *path, const char *atr_hex, char *desc, size_t size)
{
	if (size)
		desc[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	unsigned char bytes[CW_ATR_MAX];
	char atr[CW_ATR_HEX_MAX];
	int n = cw_atr_from_hex(atr_hex, bytes, sizeof(bytes));
	if (n <= 0) {
		fclose(f);
		return 0; /* no ATR, no entry: nothing to find */
	}
	cw_atr_to_hex(bytes, (size_t)n, atr, sizeof(atr)); /* the form the file's patterns are written for */
	struct scan *sc = calloc(1, sizeof(*sc));
	if (!sc) {
		fclose(f);
		return -1;
	}
	sc->atr = atr;
	int rc = scan_file(f, sc);
	fclose(f);
	if (rc == 0 && sc->best != MATCH_NONE) {
		cw_copy(desc, size, sc->best_desc);
		rc = 1;
	}
	free(sc);
	return rc;
}

/* Where pcsc-tools keeps the list, in its order: the cache `pcsc_scan -u` updates, the user's own, the package's. */
static const struct place {
	const char *env;      /* directory from this variable (NULL: a fixed path) */
	const char *suffix;
	const char *fallback; /* when env is unset: suffix under HOME */
} places[] = {
	{"XDG_CACHE_HOME", "/smartcard_list.txt", "/.cache/smartcard_list.txt"},
	{"HOME", "/.smartcard_list.txt", NULL},
	{NULL, "/usr/share/pcsc/smartcard_list.txt", NULL},
};

/* The path of one place; 0 when it has none (its variable unset, empty or relative). */
static int place_path(const struct place *pl, char *out, size_t size)
{
	if (!pl->env)
		return snprintf(out, size, "%s", pl->suffix) < (int)size;
	const char *dir = getenv(pl->env);
	if (dir && dir[0] == '/')
		return snprintf(out, size, "%s%s", dir, pl->suffix) < (int)size;
	const char *home = getenv("HOME");
	if (!pl->fallback || !home || home[0] != '/')
		return 0;
	return snprintf(out, size, "%s%s", home, pl->fallback) < (int)size;
}

int cw_smartcard_list_lookup(const char *atr_hex, char *desc, size_t size, char *path_out, size_t path_size)
{
	int rc = -1;
	char path[PATH_MAX_CW];
	if (path_out && path_size)
		path_out[0] = '\0';
	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		if (!place_path(&places[i], path, sizeof(path)))
			continue;
		int found = cw_smartcard_list_lookup_file(path, atr_hex, desc, size);
		if (found == 1) {
			if (path_out && path_size)
				cw_copy(path_out, path_size, path);
			return 1;
		}
		if (found == 0)
			rc = 0;
	}
	if (size)
		desc[0] = '\0';
	return rc;
}
