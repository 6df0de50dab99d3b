/* fake.c - applets for cards OpenSC cannot use: no PIV applet, or one that answers garbage. */
#include "applets.h"

#include "sw.h"

#include <openssl/rand.h>

/* --applet=none: a foreign card (e.g. a Taiwan MOICA card) has no PIV AID */
static void none_select(struct card *c, const struct apdu *a, struct reply *r)
{
	(void)c;
	(void)a;
	r->sw = SW_NOT_FOUND;
}

static const struct ins_entry none_table[] = {
	{ 0xA4, none_select },
};

const struct applet none_applet = { "none", none_table, sizeof none_table / sizeof none_table[0] };

/* --applet=garbage: SELECT "succeeds" with bytes that are no TLV at all */
static void garbage_select(struct card *c, const struct apdu *a, struct reply *r)
{
	uint8_t junk[24];

	(void)c;
	(void)a;
	if (RAND_bytes(junk, sizeof junk) != 1)
		for (size_t i = 0; i < sizeof junk; i++)
			junk[i] = (uint8_t)(i * 37 + 11);
	junk[0] = 0xFF; /* never a 61/6F template, so no parser can take it for an FCI */
	junk[1] = 0xFF;
	buf_add(&r->data, junk, sizeof junk);
}

/* GET DATA: a 53 container whose length runs far past the end of the data */
static void garbage_get_data(struct card *c, const struct apdu *a, struct reply *r)
{
	static const uint8_t bad[] = { 0x53, 0x82, 0x7F, 0xF0, 0x70, 0x83, 0xFF, 0xFF, 0xFF, 0x30, 0x82 };

	(void)c;
	(void)a;
	buf_add(&r->data, bad, sizeof bad);
}

static const struct ins_entry garbage_table[] = {
	{ 0xA4, garbage_select },
	{ 0xCB, garbage_get_data },
};

const struct applet garbage_applet = { "garbage", garbage_table,
				       sizeof garbage_table / sizeof garbage_table[0] };
