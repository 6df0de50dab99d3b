#!/usr/bin/env bash
# t-readers.sh — FAQ 3's four cases from USB (sysfs fixtures under CARDWIZ_SYSFS, the test bed's real pcscd):
# no reader at all, an EZ100PU without its vendor driver, an AU9540 known to misbehave, a CCID reader
# libccid drives (not listed by pcscd; and one pcscd does list).
set -u
. "$(dirname "$0")/../report/lib.sh"
FIX="$ROOT/tests/readers/fixtures"
[ -r /usr/lib/pcsc/drivers/ifd-ccid.bundle/Contents/Info.plist ] || { echo "libccid is not installed"; exit 77; }
sysfs_report() { # OUT FIXTURE [cardwiz args...]
	local out=$1 fx=$2; shift 2
	CARDWIZ_SYSFS="$FIX/$fx" report "$out" "$@"
}
scenario_no_reader() {
	sysfs_report "$TESTBED_DIR/none.json" none
	expect_rc 1
	assert "$TESTBED_DIR/none.json" reader=no-readers driver=no-usb-reader driver.detail.usb_readers=0 \
		faq=3 node=reader-missing
}
scenario_ez100pu() {
	sysfs_report "$TESTBED_DIR/ez.json" ez100pu
	assert "$TESTBED_DIR/ez.json" reader=no-readers driver=no-driver "driver.detail.usb_reader=Castles EZ100PU 0ca6:0010" \
		driver.detail.driver_needed=~ezusb driver.detail.known_reader=needs-driver driver.detail.pcscd_lists_it=no \
		"driver.detail.libccid=not in its list" node=driver-missing faq=3
	sysfs_report "$TESTBED_DIR/ez-zh.json" ez100pu --lang zh_TW
	assert "$TESTBED_DIR/ez-zh.json" driver=no-driver driver.detail.note=~驅動程式 lang=zh_TW
	# The wizard (line mode) walks to the same advice and names the reader.
	CARDWIZ_SYSFS="$FIX/ez100pu" "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" \
		</dev/null >"$TESTBED_DIR/ez.plain" 2>&1
	if grep -q 'Castles EZ100PU (0ca6:0010)' "$TESTBED_DIR/ez.plain" && grep -q '== The reader has no driver (FAQ 3) ==' "$TESTBED_DIR/ez.plain"; then
		echo "ok   --plain names the EZ100PU and walks to the driver advice"
	else
		echo "FAIL --plain: $(head -c 600 "$TESTBED_DIR/ez.plain")"; fail=1
	fi
}
scenario_au9540() {
	sysfs_report "$TESTBED_DIR/au.json" au9540
	assert "$TESTBED_DIR/au.json" reader=no-readers driver=reader-misbehaves "driver.detail.usb_reader=Alcor Micro AU9540 058f:9540" \
		"driver.detail.libccid=supports it" driver.detail.known_reader=misbehaves driver.detail.note=~unsupported \
		node=reader-trouble
}
scenario_ccid() {
	sysfs_report "$TESTBED_DIR/ccid.json" ccid
	assert "$TESTBED_DIR/ccid.json" reader=no-readers driver=reader-not-listed \
		"driver.detail.usb_reader=Gemalto PC Twin Reader 08e6:3437" "driver.detail.libccid=supports it" \
		driver.detail.pcscd_lists_it=no node=reader-replug faq=3
}
scenario_listed() { # readers listed: an AU9540 warns; a reader pcscd lists (by its USB product name) passes
	sysfs_report "$TESTBED_DIR/au.json" au9540
	assert "$TESTBED_DIR/au.json" reader=ok driver=reader-misbehaves driver:status=warn card=ok
	sysfs_report "$TESTBED_DIR/driven.json" driven
	expect_rc 0
	assert "$TESTBED_DIR/driven.json" reader=ok driver=ok driver.detail.pcscd_lists_it=yes \
		"driver.detail.usb_reader=Gemalto PC Twin Reader 08e6:3437" driver.detail.usb_readers=1 card=ok
	sysfs_report "$TESTBED_DIR/none.json" none # no USB reader, but pcscd lists its own: fine
	assert "$TESTBED_DIR/none.json" driver=ok driver.detail.usb_readers=0
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios "no_reader:--readers=0" "ez100pu:--readers=0" "au9540:--readers=0" "ccid:--readers=0" "listed:--card=piv"
