/* wizard.c — libFuzzer target: the wizard loader (cw_wizard_load_buffer), and lookups on what it accepts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cw/wizard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the engine and the front ends do with a loaded tree: every text expanded, every lookup made. */
static void use(const struct cw_wizard *w)
{
	static char out[8192];
	static const unsigned char moica[] = {0x3B, 0x8B, 0x80, 0x01, 0x00, 0x31, 0xC1, 0x64,
					      0x08, 0x40, 0x21, 0x30, 0x00, 0x90, 0x00, 0x57};
	for (int i = 0; i < w->nnodes; i++) {
		const struct cw_node *n = &w->nodes[i];
		for (int lang = CW_LANG_EN; lang <= CW_LANG_ZH_TW; lang++) {
			cw_wizard_expand(w, (enum cw_lang)lang, cw_ltext_get(&n->title, (enum cw_lang)lang), out, sizeof(out));
			cw_wizard_expand(w, (enum cw_lang)lang, cw_ltext_get(&n->text, (enum cw_lang)lang), out, 7);
			for (int k = 0; k < n->nlinks; k++)
				cw_wizard_expand(w, (enum cw_lang)lang, n->links[k].url, out, sizeof(out));
		}
		if (n->id && cw_wizard_node(w, n->id) == NULL)
			abort(); /* a node the loader kept must be found by its id */
	}
	for (int i = 0; i < w->nprofiles; i++)
		if (cw_wizard_profile(w, w->profiles[i].id) == NULL)
			abort();
	cw_wizard_generic_profile(w);
	cw_wizard_profile_for_atr(w, moica, sizeof(moica), NULL, 0);
	cw_wizard_profile_for_atr(w, moica, 2, moica + 4, 5);
	cw_wizard_node_index(w, "no-such-node");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A heap copy of exactly size bytes: ASan sees any read past the end (the loader takes a length, no NUL). */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	static struct cw_wizard_errors errs;
	struct cw_wizard *w = NULL;
	int rc = cw_wizard_load_buffer("fuzz.yaml", buf, size, &w, &errs);
	if ((rc == 0) != (w != NULL) || (rc < 0 && errs.n == 0 && errs.dropped == 0))
		abort(); /* a refusal always says why; an acceptance always gives a tree */
	for (int i = 0; i < errs.n; i++)
		if (errs.e[i].line < 1 || errs.e[i].col < 1 || !memchr(errs.e[i].msg, '\0', sizeof(errs.e[i].msg)))
			abort();
	if (w)
		use(w);
	cw_wizard_free(w);
	free(buf);
	return 0;
}
