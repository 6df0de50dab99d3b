/* piv.c - the PIV applet (NIST SP 800-73-4): instruction table, SELECT and GET DATA. */
#include "applets.h"

#include "dataobj.h"
#include "sw.h"
#include "tlv.h"

#include <string.h>

static void piv_select(struct card *c, const struct apdu *a, struct reply *r)
{
	(void)c;
	if (a->p1 != 0x04) {
		r->sw = SW_INCORRECT_P1P2; /* PIV is selected by AID only */
		return;
	}
	/* a partial AID (at least the RID) selects PIV; other AIDs, such as the
	 * ones OpenSC's coolkey, muscle and sc-hsm drivers probe, are not here */
	if (a->lc != 0 && (a->lc < 5 || a->lc > sizeof piv_aid || memcmp(a->data, piv_aid, a->lc) != 0)) {
		r->sw = SW_NOT_FOUND;
		return;
	}
	dataobj_apt(&r->data);
}

static void piv_get_data(struct card *c, const struct apdu *a, struct reply *r)
{
	const uint8_t *p = a->data, *v;
	uint32_t tag, obj = 0;
	size_t len;

	if (a->p1 != 0x3F || a->p2 != 0xFF) {
		r->sw = SW_INCORRECT_P1P2;
		return;
	}
	/* the data field is exactly one tag list 5C holding the object's tag */
	if (tlv_read(&p, a->data + a->lc, &tag, &v, &len) < 0 || tag != 0x5C || len == 0 || len > 3
	    || p != a->data + a->lc) {
		r->sw = SW_WRONG_DATA;
		return;
	}
	for (size_t i = 0; i < len; i++)
		obj = obj << 8 | v[i];
	r->sw = dataobj_get(c, obj, &r->data);
}

/* reached only when nothing is waiting: the transport serves real GET RESPONSEs */
static void piv_get_response(struct card *c, const struct apdu *a, struct reply *r)
{
	(void)c;
	(void)a;
	r->sw = SW_CONDITIONS_NOT_SATISFIED;
}

static const struct ins_entry piv_table[] = {
	{ 0xA4, piv_select },
	{ 0xCB, piv_get_data },
	{ 0xC0, piv_get_response },
	{ 0x20, pin_verify },
	{ 0x24, pin_change },
	{ 0x2C, pin_reset_retry },
	{ 0x87, auth_general },
};

const struct applet piv_applet = { "piv", piv_table, sizeof piv_table / sizeof piv_table[0] };
