/* cli.c — the command line: getopt_long table, value checks, --help and --version. */
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/options.h"

#ifndef CW_VERSION
#define CW_VERSION "0.0.0"
#endif

enum {
	OPT_PLAIN = 256, OPT_REPORT, OPT_KIOSK, OPT_CHECK_WIZARD, OPT_FORMAT, OPT_PIN_FD,
	OPT_ALLOW_FINAL_TRY, OPT_IDLE, OPT_SPOOL, OPT_MODULE, OPT_READER, OPT_WIZARD,
	OPT_LANG, OPT_ASCII, OPT_NO_COLOR, OPT_HELPER, OPT_IMPORTED, OPT_SPOOL_KEEP, OPT_TOKEN,
};

static const struct option long_options[] = {
	{"plain", no_argument, NULL, OPT_PLAIN},
	{"report", no_argument, NULL, OPT_REPORT},
	{"kiosk", no_argument, NULL, OPT_KIOSK},
	{"check-wizard", required_argument, NULL, OPT_CHECK_WIZARD},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"pin-fd", required_argument, NULL, OPT_PIN_FD},
	{"allow-final-try", no_argument, NULL, OPT_ALLOW_FINAL_TRY},
	{"imported", no_argument, NULL, OPT_IMPORTED},
	{"idle", required_argument, NULL, OPT_IDLE},
	{"spool", required_argument, NULL, OPT_SPOOL},
	{"spool-keep", required_argument, NULL, OPT_SPOOL_KEEP},
	{"module", required_argument, NULL, OPT_MODULE},
	{"reader", required_argument, NULL, OPT_READER},
	{"token", required_argument, NULL, OPT_TOKEN},
	{"wizard", required_argument, NULL, OPT_WIZARD},
	{"lang", required_argument, NULL, OPT_LANG},
	{"ascii", no_argument, NULL, OPT_ASCII},
	{"no-color", no_argument, NULL, OPT_NO_COLOR},
	{"no-colour", no_argument, NULL, OPT_NO_COLOR},
	{"helper", required_argument, NULL, OPT_HELPER},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static const char *const mode_names[CW_MODE_COUNT] = {
#define CW_MODE_NAME(e, name) [CW_MODE_##e] = name,
	CW_MODES(CW_MODE_NAME)
#undef CW_MODE_NAME
};

const char *cw_mode_name(enum cw_mode m) { return mode_names[m]; }

void cw_usage(FILE *out)
{
	fprintf(out, _("Usage: cardwiz [OPTION]...\n"
		       "Troubleshoot citizen-certificate smart cards and any PKCS#11 card.\n"
		       "\n"
		       "Modes:\n"
		       "      (no mode)           the interactive wizard (ncurses)\n"
		       "      --plain             the same wizard as numbered questions, no curses\n"
		       "      --report            run every check once, print the results, exit\n"
		       "      --kiosk             kiosk station mode\n"
		       "      --check-wizard=FILE validate a wizard file and exit\n"
		       "\n"
		       "Report:\n"
		       "      --format=text|json  output format (default: text)\n"
		       "      --pin-fd=N          read the PIN from file descriptor N\n"
		       "      --allow-final-try   confirm a last PIN try (or an unknown PUK count) for the run\n"
		       "      --imported          a new card's certificate is imported (FAQ 4): remember it\n"
		       "\n"
		       "Kiosk:\n"
		       "      --idle=SECONDS      back to the start screen after this long without a key (default: 120)\n"
		       "      --spool=DIR         folder for each visit's report (it must exist, owned 0700)\n"
		       "      --spool-keep=DAYS   remove visit reports older than this (default: 30; 0: keep none)\n"
		       "\n"
		       "Common:\n"
		       "      --module=PATH       PKCS#11 module (default: the vendor HiCOS module, else opensc-pkcs11.so)\n"
		       "      --reader=NAME       use this reader (default: the one holding a card;\n"
		       "                          with several cards the wizard and --plain ask,\n"
		       "                          --report takes the one a card profile claims)\n"
		       "      --token=LABEL       the token with this label, for a module whose\n"
		       "                          tokens are in no reader (SoftHSM2)\n"
		       "      --wizard=FILE       wizard file (decision tree)\n"
		       "      --lang=zh_TW|en     language (default: from LC_ALL, LC_MESSAGES or LANG)\n"
		       "      --ascii             ASCII marks and lines only\n"
		       "      --no-color          no colour (NO_COLOR is honoured too)\n"
		       "  -h, --help              show this help and exit\n"
		       "  -V, --version           show the version and exit\n"
		       "\n"
		       "Exit status: 0 no problem found (some checks may be untested), 1 a problem, 2 usage or wizard-file error.\n"));
}

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

__attribute__((format(printf, 2, 3)))
static enum cw_parse usage_error(FILE *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("cardwiz: ", err);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputc('\n', err);
	cw_usage(err);
	return CW_PARSE_USAGE;
}

static enum cw_parse set_mode(struct cw_options *o, enum cw_mode m, FILE *err)
{
	if (o->mode != CW_MODE_TUI && o->mode != m)
		return usage_error(err, _("%s cannot be combined with another mode"), mode_names[m]);
	o->mode = m;
	return CW_PARSE_RUN;
}

int cw_options_lang(int argc, char **argv)
{
	/* Looked for before parsing, so that --help and errors already speak it. */
	int lang = -1;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--lang=", 7) == 0)
			lang = cw_lang_parse(argv[i] + 7);
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			lang = cw_lang_parse(argv[++i]);
	}
	return lang;
}

/*
 * getopt_long takes any unambiguous abbreviation, so "--pin 123456" would be taken as --pin-fd
 * 123456. A PIN never goes on the command line: no abbreviation is taken, and anything spelled
 * like a PIN option is refused with the way to give one.
 */
static enum cw_parse full_names_only(int argc, char **argv, FILE *err)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (strncmp(a, "--", 2) != 0 || !a[2])
			continue;
		int n = (int)strcspn(a + 2, "=");
		const struct option *exact = NULL;
		int prefix = 0;
		for (const struct option *o = long_options; o->name; o++)
			if ((int)strlen(o->name) == n && strncmp(o->name, a + 2, (size_t)n) == 0)
				exact = o;
			else if ((int)strlen(o->name) > n && strncmp(o->name, a + 2, (size_t)n) == 0)
				prefix = 1;
		if (exact) {
			if (exact->has_arg == required_argument && !a[2 + n])
				i++; /* its value: not an option */
			continue;
		}
		if (n >= 3 && strncmp(a + 2, "pin", 3) == 0)
			return usage_error(err, _("'%.*s': a PIN never goes on the command line; give it with --pin-fd N"), n + 2, a);
		if (prefix)
			return usage_error(err, _("option '%.*s' must be spelled out in full"), n + 2, a);
	}
	return CW_PARSE_RUN;
}

enum cw_parse cw_options_parse(struct cw_options *o, int argc, char **argv, FILE *out, FILE *err)
{
	*o = (struct cw_options){.mode = CW_MODE_TUI, .pin_fd = -1, .idle_seconds = 120, .spool_keep_days = CW_SPOOL_KEEP_DAYS,
				 .lang = -1, .helper_fd = -1};
	opterr = 0;
	optind = 1;
	int c;
	enum cw_parse p = full_names_only(argc, argv, err);
	while (p == CW_PARSE_RUN && (c = getopt_long(argc, argv, ":hV", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_PLAIN: p = set_mode(o, CW_MODE_PLAIN, err); break;
		case OPT_REPORT: p = set_mode(o, CW_MODE_REPORT, err); break;
		case OPT_KIOSK: p = set_mode(o, CW_MODE_KIOSK, err); break;
		case OPT_CHECK_WIZARD:
			o->check_wizard_file = optarg;
			p = set_mode(o, CW_MODE_CHECK_WIZARD, err);
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->format = CW_FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = CW_FORMAT_JSON;
			else
				p = usage_error(err, _("--format takes text or json, not '%s'"), optarg);
			break;
		case OPT_PIN_FD:
			if (parse_int(optarg, 0, INT_MAX, &o->pin_fd) < 0)
				p = usage_error(err, _("--pin-fd takes a file descriptor number, not '%s'"), optarg);
			break;
		case OPT_ALLOW_FINAL_TRY: o->allow_final_try = 1; break;
		case OPT_IMPORTED: o->imported = 1; break;
		case OPT_IDLE:
			if (parse_int(optarg, 1, 86400, &o->idle_seconds) < 0)
				p = usage_error(err, _("--idle takes seconds from 1 to 86400, not '%s'"), optarg);
			break;
		case OPT_SPOOL: o->spool = optarg; break;
		case OPT_SPOOL_KEEP:
			if (parse_int(optarg, 0, 3650, &o->spool_keep_days) < 0)
				p = usage_error(err, _("--spool-keep takes days from 0 to 3650, not '%s'"), optarg);
			break;
		case OPT_MODULE: o->module = optarg; break;
		case OPT_READER: o->reader = optarg; break;
		case OPT_TOKEN: o->token = optarg; break;
		case OPT_WIZARD: o->wizard = optarg; break;
		case OPT_LANG:
			if ((o->lang = cw_lang_parse(optarg)) < 0)
				p = usage_error(err, _("--lang takes zh_TW or en, not '%s'"), optarg);
			break;
		case OPT_ASCII: o->ascii = 1; break;
		case OPT_NO_COLOR: o->no_color = 1; break;
		case OPT_HELPER:
			if (parse_int(optarg, 0, INT_MAX, &o->helper_fd) < 0)
				p = usage_error(err, _("--helper takes a file descriptor number, not '%s'"), optarg);
			break;
		case 'h': cw_usage(out); return CW_PARSE_EXIT_OK;
		case 'V': fprintf(out, "cardwiz %s\n", CW_VERSION); return CW_PARSE_EXIT_OK;
		case ':': p = usage_error(err, _("option '%s' needs a value"), argv[optind - 1]); break;
		default: p = usage_error(err, _("unknown option '%s'"), argv[optind - 1]); break;
		}
	}
	if (p == CW_PARSE_RUN && optind < argc)
		p = usage_error(err, _("unexpected argument '%s'"), argv[optind]);
	if (p == CW_PARSE_RUN && getenv("NO_COLOR") && *getenv("NO_COLOR"))
		o->no_color = 1;
	return p;
}
