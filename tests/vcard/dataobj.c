/* dataobj.c - builds the PIV containers (CHUID, Discovery, certificates, Printed Info) for GET DATA. */
#include "dataobj.h"

#include "sw.h"
#include "tlv.h"

#include <string.h>

const uint8_t piv_aid[11] = { 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00 };

/* FASC-N of a "PIV compatible" card (agency code 9999): OpenSC then takes the
 * GUID as the token serial number instead of the FASC-N. */
static const uint8_t fascn[25] = {
	0xD4, 0xE7, 0x39, 0xDA, 0x73, 0x9C, 0xED, 0x39, 0xCE, 0x73, 0x9D, 0x83, 0x68,
	0x58, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21, 0xC8, 0x42, 0x10, 0xC3, 0xEB,
};

/* Wraps body in the 0x53 container every PIV object (but Discovery) uses. */
static void container(struct buf *out, const struct buf *body)
{
	tlv_put(out, 0x53, body->p, body->len);
}

static uint16_t get_chuid(struct card *c, uint32_t tag, struct buf *out)
{
	struct buf b = { 0 };

	(void)tag;
	tlv_put(&b, 0x30, fascn, sizeof fascn);
	tlv_put(&b, 0x34, c->obj->guid, sizeof c->obj->guid);
	tlv_put(&b, 0x35, "20351231", 8); /* expiration date YYYYMMDD */
	tlv_put(&b, 0x3E, NULL, 0);        /* issuer signature: none, OpenSC does not check */
	tlv_put(&b, 0xFE, NULL, 0);        /* error detection code */
	container(out, &b);
	buf_free(&b);
	return SW_OK;
}

static uint16_t get_discovery(struct card *c, uint32_t tag, struct buf *out)
{
	/* PIN usage policy 40 00: only the PIV application PIN, no global PIN */
	static const uint8_t policy[2] = { 0x40, 0x00 };
	struct buf b = { 0 };

	(void)c;
	(void)tag;
	tlv_put(&b, 0x4F, piv_aid, sizeof piv_aid);
	tlv_put(&b, 0x5F2F, policy, sizeof policy);
	tlv_put(out, 0x7E, b.p, b.len);
	buf_free(&b);
	return SW_OK;
}

static uint16_t get_cert(struct card *c, uint32_t tag, struct buf *out)
{
	static const uint8_t uncompressed = 0x00;
	struct slot *s = objects_slot_by_tag(c->obj, tag);
	struct buf b = { 0 };

	if (s == NULL || s->cert == NULL)
		return SW_NOT_FOUND;
	tlv_put(&b, 0x70, s->cert, s->cert_len);
	tlv_put(&b, 0x71, &uncompressed, 1); /* CertInfo: not gzipped */
	tlv_put(&b, 0xFE, NULL, 0);
	container(out, &b);
	buf_free(&b);
	return SW_OK;
}

/* PIN-protected, so OpenSC can probe the login state with it (card_issues
 * CI_VERIFY_LC0_FAIL makes it read a protected object instead of trusting VERIFY Lc=0). */
static uint16_t get_printed_info(struct card *c, uint32_t tag, struct buf *out)
{
	struct buf b = { 0 };

	(void)tag;
	if (!c->pin_verified)
		return SW_SECURITY_NOT_SATISFIED;
	tlv_put(&b, 0x01, "Test User", 9);
	tlv_put(&b, 0x02, "Virtual", 7);
	tlv_put(&b, 0x04, "2035DEC31", 9);
	tlv_put(&b, 0x05, "CW0000001", 9);
	tlv_put(&b, 0x06, "cardwiz vcard", 13);
	tlv_put(&b, 0xFE, NULL, 0);
	container(out, &b);
	buf_free(&b);
	return SW_OK;
}

/* Objects the card holds; everything else (CCC, key history, biometrics,
 * security object) answers 6A82 like a card that never had them written. */
static const struct {
	uint32_t tag;
	uint16_t (*fn)(struct card *c, uint32_t tag, struct buf *out);
} objects[] = {
	{ 0x5FC102, get_chuid },
	{ 0x7E, get_discovery },
	{ 0x5FC105, get_cert }, /* 9A */
	{ 0x5FC10A, get_cert }, /* 9C */
	{ 0x5FC10B, get_cert }, /* 9D */
	{ 0x5FC101, get_cert }, /* 9E */
	{ 0x5FC109, get_printed_info },
};

uint16_t dataobj_get(struct card *c, uint32_t tag, struct buf *out)
{
	for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
		if (objects[i].tag == tag)
			return objects[i].fn(c, tag, out);
	return SW_NOT_FOUND;
}

void dataobj_apt(struct buf *out)
{
	/* algorithms: RSA 1024 (06), 2048 (07), 3072 (05), ECC P-256 (11), P-384 (14) */
	static const uint8_t algs[] = { 0x06, 0x07, 0x05, 0x11, 0x14 };
	struct buf b = { 0 }, t = { 0 };

	tlv_put(&b, 0x4F, piv_aid + 5, sizeof piv_aid - 5); /* PIX of the application */
	tlv_put(&t, 0x4F, piv_aid, 5);                      /* NIST RID as allocation authority */
	tlv_put(&b, 0x79, t.p, t.len);
	tlv_put(&b, 0x50, "cardwiz virtual PIV", 19);
	buf_clear(&t);
	for (size_t i = 0; i < sizeof algs; i++)
		tlv_put(&t, 0x80, &algs[i], 1);
	tlv_put(&t, 0x06, NULL, 0);
	tlv_put(&b, 0xAC, t.p, t.len);
	tlv_put(out, 0x61, b.p, b.len);
	buf_free(&b);
	buf_free(&t);
}
