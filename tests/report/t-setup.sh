#!/usr/bin/env bash
# t-setup.sh — the set-up faults before any card: no pcscd (FAQ 1), no reader (FAQ 3), no card (FAQ 2).
set -u
. "$(dirname "$0")/lib.sh"
scenario_no_service() {
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" service=no-service faq=1 diagnosis=no-service node=pcscd-not-running reader=not-run \
		service.detail.pcsc_error=0x8010001D card=not-run os=ok
	no_stderr "$TESTBED_DIR/r.json"
}
scenario_no_reader() {
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" service=ok reader=no-readers faq=3 node=reader-missing reader.detail.pcsc_error=0x8010002E card=not-run
}
scenario_no_card() {
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" reader=ok "reader.detail.reader0=Virtual PCD 00 00" card=no-card faq=2 node=card-insert module=no-token
	# --reader narrows to one reader; a name that is not there says so
	report "$TESTBED_DIR/r2.json" --reader "Virtual PCD 00 01"
	assert "$TESTBED_DIR/r2.json" reader=ok "reader.detail.note=Virtual PCD 00 01" card=no-card
	report "$TESTBED_DIR/r3.json" --reader "No Such Reader"
	assert "$TESTBED_DIR/r3.json" reader=reader-not-found faq=3
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios no_service:--service=none no_reader:--readers=0 no_card:--card=none
