#!/usr/bin/env bash
# t-verdict.sh — the end screen says the engine's verdict: Escape at the PIN form ends "not tested",
# never "no problem found", exit 0; a kiosk visit to the end writes no certificate memory anywhere.
set -u
. "$(dirname "$0")/lib.sh"

scenario_escape_pin() {
	tui_start --lang=en
	wait_for '^    PIN:'
	send Escape
	wait_for 'All done'
	on_screen 'All done: PIN, decrypt and signature not tested' "the end screen says what was not tested"
	on_screen 'not tested: the card may' "and why it matters"
	not_on_screen 'no problem found|certificates are fine' "never 'no problem found'"
	send q
	wait_exit
	[ "$tui_rc" = 0 ] && ok "exit 0, as --report without a PIN" || bad "exit $tui_rc, want 0"
}

scenario_kiosk_memory() {
	local home=$TESTBED_DIR/home
	mkdir -p "$home"
	mkdir -m 700 "$TESTBED_DIR/spool" # the spool must exist: it is checked at start
	tui_start "HOME=$home" --kiosk --lang=en --spool="$TESTBED_DIR/spool"
	wait_for '^    PIN:'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done'
	testbed-card remove >/dev/null
	wait_for 'Please insert your card'
	local left
	left=$(find "$XDG_STATE_HOME" "$home" -mindepth 1 2>/dev/null)
	[ -z "$left" ] && ok "nothing written to XDG_STATE_HOME or HOME" || bad "the kiosk wrote: $left"
	[ -n "$(find "$TESTBED_DIR/spool" -name '*.json')" ] && ok "the visit is in the spool" || bad "no spool report"
	# The same check outside a kiosk does remember (the test looks where the memory would go).
	testbed-card insert >/dev/null
	"$CARDWIZ" --report --module "$CARDWIZ_TEST_MODULE" >/dev/null 2>&1
	[ -n "$(find "$XDG_STATE_HOME" -type f)" ] && ok "a report remembers there" || bad "a report wrote nothing: wrong place?"
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios escape_pin:--card=piv kiosk_memory:--card=piv
