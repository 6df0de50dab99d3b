/* state.c - the --state file: key=value lines, read at start, rewritten atomically on change. */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum kind { K_SECRET, K_TRIES, K_MAX };

/* one row per key the file may hold; offsets point into struct pinstate */
static const struct field {
	const char *key;
	enum kind kind;
	size_t off;
} fields[] = {
	{ "pin", K_SECRET, offsetof(struct pinstate, pin.value) },
	{ "puk", K_SECRET, offsetof(struct pinstate, puk.value) },
	{ "pin_tries", K_TRIES, offsetof(struct pinstate, pin.tries) },
	{ "pin_max", K_MAX, offsetof(struct pinstate, pin.max) },
	{ "puk_tries", K_TRIES, offsetof(struct pinstate, puk.tries) },
	{ "puk_max", K_MAX, offsetof(struct pinstate, puk.max) },
};

static int set_field(struct pinstate *s, const struct field *f, const char *val)
{
	char *base = (char *)s + f->off;

	if (f->kind == K_SECRET) {
		size_t n = strlen(val);
		if (n == 0 || n > SECRET_MAX)
			return -1;
		memcpy(base, val, n + 1);
		return 0;
	}
	char *end;
	long v = strtol(val, &end, 10);
	/* 15 is the most a 63Cx status word can report */
	if (*val == '\0' || *end != '\0' || v < (f->kind == K_MAX ? 1 : 0) || v > 15)
		return -1;
	*(int *)(void *)base = (int)v;
	return 0;
}

static int parse_line(struct pinstate *s, char *line)
{
	char *eq = strchr(line, '=');

	if (eq == NULL)
		return -1;
	*eq = '\0';
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(fields[i].key, line) == 0)
			return set_field(s, &fields[i], eq + 1);
	return 0; /* unknown keys are left for newer versions */
}

static void clamp(struct secret *x)
{
	if (x->tries > x->max)
		x->tries = x->max;
}

int state_load(struct pinstate *s)
{
	if (s->path == NULL)
		return 0;
	FILE *f = fopen(s->path, "r");
	if (f == NULL) {
		if (errno == ENOENT)
			return state_save(s); /* first insertion: the card is born */
		fprintf(stderr, "vcard: cannot read state file %s: %s\n", s->path, strerror(errno));
		return -1;
	}
	char line[256];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (parse_line(s, line) < 0) {
			/* never echo the line: it may hold the PIN */
			fprintf(stderr, "vcard: state file %s line %d is invalid\n", s->path, lineno);
			rc = -1;
		}
	}
	fclose(f);
	clamp(&s->pin);
	clamp(&s->puk);
	return rc;
}

int state_save(const struct pinstate *s)
{
	if (s->path == NULL)
		return 0;
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", s->path, (long)getpid()) >= (int)sizeof tmp) {
		fprintf(stderr, "vcard: state file path too long\n");
		return -1;
	}
	/* 0600: the file holds the PIN and PUK in clear */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		fprintf(stderr, "vcard: cannot write %s: %s\n", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "# cardwiz vcard state (PIV PIN, PUK, retry counters)\n"
		   "pin=%s\npuk=%s\npin_tries=%d\npin_max=%d\npuk_tries=%d\npuk_max=%d\n",
		s->pin.value, s->puk.value, s->pin.tries, s->pin.max, s->puk.tries, s->puk.max);
	/* fsync before rename so a crash leaves the old or the new file, never half */
	int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, s->path) != 0) {
		fprintf(stderr, "vcard: cannot save state to %s: %s\n", s->path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
