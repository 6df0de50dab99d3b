/* usb.c — the USB devices sysfs shows (ids, strings, a smart-card interface), under a root tests can move. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/text.h"
#include "probe_int.h"

const char *cw_sysfs_root(void)
{
	/* A test hook (man/cardwiz.1, ENVIRONMENT): the folder that stands for /sys, e.g. a fixture tree. */
	const char *root = getenv("CARDWIZ_SYSFS");
	return root && root[0] ? root : "/sys";
}

/* The first line of DIR/NAME, control characters made '?' (the strings come from the device). */
static int read_attr(const char *dir, const char *name, char *out, size_t size)
{
	char path[1400];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	out[0] = '\0';
	if (!f)
		return -1;
	int ok = fgets(out, (int)size, f) != NULL;
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return ok ? 0 : -1;
}

/* Interfaces are named "DEVICE:CONFIG.INTERFACE" beside their device in bus/usb/devices. */
static int has_ccid_interface(const char *base, const char *dev)
{
	DIR *d = opendir(base);
	if (!d)
		return 0;
	size_t n = strlen(dev);
	int found = 0;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		char dir[1200], cls[8];
		if (strncmp(e->d_name, dev, n) != 0 || e->d_name[n] != ':')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", base, e->d_name);
		found = read_attr(dir, "bInterfaceClass", cls, sizeof(cls)) == 0 && strtoul(cls, NULL, 16) == 0x0B;
	}
	closedir(d);
	return found;
}

int cw_usb_scan(struct cw_usb_device *out, int max)
{
	char base[900];
	snprintf(base, sizeof(base), "%s/bus/usb/devices", cw_sysfs_root());
	DIR *d = opendir(base);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while (n < max && (e = readdir(d))) {
		char dir[1200], v[16], p[16];
		if (e->d_name[0] == '.' || strchr(e->d_name, ':'))
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", base, e->d_name);
		if (read_attr(dir, "idVendor", v, sizeof(v)) < 0 || read_attr(dir, "idProduct", p, sizeof(p)) < 0)
			continue;
		struct cw_usb_device *u = &out[n];
		memset(u, 0, sizeof(*u));
		u->vid = (unsigned)strtoul(v, NULL, 16);
		u->pid = (unsigned)strtoul(p, NULL, 16);
		read_attr(dir, "manufacturer", u->manufacturer, sizeof(u->manufacturer));
		read_attr(dir, "product", u->product, sizeof(u->product));
		u->ccid = has_ccid_interface(base, e->d_name);
		n++;
	}
	closedir(d);
	return n;
}
