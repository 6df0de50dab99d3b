/* pinmemory.h — the PINs a card refused, kept as salted hashes so that none is sent again (engine and helper). */
#ifndef CW_PINMEMORY_H
#define CW_PINMEMORY_H

#include <stddef.h>

/*
 * Salted SHA-256 only (the salt is new for each memory): a core dump or a memory scan finds no PIN
 * here. Each PIN is kept twice, as typed and with A-Z folded to a-z, so that a card whose PIN is
 * not case-sensitive (a profile's case_sensitive: false) knows "ABC123" failed when "abc123" did.
 */
struct cw_pin_memory;
struct cw_pin_memory *cw_pin_memory_new(void); /* NULL when memory fails */
void cw_pin_memory_free(struct cw_pin_memory *m); /* wipes the hashes; NULL is fine */
void cw_pin_memory_clear(struct cw_pin_memory *m);
void cw_pin_memory_add(struct cw_pin_memory *m, const char *pin, size_t len);
/* Did this PIN fail before? fold_case: compare with A-Z folded (the card ignores case). */
int cw_pin_memory_has(const struct cw_pin_memory *m, const char *pin, size_t len, int fold_case);

#endif
