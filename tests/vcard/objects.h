/* objects.h - the card's key slots: certificate DER and private key per PIV key reference. */
#ifndef VCARD_OBJECTS_H
#define VCARD_OBJECTS_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

struct slot {
	uint8_t keyref;     /* 9A, 9C, 9D, 9E */
	uint32_t cert_tag;  /* GET DATA tag of its certificate container */
	const char *file;   /* base name in --certs: 9a.crt, 9a.key */
	uint8_t *cert;      /* DER; NULL = no certificate object */
	size_t cert_len;
	EVP_PKEY *key;      /* NULL = the card has no such private key */
};

#define SLOT_COUNT 4

struct objects {
	struct slot slot[SLOT_COUNT];
	uint8_t guid[16]; /* CHUID GUID: OpenSC's token serial number */
};

/* dir NULL: a card without certificates. 0, or -1 with a message on stderr. */
int objects_load(struct objects *o, const char *dir);
void objects_free(struct objects *o);
struct slot *objects_slot(struct objects *o, uint8_t keyref);
struct slot *objects_slot_by_tag(struct objects *o, uint32_t cert_tag);

#endif
