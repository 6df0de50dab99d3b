/* helper.c — the helper process's loop: one request in, one answer out, secrets wiped after each. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cw/checkdef.h"
#include "cw/certstore.h"
#include "cw/helper.h"
#include "cw/i18n.h"
#include "cw/probe.h"
#include "cw/stamp.h"
#include "cw/text.h"

struct helper {
	int fd;
	struct cw_probe_session session;
	struct cw_secret *secret[CW_SECRET_SLOTS];
	struct cw_card_profile *profiles; /* the latest request's (CW_PROFILE_MAX) */
	int quit;
};

void cw_p11_forget_pin(struct cw_probe_session *s);

/* What every request brings: where to look, the profiles, the policy (the helper keeps no wizard file). */
static void take_request(struct helper *h, const struct cw_request *q)
{
	struct cw_probe_session *s = &h->session;
	cw_copy(s->reader_wanted, sizeof(s->reader_wanted), q->reader);
	cw_copy(s->token_wanted, sizeof(s->token_wanted), q->token);
	cw_copy(s->module, sizeof(s->module), q->module);
	cw_copy(s->signer, sizeof(s->signer), q->signer);
	s->profiles = h->profiles;
	s->nprofiles = q->nprofiles < CW_PROFILE_MAX ? q->nprofiles : CW_PROFILE_MAX;
	s->policy = q->policy; /* set = 0 when none came: every PIN operation is then refused */
	s->policy.confirmed_final = s->policy.set && (q->flags & CW_REQ_ALLOW_FINAL_TRY) != 0;
}

static void op_check(struct helper *h, const struct cw_request *q, struct cw_result *r)
{
	struct cw_probe_session *s = &h->session;
	take_request(h, q);
	s->pin = h->secret[CW_SECRET_PIN];
	s->cert_memory = q->flags & CW_REQ_NO_MEMORY  ? CW_CERTSTORE_READ_ONLY
			 : q->flags & CW_REQ_IMPORTED ? CW_CERTSTORE_IMPORTED
						      : CW_CERTSTORE_REMEMBER;
	/* Notes come back in the language the front end shows now. */
	cw_i18n_switch(q->flags & CW_REQ_LANG_ZH_TW ? CW_LANG_ZH_TW : CW_LANG_EN);
	cw_probe_fn probe = cw_probe_for(q->check);
	cw_result_init(r, q->check);
	if (probe)
		probe(s, r);
	s->pin = NULL;
}

/* Actions need the card's token in this helper: bring it up as the checks would. */
static int ensure_token(struct helper *h, const struct cw_request *q, struct cw_result *r)
{
	static const enum cw_check chain[] = {CW_CHECK_SERVICE, CW_CHECK_READER, CW_CHECK_CARD, CW_CHECK_MODULE, CW_CHECK_TOKEN};
	struct cw_probe_session *s = &h->session;
	take_request(h, q);
	if (cw_probe_has_token(s))
		return 1;
	/* A software token needs no pcscd, reader or card (the module check has no prerequisite): the
	 * chain goes on past their failures, and the first one is the answer if no token comes of it.
	 * A silent or pulled card stops it: no module goes near such a card. */
	struct cw_result first;
	int failed = 0;
	for (size_t i = 0; i < sizeof(chain) / sizeof(chain[0]); i++) {
		struct cw_result step;
		cw_result_init(&step, chain[i]);
		cw_probe_for(chain[i])(s, &step);
		if (step.status != CW_STATUS_FAIL || step.code == CW_CODE_PIN_LOCKED)
			continue;
		if (!failed++)
			first = step;
		if (step.code == CW_CODE_CARD_MUTE || step.code == CW_CODE_CARD_REMOVED || chain[i] == CW_CHECK_MODULE ||
		    chain[i] == CW_CHECK_TOKEN) {
			*r = step.code == CW_CODE_CARD_MUTE || step.code == CW_CODE_CARD_REMOVED ? step : first;
			return 0;
		}
	}
	if (failed && !cw_probe_has_token(s)) {
		*r = first;
		return 0;
	}
	return 1;
}

/* A change or unblock the request's own policy refuses (no policy, or an official/issuer profile)
 * is refused before the card is even looked at; the card's own profile is checked at the act. */
static int refused_up_front(const struct cw_request *q, enum cw_card_act act, struct cw_result *r)
{
	struct cw_card_policy p = q->policy;
	p.confirmed_final = 1;
	if (cw_policy_decide(&p, act, NULL, NULL) != CW_CODE_REFUSED_BY_PROFILE)
		return 0;
	cw_result_set(r, CW_CODE_REFUSED_BY_PROFILE);
	cw_result_add(r, "guard", "%s", cw_card_act_id(act));
	cw_result_add(r, "profile", "%s", p.set ? p.profile : "none");
	return 1;
}

static void op_unlock(struct helper *h, const struct cw_request *q, struct cw_result *r)
{
	cw_result_init(r, CW_CHECK_PIN);
	if (!refused_up_front(q, CW_ACT_UNBLOCK, r) && ensure_token(h, q, r))
		cw_op_unlock(&h->session, h->secret[CW_SECRET_PUK], h->secret[CW_SECRET_NEW_PIN], r);
}

static void op_change_pin(struct helper *h, const struct cw_request *q, struct cw_result *r)
{
	cw_result_init(r, CW_CHECK_PIN);
	if (!refused_up_front(q, CW_ACT_CHANGE, r) && ensure_token(h, q, r))
		cw_op_change_pin(&h->session, h->secret[CW_SECRET_PIN], h->secret[CW_SECRET_NEW_PIN], r);
}

static void op_export(struct helper *h, const struct cw_request *q, struct cw_result *r)
{
	cw_result_init(r, CW_CHECK_SIGN_CERT);
	if (ensure_token(h, q, r))
		cw_op_export(&h->session, q->path, r);
}

/* The direct card probe (after another helper was killed): PC/SC only, never the module. */
static void op_card_probe(struct helper *h, const struct cw_request *q, struct cw_result *r)
{
	cw_copy(h->session.reader_wanted, sizeof(h->session.reader_wanted), q->reader);
	cw_i18n_switch(q->flags & CW_REQ_LANG_ZH_TW ? CW_LANG_ZH_TW : CW_LANG_EN);
	cw_result_init(r, q->check == CW_CHECK_SERVICE ? CW_CHECK_SERVICE : CW_CHECK_CARD);
	cw_probe_card_direct(&h->session, q->check == CW_CHECK_SERVICE ? 0 : 1, r);
}

static void op_quit(struct helper *h, const struct cw_request *q, struct cw_result *r)
{
	(void)q;
	h->quit = 1;
	cw_result_set(r, CW_CODE_OK);
}

typedef void (*op_fn)(struct helper *, const struct cw_request *, struct cw_result *);

static const op_fn ops[CW_OP_COUNT] = {
	[CW_OP_CHECK] = op_check,
	[CW_OP_QUIT] = op_quit,
	[CW_OP_UNLOCK] = op_unlock,
	[CW_OP_CHANGE_PIN] = op_change_pin,
	[CW_OP_EXPORT] = op_export,
	[CW_OP_CARD_PROBE] = op_card_probe,
};

static void answer(struct helper *h, const struct cw_result *r)
{
	static uint8_t frame[CW_FRAME_MAX];
	int len = cw_proto_encode_result(r, frame, sizeof(frame));
	if (len < 0 || cw_proto_send(h->fd, frame, (size_t)len) < 0)
		h->quit = 1;
}

int cw_helper_main(int fd)
{
	static uint8_t body[CW_FRAME_MAX];
	struct helper h = {.fd = fd};
	cw_secret_no_dumps();
	signal(SIGPIPE, SIG_IGN);
	cw_probe_session_init(&h.session);
	for (int i = 0; i < CW_SECRET_SLOTS; i++)
		if (!(h.secret[i] = cw_secret_new()))
			return 1;
	if (!(h.profiles = calloc(CW_PROFILE_MAX, sizeof(*h.profiles))))
		return 1;
	while (!h.quit) {
		long n = cw_proto_recv(fd, body, sizeof(body));
		if (n <= 0)
			break;
		cw_stamp("request");
		struct cw_request q = {.profiles = h.profiles};
		memcpy(q.secret, h.secret, sizeof(q.secret));
		int bad = cw_proto_decode_request(body, (size_t)n, &q) < 0;
		cw_wipe(body, (size_t)n); /* the frame may have held a PIN */
		struct cw_result r;
		cw_result_init(&r, bad ? CW_CHECK_OS : q.check);
		if (bad || !ops[q.op])
			cw_result_note(&r, "%s", bad ? "malformed request" : "operation not available in this version");
		else
			ops[q.op](&h, &q, &r);
		int held_pin = cw_secret_len(h.secret[CW_SECRET_PIN]) || cw_secret_len(h.secret[CW_SECRET_PUK]) ||
			       cw_secret_len(h.secret[CW_SECRET_NEW_PIN]);
		for (int i = 0; i < CW_SECRET_SLOTS; i++)
			cw_secret_clear(h.secret[i]);
		/* The PIN-carrying checks are one sequence: the login lasts through it (one VERIFY,
		 * not three) and ends where the check table says, or with any action — then libp11
		 * forgets its copy of the PIN with the released slots. */
		if (held_pin && (q.op != CW_OP_CHECK || cw_pin_sequence_ends(q.check, r.status)))
			cw_p11_forget_pin(&h.session);
		answer(&h, &r);
	}
	cw_probe_session_close(&h.session);
	for (int i = 0; i < CW_SECRET_SLOTS; i++)
		cw_secret_free(h.secret[i]);
	free(h.profiles);
	return 0;
}
