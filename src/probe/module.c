/* module.c — choosing, checking and loading the PKCS#11 module, and finding the card's token. */
#include <dlfcn.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <openssl/err.h>
#include <openssl/ui.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cw/cardgen.h"
#include "cw/i18n.h"
#include "cw/stamp.h"
#include "cw/text.h"
#include "p11_int.h"

/* Without --module, modules load only from folders root owns and nobody else may write to
 * (ssh-agent's allow-list idea): the system library folders, the HiCOS bridge's install folder,
 * and the folder a site's wizard file names. */
static const char *const system_dirs[] = {
	"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib/i386-linux-gnu",
	"/usr/lib64", "/usr/lib", "/usr/local/lib",
};
/* The HiCOS module's Linux file name is not confirmed (doc/FIELD-NOTES.md): a glob, looked for
 * first in the signing bridge's install folder and up to two folders below it, then in the
 * library folders and their pkcs11/ subfolders, in this order; within a folder, glob's order. */
#define HICOS_GLOB "libHicos_p11*.so*"
#define BRIDGE_DIR "/usr/local/HiPKILocalSignServerApp"
static const char *const bridge_dirs[] = {BRIDGE_DIR, BRIDGE_DIR "/*", BRIDGE_DIR "/*/*"};
static const char *const lib_subdirs[] = {"", "/pkcs11"};

static int readable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* The file (symlinks resolved) and every folder above it owned by root and writable by no one
 * else: a module found by a search runs with the user's rights, so nobody else may plant one. */
static int trusted_file(const char *path, char *real, size_t size)
{
	char buf[PATH_MAX];
	struct stat st;
	if (!realpath(path, buf) || strlen(buf) >= size || stat(buf, &st) < 0 || !S_ISREG(st.st_mode) ||
	    access(buf, R_OK) < 0 || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return 0;
	memcpy(real, buf, strlen(buf) + 1);
	for (char *slash = strrchr(buf, '/'); slash; slash = strrchr(buf, '/')) {
		*slash = '\0';
		if (stat(buf[0] ? buf : "/", &st) < 0 || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
			return 0;
		if (!buf[0])
			break;
	}
	return 1;
}

/* The first trusted file a glob finds; a match refused as untrusted is said in r. */
static int first_trusted(const char *pattern, char *out, size_t size, struct cw_result *r)
{
	glob_t g;
	int found = 0;
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	for (size_t i = 0; i < g.gl_pathc && !found; i++) {
		if (trusted_file(g.gl_pathv[i], out, size))
			found = 1;
		else if (readable_file(g.gl_pathv[i]))
			cw_result_add(r, "module_refused", "%s", g.gl_pathv[i]);
	}
	globfree(&g);
	return found;
}

/* The HiCOS module by the documented search (above); 0 or -1. */
static int find_vendor(char *out, size_t size, struct cw_result *r)
{
	char pattern[256];
	for (size_t d = 0; d < sizeof(bridge_dirs) / sizeof(bridge_dirs[0]); d++) {
		snprintf(pattern, sizeof(pattern), "%s/%s", bridge_dirs[d], HICOS_GLOB);
		if (first_trusted(pattern, out, size, r))
			return 0;
	}
	for (size_t d = 0; d < sizeof(system_dirs) / sizeof(system_dirs[0]); d++)
		for (size_t k = 0; k < sizeof(lib_subdirs) / sizeof(lib_subdirs[0]); k++) {
			snprintf(pattern, sizeof(pattern), "%s%s/%s", system_dirs[d], lib_subdirs[k], HICOS_GLOB);
			if (first_trusted(pattern, out, size, r))
				return 0;
		}
	return -1;
}

static int find_opensc(char *out, size_t size, struct cw_result *r)
{
	char pattern[256];
	for (size_t d = 0; d < sizeof(system_dirs) / sizeof(system_dirs[0]); d++)
		for (size_t k = 0; k < sizeof(lib_subdirs) / sizeof(lib_subdirs[0]); k++) {
			snprintf(pattern, sizeof(pattern), "%s%s/opensc-pkcs11.so", system_dirs[d], lib_subdirs[k]);
			if (first_trusted(pattern, out, size, r))
				return 0;
		}
	return -1;
}

int cw_probe_needs_vendor(const struct cw_probe_session *s)
{
	const struct cw_card_profile *p = cw_probe_card_profile(s);
	return p && p->module == CW_MODULE_VENDOR;
}

/* The module to use and why (details "module_why", "module_from"): --module; else the card
 * profile's module_path from the wizard file; else by the profile's module kind, the HiCOS
 * module's search or OpenSC. 0; -1 when not usable; -2 when the card's vendor module is missing. */
int cw_module_choose(struct cw_probe_session *s, struct cw_result *r)
{
	if (s->module[0]) {
		cw_copy(s->module_path, sizeof(s->module_path), s->module);
		cw_result_add(r, "module_why", "%s", "--module");
		return s->module[0] == '/' && readable_file(s->module) ? 0 : -1;
	}
	const struct cw_card_profile *p = cw_probe_card_profile(s);
	int vendor = p && p->module == CW_MODULE_VENDOR;
	if (p && p->module_path[0]) {
		cw_result_add(r, "module_why", "%s", "wizard file");
		cw_result_add(r, "module_from", "profile %s, module_path %s", p->policy.profile, p->module_path);
		if (first_trusted(p->module_path, s->module_path, sizeof(s->module_path), r))
			return 0;
		cw_copy(s->module_path, sizeof(s->module_path), p->module_path);
		return vendor ? -2 : -1;
	}
	if (vendor) {
		cw_result_add(r, "module_why", "%s", "vendor module");
		cw_result_add(r, "module_from", "profile %s (module: vendor): %s, then the library folders", p->policy.profile,
			      BRIDGE_DIR);
		if (find_vendor(s->module_path, sizeof(s->module_path), r) == 0)
			return 0;
		cw_copy(s->module_path, sizeof(s->module_path), HICOS_GLOB);
		return -2;
	}
	cw_result_add(r, "module_why", "%s", "default (OpenSC)");
	cw_result_add(r, "module_from", "profile %s (module: opensc)", p ? p->policy.profile : "-");
	if (find_opensc(s->module_path, sizeof(s->module_path), r) == 0)
		return 0;
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
	s->module_tied = tied;
	/* The slot: the chosen reader's by its name (a module tied to readers); else the token
	 * labelled as --token says; else the first initialised token (doc/DESIGN.md §6). */
	for (unsigned i = 0; i < p->nslots && !p->slot; i++) {
		PKCS11_SLOT *slot = &p->slots[i];
		if (!slot->token)
			continue;
		if (tied ? s->reader_index >= 0 && slot_of_reader(slot, s->readers[s->reader_index])
			 : s->token_wanted[0] ? slot->token->label && strcmp(slot->token->label, s->token_wanted) == 0
					      : slot->token->initialized)
			p->slot = slot;
	}
	if (!p->slot)
		return -1;
	p->slot_id = PKCS11_get_slotid_from_slot(p->slot);
	p->fresh = 1;
	/* A HiCOS token (its maker, whatever the ATR): its vendor codes are read, and its card is a
	 * vendor-module card even when the ATR named none. */
	const char *maker = p->slot->token->manufacturer;
	p->hicos = maker && cw_token_is_hicos(maker, strlen(maker));
	if (p->hicos)
		cw_probe_token_is_hicos(s);
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
	int chosen = cw_module_choose(s, r);
	if (chosen == -2) { /* a MOICA or CHT card and no HiCOS module: say what that leaves unknown */
		cw_result_set(r, CW_CODE_NEEDS_VENDOR_MODULE);
		cw_result_add(r, "pin_state", "%s", "unknown");
		cw_result_note(r, "%s %s; %s", cw_tr("找不到 HiCOS 模組", "no HiCOS module found:"), s->module_path,
			       cw_tr("沒有它就無法得知 PIN 碼狀態 (剩餘次數、是否鎖定)，也無法測試憑證與金鑰",
				     "without it the PIN state (tries left, locked or not) is unknown, and the certificates and keys cannot be tested"));
		return;
	}
	if (chosen < 0) {
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
	p->vendor_tries = -1;
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
		int vendor = cw_probe_needs_vendor(s);
		cw_result_set(r, vendor ? CW_CODE_NEEDS_VENDOR_MODULE : cw_probe_tokenless_code(s));
		if (vendor)
			cw_result_add(r, "pin_state", "%s", "unknown");
		/* The module loaded: say so with what it shows (with pcscd down OpenSC shows no token); an
		 * old module may not know a 2nd-generation card. The caveat is looked up inside the note, once
		 * per language. */
		int gen = cw_card_generation_raw(s->atr, s->atr_len);
		const char *sep = *cw_card_generation_caveat(gen) ? "; " : "";
		if (vendor)
			cw_result_note(r, "%s%s%s%s", s->module_path, cw_tr("：PIN 碼狀態不明", ": PIN state unknown"), sep,
				       cw_card_generation_caveat(gen));
		else
			cw_result_note(r, "%s%s %u%s%s%s", s->module_path, cw_tr("：已載入，插槽", ": loads, slots:"), p->nslots,
				       cw_tr("，沒有 token", ", no token"), sep, cw_card_generation_caveat(gen));
		cw_result_add(r, "slots", "%u", p->nslots);
		return;
	}
	cw_stamp("module-ready");
	cw_result_set(r, CW_CODE_OK);
	cw_result_add(r, "slot", "%s", p->slot->description ? p->slot->description : "");
	/* A token in no reader (SoftHSM2 and other software tokens): the reader and card checks do
	 * not apply to it (the check table's CW_REQUIRED_WITH_READER, read by the verdict). */
	cw_result_add(r, "token_in_reader", "%s", s->module_tied ? "yes" : "no");
	if (p->slot->token->label)
		cw_result_add(r, "token_label", "%s", p->slot->token->label);
	cw_result_note(r, "%s", s->module_path);
}

int cw_probe_has_token(const struct cw_probe_session *s)
{
	return s->p11 && s->p11->ctx && s->p11->slot;
}
