/* probe.h — the probes: each talks to one part of the world and fills one check result. */
#ifndef CW_PROBE_H
#define CW_PROBE_H

#include "cw/pinmemory.h"
#include "cw/policy.h"
#include "cw/result.h"
#include "cw/secret.h"

#define CW_READERS_MAX 16
#define CW_READER_NAME 128
#define CW_CERTS_MAX 8

struct cw_p11;               /* the loaded module and token (p11.c) */
struct cw_cert_summary;

/* What the probes share during one run: inputs, and what earlier probes found. */
struct cw_probe_session {
	/* inputs */
	char reader_wanted[CW_READER_NAME]; /* --reader (or the reader the user picked), "" for any */
	char token_wanted[64];              /* --token LABEL, "" for any */
	char module[512];                   /* --module, "" for the default choice */
	char signer[80];                    /* the site's signing bridge "host:port", "" for none */
	const struct cw_card_profile *profiles; /* the wizard file's profiles, with each request */
	int nprofiles;
	struct cw_card_policy policy;       /* the request's policy (confirmation included) */
	const struct cw_secret *pin;        /* NULL or empty: no PIN given */
	int cert_memory;                    /* enum cw_certstore_mode: what cert-import may write */
	/* PC/SC */
	long pcsc_ctx;                      /* SCARDCONTEXT; valid when have_ctx */
	int have_ctx;
	int nreaders;
	char readers[CW_READERS_MAX][CW_READER_NAME];
	int reader_index;                   /* the reader the card checks use, -1 when none */
	int ncards;                         /* readers holding a card (pcsc.c's scan), in list order: */
	int card_reader[CW_READERS_MAX];    /* their index in readers[] */
	char card_profile[CW_READERS_MAX][16]; /* the profile each card's ATR matches, "" for none */
	int card_special[CW_READERS_MAX];   /* that profile is not the generic fallback */
	/* card */
	unsigned char atr[33];
	size_t atr_len;
	struct cw_atr_listing {             /* smartcard_list.txt's answer, read once per card (ATR) */
		unsigned char atr[33];
		size_t atr_len;                 /* 0: not looked up yet */
		int found;
		char name[CW_DETAIL_VALUE], path[256];
	} atr_listing;
	char profile[16];                   /* moica, cht, generic: the profile the card itself matches */
	int profile_from_token;             /* ... as its token showed it (HiCOS), not its ATR */
	int applet_known;                   /* the card answered a known application's SELECT (PIV) */
	int card_answered;                  /* the card check saw a real answer to its first command */
	struct cw_card_policy card_policy;  /* that profile's policy (set = 0 until a card is seen) */
	int pin_min, pin_max;               /* the card's PIN lengths: profile, else token; 0 = unknown */
	/* module and token */
	struct cw_p11 *p11;
	char module_path[512];              /* the module actually chosen */
	int module_tied;                    /* its slots are PC/SC readers (OpenSC), not software tokens */
	char token_serial[64];
	int pin_verified;                   /* the PIN of this run was accepted */
	int pin_failed;                     /* the last PIN tried was refused (crypt and sign wait) */
	struct cw_pin_memory *failed_pins;  /* the PINs this token refused (salted hashes): never resent */
	/* certificates read from the token */
	int ncerts;
	struct cw_cert_summary *certs;      /* CW_CERTS_MAX entries */
	char cert_ids[CW_CERTS_MAX][64];
	int sign_idx, enc_idx;              /* -1 when none */
	int nbad;                           /* certificates the token holds that cannot be read */
	char bad_ids[CW_CERTS_MAX][64];
};

void cw_probe_session_init(struct cw_probe_session *s);
void cw_probe_session_close(struct cw_probe_session *s);

/* One function per check (the X-macro order of checks.h). */
void cw_probe_os(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_service(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_reader(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_driver(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_card(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_module(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_token(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_pin(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_crypt(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_sign(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_enc_cert(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_sign_cert(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_signer(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_cert_import(struct cw_probe_session *s, struct cw_result *r);

/* Has this session found the card's token (module and token checks passed)? */
int cw_probe_has_token(const struct cw_probe_session *s);

/* Actions (a result with an action code): unlock a generic card with its PUK, change the PIN,
 * export the certificates as PEM to a new file. The token must have been found (token check). */
void cw_op_unlock(struct cw_probe_session *s, const struct cw_secret *puk, const struct cw_secret *new_pin,
		  struct cw_result *r);
void cw_op_change_pin(struct cw_probe_session *s, const struct cw_secret *old_pin, const struct cw_secret *new_pin,
		      struct cw_result *r);
void cw_op_export(struct cw_probe_session *s, const char *path, struct cw_result *r);

/* The probe of a check (NULL for none). */
typedef void (*cw_probe_fn)(struct cw_probe_session *, struct cw_result *);
cw_probe_fn cw_probe_for(enum cw_check c);

/* Facts about pcscd from the file system and process table (for the classifier). */
struct cw_service_facts;
void cw_sys_service_facts(struct cw_service_facts *f);

/* The direct card probe, PC/SC only: stage 0 establishes a context and finds the reader
 * (ok, or service-lost, card-removed when the reader is gone); stage 1 also reads the card's
 * state, connects and sends the card check's harmless first command (ok when any answer
 * comes, else card-mute, card-removed, no-card, service-lost). Hangs where the card or pcscd
 * hangs: run it in a helper with a deadline. */
void cw_probe_card_direct(struct cw_probe_session *s, int stage, struct cw_result *r);

/* After a card or module failure: is the card still there, is pcscd? Gives card-removed,
 * service-lost, or ok when neither explains it. */
enum cw_code cw_pcsc_explain_failure(struct cw_probe_session *s);

#endif
