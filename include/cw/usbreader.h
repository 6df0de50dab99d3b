/* usbreader.h — USB card readers: libccid's supported list, cardwiz's table of awkward readers, and
 * the verdict of FAQ 3 (no reader, no driver, a driver but known trouble, driven). Pure: files only. */
#ifndef CW_USBREADER_H
#define CW_USBREADER_H

#include <stddef.h>

/* One USB device as sysfs shows it (the probe fills it). */
struct cw_usb_device {
	unsigned vid, pid;
	char manufacturer[64], product[96];
	int ccid;                          /* an interface of class 0x0B (smart card) */
};

/* libccid's Info.plist: three arrays paired by index (ifdVendorID, ifdProductID, ifdFriendlyName). */
struct cw_ccid_entry {
	unsigned vid, pid;
	char name[80];
};
struct cw_ccid_list {
	struct cw_ccid_entry *e;
	size_t n;
};
/* Read the plist as plain text (no plist library). 0, or -1 when the file cannot be read. */
int cw_ccid_list_load(const char *path, struct cw_ccid_list *l);
/* Parse plist text already in memory (what cw_ccid_list_load reads); 0 or -1 (no memory). */
int cw_ccid_list_parse(const char *text, struct cw_ccid_list *l);
void cw_ccid_list_free(struct cw_ccid_list *l);
const struct cw_ccid_entry *cw_ccid_list_find(const struct cw_ccid_list *l, unsigned vid, unsigned pid);

/* cardwiz's own table (readers.conf beside faq.yaml): readers that need another driver, or misbehave. */
enum cw_reader_kind { CW_READER_NEEDS_DRIVER, CW_READER_MISBEHAVES };
struct cw_reader_quirk {
	unsigned vid, pid;
	enum cw_reader_kind kind;
	char name[64];
	char driver[96];                   /* the driver it needs (needs-driver), or "" */
	char text[2][200];                 /* what to tell the user: [0] zh_TW, [1] en */
};
struct cw_reader_table {
	struct cw_reader_quirk *q;
	size_t n;
};
/* Lines "vid:pid | kind | name | driver | zh_TW | en"; '#' comments. 0, or -1 when unreadable.
 * A bad line is skipped and counted in *bad (may be NULL). */
int cw_reader_table_load(const char *path, struct cw_reader_table *t, int *bad);
int cw_reader_table_parse(const char *text, struct cw_reader_table *t, int *bad);
void cw_reader_table_free(struct cw_reader_table *t);
const struct cw_reader_quirk *cw_reader_table_find(const struct cw_reader_table *t, unsigned vid, unsigned pid);

/* Is this USB device a card reader at all (class 0x0B, or named by libccid or the table)? */
int cw_usb_is_reader(const struct cw_usb_device *d, const struct cw_ccid_list *l, const struct cw_reader_table *t);

/* FAQ 3's cases for one reader on USB. */
enum cw_reader_case {
	CW_RC_DRIVEN,        /* a driver pcscd uses serves it */
	CW_RC_NO_DRIVER,     /* nothing installed drives it: name the driver it needs */
	CW_RC_MISBEHAVES,    /* driven, but known for trouble: suggest another reader */
};
/* listed: pcscd lists a reader of this name; ccid: libccid installed and knows it. */
enum cw_reader_case cw_reader_classify(const struct cw_reader_quirk *quirk, int listed, int ccid_knows);

/* Does a PC/SC reader name belong to this device (pcscd names USB readers after libccid's
 * ifdFriendlyName, other drivers after the USB product string)? */
int cw_reader_name_matches(const char *reader, const struct cw_usb_device *d, const char *ccid_name);

#endif
