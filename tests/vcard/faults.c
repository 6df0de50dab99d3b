/* faults.c - decides per APDU whether the card pulls out, stays mute or answers 6F00. */
#include "faults.h"

enum fault faults_check(struct faults *f, const uint8_t *raw, size_t n)
{
	/* the drop counts even on a mute or broken card: it is the hand pulling it */
	if (f->drop_ins >= 0 && n >= 2 && raw[1] == f->drop_ins && ++f->seen >= f->drop_n)
		return FAULT_DROP;
	if (f->mute)
		return FAULT_MUTE;
	if (f->broken)
		return FAULT_BROKEN;
	return FAULT_NONE;
}
