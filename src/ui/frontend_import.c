/* frontend_import.c — [Imported] (FAQ 4): the confirmation reaches the helper, which alone writes the certificate memory. */
#include "cw/frontend.h"

void cw_frontend_import_confirmed(struct cw_engine *e, struct cw_checker *c, struct cw_result *r)
{
	/* For this one request: a later new card (another visit, another person) is asked again. */
	unsigned flags = c->base.flags;
	c->base.flags |= CW_REQ_IMPORTED;
	cw_checker_run(c, CW_CHECK_CERT_IMPORT, r);
	c->base.flags = flags;
	cw_engine_rerun(e);
}
