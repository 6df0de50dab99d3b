/* signer.c — the signer check (temporary: replaced when the wizard loader lands). */
#include "probe_int.h"
void cw_probe_signer(struct cw_probe_session *s, struct cw_result *r)
{
	(void)s;
	cw_result_set(r, CW_CODE_NO_SIGNER_CONFIGURED);
}
