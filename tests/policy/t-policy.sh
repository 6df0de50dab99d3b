#!/usr/bin/env bash
# t-policy.sh — the card policy enforced at the card (issue 11 A, B, items 1, 2, 4, 7): the card's
# own APDU log and counters are the judge, not the screen. Each scenario runs in its own test bed.
set -u
. "$(dirname "$0")/../report/lib.sh"
MOICA_ATR="3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57"
P11=(pkcs11-tool --module "${CARDWIZ_TEST_MODULE:-}")

# count LOG REGEX: how many APDUs in the card's log match.
count() { grep -cE "$2" "$1" || true; }
# expect_count WHAT N LOG REGEX
expect_count() {
	local n; n=$(count "$3" "$4")
	if [ "$n" = "$2" ]; then echo "ok   $1: $n"; else echo "FAIL $1: $n, want $2"; fail=1; fi
}
expect_out() { # FILE REGEX WHAT
	if grep -qE "$2" "$1"; then echo "ok   $3"; else echo "FAIL $3: no /$2/ in $1:"; tail -n 20 "$1"; fail=1; fi
}
wrong_login() { "${P11[@]}" --login --pin 000000 -O --type privkey >/dev/null 2>&1 || true; }
plain() { # OUT ANSWERS [cardwiz args]: --plain with answers on stdin (a pipe: never a terminal)
	local out=$1 answers=$2; shift 2
	printf '%b' "$answers" | setsid "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" "$@" >"$out" 2>&1
}

# 1. One PUK try left, the PIN locked: piped --plain answers reach the unlock form, the PUK counter is
#    unknown through OpenSC, so nothing is sent without a confirmation that piped input cannot give.
scenario_puk_last_try() {
	P11=(pkcs11-tool --module "$CARDWIZ_TEST_MODULE")
	wrong_login # --tries=1: the PIN is locked now
	: >"$TESTBED_APDU_LOG"
	local secrets="$TESTBED_DIR/secrets"
	printf '87654321\n654321\n654321\n' >"$secrets"
	plain "$TESTBED_DIR/plain.out" '4\nq\n' --pin-fd 3 3<"$secrets"
	expect_out "$TESTBED_DIR/plain.out" 'tries are left|PUK tries' "the unknown PUK count is said"
	expect_out "$TESTBED_DIR/plain.out" 'never confirmed by' "piped input gives no confirmation"
	expect_count "RESET RETRY COUNTER sent" 0 "$TESTBED_APDU_LOG" '> 00 2C'
	# The same by a hand-built helper request with a confirmed generic policy does reach the card
	# (the test can fail: the guard is the policy, not a broken path).
	NEW_PIN=654321 TESTBED_PUK=87654321 "$ROOT/build/helper-request" "$ROOT/build/cardwiz" unlock generic >"$TESTBED_DIR/req.out"
	expect_out "$TESTBED_DIR/req.out" '^puk-locked$' "a confirmed wrong PUK on the last try is sent: blocked for good"
	expect_count "RESET RETRY COUNTER sent once" 1 "$TESTBED_APDU_LOG" '> 00 2C'
}

# 2. Another program spends two tries while cardwiz waits for the PIN: the helper reads the token
#    again before C_Login and refuses the last try without a confirmation.
scenario_flags_changed() {
	P11=(pkcs11-tool --module "$CARDWIZ_TEST_MODULE")
	local fifo="$TESTBED_DIR/pin.fifo" out="$TESTBED_DIR/plain.out"
	mkfifo "$fifo"
	exec 5<>"$fifo"
	printf 'q\n' | setsid "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" --pin-fd 3 3<"$fifo" >"$out" 2>&1 &
	local pid=$! i
	for i in $(seq 100); do grep -q '== Type the PIN' "$out" 2>/dev/null && break; sleep 0.1; done
	expect_out "$out" '== Type the PIN' "the wizard waits at the PIN form"
	wrong_login
	wrong_login
	: >"$TESTBED_APDU_LOG"
	printf '000000\n' >&5
	wait "$pid"
	exec 5>&-
	expect_out "$out" 'Not sent: the last try needs a confirmation' "the helper refused the last try"
	expect_out "$out" 'The last try: the PIN was not sent' "the wizard explains it"
	expect_count "VERIFY with a PIN" 0 "$TESTBED_APDU_LOG" '> 00 20 00 80 08'
	"${P11[@]}" -L >"$TESTBED_DIR/flags" 2>&1
	expect_out "$TESTBED_DIR/flags" 'final user PIN try' "the card still has its last try"
}

# 4. A card with the MOICA profile (its ATR on a PIV applet OpenSC can read): no change and no
#    unblock reach it — not from --plain, not from a hand-built helper request claiming another profile.
scenario_moica_profile() {
	local r
	for r in "change generic" "unlock generic" "change none" "unlock none" "change moica"; do
		# shellcheck disable=SC2086
		"$ROOT/build/helper-request" "$ROOT/build/cardwiz" $r >"$TESTBED_DIR/req.out"
		expect_out "$TESTBED_DIR/req.out" '^refused-by-profile$' "helper request $r refused"
	done
	# A MOICA card where no signing bridge runs stops once at its warning (1: go on); at the end, 4: "Change the PIN".
	plain "$TESTBED_DIR/plain.out" '1\n4\nq\n'
	expect_out "$TESTBED_DIR/plain.out" 'changed or unlocked only through its official routes' "--plain refuses the change"
	expect_count "CHANGE REFERENCE DATA or RESET RETRY COUNTER sent" 0 "$TESTBED_APDU_LOG" '> 00 (24|2C)'
}

# The control: a generic PIV card does get a confirmed change (so the scenario above can fail).
scenario_generic_control() {
	"$ROOT/build/helper-request" "$ROOT/build/cardwiz" change generic >"$TESTBED_DIR/req.out"
	expect_out "$TESTBED_DIR/req.out" '^pin-changed$' "a generic card's PIN is changed"
	expect_count "CHANGE REFERENCE DATA sent" 1 "$TESTBED_APDU_LOG" '> 00 24'
}

# 7. The last wrong PIN locks the card: the result says pin-locked at once and the walk goes to the
#    locked step (FAQ 5), never "type it again".
scenario_last_try_locks() {
	P11=(pkcs11-tool --module "$CARDWIZ_TEST_MODULE")
	wrong_login
	wrong_login
	report "$TESTBED_DIR/r.json" --allow-final-try --pin-fd 3 3<"$(pin_file 000000)"
	assert "$TESTBED_DIR/r.json" pin=pin-locked pin.detail.tries_left=0 faq=5
	expect_rc 1
}
scenario_last_try_plain() {
	P11=(pkcs11-tool --module "$CARDWIZ_TEST_MODULE")
	wrong_login
	wrong_login
	plain "$TESTBED_DIR/plain.out" '1\nq\n' --allow-final-try --pin-fd 3 3<"$(pin_file 000000)"
	expect_out "$TESTBED_DIR/plain.out" 'PIN verify: PIN locked' "the last wrong PIN reads as locked"
	# A PIV card's locked step is its PUK form (issue 14, 4; OpenSC's default refuses it up front).
	expect_out "$TESTBED_DIR/plain.out" '== Unlock with the PUK' "the walk goes to the locked step"
	if grep -q 'type it again' "$TESTBED_DIR/plain.out"; then echo "FAIL offers to type it again"; fail=1; else echo "ok   no 'type it again'"; fi
}

if [ $# -eq 1 ]; then
	"scenario_$1"
	exit $fail
fi
run_scenarios "puk_last_try:--tries=1,--puk-tries=1,--opensc-unblock,--apdu-log=@log" \
	"flags_changed:--apdu-log=@log" \
	"moica_profile:--atr=$MOICA_ATR,--apdu-log=@log" \
	"generic_control:--apdu-log=@log" \
	"last_try_locks:--apdu-log=@log" \
	"last_try_plain:--apdu-log=@log"
