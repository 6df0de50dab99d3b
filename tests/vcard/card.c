/* card.c - ISO 7816 transport of the card: control bytes, CLA checks, chaining, 61xx/GET RESPONSE. */
#include "card.h"

#include "sw.h"

#include <string.h>

#define INS_GET_RESPONSE 0xC0
#define CLA_CHAIN 0x10
#define CHAIN_MAX 65536

void card_init(struct card *c, const struct applet *applet, const uint8_t *atr, size_t atr_len,
	       struct pinstate *pins, struct objects *obj)
{
	memset(c, 0, sizeof *c);
	c->applet = applet;
	c->atr = atr;
	c->atr_len = atr_len;
	c->pins = pins;
	c->obj = obj;
}

void card_free(struct card *c)
{
	buf_free(&c->chain);
	buf_free(&c->pending);
}

/* power cycle and reset: a real card forgets everything but its EEPROM */
static void forget_session(struct card *c)
{
	c->pin_verified = c->pin_fresh = false;
	c->chaining = false;
	buf_clear(&c->chain);
	buf_clear(&c->pending);
	c->pending_off = 0;
}

static bool ctl_power_off(struct card *c, struct buf *out)
{
	(void)out;
	forget_session(c);
	return false;
}

static bool ctl_reset(struct card *c, struct buf *out)
{
	(void)out;
	forget_session(c);
	return false;
}

static bool ctl_atr(struct card *c, struct buf *out)
{
	buf_add(out, c->atr, c->atr_len);
	return true;
}

/* vpcd control bytes; only "get ATR" is answered */
static const struct {
	uint8_t ctl;
	const char *event; /* NULL: not worth a log line (pcscd polls the ATR every 400 ms) */
	bool (*fn)(struct card *c, struct buf *out);
} controls[] = {
	{ 0x00, "power off", ctl_power_off },
	{ 0x01, "power on", ctl_reset },
	{ 0x02, "reset", ctl_reset },
	{ 0x04, NULL, ctl_atr },
};

bool card_control(struct card *c, uint8_t ctl, struct buf *out, const char **event)
{
	*event = NULL;
	for (size_t i = 0; i < sizeof controls / sizeof controls[0]; i++)
		if (controls[i].ctl == ctl) {
			*event = controls[i].event;
			return controls[i].fn(c, out);
		}
	return false; /* unknown control bytes are ignored, as vpcd expects no answer */
}

static uint16_t check_cla(uint8_t cla)
{
	if (cla & 0xE0)
		return SW_CLA_NOT_SUPPORTED; /* proprietary or further interindustry classes */
	if (cla & 0x0C)
		return SW_SM_NOT_SUPPORTED;
	if (cla & 0x03)
		return SW_CHANNEL_NOT_SUPPORTED;
	return 0;
}

static const struct ins_entry *find_ins(const struct applet *ap, uint8_t ins)
{
	for (size_t i = 0; i < ap->count; i++)
		if (ap->table[i].ins == ins)
			return &ap->table[i];
	return NULL;
}

/* Sends at most ne bytes of pending data; the rest waits behind 61xx. */
static void send_pending(struct card *c, size_t ne, struct buf *out)
{
	size_t left = c->pending.len - c->pending_off;
	size_t n = left < ne ? left : ne;

	buf_add(out, c->pending.p + c->pending_off, n);
	c->pending_off += n;
	left -= n;
	if (left == 0) {
		buf_clear(&c->pending);
		c->pending_off = 0;
		buf_sw(out, SW_OK);
	} else {
		buf_sw(out, (uint16_t)(SW_MORE_DATA | (left >= 256 ? 0 : left)));
	}
}

static void answer(struct card *c, const struct apdu *a, struct reply *r, struct buf *out)
{
	if (r->sw != SW_OK || r->data.len == 0) {
		buf_add(out, r->data.p, r->data.len);
		buf_sw(out, r->sw);
		return;
	}
	/* keep the answer in the card and hand it out in Le-sized pieces */
	struct buf t = c->pending;
	c->pending = r->data;
	r->data = t;
	buf_clear(&r->data);
	c->pending_off = 0;
	send_pending(c, a->ne, out);
}

/* Collects a chained command; returns false when the command is complete in *a. */
static bool chain(struct card *c, struct apdu *a, uint16_t *sw)
{
	if (c->chaining && c->chain_ins != a->ins) {
		/* a different command breaks the chain: start over */
		c->chaining = false;
		buf_clear(&c->chain);
	}
	if (!(a->cla & CLA_CHAIN) && !c->chaining)
		return false;
	if (c->chain.len + a->lc > CHAIN_MAX) {
		c->chaining = false;
		buf_clear(&c->chain);
		*sw = SW_WRONG_LENGTH;
		return true;
	}
	buf_add(&c->chain, a->data, a->lc);
	if (a->cla & CLA_CHAIN) {
		c->chaining = true;
		c->chain_ins = a->ins;
		*sw = SW_OK;
		return true;
	}
	c->chaining = false;
	if (c->chain.len) /* a chain of empty parts keeps the frame's own data field: never NULL (apdu.h) */
		a->data = c->chain.p;
	a->lc = c->chain.len;
	return false;
}

void card_apdu(struct card *c, const uint8_t *raw, size_t n, struct buf *out)
{
	struct apdu a;
	struct reply r = { .sw = SW_OK };
	uint16_t sw = n < 4 ? SW_WRONG_LENGTH : check_cla(raw[0]);

	if (sw == 0)
		sw = apdu_parse(raw, n, &a);
	if (sw != 0) {
		buf_sw(out, sw);
		return;
	}
	if (a.ins == INS_GET_RESPONSE && c->pending.len > c->pending_off) {
		send_pending(c, a.ne, out);
		return;
	}
	/* any other command drops what GET RESPONSE could still have fetched */
	buf_clear(&c->pending);
	c->pending_off = 0;

	const struct ins_entry *e = find_ins(c->applet, a.ins);
	if (e == NULL) {
		buf_sw(out, SW_INS_NOT_SUPPORTED);
		return;
	}
	if (chain(c, &a, &sw)) {
		buf_sw(out, sw);
		return;
	}
	a.cla &= (uint8_t)~CLA_CHAIN;
	e->fn(c, &a, &r);
	buf_clear(&c->chain); /* a.data may point into it until here */
	answer(c, &a, &r, out);
	buf_free(&r.data);
}
