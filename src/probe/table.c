/* table.c — which probe answers which check (the order and ids are checks.h's). */
#include "cw/probe.h"

static const cw_probe_fn probes[CW_CHECK_COUNT] = {
	[CW_CHECK_OS] = cw_probe_os,
	[CW_CHECK_SERVICE] = cw_probe_service,
	[CW_CHECK_READER] = cw_probe_reader,
	[CW_CHECK_DRIVER] = cw_probe_driver,
	[CW_CHECK_CARD] = cw_probe_card,
	[CW_CHECK_MODULE] = cw_probe_module,
	[CW_CHECK_TOKEN] = cw_probe_token,
	[CW_CHECK_PIN] = cw_probe_pin,
	[CW_CHECK_CRYPT] = cw_probe_crypt,
	[CW_CHECK_SIGN] = cw_probe_sign,
	[CW_CHECK_ENC_CERT] = cw_probe_enc_cert,
	[CW_CHECK_SIGN_CERT] = cw_probe_sign_cert,
	[CW_CHECK_SIGNER] = cw_probe_signer,
	[CW_CHECK_CERT_IMPORT] = cw_probe_cert_import,
};

cw_probe_fn cw_probe_for(enum cw_check c)
{
	return c < CW_CHECK_COUNT ? probes[c] : NULL;
}
