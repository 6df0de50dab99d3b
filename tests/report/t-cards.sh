#!/usr/bin/env bash
# t-cards.sh — cards that cannot be used: broken (6F00), mute (silent: deadline, no hang), garbage PIV answers.
set -u
. "$(dirname "$0")/lib.sh"
scenario_broken() {
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" card=card-unsupported card.detail.first_sw=6F00 faq=2 module=not-run
}
scenario_mute() {
	local start=$SECONDS
	report "$TESTBED_DIR/r.json"
	local took=$((SECONDS - start))
	expect_rc 1
	assert "$TESTBED_DIR/r.json" card=card-mute faq=2 "card.detail.helper=timed out" module=not-run token=not-run
	if [ "$took" -le 15 ]; then echo "ok   ended in ${took}s"; else echo "FAIL took ${took}s (over 15 s)"; fail=1; fi
}
scenario_garbage() {
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	# The card answers the PIV SELECT with nonsense: OpenSC finds no token on it.
	assert "$TESTBED_DIR/r.json" card:status=pass module=no-token faq=2
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios broken:--card=broken mute:--card=mute garbage:--card=garbage
