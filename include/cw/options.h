/* options.h — the parsed command line (doc/DESIGN.md §6). */
#ifndef CW_OPTIONS_H
#define CW_OPTIONS_H

#include <stdio.h>

#define CW_MODES(X)                        \
	X(TUI, "wizard")                   \
	X(PLAIN, "--plain")                \
	X(REPORT, "--report")              \
	X(KIOSK, "--kiosk")                \
	X(CHECK_WIZARD, "--check-wizard")

enum cw_mode {
#define CW_MODE_ENUM(e, name) CW_MODE_##e,
	CW_MODES(CW_MODE_ENUM)
#undef CW_MODE_ENUM
	CW_MODE_COUNT
};

enum cw_format { CW_FORMAT_TEXT, CW_FORMAT_JSON };

/* A kiosk spool keeps visit reports this many days unless --spool-keep says otherwise: they hold
 * the holder's name, personal data a helpdesk must not keep longer than it needs (cardwiz(1)). */
#define CW_SPOOL_KEEP_DAYS 30

struct cw_options {
	enum cw_mode mode;
	enum cw_format format;
	int pin_fd;          /* -1: none */
	int allow_final_try;
	int imported;        /* --imported: the person confirmed a new card's certificate import (FAQ 4) */
	int idle_seconds;
	const char *spool;
	int spool_keep_days; /* --spool-keep: visit reports older than this are removed; 0: none kept */
	const char *module;
	const char *reader;
	const char *token;   /* --token LABEL: the token of a module not tied to readers */
	const char *wizard;
	const char *check_wizard_file;
	int lang;            /* enum cw_lang, or -1 for the environment's */
	int ascii;
	int no_color;
	int helper_fd;       /* internal: run as the helper process on this fd (-1: no) */
};

/* What parsing decided: go on, stop with success (help, version), or a usage error. */
enum cw_parse { CW_PARSE_RUN, CW_PARSE_EXIT_OK, CW_PARSE_USAGE };

enum cw_parse cw_options_parse(struct cw_options *o, int argc, char **argv, FILE *out, FILE *err);
/* The language --lang names, or -1 (read before parsing so errors speak it). */
int cw_options_lang(int argc, char **argv);
void cw_usage(FILE *out);
const char *cw_mode_name(enum cw_mode m);

#endif
