/* bridge.h — the local signing bridge's pure parts: versions, its page, /proc/net/tcp lines, the request's signer text. */
#ifndef CW_BRIDGE_H
#define CW_BRIDGE_H

#include <stddef.h>

/* MOICA's browser signing bridge, HiPKI Local Server (doc/FIELD-NOTES.md, MOICA): where it listens and
 * the oldest version sites accept on Linux. A site's wizard file may name another bridge and minimum. */
#define CW_BRIDGE_HOST "127.0.0.1"
#define CW_BRIDGE_PORT 61161
#define CW_BRIDGE_MIN_VERSION "1.3.4.3"
#define CW_BRIDGE_FOLDER "/usr/local/HiPKILocalSignServerApp"

/* A dotted version: 2 to CW_VERSION_PARTS numbers of 1 to 9 digits each. */
#define CW_VERSION_PARTS 6
#define CW_VERSION_TEXT 64
struct cw_version {
	int n;
	long part[CW_VERSION_PARTS];
};

/* Parse exactly len bytes of s as a version; 0, or -1 when it is not one. */
int cw_version_parse(const char *s, size_t len, struct cw_version *v);
/* <0, 0, >0 like strcmp; missing parts count as 0 (1.3.4 == 1.3.4.0). */
int cw_version_cmp(const struct cw_version *a, const struct cw_version *b);
void cw_version_format(const struct cw_version *v, char *out, size_t size);

/* The version an HTTP answer shows as "version:x.y.z.w" (spaces allowed after the colon; the number
 * must end there, not run into letters or another dot). Only the body is read when the answer has
 * headers. 0 with v set, -1 when no well-formed version is there. */
int cw_bridge_page_version(const char *page, size_t len, struct cw_version *v);

/* The signer text a request carries: "HOST:PORT" or "HOST:PORT MIN" (MIN: the site's minimum
 * version). The engine writes it, the helper reads it: both go through these two. */
struct cw_bridge_addr {
	char host[64];
	int port;
	char min[CW_VERSION_TEXT]; /* "" when the text names none */
};
int cw_bridge_format(const char *host, int port, const char *min, char *out, size_t size); /* 0 or -1 (does not fit) */
int cw_bridge_parse(const char *text, struct cw_bridge_addr *a);                          /* 0, or -1 when malformed */

/* One line of /proc/net/tcp or /proc/net/tcp6 (v6 = 1): the local address (as the kernel keeps it:
 * network byte order), port, state (0x0A = listening), the owner's uid and the socket's inode. */
#define CW_TCP_LISTEN 0x0A
struct cw_tcp_socket {
	int v6;
	unsigned char addr[16]; /* 4 bytes for IPv4 */
	int port;
	int state;
	unsigned uid;
	unsigned long inode;
};
/* 0, or -1 for the header line and anything malformed. */
int cw_tcp_parse_line(const char *line, int v6, struct cw_tcp_socket *t);
/* Does this socket listen where a connection to addr (4 or 16 bytes, network order) and port lands:
 * the same address, a wildcard, or (IPv6) the IPv4-mapped form of an IPv4 address? */
int cw_tcp_listens_for(const struct cw_tcp_socket *t, const unsigned char *addr, int addr_len, int port);

#endif
