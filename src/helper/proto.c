/* proto.c — encoding and strict decoding of helper requests and answers (tag, length, value). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cw/proto.h"

enum tag {
	TAG_OP = 1, TAG_CHECK, TAG_FLAGS, TAG_READER, TAG_MODULE, TAG_SIGNER, TAG_PATH,
	TAG_SECRET_PIN, TAG_SECRET_PUK, TAG_SECRET_NEW_PIN,
	TAG_POLICY = 16, TAG_POLICY_PROFILE, TAG_PROFILE, TAG_PROFILE_NAME_ZH, TAG_PROFILE_NAME_EN,
	TAG_PROFILE_HISTORICAL, TAG_PROFILE_ATR, TAG_PROFILE_RULES, TAG_PROFILE_MODULE, TAG_PROFILE_MODULE_PATH,
	TAG_PROFILE_BRIDGE, TAG_TOKEN,
	TAG_CODE = 32, TAG_NOTE, TAG_DETAIL_KEY, TAG_DETAIL_VALUE, TAG_NOTE_ALT, TAG_NOTE_LANG,
};

struct writer { uint8_t *buf; size_t size, len; int failed; };

static void put(struct writer *w, enum tag tag, const void *data, size_t len)
{
	if (w->failed || len > 0xFFFF || w->len + 3 + len > w->size) {
		w->failed = 1;
		return;
	}
	w->buf[w->len++] = (uint8_t)tag;
	w->buf[w->len++] = (uint8_t)(len >> 8);
	w->buf[w->len++] = (uint8_t)len;
	memcpy(w->buf + w->len, data, len);
	w->len += len;
}

static void put_u32(struct writer *w, enum tag tag, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	put(w, tag, b, 4);
}

static void put_str(struct writer *w, enum tag tag, const char *s)
{
	if (s[0])
		put(w, tag, s, strlen(s));
}

/* The frame starts with its 4-byte length, filled in at the end. */
static int finish(struct writer *w)
{
	if (w->failed)
		return -1;
	uint32_t body = (uint32_t)(w->len - 4);
	w->buf[0] = (uint8_t)(body >> 24);
	w->buf[1] = (uint8_t)(body >> 16);
	w->buf[2] = (uint8_t)(body >> 8);
	w->buf[3] = (uint8_t)body;
	return (int)w->len;
}

/* A policy's unlock kind, rules and confirmation as 14 numbers (the profile id travels beside it). */
#define RULE_WORDS 14
static void put_rules(struct writer *w, enum tag tag, const struct cw_card_policy *p)
{
	const struct cw_secret_rule *r[2] = {&p->pin, &p->puk};
	uint32_t v[RULE_WORDS] = {(uint32_t)p->confirmed_final, (uint32_t)p->unlock};
	for (int i = 0; i < 2; i++) {
		uint32_t *o = v + 2 + 6 * i;
		o[0] = (uint32_t)r[i]->set, o[1] = (uint32_t)r[i]->from_token, o[2] = (uint32_t)r[i]->min;
		o[3] = (uint32_t)r[i]->max, o[4] = (uint32_t)r[i]->charset, o[5] = (uint32_t)r[i]->case_sensitive;
	}
	uint8_t b[RULE_WORDS * 4];
	for (int i = 0; i < RULE_WORDS; i++)
		b[4 * i] = (uint8_t)(v[i] >> 24), b[4 * i + 1] = (uint8_t)(v[i] >> 16), b[4 * i + 2] = (uint8_t)(v[i] >> 8),
		b[4 * i + 3] = (uint8_t)v[i];
	put(w, tag, b, sizeof(b));
}

static const enum tag secret_tags[CW_SECRET_SLOTS] = {
	[CW_SECRET_PIN] = TAG_SECRET_PIN, [CW_SECRET_PUK] = TAG_SECRET_PUK, [CW_SECRET_NEW_PIN] = TAG_SECRET_NEW_PIN,
};

int cw_proto_encode_request(const struct cw_request *q, uint8_t *buf, size_t size)
{
	struct writer w = {buf, size, 4, size < 4};
	put_u32(&w, TAG_OP, (uint32_t)q->op);
	put_u32(&w, TAG_CHECK, (uint32_t)q->check);
	put_u32(&w, TAG_FLAGS, q->flags);
	put_str(&w, TAG_READER, q->reader);
	put_str(&w, TAG_MODULE, q->module);
	put_str(&w, TAG_SIGNER, q->signer);
	put_str(&w, TAG_PATH, q->path);
	put_str(&w, TAG_TOKEN, q->token);
	if (q->policy.set) {
		put_rules(&w, TAG_POLICY, &q->policy);
		put_str(&w, TAG_POLICY_PROFILE, q->policy.profile);
	}
	for (int i = 0; q->profiles && i < q->nprofiles && i < CW_PROFILE_MAX; i++) {
		const struct cw_card_profile *p = &q->profiles[i];
		put_u32(&w, TAG_PROFILE, (uint32_t)p->generic);
		put_str(&w, TAG_POLICY_PROFILE, p->policy.profile);
		put_str(&w, TAG_PROFILE_NAME_ZH, p->name_zh);
		put_str(&w, TAG_PROFILE_NAME_EN, p->name_en);
		put_str(&w, TAG_PROFILE_HISTORICAL, p->historical);
		put_rules(&w, TAG_PROFILE_RULES, &p->policy);
		uint8_t facts[8] = {0, 0, 0, (uint8_t)p->module, 0, 0, 0, (uint8_t)p->tries};
		put(&w, TAG_PROFILE_MODULE, facts, sizeof(facts));
		put_str(&w, TAG_PROFILE_MODULE_PATH, p->module_path);
		if (p->bridge_expected)
			put_u32(&w, TAG_PROFILE_BRIDGE, 1);
		for (int a = 0; a < p->natr; a++)
			put(&w, TAG_PROFILE_ATR, p->atr[a], p->atr_len[a]);
	}
	for (int i = 0; i < CW_SECRET_SLOTS; i++)
		if (q->secret[i] && cw_secret_len(q->secret[i]))
			put(&w, secret_tags[i], cw_secret_str(q->secret[i]), cw_secret_len(q->secret[i]));
	return finish(&w);
}

int cw_proto_encode_result(const struct cw_result *r, uint8_t *buf, size_t size)
{
	struct writer w = {buf, size, 4, size < 4};
	put_u32(&w, TAG_CHECK, (uint32_t)r->check);
	put_u32(&w, TAG_CODE, (uint32_t)r->code);
	put_str(&w, TAG_NOTE, r->note);
	put_str(&w, TAG_NOTE_ALT, r->note_alt);
	put_u32(&w, TAG_NOTE_LANG, (uint32_t)r->note_lang);
	for (int i = 0; i < r->ndetail; i++) {
		put_str(&w, TAG_DETAIL_KEY, r->detail[i].key);
		put(&w, TAG_DETAIL_VALUE, r->detail[i].value, strlen(r->detail[i].value));
	}
	return finish(&w);
}

struct field { enum tag tag; const uint8_t *data; size_t len; };

/* Next field, or -1 when the body is malformed; 0 at the end. */
static int next_field(const uint8_t *body, size_t len, size_t *pos, struct field *f)
{
	if (*pos == len)
		return 0;
	if (len - *pos < 3)
		return -1;
	f->tag = (enum tag)body[*pos];
	f->len = (size_t)body[*pos + 1] << 8 | body[*pos + 2];
	if (f->len > len - *pos - 3)
		return -1;
	f->data = body + *pos + 3;
	*pos += 3 + f->len;
	return 1;
}

static int get_u32(const struct field *f, uint32_t *v)
{
	if (f->len != 4)
		return -1;
	*v = (uint32_t)f->data[0] << 24 | (uint32_t)f->data[1] << 16 | (uint32_t)f->data[2] << 8 | f->data[3];
	return 0;
}

/* Strings must fit and hold no NUL. */
static int get_str(const struct field *f, char *out, size_t size)
{
	if (f->len >= size || memchr(f->data, '\0', f->len))
		return -1;
	memcpy(out, f->data, f->len);
	out[f->len] = '\0';
	return 0;
}

/* Strict: every number in range, else the whole request is malformed. */
static int get_rules(const struct field *f, struct cw_card_policy *p)
{
	if (f->len != RULE_WORDS * 4)
		return -1;
	uint32_t v[RULE_WORDS];
	for (int i = 0; i < RULE_WORDS; i++)
		v[i] = (uint32_t)f->data[4 * i] << 24 | (uint32_t)f->data[4 * i + 1] << 16 | (uint32_t)f->data[4 * i + 2] << 8 |
		       f->data[4 * i + 3];
	if (v[0] > 1 || v[1] >= CW_UNLOCK_COUNT)
		return -1;
	p->set = 1;
	p->confirmed_final = (int)v[0];
	p->unlock = (enum cw_unlock)v[1];
	struct cw_secret_rule *r[2] = {&p->pin, &p->puk};
	for (int i = 0; i < 2; i++) {
		const uint32_t *o = v + 2 + 6 * i;
		if (o[0] > 1 || o[1] > 1 || o[2] > 255 || o[3] > 255 || o[4] >= CW_CHARSET_COUNT || o[5] > 1)
			return -1;
		*r[i] = (struct cw_secret_rule){(int)o[0], (int)o[1], (int)o[2], (int)o[3], (enum cw_charset)o[4], (int)o[5]};
	}
	return 0;
}

/* The profile the TAG_PROFILE_* fields describe: the last one begun (NULL: malformed). */
static struct cw_card_profile *current_profile(struct cw_request *q, struct cw_card_profile *buf)
{
	return buf && q->nprofiles > 0 ? &buf[q->nprofiles - 1] : NULL;
}

int cw_proto_decode_request(const uint8_t *body, size_t len, struct cw_request *q)
{
	struct cw_card_profile *profiles = q->profiles, *cp;
	int in_profile = 0;
	struct cw_secret *keep[CW_SECRET_SLOTS];
	memcpy(keep, q->secret, sizeof(keep));
	memset(q, 0, sizeof(*q));
	memcpy(q->secret, keep, sizeof(keep));
	q->profiles = profiles;
	for (int i = 0; i < CW_SECRET_SLOTS; i++)
		if (q->secret[i])
			cw_secret_clear(q->secret[i]);
	size_t pos = 0;
	struct field f;
	int rc;
	uint32_t v;
	while ((rc = next_field(body, len, &pos, &f)) > 0) {
		switch (f.tag) {
		case TAG_OP:
			if (get_u32(&f, &v) < 0 || v >= CW_OP_COUNT)
				return -1;
			q->op = (enum cw_op)v;
			break;
		case TAG_CHECK:
			if (get_u32(&f, &v) < 0 || v >= CW_CHECK_COUNT)
				return -1;
			q->check = (enum cw_check)v;
			break;
		case TAG_FLAGS:
			if (get_u32(&f, &q->flags) < 0)
				return -1;
			break;
		case TAG_READER: if (get_str(&f, q->reader, sizeof(q->reader)) < 0) return -1; break;
		case TAG_MODULE: if (get_str(&f, q->module, sizeof(q->module)) < 0) return -1; break;
		case TAG_SIGNER: if (get_str(&f, q->signer, sizeof(q->signer)) < 0) return -1; break;
		case TAG_TOKEN: if (get_str(&f, q->token, sizeof(q->token)) < 0) return -1; break;
		case TAG_POLICY:
			if (in_profile || get_rules(&f, &q->policy) < 0)
				return -1;
			break;
		case TAG_POLICY_PROFILE:
			cp = in_profile ? current_profile(q, profiles) : NULL;
			if (get_str(&f, cp ? cp->policy.profile : q->policy.profile, sizeof(q->policy.profile)) < 0)
				return -1;
			break;
		case TAG_PROFILE:
			if (get_u32(&f, &v) < 0 || v > 1 || q->nprofiles >= CW_PROFILE_MAX)
				return -1;
			in_profile = 1;
			if (profiles) {
				memset(&profiles[q->nprofiles], 0, sizeof(profiles[0]));
				profiles[q->nprofiles].generic = (int)v;
			}
			q->nprofiles++;
			break;
		case TAG_PROFILE_NAME_ZH:
		case TAG_PROFILE_NAME_EN:
		case TAG_PROFILE_HISTORICAL: {
			char text[sizeof(profiles[0].name_zh)];
			size_t size = f.tag == TAG_PROFILE_HISTORICAL ? sizeof(profiles[0].historical) : sizeof(text);
			if (!in_profile || get_str(&f, text, size) < 0)
				return -1;
			if ((cp = current_profile(q, profiles)))
				memcpy(f.tag == TAG_PROFILE_NAME_ZH ? cp->name_zh : f.tag == TAG_PROFILE_NAME_EN ? cp->name_en : cp->historical,
				       text, strlen(text) + 1);
			break;
		}
		case TAG_PROFILE_RULES: {
			struct cw_card_policy rules = {0};
			if (!in_profile || get_rules(&f, &rules) < 0)
				return -1;
			if ((cp = current_profile(q, profiles))) {
				memcpy(rules.profile, cp->policy.profile, sizeof(rules.profile));
				cp->policy = rules;
			}
			break;
		}
		case TAG_PROFILE_MODULE: /* the module kind and the tries, one byte each in two words */
			if (!in_profile || f.len != 8 || memcmp(f.data, "\0\0\0", 3) || memcmp(f.data + 4, "\0\0\0", 3) ||
			    f.data[3] >= CW_MODULE_KIND_COUNT || f.data[7] > 99)
				return -1;
			if ((cp = current_profile(q, profiles))) {
				cp->module = (enum cw_module_kind)f.data[3];
				cp->tries = f.data[7];
			}
			break;
		case TAG_PROFILE_MODULE_PATH: {
			char path[sizeof(profiles[0].module_path)];
			if (!in_profile || get_str(&f, path, sizeof(path)) < 0 || path[0] != '/')
				return -1;
			if ((cp = current_profile(q, profiles)))
				memcpy(cp->module_path, path, strlen(path) + 1);
			break;
		}
		case TAG_PROFILE_BRIDGE:
			if (!in_profile || get_u32(&f, &v) < 0 || v > 1)
				return -1;
			if ((cp = current_profile(q, profiles)))
				cp->bridge_expected = (int)v;
			break;
		case TAG_PROFILE_ATR:
			if (!in_profile || f.len == 0 || f.len > sizeof(profiles[0].atr[0]))
				return -1;
			if ((cp = current_profile(q, profiles))) {
				if (cp->natr >= CW_PROFILE_ATRS)
					return -1;
				memcpy(cp->atr[cp->natr], f.data, f.len);
				cp->atr_len[cp->natr++] = (unsigned char)f.len;
			}
			break;
		case TAG_PATH: if (get_str(&f, q->path, sizeof(q->path)) < 0) return -1; break;
		case TAG_SECRET_PIN:
		case TAG_SECRET_PUK:
		case TAG_SECRET_NEW_PIN: {
			int slot = (int)(f.tag - TAG_SECRET_PIN);
			if (q->secret[slot] && cw_secret_set(q->secret[slot], (const char *)f.data, f.len) < 0)
				return -1;
			break;
		}
		default:
			return -1;
		}
	}
	return rc < 0 || q->op == CW_OP_NONE ? -1 : 0;
}

int cw_proto_decode_result(const uint8_t *body, size_t len, struct cw_result *r)
{
	cw_result_init(r, CW_CHECK_OS);
	size_t pos = 0;
	struct field f;
	int rc, have_code = 0;
	uint32_t v;
	char key[CW_DETAIL_KEY] = "";
	while ((rc = next_field(body, len, &pos, &f)) > 0) {
		switch (f.tag) {
		case TAG_CHECK:
			if (get_u32(&f, &v) < 0 || v >= CW_CHECK_COUNT)
				return -1;
			r->check = (enum cw_check)v;
			break;
		case TAG_CODE:
			if (get_u32(&f, &v) < 0 || v >= CW_CODE_COUNT)
				return -1;
			cw_result_set(r, (enum cw_code)v);
			have_code = 1;
			break;
		case TAG_NOTE: if (get_str(&f, r->note, sizeof(r->note)) < 0) return -1; break;
		case TAG_NOTE_ALT: if (get_str(&f, r->note_alt, sizeof(r->note_alt)) < 0) return -1; break;
		case TAG_NOTE_LANG:
			if (get_u32(&f, &v) < 0 || v > CW_LANG_ZH_TW)
				return -1;
			r->note_lang = (int)v;
			break;
		case TAG_DETAIL_KEY:
			if (get_str(&f, key, sizeof(key)) < 0 || !key[0])
				return -1;
			break;
		case TAG_DETAIL_VALUE: {
			char value[CW_DETAIL_VALUE];
			if (!key[0] || get_str(&f, value, sizeof(value)) < 0)
				return -1;
			cw_result_add(r, key, "%s", value);
			key[0] = '\0';
			break;
		}
		default:
			return -1;
		}
	}
	return rc < 0 || !have_code || key[0] ? -1 : 0;
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static long read_all(int fd, uint8_t *p, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return (long)got;
		got += (size_t)n;
	}
	return (long)got;
}

int cw_proto_send(int fd, const uint8_t *frame, size_t len)
{
	return write_all(fd, frame, len);
}

long cw_proto_recv(int fd, uint8_t *buf, size_t size)
{
	uint8_t hdr[4];
	long n = read_all(fd, hdr, 4);
	if (n == 0)
		return 0;
	if (n != 4)
		return -1;
	size_t len = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3];
	if (len == 0 || len > size || len > CW_FRAME_MAX)
		return -1;
	if (read_all(fd, buf, len) != (long)len)
		return -1;
	return (long)len;
}
