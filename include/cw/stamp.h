/* stamp.h — timestamps for `make bench` only: where the helper's start-up time goes. */
#ifndef CW_STAMP_H
#define CW_STAMP_H

/* Append "PID WHAT MICROSECONDS" (monotonic clock) to the file named by CARDWIZ_BENCH_STAMPS;
 * nothing at all when it is unset (bench/run sets it; cardwiz's users never need it). */
void cw_stamp(const char *what);

#endif
