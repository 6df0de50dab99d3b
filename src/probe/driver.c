/* driver.c — the driver check: USB smart-card readers pcscd does not list, and the PKCS#11 module file. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cw/i18n.h"
#include "cw/text.h"
#include "probe_int.h"

#define SYSFS_USB "/sys/bus/usb/devices"
#define CCID_PLIST "/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist"

static int read_line(const char *dir, const char *name, char *out, size_t size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int ok = fgets(out, (int)size, f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

/* Is vendor:product in libccid's supported list? Its Info.plist pairs two arrays by index. */
static int ccid_knows(unsigned vid, unsigned pid)
{
	FILE *f = fopen(CCID_PLIST, "r");
	if (!f)
		return -1;
	enum { NONE, VENDORS, PRODUCTS } in = NONE;
	static unsigned vendors[4096], products[4096];
	size_t nv = 0, np = 0;
	char line[256];
	while (fgets(line, sizeof(line), f)) {
		unsigned v;
		if (strstr(line, "<key>ifdVendorID</key>"))
			in = VENDORS;
		else if (strstr(line, "<key>ifdProductID</key>"))
			in = PRODUCTS;
		else if (strstr(line, "<key>"))
			in = NONE;
		else if (in != NONE && sscanf(line, " <string>0x%x</string>", &v) == 1) {
			if (in == VENDORS && nv < 4096)
				vendors[nv++] = v;
			else if (in == PRODUCTS && np < 4096)
				products[np++] = v;
		}
	}
	fclose(f);
	for (size_t i = 0; i < nv && i < np; i++)
		if (vendors[i] == vid && products[i] == pid)
			return 1;
	return 0;
}

/* Does pcscd list a reader whose name starts with this USB product name? */
static int pcscd_lists(const struct cw_probe_session *s, const char *product)
{
	for (int i = 0; i < s->nreaders; i++)
		if (product[0] && strncasecmp(s->readers[i], product, strlen(product)) == 0)
			return 1;
	return 0;
}

/* A USB device with an interface of class 0x0B (smart card) that pcscd does not list. */
static int find_unlisted_reader(const struct cw_probe_session *s, struct cw_result *r)
{
	DIR *d = opendir(SYSFS_USB);
	if (!d)
		return 0;
	struct dirent *e;
	int found = 0, seen = 0;
	while (!found && (e = readdir(d))) {
		char dir[512], cls[16];
		if (!strchr(e->d_name, ':')) /* interfaces are "bus-port:config.interface" */
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", SYSFS_USB, e->d_name);
		if (read_line(dir, "bInterfaceClass", cls, sizeof(cls)) < 0 || strcmp(cls, "0b") != 0)
			continue;
		seen++;
		char dev[600], product[128] = "", vid[16] = "", pid[16] = "";
		snprintf(dev, sizeof(dev), "%s/..", dir);
		read_line(dev, "product", product, sizeof(product));
		read_line(dev, "idVendor", vid, sizeof(vid));
		read_line(dev, "idProduct", pid, sizeof(pid));
		if (pcscd_lists(s, product))
			continue;
		unsigned v = 0, p = 0;
		sscanf(vid, "%x", &v);
		sscanf(pid, "%x", &p);
		int known = ccid_knows(v, p);
		cw_result_add(r, "usb_reader", "%s %s:%s", product[0] ? product : "?", vid, pid);
		cw_result_add(r, "libccid_knows", "%s", known > 0 ? "yes" : known == 0 ? "no" : "libccid not installed");
		cw_result_note(r, "%s (%s:%s) %s", product[0] ? product : cw_tr("USB 讀卡機", "USB reader"), vid, pid,
			       known > 0 ? cw_tr("libccid 支援它", "libccid supports it")
			       : known == 0 ? cw_tr("不在 libccid 的支援清單", "not in libccid's list")
					    : cw_tr("未安裝 libccid", "libccid not installed"));
		found = 1;
	}
	closedir(d);
	cw_result_add(r, "usb_smartcard_interfaces", "%d", seen);
	return found;
}

/* Which reader.conf entry names this reader (serial and virtual readers); 1 when found. */
static int reader_conf_entry(const char *reader, char *out, size_t size)
{
	DIR *d = opendir("/etc/reader.conf.d");
	if (!d)
		return 0;
	struct dirent *e;
	int found = 0;
	while (!found && (e = readdir(d))) {
		char path[512], line[512], name[256] = "", lib[256] = "";
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/etc/reader.conf.d/%s", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			sscanf(line, " FRIENDLYNAME \"%255[^\"]\"", name);
			sscanf(line, " LIBPATH %255s", lib);
		}
		fclose(f);
		if (name[0] && strncmp(reader, name, strlen(name)) == 0) {
			snprintf(out, size, "%s (%s)", path, lib);
			found = 1;
		}
	}
	closedir(d);
	return found;
}

/* PC/SC does not name a reader's driver: say where it can be found. */
static void name_drivers(const struct cw_probe_session *s, struct cw_result *r)
{
	for (int i = 0; i < s->nreaders && i < 4; i++) {
		char key[32], where[600];
		snprintf(key, sizeof(key), "driver%d", i);
		if (!reader_conf_entry(s->readers[i], where, sizeof(where)))
			snprintf(where, sizeof(where), "%s", "libccid (/usr/lib/pcsc/drivers/ifd-ccid.bundle) or another USB driver");
		cw_result_add(r, key, "%s: %s", s->readers[i], where);
	}
}

void cw_probe_driver(struct cw_probe_session *s, struct cw_result *r)
{
	name_drivers(s, r);
	if (find_unlisted_reader(s, r)) {
		cw_result_set(r, CW_CODE_NO_DRIVER);
		return;
	}
	if (cw_module_choose(s, r) < 0) {
		cw_result_set(r, CW_CODE_MODULE_MISSING);
		cw_result_add(r, "module", "%s", s->module_path);
		cw_result_note(r, "%s%s", s->module_path,
			       s->module[0] && s->module[0] != '/' ? cw_tr("：不接受相對路徑", ": a relative path is refused") : "");
		return;
	}
	cw_result_add(r, "module", "%s", s->module_path);
	cw_result_set(r, CW_CODE_OK);
	cw_result_note(r, "%s", s->module_path);
}
