/* proto.c — libFuzzer target: the helper protocol's decoders (requests with secret buffers, answers) and framing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cw/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cw_secret *secret[CW_SECRET_SLOTS];
static uint8_t frame[CW_FRAME_MAX];

static uint8_t again_frame[CW_FRAME_MAX];

/* Field by field would miss a field added later: a decoded value must encode to the same bytes again. */
static void same_frames(const uint8_t *a, int na, const uint8_t *b, int nb)
{
	if (na != nb || memcmp(a, b, (size_t)na) != 0)
		abort();
}

/* The helper's side: decode into the locked buffers; what decodes must encode and decode to the same. */
static void request(const uint8_t *data, size_t size)
{
	struct cw_request q = {0}, again = {0};
	memcpy(q.secret, secret, sizeof(secret));
	if (cw_proto_decode_request(data, size, &q) < 0) {
		for (int i = 0; i < CW_SECRET_SLOTS; i++)
			if (cw_secret_len(secret[i]) > CW_SECRET_MAX)
				abort();
		return; /* the helper clears every secret buffer after any request, refused or not */
	}
	if (q.op <= CW_OP_NONE || q.op >= CW_OP_COUNT || q.check >= CW_CHECK_COUNT)
		abort();
	char kept[CW_SECRET_SLOTS][CW_SECRET_MAX + 1];
	size_t kept_len[CW_SECRET_SLOTS];
	for (int i = 0; i < CW_SECRET_SLOTS; i++) {
		kept_len[i] = cw_secret_len(secret[i]);
		memcpy(kept[i], cw_secret_str(secret[i]), kept_len[i]);
	}
	int n = cw_proto_encode_request(&q, frame, sizeof(frame));
	if (n < 4)
		abort();
	memcpy(again.secret, secret, sizeof(secret));
	if (cw_proto_decode_request(frame + 4, (size_t)n - 4, &again) < 0)
		abort();
	for (int i = 0; i < CW_SECRET_SLOTS; i++)
		if (cw_secret_len(secret[i]) != kept_len[i] || memcmp(kept[i], cw_secret_str(secret[i]), kept_len[i]))
			abort();
	int m = cw_proto_encode_request(&again, again_frame, sizeof(again_frame));
	same_frames(frame, n, again_frame, m);
	cw_wipe(again_frame, sizeof(again_frame));
	/* Without buffers, secrets are dropped, not kept anywhere. */
	struct cw_request none = {0};
	if (cw_proto_decode_request(data, size, &none) < 0)
		abort();
	cw_wipe(kept, sizeof(kept));
	cw_wipe(frame, (size_t)n);
}

/* The UI's side: an answer from a helper that may be a crashed or hostile module's process. */
static void result(const uint8_t *data, size_t size)
{
	static struct cw_result r, again;
	if (cw_proto_decode_result(data, size, &r) < 0)
		return;
	if (r.check >= CW_CHECK_COUNT || r.code >= CW_CODE_COUNT || r.ndetail > CW_DETAIL_MAX)
		abort();
	int n = cw_proto_encode_result(&r, frame, sizeof(frame));
	if (n < 4 || cw_proto_decode_result(frame + 4, (size_t)n - 4, &again) < 0)
		abort();
	same_frames(frame, n, again_frame, cw_proto_encode_result(&again, again_frame, sizeof(again_frame)));
}

/* The same bytes as a stream off the helper's socket: frames, until EOF or a bad length. */
static void stream(const uint8_t *data, size_t size)
{
	int sv[2];
	if (size > 60000 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return;
	int buf = 256 * 1024;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	if (cw_proto_send(sv[0], data, size) < 0)
		abort();
	close(sv[0]);
	static uint8_t body[CW_FRAME_MAX];
	for (int k = 0; k < 64; k++) {
		long n = cw_proto_recv(sv[1], body, sizeof(body));
		if (n <= 0)
			break;
		if (n > (long)sizeof(body))
			abort();
		struct cw_request q = {0};
		memcpy(q.secret, secret, sizeof(secret));
		cw_proto_decode_request(body, (size_t)n, &q);
		struct cw_result r;
		cw_proto_decode_result(body, (size_t)n, &r);
	}
	close(sv[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!secret[0])
		for (int i = 0; i < CW_SECRET_SLOTS; i++)
			if (!(secret[i] = cw_secret_new()))
				abort();
	request(data, size);
	result(data, size);
	stream(data, size);
	for (int i = 0; i < CW_SECRET_SLOTS; i++)
		cw_secret_clear(secret[i]);
	return 0;
}
