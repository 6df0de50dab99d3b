/* pin.c - VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER on the PIV PIN (80) and PUK (81). */
#include "applets.h"

#include "sw.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <string.h>

#define REF_PIN 0x80
#define REF_PUK 0x81
#define PADDED 8

static struct secret *secret_by_ref(struct card *c, uint8_t ref)
{
	if (ref == REF_PIN)
		return &c->pins->pin;
	if (ref == REF_PUK)
		return &c->pins->puk;
	return NULL;
}

static uint16_t tries_sw(const struct secret *s)
{
	return s->tries <= 0 ? SW_AUTH_BLOCKED : (uint16_t)(SW_TRIES_LEFT | s->tries);
}

/* PIV sends PINs as 8 bytes, right-padded with FF */
static void pad(const char *value, uint8_t out[PADDED])
{
	size_t n = strlen(value);

	memset(out, 0xFF, PADDED);
	memcpy(out, value, n);
}

/* false when padding is broken or a byte could not live in the state file */
static bool unpad(const uint8_t in[PADDED], char out[SECRET_MAX + 1])
{
	size_t n = 0;

	while (n < PADDED && in[n] != 0xFF)
		n++;
	for (size_t i = n; i < PADDED; i++)
		if (in[i] != 0xFF)
			return false;
	for (size_t i = 0; i < n; i++)
		if (in[i] < 0x21 || in[i] > 0x7E)
			return false;
	memcpy(out, in, n);
	out[n] = '\0';
	return true;
}

/* FIPS 201: the PIN is 6-8 digits; PUKs are 6-8 bytes (printable here) */
static bool acceptable(const struct card *c, const struct secret *s, const char *v)
{
	size_t n = strlen(v);

	if (n < 6 || n > 8)
		return false;
	for (size_t i = 0; s == &c->pins->pin && i < n; i++)
		if (!isdigit((unsigned char)v[i]))
			return false;
	return true;
}

/* The retry logic shared by all three commands; the counter survives removal. */
static uint16_t check(struct card *c, struct secret *s, const uint8_t given[PADDED])
{
	uint8_t want[PADDED];

	if (s->tries <= 0)
		return SW_AUTH_BLOCKED; /* blocked: even the right value is refused */
	pad(s->value, want);
	if (CRYPTO_memcmp(want, given, PADDED) == 0) {
		if (s->tries != s->max) {
			s->tries = s->max;
			state_save(c->pins);
		}
		return SW_OK;
	}
	s->tries--;
	state_save(c->pins);
	return tries_sw(s);
}

static void set_verified(struct card *c, bool ok)
{
	c->pin_verified = ok;
	c->pin_fresh = ok;
}

void pin_verify(struct card *c, const struct apdu *a, struct reply *r)
{
	struct secret *s = secret_by_ref(c, a->p2);

	if (a->p1 == 0xFF) { /* SP 800-73-4: P1=FF, no data = reset security status */
		if (a->p2 != REF_PIN)
			r->sw = SW_REF_NOT_FOUND;
		else if (a->lc != 0)
			r->sw = SW_WRONG_LENGTH;
		else
			set_verified(c, false);
		return;
	}
	if (a->p1 != 0x00) {
		r->sw = SW_INCORRECT_P1P2;
		return;
	}
	if (s == NULL) {
		r->sw = SW_REF_NOT_FOUND; /* e.g. the global PIN 00, which this card lacks */
		return;
	}
	if (a->lc == 0) { /* status query: never costs a try */
		r->sw = s == &c->pins->pin && c->pin_verified ? SW_OK : tries_sw(s);
		return;
	}
	if (s != &c->pins->pin) {
		r->sw = SW_REF_NOT_FOUND; /* the PUK only unblocks, it is not verified */
		return;
	}
	if (a->lc != PADDED) {
		r->sw = SW_WRONG_DATA;
		return;
	}
	r->sw = check(c, s, a->data);
	set_verified(c, r->sw == SW_OK);
}

void pin_change(struct card *c, const struct apdu *a, struct reply *r)
{
	struct secret *s = secret_by_ref(c, a->p2);
	char value[SECRET_MAX + 1];

	if (a->p1 != 0x00) {
		r->sw = SW_INCORRECT_P1P2;
		return;
	}
	if (s == NULL) {
		r->sw = SW_REF_NOT_FOUND;
		return;
	}
	if (a->lc != 2 * PADDED) {
		r->sw = SW_WRONG_DATA;
		return;
	}
	r->sw = check(c, s, a->data);
	if (s == &c->pins->pin)
		set_verified(c, r->sw == SW_OK);
	if (r->sw != SW_OK)
		return;
	if (!unpad(a->data + PADDED, value) || !acceptable(c, s, value)) {
		r->sw = SW_WRONG_DATA;
		return;
	}
	memcpy(s->value, value, sizeof value);
	state_save(c->pins);
}

void pin_reset_retry(struct card *c, const struct apdu *a, struct reply *r)
{
	struct secret *pin = &c->pins->pin;
	char value[SECRET_MAX + 1];

	if (a->p1 != 0x00) {
		r->sw = SW_INCORRECT_P1P2;
		return;
	}
	if (a->p2 != REF_PIN) {
		r->sw = SW_REF_NOT_FOUND;
		return;
	}
	if (a->lc != 2 * PADDED) {
		r->sw = SW_WRONG_DATA;
		return;
	}
	/* the PUK has its own counter; a blocked PUK means the card is lost */
	r->sw = check(c, &c->pins->puk, a->data);
	if (r->sw != SW_OK)
		return;
	if (!unpad(a->data + PADDED, value) || !acceptable(c, pin, value)) {
		r->sw = SW_WRONG_DATA;
		return;
	}
	memcpy(pin->value, value, sizeof value);
	pin->tries = pin->max;
	set_verified(c, false);
	state_save(c->pins);
}
