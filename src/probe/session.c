/* session.c — the state the probes share in one helper: set up, and released in one place. */
#include <stdlib.h>
#include <string.h>

#include "cw/probe.h"
#include "cw/x509.h"
#include "probe_int.h"


void cw_probe_session_init(struct cw_probe_session *s)
{
	memset(s, 0, sizeof(*s));
	s->reader_index = -1;
	s->sign_idx = s->enc_idx = -1;
	s->certs = calloc(CW_CERTS_MAX, sizeof(*s->certs));
	s->failed_pins = cw_pin_memory_new();
}

void cw_probe_session_close(struct cw_probe_session *s)
{
	cw_p11_close(s);
	cw_pcsc_close(s);
	free(s->certs);
	s->certs = NULL;
	cw_pin_memory_free(s->failed_pins);
	s->failed_pins = NULL;
}
