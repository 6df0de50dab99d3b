/* holders.h — programs that may hold the card: which process maps mean a PC/SC client, and what
 * to tell the user about the common ones. Pure (the /proc scan is src/probe/holders.c). */
#ifndef CW_HOLDERS_H
#define CW_HOLDERS_H

#include <stddef.h>

/* A known card-holding program: its process name, and what to do, in zh_TW and en. */
struct cw_holder_kind {
	const char *comm;        /* process name (/proc/PID/comm), a prefix when it ends in '*' */
	const char *what[2];     /* what it is */
	const char *todo[2];     /* what to do */
};

/* Is this line of /proc/PID/maps the smart-card client library (libpcsclite.so*)? */
int cw_maps_line_is_pcsclite(const char *line);
/* The table row for a process name, or NULL when cardwiz knows nothing about it. */
const struct cw_holder_kind *cw_holder_lookup(const char *comm);
/* Process names that are never a holder worth naming (pcscd itself). */
int cw_holder_ignored(const char *comm);

#endif
