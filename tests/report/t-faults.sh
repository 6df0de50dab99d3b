#!/usr/bin/env bash
# t-faults.sh — faults mid-run: the card pulled during the signature, pcscd killed mid-run, bad
# modules; each gives its code, no crash, no hang. And a SoftHSM2 token given with --module.
set -u
. "$(dirname "$0")/lib.sh"
timed_report() { # OUT ARGS...: report, and fail when it took over 5 s beyond the longest deadline
	local start=$SECONDS
	report "$@"
	local took=$((SECONDS - start))
	if [ "$took" -le 20 ]; then echo "ok   ended in ${took}s"; else echo "FAIL took ${took}s"; fail=1; fi
}
scenario_pulled_during_sign() {
	# A GENERAL AUTHENTICATE comes chained in two APDUs: #1-2 are the decryption, #3-4 the
	# signature: the card goes at #3.
	timed_report "$TESTBED_DIR/r.json" --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" crypt=ok sign=card-removed faq=2 diagnosis=card-removed \
		cert-import=ok enc-cert=ok
	no_stderr "$TESTBED_DIR/r.json"
}
scenario_pcscd_killed() {
	# cardwiz reads --pin-fd only when the PIN check comes: a FIFO holds it there while the
	# test kills pcscd, so the kill lands after the card and token checks, every time.
	local fifo=$TESTBED_DIR/pin.fifo
	mkfifo "$fifo"
	"$ROOT/build/cardwiz" --report --format=json --module "$CARDWIZ_TEST_MODULE" --pin-fd 3 3<"$fifo" \
		>"$TESTBED_DIR/r.json" 2>"$TESTBED_DIR/r.json.err" &
	local pid=$!
	exec 4>"$fifo" # opens once cardwiz has opened its end
	local i
	for i in $(seq 200); do # wait until it blocks reading the PIN (after the token check)
		grep -q pipe_read "/proc/$pid/wchan" 2>/dev/null && break
		sleep 0.05
	done
	testbed-service kill >/dev/null
	printf '%s\n' "$TESTBED_PIN" >&4
	exec 4>&-
	wait "$pid"; rc=$?
	expect_rc 1
	assert "$TESTBED_DIR/r.json" token=ok card=ok pin=service-lost faq=1 diagnosis=service-lost
	no_stderr "$TESTBED_DIR/r.json"
	# pcscd back: the next run is whole again.
	testbed-service restart >/dev/null
	report "$TESTBED_DIR/back.json" --pin-fd 3 3<"$(pin_file)"
	assert "$TESTBED_DIR/back.json" nine-pass
}
scenario_softhsm() {
	eval "$("$ROOT/tests/testbed/softhsm-token" "$TESTBED_DIR/hsm" --label cardwiz-hsm --pin 4321)"
	printf '4321\n' >"$TESTBED_DIR/hsm.pin"
	"$ROOT/build/cardwiz" --report --format=json --module "$TESTBED_SOFTHSM_MODULE" --pin-fd 3 3<"$TESTBED_DIR/hsm.pin" \
		>"$TESTBED_DIR/r.json" 2>"$TESTBED_DIR/r.json.err"
	rc=$?
	expect_rc 0
	assert "$TESTBED_DIR/r.json" module=ok token=ok token.detail.label=cardwiz-hsm pin=ok crypt=ok sign=ok \
		enc-cert=ok sign-cert=ok "module.detail.module=$TESTBED_SOFTHSM_MODULE"
}
scenario_bad_modules() {
	printf 'not a shared object\n' >"$TESTBED_DIR/notelf.so"
	local noentry
	noentry=$(ls /usr/lib/x86_64-linux-gnu/libz.so.1 /lib/x86_64-linux-gnu/libz.so.1 /usr/lib/*/libz.so.1 2>/dev/null | head -n 1)
	local m
	for m in "$TESTBED_DIR/missing.so" "$TESTBED_DIR/notelf.so" "$noentry"; do
		"$ROOT/build/cardwiz" --report --format=json --module "$m" >"$TESTBED_DIR/m.json" 2>"$TESTBED_DIR/m.json.err"
		rc=$?
		expect_rc 1
		assert "$TESTBED_DIR/m.json" module=module-load-failed faq=1
		no_stderr "$TESTBED_DIR/m.json"
	done
	"$ROOT/build/cardwiz" --report --format=json --module "$TESTBED_DIR/missing.so" >"$TESTBED_DIR/m.json"
	assert "$TESTBED_DIR/m.json" driver=module-missing diagnosis=module-missing
	"$ROOT/build/cardwiz" --report --format=json --module "relative/opensc.so" >"$TESTBED_DIR/m.json"
	assert "$TESTBED_DIR/m.json" driver=module-missing "driver.detail.note=~relative"
	"$ROOT/build/cardwiz" --report --format=json --module "$noentry" >"$TESTBED_DIR/m.json"
	assert "$TESTBED_DIR/m.json" "module.detail.note=~C_GetFunctionList"
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
scenario_pulled_during_decrypt() {
	timed_report "$TESTBED_DIR/r.json" --pin-fd 3 3<"$(pin_file)"
	assert "$TESTBED_DIR/r.json" crypt=card-removed sign=card-removed sign.detail.blocked_by=card-removed
}
run_scenarios pulled_during_decrypt:--drop-at=87:2 pulled_during_sign:--drop-at=87:3 pcscd_killed:--card=piv softhsm:--card=piv bad_modules:--card=piv
