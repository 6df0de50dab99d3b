/* frontend_pin.c — what every front end does after a PIN-carrying check: remember refusals, wipe the PIN when done. */
#include "cw/checker.h"
#include "cw/engine.h"
#include "cw/frontend.h"

void cw_frontend_pin_result(struct cw_engine *e, struct cw_checker *c, const struct cw_result *r, int keep_final_try)
{
	if (r->check == CW_CHECK_PIN && r->code == CW_CODE_PIN_INCORRECT)
		cw_engine_pin_failed(e, cw_secret_str(c->pin), cw_secret_len(c->pin));
	int ends = r->check == CW_CHECK_SIGN || (r->check == CW_CHECK_PIN && r->status != CW_STATUS_PASS) ||
		   (r->check == CW_CHECK_CRYPT && r->status == CW_STATUS_FAIL);
	if (!ends)
		return;
	cw_secret_clear(c->pin);
	if (!keep_final_try)
		c->base.flags &= ~(unsigned)CW_REQ_ALLOW_FINAL_TRY; /* a confirmation serves one sequence */
}
