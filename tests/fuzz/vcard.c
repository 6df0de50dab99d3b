/* vcard.c — libFuzzer target: the virtual card's frame handling (tests/vcard without its main()).
 *
 * Input: one option byte, then frames as vpcd sends them (2-byte big-endian length, then the body; a
 * 1-byte body is a control byte: 00 power off, 01 power on, 02 reset, 04 get ATR). The option byte
 * picks the applet (bits 0-1: piv, none, garbage), --broken (bit 2) and --drop-at (bit 3: the next
 * byte is the INS, dropped at its 2nd use). Each input is a fresh card with the test bed's PIN and PUK.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "applets.h"
#include "card.h"
#include "faults.h"
#include "log.h"
#include "objects.h"
#include "options.h"
#include "sw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const struct applet *const applets[] = {&piv_applet, &none_applet, &garbage_applet, &piv_applet};
static const uint8_t atr[] = {0x3B, 0x8B, 0x81, 0x31, 0xFE, 0x15, 0x80, 0xF9, 0xA0,
			      0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x12};
static struct objects obj;

/* Keys made once: small and fast, but of every kind the card signs or decrypts with. */
static EVP_PKEY *rsa_key(void)
{
	EVP_PKEY *k = EVP_RSA_gen(1024);
	if (!k)
		abort();
	return k;
}

static EVP_PKEY *ec_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	if (!k)
		abort();
	return k;
}

/* Any bytes do as a certificate: the card only stores and serves them. */
static void fake_cert(struct slot *s, size_t len)
{
	s->cert = OPENSSL_malloc(len);
	if (!s->cert)
		abort();
	for (size_t i = 0; i < len; i++)
		s->cert[i] = (uint8_t)(i * 7 + s->keyref);
	s->cert[0] = 0x30;
	s->cert_len = len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (objects_load(&obj, NULL) < 0)
		abort();
	static const struct { uint8_t ref; int ec; size_t cert; } slots[] = {
		{0x9A, 0, 700}, {0x9C, 1, 300}, {0x9D, 0, 1200}, {0x9E, 1, 0},
	};
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
		struct slot *s = objects_slot(&obj, slots[i].ref);
		s->key = slots[i].ec ? ec_key() : rsa_key();
		if (slots[i].cert)
			fake_cert(s, slots[i].cert);
	}
	log_open("/dev/null"); /* the masking and formatting of the APDU log run too */
	return 0;
}

/* What every answer must look like: data, then SW1 SW2 (the transport never sends a bare byte). */
static void check_answer(const struct buf *out)
{
	if (out->len < 2 || out->len > 65536 + 2)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	size_t at = 1;
	struct faults f = {.broken = (opt & 4) != 0, .drop_ins = -1, .drop_n = 2};
	if ((opt & 8) && at < size)
		f.drop_ins = data[at++];
	struct pinstate pins = {.pin = {"123456", 3, 3}, .puk = {"12345678", 3, 3}, .path = NULL};
	struct card c;
	card_init(&c, applets[opt & 3], atr, sizeof(atr), &pins, &obj);
	struct buf out = {0};
	while (size - at >= 2) {
		size_t n = (size_t)data[at] << 8 | data[at + 1];
		at += 2;
		if (n > size - at)
			n = size - at;
		/* an exact-size heap copy, so ASan sees a read past the frame */
		uint8_t *frame = malloc(n ? n : 1);
		if (!frame)
			abort();
		memcpy(frame, data + at, n);
		at += n;
		buf_clear(&out);
		if (n == 1) {
			const char *event = NULL;
			if (card_control(&c, frame[0], &out, &event) && (out.len != sizeof(atr) || frame[0] != 0x04))
				abort(); /* only "get ATR" is answered, with the ATR */
		} else {
			enum fault fault = faults_check(&f, frame, n);
			if (fault == FAULT_DROP) {
				log_apdu(frame, n, NULL, 0, "(card pulled)");
				free(frame);
				break; /* the card is gone */
			}
			if (fault == FAULT_BROKEN)
				buf_sw(&out, SW_NO_DIAGNOSIS);
			else
				card_apdu(&c, frame, n, &out);
			check_answer(&out);
			log_apdu(frame, n, out.p, out.len, NULL);
		}
		free(frame);
		if (pins.pin.tries < 0 || pins.pin.tries > pins.pin.max || pins.puk.tries < 0 || pins.puk.tries > pins.puk.max)
			abort(); /* retry counters stay within 0..max */
		if (strlen(pins.pin.value) < 1 || strlen(pins.pin.value) > SECRET_MAX)
			abort();
	}
	buf_free(&out);
	card_free(&c);
	return 0;
}
