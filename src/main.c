/* main.c — cardwiz's entry point: parse the command line, set the language, run one front end. */
#include <stdio.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <signal.h>

#include "cw/helper.h"
#include "cw/i18n.h"
#include "cw/options.h"
#include "cw/plain.h"
#include "cw/report.h"
#include "cw/tui.h"
#include "cw/wizard.h"

typedef int (*cw_front_end)(const struct cw_options *);

/* One front end per mode; NULL = not in this version (said plainly, exit 2). */
static const cw_front_end front_ends[CW_MODE_COUNT] = {
	[CW_MODE_REPORT] = cw_report_main,
	[CW_MODE_TUI] = cw_tui_main,
	[CW_MODE_PLAIN] = cw_plain_main,
	[CW_MODE_KIOSK] = cw_kiosk_main,
	[CW_MODE_CHECK_WIZARD] = cw_checkwiz_main,
};

int main(int argc, char **argv)
{
	int lang = cw_options_lang(argc, argv);
	cw_i18n_init(lang >= 0 ? (enum cw_lang)lang : cw_lang_from_env());
	struct cw_options o;
	switch (cw_options_parse(&o, argc, argv, stdout, stderr)) {
	case CW_PARSE_EXIT_OK: return 0;
	case CW_PARSE_USAGE: return 2;
	case CW_PARSE_RUN: break;
	}
	if (o.helper_fd >= 0) {
#ifdef __linux__
		/* The helper dies with its front end, however that ends (SIGTERM, a crash, the quit
		 * deadline): one stuck in pcscd or a module would otherwise outlive it, holding the card.
		 * A front end gone before this line closed the socket: the first read ends the helper. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
		return cw_helper_main(o.helper_fd);
	}
	if (!front_ends[o.mode]) {
		fprintf(stderr, "cardwiz: ");
		fprintf(stderr, _("%s is not implemented in this version yet; try --report"), cw_mode_name(o.mode));
		fputc('\n', stderr);
		return 2;
	}
	return front_ends[o.mode](&o);
}
