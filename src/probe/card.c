/* card.c — the card check: present, powered, its ATR parsed and named, and one harmless first command. */
#include <PCSC/winscard.h>
#include <stdio.h>
#include <string.h>

#include "cw/atr.h"
#include "cw/cardgen.h"
#include "cw/i18n.h"
#include "probe_int.h"

/* SELECT of the PIV application: harmless on any card (others answer 6A82), and it tells PIV apart. */
static const unsigned char first_command[] = {0x00, 0xA4, 0x04, 0x00, 0x09, 0xA0, 0x00, 0x00,
					      0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00};

/* PC/SC answers to SCardConnect/SCardTransmit and what they mean for the card check. */
static enum cw_code code_of_pcsc(LONG rv)
{
	static const struct { LONG rv; enum cw_code code; } map[] = {
		{SCARD_E_PROTO_MISMATCH, CW_CODE_PROTOCOL_MISMATCH},
		{SCARD_W_UNRESPONSIVE_CARD, CW_CODE_CARD_MUTE},
		{SCARD_W_UNPOWERED_CARD, CW_CODE_CARD_MUTE},
		{SCARD_E_NO_SMARTCARD, CW_CODE_NO_CARD},
		{SCARD_W_REMOVED_CARD, CW_CODE_CARD_REMOVED},
		{SCARD_W_RESET_CARD, CW_CODE_CARD_REMOVED},
		{SCARD_E_NO_SERVICE, CW_CODE_SERVICE_LOST},
		{SCARD_F_COMM_ERROR, CW_CODE_SERVICE_LOST},
		{SCARD_E_SERVICE_STOPPED, CW_CODE_SERVICE_LOST},
		{SCARD_E_UNKNOWN_READER, CW_CODE_CARD_REMOVED},
		{SCARD_E_NOT_TRANSACTED, CW_CODE_CARD_UNSUPPORTED},
		{SCARD_E_SHARING_VIOLATION, CW_CODE_CARD_IN_USE},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].rv == rv)
			return map[i].code;
	return CW_CODE_CARD_UNSUPPORTED;
}

static void fail_pcsc(struct cw_result *r, const char *what, LONG rv)
{
	cw_result_set(r, code_of_pcsc(rv));
	cw_result_add(r, "pcsc_error", "0x%08lX", (unsigned long)rv);
	cw_result_note(r, "%s: 0x%08lX %s", what, (unsigned long)rv, pcsc_stringify_error(rv));
}

/* Is a card in the reader (and its ATR)? Returns 1 present, 0 not, -1 failure (r filled). */
static int card_state(struct cw_probe_session *s, struct cw_result *r)
{
	SCARD_READERSTATE st = {.szReader = s->readers[s->reader_index], .dwCurrentState = SCARD_STATE_UNAWARE};
	LONG rv = SCardGetStatusChange((SCARDCONTEXT)s->pcsc_ctx, 0, &st, 1);
	if (rv != SCARD_S_SUCCESS) {
		fail_pcsc(r, "SCardGetStatusChange", rv);
		return -1;
	}
	if (st.dwEventState & SCARD_STATE_MUTE) {
		cw_result_set(r, CW_CODE_CARD_MUTE);
		cw_result_note(r, "%s", cw_tr("卡片對重置沒有回應 (沒有 ATR)", "no answer to reset (no ATR)"));
		return -1;
	}
	if (!(st.dwEventState & SCARD_STATE_PRESENT))
		return 0;
	s->atr_len = st.cbAtr <= sizeof(s->atr) ? st.cbAtr : sizeof(s->atr);
	memcpy(s->atr, st.rgbAtr, s->atr_len);
	return 1;
}

/* Connect, send the first command, disconnect. Returns the SW (0 when no SW came back) or -1. */
static int first_exchange(struct cw_probe_session *s, struct cw_result *r)
{
	SCARDHANDLE card;
	DWORD proto;
	LONG rv = SCardConnect((SCARDCONTEXT)s->pcsc_ctx, s->readers[s->reader_index], SCARD_SHARE_SHARED,
			       SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &proto);
	if (rv != SCARD_S_SUCCESS) {
		fail_pcsc(r, "SCardConnect", rv);
		if (rv == SCARD_E_SHARING_VIOLATION)
			cw_holders_report(s, r);
		return -1;
	}
	cw_result_add(r, "protocol", "%s", proto == SCARD_PROTOCOL_T1 ? "T=1" : "T=0");
	unsigned char resp[258];
	DWORD rlen = sizeof(resp);
	const SCARD_IO_REQUEST *pci = proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
	rv = SCardTransmit(card, pci, first_command, sizeof(first_command), NULL, resp, &rlen);
	SCardDisconnect(card, SCARD_LEAVE_CARD);
	if (rv != SCARD_S_SUCCESS) {
		fail_pcsc(r, "SCardTransmit", rv);
		if (rv == SCARD_E_SHARING_VIOLATION) /* another context holds a transaction on the card */
			cw_holders_report(s, r);
		return -1;
	}
	return rlen >= 2 ? resp[rlen - 2] << 8 | resp[rlen - 1] : 0;
}

static void describe_atr(struct cw_probe_session *s, struct cw_result *r, struct cw_atr *atr)
{
	char hex[CW_ATR_HEX_MAX];
	cw_atr_to_hex(s->atr, s->atr_len, hex, sizeof(hex));
	cw_result_add(r, "atr", "%s", hex);
	if (cw_atr_parse(s->atr, s->atr_len, atr) < 0)
		cw_result_add(r, "atr_error", "%s", atr->error);
	/* The list is ~480 KB of regular expressions: read it once per card, not on every recheck. */
	struct cw_atr_listing *l = &s->atr_listing;
	if (l->atr_len != s->atr_len || memcmp(l->atr, s->atr, s->atr_len) != 0) {
		memcpy(l->atr, s->atr, s->atr_len);
		l->atr_len = s->atr_len;
		l->found = cw_smartcard_list_lookup(hex, l->name, sizeof(l->name), l->path, sizeof(l->path)) == 1;
	}
	if (l->found) {
		cw_result_add(r, "atr_list_name", "%s", l->name);
		cw_result_add(r, "atr_list", "%s", l->path);
	}
}

/* No card in the reader used (one asked for by name): is there one in another? Then "insert the
 * card" would be wrong advice: say where it is and how to use it. */
static void no_card_here(struct cw_probe_session *s, struct cw_result *r)
{
	cw_pcsc_scan_cards(s);
	const char *elsewhere = NULL;
	for (int k = 0; k < s->ncards && !elsewhere; k++)
		if (s->card_reader[k] != s->reader_index)
			elsewhere = s->readers[s->card_reader[k]];
	if (!elsewhere) {
		cw_result_note(r, "%s", s->readers[s->reader_index]);
		return;
	}
	cw_result_add(r, "card_elsewhere", "%s", elsewhere);
	cw_result_note(r, "%s %s%s %s%s", cw_tr("讀卡機", "no card in"), s->readers[s->reader_index],
		       cw_tr(" 沒有卡片；卡片在", "; a card is in"), elsewhere,
		       cw_tr("：請選那一台 (--reader)", ": choose that reader (--reader)"));
}

void cw_probe_card(struct cw_probe_session *s, struct cw_result *r)
{
	if (cw_pcsc_ensure_reader(s) < 0) {
		cw_result_set(r, CW_CODE_NOT_RUN);
		return;
	}
	cw_result_add(r, "reader", "%s", s->readers[s->reader_index]);
	s->profile[0] = '\0';
	s->applet_known = s->card_answered = 0;
	int present = card_state(s, r);
	if (present < 0)
		return;
	if (!present) {
		cw_result_set(r, CW_CODE_NO_CARD);
		no_card_here(s, r);
		return;
	}
	struct cw_atr atr;
	describe_atr(s, r, &atr);
	const struct cw_card_profile *prof = cw_probe_profile(s, &atr);
	if (prof)
		cw_result_add(r, "profile", "%s", s->profile);
	enum cw_card_gen gen = cw_card_generation(&atr); /* issue 13 E: where the ATR tells it */
	if (gen != CW_CARD_GEN_UNKNOWN)
		cw_result_add(r, "generation", "%d", (int)gen);
	int sw = first_exchange(s, r);
	if (sw < 0)
		return;
	cw_result_add(r, "first_sw", "%04X", (unsigned)sw);
	/* 6F00 (no precise diagnosis) or no status word at all: the chip answers, but badly. */
	if (sw == 0 || sw == 0x6F00) {
		cw_result_set(r, CW_CODE_CARD_UNSUPPORTED);
		cw_result_note(r, "SW %04X", (unsigned)sw);
		return;
	}
	s->card_answered = 1;
	int piv = sw == 0x9000 || (sw >> 8) == 0x61;
	if (piv)
		cw_result_add(r, "applet", "PIV");
	s->applet_known = piv;
	/* The name is chosen inside the note, once per language (the profile's own two names). */
	const char *name = cw_result_get(r, "atr_list_name");
	if (!name && piv)
		name = "PIV";
	if ((!prof && !name) || !atr.valid) {
		cw_result_set(r, CW_CODE_CARD_UNKNOWN);
		cw_result_note(r, "ATR %s%s%s", cw_result_get(r, "atr"), atr.valid ? "" : cw_tr("：格式錯誤 ", ": malformed "), atr.valid ? "" : atr.error);
		return;
	}
	cw_result_set(r, CW_CODE_OK);
	cw_result_note(r, "%s%s%s", prof ? cw_tr(prof->name_zh, prof->name_en) : name, gen ? cw_tr("，", ", ") : "",
		       cw_card_generation_text(gen));
}

/*
 * No token for this card. Only a card that no profile but the generic one claims and that answers
 * no known application (a health-insurance or bank card) is told in plain words that it is not a
 * certificate card (issue 14, 6); a PIV card, or one whose card check did not run, is the module's
 * no-token, as before.
 */
enum cw_code cw_probe_tokenless_code(const struct cw_probe_session *s)
{
	/* Only a card that answered (not one held by another program, gone silent or answering 6F00). */
	return strcmp(s->profile, "generic") == 0 && s->card_answered && !s->applet_known ? CW_CODE_NOT_A_CERTIFICATE_CARD
											   : CW_CODE_NO_TOKEN;
}

void cw_probe_card_direct(struct cw_probe_session *s, int stage, struct cw_result *r)
{
	if (!s->have_ctx) {
		SCARDCONTEXT ctx;
		LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
		if (rv != SCARD_S_SUCCESS) {
			fail_pcsc(r, "SCardEstablishContext", rv);
			cw_result_set(r, CW_CODE_SERVICE_LOST);
			return;
		}
		s->pcsc_ctx = (long)ctx;
		s->have_ctx = 1;
	}
	if (cw_pcsc_ensure_reader(s) < 0) {
		cw_result_set(r, CW_CODE_CARD_REMOVED); /* the reader went, and the card with it */
		cw_result_note(r, "%s", cw_tr("找不到讀卡機", "the reader is not listed"));
		return;
	}
	cw_result_add(r, "reader", "%s", s->readers[s->reader_index]);
	if (stage == 0) {
		cw_result_set(r, CW_CODE_OK);
		/* The service answers. Is another program connected to the card? pcsc-lite makes a
		 * connect or a command wait, not fail, while another program holds a transaction on the
		 * card: the card check that timed out may have waited on it. Said only when such a
		 * program is found (this cardwiz's own processes are not counted); the checker weighs it. */
		SCARD_READERSTATE st = {.szReader = s->readers[s->reader_index], .dwCurrentState = SCARD_STATE_UNAWARE};
		struct cw_result held;
		cw_result_init(&held, r->check);
		if (SCardGetStatusChange((SCARDCONTEXT)s->pcsc_ctx, 0, &st, 1) == SCARD_S_SUCCESS &&
		    (st.dwEventState & SCARD_STATE_PRESENT) && (st.dwEventState & SCARD_STATE_INUSE) &&
		    cw_holders_report(s, &held) > 0) {
			cw_result_take(r, &held); /* nothing of it when no holder was found */
			cw_result_add(r, "in_use", "%s", "yes");
		}
		return;
	}
	int present = card_state(s, r);
	if (present < 0)
		return;
	if (!present) {
		cw_result_set(r, CW_CODE_CARD_REMOVED);
		return;
	}
	int sw = first_exchange(s, r);
	if (sw < 0)
		return;
	cw_result_add(r, "first_sw", "%04X", (unsigned)sw);
	cw_result_set(r, CW_CODE_OK); /* any answer will do: the card is alive */
}
