/* faults.h - misbehaviours on purpose: --mute, --broken, --drop-at. */
#ifndef VCARD_FAULTS_H
#define VCARD_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fault { FAULT_NONE, FAULT_MUTE, FAULT_BROKEN, FAULT_DROP };

struct faults {
	bool mute;
	bool broken;
	int drop_ins;      /* -1: never drop */
	unsigned drop_n;   /* drop at the drop_n-th APDU with that INS */
	unsigned seen;
};

/* Decides the fate of one command frame (not control bytes). */
enum fault faults_check(struct faults *f, const uint8_t *raw, size_t n);

#endif
