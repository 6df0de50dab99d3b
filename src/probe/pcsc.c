/* pcsc.c — the service and reader checks over PC/SC (pcsc-lite). */
#include <PCSC/winscard.h>
#include <stdio.h>
#include <string.h>

#include "cw/probe.h"
#include "cw/service.h"
#include "cw/text.h"

void cw_probe_session_init(struct cw_probe_session *s)
{
	memset(s, 0, sizeof(*s));
	s->reader_index = -1;
}

void cw_probe_session_close(struct cw_probe_session *s)
{
	if (s->have_ctx)
		SCardReleaseContext((SCARDCONTEXT)s->pcsc_ctx);
	s->have_ctx = 0;
}

/* Fill s->readers from a PC/SC multi-string; returns the PC/SC result. */
static LONG list_readers(struct cw_probe_session *s)
{
	char buf[CW_READERS_MAX * CW_READER_NAME];
	DWORD len = sizeof(buf);
	s->nreaders = 0;
	LONG rv = SCardListReaders((SCARDCONTEXT)s->pcsc_ctx, NULL, buf, &len);
	if (rv != SCARD_S_SUCCESS)
		return rv;
	for (const char *p = buf; *p && p < buf + len && s->nreaders < CW_READERS_MAX; p += strlen(p) + 1)
		cw_copy(s->readers[s->nreaders++], CW_READER_NAME, p);
	return rv;
}

void cw_probe_service(struct cw_probe_session *s, struct cw_result *r)
{
	struct cw_service_facts f = {0};
	SCARDCONTEXT ctx;
	f.establish_rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (f.establish_rv == SCARD_S_SUCCESS) {
		s->pcsc_ctx = (long)ctx;
		s->have_ctx = 1;
		f.list_rv = list_readers(s);
	}
	cw_sys_service_facts(&f);
	enum cw_service_why why;
	enum cw_code code = cw_service_classify(&f, &why);
	cw_result_set(r, code);
	cw_result_add(r, "installed", "%s", f.installed ? "yes" : "no");
	cw_result_add(r, "running", "%s", f.running ? "yes" : "no");
	if (f.establish_rv != SCARD_S_SUCCESS) {
		cw_result_add(r, "pcsc_error", "0x%08lX", (unsigned long)f.establish_rv);
		cw_result_add(r, "pcsc_text", "%s", pcsc_stringify_error(f.establish_rv));
		cw_result_note(r, "0x%08lX %s", (unsigned long)f.establish_rv, cw_service_why_text(why));
	} else if (code != CW_CODE_OK) {
		cw_result_note(r, "%s", cw_service_why_text(why));
	} else {
		cw_result_note(r, "pcscd");
	}
	if (why != CW_WHY_NONE)
		cw_result_add(r, "why", "%s", cw_service_why_text(why));
}

void cw_probe_reader(struct cw_probe_session *s, struct cw_result *r)
{
	LONG rv = list_readers(s);
	s->reader_index = -1;
	if (rv == SCARD_E_NO_READERS_AVAILABLE || (rv == SCARD_S_SUCCESS && s->nreaders == 0)) {
		cw_result_set(r, CW_CODE_NO_READERS);
		cw_result_add(r, "pcsc_error", "0x%08lX", (unsigned long)SCARD_E_NO_READERS_AVAILABLE);
		cw_result_note(r, "0x8010002E");
		return;
	}
	if (rv != SCARD_S_SUCCESS) {
		cw_result_set(r, CW_CODE_SERVICE_LOST);
		cw_result_add(r, "pcsc_error", "0x%08lX", (unsigned long)rv);
		cw_result_note(r, "0x%08lX %s", (unsigned long)rv, pcsc_stringify_error(rv));
		return;
	}
	char key[24];
	for (int i = 0; i < s->nreaders; i++) {
		snprintf(key, sizeof(key), "reader%d", i);
		cw_result_add(r, key, "%s", s->readers[i]);
		if (s->reader_index < 0 && (!s->reader_wanted || strcmp(s->readers[i], s->reader_wanted) == 0))
			s->reader_index = i;
	}
	if (s->reader_index < 0) {
		cw_result_set(r, CW_CODE_READER_NOT_FOUND);
		cw_result_note(r, "%s", s->reader_wanted);
		return;
	}
	cw_result_set(r, CW_CODE_OK);
	cw_result_note(r, "%s", s->readers[s->reader_index]);
}
