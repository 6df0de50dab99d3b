/* test_usbreader.c — libccid's plist read as text, cardwiz's reader table, FAQ 3's verdict, holder names. */
#include <string.h>

#include "cw/holders.h"
#include "cw/usbreader.h"
#include "unit.h"

static const char plist[] =
	"<dict>\n<key>ifdVendorID</key>\n<array>\n\t\t<string>0x08E6</string>\n\t\t<string>0x058F</string>\n"
	"</array>\n<key>ifdProductID</key>\n<array>\n\t\t<string>0x3437</string>\n\t\t<string>0x9540</string>\n"
	"</array>\n<key>ifdFriendlyName</key>\n<array>\n\t\t<string>Gemalto PC Twin Reader</string>\n"
	"\t\t<string>Alcor Micro AU9540</string>\n</array>\n<key>Copyright</key>\n<string>0x1234</string>\n</dict>\n";

START_TEST(test_plist_pairs_by_index)
{
	struct cw_ccid_list l;
	ck_assert_int_eq(cw_ccid_list_parse(plist, &l), 0);
	ck_assert_uint_eq(l.n, 2);
	const struct cw_ccid_entry *e = cw_ccid_list_find(&l, 0x058f, 0x9540);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->name, "Alcor Micro AU9540");
	ck_assert_ptr_null(cw_ccid_list_find(&l, 0x0ca6, 0x0010));
	ck_assert_ptr_null(cw_ccid_list_find(&l, 0x08e6, 0x9540)); /* vendor of one, product of another */
	cw_ccid_list_free(&l);
	ck_assert_int_eq(cw_ccid_list_parse("<dict></dict>", &l), 0);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(test_real_plist_when_installed)
{
	struct cw_ccid_list l;
	if (cw_ccid_list_load("/usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist", &l) < 0)
		return; /* libccid not installed here: the excerpt above covers the parser */
	ck_assert_uint_gt(l.n, 100);
	ck_assert_ptr_nonnull(cw_ccid_list_find(&l, 0x08e6, 0x3437));
	ck_assert_ptr_null(cw_ccid_list_find(&l, 0x0ca6, 0x0010)); /* the EZ100PU is not CCID */
	cw_ccid_list_free(&l);
}
END_TEST

START_TEST(test_table_lines)
{
	struct cw_reader_table t;
	int bad = -1;
	const char *text = "# comment\n\n"
			   "0ca6:0010 | needs-driver | Castles EZ100PU | ezusb | 中文 | English\n"
			   "058F:9540|misbehaves|Alcor|| 中 | en \n"
			   "zz:0010 | misbehaves | X | | a | b\n"        /* bad id */
			   "0001:0002 | broken | X | | a | b\n"         /* unknown kind */
			   "0001:0003 | misbehaves | X | | a\n";        /* a field short */
	ck_assert_int_eq(cw_reader_table_parse(text, &t, &bad), 0);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_int_eq(bad, 3);
	const struct cw_reader_quirk *q = cw_reader_table_find(&t, 0x0ca6, 0x0010);
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(q->kind, CW_READER_NEEDS_DRIVER);
	ck_assert_str_eq(q->driver, "ezusb");
	ck_assert_str_eq(q->text[0], "中文");
	q = cw_reader_table_find(&t, 0x058f, 0x9540);
	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(q->text[1], "en");
	ck_assert_str_eq(q->driver, "");
	cw_reader_table_free(&t);
}
END_TEST

START_TEST(test_shipped_table)
{
	struct cw_reader_table t;
	int bad = -1;
	ck_assert_int_eq(cw_reader_table_load("wizard/readers.conf", &t, &bad), 0);
	ck_assert_int_eq(bad, 0);
	ck_assert_ptr_nonnull(cw_reader_table_find(&t, 0x0ca6, 0x0010));
	ck_assert_int_eq(cw_reader_table_find(&t, 0x058f, 0x9540)->kind, CW_READER_MISBEHAVES);
	cw_reader_table_free(&t);
}
END_TEST

START_TEST(test_classify)
{
	struct cw_reader_quirk needs = {.kind = CW_READER_NEEDS_DRIVER}, odd = {.kind = CW_READER_MISBEHAVES};
	ck_assert_int_eq(cw_reader_classify(NULL, 0, 0), CW_RC_NO_DRIVER);
	ck_assert_int_eq(cw_reader_classify(NULL, 0, 1), CW_RC_DRIVEN);
	ck_assert_int_eq(cw_reader_classify(NULL, 1, 0), CW_RC_DRIVEN);
	ck_assert_int_eq(cw_reader_classify(&needs, 0, 1), CW_RC_NO_DRIVER); /* libccid's word does not count */
	ck_assert_int_eq(cw_reader_classify(&needs, 1, 0), CW_RC_DRIVEN);    /* the vendor driver is in */
	ck_assert_int_eq(cw_reader_classify(&odd, 0, 1), CW_RC_MISBEHAVES);
	ck_assert_int_eq(cw_reader_classify(&odd, 1, 0), CW_RC_MISBEHAVES);
	ck_assert_int_eq(cw_reader_classify(&odd, 0, 0), CW_RC_NO_DRIVER);
}
END_TEST

START_TEST(test_names_and_readers)
{
	struct cw_usb_device d = {.vid = 0x08e6, .pid = 0x3437, .manufacturer = "Gemalto", .product = "USB SmartCard Reader"};
	ck_assert(cw_reader_name_matches("Gemalto PC Twin Reader 00 00", &d, "Gemalto PC Twin Reader"));
	ck_assert(cw_reader_name_matches("Gemalto USB SmartCard Reader [CCID] 00 00", &d, NULL));
	ck_assert(cw_reader_name_matches("USB SmartCard Reader 00 00", &d, NULL));
	ck_assert(!cw_reader_name_matches("Virtual PCD 00 00", &d, "Gemalto PC Twin Reader"));
	struct cw_usb_device empty = {0};
	ck_assert(!cw_reader_name_matches("Virtual PCD 00 00", &empty, ""));
	struct cw_usb_device kbd = {.vid = 0x046d, .pid = 0xc31c}, ccid = {.ccid = 1};
	ck_assert(!cw_usb_is_reader(&kbd, NULL, NULL));
	ck_assert(cw_usb_is_reader(&ccid, NULL, NULL));
}
END_TEST

START_TEST(test_holders)
{
	ck_assert(cw_maps_line_is_pcsclite("7f00-7f10 r-xp 00000000 08:01 123 /usr/lib/x86_64-linux-gnu/libpcsclite.so.1.0.0"));
	ck_assert(!cw_maps_line_is_pcsclite("7f00-7f10 r-xp 00000000 08:01 123 /usr/lib/libpcsclite-ish/libc.so.6"));
	ck_assert(!cw_maps_line_is_pcsclite("7f00-7f10 rw-p 00000000 00:00 0 [heap]"));
	ck_assert_ptr_nonnull(cw_holder_lookup("scdaemon"));
	ck_assert(strstr(cw_holder_lookup("scdaemon")->todo[1], "gpgconf --kill scdaemon"));
	ck_assert(strstr(cw_holder_lookup("scdaemon")->todo[1], "pcsc-shared"));
	ck_assert_ptr_nonnull(cw_holder_lookup("firefox-esr"));
	ck_assert_ptr_nonnull(cw_holder_lookup("gsd-smartcard"));
	ck_assert_ptr_nonnull(cw_holder_lookup("cardwiz"));
	ck_assert_ptr_null(cw_holder_lookup("bash"));
	ck_assert(cw_holder_ignored("pcscd"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("usbreader");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_plist_pairs_by_index);
	tcase_add_test(tc, test_real_plist_when_installed);
	tcase_add_test(tc, test_table_lines);
	tcase_add_test(tc, test_shipped_table);
	tcase_add_test(tc, test_classify);
	tcase_add_test(tc, test_names_and_readers);
	tcase_add_test(tc, test_holders);
	suite_add_tcase(s, tc);
	return s;
}

CW_TEST_MAIN(suite)
