/* stamp.c — bench timestamps: one line per moment, only when bench/run names a file (CARDWIZ_BENCH_STAMPS). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cw/stamp.h"

void cw_stamp(const char *what)
{
	static int fd = -2; /* -2: not looked at yet, -1: off */
	if (fd == -2) {
		const char *path = getenv("CARDWIZ_BENCH_STAMPS");
		fd = path && *path ? open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600) : -1;
	}
	if (fd < 0)
		return;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	char line[128];
	int n = snprintf(line, sizeof(line), "%ld %s %lld\n", (long)getpid(), what,
			 (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000);
	/* One write with O_APPEND: lines of the UI and its helper never interleave. */
	if (n > 0 && write(fd, line, (size_t)n) < 0)
		fd = -1;
}
