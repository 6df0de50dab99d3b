/* main.c - vcard entry point: options, state and certificates, connect to vpcd, serve frames. */
#include "applets.h"
#include "card.h"
#include "faults.h"
#include "log.h"
#include "options.h"
#include "sw.h"
#include "wire.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct applet *const applet_by_name[] = { &piv_applet, &none_applet, &garbage_applet };

static void on_signal(int sig)
{
	(void)sig; /* only interrupts ppoll; the loop sees WIRE_STOP */
}

/* SIGINT/SIGTERM stay blocked except inside ppoll: no frame is ever torn */
static void setup_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, waitmask);
	sigdelset(waitmask, SIGINT);
	sigdelset(waitmask, SIGTERM);
}

static const struct applet *pick_applet(const char *name)
{
	for (size_t i = 0; i < sizeof applet_by_name / sizeof applet_by_name[0]; i++)
		if (strcmp(applet_by_name[i]->name, name) == 0)
			return applet_by_name[i];
	return &piv_applet;
}

static void hexstr(char *s, size_t n, const uint8_t *p, size_t len)
{
	size_t k = 0;

	s[0] = '\0';
	for (size_t i = 0; i < len && k + 4 < n; i++)
		k += (size_t)snprintf(s + k, n - k, i ? " %02X" : "%02X", p[i]);
}

/* Serves frames until the card leaves; returns the reason for the log. */
static const char *serve(int fd, struct card *c, struct faults *f, const sigset_t *waitmask)
{
	static uint8_t frame[WIRE_MAX];
	static char why[64];
	struct buf out = { 0 };
	const char *reason = NULL;

	while (reason == NULL) {
		size_t n = 0;
		const char *event = NULL;
		int w = wire_recv(fd, frame, &n, waitmask);

		if (w != WIRE_OK) {
			reason = w == WIRE_STOP ? "signal" : w == WIRE_CLOSED ? "reader closed the connection"
									    : "connection lost";
			break;
		}
		buf_clear(&out);
		if (n == 1) {
			bool answer = card_control(c, frame[0], &out, &event);
			if (event)
				log_event("%s", event);
			if (answer && wire_send(fd, out.p, out.len) != WIRE_OK)
				reason = "connection lost";
			continue;
		}
		switch (faults_check(f, frame, n)) {
		case FAULT_DROP:
			log_apdu(frame, n, NULL, 0, "(card pulled)");
			snprintf(why, sizeof why, "--drop-at %02X:%u", (unsigned)f->drop_ins, f->drop_n);
			reason = why;
			continue;
		case FAULT_MUTE:
			log_apdu(frame, n, NULL, 0, "(mute: no answer)");
			continue;
		case FAULT_BROKEN:
			buf_sw(&out, SW_NO_DIAGNOSIS);
			break;
		case FAULT_NONE:
			card_apdu(c, frame, n, &out);
			break;
		}
		if (wire_send(fd, out.p, out.len) != WIRE_OK)
			reason = "connection lost";
		log_apdu(frame, n, out.p, out.len, NULL);
	}
	buf_free(&out);
	return reason;
}

int main(int argc, char **argv)
{
	struct options o;
	struct pinstate pins;
	struct objects obj;
	struct card card;
	sigset_t waitmask;
	char atr[ATR_MAX * 3 + 1];

	int r = options_parse(argc, argv, &o);
	if (r != 0)
		return r > 0 ? 0 : 2;

	memset(&pins, 0, sizeof pins);
	strcpy(pins.pin.value, o.pin);
	strcpy(pins.puk.value, o.puk);
	pins.pin.tries = pins.pin.max = o.tries;
	pins.puk.tries = pins.puk.max = o.puk_tries;
	pins.path = o.state;
	if (state_load(&pins) < 0)
		return 1;
	if (objects_load(&obj, o.certs) < 0)
		return 1;
	if (o.apdu_log && log_open(o.apdu_log) < 0) {
		objects_free(&obj);
		return 1;
	}
	setup_signals(&waitmask);

	int fd = wire_connect(o.host, o.port, 5000, &waitmask);
	if (fd < 0) {
		objects_free(&obj);
		log_close();
		return fd == WIRE_STOP ? 0 : 1;
	}
	hexstr(atr, sizeof atr, o.atr, o.atr_len);
	log_event("insert (vpcd %s:%s, applet %s, ATR %s)", o.host, o.port, o.applet, atr);

	struct faults f = { .mute = o.mute, .broken = o.broken, .drop_ins = o.drop_ins, .drop_n = o.drop_n };
	card_init(&card, pick_applet(o.applet), o.atr, o.atr_len, &pins, &obj);
	const char *reason = serve(fd, &card, &f, &waitmask);

	close(fd); /* for vpcd this is the card leaving the reader */
	log_event("remove (%s)", reason);
	card_free(&card);
	objects_free(&obj);
	log_close();
	return 0;
}
