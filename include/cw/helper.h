/* helper.h — the killable helper process that does all card and module work (doc/DESIGN.md §2). */
#ifndef CW_HELPER_H
#define CW_HELPER_H

#include <sys/types.h>

#include "cw/proto.h"

/* How a request ended, seen from the UI process. */
enum cw_helper_status {
	CW_HELPER_OK,       /* an answer arrived */
	CW_HELPER_TIMEOUT,  /* no answer by the deadline: the helper was killed */
	CW_HELPER_CRASHED,  /* the helper died (a module crashed it) */
	CW_HELPER_FAILED,   /* could not start or talk to it */
};

struct cw_helper {
	const char *program; /* the cardwiz binary to run as helper; NULL = this program */
	pid_t pid;
	int fd;
	int signal;    /* the signal that ended the last helper, 0 if none */
};

/* Start a helper: fork and exec this program with --helper=FD. 0 or -1. */
int cw_helper_start(struct cw_helper *h);
/* Send a request and wait for its answer for at most timeout_ms; on timeout or death the
 * helper is gone (killed and reaped) and a new one must be started. */
enum cw_helper_status cw_helper_call(struct cw_helper *h, const struct cw_request *q, struct cw_result *r,
				     int timeout_ms);
/* Asynchronous form for front ends that wait in poll(): send now, then call cw_helper_receive
 * when h->fd is readable, or cw_helper_kill past the deadline. */
int cw_helper_send(struct cw_helper *h, const struct cw_request *q);
enum cw_helper_status cw_helper_receive(struct cw_helper *h, struct cw_result *r);
void cw_helper_kill(struct cw_helper *h);
/* Ask it to quit, wait briefly, kill if it lingers. */
void cw_helper_stop(struct cw_helper *h);
int cw_helper_running(const struct cw_helper *h);

/* The helper's own side: serve requests on fd until QUIT or EOF; returns the exit status. */
int cw_helper_main(int fd);

#endif
