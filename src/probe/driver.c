/* driver.c — the driver check: USB card readers and their drivers (FAQ 3), and the PKCS#11 module file. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "cw/i18n.h"
#include "cw/paths.h"
#include "cw/text.h"
#include "probe_int.h"

#define CCID_PLIST "/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist"
#define CCID_PLIST_ETC "/etc/libccid_Info.plist" /* Debian's copy; it stays when libccid is removed */
#define USB_MAX 64

/* What the USB readers add up to, worst first: the order the driver check reports them in. */
enum usb_verdict { V_NONE_SEEN, V_NO_DRIVER, V_NOT_LISTED, V_MISBEHAVES, V_DRIVEN, V_NO_USB_INFO };

struct usb_facts {
	struct cw_ccid_list ccid;
	int ccid_installed;
	struct cw_reader_table table;
	int table_loaded;
};

static void load_lists(struct usb_facts *f)
{
	f->ccid_installed = cw_ccid_list_load(CCID_PLIST, &f->ccid) == 0;
	if (!f->ccid_installed) /* names only: the driver itself is not there */
		cw_ccid_list_load(CCID_PLIST_ETC, &f->ccid);
	/* cardwiz's own table sits beside the default wizard file (DATADIR, or wizard/ in the build tree). */
	char path[1024];
	cw_copy(path, sizeof(path), cw_default_wizard());
	char *slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path, sizeof(path) - (size_t)(slash ? slash + 1 - path : 0), "%s", "readers.conf");
	f->table_loaded = cw_reader_table_load(path, &f->table, NULL) == 0;
}

static int pcscd_lists(const struct cw_probe_session *s, const struct cw_usb_device *d, const char *ccid_name)
{
	for (int i = 0; i < s->nreaders; i++)
		if (cw_reader_name_matches(s->readers[i], d, ccid_name))
			return 1;
	return 0;
}

static void device_name(const struct cw_usb_device *d, const struct cw_reader_quirk *q, const struct cw_ccid_entry *c,
			char *out, size_t size)
{
	if (q)
		cw_copy(out, size, q->name);
	else if (c && c->name[0])
		cw_copy(out, size, c->name);
	else if (d->product[0])
		snprintf(out, size, "%s%s%s", d->manufacturer, d->manufacturer[0] ? " " : "", d->product);
	else
		cw_copy(out, size, "USB reader");
}

/* Say what one reader is and why it gets its verdict (the note names it and, where needed, its driver). */
static enum usb_verdict judge(const struct cw_probe_session *s, const struct usb_facts *f, const struct cw_usb_device *d,
			      struct cw_result *r)
{
	const struct cw_reader_quirk *q = cw_reader_table_find(&f->table, d->vid, d->pid);
	const struct cw_ccid_entry *c = cw_ccid_list_find(&f->ccid, d->vid, d->pid);
	int listed = pcscd_lists(s, d, c ? c->name : NULL);
	int knows = f->ccid_installed && c;
	char name[96];
	device_name(d, q, c, name, sizeof(name));
	cw_result_add(r, "usb_reader", "%s %04x:%04x", name, d->vid, d->pid);
	cw_result_add(r, "pcscd_lists_it", "%s", listed ? "yes" : "no");
	cw_result_add(r, "libccid", "%s", !f->ccid_installed ? "not installed" : c ? "supports it" : "not in its list");
	if (q)
		cw_result_add(r, "known_reader", "%s", q->kind == CW_READER_NEEDS_DRIVER ? "needs-driver" : "misbehaves");
	switch (cw_reader_classify(q, listed, knows)) {
	case CW_RC_NO_DRIVER:
		if (q && q->driver[0]) {
			cw_result_add(r, "driver_needed", "%s", q->driver);
			cw_result_note(r, "%s (%04x:%04x): %s", name, d->vid, d->pid, cw_tr(q->text[0], q->text[1]));
		} else {
			cw_result_add(r, "driver_needed", "%s", "libccid");
			cw_result_note(r, "%s (%04x:%04x): %s", name, d->vid, d->pid,
				       !f->ccid_installed ? cw_tr("需要驅動程式 libccid (sudo apt install libccid)",
								  "needs the driver libccid (sudo apt install libccid)")
							  : cw_tr("不在 libccid 的支援清單，沒有驅動程式可用；請換一台 CCID 讀卡機",
								  "not in libccid's list: no driver here serves it; use a CCID reader"));
		}
		return V_NO_DRIVER;
	case CW_RC_MISBEHAVES:
		cw_result_note(r, "%s (%04x:%04x): %s", name, d->vid, d->pid, cw_tr(q->text[0], q->text[1]));
		return V_MISBEHAVES;
	case CW_RC_DRIVEN:
		break;
	}
	if (!listed) {
		cw_result_note(r, "%s (%04x:%04x): %s", name, d->vid, d->pid,
			       cw_tr("libccid 支援它，但 pcscd 沒有列出它", "libccid supports it, but pcscd does not list it"));
		return V_NOT_LISTED;
	}
	cw_result_note(r, "%s (%04x:%04x)", name, d->vid, d->pid);
	return V_DRIVEN;
}

/* FAQ 3's four cases from the USB readers: none at all, one without a driver, one known to misbehave, driven. */
static enum usb_verdict usb_readers(const struct cw_probe_session *s, struct cw_result *r)
{
	static struct cw_usb_device devs[USB_MAX];
	int n = cw_usb_scan(devs, USB_MAX);
	if (n < 0) {
		cw_result_add(r, "usb", "%s/bus/usb/devices: not found", cw_sysfs_root());
		return V_NO_USB_INFO;
	}
	struct usb_facts f;
	load_lists(&f);
	if (!f.table_loaded)
		cw_result_add(r, "reader_table", "%s", "readers.conf not found");
	enum usb_verdict worst = V_NONE_SEEN;
	int readers = 0;
	struct cw_result first = *r; /* the worst reader's facts are the ones reported */
	for (int i = 0; i < n; i++) {
		if (!cw_usb_is_reader(&devs[i], &f.ccid, &f.table))
			continue;
		struct cw_result one = first;
		enum usb_verdict v = judge(s, &f, &devs[i], &one);
		if (!readers++ || v < worst) {
			worst = v;
			*r = one;
		}
	}
	cw_result_add(r, "usb_readers", "%d", readers);
	cw_ccid_list_free(&f.ccid);
	cw_reader_table_free(&f.table);
	return worst;
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
	static const enum cw_code fails[] = {
		[V_NONE_SEEN] = CW_CODE_NO_USB_READER,
		[V_NO_DRIVER] = CW_CODE_NO_DRIVER,
		[V_NOT_LISTED] = CW_CODE_READER_NOT_LISTED,
	};
	enum usb_verdict v = usb_readers(s, r);
	/* No USB reader is only a fault when pcscd lists none either (built-in and virtual readers count). */
	if (v == V_NONE_SEEN && s->nreaders > 0)
		v = V_DRIVEN;
	if (v == V_NONE_SEEN)
		cw_result_note(r, "%s", cw_tr("USB 上沒有讀卡機", "no reader on USB"));
	if (v <= V_NOT_LISTED) {
		cw_result_set(r, fails[v]);
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
	if (v == V_MISBEHAVES) { /* the reader's note stays: it names the reader */
		cw_result_set(r, CW_CODE_READER_MISBEHAVES);
		return;
	}
	cw_result_set(r, CW_CODE_OK);
	cw_result_note(r, "%s", s->module_path);
}
