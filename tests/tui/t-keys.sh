#!/usr/bin/env bash
# t-keys.sh — keys reach forms untouched: PINs holding the letters of the station's and the wizard's
# own keys (q s t l r b ?), digits and letters, typed into the PIN form of a kiosk visit and of the
# wizard. The card is the judge: its APDU log shows one successful VERIFY with data and no failed
# one, and its retry counter is still full; outside forms the station still ignores q and s. Before
# the fix a station dropped q and s in forms too: PIN qstlr?b1 reached the card as tlr?b1, a try lost.
set -u
. "$(dirname "$0")/lib.sh"

# pin_reached_card: after the walk's PIN steps (the end node, or 15 s when a wrong PIN stopped
# it), the card saw the PIN as typed (VERIFY 90 00) and never a wrong one (63 Cx, 69 83).
pin_reached_card() {
	local log=$TESTBED_APDU_LOG end=$(($(date +%s%N) + 15 * 1000000000))
	until screen | grep -q 'All done'; do
		[ "$(date +%s%N)" -lt "$end" ] || break
		sleep 0.05
	done
	local good bad_ones
	good=$(grep -cE '> 00 20 00 80 08 .*< 90 00' "$log")
	bad_ones=$(grep -cE '> 00 20 00 80 08 .*< (63 C|69 83)' "$log")
	if [ "$good" -ge 1 ] && [ "$bad_ones" = 0 ]; then
		ok "the card verified the PIN as typed ($good VERIFY 90 00, no failed VERIFY)"
	else
		bad "the card saw $good good and $bad_ones failed VERIFY with the PIN typed:"
		grep -E '> 00 20 00 80' "$log" | sed 's/^/    /'
	fi
	local state; state=$(ls "$TESTBED_DIR"/card-*.state | head -n 1)
	grep -qx 'pin_tries=3' "$state" && ok "the card's PIN counter is full (3)" ||
		bad "the card's PIN counter: $(grep pin_tries "$state")"
}

# type_pin: the PIN typed into the form and sent. One * per character shows that no key filter
# took one; a shortfall is reported and the PIN sent anyway: the card has the last word.
type_pin() {
	secret "$TESTBED_PIN"
	send_text "$TESTBED_PIN"
	local n=${#TESTBED_PIN} end=$(($(date +%s%N) + 3 * 1000000000))
	until screen | grep -qE ": +\*{$n}( |\$)"; do
		[ "$(date +%s%N)" -lt "$end" ] || break
		sleep 0.05
	done
	if screen | grep -qE ": +\*{$n}( |\$)"; then
		ok "$n characters in the field"
	else
		bad "the field does not hold the $n characters typed: $(screen | grep -oE ': +\*+' | head -n 1)"
	fi
	send Enter
}

scenario_kiosk() {
	tui_start --lang=en --kiosk
	wait_for 'Type the PIN'
	type_pin
	pin_reached_card
	alive && ok "the station still runs (no q ended it)" || bad "the station ended"
	# Outside forms the station's filter still holds: q does not quit, s opens no save form.
	send q s
	sleep 0.3
	alive && ok "kiosk, no form: q does nothing" || bad "kiosk: q ended the station outside a form"
	not_on_screen 'Save the report|Save to file' "kiosk, no form: s opens no save form"
}

scenario_wizard() {
	tui_start --lang=en
	wait_for '^    PIN:'
	type_pin
	pin_reached_card
	alive && ok "the wizard still runs (no q ended it)" || bad "the wizard ended"
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios kiosk:--pin=qstlr?b1,--apdu-log=@log wizard:--pin=sq1tl2r?,--apdu-log=@log
