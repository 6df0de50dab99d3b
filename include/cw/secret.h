/* secret.h — PINs, PUKs and user codes: locked, never dumped, wiped after use (doc/DESIGN.md §5). */
#ifndef CW_SECRET_H
#define CW_SECRET_H

#include <stddef.h>

#define CW_SECRET_MAX 128

struct cw_secret;

/* A new empty secret in its own locked page, excluded from core dumps; also turns core
 * dumps off for the process (RLIMIT_CORE 0, not dumpable). NULL when memory fails. */
struct cw_secret *cw_secret_new(void);
/* Wipe and release; NULL is fine. */
void cw_secret_free(struct cw_secret *s);
void cw_secret_clear(struct cw_secret *s);
/* Set from bytes (the caller wipes its own copy); -1 when longer than CW_SECRET_MAX. */
int cw_secret_set(struct cw_secret *s, const char *bytes, size_t len);
/* Append one byte (masked input); -1 when full. */
int cw_secret_push(struct cw_secret *s, char c);
/* Remove the last byte (backspace); -1 when empty. */
int cw_secret_pop(struct cw_secret *s);
/* Read one line from fd (--pin-fd): up to newline or EOF, CR/LF stripped. -1 on error, too long, or
 * a NUL byte (errno EINVAL: refused, never cut short). */
int cw_secret_read_fd(struct cw_secret *s, int fd);
/* The bytes, NUL-terminated, valid until the next change. */
const char *cw_secret_str(const struct cw_secret *s);
size_t cw_secret_len(const struct cw_secret *s);
/* Turn core dumps off for this process (done by cw_secret_new, callable early). */
void cw_secret_no_dumps(void);
/* Wipe any memory that held a secret (explicit_bzero). */
void cw_wipe(void *p, size_t len);

#endif
