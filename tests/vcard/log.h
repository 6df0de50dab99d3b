/* log.h - the --apdu-log file: one timestamped line per APDU or card event. */
#ifndef VCARD_LOG_H
#define VCARD_LOG_H

#include <stddef.h>
#include <stdint.h>

int log_open(const char *path); /* 0 or -1 (message on stderr) */
void log_close(void);
void log_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* resp == NULL: the command got no answer; note says why */
void log_apdu(const uint8_t *cmd, size_t n, const uint8_t *resp, size_t rn, const char *note);

#endif
