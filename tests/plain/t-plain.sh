#!/usr/bin/env bash
# t-plain.sh — --plain walks the no-reader, locked-card and healthy-card paths with its answers piped
# in, shows the same diagnosis as --report, and writes no escape sequence.
set -u
. "$(dirname "$0")/../report/lib.sh"

# plain OUT ANSWERS [args...]: --plain with the answers on stdin; keeps the exit status in $rc.
plain() {
	local out=$1 answers=$2; shift 2
	printf '%b' "$answers" | "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" "$@" >"$out" 2>"$out.err"
	rc=$?
}
diagnosis_of() { sed -n '/^Diagnosis:/,$p' "$1"; }
same_diagnosis() { # PLAIN_OUT [report args...]: the report's text diagnosis is the same
	local out=$1; shift
	"$ROOT/build/cardwiz" --report --lang=en --module "$CARDWIZ_TEST_MODULE" "$@" >"$out.report" 2>/dev/null
	if [ -n "$(diagnosis_of "$out")" ] && diff <(diagnosis_of "$out") <(diagnosis_of "$out.report") >/dev/null; then
		echo "ok   same diagnosis as --report: $(diagnosis_of "$out" | head -n 1)"
	else
		echo "FAIL diagnosis differs:"; diff <(diagnosis_of "$out") <(diagnosis_of "$out.report"); fail=1
	fi
}
no_escapes() {
	if grep -q $'\e' "$1"; then echo "FAIL escape sequences in the output"; fail=1; else echo "ok   no escape sequences"; fi
	[ ! -s "$1.err" ] || { echo "FAIL stderr: $(cat "$1.err")"; fail=1; }
}
has() { # FILE TEXT
	if grep -qF -- "$2" "$1"; then echo "ok   says: $2"; else echo "FAIL does not say: $2"; tail -n 20 "$1"; fail=1; fi
}

scenario_no_reader() {
	local out=$TESTBED_DIR/p.txt
	plain "$out" ""
	expect_rc 1
	has "$out" "✗ Card reader: No card reader found (0x8010002E)"
	has "$out" "(FAQ 3)"
	has "$out" "Diagnosis: Card reader — No card reader found (0x8010002E)"
	no_escapes "$out"
	same_diagnosis "$out"
	# An answer picks an action: "check again" (r) asks the step's last check again (the driver
	# check that tells a missing reader from one without a driver), then EOF ends it.
	plain "$out.2" "r\n"
	local n; n=$(grep -c "IC-card drivers" "$out.2")
	[ "$n" = 2 ] && echo "ok   r checks again" || { echo "FAIL r: the driver check ran $n times"; cat "$out.2"; fail=1; }
}
hasnt() { # FILE TEXT
	if grep -qF -- "$2" "$1"; then echo "FAIL says: $2"; grep -nF -- "$2" "$1" | head -n 3; fail=1; else echo "ok   does not say: $2"; fi
}
# A locked PIV card (issue 14, 4): its first screen is its PUK form, which says before asking that
# OpenSC's configuration (the test bed's default) refuses the unblock; nothing of MOICA's routes.
scenario_locked() {
	local i
	for i in 1 2 3; do pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin 000000 -O >/dev/null 2>&1; done
	: >"$TESTBED_APDU_LOG"
	local out=$TESTBED_DIR/p.txt
	printf '%s\n' "$TESTBED_PIN" >"$TESTBED_DIR/pin"
	plain "$out" "" --pin-fd 3 3<"$TESTBED_DIR/pin"
	expect_rc 1
	has "$out" "✗ Token state: PIN locked"
	has "$out" "(FAQ 5)"
	has "$out" "== Unlock with the PUK (FAQ 5) =="
	has "$out" "refuses a PUK unblock through PKCS#11, so no PUK"
	has "$out" "set_pin_in_unlogged_session; to app default"
	hasnt "$out" "Unblock code (PUK): "
	hasnt "$out" "0800-080-117"
	hasnt "$out" "MOICA"
	hasnt "$out" "user code"
	has "$out" "Diagnosis: Token state — PIN locked"
	if grep -qE '> 00 20 00 80 08' "$TESTBED_APDU_LOG"; then echo "FAIL a PIN was sent to the locked card"; fail=1; else echo "ok   no PIN sent to the locked card"; fi
	if grep -qE '> 00 2C ' "$TESTBED_APDU_LOG"; then echo "FAIL an unblock was sent"; fail=1; else echo "ok   no RESET RETRY COUNTER sent"; fi
	no_escapes "$out"
	same_diagnosis "$out"
	# In Chinese: no 自然人憑證 on this card's screens.
	printf '' | "$ROOT/build/cardwiz" --plain --lang=zh_TW --module "$CARDWIZ_TEST_MODULE" >"$out.zh" 2>/dev/null
	has "$out.zh" "以 PUK 解除鎖定"
	hasnt "$out.zh" "自然人憑證"
	hasnt "$out.zh" "用戶代碼"
}
# With OpenSC set up to allow it, the same first screen asks for the PUK (not piped: declined) and
# the declined form leads to the still-locked advice, not to MOICA's routes.
scenario_locked_unblock() {
	local i
	for i in 1 2 3; do pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin 000000 -O >/dev/null 2>&1; done
	local out=$TESTBED_DIR/p.txt
	plain "$out" ""
	has "$out" "== Unlock with the PUK (FAQ 5) =="
	hasnt "$out" "refuses a PUK unblock"
	has "$out" "== The card is still locked (FAQ 5) =="
	hasnt "$out" "0800-080-117"
}
scenario_healthy() {
	local out=$TESTBED_DIR/p.txt
	printf '%s\n' "$TESTBED_PIN" >"$TESTBED_DIR/pin"
	plain "$out" "" --pin-fd 3 3<"$TESTBED_DIR/pin"
	expect_rc 0
	has "$out" "✓ PIN verify"
	has "$out" "✓ Signature"
	has "$out" "== All done: no problem found =="
	has "$out" "Diagnosis: every check passed."
	if grep -q "$TESTBED_PIN" "$out"; then echo "FAIL the PIN is in the output"; fail=1; else echo "ok   no PIN in the output"; fi
	no_escapes "$out"
	printf '%s\n' "$TESTBED_PIN" >"$TESTBED_DIR/pin2"
	same_diagnosis "$out" --pin-fd 3 3<"$TESTBED_DIR/pin2"
	# Without a terminal and without --pin-fd the PIN is never read from the piped answers.
	plain "$out.nopin" "$TESTBED_PIN\n"
	has "$out.nopin" "the PIN is not asked"
	if grep -q '✓ PIN verify' "$out.nopin"; then echo "FAIL a piped PIN was used"; fail=1; else echo "ok   piped input is not taken as the PIN"; fi
	# --ascii: marks in ASCII, nothing else changes.
	plain "$out.ascii" "" --ascii --pin-fd 3 3<"$TESTBED_DIR/pin"
	has "$out.ascii" "+ PIN verify"
	has "$out.ascii" "? Signing component"
}
# No PIN at the PIN form (no terminal, or an empty line from --pin-fd): the walk ends "not tested",
# never "no problem found", with exit 0 — the end text, the verdict and the exit status agree.
scenario_no_pin() {
	local out=$TESTBED_DIR/p.txt how
	: >"$TESTBED_DIR/empty"
	for how in no-terminal empty-pin; do
		if [ "$how" = empty-pin ]; then plain "$out.$how" "" --pin-fd 3 3<"$TESTBED_DIR/empty"; else plain "$out.$how" ""; fi
		expect_rc 0
		has "$out.$how" "== All done: PIN, decrypt and signature not tested =="
		has "$out.$how" "Verdict: PIN, decrypt and signature not tested."
		if grep -q "no problem found" "$out.$how"; then echo "FAIL says no problem found"; fail=1; else echo "ok   never says no problem found"; fi
		if grep -qE '^. PIN verify' "$out.$how"; then echo "FAIL a PIN was verified"; fail=1; else echo "ok   no PIN verify ($how)"; fi
		same_diagnosis "$out.$how"
	done
	# In Chinese too.
	printf '' | "$ROOT/build/cardwiz" --plain --lang=zh_TW --module "$CARDWIZ_TEST_MODULE" >"$out.zh" 2>/dev/null
	has "$out.zh" "PIN 碼、解密與簽章未測試"
}
# The card taken out while the end screen waits for an answer: the answer finds the card gone, the
# walk checks again, and the verdict is about the reader as it is now (before: "no problem found",
# exit 0, and a saved report of the card that had left).
scenario_swap() {
	local out=$TESTBED_DIR/p.txt fifo=$TESTBED_DIR/answers i
	printf '%s\n' "$TESTBED_PIN" >"$TESTBED_DIR/pin"
	mkfifo "$fifo"
	"$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" --pin-fd 3 3<"$TESTBED_DIR/pin" \
		<"$fifo" >"$out" 2>"$out.err" &
	local pid=$!
	exec 5>"$fifo"
	for i in $(seq 200); do grep -q '== All done: no problem found ==' "$out" && break; sleep 0.05; done
	grep -q '== All done: no problem found ==' "$out" || { echo "FAIL the walk did not reach its end: $(tail -n 5 "$out")"; fail=1; }
	testbed-card remove >/dev/null
	sleep 1 # the monitor sees it
	printf 'q\n' >&5
	exec 5>&-
	wait "$pid"
	rc=$?
	expect_rc 1
	has "$out" "The card was taken out: checking again."
	has "$out" "Diagnosis: Card read — No card detected"
	if sed -n '/taken out/,$p' "$out" | grep -q 'no problem found'; then echo "FAIL after the card left it still says no problem found"; fail=1; else
		echo "ok   nothing after the card left says no problem found"; fi
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios no_reader:--readers=0 "locked:--apdu-log=@log" locked_unblock:--opensc-unblock healthy:--card=piv no_pin:--card=piv \
	swap:--card=piv
