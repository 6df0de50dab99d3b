/* holders.c — who holds the card: the processes with the PC/SC client library mapped, from /proc. */
#include <PCSC/winscard.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cw/holders.h"
#include "cw/i18n.h"
#include "cw/text.h"
#include "probe_int.h"

#define HOLDERS_MAX 8

struct holder {
	int pid;
	char comm[32];
};

static int maps_pcsclite(int pid)
{
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int found = 0;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		found = cw_maps_line_is_pcsclite(line);
	}
	fclose(f);
	return found;
}

static void read_comm(int pid, char *out, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	FILE *f = fopen(path, "r");
	out[0] = '\0';
	if (f) {
		if (fgets(out, (int)size, f))
			out[strcspn(out, "\n")] = '\0';
		fclose(f);
	}
	if (!out[0])
		cw_copy(out, size, "?");
}

/* The PC/SC clients other than this cardwiz (the helper and the process that started it). As root every
 * process is read; otherwise only the user's own (others' maps are closed to us). */
static int scan(struct holder *h, int max)
{
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	uid_t me = getuid();
	int root = geteuid() == 0, n = 0;
	struct dirent *e;
	while (n < max && (e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		int pid = atoi(e->d_name);
		if (pid == getpid() || pid == getppid())
			continue;
		char dir[64];
		struct stat st;
		snprintf(dir, sizeof(dir), "/proc/%d", pid);
		if (stat(dir, &st) < 0 || (!root && st.st_uid != me))
			continue;
		if (!maps_pcsclite(pid))
			continue;
		read_comm(pid, h[n].comm, sizeof(h[n].comm));
		if (cw_holder_ignored(h[n].comm))
			continue;
		h[n++].pid = pid;
	}
	closedir(d);
	return n;
}

/* The reader's state as pcscd tells it: exclusive (SCardConnect with SCARD_SHARE_EXCLUSIVE), in use. */
static const char *reader_state(struct cw_probe_session *s)
{
	SCARD_READERSTATE st = {.szReader = s->readers[s->reader_index], .dwCurrentState = SCARD_STATE_UNAWARE};
	if (SCardGetStatusChange((SCARDCONTEXT)s->pcsc_ctx, 0, &st, 1) != SCARD_S_SUCCESS)
		return "unknown";
	if (st.dwEventState & SCARD_STATE_EXCLUSIVE)
		return "exclusive";
	return st.dwEventState & SCARD_STATE_INUSE ? "in use" : "not in use";
}

int cw_holders_report(struct cw_probe_session *s, struct cw_result *r)
{
	struct holder h[HOLDERS_MAX];
	int n = scan(h, HOLDERS_MAX), root = geteuid() == 0;
	cw_result_add(r, "reader_state", "%s", reader_state(s));
	cw_result_add(r, "holders_scope", "%s", root ? "all processes (root)" : "this user's processes only");
	char list[CW_DETAIL_VALUE] = "";
	const struct holder *known = NULL;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(list);
		snprintf(list + len, sizeof(list) - len, "%s%s (pid %d)", i ? ", " : "", h[i].comm, h[i].pid);
		if (!known && cw_holder_lookup(h[i].comm))
			known = &h[i];
	}
	cw_result_add(r, "holders", "%s", n ? list : "none found");
	/* Name the one cardwiz knows what to do about; else the first; else say where it looked. */
	const struct holder *first = known ? known : n ? &h[0] : NULL;
	const struct cw_holder_kind *k = first ? cw_holder_lookup(first->comm) : NULL;
	if (k)
		cw_result_note(r, "%s (pid %d)%s: %s", first->comm, first->pid, n > 1 ? cw_tr(" 等", " and others") : "",
			       cw_tr(k->todo[0], k->todo[1]));
	else if (first)
		cw_result_note(r, "%s (pid %d)%s: %s", first->comm, first->pid, n > 1 ? cw_tr(" 等", " and others") : "",
			       cw_tr("請結束這個程式，再檢測一次", "quit that program, then check again"));
	else
		cw_result_note(r, "%s", root ? cw_tr("其他程式占用卡片，但找不到使用讀卡服務的程式",
						     "another program holds the card, but no PC/SC client was found")
					     : cw_tr("其他程式占用卡片；只看得到您自己的程式 (以 root 執行可看全部)",
						     "another program holds the card; only your own processes were looked at (run as root to see all)"));
	return n;
}
