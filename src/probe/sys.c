/* sys.c — the os check and the host facts around pcscd (installed, running, socket, polkit, SSH). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cw/host.h"
#include "cw/probe.h"
#include "cw/service.h"

/* Read KEY="value" from os-release into out; returns 0 when found. */
static int os_release_get(const char *key, char *out, size_t size)
{
	static const char *const files[] = {"/etc/os-release", "/usr/lib/os-release"};
	size_t klen = strlen(key);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = fopen(files[i], "r");
		if (!f)
			continue;
		char line[512];
		int found = -1;
		while (found < 0 && fgets(line, sizeof(line), f)) {
			if (strncmp(line, key, klen) != 0 || line[klen] != '=')
				continue;
			char *v = line + klen + 1;
			v[strcspn(v, "\n")] = '\0';
			size_t n = strlen(v);
			if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
				v[n - 1] = '\0';
				v++;
			}
			snprintf(out, size, "%s", v);
			found = 0;
		}
		fclose(f);
		return found;
	}
	return -1;
}

static int known_family(const char *id, const char *id_like)
{
	static const char *const families[] = {"debian", "ubuntu", "fedora", "rhel", "centos",
					       "rocky", "almalinux", "suse", "opensuse", "arch"};
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strstr(id, families[i]) || strstr(id_like, families[i]))
			return 1;
	return 0;
}

void cw_probe_os(struct cw_probe_session *s, struct cw_result *r)
{
	(void)s;
	char pretty[128] = "Linux", id[64] = "", id_like[128] = "";
	os_release_get("PRETTY_NAME", pretty, sizeof(pretty));
	os_release_get("ID", id, sizeof(id));
	os_release_get("ID_LIKE", id_like, sizeof(id_like));
	struct utsname u;
	if (uname(&u) != 0)
		snprintf(u.release, sizeof(u.release), "?");
	const char *loc = setlocale(LC_CTYPE, NULL);
	const char *term = getenv("TERM");
	cw_result_add(r, "name", "%s", pretty);
	cw_result_add(r, "id", "%s", id);
	cw_result_add(r, "kernel", "%s %s %s", u.sysname, u.release, u.machine);
	cw_result_add(r, "locale", "%s", loc ? loc : "C");
	cw_result_add(r, "charset", "%s", nl_langinfo(CODESET));
	cw_result_add(r, "terminal", "%s", term && *term ? term : "none");
	cw_result_note(r, "%s, %s %s", pretty, u.sysname, u.release);
	cw_result_set(r, known_family(id, id_like) ? CW_CODE_OK : CW_CODE_UNSUPPORTED);
}

static int pcscd_running(void)
{
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	struct dirent *e;
	int found = 0;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[300], comm[32] = "";
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f))
			found = strcmp(comm, "pcscd\n") == 0;
		fclose(f);
	}
	closedir(d);
	return found;
}

static const char *pcscd_binary(void)
{
	static const char *const paths[] = {"/usr/sbin/pcscd", "/usr/local/sbin/pcscd", "/sbin/pcscd"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

/* Built with polkit = linked to libpolkit and its policy installed (doc/FIELD-NOTES.md: Debian 12's is not). */
static int binary_mentions(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t nlen = strlen(needle), have = 0;
	char buf[65536];
	int found = 0;
	size_t n;
	while (!found && (n = fread(buf + have, 1, sizeof(buf) - have, f)) > 0) {
		have += n;
		found = memmem(buf, have, needle, nlen) != NULL;
		if (have > nlen) { /* keep a tail so a match across reads is seen */
			memmove(buf, buf + have - nlen, nlen);
			have = nlen;
		}
	}
	fclose(f);
	return found;
}

void cw_sys_service_facts(struct cw_service_facts *f)
{
	const char *bin = pcscd_binary();
	f->installed = bin != NULL;
	f->running = pcscd_running();
	const char *sock = getenv("PCSCLITE_CSOCK_NAME");
	if (!sock || !*sock)
		sock = "/run/pcscd/pcscd.comm";
	struct stat st;
	f->socket_exists = stat(sock, &st) == 0;
	f->socket_denied = f->socket_exists && access(sock, R_OK | W_OK) != 0 && errno == EACCES;
	f->uses_polkit = bin && (access("/usr/share/polkit-1/actions/org.debian.pcsc-lite.policy", R_OK) == 0) &&
			 binary_mentions(bin, "libpolkit");
	f->remote_session = cw_remote_session();
}
