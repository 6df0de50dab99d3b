/* host.h — facts about where cardwiz runs that several layers need: a monotonic clock, an SSH session. */
#ifndef CW_HOST_H
#define CW_HOST_H

/* Milliseconds on the monotonic clock (deadlines and idle timers, never wall time). */
long long cw_now_ms(void);
/* Is this an SSH session (SSH_CONNECTION or SSH_TTY set and not empty)? */
int cw_remote_session(void);

#endif
