#!/usr/bin/env bash
# t-pin.sh — the PIN guard on a real card: wrong PINs counted, final try not spent without consent,
# a locked card never gets a PIN (the card's own APDU log is the judge), no PIN given → skipped.
set -u
. "$(dirname "$0")/lib.sh"
verify_with_data() { # VERIFY commands that carried a PIN (an empty VERIFY only asks the count)
	grep -cE '> 00 20 00 80 08' "$1" || true
}
scenario_wrong_pins() {
	local log=$TESTBED_APDU_LOG
	report "$TESTBED_DIR/1.json" --pin-fd 3 3<"$(pin_file 000000)"
	assert "$TESTBED_DIR/1.json" token=ok pin=pin-incorrect faq=5 crypt=not-run sign=not-run
	report "$TESTBED_DIR/2.json" --pin-fd 3 3<"$(pin_file 000000)"
	assert "$TESTBED_DIR/2.json" pin=pin-incorrect pin.detail.tries_left=1
	# The next report shows the final try, and does not spend it without --allow-final-try.
	: >"$log"
	report "$TESTBED_DIR/3.json" --pin-fd 3 3<"$(pin_file)"
	assert "$TESTBED_DIR/3.json" token=pin-final-try token.detail.tries_left=1 pin=refused-final-try
	local n; n=$(verify_with_data "$log")
	if [ "$n" = 0 ]; then echo "ok   final try not spent"; else echo "FAIL $n VERIFY with a PIN at the final try"; fail=1; fi
	# With consent and the right PIN it passes (and the counter resets: the next report is clean).
	report "$TESTBED_DIR/4.json" --pin-fd 3 3<"$(pin_file)" --allow-final-try
	assert "$TESTBED_DIR/4.json" token=pin-final-try pin=ok nine-pass
	expect_rc 1
	report "$TESTBED_DIR/5.json" --pin-fd 3 3<"$(pin_file)"
	assert "$TESTBED_DIR/5.json" token=ok nine-pass
	expect_rc 0
}
scenario_locked() {
	local log=$TESTBED_APDU_LOG i
	for i in 1 2 3; do
		report "$TESTBED_DIR/w$i.json" --allow-final-try --pin-fd 3 3<"$(pin_file 000000)"
	done
	assert "$TESTBED_DIR/w3.json" pin=pin-locked pin.detail.tries_left=0
	: >"$log"
	report "$TESTBED_DIR/locked.json" --allow-final-try --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	assert "$TESTBED_DIR/locked.json" token=pin-locked token.detail.tries_left=0 pin=pin-locked faq=5 \
		diagnosis=pin-locked crypt=not-run enc-cert=ok sign-cert=ok
	# A PIV card's advice is its own (issue 14, 4 and 6): its PUK, its issuer; no MOICA route.
	report "$TESTBED_DIR/locked-en.json" --lang=en
	assert "$TESTBED_DIR/locked-en.json" "token.advice=~unblock code (PUK)" "token.advice=!unlock route"
	report "$TESTBED_DIR/locked-zh.json" --lang=zh_TW
	assert "$TESTBED_DIR/locked-zh.json" "token.advice=~解鎖碼 (PUK)" "token.advice=!鎖卡解碼"
	local n; n=$(verify_with_data "$log")
	if [ "$n" = 0 ]; then echo "ok   no VERIFY with a PIN sent to the locked card"; else echo "FAIL $n VERIFY with a PIN sent"; fail=1; fi
	grep -q '00 20 00 80' "$log" || { echo "FAIL the APDU log saw no traffic at all: is it the card's log?"; fail=1; }
}
scenario_no_pin() {
	report "$TESTBED_DIR/r.json"
	expect_rc 0
	assert "$TESTBED_DIR/r.json" pin=skipped-no-pin crypt=skipped-no-pin sign=skipped-no-pin pin:status=skip enc-cert=ok \
		verdict=ok-untested untested=pin,crypt,sign diagnosis=ok
	# The helpdesk's normal run: exit 0, and the text says what was not tested, in both languages.
	"$ROOT/build/cardwiz" --report --lang=en --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/r.txt"
	rc=$?
	expect_rc 0
	grep -qx "Verdict: PIN, decrypt and signature not tested." "$TESTBED_DIR/r.txt" && echo "ok   text verdict" ||
		{ echo "FAIL text verdict: $(tail -n 3 "$TESTBED_DIR/r.txt")"; fail=1; }
	"$ROOT/build/cardwiz" --report --lang=zh_TW --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/r.zh.txt"
	grep -q "PIN 碼、解密與簽章未測試" "$TESTBED_DIR/r.zh.txt" && echo "ok   text verdict in Chinese" ||
		{ echo "FAIL Chinese verdict: $(tail -n 3 "$TESTBED_DIR/r.zh.txt")"; fail=1; }
	# A PIN the card cannot take (too short for PIV's 4–8... 12 digits too long) is not sent.
	: >"$TESTBED_APDU_LOG"
	report "$TESTBED_DIR/long.json" --pin-fd 3 3<"$(pin_file 123456789012)"
	assert "$TESTBED_DIR/long.json" pin=pin-not-allowed
	local n; n=$(verify_with_data "$TESTBED_APDU_LOG")
	[ "$n" = 0 ] && echo "ok   over-long PIN not sent" || { echo "FAIL over-long PIN sent"; fail=1; }
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios "wrong_pins:--apdu-log=@log" "locked:--apdu-log=@log" "no_pin:--apdu-log=@log"
