/* listener.h — which process owns a listening TCP socket (for the signer check). */
#ifndef CW_PROBE_LISTENER_H
#define CW_PROBE_LISTENER_H

struct cw_listener {
	int socket_found;    /* a listening socket for the address is in /proc/net/tcp or tcp6 */
	unsigned uid;        /* its owner's uid */
	int pid;             /* the process holding it, 0 when none could be seen */
	char comm[64];       /* /proc/PID/comm */
	char exe[256];       /* /proc/PID/exe, "" when unreadable */
};

/* Look up the listener for addr (4 or 16 bytes, network order) and port. Returns 0 when its socket
 * was found (l->pid may still be 0: as non-root only one's own processes' descriptors are readable). */
int cw_listener_find(const unsigned char *addr, int addr_len, int port, struct cw_listener *l);

#endif
