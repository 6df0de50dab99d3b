/* options.h - the vcard command line. */
#ifndef VCARD_OPTIONS_H
#define VCARD_OPTIONS_H

#include "state.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ATR_MAX 64

struct options {
	const char *host;
	const char *port;
	const char *pin;
	const char *puk;
	int tries;
	int puk_tries;
	const char *state;
	const char *certs;
	uint8_t atr[ATR_MAX];
	size_t atr_len;
	const char *applet; /* piv, none, garbage */
	bool mute;
	bool broken;
	int drop_ins; /* -1: off */
	unsigned drop_n;
	const char *apdu_log;
};

/* 0: run; 1: --help was printed (exit 0); -1: usage error printed (exit 2) */
int options_parse(int argc, char **argv, struct options *o);

#endif
