/* auth.c - GENERAL AUTHENTICATE: raw RSA and ECDSA with the slot keys, challenges for 9B. */
#include "applets.h"

#include "sw.h"
#include "tlv.h"

#include <openssl/rand.h>
#include <openssl/rsa.h>

#define KEYREF_ADMIN 0x9B
#define KEYREF_SIGN 0x9C
#define KEYREF_CARD_AUTH 0x9E

/* SP 800-78-4 algorithm identifiers, by key type and size */
static const struct {
	int type;
	int bits;
	uint8_t alg;
} algs[] = {
	{ EVP_PKEY_RSA, 1024, 0x06 },
	{ EVP_PKEY_RSA, 2048, 0x07 },
	{ EVP_PKEY_RSA, 3072, 0x05 },
	{ EVP_PKEY_EC, 256, 0x11 },
	{ EVP_PKEY_EC, 384, 0x14 },
};

static int alg_of(EVP_PKEY *k)
{
	for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++)
		if (EVP_PKEY_get_base_id(k) == algs[i].type && EVP_PKEY_get_bits(k) == algs[i].bits)
			return algs[i].alg;
	return -1;
}

/* c^d mod n: OpenSC pads (PKCS#1, PSS) or unpads on the host side */
static int rsa_raw(EVP_PKEY *k, const uint8_t *in, size_t n, struct buf *out)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
	size_t len = 0;
	int ok = ctx != NULL && (size_t)EVP_PKEY_get_size(k) == n
		 && EVP_PKEY_decrypt_init(ctx) > 0
		 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) > 0
		 && EVP_PKEY_decrypt(ctx, NULL, &len, in, n) > 0;
	if (ok) {
		uint8_t res[1024];
		ok = len <= sizeof res && EVP_PKEY_decrypt(ctx, res, &len, in, n) > 0 && len == n;
		if (ok)
			buf_add(out, res, len);
	}
	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : -1;
}

/* ECDSA over the hash OpenSC sends; the answer is the DER SEQUENCE { r, s } */
static int ec_sign(EVP_PKEY *k, const uint8_t *in, size_t n, struct buf *out)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k, NULL);
	uint8_t sig[256];
	size_t len = sizeof sig;
	int ok = ctx != NULL && n > 0 && EVP_PKEY_sign_init(ctx) > 0
		 && EVP_PKEY_sign(ctx, sig, &len, in, n) > 0;

	if (ok)
		buf_add(out, sig, len);
	EVP_PKEY_CTX_free(ctx);
	return ok ? 0 : -1;
}

/* 9C is "PIN always", 9E needs no PIN, the others once per session */
static bool allowed(const struct card *c, uint8_t keyref)
{
	if (keyref == KEYREF_CARD_AUTH)
		return true;
	if (keyref == KEYREF_SIGN)
		return c->pin_verified && c->pin_fresh;
	return c->pin_verified;
}

/* OpenSC's get_challenge asks 9B for a witness: 7C { 81 00 } -> 8 random bytes */
static void admin_challenge(const uint8_t *tmpl, size_t n, struct reply *r)
{
	size_t len;
	uint8_t rnd[8];
	struct buf b = { 0 };

	if (tlv_find(tmpl, n, 0x81, &len) == NULL || len != 0 || RAND_bytes(rnd, sizeof rnd) != 1) {
		r->sw = SW_WRONG_DATA; /* mutual authentication with the 3DES key is not emulated */
		return;
	}
	tlv_put(&b, 0x81, rnd, sizeof rnd);
	tlv_put(&r->data, 0x7C, b.p, b.len);
	buf_free(&b);
}

void auth_general(struct card *c, const struct apdu *a, struct reply *r)
{
	size_t tlen, clen, rlen;
	const uint8_t *tmpl = tlv_find(a->data, a->lc, 0x7C, &tlen);

	if (a->p2 == KEYREF_ADMIN) {
		if (tmpl == NULL)
			r->sw = SW_WRONG_DATA;
		else
			admin_challenge(tmpl, tlen, r);
		return;
	}
	struct slot *s = objects_slot(c->obj, a->p2);
	if (s == NULL || s->key == NULL) {
		r->sw = SW_REF_NOT_FOUND; /* no such private key on this card */
		return;
	}
	int alg = alg_of(s->key);
	if (alg < 0 || alg != a->p1) {
		r->sw = SW_INCORRECT_P1P2;
		return;
	}
	if (!allowed(c, a->p2)) {
		r->sw = SW_SECURITY_NOT_SATISFIED;
		return;
	}
	if (a->p2 == KEYREF_SIGN)
		c->pin_fresh = false; /* the next signature needs its own VERIFY */

	/* dynamic authentication template: 82 00 asks for the response, 81 holds the challenge */
	const uint8_t *chal = tmpl ? tlv_find(tmpl, tlen, 0x81, &clen) : NULL;
	if (chal == NULL || tlv_find(tmpl, tlen, 0x82, &rlen) == NULL || rlen != 0) {
		r->sw = SW_WRONG_DATA;
		return;
	}
	struct buf res = { 0 };
	int rc = EVP_PKEY_get_base_id(s->key) == EVP_PKEY_RSA ? rsa_raw(s->key, chal, clen, &res)
							      : ec_sign(s->key, chal, clen, &res);
	if (rc < 0) {
		r->sw = SW_WRONG_DATA; /* wrong size, or a value not below the modulus */
	} else {
		struct buf t = { 0 };
		tlv_put(&t, 0x82, res.p, res.len);
		tlv_put(&r->data, 0x7C, t.p, t.len);
		buf_free(&t);
	}
	buf_free(&res);
}
