/* paths.c — locating the message catalogue, the wizard file and the site file, build tree first. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cw/paths.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef DATADIR
#define DATADIR "/usr/local/share/cardwiz"
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc"
#endif

static char exe_dir[PATH_MAX];
static char locale_dir[PATH_MAX + 16];
static char wizard_path[PATH_MAX + 32];

int cw_file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *cw_exe_dir(void)
{
	if (exe_dir[0])
		return exe_dir;
	ssize_t n = readlink("/proc/self/exe", exe_dir, sizeof(exe_dir) - 1);
	if (n <= 0) {
		exe_dir[0] = '\0';
		return exe_dir;
	}
	exe_dir[n] = '\0';
	char *slash = strrchr(exe_dir, '/');
	if (slash)
		*slash = '\0';
	return exe_dir;
}

const char *cw_locale_dir(void)
{
	char probe[sizeof(locale_dir) + 48];
	snprintf(locale_dir, sizeof(locale_dir), "%s/locale", cw_exe_dir());
	snprintf(probe, sizeof(probe), "%s/zh_TW/LC_MESSAGES/cardwiz.mo", locale_dir);
	if (!cw_file_exists(probe))
		snprintf(locale_dir, sizeof(locale_dir), "%s", LOCALEDIR);
	return locale_dir;
}

/* The build tree keeps the program in build/ and the data in wizard/, beside the Makefile. */
static int in_build_tree(void)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/../wizard/faq.yaml", cw_exe_dir());
	if (!cw_file_exists(path))
		return 0;
	snprintf(path, sizeof(path), "%s/../Makefile", cw_exe_dir());
	return cw_file_exists(path);
}

const char *cw_default_wizard(void)
{
	if (in_build_tree())
		snprintf(wizard_path, sizeof(wizard_path), "%s/../wizard/faq.yaml", cw_exe_dir());
	else
		snprintf(wizard_path, sizeof(wizard_path), "%s/faq.yaml", DATADIR);
	return wizard_path;
}

const char *cw_default_site(void)
{
	/* A program built for tests never takes the settings of a site where cardwiz is installed. */
	return in_build_tree() ? NULL : SYSCONFDIR "/cardwiz/site.yaml";
}
