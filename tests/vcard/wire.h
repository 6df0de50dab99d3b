/* wire.h - vpcd framing: 2-byte big-endian length + body, both directions. */
#ifndef VCARD_WIRE_H
#define VCARD_WIRE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

enum { WIRE_OK = 1, WIRE_CLOSED = 0, WIRE_ERROR = -1, WIRE_STOP = -2 };

#define WIRE_MAX 65535

/* Signals in waitmask's complement are blocked except while waiting, so a
 * SIGTERM can only interrupt a wait (WIRE_STOP), never a half-sent frame. */

/* Connects, retrying every 15 ms until timeout_ms: fd, WIRE_ERROR or WIRE_STOP. */
int wire_connect(const char *host, const char *port, int timeout_ms, const sigset_t *waitmask);
/* One frame into buf (WIRE_MAX bytes): WIRE_OK, WIRE_CLOSED, WIRE_ERROR or WIRE_STOP. */
int wire_recv(int fd, uint8_t *buf, size_t *len, const sigset_t *waitmask);
/* One frame, length and body in a single write (Nagle would stall split writes). */
int wire_send(int fd, const uint8_t *data, size_t len);

#endif
