/* hicos-p11.c — a HiCOS-like PKCS#11 test module: SoftHSM2 underneath, HiCOS's documented face on top.
 *
 * It models documented behaviour, NOT the real HiCOS module (whose Linux build nobody here has run).
 * What it presents comes from doc/FIELD-NOTES.md ("MOICA citizen cards"):
 *  - token label "HiCOS PKI Smart Card", manufacturer "Chunghwa Telecom Co., Ltd." padded with
 *    spaces (PKCS#11 blank-padded text), a 16-digit serial, RSA-2048 keys and certificates whose
 *    CKA_ID is "SIGN" and "KEYX" (tests/hicos/hicos-token creates the SoftHSM2 token that way);
 *  - a PIN of 6–8 characters; 3 wrong PINs lock the card (SoftHSM2 never locks: the wrong-PIN
 *    count lives in a state file, so it survives processes as a card's counter does);
 *  - the vendor return codes of the signing bridge's error table: a wrong PIN returns 0x80000002
 *    or 0x80000001 (2 or 1 tries left), 0xA0 otherwise; 0xA2 a PIN of the wrong length; 0xA4 locked.
 * Whether the real module sets CKF_USER_PIN_COUNT_LOW / _FINAL_TRY / _LOCKED is unknown: both ways
 * are modelled (HICOS_SHIM_FLAGS=0 clears them all).
 * Its one slot is described as the test bed's virtual reader, so that the card's ATR profile and the
 * token agree, as OpenSC's slots do.
 *
 * Environment:
 *   HICOS_SHIM_TARGET  SoftHSM2's module (default $TESTBED_SOFTHSM_MODULE)
 *   HICOS_SHIM_STATE   file holding the wrong-PIN count (default: kept in memory only)
 *   HICOS_SHIM_LOG     call log: one line per C_ function called (never a PIN)
 *   HICOS_SHIM_FLAGS   1 (default): the CKF_USER_PIN_* flags follow the count; 0: never set
 *   HICOS_SHIM_READER  the slot description (default "Virtual PCD 00 00")
 *   HICOS_SHIM_LABEL   the SoftHSM2 token to present (default "HiCOS PKI Smart Card")
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TRIES 3
#define OUR_SLOT 1
#define RV_LEFT_2 0x80000002UL
#define RV_LEFT_1 0x80000001UL
#define RV_WRONG 0xA0UL
#define RV_LENGTH 0xA2UL
#define RV_LOCKED 0xA4UL

static CK_FUNCTION_LIST_PTR t; /* SoftHSM2's list */
static void *t_dl;
static CK_SLOT_ID t_slot;
static int memory_count;

static const char *env(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

static void logf_call(const char *name, const char *extra)
{
	const char *path = getenv("HICOS_SHIM_LOG");
	if (!path || !*path)
		return;
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	char line[160];
	int n = snprintf(line, sizeof(line), "%s%s%s\n", name, extra ? " " : "", extra ? extra : "");
	if (n > 0 && write(fd, line, (size_t)n) < 0)
		n = 0;
	close(fd);
}

static int wrong_count(void)
{
	const char *path = getenv("HICOS_SHIM_STATE");
	if (!path || !*path)
		return memory_count;
	FILE *f = fopen(path, "r");
	int n = 0;
	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = 0;
		fclose(f);
	}
	return n < 0 ? 0 : n > TRIES ? TRIES : n;
}

static void set_wrong_count(int n)
{
	const char *path = getenv("HICOS_SHIM_STATE");
	memory_count = n;
	if (!path || !*path)
		return;
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%d\n", n);
		fclose(f);
	}
}

static void pad(unsigned char *field, size_t size, const char *text)
{
	size_t n = strlen(text);
	memset(field, ' ', size);
	memcpy(field, text, n < size ? n : size);
}

/* ---- plain forwarders: logged, then SoftHSM2's; sessions and objects pass through unchanged ---- */

#define FWD(name, params, args)                          \
	static CK_RV w_##name params                     \
	{                                                \
		logf_call(#name, NULL);                  \
		return t ? t->name args : CKR_CRYPTOKI_NOT_INITIALIZED; \
	}
#define FORWARDED(X)                                                                                          \
	X(C_CloseSession, (CK_SESSION_HANDLE s), (s))                                                         \
	X(C_GetOperationState, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG_PTR b), (s, a, b))               \
	X(C_SetOperationState, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_OBJECT_HANDLE c,           \
				CK_OBJECT_HANDLE d), (s, a, b, c, d))                                         \
	X(C_Logout, (CK_SESSION_HANDLE s), (s))                                                               \
	X(C_CreateObject, (CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR a, CK_ULONG b, CK_OBJECT_HANDLE_PTR c),      \
	  (s, a, b, c))                                                                                       \
	X(C_CopyObject, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR a, CK_ULONG b,             \
			 CK_OBJECT_HANDLE_PTR c), (s, o, a, b, c))                                            \
	X(C_DestroyObject, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o), (s, o))                                 \
	X(C_GetObjectSize, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ULONG_PTR a), (s, o, a))              \
	X(C_GetAttributeValue, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR a, CK_ULONG b),     \
	  (s, o, a, b))                                                                                       \
	X(C_SetAttributeValue, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR a, CK_ULONG b),     \
	  (s, o, a, b))                                                                                       \
	X(C_FindObjectsInit, (CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR a, CK_ULONG b), (s, a, b))                \
	X(C_FindObjects, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE_PTR a, CK_ULONG b, CK_ULONG_PTR c),           \
	  (s, a, b, c))                                                                                       \
	X(C_FindObjectsFinal, (CK_SESSION_HANDLE s), (s))                                                     \
	X(C_EncryptInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))            \
	X(C_Encrypt, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG_PTR d),         \
	  (s, a, b, c, d))                                                                                    \
	X(C_EncryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG_PTR d),   \
	  (s, a, b, c, d))                                                                                    \
	X(C_EncryptFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG_PTR b), (s, a, b))                    \
	X(C_DecryptInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))            \
	X(C_Decrypt, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG_PTR d),         \
	  (s, a, b, c, d))                                                                                    \
	X(C_DecryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG_PTR d),   \
	  (s, a, b, c, d))                                                                                    \
	X(C_DecryptFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG_PTR b), (s, a, b))                    \
	X(C_DigestInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m), (s, m))                                    \
	X(C_Digest, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG_PTR d),          \
	  (s, a, b, c, d))                                                                                    \
	X(C_DigestUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b), (s, a, b))                        \
	X(C_DigestKey, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE k), (s, k))                                     \
	X(C_DigestFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG_PTR b), (s, a, b))                     \
	X(C_SignInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))               \
	X(C_Sign, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG_PTR d),            \
	  (s, a, b, c, d))                                                                                    \
	X(C_SignUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b), (s, a, b))                          \
	X(C_SignFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG_PTR b), (s, a, b))                       \
	X(C_SignRecoverInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))        \
	X(C_SignRecover, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG_PTR d),     \
	  (s, a, b, c, d))                                                                                    \
	X(C_VerifyInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))             \
	X(C_Verify, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG d),              \
	  (s, a, b, c, d))                                                                                    \
	X(C_VerifyUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b), (s, a, b))                        \
	X(C_VerifyFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b), (s, a, b))                         \
	X(C_VerifyRecoverInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))      \
	X(C_VerifyRecover, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c, CK_ULONG_PTR d),   \
	  (s, a, b, c, d))                                                                                    \
	X(C_DigestEncryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c,              \
				  CK_ULONG_PTR d), (s, a, b, c, d))                                           \
	X(C_DecryptDigestUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c,              \
				  CK_ULONG_PTR d), (s, a, b, c, d))                                           \
	X(C_SignEncryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c,                \
				CK_ULONG_PTR d), (s, a, b, c, d))                                             \
	X(C_DecryptVerifyUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b, CK_BYTE_PTR c,              \
				  CK_ULONG_PTR d), (s, a, b, c, d))                                           \
	X(C_GenerateKey, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR a, CK_ULONG b,            \
			  CK_OBJECT_HANDLE_PTR c), (s, m, a, b, c))                                           \
	X(C_GenerateKeyPair, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR a, CK_ULONG b,        \
			      CK_ATTRIBUTE_PTR c, CK_ULONG d, CK_OBJECT_HANDLE_PTR e, CK_OBJECT_HANDLE_PTR f), \
	  (s, m, a, b, c, d, e, f))                                                                           \
	X(C_WrapKey, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE a, CK_OBJECT_HANDLE b,        \
		      CK_BYTE_PTR c, CK_ULONG_PTR d), (s, m, a, b, c, d))                                     \
	X(C_UnwrapKey, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE a, CK_BYTE_PTR b,           \
			CK_ULONG c, CK_ATTRIBUTE_PTR d, CK_ULONG e, CK_OBJECT_HANDLE_PTR f), (s, m, a, b, c, d, e, f)) \
	X(C_DeriveKey, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE a, CK_ATTRIBUTE_PTR b,      \
			CK_ULONG c, CK_OBJECT_HANDLE_PTR d), (s, m, a, b, c, d))                              \
	X(C_SeedRandom, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b), (s, a, b))                          \
	X(C_GenerateRandom, (CK_SESSION_HANDLE s, CK_BYTE_PTR a, CK_ULONG b), (s, a, b))                      \
	X(C_GetFunctionStatus, (CK_SESSION_HANDLE s), (s))                                                    \
	X(C_CancelFunction, (CK_SESSION_HANDLE s), (s))
FORWARDED(FWD)

/* ---- the HiCOS face ---- */

static int our_slot(CK_SLOT_ID id) { return t && id == OUR_SLOT; }

/* The SoftHSM2 slot whose token carries the label to present. */
static CK_RV find_target_slot(void)
{
	CK_SLOT_ID ids[16];
	CK_ULONG n = 16;
	CK_RV rv = t->C_GetSlotList(CK_TRUE, ids, &n);
	if (rv != CKR_OK)
		return rv;
	unsigned char want[32];
	pad(want, sizeof(want), env("HICOS_SHIM_LABEL", "HiCOS PKI Smart Card"));
	for (CK_ULONG i = 0; i < n; i++) {
		CK_TOKEN_INFO info;
		if (t->C_GetTokenInfo(ids[i], &info) == CKR_OK && memcmp(info.label, want, sizeof(want)) == 0) {
			t_slot = ids[i];
			return CKR_OK;
		}
	}
	return CKR_GENERAL_ERROR;
}

static CK_RV w_C_Initialize(void *args)
{
	logf_call("C_Initialize", NULL);
	if (t)
		return CKR_CRYPTOKI_ALREADY_INITIALIZED;
	const char *target = env("HICOS_SHIM_TARGET", env("TESTBED_SOFTHSM_MODULE", "/usr/lib/softhsm/libsofthsm2.so"));
	t_dl = dlopen(target, RTLD_NOW | RTLD_LOCAL);
	CK_C_GetFunctionList get = t_dl ? (CK_C_GetFunctionList)dlsym(t_dl, "C_GetFunctionList") : NULL;
	CK_FUNCTION_LIST_PTR fl = NULL;
	if (!get || get(&fl) != CKR_OK || !fl)
		return CKR_GENERAL_ERROR;
	CK_RV rv = fl->C_Initialize(args);
	if (rv != CKR_OK)
		return rv;
	t = fl;
	if (find_target_slot() != CKR_OK) {
		t->C_Finalize(NULL);
		t = NULL;
		return CKR_GENERAL_ERROR;
	}
	return CKR_OK;
}

static CK_RV w_C_Finalize(void *reserved)
{
	logf_call("C_Finalize", NULL);
	if (!t)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	CK_RV rv = t->C_Finalize(reserved);
	t = NULL;
	return rv;
}

static CK_RV w_C_GetInfo(CK_INFO_PTR info)
{
	logf_call("C_GetInfo", NULL);
	if (!t)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	memset(info, 0, sizeof(*info));
	info->cryptokiVersion.major = 2;
	info->cryptokiVersion.minor = 20;
	pad(info->manufacturerID, sizeof(info->manufacturerID), "Chunghwa Telecom Co., Ltd.");
	pad(info->libraryDescription, sizeof(info->libraryDescription), "HiCOS-like test module (cardwiz)");
	info->libraryVersion.major = 1;
	return CKR_OK;
}

static CK_RV w_C_GetSlotList(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count)
{
	(void)present;
	logf_call("C_GetSlotList", NULL);
	if (!t)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	if (list && *count < 1) {
		*count = 1;
		return CKR_BUFFER_TOO_SMALL;
	}
	if (list)
		list[0] = OUR_SLOT;
	*count = 1;
	return CKR_OK;
}

static CK_RV w_C_GetSlotInfo(CK_SLOT_ID id, CK_SLOT_INFO_PTR info)
{
	logf_call("C_GetSlotInfo", NULL);
	if (!our_slot(id))
		return t ? CKR_SLOT_ID_INVALID : CKR_CRYPTOKI_NOT_INITIALIZED;
	memset(info, 0, sizeof(*info));
	pad(info->slotDescription, sizeof(info->slotDescription), env("HICOS_SHIM_READER", "Virtual PCD 00 00"));
	pad(info->manufacturerID, sizeof(info->manufacturerID), "Chunghwa Telecom Co., Ltd.");
	info->flags = CKF_TOKEN_PRESENT | CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
	return CKR_OK;
}

static CK_RV w_C_GetTokenInfo(CK_SLOT_ID id, CK_TOKEN_INFO_PTR info)
{
	logf_call("C_GetTokenInfo", NULL);
	if (!our_slot(id))
		return t ? CKR_SLOT_ID_INVALID : CKR_CRYPTOKI_NOT_INITIALIZED;
	CK_RV rv = t->C_GetTokenInfo(t_slot, info);
	if (rv != CKR_OK)
		return rv;
	pad(info->manufacturerID, sizeof(info->manufacturerID), "Chunghwa Telecom Co., Ltd.");
	pad(info->model, sizeof(info->model), "HiCOS");
	pad(info->serialNumber, sizeof(info->serialNumber), "0000000000000001");
	info->ulMinPinLen = 6;
	info->ulMaxPinLen = 8;
	info->flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED |
			 CKF_USER_PIN_TO_BE_CHANGED | CKF_SO_PIN_COUNT_LOW | CKF_SO_PIN_FINAL_TRY | CKF_SO_PIN_LOCKED);
	int wrong = wrong_count();
	if (strcmp(env("HICOS_SHIM_FLAGS", "1"), "0") != 0) {
		if (wrong > 0)
			info->flags |= CKF_USER_PIN_COUNT_LOW;
		if (wrong == TRIES - 1)
			info->flags |= CKF_USER_PIN_FINAL_TRY;
		if (wrong >= TRIES)
			info->flags |= CKF_USER_PIN_LOCKED;
	}
	return CKR_OK;
}

static CK_RV w_C_GetMechanismList(CK_SLOT_ID id, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count)
{
	logf_call("C_GetMechanismList", NULL);
	return our_slot(id) ? t->C_GetMechanismList(t_slot, list, count) : CKR_SLOT_ID_INVALID;
}

static CK_RV w_C_GetMechanismInfo(CK_SLOT_ID id, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info)
{
	logf_call("C_GetMechanismInfo", NULL);
	return our_slot(id) ? t->C_GetMechanismInfo(t_slot, type, info) : CKR_SLOT_ID_INVALID;
}

static CK_RV w_C_InitToken(CK_SLOT_ID id, CK_UTF8CHAR_PTR pin, CK_ULONG len, CK_UTF8CHAR_PTR label)
{
	(void)id, (void)pin, (void)len, (void)label;
	logf_call("C_InitToken", NULL);
	return CKR_FUNCTION_NOT_SUPPORTED; /* a citizen card is never initialised by its holder */
}

static CK_RV w_C_OpenSession(CK_SLOT_ID id, CK_FLAGS flags, void *app, CK_NOTIFY notify, CK_SESSION_HANDLE_PTR s)
{
	logf_call("C_OpenSession", NULL);
	return our_slot(id) ? t->C_OpenSession(t_slot, flags, app, notify, s) : CKR_SLOT_ID_INVALID;
}

static CK_RV w_C_CloseAllSessions(CK_SLOT_ID id)
{
	logf_call("C_CloseAllSessions", NULL);
	return our_slot(id) ? t->C_CloseAllSessions(t_slot) : CKR_SLOT_ID_INVALID;
}

static CK_RV w_C_GetSessionInfo(CK_SESSION_HANDLE s, CK_SESSION_INFO_PTR info)
{
	logf_call("C_GetSessionInfo", NULL);
	CK_RV rv = t ? t->C_GetSessionInfo(s, info) : CKR_CRYPTOKI_NOT_INITIALIZED;
	if (rv == CKR_OK)
		info->slotID = OUR_SLOT;
	return rv;
}

/* The PIN guard of the card: length first, then the lock, then the count with the vendor's codes. */
static CK_RV w_C_Login(CK_SESSION_HANDLE s, CK_USER_TYPE who, CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
	logf_call("C_Login", who == CKU_USER ? "user" : who == CKU_SO ? "so" : "context-specific");
	if (!t)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	if (who == CKU_SO)
		return CKR_FUNCTION_NOT_SUPPORTED;
	int wrong = wrong_count();
	if (wrong >= TRIES)
		return RV_LOCKED;
	if (pin && (len < 6 || len > 8))
		return RV_LENGTH;
	CK_RV rv = t->C_Login(s, who, pin, len);
	if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) {
		set_wrong_count(0);
		return rv;
	}
	if (rv != CKR_PIN_INCORRECT)
		return rv;
	set_wrong_count(++wrong);
	return wrong == 1 ? RV_LEFT_2 : wrong == 2 ? RV_LEFT_1 : RV_WRONG;
}

/* Logged, so that the log shows they never came; refused like the card's official-only PIN. */
static CK_RV w_C_InitPIN(CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
	(void)s, (void)pin, (void)len;
	logf_call("C_InitPIN", NULL);
	return CKR_FUNCTION_NOT_SUPPORTED;
}

static CK_RV w_C_SetPIN(CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR o, CK_ULONG ol, CK_UTF8CHAR_PTR n, CK_ULONG nl)
{
	(void)s, (void)o, (void)ol, (void)n, (void)nl;
	logf_call("C_SetPIN", NULL);
	return CKR_FUNCTION_NOT_SUPPORTED;
}

static CK_RV w_C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR slot, void *reserved)
{
	(void)flags, (void)slot, (void)reserved;
	logf_call("C_WaitForSlotEvent", NULL);
	return CKR_FUNCTION_NOT_SUPPORTED;
}

static CK_RV w_C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out);

#define ROW(name, params, args) .name = w_##name,
static CK_FUNCTION_LIST list = {
	.version = {2, 20},
	.C_Initialize = w_C_Initialize, .C_Finalize = w_C_Finalize, .C_GetInfo = w_C_GetInfo,
	.C_GetFunctionList = w_C_GetFunctionList, .C_GetSlotList = w_C_GetSlotList,
	.C_GetSlotInfo = w_C_GetSlotInfo, .C_GetTokenInfo = w_C_GetTokenInfo,
	.C_GetMechanismList = w_C_GetMechanismList, .C_GetMechanismInfo = w_C_GetMechanismInfo,
	.C_InitToken = w_C_InitToken, .C_InitPIN = w_C_InitPIN, .C_SetPIN = w_C_SetPIN,
	.C_OpenSession = w_C_OpenSession, .C_CloseAllSessions = w_C_CloseAllSessions,
	.C_GetSessionInfo = w_C_GetSessionInfo, .C_Login = w_C_Login,
	.C_WaitForSlotEvent = w_C_WaitForSlotEvent,
	FORWARDED(ROW)
};

static CK_RV w_C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out)
{
	logf_call("C_GetFunctionList", NULL);
	if (!out)
		return CKR_ARGUMENTS_BAD;
	*out = &list;
	return CKR_OK;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out);
CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out) { return w_C_GetFunctionList(out); }
