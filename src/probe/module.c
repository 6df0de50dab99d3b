/* module.c — choosing, checking and loading the PKCS#11 module, and finding the card's token. */
#include <dlfcn.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ui.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cw/i18n.h"
#include "cw/stamp.h"
#include "cw/text.h"
#include "p11_int.h"

/* Without --module, modules load only from the system library folders (ssh-agent's allow-list idea). */
static const char *const system_dirs[] = {
	"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib/i386-linux-gnu",
	"/usr/lib64", "/usr/lib", "/usr/local/lib",
};
/* The vendor HiCOS module first (MOICA cards need it), then OpenSC. */
static const char *const default_modules[] = {
	"libHicos_p11v1.so", "libHicos_p11.so", "libhicos_p11.so", "HiCOSPKCS11.so", "opensc-pkcs11.so",
};

static int readable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* The module to use and why (detail "module_why"): --module, else the first default found. */
int cw_module_choose(struct cw_probe_session *s, struct cw_result *r)
{
	if (s->module[0]) {
		cw_copy(s->module_path, sizeof(s->module_path), s->module);
		cw_result_add(r, "module_why", "%s", "--module");
		return s->module[0] == '/' && readable_file(s->module) ? 0 : -1;
	}
	char path[600];
	for (size_t m = 0; m < sizeof(default_modules) / sizeof(default_modules[0]); m++)
		for (size_t d = 0; d < sizeof(system_dirs) / sizeof(system_dirs[0]); d++) {
			static const char *const subdirs[] = {"", "/pkcs11"};
			for (size_t k = 0; k < 2; k++) {
				snprintf(path, sizeof(path), "%s%s/%s", system_dirs[d], subdirs[k], default_modules[m]);
				if (readable_file(path)) {
					cw_copy(s->module_path, sizeof(s->module_path), path);
					cw_result_add(r, "module_why", "%s", m + 1 < sizeof(default_modules) / sizeof(default_modules[0])
									? "vendor HiCOS module installed" : "default (OpenSC)");
					return 0;
				}
			}
		}
	cw_copy(s->module_path, sizeof(s->module_path), "opensc-pkcs11.so");
	return -1;
}

unsigned long cw_p11_last_ckr(void)
{
	unsigned long e, ckr = 0;
	while ((e = ERR_get_error()) != 0)
		if (ERR_GET_LIB(e) == ERR_get_CKR_code())
			ckr = (unsigned long)ERR_GET_REASON(e);
	return ckr;
}

void cw_p11_release_slots(struct cw_p11 *p)
{
	if (p->slots)
		PKCS11_release_all_slots(p->ctx, p->slots, p->nslots);
	p->slots = NULL;
	p->nslots = 0;
	p->slot = NULL;
	p->logged_in = 0;
	p->fresh = 0;
}

void cw_p11_close(struct cw_probe_session *s)
{
	struct cw_p11 *p = s->p11;
	if (!p)
		return;
	cw_p11_release_slots(p);
	if (p->ctx) {
		PKCS11_CTX_unload(p->ctx);
		PKCS11_CTX_free(p->ctx);
	}
	if (p->dl)
		dlclose(p->dl);
	for (int i = 0; i < CW_CERTS_MAX; i++)
		free(p->der[i]);
	free(p);
	s->p11 = NULL;
}

/* Does a slot belong to a PC/SC reader? OpenSC names its slots after the reader. */
static int slot_of_reader(const PKCS11_SLOT *slot, const char *reader)
{
	return slot->description && strncmp(slot->description, reader, strlen(reader)) == 0;
}

int cw_p11_find_token(struct cw_probe_session *s)
{
	struct cw_p11 *p = s->p11;
	/* Enumerating again instead of PKCS11_update_slots (it crashes with >1 slot in 0.4.12). */
	cw_p11_release_slots(p);
	if (PKCS11_enumerate_slots(p->ctx, &p->slots, &p->nslots) < 0) {
		p->slots = NULL;
		p->nslots = 0;
		return -1;
	}
	int tied = 0; /* is this module tied to PC/SC readers at all (OpenSC) or not (SoftHSM2)? */
	for (unsigned i = 0; i < p->nslots; i++)
		for (int k = 0; k < s->nreaders; k++)
			tied |= slot_of_reader(&p->slots[i], s->readers[k]);
	for (unsigned i = 0; i < p->nslots && !p->slot; i++) {
		PKCS11_SLOT *slot = &p->slots[i];
		if (!slot->token)
			continue;
		if (tied ? s->reader_index >= 0 && slot_of_reader(slot, s->readers[s->reader_index])
			 : slot->token->initialized)
			p->slot = slot;
	}
	if (!p->slot)
		return -1;
	p->slot_id = PKCS11_get_slotid_from_slot(p->slot);
	p->fresh = 1;
	return 0;
}

/* A macro: cw_result_note evaluates `why` once per language (a cw_tr in it picks each time), which
 * a function's argument, evaluated once in the language of the moment, would not (issue 14, 5). */
#define load_failed(r, what, why)                                 \
	do {                                                      \
		cw_result_set((r), CW_CODE_MODULE_LOAD_FAILED);   \
		cw_result_note((r), "%s: %s", (what), (why));     \
	} while (0)

/* "C_Initialize failed (CKR 0x...)" in the language of the moment, into buf. */
static const char *init_failed(char *buf, size_t size, unsigned long ckr)
{
	snprintf(buf, size, "%s (CKR 0x%lX)", cw_tr("C_Initialize 失敗", "C_Initialize failed"), ckr);
	return buf;
}

/* Check the file ourselves first: libp11 would only print dlerror() on stderr. */
static int check_module_file(struct cw_p11 *p, const char *path, struct cw_result *r)
{
	dlerror();
	p->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!p->dl) {
		const char *e = dlerror();
		load_failed(r, path, e ? e : cw_tr("無法載入", "dlopen failed"));
		return -1;
	}
	if (!dlsym(p->dl, "C_GetFunctionList")) {
		load_failed(r, path, cw_tr("沒有 C_GetFunctionList：不是 PKCS#11 模組", "no C_GetFunctionList: not a PKCS#11 module"));
		return -1;
	}
	return 0;
}

static int p11_ui_read(UI *ui, UI_STRING *uis)
{
	const struct cw_p11 *p = UI_get0_user_data(ui);
	if ((UI_get_string_type(uis) == UIT_PROMPT || UI_get_string_type(uis) == UIT_VERIFY) && p && p->ui_pin &&
	    cw_secret_len(p->ui_pin))
		return UI_set_result(ui, uis, cw_secret_str(p->ui_pin)) == 0 ? 1 : 0;
	return 0; /* nothing to answer with: fail rather than prompt on /dev/tty */
}

static UI_METHOD *p11_ui_method(void)
{
	static UI_METHOD *m;
	if (!m) {
		m = UI_create_method("cardwiz");
		UI_method_set_reader(m, p11_ui_read);
	}
	return m;
}

void cw_probe_module(struct cw_probe_session *s, struct cw_result *r)
{
	cw_p11_close(s);
	cw_pcsc_ensure_reader(s); /* the readers tell which slot is the card's (none: not tied to readers) */
	if (cw_module_choose(s, r) < 0) {
		cw_result_set(r, CW_CODE_MODULE_LOAD_FAILED);
		cw_result_note(r, "%s", s->module_path);
		return;
	}
	cw_result_add(r, "module", "%s", s->module_path);
	struct cw_p11 *p = calloc(1, sizeof(*p));
	if (!p) {
		load_failed(r, s->module_path, strerror(errno));
		return;
	}
	s->p11 = p;
	cw_stamp("module-load");
	if (check_module_file(p, s->module_path, r) < 0)
		return;
	p->ctx = PKCS11_CTX_new();
	PKCS11_set_ui_method(p->ctx, p11_ui_method(), p);
	if (PKCS11_CTX_load(p->ctx, s->module_path) < 0) {
		unsigned long ckr = cw_p11_last_ckr();
		char why[64];
		load_failed(r, s->module_path, init_failed(why, sizeof(why), ckr));
		PKCS11_CTX_free(p->ctx);
		p->ctx = NULL;
		return;
	}
	if (cw_p11_find_token(s) < 0) {
		int vendor = strcmp(s->profile, "moica") == 0 || strcmp(s->profile, "cht") == 0;
		cw_result_set(r, vendor ? CW_CODE_NEEDS_VENDOR_MODULE : CW_CODE_NO_TOKEN);
		cw_result_note(r, "%s", s->module_path);
		cw_result_add(r, "slots", "%u", p->nslots);
		return;
	}
	cw_stamp("module-ready");
	cw_result_set(r, CW_CODE_OK);
	cw_result_add(r, "slot", "%s", p->slot->description ? p->slot->description : "");
	cw_result_note(r, "%s", s->module_path);
}

int cw_probe_has_token(const struct cw_probe_session *s)
{
	return s->p11 && s->p11->ctx && s->p11->slot;
}
