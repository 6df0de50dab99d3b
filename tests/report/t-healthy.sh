#!/usr/bin/env bash
# t-healthy.sh — a healthy PIV card with its PIN: all nine HiCOS checks pass, exit 0, no PIN anywhere.
set -u
if [ -z "${TESTBED_DIR:-}" ]; then exec "$(dirname "$0")/../testbed/run" --card=piv -- "$0"; fi
. "$(dirname "$0")/lib.sh"
out=$TESTBED_DIR/healthy.json
report "$out" --pin-fd 3 3<"$(pin_file)"
expect_rc 0
assert "$out" nine-pass service=ok token=ok pin=ok crypt=ok sign=ok signer=no-signer-configured \
	cert-import=ok faq=null diagnosis=ok node=done card.detail.applet=PIV verdict=ok untested=
no_stderr "$out"
if grep -q "$TESTBED_PIN" "$out"; then echo "FAIL the PIN is in the report"; fail=1; else echo "ok   no PIN in the report"; fi
# The text report tells the same and ends with the diagnosis.
"$ROOT/build/cardwiz" --report --lang=en --module "$CARDWIZ_TEST_MODULE" --pin-fd 3 3<"$(pin_file)" >"$TESTBED_DIR/t.txt"
grep -q "Diagnosis: every check passed" "$TESTBED_DIR/t.txt" && echo "ok   text diagnosis" || { echo "FAIL text"; cat "$TESTBED_DIR/t.txt"; fail=1; }
exit $fail
