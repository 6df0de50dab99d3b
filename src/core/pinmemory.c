/* pinmemory.c — the PINs a card refused, as salted hashes (as typed and case-folded): one memory for the engine and the helper. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "cw/pinmemory.h"

#define PIN_MEMORY_MAX 32
#define HASH_LEN 32

enum pin_form { AS_TYPED, FOLDED, PIN_FORMS };

struct cw_pin_memory {
	unsigned char salt[32];
	unsigned char hash[PIN_MEMORY_MAX][PIN_FORMS][HASH_LEN];
	int n, next;
};

struct cw_pin_memory *cw_pin_memory_new(void)
{
	struct cw_pin_memory *m = calloc(1, sizeof(*m));
	if (m && RAND_bytes(m->salt, sizeof(m->salt)) != 1)
		m->salt[0] ^= 0x5a; /* no randomness: hashes still work, only less salted */
	return m;
}

void cw_pin_memory_clear(struct cw_pin_memory *m)
{
	if (!m)
		return;
	OPENSSL_cleanse(m->hash, sizeof(m->hash));
	m->n = m->next = 0;
}

void cw_pin_memory_free(struct cw_pin_memory *m)
{
	if (!m)
		return;
	OPENSSL_cleanse(m, sizeof(*m));
	free(m);
}

/* SHA-256(salt || PIN), read a byte at a time from the caller's buffer: no folded copy is made. */
static int pin_hash(const struct cw_pin_memory *m, const char *pin, size_t len, enum pin_form form,
		    unsigned char out[HASH_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
		 EVP_DigestUpdate(ctx, m->salt, sizeof(m->salt)) == 1;
	for (size_t i = 0; ok && i < len; i++) {
		unsigned char c = (unsigned char)pin[i];
		if (form == FOLDED && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		ok = EVP_DigestUpdate(ctx, &c, 1) == 1;
	}
	ok = ok && EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == HASH_LEN;
	EVP_MD_CTX_free(ctx); /* frees (and clears) the digest state that saw the PIN */
	return ok ? 0 : -1;
}

void cw_pin_memory_add(struct cw_pin_memory *m, const char *pin, size_t len)
{
	unsigned char h[PIN_FORMS][HASH_LEN];
	if (!m || !pin || cw_pin_memory_has(m, pin, len, 0) || pin_hash(m, pin, len, AS_TYPED, h[AS_TYPED]) < 0 ||
	    pin_hash(m, pin, len, FOLDED, h[FOLDED]) < 0)
		return;
	/* A ring: more distinct wrong PINs than this and the card has long been locked. */
	memcpy(m->hash[m->next], h, sizeof(h));
	m->next = (m->next + 1) % PIN_MEMORY_MAX;
	if (m->n < PIN_MEMORY_MAX)
		m->n++;
	OPENSSL_cleanse(h, sizeof(h));
}

int cw_pin_memory_has(const struct cw_pin_memory *m, const char *pin, size_t len, int fold_case)
{
	unsigned char h[HASH_LEN];
	enum pin_form form = fold_case ? FOLDED : AS_TYPED;
	if (!m || !pin || m->n == 0 || pin_hash(m, pin, len, form, h) < 0)
		return 0;
	int found = 0;
	for (int i = 0; i < m->n; i++)
		found |= CRYPTO_memcmp(m->hash[i][form], h, HASH_LEN) == 0;
	OPENSSL_cleanse(h, sizeof(h));
	return found;
}
