#!/usr/bin/env bash
# t-holder.sh — a program holding the card exclusively (as GnuPG's scdaemon does) is named in the card
# check: its process name and pid, the reader's exclusive state; once it lets go, the card check passes.
set -u
. "$(dirname "$0")/../report/lib.sh"
[ -x "$ROOT/build/pcsc-hold" ] || { echo "build/pcsc-hold not built (make test-only builds it)"; exit 77; }
scenario_held() {
	coproc HOLD { exec "$ROOT/build/pcsc-hold" "$TESTBED_READER"; }
	local pid=$HOLD_PID line=""
	read -r -t 10 line <&"${HOLD[0]}"
	if [ "$line" != held ]; then echo "FAIL pcsc-hold did not take the card"; exit 1; fi
	report "$TESTBED_DIR/held.json"
	expect_rc 1
	assert "$TESTBED_DIR/held.json" card=card-in-use card.detail.pcsc_error=0x8010000B \
		"card.detail.holders=~pcsc-hold (pid $pid)" card.detail.reader_state=exclusive \
		"card.detail.holders_scope=all processes (root)" "card.detail.note=~pcsc-hold (pid $pid)" \
		faq=2 diagnosis=card-in-use node=card-held module=not-run module.detail.blocked_by=card
	report "$TESTBED_DIR/held-zh.json" --lang zh_TW
	assert "$TESTBED_DIR/held-zh.json" card=card-in-use card.advice=~scdaemon card.detail.note=~結束
	exec {HOLD[1]}>&-
	wait "$pid"
	report "$TESTBED_DIR/free.json"
	assert "$TESTBED_DIR/free.json" card=ok module=ok
}
# A program in the middle of a transaction on a shared connection: pcsc-lite makes the card check
# wait rather than refuse. Past its deadline the card is not called dead: another program is
# connected, and it is named (before: card-mute, "the card may be broken: get a new card").
scenario_transaction() {
	coproc HOLD { exec "$ROOT/build/pcsc-hold" --transaction "$TESTBED_READER"; }
	local pid=$HOLD_PID line=""
	read -r -t 10 line <&"${HOLD[0]}"
	if [ "$line" != held ]; then echo "FAIL pcsc-hold did not begin a transaction"; exit 1; fi
	local t0=$SECONDS
	report "$TESTBED_DIR/tx.json"
	expect_rc 1
	assert "$TESTBED_DIR/tx.json" card=card-in-use "card.detail.helper=timed out" "card.detail.card_probe=card in use" \
		"card.detail.holders=~pcsc-hold (pid $pid)" faq=2 diagnosis=card-in-use module=not-run
	[ $((SECONDS - t0)) -le 20 ] && echo "ok   the report ends without waiting on every check" ||
		{ echo "FAIL the report took $((SECONDS - t0)) s"; fail=1; }
	exec {HOLD[1]}>&-
	wait "$pid"
	report "$TESTBED_DIR/free.json"
	assert "$TESTBED_DIR/free.json" card=ok module=ok
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios "held:--card=piv" "transaction:--card=piv"
