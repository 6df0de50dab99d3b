/* certstore.c — the cert-import check: remembers per person the card and certificates last seen (FAQ 4). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cw/certstore.h"
#include "cw/i18n.h"
#include "cw/safefile.h"
#include "cw/text.h"

#define RECORD_MAX 16384 /* a record is a few hundred bytes; anything this big is not ours */

struct record {
	char subject[2048];
	char token_serial[256];
	char sign_sha256[128];
	char enc_sha256[128];
	char first_seen[24];
	char last_seen[24];
};

#define FIELD(name, numeric) {#name, offsetof(struct record, name), sizeof(((struct record *)0)->name), numeric}

static const struct field {
	const char *key;
	size_t off, size;
	int numeric;
} fields[] = {
	FIELD(subject, 0),     FIELD(token_serial, 0), FIELD(sign_sha256, 0),
	FIELD(enc_sha256, 0),  FIELD(first_seen, 1),   FIELD(last_seen, 1),
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static char *field_of(struct record *rec, const struct field *f) { return (char *)rec + f->off; }

/* What a new sighting is compared on; the detail keys and note words say which one changed. */
static const struct change {
	size_t off;
	const char *previous_key; /* detail holding the old value */
	const char *zh_tw, *en;
} changes[] = {
	{offsetof(struct record, token_serial), "previous_serial", "卡片序號", "token serial"},
	{offsetof(struct record, sign_sha256), "previous_sha256", "簽章憑證", "signature certificate"},
	{offsetof(struct record, enc_sha256), "previous_sha256", "加密憑證", "encryption certificate"},
};
#define NCHANGES (sizeof(changes) / sizeof(changes[0]))

/* Values go one to a line: a newline (or any control byte, or %) in a subject becomes %XX. */
static int encode(const char *v, char *out, size_t size)
{
	size_t at = 0;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		int plain = *p >= 0x20 && *p != 0x7F && *p != '%';
		int n = plain ? snprintf(out + at, size - at, "%c", *p) : snprintf(out + at, size - at, "%%%02X", *p);
		if (n < 0 || (size_t)n >= size - at)
			return -1;
		at += (size_t)n;
	}
	return (int)at;
}

static int hexval(char c)
{
	static const char digits[] = "0123456789ABCDEF";
	const char *d = c ? strchr(digits, c) : NULL;
	return d ? (int)(d - digits) : -1;
}

static int decode(const char *v, char *out, size_t size)
{
	size_t at = 0;
	for (; *v; v++) {
		int c = (unsigned char)*v;
		if (c == '%') {
			int hi = hexval(v[1]), lo = hi < 0 ? -1 : hexval(v[2]);
			if (lo < 0)
				return -1;
			c = hi << 4 | lo;
			v += 2;
		}
		if (c == 0 || at + 1 >= size)
			return -1;
		out[at++] = (char)c;
	}
	out[at] = '\0';
	return 0;
}

static int is_number(const char *s)
{
	char *end;
	errno = 0;
	strtoll(s, &end, 10);
	return *s && !*end && !errno;
}

static const struct field *find_field(const char *key)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].key, key) == 0)
			return &fields[i];
	return NULL;
}

/* A record is whole only with every field, each line ended: anything less is treated as never seen. */
static int parse_record(char *text, struct record *rec)
{
	unsigned seen = 0;
	memset(rec, 0, sizeof(*rec));
	for (char *line = text, *next; *line; line = next) {
		next = strchr(line, '\n');
		char *eq = strchr(line, '=');
		if (!next || !eq || eq > next)
			return -1;
		*next++ = '\0';
		*eq = '\0';
		const struct field *f = find_field(line);
		if (!f)
			continue; /* a key from a later cardwiz */
		if (decode(eq + 1, field_of(rec, f), f->size) < 0 || (f->numeric && !is_number(field_of(rec, f))))
			return -1;
		seen |= 1u << (f - fields);
	}
	return seen == (1u << NFIELDS) - 1 ? 0 : -1;
}

static int read_record(const char *path, const char *subject, struct record *rec)
{
	char text[RECORD_MAX + 1];
	/* O_NONBLOCK: a FIFO planted in our place must not hang the check. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	size_t n = 0;
	ssize_t got = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		while (n < RECORD_MAX && ((got = read(fd, text + n, RECORD_MAX - n)) > 0 || (got < 0 && errno == EINTR)))
			n += got > 0 ? (size_t)got : 0;
	else
		got = -1;
	close(fd);
	if (got < 0 || n == RECORD_MAX || memchr(text, '\0', n))
		return -1;
	text[n] = '\0';
	/* The file name is a hash: the subject inside is what proves the record is this person's. */
	return parse_record(text, rec) == 0 && strcmp(rec->subject, subject) == 0 ? 0 : -1;
}

static int format_record(struct record *rec, char *buf, size_t size)
{
	size_t at = 0;
	for (size_t i = 0; i < NFIELDS; i++) {
		int n = snprintf(buf + at, size - at, "%s=", fields[i].key);
		if (n < 0 || (size_t)n >= size - at)
			return -1;
		at += (size_t)n;
		n = encode(field_of(rec, &fields[i]), buf + at, size - at);
		if (n < 0 || (size_t)n + 1 >= size - at)
			return -1;
		at += (size_t)n;
		buf[at++] = '\n';
	}
	buf[at] = '\0';
	return (int)at;
}

/* The state folder: given, else the XDG base directory rules (a relative XDG_STATE_HOME is ignored). */
static int state_dir_path(const char *given, char *out, size_t size)
{
	static const struct { const char *env, *below; } bases[] = {
		{"XDG_STATE_HOME", "/cardwiz"},
		{"HOME", "/.local/state/cardwiz"},
	};
	if (given) {
		if (snprintf(out, size, "%s", given) < (int)size)
			return 0;
		errno = ENAMETOOLONG;
		return -1;
	}
	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		const char *base = getenv(bases[i].env);
		if (base && base[0] == '/' && snprintf(out, size, "%s%s", base, bases[i].below) < (int)size)
			return 0;
	}
	errno = ENOENT;
	return -1;
}

/* One file per person, named by the SHA-256 of the subject: any subject makes a safe file name. */
static int record_path(const char *dir, const char *subject, char *out, size_t size)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	if (!EVP_Digest(subject, strlen(subject), md, &mdlen, EVP_sha256(), NULL)) {
		errno = EIO;
		return -1;
	}
	int at = snprintf(out, size, "%s/", dir);
	for (unsigned i = 0; at >= 0 && (size_t)at < size && i < mdlen; i++)
		at += snprintf(out + at, size - (size_t)at, "%02x", md[i]);
	if (at < 0 || (size_t)at >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static void set_field(struct record *rec, size_t off, size_t size, const char *v)
{
	if (v && *v) /* unknown now: keep what was known */
		cw_copy((char *)rec + off, size, v);
}

static int save_record(const char *dir, const char *path, struct record *rec)
{
	char text[RECORD_MAX];
	int n = format_record(rec, text, sizeof(text));
	if (n < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (cw_mkdir_private(dir, 0700) < 0)
		return -1;
	return cw_write_atomic(path, text, (size_t)n, 0600);
}

/* Bit i set: changes[i] differs, where both sides know it. */
static unsigned compare(const struct record *old, const struct record *cur)
{
	unsigned changed = 0;
	for (size_t i = 0; i < NCHANGES; i++) {
		const char *a = (const char *)old + changes[i].off, *b = (const char *)cur + changes[i].off;
		if (*a && *b && strcmp(a, b) != 0)
			changed |= 1u << i;
	}
	return changed;
}

/* The names of what changed, in the language of the moment: called inside cw_result_note, which
 * evaluates it once per language, so an English screen never reads 簽章憑證、加密憑證 (issue 14, 5). */
static const char *change_words(unsigned changed, char *words, size_t size)
{
	words[0] = '\0';
	for (size_t i = 0; i < NCHANGES; i++) {
		if (!(changed & 1u << i))
			continue;
		size_t used = strlen(words);
		snprintf(words + used, size - used, "%s%s", used ? cw_tr("、", ", ") : "", cw_tr(changes[i].zh_tw, changes[i].en));
	}
	return words;
}

static void report_changes(struct cw_result *r, const struct record *old, unsigned changed)
{
	char words[CW_NOTE_MAX];
	for (size_t i = 0; i < NCHANGES; i++)
		/* One previous_sha256: the table's order decides, signature certificate before encryption. */
		if ((changed & 1u << i) && !cw_result_get(r, changes[i].previous_key))
			cw_result_add(r, changes[i].previous_key, "%s", (const char *)old + changes[i].off);
	cw_result_note(r, "%s%s", cw_tr("已變更：", "changed: "), change_words(changed, words, sizeof(words)));
}

enum cw_code cw_certstore_check(const char *state_dir, const char *subject, const char *token_serial,
				const char *sign_sha256, const char *enc_sha256, long long now, struct cw_result *r)
{
	return cw_certstore_check_mode(CW_CERTSTORE_REMEMBER, state_dir, subject, token_serial, sign_sha256, enc_sha256,
				       now, r);
}

enum cw_code cw_certstore_check_mode(enum cw_certstore_mode mode, const char *state_dir, const char *subject,
				     const char *token_serial, const char *sign_sha256, const char *enc_sha256,
				     long long now, struct cw_result *r)
{
	if (!subject || !*subject) { /* no certificate was read: nothing to compare, nothing to keep */
		if (r)
			cw_result_set(r, CW_CODE_NOT_RUN);
		return CW_CODE_NOT_RUN;
	}
	struct record old, cur;
	char dir[PATH_MAX], path[PATH_MAX + 80];
	int placed = state_dir_path(state_dir, dir, sizeof(dir)) == 0 && record_path(dir, subject, path, sizeof(path)) == 0;
	int place_errno = errno;
	int have_old = placed && read_record(path, subject, &old) == 0;

	cur = have_old ? old : (struct record){0};
	set_field(&cur, offsetof(struct record, subject), sizeof(cur.subject), subject);
	set_field(&cur, offsetof(struct record, token_serial), sizeof(cur.token_serial), token_serial);
	set_field(&cur, offsetof(struct record, sign_sha256), sizeof(cur.sign_sha256), sign_sha256);
	set_field(&cur, offsetof(struct record, enc_sha256), sizeof(cur.enc_sha256), enc_sha256);
	if (!have_old)
		snprintf(cur.first_seen, sizeof(cur.first_seen), "%lld", now);
	snprintf(cur.last_seen, sizeof(cur.last_seen), "%lld", now);
	unsigned changed = have_old ? compare(&old, &cur) : 0;
	int imported = changed && mode == CW_CERTSTORE_IMPORTED;
	enum cw_code code = changed && !imported ? CW_CODE_NEW_CARD : CW_CODE_OK;

	/* A new card's certificates replace the remembered ones only once the import is confirmed:
	 * until then every run says new-card. The kiosk writes nothing outside its spool. */
	int write = mode != CW_CERTSTORE_READ_ONLY && (!changed || imported);
	int saved = write && placed ? save_record(dir, path, &cur) : -1;
	int save_errno = placed ? errno : place_errno;
	if (!r)
		return code;
	cw_result_set(r, code);
	cw_result_add(r, "subject", "%s", subject);
	if (cur.token_serial[0])
		cw_result_add(r, "token_serial", "%s", cur.token_serial);
	if (!have_old) /* the cert-import check tells a new card's first visit by it (issue 13 E) */
		cw_result_add(r, "first_visit", "yes");
	if (!have_old && mode != CW_CERTSTORE_READ_ONLY)
		cw_result_add(r, "remembered", "yes");
	else if (!have_old)
		cw_result_note(r, "%s", cw_tr("第一次看到這張卡 (服務台不記錄)", "first time seen (a kiosk station remembers nothing)"));
	if (changed)
		report_changes(r, &old, changed);
	if (imported) {
		cw_result_add(r, "imported", "yes");
		cw_result_note(r, "%s", cw_tr("已確認匯入：記住這張新卡", "import confirmed: the new card is remembered"));
	}
	if (mode == CW_CERTSTORE_READ_ONLY)
		cw_result_add(r, "state", "not saved: kiosk");
	else if (write && saved < 0)
		cw_result_add(r, "state", "not saved: %s", strerror(save_errno));
	return code;
}
