/* monitor.h — live PC/SC events on their own thread: service up/down, readers, card in/out. */
#ifndef CW_MONITOR_H
#define CW_MONITOR_H

#include <pthread.h>

#define CW_MONITOR_READERS 8

enum cw_event_kind { CW_EV_SERVICE_UP, CW_EV_SERVICE_DOWN, CW_EV_READERS, CW_EV_CARD_IN, CW_EV_CARD_OUT };

/* What the status line shows: a snapshot, copied under the lock. */
struct cw_monitor_state {
	int service;                      /* pcscd answers */
	int nreaders;
	char readers[CW_MONITOR_READERS][128];
	int present[CW_MONITOR_READERS];  /* a card in that reader */
	unsigned inserted[CW_MONITOR_READERS]; /* insertion counter (changes on every insert) */
	unsigned char atr[CW_MONITOR_READERS][33];
	unsigned atr_len[CW_MONITOR_READERS];
};

struct cw_monitor {
	pthread_t thread;
	int running;
	int pipe[2];                      /* the thread writes one byte per event batch to pipe[1] */
	int stop[2];                      /* the UI writes here to stop it */
	pthread_mutex_t lock;
	struct cw_monitor_state state;
	long ctx;                         /* the thread's SCARDCONTEXT, for SCardCancel */
	int have_ctx;
	int done;                         /* the thread has ended (set under the lock) */
	int abandoned;                    /* stop gave up on a thread stuck in pcscd */
};

/* Start the thread; the UI waits on cw_monitor_fd in poll(). 0 or -1. */
int cw_monitor_start(struct cw_monitor *m);
int cw_monitor_fd(const struct cw_monitor *m);
/* Drain the pipe after it was readable and copy the state. */
void cw_monitor_read(struct cw_monitor *m, struct cw_monitor_state *out);
/* Stop the thread, waiting at most wait_ms: 0 when it ended. -1 when it is stuck in a call into
 * pcscd (a stopped or hung pcscd): it is then abandoned, never joined, and m with its pipes stays
 * in use by it — call this only when the process is ending, and never start m again. */
int cw_monitor_stop(struct cw_monitor *m, int wait_ms);

#endif
