/* x509.c — certificate summaries, validity against a clock, and which of a card's certificates signs or encrypts. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cw/i18n.h"
#include "cw/text.h"
#include "cw/x509.h"

#define CW_CERT_EXPIRING_DAYS 30 /* the HiCOS tool and issue 4: warn a month ahead */
#define DAY 86400LL
#define YEAR (366 * DAY) /* "more than a year": a leap year's worth, so a year to the day is not yet */

/* Hex of n bytes, sep between bytes (0 for none); stops at the last whole byte that fits. */
static void hex_bytes(const unsigned char *d, size_t n, char sep, char *out, size_t size)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		size_t need = (sep && i) + 2u;
		if (at + need >= size)
			break;
		if (sep && i)
			out[at++] = sep;
		out[at++] = digits[d[i] >> 4];
		out[at++] = digits[d[i] & 15];
	}
	out[at] = '\0';
}

/* One-line name in UTF-8; a string that will not convert still shows, as #hex DER, rather than vanish. */
static void name_line(const X509_NAME *name, char *out, size_t size)
{
	static const unsigned long tries[] = {
		XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB, /* 王小明 as UTF-8, not \E7\8E\8B... */
		XN_FLAG_RFC2253 | ASN1_STRFLGS_DUMP_ALL,
	};
	out[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		BIO_reset(b);
		char *text;
		if (X509_NAME_print_ex(b, name, 0, tries[i]) < 0 || BIO_write(b, "", 1) != 1)
			continue;
		BIO_get_mem_data(b, &text);
		cw_copy(out, size, text);
		break;
	}
	BIO_free(b);
}

/* The last commonName (the most specific one), as UTF-8 fit for a terminal. */
static void name_cn(const X509_NAME *name, char *out, size_t size)
{
	int last = -1;
	for (int i = -1; (i = X509_NAME_get_index_by_NID(name, NID_commonName, i)) >= 0;)
		last = i;
	out[0] = '\0';
	if (last < 0)
		return;
	unsigned char *u = NULL;
	int n = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, last)));
	if (n < 0)
		return;
	/* A control character (even a NUL) in a name must not reach the screen or cut the string. */
	for (int k = 0; k < n; k++)
		if (u[k] < 0x20 || u[k] == 0x7F)
			u[k] = '?';
	cw_copy(out, size, (const char *)u);
	OPENSSL_free(u);
}

/* Hex digits as `openssl x509 -serial` prints them, so a helpdesk can compare the two. */
static void serial_hex(const ASN1_INTEGER *serial, char *out, size_t size)
{
	static const unsigned char zero = 0;
	const unsigned char *d = ASN1_STRING_get0_data(serial);
	size_t n = (size_t)ASN1_STRING_length(serial);
	int neg = ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER;
	if (neg)
		out[0] = '-';
	if (n == 0)
		d = &zero, n = 1;
	hex_bytes(d, n, 0, out + neg, size - (size_t)neg);
}

static int time_epoch(const ASN1_TIME *t, long long *out)
{
	struct tm tm;
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return -1;
	*out = (long long)timegm(&tm); /* 64-bit time_t: 2050 and 1950 alike */
	return 0;
}

static enum cw_cert_use key_use(X509 *x)
{
	static const struct { uint32_t bit; enum cw_cert_use use; } map[] = {
		{KU_DIGITAL_SIGNATURE, CW_CERT_USE_SIGN}, {KU_NON_REPUDIATION, CW_CERT_USE_SIGN},
		{KU_KEY_ENCIPHERMENT, CW_CERT_USE_ENC},   {KU_DATA_ENCIPHERMENT, CW_CERT_USE_ENC},
		{KU_KEY_AGREEMENT, CW_CERT_USE_ENC},
	};
	uint32_t ku = X509_get_key_usage(x);
	if (ku == UINT32_MAX) /* no keyUsage extension */
		return CW_CERT_USE_UNKNOWN;
	unsigned use = CW_CERT_USE_UNKNOWN;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (ku & map[i].bit)
			use |= map[i].use;
	return (enum cw_cert_use)use;
}

static int summarize(X509 *x, struct cw_cert_summary *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	if (time_epoch(X509_get0_notBefore(x), &out->not_before) < 0 ||
	    time_epoch(X509_get0_notAfter(x), &out->not_after) < 0 ||
	    !X509_digest(x, EVP_sha256(), md, &mdlen))
		return -1;
	hex_bytes(md, mdlen, ':', out->sha256, sizeof(out->sha256));
	name_line(X509_get_subject_name(x), out->subject, sizeof(out->subject));
	name_cn(X509_get_subject_name(x), out->subject_cn, sizeof(out->subject_cn));
	name_line(X509_get_issuer_name(x), out->issuer, sizeof(out->issuer));
	serial_hex(X509_get0_serialNumber(x), out->serial, sizeof(out->serial));
	out->use = key_use(x);
	return 0;
}

int cw_cert_summarize(const unsigned char *der, size_t len, struct cw_cert_summary *out)
{
	memset(out, 0, sizeof(*out));
	if (!der || len == 0 || len > LONG_MAX)
		return -1;
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	/* Bytes after the certificate mean we were handed something else (a chain, a broken read). */
	int rc = x && p == der + len ? summarize(x, out) : -1;
	X509_free(x);
	ERR_clear_error(); /* a refused certificate is an answer, not an error for whoever calls OpenSSL next */
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

enum cw_code cw_cert_validity(const struct cw_cert_summary *c, long long now, int expiring_days)
{
	if (now < c->not_before)
		return CW_CODE_CERT_NOT_YET_VALID;
	if (now > c->not_after) /* RFC 5280: notAfter itself is still inside the validity period */
		return CW_CODE_CERT_EXPIRED;
	if (c->not_after - now <= expiring_days * DAY)
		return CW_CODE_CERT_EXPIRING;
	return CW_CODE_OK;
}

int cw_cert_clock_suspect(const struct cw_cert_summary *certs, int n, long long now)
{
	int ended_long_ago = 0;
	for (int i = 0; i < n; i++) {
		if (certs[i].not_before - now > DAY)
			return 1;
		ended_long_ago += now - certs[i].not_after > YEAR;
	}
	return n > 0 && ended_long_ago == n;
}

int cw_cert_started_within(const struct cw_cert_summary *c, long long now, int days)
{
	return c->not_before <= now && now - c->not_before <= days * DAY;
}

long long cw_cert_days_left(const struct cw_cert_summary *c, long long now)
{
	long long d = c->not_after - now, q = d / DAY;
	return d % DAY < 0 ? q - 1 : q; /* floor: one second past the end is day -1 */
}

/* ISO-8601 UTC, "2026-11-26T00:00:00Z"; its first 10 bytes are the date alone. */
static void iso_time(long long t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, size, "?");
		return;
	}
	snprintf(out, size, "%04lld-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void cw_cert_fill_result(const struct cw_cert_summary *cert, long long now, struct cw_result *r)
{
	cw_cert_fill_result_clock(cert, now, 0, r);
}

void cw_cert_fill_result_clock(const struct cw_cert_summary *cert, long long now, int clock_suspect,
			       struct cw_result *r)
{
	if (!cert) {
		cw_result_set(r, CW_CODE_CERT_MISSING);
		return;
	}
	enum cw_code code = cw_cert_validity(cert, now, CW_CERT_EXPIRING_DAYS);
	/* Only a certificate this computer calls invalid can blame the clock; a valid one stands. */
	if (clock_suspect && (code == CW_CODE_CERT_NOT_YET_VALID || code == CW_CODE_CERT_EXPIRED))
		code = CW_CODE_CLOCK_SUSPECT;
	long long days = cw_cert_days_left(cert, now);
	char from[48], to[48];
	iso_time(cert->not_before, from, sizeof(from));
	iso_time(cert->not_after, to, sizeof(to));
	cw_result_set(r, code);
	cw_result_add(r, "subject", "%s", cert->subject);
	cw_result_add(r, "issuer", "%s", cert->issuer);
	cw_result_add(r, "serial", "%s", cert->serial);
	cw_result_add(r, "sha256", "%s", cert->sha256);
	cw_result_add(r, "not_before", "%s", from);
	cw_result_add(r, "not_after", "%s", to);
	cw_result_add(r, "days_left", "%lld", days);
	/* The HiCOS tool's remark column shows the start and end dates; the count only when it matters;
	 * a suspect clock shows what it says, in local time as the person's own clock shows it. */
	if (code == CW_CODE_CLOCK_SUSPECT) {
		char clock[48], local[32] = "?";
		time_t tt = (time_t)now;
		struct tm tm;
		iso_time(now, clock, sizeof(clock));
		if (localtime_r(&tt, &tm))
			strftime(local, sizeof(local), "%Y-%m-%d %H:%M", &tm);
		cw_result_add(r, "clock", "%s", clock);
		cw_result_note(r, "%s %s%s%.10s – %.10s", cw_tr("這台電腦的日期時間是", "this computer's date and time:"), local,
			       cw_tr("；憑證效期 ", "; certificate "), from, to);
	} else if (code == CW_CODE_CERT_EXPIRING)
		cw_result_note(r, "%.10s – %.10s%s%lld%s", from, to, cw_tr("，剩 ", ", "), days,
			       cw_tr(" 天", days == 1 ? " day left" : " days left"));
	else
		cw_result_note(r, "%.10s – %.10s", from, to);
}

/* How a certificate's keyUsage fits a role, and how its key id does: rows and columns of the score table. */
enum use_fit { FIT_EXACT, FIT_BOTH, FIT_UNKNOWN, FIT_OTHER };
enum id_fit { ID_MATCH, ID_NONE, ID_OTHER };

/* Key usage speaks first; the key id breaks ties and gives a role to certificates without keyUsage. */
static const int pick_score[][3] = {
	/*               id names it, says nothing, names the other role */
	[FIT_EXACT] = {8, 7, 6},
	[FIT_BOTH] = {5, 3, 2},
	[FIT_UNKNOWN] = {4, 1, 0},
	[FIT_OTHER] = {0, 0, 0}, /* keyUsage forbids it: the card would refuse, whatever the id */
};

/* Which role a CKA_ID names: PIV slots 9C / 9D, and the MOICA / HiCOS labels "SIGN" / "KEYX". */
static enum cw_cert_use id_role(const char *id)
{
	static const struct { const char *hex; enum cw_cert_use role; } ids[] = {
		{"02", CW_CERT_USE_SIGN}, {"5349474e", CW_CERT_USE_SIGN},
		{"03", CW_CERT_USE_ENC},  {"4b455958", CW_CERT_USE_ENC},
	};
	for (size_t i = 0; id && i < sizeof(ids) / sizeof(ids[0]); i++)
		if (strcasecmp(id, ids[i].hex) == 0)
			return ids[i].role;
	return CW_CERT_USE_UNKNOWN;
}

static int score(enum cw_cert_use use, const char *id, enum cw_cert_use role)
{
	/* [use][role is ENC] */
	static const enum use_fit fits[4][2] = {
		[CW_CERT_USE_UNKNOWN] = {FIT_UNKNOWN, FIT_UNKNOWN},
		[CW_CERT_USE_SIGN] = {FIT_EXACT, FIT_OTHER},
		[CW_CERT_USE_ENC] = {FIT_OTHER, FIT_EXACT},
		[CW_CERT_USE_BOTH] = {FIT_BOTH, FIT_BOTH},
	};
	enum cw_cert_use named = id_role(id);
	enum id_fit idf = named == CW_CERT_USE_UNKNOWN ? ID_NONE : named == role ? ID_MATCH : ID_OTHER;
	return pick_score[fits[use & 3][role == CW_CERT_USE_ENC]][idf];
}

static int pick_one(const struct cw_cert_summary *certs, const char *const *ids, int n, enum cw_cert_use role)
{
	int best = -1, best_score = 0;
	for (int i = 0; i < n; i++) {
		int s = score(certs[i].use, ids ? ids[i] : NULL, role);
		if (s > best_score) /* ties keep the first, the module's own order */
			best = i, best_score = s;
	}
	return best;
}

void cw_cert_pick(const struct cw_cert_summary *certs, const char *const *ids, int n, int *sign_idx, int *enc_idx)
{
	*sign_idx = pick_one(certs, ids, n, CW_CERT_USE_SIGN);
	*enc_idx = pick_one(certs, ids, n, CW_CERT_USE_ENC);
}
