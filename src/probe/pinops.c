/* pinops.c — the PIN actions on generic cards: unlock with the PUK (or SO PIN) and change the PIN, through PKCS#11. */
#include <ctype.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/i18n.h"
#include "p11_int.h"

enum unblock_style { STYLE_NONE, STYLE_UNLOGGED_SETPIN, STYLE_SO_INITPIN, STYLE_OTHER };

/* OpenSC refuses a PUK unblock through PKCS#11 unless opensc.conf's pkcs11 block says how
 * (doc/FIELD-NOTES.md): read the setting the module will read, so that no PUK try is wasted on a refusal. */
static enum unblock_style opensc_unblock_style(void)
{
	const char *conf = getenv("OPENSC_CONF");
	FILE *f = fopen(conf && *conf ? conf : "/etc/opensc/opensc.conf", "r");
	if (!f)
		return STYLE_NONE;
	char line[512], value[64] = "";
	while (fgets(line, sizeof(line), f)) {
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '#')
			continue;
		sscanf(p, "user_pin_unblock_style = %63[a-z_]", value);
	}
	fclose(f);
	static const struct { const char *name; enum unblock_style style; } styles[] = {
		{"set_pin_in_unlogged_session", STYLE_UNLOGGED_SETPIN},
		{"init_pin_in_so_session", STYLE_SO_INITPIN},
		{"set_pin_in_specific_context", STYLE_OTHER},
	};
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		if (strcmp(value, styles[i].name) == 0)
			return styles[i].style;
	return STYLE_NONE;
}

static int is_opensc(const struct cw_probe_session *s)
{
	return strstr(s->module_path, "opensc") != NULL;
}

static enum unblock_style unblock_style(const struct cw_probe_session *s)
{
	return is_opensc(s) ? opensc_unblock_style() : STYLE_SO_INITPIN;
}

int cw_p11_puk_via_so(struct cw_probe_session *s) { return unblock_style(s) == STYLE_SO_INITPIN; }

/* cw_op_unlock refuses these styles without touching the card: the token check says so first. */
int cw_p11_unblock_refused(struct cw_probe_session *s)
{
	enum unblock_style style = unblock_style(s);
	return style == STYLE_NONE || style == STYLE_OTHER;
}

/* The new PIN must fit the card before anything is sent. */
static int new_pin_fits(const struct cw_probe_session *s, const struct cw_secret *pin, struct cw_result *r)
{
	size_t len = cw_secret_len(pin);
	if (!len || (s->pin_min && (int)len < s->pin_min) || (s->pin_max && (int)len > s->pin_max)) {
		cw_result_set(r, CW_CODE_PIN_NOT_ALLOWED);
		cw_result_note(r, "%s %d-%d", cw_tr("新的 PIN 碼長度須為", "the new PIN must have a length of"), s->pin_min,
			       s->pin_max);
		return 0;
	}
	return 1;
}

/* After a PIN action: is the card still there, and what do the token's flags say now? */
static void refresh_flags(struct cw_probe_session *s, struct cw_result *r)
{
	if (cw_p11_find_token(s) < 0)
		return;
	const PKCS11_TOKEN *t = s->p11->slot->token;
	cw_result_add(r, "pin_locked", "%s", t->userPinLocked ? "yes" : "no");
	if (t->soPinLocked || t->soPinFinalTry)
		cw_result_add(r, "puk_tries_left", "%d", t->soPinLocked ? 0 : 1);
}

static int ready(struct cw_probe_session *s, struct cw_result *r)
{
	if (!s->p11 || !s->p11->ctx || cw_p11_find_token(s) < 0) {
		cw_result_set(r, cw_p11_failure_code(s, 0, CW_CODE_CARD_REMOVED));
		return 0;
	}
	return 1;
}

void cw_op_unlock(struct cw_probe_session *s, const struct cw_secret *puk, const struct cw_secret *new_pin,
		  struct cw_result *r)
{
	if (!ready(s, r))
		return;
	/* The profile first (a MOICA card gets nothing, whatever else is true), then whether the
	 * module would take an unblock at all, then the PUK's counter read now. */
	struct cw_card_policy policy;
	cw_probe_policy(s, &policy);
	policy.confirmed_final = 1;
	if (cw_policy_decide(&policy, CW_ACT_UNBLOCK, NULL, NULL) == CW_CODE_REFUSED_BY_PROFILE) {
		cw_result_set(r, cw_p11_guard(s, CW_ACT_UNBLOCK, r));
		return;
	}
	if (!new_pin_fits(s, new_pin, r))
		return;
	enum unblock_style style = unblock_style(s);
	if (style == STYLE_NONE || style == STYLE_OTHER) {
		cw_result_set(r, CW_CODE_UNLOCK_REFUSED_BY_MODULE);
		cw_result_note(r, "%s", "opensc.conf: app default { pkcs11 { user_pin_unblock_style = set_pin_in_unlogged_session; } }");
		return;
	}
	enum cw_code g = cw_p11_guard(s, CW_ACT_UNBLOCK, r);
	if (g != CW_CODE_OK) {
		cw_result_set(r, g);
		return;
	}
	PKCS11_SLOT *slot = s->p11->slot;
	PKCS11_open_session(slot, 1);
	int rc;
	if (style == STYLE_UNLOGGED_SETPIN) {
		/* OpenSC's convention: C_SetPIN(PUK, new) in a session nobody logged in to. */
		rc = PKCS11_change_pin(slot, cw_secret_str(puk), cw_secret_str(new_pin));
	} else {
		rc = PKCS11_login(slot, 1, cw_secret_str(puk));
		if (rc == 0)
			rc = PKCS11_init_pin(slot->token, cw_secret_str(new_pin));
	}
	unsigned long ckr = rc == 0 ? 0 : cw_p11_last_ckr();
	s->p11->fresh = 0;
	if (rc == 0) {
		cw_p11_forget_pin(s);
		/* The new PIN is verified once, so the user knows it works. */
		if (cw_p11_find_token(s) == 0 && (PKCS11_open_session(s->p11->slot, 1), 1) &&
		    PKCS11_login(s->p11->slot, 0, cw_secret_str(new_pin)) == 0) {
			cw_result_set(r, CW_CODE_UNLOCK_OK);
			s->pin_failed = 0;
		} else {
			cw_result_set(r, cw_p11_failure_code(s, cw_p11_last_ckr(), CW_CODE_PIN_LOCKED));
			cw_result_note(r, "%s", cw_tr("已解鎖，但新的 PIN 碼沒有被接受", "unblocked, but the new PIN was not accepted"));
		}
	} else {
		static const struct { unsigned long ckr; enum cw_code code; } map[] = {
			{CKR_PIN_INCORRECT, CW_CODE_PUK_INCORRECT}, {CKR_PIN_LOCKED, CW_CODE_PUK_LOCKED},
			{CKR_PIN_LEN_RANGE, CW_CODE_PIN_NOT_ALLOWED}, {CKR_PIN_INVALID, CW_CODE_PIN_NOT_ALLOWED},
		};
		enum cw_code code = cw_p11_failure_code(s, ckr, CW_CODE_PUK_INCORRECT);
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (map[i].ckr == ckr && code != CW_CODE_CARD_REMOVED && code != CW_CODE_SERVICE_LOST)
				code = map[i].code;
		cw_result_set(r, code);
		cw_result_add(r, "ckr", "0x%lX", ckr);
	}
	refresh_flags(s, r);
	cw_p11_forget_pin(s);
}

void cw_op_change_pin(struct cw_probe_session *s, const struct cw_secret *old_pin, const struct cw_secret *new_pin,
		      struct cw_result *r)
{
	if (!ready(s, r))
		return;
	enum cw_code g = cw_p11_guard(s, CW_ACT_CHANGE, r); /* the counters read now, before C_Login */
	if (g != CW_CODE_OK) {
		cw_result_set(r, g);
		return;
	}
	if (!new_pin_fits(s, new_pin, r))
		return;
	PKCS11_SLOT *slot = s->p11->slot;
	PKCS11_open_session(slot, 1);
	/* Logged in first: an unlogged C_SetPIN would be taken as an unblock by OpenSC's setting. */
	int rc = PKCS11_login(slot, 0, cw_secret_str(old_pin));
	int logged_in = rc == 0;
	if (rc == 0)
		rc = PKCS11_change_pin(slot, cw_secret_str(old_pin), cw_secret_str(new_pin));
	unsigned long ckr = rc == 0 ? 0 : cw_p11_last_ckr();
	s->p11->fresh = 0;
	if (rc == 0) {
		cw_result_set(r, CW_CODE_PIN_CHANGED);
	} else if (logged_in && ckr != CKR_PIN_INCORRECT && ckr != CKR_PIN_LOCKED) {
		/* The current PIN was taken: the change itself failed, and no try was counted for it. */
		enum cw_code code = cw_p11_failure_code(s, ckr, CW_CODE_PIN_CHANGE_FAILED);
		if (code == CW_CODE_PIN_CHANGE_FAILED && (ckr == CKR_PIN_LEN_RANGE || ckr == CKR_PIN_INVALID))
			code = CW_CODE_PIN_NOT_ALLOWED; /* the new PIN does not fit the card */
		cw_result_set(r, code);
		cw_result_add(r, "ckr", "0x%lX", ckr);
	} else {
		enum cw_code code = cw_p11_failure_code(s, ckr, CW_CODE_PIN_INCORRECT);
		if (ckr == CKR_PIN_LOCKED)
			code = CW_CODE_PIN_LOCKED;
		cw_p11_after_refusal(s, &code, r);
		cw_result_set(r, code);
		cw_result_add(r, "ckr", "0x%lX", ckr);
	}
	refresh_flags(s, r);
	cw_p11_forget_pin(s);
}
