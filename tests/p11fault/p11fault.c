/* p11fault.c — a test tool: a PKCS#11 module that forwards every call to a real module and injects one fault. */
/*
 * It models the faults of a misbehaving vendor module for cardwiz's tests; it is not any
 * vendor's module and does nothing else. P11FAULT_MODULE names the real module (e.g. the test
 * bed's OpenSC, $CARDWIZ_TEST_MODULE); P11FAULT picks the fault:
 *   print            junk on stdout in C_Initialize and C_GetSlotList (a chatty module)
 *   hang-initialize  C_Initialize never returns
 *   hang-login       C_Login never returns
 *   crash-login      C_Login dies of SIGSEGV
 *   setpin-refused   C_SetPIN answers CKR_FUNCTION_NOT_SUPPORTED, reaching no card
 * Unset or anything else: a plain pass-through. The environment reaches the module because
 * cardwiz's helper is fork+exec'd and inherits it.
 */
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR real; /* the real module's table */
static CK_FUNCTION_LIST mine;     /* a copy of it, with the faulty entries swapped in */

static int fault_is(const char *name)
{
	const char *f = getenv("P11FAULT");
	return f && strcmp(f, name) == 0;
}

/* What a chatty module prints: enough to break any JSON a caller writes on the same stdout. */
static void chatter(const char *where)
{
	printf("p11fault: %s says hello {\"not\": json,,\n", where);
	fflush(stdout);
	static const char raw[] = "\x1b[2J\x1b[H*** vendor debug ***\n";
	ssize_t n = write(STDOUT_FILENO, raw, sizeof(raw) - 1);
	(void)n;
}

static void hang(void)
{
	for (;;)
		pause();
}

static CK_RV fault_initialize(CK_VOID_PTR args)
{
	if (fault_is("print"))
		chatter("C_Initialize");
	if (fault_is("hang-initialize"))
		hang();
	return real->C_Initialize(args);
}

static CK_RV fault_get_slot_list(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count)
{
	if (fault_is("print"))
		chatter("C_GetSlotList");
	return real->C_GetSlotList(present, list, count);
}

static CK_RV fault_login(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
	if (fault_is("hang-login"))
		hang();
	if (fault_is("crash-login")) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	return real->C_Login(session, user, pin, len);
}

static CK_RV fault_set_pin(CK_SESSION_HANDLE session, CK_UTF8CHAR_PTR old_pin, CK_ULONG old_len, CK_UTF8CHAR_PTR new_pin,
			   CK_ULONG new_len)
{
	if (fault_is("setpin-refused"))
		return CKR_FUNCTION_NOT_SUPPORTED;
	return real->C_SetPIN(session, old_pin, old_len, new_pin, new_len);
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list);

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
	if (!list)
		return CKR_ARGUMENTS_BAD;
	if (!real) {
		const char *path = getenv("P11FAULT_MODULE");
		void *h = path ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
		CK_C_GetFunctionList get = h ? (CK_C_GetFunctionList)dlsym(h, "C_GetFunctionList") : NULL;
		CK_FUNCTION_LIST_PTR t = NULL;
		if (!get || get(&t) != CKR_OK || !t)
			return CKR_GENERAL_ERROR; /* no real module: nothing to forward to */
		real = t;
		mine = *t;
		mine.C_Initialize = fault_initialize;
		mine.C_GetSlotList = fault_get_slot_list;
		mine.C_Login = fault_login;
		mine.C_SetPIN = fault_set_pin;
	}
	*list = &mine;
	return CKR_OK;
}
