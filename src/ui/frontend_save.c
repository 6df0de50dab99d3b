/* frontend_save.c — saving the report of an interactive session (never over a file), and the kiosk spool's checks and retention. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cw/engine.h"
#include "cw/frontend.h"
#include "cw/i18n.h"
#include "cw/report.h"
#include "cw/safefile.h"

/* The latest result of each check: the full test's table, then the trail (later wins). */
static int collect(const struct cw_engine *e, struct cw_result *out)
{
	int have[CW_CHECK_COUNT] = {0};
	const struct cw_result *table;
	int nt = cw_engine_table(e, &table);
	for (int i = 0; i < nt; i++) {
		out[table[i].check] = table[i];
		have[table[i].check] = 1;
	}
	const struct cw_trail_step *steps;
	int ns = cw_engine_trail(e, &steps);
	for (int i = 0; i < ns; i++)
		if (steps[i].has_result) {
			out[steps[i].result.check] = steps[i].result;
			have[steps[i].result.check] = 1;
		}
	int n = 0;
	for (int c = 0; c < CW_CHECK_COUNT; c++)
		if (have[c])
			out[n++] = out[c];
	return n;
}

int cw_frontend_save_report(const struct cw_engine *e, const char *path, int json, int ascii, int atomic)
{
	struct cw_result results[CW_CHECK_COUNT];
	struct cw_report rep = {.results = results, .time = (long long)time(NULL), .ascii = ascii};
	rep.n = collect(e, results);
	cw_verdict_of(results, rep.n, &rep.verdict);
	rep.diagnosis = rep.verdict.diagnosis;
	const struct cw_node *node = cw_engine_node(e);
	rep.node = node ? node->id : NULL;
	size_t plen = strlen(path);
	json = json || (plen > 5 && strcmp(path + plen - 5, ".json") == 0);
	char *data = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&data, &len);
	if (!mem)
		return -1;
	if (json)
		cw_report_json(mem, &rep);
	else
		cw_report_text(mem, &rep);
	fclose(mem);
	/* A user's file is never overwritten; a spool file appears whole or not at all. */
	int rc = !data ? -1 : atomic ? cw_write_atomic(path, data, len, 0600) : cw_write_new(path, data, len, 0600);
	free(data);
	return rc;
}

/* ---- the kiosk spool (cardwiz(1): --spool, --spool-keep) ---- */

/* why = before, the folder's name, after (and an errno's text or a mode, where given). */
static void said(char *why, size_t n, const char *before, const char *dir, const char *after, const char *extra)
{
	snprintf(why, n, "%s%s%s%s", before, dir, after, extra ? extra : "");
}

int cw_spool_check(const char *dir, char *why, size_t n)
{
	struct stat st;
	why[0] = '\0';
	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			said(why, n, cw_tr("spool 資料夾不存在：", "the spool folder does not exist: "), dir,
			     cw_tr(" (請先以 mkdir -m 700 建立它)", " (create it first, with mkdir -m 700)"), NULL);
		else
			said(why, n, cw_tr("無法讀取 spool 資料夾 ", "cannot reach the spool folder "), dir, ": ", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		said(why, n, cw_tr("spool 不是資料夾：", "the spool is not a folder: "), dir, "", NULL);
		return -1;
	}
	if (access(dir, W_OK | X_OK) < 0) {
		said(why, n, cw_tr("無法寫入 spool 資料夾 ", "cannot write into the spool folder "), dir, ": ", strerror(errno));
		return -1;
	}
	unsigned mode = (unsigned)st.st_mode & 07777;
	if (!(mode & 077))
		return 0;
	char m[16];
	snprintf(m, sizeof(m), "%04o", mode);
	/* Reports hold the holder's name: other users never read them. Ours to tighten, else refused. */
	if (st.st_uid != geteuid() || chmod(dir, (mode_t)(mode & 0700)) < 0) {
		said(why, n, cw_tr("spool 資料夾開放給其他使用者而且無法收緊，拒絕使用 (請執行 chmod 700)：", "the spool folder is open to other users and cannot be tightened: refused (run chmod 700): "),
		     dir, cw_tr("，權限 ", ", mode "), m);
		return -1;
	}
	said(why, n, cw_tr("spool 資料夾原本開放給其他使用者，已收緊為 0700：", "the spool folder was open to other users, tightened to 0700: "), dir,
	     cw_tr("，原本的權限 ", ", mode was "), m);
	return 1;
}

/* The spool's own files only: visit-*.json (cw_write_atomic's temporary names are not touched). */
static int is_visit_report(const char *name)
{
	size_t len = strlen(name);
	return strncmp(name, "visit-", 6) == 0 && len > 11 && strcmp(name + len - 5, ".json") == 0;
}

int cw_spool_prune(const char *dir, int keep_days, long long now)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int removed = 0;
	long long keep = (long long)keep_days * 86400;
	for (struct dirent *de; (de = readdir(d));) {
		struct stat st;
		if (!is_visit_report(de->d_name) || fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (now - (long long)st.st_mtime >= keep && unlinkat(fd, de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}
