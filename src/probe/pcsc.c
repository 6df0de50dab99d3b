/* pcsc.c — the service and reader checks over PC/SC (pcsc-lite). */
#include <PCSC/winscard.h>
#include <stdio.h>
#include <string.h>

#include "cw/probe.h"
#include "cw/service.h"
#include "cw/text.h"
#include "probe_int.h"

void cw_pcsc_close(struct cw_probe_session *s)
{
	if (s->have_ctx)
		SCardReleaseContext((SCARDCONTEXT)s->pcsc_ctx);
	s->have_ctx = 0;
}

enum cw_code cw_pcsc_explain_failure(struct cw_probe_session *s)
{
	if (!s->have_ctx || s->reader_index < 0)
		return CW_CODE_OK;
	SCARD_READERSTATE st = {.szReader = s->readers[s->reader_index], .dwCurrentState = SCARD_STATE_UNAWARE};
	LONG rv = SCardGetStatusChange((SCARDCONTEXT)s->pcsc_ctx, 0, &st, 1);
	/* pcscd notices a pulled card at its next poll of the reader (vpcd: every 400 ms, doc/FIELD-NOTES.md):
	 * a card that still looks present gets one short wait for that poll. */
	if (rv == SCARD_S_SUCCESS && (st.dwEventState & SCARD_STATE_PRESENT)) {
		st.dwCurrentState = st.dwEventState & ~SCARD_STATE_CHANGED;
		rv = SCardGetStatusChange((SCARDCONTEXT)s->pcsc_ctx, 1000, &st, 1);
		if (rv == SCARD_E_TIMEOUT)
			return CW_CODE_OK;
	}
	if (rv == SCARD_E_NO_SERVICE || rv == SCARD_F_COMM_ERROR || rv == SCARD_E_SERVICE_STOPPED ||
	    rv == SCARD_E_INVALID_HANDLE)
		return CW_CODE_SERVICE_LOST;
	if (rv == SCARD_S_SUCCESS && (st.dwEventState & (SCARD_STATE_EMPTY | SCARD_STATE_UNKNOWN)))
		return CW_CODE_CARD_REMOVED;
	if (rv == SCARD_E_UNKNOWN_READER)
		return CW_CODE_CARD_REMOVED;
	return CW_CODE_OK;
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
	cw_pcsc_close(s);
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

int cw_pcsc_ensure_reader(struct cw_probe_session *s)
{
	/* A fresh helper (after a re-insert or pcscd's return) is asked from the card on: it needs
	 * the context and the reader the earlier helper had found. */
	if (!s->have_ctx) {
		SCARDCONTEXT ctx;
		if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx) != SCARD_S_SUCCESS)
			return -1;
		s->pcsc_ctx = (long)ctx;
		s->have_ctx = 1;
	}
	if (s->reader_index >= 0)
		return 0;
	if (list_readers(s) != SCARD_S_SUCCESS)
		return -1;
	for (int i = 0; i < s->nreaders && s->reader_index < 0; i++)
		if (!s->reader_wanted[0] || strcmp(s->readers[i], s->reader_wanted) == 0)
			s->reader_index = i;
	return s->reader_index >= 0 ? 0 : -1;
}

void cw_probe_reader(struct cw_probe_session *s, struct cw_result *r)
{
	if (!s->have_ctx) {
		SCARDCONTEXT ctx;
		LONG erv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
		if (erv != SCARD_S_SUCCESS) {
			cw_result_set(r, CW_CODE_SERVICE_LOST);
			cw_result_note(r, "0x%08lX %s", (unsigned long)erv, pcsc_stringify_error(erv));
			return;
		}
		s->pcsc_ctx = (long)ctx;
		s->have_ctx = 1;
	}
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
		if (s->reader_index < 0 && (!s->reader_wanted[0] || strcmp(s->readers[i], s->reader_wanted) == 0))
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
