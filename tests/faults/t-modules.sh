#!/usr/bin/env bash
# t-modules.sh — issue 11's module faults on the test bed, with build/p11fault.so (a fault-injecting
# module in front of the test bed's OpenSC): a module that prints on stdout leaves the JSON report
# valid; one that hangs in C_Initialize or C_Login is module-hung, one that crashes in C_Login is
# module-crashed (a direct PC/SC probe of the card, after the kill, finds the card answering); a
# silent card is card-mute (the same probe finds it silent), and stays so after a recheck in --plain.
# The card's APDU log is the evidence: no VERIFY with a PIN reached it, and it answered the probe.
set -u
. "$(dirname "$0")/../report/lib.sh"

FAULT=$ROOT/build/p11fault.so
# VERIFY with a PIN (an empty VERIFY only asks for the count); SELECT of the PIV applet.
verifies() { grep -cE '> 00 20 00 80 08' "$TESTBED_APDU_LOG" || true; }
selects() { grep -cE '> 00 A4 04 00 09 A0 00 00 03 08' "$TESTBED_APDU_LOG" || true; }
say() { if [ "$1" = ok ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi; }

# faulty OUT FAULT LIMIT_S [cardwiz args...]: --report --format=json through p11fault, timed.
faulty() {
	local out=$1 fault=$2 limit=$3 s
	shift 3
	: >"$TESTBED_APDU_LOG"
	s=$SECONDS
	P11FAULT=$fault P11FAULT_MODULE=$CARDWIZ_TEST_MODULE timeout -s KILL $((limit + 15)) \
		"$ROOT/build/cardwiz" --report --format=json --lang=en --module "$FAULT" "$@" >"$out" 2>"$out.err"
	rc=$?
	local took=$((SECONDS - s))
	if [ "$took" -le "$limit" ]; then say ok "$fault: ended in ${took}s"; else say FAIL "$fault: took ${took}s, over ${limit}s"; fi
	no_stderr "$out"
}

scenario_modules() {
	local out=$TESTBED_DIR/print.json
	faulty "$out" print 20 --pin-fd 3 3<"$(pin_file)"
	if python3 -m json.tool "$out" >/dev/null 2>&1; then say ok "print: the report is valid JSON"; else
		say FAIL "print: the report is not valid JSON: $(head -c 200 "$out")"; fi
	grep -qE "says hello|vendor debug" "$out" && say FAIL "print: the module's chatter reached the report"
	assert "$out" nine-pass
	expect_rc 0
	[ "$(verifies)" -ge 1 ] && say ok "print: the card verified the PIN" || say FAIL "print: no VERIFY reached the card"

	out=$TESTBED_DIR/hang-login.json
	faulty "$out" hang-login 20 --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	assert "$out" token=ok pin=module-hung pin:status=fail "pin.detail.helper=timed out" \
		"pin.detail.card_probe=card answers" faq=1 diagnosis=module-hung "pin.advice=~restart" \
		crypt=not-run
	[ "$(verifies)" = 0 ] && say ok "hang-login: no VERIFY with a PIN reached the card" || say FAIL "hang-login: $(verifies) VERIFY"
	# The probe's SELECT comes after the kill: the card answered it (not "(mute").
	if tail -n 2 "$TESTBED_APDU_LOG" | grep -qE '> 00 A4 04 00 09 A0' && ! grep -q mute "$TESTBED_APDU_LOG"; then
		say ok "hang-login: the card answered the direct probe"
	else say FAIL "hang-login: no answered SELECT at the end of the APDU log"; tail -n 4 "$TESTBED_APDU_LOG"; fi

	out=$TESTBED_DIR/crash-login.json
	faulty "$out" crash-login 10 --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	assert "$out" token=ok pin=module-crashed "pin.detail.helper=crashed" "pin.detail.card_probe=card answers" \
		faq=1 diagnosis=module-crashed "pin.advice=~crashed"
	[ "$(verifies)" = 0 ] && say ok "crash-login: no VERIFY with a PIN reached the card" || say FAIL "crash-login: $(verifies) VERIFY"

	out=$TESTBED_DIR/hang-init.json
	faulty "$out" hang-initialize 25
	expect_rc 1
	assert "$out" card=ok module=module-hung "module.detail.helper=timed out" "module.detail.card_probe=card answers" \
		token=not-run faq=1 diagnosis=module-hung
	[ "$(selects)" -ge 1 ] && say ok "hang-initialize: the direct probe reached the card" || say FAIL "hang-initialize: no SELECT"
}

scenario_mute() {
	local out=$TESTBED_DIR/mute.json
	: >"$TESTBED_APDU_LOG"
	report "$out" --lang=en --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	assert "$out" card=card-mute "card.detail.helper=timed out" "card.detail.card_probe=service answers" \
		module=card-mute module:status=fail token=card-mute pin=card-mute faq=2 diagnosis=card-mute
	grep -q '(mute: no answer)' "$TESTBED_APDU_LOG" && say ok "mute: the card left an APDU unanswered" ||
		say FAIL "mute: no unanswered APDU in the log"

	# --plain, then `r` (check again) with nothing changed: still the silent card, never a pass.
	out=$TESTBED_DIR/mute.txt
	printf 'r\n' | timeout 60 "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" >"$out" 2>"$out.err"
	rc=$?
	expect_rc 1
	local n; n=$(grep -c '✗ Card read: The card does not answer' "$out")
	[ "$n" -ge 2 ] && say ok "recheck: the card still does not answer ($n times)" || { say FAIL "recheck: card-mute shown $n times"; tail -n 30 "$out"; }
	grep -qE 'every check passed|no problem found|\? Card read' "$out" && say FAIL "recheck: reads as healthy or unknown"
	grep -q '^Diagnosis: Card read — The card does not answer' "$out" && say ok "recheck: diagnosis card-mute" ||
		say FAIL "recheck: diagnosis is $(grep '^Diagnosis' "$out")"
	[ ! -s "$out.err" ] || say FAIL "stderr: $(head -c 200 "$out.err")"
}

# A module that refuses the change itself after taking the current PIN: not a wrong PIN, no try
# counted (the card's retry counter is the judge), and the PIN unchanged.
scenario_setpin() {
	: >"$TESTBED_APDU_LOG"
	P11FAULT=setpin-refused P11FAULT_MODULE=$CARDWIZ_TEST_MODULE CARDWIZ_TEST_MODULE=$FAULT NEW_PIN=654321 \
		"$ROOT/build/helper-request" "$ROOT/build/cardwiz" change generic >"$TESTBED_DIR/change.out"
	grep -qx 'pin-change-failed' "$TESTBED_DIR/change.out" && say ok "setpin-refused: pin-change-failed, not a wrong PIN" ||
		say FAIL "setpin-refused: $(cat "$TESTBED_DIR/change.out")"
	grep -qE '> 00 24 ' "$TESTBED_APDU_LOG" && say FAIL "setpin-refused: a CHANGE REFERENCE DATA reached the card" ||
		say ok "setpin-refused: no change reached the card"
	report "$TESTBED_DIR/after.json" --pin-fd 3 3<"$(pin_file)"
	assert "$TESTBED_DIR/after.json" token=ok pin=ok
}

if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
[ -x build/cardwiz ] && [ -x build/vcard ] && [ -x build/pcsc-wait ] && [ -f build/p11fault.so ] ||
	{ echo "skip: build first (make test-only)"; exit 77; }
run_scenarios "modules:--apdu-log=@log" "mute:--card=mute,--apdu-log=@log" "setpin:--apdu-log=@log"
