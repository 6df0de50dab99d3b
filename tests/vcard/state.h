/* state.h - PIN, PUK and their retry counters, kept across card removal. */
#ifndef VCARD_STATE_H
#define VCARD_STATE_H

#define SECRET_MAX 8 /* PIV pads PIN and PUK to 8 bytes */

struct secret {
	char value[SECRET_MAX + 1];
	int tries; /* left; 0 = blocked */
	int max;   /* what a successful check or an unblock restores */
};

struct pinstate {
	struct secret pin, puk;
	const char *path; /* NULL: nothing survives the process */
};

/* Reads path when it exists (its values win), else creates it. 0 or -1. */
int state_load(struct pinstate *s);
/* Atomic rewrite (temp file + rename); 0 or -1 (warned on stderr). */
int state_save(const struct pinstate *s);

#endif
