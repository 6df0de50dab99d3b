/* options.c - parses and checks the vcard command line. */
#include "options.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* T=1 only, historical bytes 80 F9 <PIV AID>: a compact-TLV application
 * identifier, which OpenSC's PIV driver recognises as "PIV in the ATR" */
static const uint8_t default_atr[] = {
	0x3B, 0x8B, 0x81, 0x31, 0xFE, 0x15, 0x80, 0xF9, 0xA0,
	0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x12,
};

static const char usage[] =
	"usage: vcard --port PORT [options]\n"
	"A virtual PIV smart card for vsmartcard's vpcd reader (inside pcscd).\n"
	"  --port PORT            vpcd port (35963 = reader 00 00, 35964 = 00 01)\n"
	"  --host HOST            vpcd host (default 127.0.0.1)\n"
	"  --pin P --puk U        initial PIN (123456) and PUK (12345678), 1-8 chars\n"
	"  --tries N              PIN retries (3), --puk-tries N PUK retries (3), 1-15\n"
	"  --state FILE           keep PIN/PUK/counters in FILE across removals\n"
	"  --certs DIR            9a.crt 9a.key 9c.* 9d.* 9e.* (PEM)\n"
	"  --atr HEX              ATR to present (not checked)\n"
	"  --applet=piv|none|garbage\n"
	"  --mute                 answer the ATR, never an APDU\n"
	"  --broken               answer every APDU with 6F00\n"
	"  --drop-at=INS[:N]      vanish at the Nth (1st) APDU with INS (hex)\n"
	"  --apdu-log FILE        append one line per APDU (PINs masked)\n"
	"  --help\n";

static const char *const applets[] = { "piv", "none", "garbage" };

enum { OPT_HOST = 256, OPT_PORT, OPT_PIN, OPT_PUK, OPT_TRIES, OPT_PUK_TRIES, OPT_STATE,
       OPT_CERTS, OPT_ATR, OPT_APPLET, OPT_MUTE, OPT_BROKEN, OPT_DROP, OPT_LOG, OPT_HELP };

static const struct option longopts[] = {
	{ "host", required_argument, NULL, OPT_HOST },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "pin", required_argument, NULL, OPT_PIN },
	{ "puk", required_argument, NULL, OPT_PUK },
	{ "tries", required_argument, NULL, OPT_TRIES },
	{ "puk-tries", required_argument, NULL, OPT_PUK_TRIES },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "certs", required_argument, NULL, OPT_CERTS },
	{ "atr", required_argument, NULL, OPT_ATR },
	{ "applet", required_argument, NULL, OPT_APPLET },
	{ "mute", no_argument, NULL, OPT_MUTE },
	{ "broken", no_argument, NULL, OPT_BROKEN },
	{ "drop-at", required_argument, NULL, OPT_DROP },
	{ "apdu-log", required_argument, NULL, OPT_LOG },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static int fail(const char *what, const char *arg)
{
	fprintf(stderr, "vcard: %s: %s (see vcard --help)\n", what, arg);
	return -1;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* hex digits, optionally separated by spaces or colons */
static int parse_hex(const char *s, uint8_t *out, size_t cap, size_t *n)
{
	int half = -1;

	*n = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == ':' || *s == '\t')
			continue;
		if (!isxdigit((unsigned char)*s))
			return -1;
		int v = isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10);
		if (half < 0) {
			half = v;
			continue;
		}
		if (*n == cap)
			return -1;
		out[(*n)++] = (uint8_t)(half << 4 | v);
		half = -1;
	}
	return half < 0 && *n > 0 ? 0 : -1;
}

static int parse_secret(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > SECRET_MAX)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7E)
			return -1; /* must fit a key=value line of the state file */
	return 0;
}

static int parse_drop(const char *s, struct options *o)
{
	char *end;
	long ins = strtol(s, &end, 16);
	long n = 1;

	if (end == s || ins < 0 || ins > 0xFF)
		return -1;
	if (*end == ':' && parse_int(end + 1, 1, 1000000, &n) < 0)
		return -1;
	if (*end != ':' && *end != '\0')
		return -1;
	o->drop_ins = (int)ins;
	o->drop_n = (unsigned)n;
	return 0;
}

static int parse_applet(const char *s, struct options *o)
{
	for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++)
		if (strcmp(s, applets[i]) == 0) {
			o->applet = applets[i];
			return 0;
		}
	return -1;
}

static int apply(int opt, const char *arg, struct options *o)
{
	long v;

	switch (opt) {
	case OPT_HOST:
		o->host = arg;
		return 0;
	case OPT_PORT:
		if (parse_int(arg, 1, 65535, &v) < 0)
			return fail("bad --port (1-65535)", arg);
		o->port = arg;
		return 0;
	case OPT_PIN:
	case OPT_PUK:
		/* never echo the value: it may be a real PIN typed by mistake */
		if (parse_secret(arg) < 0)
			return fail("PIN and PUK must be 1-8 printable characters",
				    opt == OPT_PIN ? "--pin" : "--puk");
		*(opt == OPT_PIN ? &o->pin : &o->puk) = arg;
		return 0;
	case OPT_TRIES:
	case OPT_PUK_TRIES:
		if (parse_int(arg, 1, 15, &v) < 0)
			return fail("retry counts are 1-15 (63Cx has 4 bits)", arg);
		*(opt == OPT_TRIES ? &o->tries : &o->puk_tries) = (int)v;
		return 0;
	case OPT_STATE:
		o->state = arg;
		return 0;
	case OPT_CERTS:
		o->certs = arg;
		return 0;
	case OPT_ATR:
		return parse_hex(arg, o->atr, sizeof o->atr, &o->atr_len) < 0 ? fail("bad --atr hex", arg) : 0;
	case OPT_APPLET:
		return parse_applet(arg, o) < 0 ? fail("bad --applet (piv, none, garbage)", arg) : 0;
	case OPT_MUTE:
		o->mute = true;
		return 0;
	case OPT_BROKEN:
		o->broken = true;
		return 0;
	case OPT_DROP:
		return parse_drop(arg, o) < 0 ? fail("bad --drop-at (INS in hex, then :N)", arg) : 0;
	case OPT_LOG:
		o->apdu_log = arg;
		return 0;
	case OPT_HELP:
		fputs(usage, stdout);
		return 1;
	default: /* getopt_long has said what was wrong */
		fputs("see vcard --help\n", stderr);
		return -1;
	}
}

int options_parse(int argc, char **argv, struct options *o)
{
	int opt;

	memset(o, 0, sizeof *o);
	o->host = "127.0.0.1";
	o->pin = "123456";
	o->puk = "12345678";
	o->tries = o->puk_tries = 3;
	o->applet = applets[0];
	o->drop_ins = -1;
	memcpy(o->atr, default_atr, sizeof default_atr);
	o->atr_len = sizeof default_atr;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		int r = apply(opt, optarg, o);
		if (r != 0)
			return r;
	}
	if (optind < argc)
		return fail("unexpected argument", argv[optind]);
	if (o->port == NULL)
		return fail("missing option", "--port");
	return 0;
}
