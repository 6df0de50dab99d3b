/* listener.c — which process owns a listening TCP socket: /proc/net/tcp and tcp6, then the socket inodes in /proc/PID/fd. */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cw/bridge.h"
#include "cw/text.h"
#include "listener.h"

#define MAX_PROCS 8192 /* a bound on the walk, far above a desktop's process count */

/* The listening socket in one /proc/net file; 0 when found. */
static int find_socket(const char *path, int v6, const unsigned char *addr, int addr_len, int port,
		       struct cw_tcp_socket *out)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	char line[512];
	int found = -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		struct cw_tcp_socket t;
		if (cw_tcp_parse_line(line, v6, &t) == 0 && cw_tcp_listens_for(&t, addr, addr_len, port)) {
			*out = t;
			found = 0;
		}
	}
	fclose(f);
	return found;
}

/* Does process pid hold the socket "socket:[inode]"? Unreadable fd folders (other users' processes
 * when not root) count as no. */
static int holds(int pid, const char *want)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "/proc/%d/fd", pid);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int found = 0;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		char target[64];
		ssize_t n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			found = strcmp(target, want) == 0;
		}
	}
	closedir(d);
	return found;
}

static void describe(int pid, struct cw_listener *l)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	FILE *f = fopen(path, "re");
	if (f) {
		if (fgets(l->comm, sizeof(l->comm), f))
			l->comm[strcspn(l->comm, "\n")] = '\0';
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	ssize_t n = readlink(path, l->exe, sizeof(l->exe) - 1);
	l->exe[n > 0 ? n : 0] = '\0';
}

int cw_listener_find(const unsigned char *addr, int addr_len, int port, struct cw_listener *l)
{
	memset(l, 0, sizeof(*l));
	struct cw_tcp_socket t;
	if (find_socket("/proc/net/tcp", 0, addr, addr_len, port, &t) < 0 &&
	    find_socket("/proc/net/tcp6", 1, addr, addr_len, port, &t) < 0)
		return -1;
	l->socket_found = 1;
	l->uid = t.uid;
	char want[48];
	snprintf(want, sizeof(want), "socket:[%lu]", t.inode);
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	struct dirent *e;
	for (int seen = 0; !l->pid && seen < MAX_PROCS && (e = readdir(d));) {
		int pid;
		if (!isdigit((unsigned char)e->d_name[0]) || sscanf(e->d_name, "%d", &pid) != 1)
			continue;
		seen++;
		if (holds(pid, want)) {
			l->pid = pid;
			describe(pid, l);
		}
	}
	closedir(d);
	return 0;
}
