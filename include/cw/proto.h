/* proto.h — the request/answer protocol between cardwiz and its helper process (framed TLV). */
#ifndef CW_PROTO_H
#define CW_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "cw/policy.h"
#include "cw/result.h"
#include "cw/secret.h"

#define CW_FRAME_MAX 65536
#define CW_PATH_MAX 512

/* CW_OP_CARD_PROBE: ask the card directly over PC/SC, no module (after a killed or crashed
 * helper: whose fault was it?); its check names the stage: CW_CHECK_SERVICE only establishes a
 * context and finds the reader, CW_CHECK_CARD also connects and sends one harmless command. */
enum cw_op { CW_OP_NONE, CW_OP_CHECK, CW_OP_QUIT, CW_OP_UNLOCK, CW_OP_CHANGE_PIN, CW_OP_EXPORT, CW_OP_CARD_PROBE, CW_OP_COUNT };

/* CW_REQ_ALLOW_FINAL_TRY: the user confirmed spending a last (or unknown) try for this request
 * (the helper copies it into the policy's confirmed_final; it serves this request only). */
enum { CW_REQ_ALLOW_FINAL_TRY = 1u << 0, CW_REQ_LANG_ZH_TW = 1u << 1 };
/* cert-import: the person confirmed the import (a new card may be remembered); the kiosk: remember nothing. */
enum { CW_REQ_IMPORTED = 1u << 8, CW_REQ_NO_MEMORY = 1u << 9 };

/* Which secret a request carries. */
enum cw_secret_slot { CW_SECRET_PIN, CW_SECRET_PUK, CW_SECRET_NEW_PIN, CW_SECRET_SLOTS };

struct cw_request {
	enum cw_op op;
	enum cw_check check;
	unsigned flags;
	char reader[128];          /* --reader or the reader the user picked, "" for the probe's choice */
	char token[64];            /* --token LABEL: the token of a module not tied to readers, "" for the first */
	char module[CW_PATH_MAX];  /* --module, "" for the default choice */
	char signer[80];           /* the site's signing bridge "host:port", "" for none */
	char path[CW_PATH_MAX];    /* export target */
	/* The card policy the engine decided (doc/DESIGN.md): the helper enforces the stricter of it
	 * and the profile of the card it sees itself, matched in the profiles below. */
	struct cw_card_policy policy;
	/* The wizard file's card profiles (the helper never reads the wizard file). Encoding reads
	 * nprofiles entries; decoding writes into the caller's buffer of CW_PROFILE_MAX (NULL: dropped). */
	struct cw_card_profile *profiles;
	int nprofiles;
	/* Secrets travel in the same frame and are decoded straight into locked buffers. */
	struct cw_secret *secret[CW_SECRET_SLOTS];
};

/* Encode into buf (size CW_FRAME_MAX); returns the frame length or -1. The caller wipes buf
 * after sending when it carried a secret. */
int cw_proto_encode_request(const struct cw_request *q, uint8_t *buf, size_t size);
int cw_proto_encode_result(const struct cw_result *r, uint8_t *buf, size_t size);
/* Decode a frame body (without the length prefix). Secrets go into q->secret[i] when that
 * slot has a buffer, else they are dropped. Returns 0, or -1 for a malformed body. */
int cw_proto_decode_request(const uint8_t *body, size_t len, struct cw_request *q);
int cw_proto_decode_result(const uint8_t *body, size_t len, struct cw_result *r);

/* Frames over a stream socket: 4-byte big-endian length, then the body. */
int cw_proto_send(int fd, const uint8_t *frame, size_t len);
/* Read one frame body into buf; returns its length, 0 on EOF, -1 on error or oversize. */
long cw_proto_recv(int fd, uint8_t *buf, size_t size);

#endif
