/* objects.c - loads --certs DIR (9a.crt 9a.key ...) into the card's key slots. */
#include "objects.h"

#include <errno.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

/* SP 800-73-4 Table 4b: key reference -> certificate container */
static const struct slot slot_template[SLOT_COUNT] = {
	{ .keyref = 0x9A, .cert_tag = 0x5FC105, .file = "9a" }, /* PIV Authentication */
	{ .keyref = 0x9C, .cert_tag = 0x5FC10A, .file = "9c" }, /* Digital Signature */
	{ .keyref = 0x9D, .cert_tag = 0x5FC10B, .file = "9d" }, /* Key Management */
	{ .keyref = 0x9E, .cert_tag = 0x5FC101, .file = "9e" }, /* Card Authentication */
};

/* NULL with errno ENOENT when the file is simply absent */
static FILE *open_part(const char *dir, const char *base, const char *ext, char *path, size_t n)
{
	snprintf(path, n, "%s/%s.%s", dir, base, ext);
	return fopen(path, "r");
}

static int load_cert(struct slot *s, const char *dir)
{
	char path[4096];
	FILE *f = open_part(dir, s->file, "crt", path, sizeof path);
	if (f == NULL)
		return errno == ENOENT ? 0 : (perror(path), -1);
	X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (x == NULL) {
		fprintf(stderr, "vcard: %s is not a PEM certificate\n", path);
		return -1;
	}
	unsigned char *der = NULL;
	int len = i2d_X509(x, &der);
	X509_free(x);
	if (len <= 0) {
		fprintf(stderr, "vcard: cannot encode %s\n", path);
		return -1;
	}
	s->cert = der;
	s->cert_len = (size_t)len;
	return 0;
}

static int load_key(struct slot *s, const char *dir)
{
	char path[4096];
	FILE *f = open_part(dir, s->file, "key", path, sizeof path);
	if (f == NULL)
		return errno == ENOENT ? 0 : (perror(path), -1);
	s->key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (s->key == NULL) {
		fprintf(stderr, "vcard: %s is not an unencrypted PEM private key\n", path);
		return -1;
	}
	return 0;
}

/* The same certificates give the same serial, so a re-inserted card is recognised. */
static void make_guid(struct objects *o)
{
	static const char salt[] = "cardwiz vcard GUID";
	unsigned char md[SHA256_DIGEST_LENGTH];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)
	    || !EVP_DigestUpdate(ctx, salt, sizeof salt - 1)) {
		memset(o->guid, 0x5A, sizeof o->guid);
		EVP_MD_CTX_free(ctx);
		return;
	}
	for (int i = 0; i < SLOT_COUNT; i++)
		if (o->slot[i].cert)
			EVP_DigestUpdate(ctx, o->slot[i].cert, o->slot[i].cert_len);
	EVP_DigestFinal_ex(ctx, md, NULL);
	EVP_MD_CTX_free(ctx);
	memcpy(o->guid, md, sizeof o->guid);
	o->guid[6] = (uint8_t)((o->guid[6] & 0x0F) | 0x50); /* RFC 4122 name-based UUID */
	o->guid[8] = (uint8_t)((o->guid[8] & 0x3F) | 0x80);
}

int objects_load(struct objects *o, const char *dir)
{
	memcpy(o->slot, slot_template, sizeof o->slot);
	for (int i = 0; dir != NULL && i < SLOT_COUNT; i++) {
		if (load_cert(&o->slot[i], dir) < 0 || load_key(&o->slot[i], dir) < 0) {
			objects_free(o);
			return -1;
		}
	}
	make_guid(o);
	return 0;
}

void objects_free(struct objects *o)
{
	for (int i = 0; i < SLOT_COUNT; i++) {
		OPENSSL_free(o->slot[i].cert);
		EVP_PKEY_free(o->slot[i].key);
		o->slot[i].cert = NULL;
		o->slot[i].key = NULL;
	}
}

struct slot *objects_slot(struct objects *o, uint8_t keyref)
{
	for (int i = 0; i < SLOT_COUNT; i++)
		if (o->slot[i].keyref == keyref)
			return &o->slot[i];
	return NULL;
}

struct slot *objects_slot_by_tag(struct objects *o, uint32_t cert_tag)
{
	for (int i = 0; i < SLOT_COUNT; i++)
		if (o->slot[i].cert_tag == cert_tag)
			return &o->slot[i];
	return NULL;
}
