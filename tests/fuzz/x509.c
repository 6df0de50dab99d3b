/* x509.c — libFuzzer target: the certificate summary (cw_cert_summarize) and everything built on it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "cw/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static void use(const struct cw_cert_summary *c)
{
	/* the names, serial and fingerprint are C strings fit for a terminal and a JSON report */
	if (!terminated(c->subject, sizeof(c->subject)) || !terminated(c->subject_cn, sizeof(c->subject_cn)) ||
	    !terminated(c->issuer, sizeof(c->issuer)) || !terminated(c->serial, sizeof(c->serial)) ||
	    !terminated(c->sha256, sizeof(c->sha256)) || strlen(c->sha256) != 95)
		abort();
	for (const char *p = c->subject_cn; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			abort();
	static const long long nows[] = {0, 1764115200LL /* 2025-11-26 */, -62135596800LL, 253402300799LL};
	for (size_t i = 0; i < sizeof(nows) / sizeof(nows[0]); i++) {
		struct cw_result r;
		cw_result_init(&r, CW_CHECK_SIGN_CERT);
		cw_cert_fill_result(c, nows[i], &r);
		cw_cert_validity(c, nows[i], 30);
		cw_cert_days_left(c, nows[i]);
	}
	struct cw_cert_summary two[2] = {*c, *c};
	const char *ids[2] = {"02", NULL};
	int s, e;
	cw_cert_pick(two, ids, 2, &s, &e);
	if (s < -1 || s > 1 || e < -1 || e > 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cw_cert_summary c;
	if (cw_cert_summarize(data, size, &c) == 0)
		use(&c);
	else if (c.subject[0] || c.not_after)
		abort(); /* a refusal leaves nothing half filled */
	if (ERR_peek_error())
		abort(); /* nor an OpenSSL error for whoever calls OpenSSL next */
	return 0;
}
