#!/usr/bin/env bash
# t-tries.sh — after a wrong PIN the pin check says how many tries are left where the token tells
# (OpenSC's PIV: only at the final try) and "unknown" where it does not; the card's APDU log shows the tries.
set -u
. "$(dirname "$0")/../report/lib.sh"
scenario_wrong() {
	report "$TESTBED_DIR/1.json" --pin-fd 3 3<"$(pin_file 000000)"
	assert "$TESTBED_DIR/1.json" pin=pin-incorrect "pin.detail.note=Tries left: unknown (the card does not say)"
	report "$TESTBED_DIR/2.json" --lang zh_TW --pin-fd 3 3<"$(pin_file 999999)"
	assert "$TESTBED_DIR/2.json" pin=pin-incorrect pin.detail.tries_left=1 "pin.detail.note=剩餘嘗試次數：1"
	local n; n=$(grep -cE '> 00 20 00 80 08' "$TESTBED_APDU_LOG" || true)
	if [ "$n" = 2 ]; then echo "ok   two VERIFY with a PIN reached the card"; else echo "FAIL $n VERIFY with a PIN, want 2"; fail=1; fi
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios "wrong:--apdu-log=@log"
