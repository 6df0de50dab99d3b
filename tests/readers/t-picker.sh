#!/usr/bin/env bash
# t-picker.sh — the wizard (ncurses, tmux at 80x24) with the card only in the second reader (it reads
# that card and names its reader, never "insert the card") and with two cards (it asks which, as the
# HiCOS tool's "choose the IC card"; the pick is the card checked next).
set -u
. "$(dirname "$0")/../tui/lib.sh"

# VERIFY commands that carried a PIN, in the first card's log (the second card keeps none).
verifies() { grep -cE '> 00 20 00 80 08' "$TESTBED_APDU_LOG" || true; }

scenario_slot1() {
	tui_start --lang=en
	wait_for '^    PIN:'
	on_screen 'Reader: Virtual PCD 00 01' "the status line names the card's reader"
	not_on_screen 'Insert the card|insert the card' "never 'insert the card'"
	not_on_screen 'Choose the IC card' "one card: nothing to choose"
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done'
	[ "$(verifies)" -ge 1 ] && ok "the card in reader 2 verified the PIN" || bad "no VERIFY reached the card in reader 2"
	send q
	wait_exit
}

scenario_two_cards() {
	: >"$TESTBED_APDU_LOG"
	tui_start --lang=en
	wait_for 'Choose the IC card'
	on_screen '1\. Virtual PCD 00 00 .*\[default\]' "the first card is the default"
	on_screen '2\. Virtual PCD 00 01' "the second card is offered"
	send 2
	wait_for '^    PIN:'
	on_screen 'Reader: Virtual PCD 00 01' "the status line names the picked reader"
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done'
	not_on_screen 'Choose the IC card' "the picker is not shown again after the pick"
	[ "$(verifies)" = 0 ] && ok "the PIN went to the picked card, not to card 1" || bad "card 1 got $(verifies) VERIFY"
	send q
	wait_exit
}

scenario_two_cards_default() {
	# Escape keeps the default (card 1): the PIN goes there (the log above can see a VERIFY).
	: >"$TESTBED_APDU_LOG"
	tui_start --lang=en
	wait_for 'Choose the IC card'
	send Escape
	wait_for '^    PIN:'
	on_screen 'Reader: Virtual PCD 00 00' "the status line names the default reader"
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done'
	[ "$(verifies)" -ge 1 ] && ok "the PIN went to card 1" || bad "no VERIFY on card 1"
	send q
	wait_exit
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios slot1:--slot=1,--apdu-log=@log two_cards:--second-card=piv,--apdu-log=@log \
	two_cards_default:--second-card=piv,--apdu-log=@log
