/* policy.h — the card policy: what may be sent to a card now; one function for the engine and the helper (doc/DESIGN.md). */
#ifndef CW_POLICY_H
#define CW_POLICY_H

#include <stddef.h>

#include "cw/charset.h"
#include "cw/codes.h"

/* How a locked card is unlocked (DESIGN.md §5): MOICA's official routes, the issuer, or PKCS#11 with a PUK.
 * The order is the strictness: a lower value allows less. */
#define CW_UNLOCKS(X) X(OFFICIAL, "official") X(ISSUER, "issuer") X(PKCS11, "pkcs11")
enum cw_unlock {
#define CW_UNLOCK_ENUM(e, s) CW_UNLOCK_##e,
	CW_UNLOCKS(CW_UNLOCK_ENUM)
#undef CW_UNLOCK_ENUM
	CW_UNLOCK_COUNT
};

/* Length and characters of a PIN, PUK or user code. */
struct cw_secret_rule {
	int set;             /* the profile gives this rule */
	int from_token;      /* lengths come from the token (PKCS#11 ulMin/MaxPinLen) */
	int min, max;        /* 0 when not given */
	enum cw_charset charset;
	int case_sensitive;
};

/* What may be asked of a card. */
#define CW_CARD_ACTS(X) X(VERIFY, "verify") X(CHANGE, "change-pin") X(UNBLOCK, "unblock")
enum cw_card_act {
#define CW_CARD_ACT_ENUM(e, s) CW_ACT_##e,
	CW_CARD_ACTS(CW_CARD_ACT_ENUM)
#undef CW_CARD_ACT_ENUM
	CW_ACT_COUNT
};

/* The policy a request carries to the helper: the profile's unlock kind and rules, and whether the
 * user confirmed spending a last (or unknown) try for this very request. */
struct cw_card_policy {
	int set;                     /* 0: no policy came — the helper then refuses every PIN operation */
	char profile[16];            /* the profile id it came from */
	enum cw_unlock unlock;
	struct cw_secret_rule pin, puk;
	int confirmed_final;
};

/* A PIN or PUK try counter as the token shows it, read just before the act. */
struct cw_counter {
	int known;                   /* the token exposes this counter (else: ask before every try) */
	int locked, final_try, count_low;
	int tries_left;              /* -1 when unknown */
	/* What a vendor's own return code said after the last wrong PIN (HiCOS: 0x80000001 one try
	 * left, 0xA4 locked; doc/FIELD-NOTES.md). It may only tighten: it adds a lock or a last try,
	 * it never makes an unknown counter known nor takes a flag away. */
	int vendor_final_try, vendor_locked;
};

/*
 * May act be sent now? CW_CODE_OK; pin-locked / puk-locked (never sent); refused-by-profile (the
 * profile's unlock is official or issuer: no change, no unblock; or no policy at all); or
 * refused-final-try (the last try, or a counter that is unknown, without a confirmation).
 * puk may be NULL for acts that do not use it.
 */
enum cw_code cw_policy_decide(const struct cw_card_policy *p, enum cw_card_act act, const struct cw_counter *pin,
			      const struct cw_counter *puk);
/* Does this counter need a confirmation before a try (last try, or unknown)? */
int cw_counter_needs_confirm(const struct cw_counter *c);
/* The stricter of two policies into out (unlock kind, the narrower lengths and characters); a
 * confirmation stays only when a carried it. */
void cw_policy_stricter(const struct cw_card_policy *a, const struct cw_card_policy *b, struct cw_card_policy *out);
/* Does the card ignore the PIN's case (a profile's case_sensitive: false)? Then a PIN that failed
 * fails in any case, and is not sent again in another. */
int cw_policy_pin_folds_case(const struct cw_card_policy *p);
/* The policy of a profile's rules (confirmed_final 0). */
void cw_policy_of(const char *profile, enum cw_unlock unlock, const struct cw_secret_rule *pin,
		  const struct cw_secret_rule *puk, struct cw_card_policy *out);

const char *cw_unlock_id(enum cw_unlock u);
const char *cw_card_act_id(enum cw_card_act a);

/* ---- vendor modules ---- */

/* Which PKCS#11 module a card needs (a profile's `module:`): its vendor's (MOICA, CHT: HiCOS) or OpenSC. */
#define CW_MODULE_KINDS(X) X(VENDOR, "vendor") X(OPENSC, "opensc")
enum cw_module_kind {
#define CW_MODULE_ENUM(e, s) CW_MODULE_##e,
	CW_MODULE_KINDS(CW_MODULE_ENUM)
#undef CW_MODULE_ENUM
	CW_MODULE_KIND_COUNT
};

/* Is this token HiCOS's (MOICA and CHT cards through the vendor module)? The manufacturer as the
 * token gives it (blank-padded, any case: "Chunghwa TeleCom" and "Chunghwa Telecom" are both seen). */
int cw_token_is_hicos(const char *manufacturer, size_t len);
/* A C_Login return code of the HiCOS module (doc/FIELD-NOTES.md): 1 and the result code and tries
 * left (-1 unknown) when rv is one of its codes, 0 when it is not. */
int cw_hicos_login_rv(unsigned long rv, enum cw_code *code, int *tries_left);

/* ---- the card profiles the helper is given with each request (it never reads the wizard file) ---- */

#define CW_PROFILE_ATRS 64
#define CW_PROFILE_MAX 64
struct cw_card_profile {
	struct cw_card_policy policy; /* id, unlock, rules */
	char name_zh[96], name_en[96];
	char historical[32];          /* text the historical bytes contain, "" for none */
	int natr;
	unsigned char atr_len[CW_PROFILE_ATRS];
	unsigned char atr[CW_PROFILE_ATRS][33];
	int generic;                  /* the fallback for cards no other profile claims */
	int bridge_expected;          /* the profile's `bridge: expected`: the signer check looks for the
	                               * default bridge even where the site declares none (a warning then) */
	enum cw_module_kind module;   /* the module the card needs */
	char module_path[256];        /* the site's path or glob for it, "" for the default search */
	int tries;                    /* wrong PINs before the card locks, 0 when unknown */
};

/* The profile of a card: an exact ATR, then historical bytes containing a profile's text, else
 * the generic one; -1 when the list has none. hist NULL: taken from the ATR. */
int cw_card_profile_match(const struct cw_card_profile *v, int n, const unsigned char *atr, size_t len,
			  const unsigned char *hist, size_t nhist);

#endif
