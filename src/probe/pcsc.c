/* pcsc.c — the service and reader checks over PC/SC (pcsc-lite). */
#include <PCSC/winscard.h>
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
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

/* Which readers hold a card now, and the profile each card's ATR matches (the profiles came with
 * the request): the reader choice below reads it, the reader check lists it. */
void cw_pcsc_scan_cards(struct cw_probe_session *s)
{
	SCARD_READERSTATE st[CW_READERS_MAX];
	s->ncards = 0;
	if (!s->have_ctx || s->nreaders <= 0)
		return;
	for (int i = 0; i < s->nreaders; i++)
		st[i] = (SCARD_READERSTATE){.szReader = s->readers[i], .dwCurrentState = SCARD_STATE_UNAWARE};
	if (SCardGetStatusChange((SCARDCONTEXT)s->pcsc_ctx, 0, st, (DWORD)s->nreaders) != SCARD_S_SUCCESS)
		return;
	for (int i = 0; i < s->nreaders; i++) {
		if (!(st[i].dwEventState & SCARD_STATE_PRESENT))
			continue;
		int k = s->ncards++;
		size_t len = st[i].cbAtr <= sizeof(st[i].rgbAtr) ? st[i].cbAtr : sizeof(st[i].rgbAtr);
		struct cw_atr atr;
		int parsed = cw_atr_parse(st[i].rgbAtr, len, &atr) == 0;
		const unsigned char *hist = parsed && atr.nhist ? st[i].rgbAtr + atr.hist_off : NULL;
		int p = cw_card_profile_match(s->profiles, s->nprofiles, st[i].rgbAtr, len, hist, hist ? atr.nhist : 0);
		s->card_reader[k] = i;
		cw_copy(s->card_profile[k], sizeof(s->card_profile[k]), p >= 0 ? s->profiles[p].policy.profile : "");
		s->card_special[k] = p >= 0 && !s->profiles[p].generic;
	}
}

/* How the reader was chosen (the reader check's detail "chosen_by"): the request named it (--reader,
 * or the reader the user picked among several cards); no card anywhere (the first reader: the card
 * check says "insert the card"); the only card; among several, the only card of a profile other than
 * the generic fallback; else the first card. The front ends ask the user for the last two. */
enum pick { PICK_REQUEST, PICK_NO_CARD, PICK_ONLY_CARD, PICK_PROFILE, PICK_FIRST_CARD };
static const char *const pick_ids[] = {
	[PICK_REQUEST] = "request", [PICK_NO_CARD] = "no card", [PICK_ONLY_CARD] = "only card",
	[PICK_PROFILE] = "profile", [PICK_FIRST_CARD] = "first card",
};

/* Set s->reader_index from s->readers and the scan; -1 when the reader asked for is not listed. */
static int choose_reader(struct cw_probe_session *s, enum pick *how)
{
	s->reader_index = -1;
	if (s->reader_wanted[0]) {
		*how = PICK_REQUEST;
		for (int i = 0; i < s->nreaders && s->reader_index < 0; i++)
			if (strcmp(s->readers[i], s->reader_wanted) == 0)
				s->reader_index = i;
		return s->reader_index >= 0 ? 0 : -1;
	}
	cw_pcsc_scan_cards(s);
	if (s->ncards == 0) {
		*how = PICK_NO_CARD;
		s->reader_index = s->nreaders > 0 ? 0 : -1;
	} else if (s->ncards == 1) {
		*how = PICK_ONLY_CARD;
		s->reader_index = s->card_reader[0];
	} else {
		int special = -1, nspecial = 0;
		for (int k = 0; k < s->ncards; k++)
			if (s->card_special[k] && nspecial++ == 0)
				special = k;
		*how = nspecial == 1 ? PICK_PROFILE : PICK_FIRST_CARD;
		s->reader_index = s->card_reader[nspecial == 1 ? special : 0];
	}
	return s->reader_index >= 0 ? 0 : -1;
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
	enum pick how;
	return choose_reader(s, &how);
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
	s->ncards = 0;
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
	enum pick how;
	int found = choose_reader(s, &how);
	if (how == PICK_REQUEST)
		cw_pcsc_scan_cards(s); /* the list of cards is shown whoever chose */
	/* The choice and every card, its reader and profile first (a result holds CW_DETAIL_MAX facts):
	 * the front ends ask among them; --report lists them. */
	if (found == 0)
		cw_result_add(r, "reader", "%s", s->readers[s->reader_index]);
	cw_result_add(r, "chosen_by", "%s", pick_ids[how]);
	cw_result_add(r, "cards", "%d", s->ncards);
	for (int k = 0; k < s->ncards; k++) {
		snprintf(key, sizeof(key), "card_reader%d", k);
		cw_result_add(r, key, "%s", s->readers[s->card_reader[k]]);
		snprintf(key, sizeof(key), "card_profile%d", k);
		cw_result_add(r, key, "%s", s->card_profile[k][0] ? s->card_profile[k] : "-");
	}
	for (int i = 0; i < s->nreaders; i++) {
		snprintf(key, sizeof(key), "reader%d", i);
		cw_result_add(r, key, "%s", s->readers[i]);
	}
	if (found < 0) {
		cw_result_set(r, CW_CODE_READER_NOT_FOUND);
		cw_result_note(r, "%s", s->reader_wanted);
		return;
	}
	cw_result_set(r, CW_CODE_OK);
	if (s->ncards > 1) {
		char others[CW_READERS_MAX * CW_READER_NAME / 4];
		size_t at = 0;
		others[0] = '\0';
		for (int k = 0; k < s->ncards; k++)
			if (s->card_reader[k] != s->reader_index) {
				int w = snprintf(others + at, sizeof(others) - at, "%s%s", at ? ", " : "", s->readers[s->card_reader[k]]);
				at += w > 0 && (size_t)w < sizeof(others) - at ? (size_t)w : 0;
			}
		cw_result_note(r, "%s (%s %s)", s->readers[s->reader_index], cw_tr("另有卡片在：", "other cards in:"), others);
	} else {
		cw_result_note(r, "%s", s->readers[s->reader_index]);
	}
}
