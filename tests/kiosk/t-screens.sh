#!/usr/bin/env bash
# t-screens.sh — what a station shows, at 80x24 in both languages: a visit's buttons, footer and
# help offer nothing the station cannot do (save, export, quit); its end button is "Done"; after
# Done, and after the idle timeout, with the card still in, the screen asks to remove the card (not
# to insert one) and asks to insert one once it is out; the too-small screen has no "q quits".
set -u
. "$(dirname "$0")/../tui/lib.sh"

# to_end LANG: a visit with the PIN typed, to the end node.
to_end() {
	tui_start --lang="$1" --kiosk --idle=30
	wait_for '^    (PIN|PIN 碼):'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done|檢測完成' 20
}

scenario_visit() {
	local lang
	for lang in en zh_TW; do
		to_end $lang
		not_on_screen 'Export the certificates|Save a report|\[[0-9] Quit\]|匯出憑證|儲存報告|\[[0-9] 結束\]' "$lang: no save, export or quit button"
		not_on_screen '(s save|q quit|s 存報告|q 離開)' "$lang: the footer offers no save and no quit"
		on_screen '\[[0-9] (Done|完成)\]' "$lang: the end button is Done"
		on_screen '(remove the card to end|取出卡片即結束)' "$lang: the footer says the card ends the visit"
		send '?'
		wait_for '^  (Keys|按鍵)$'
		not_on_screen '^    (s|q) ' "$lang: the help names neither s nor q"
		send Escape
		wait_for 'All done|檢測完成'
		local n; n=$(screen | grep -oE '\[[0-9] (Done|完成)\]' | grep -oE '[0-9]')
		send "$n"
		wait_for '請取出您的卡片'
		on_screen 'Please remove your card' "$lang: after Done with the card in: remove it"
		not_on_screen 'Please insert your card' "$lang: not asked to insert a card that is in"
		testbed-card remove >/dev/null
		wait_for 'Please insert your card'
		ok "$lang: the card out: insert the next one"
		testbed-card insert >/dev/null
	done
}

scenario_idle() {
	tui_start --lang=en --kiosk --idle=2
	wait_for '^    PIN:'
	wait_for 'Please remove your card' 6
	ok "idle with the card in: remove it"
	not_on_screen 'Please insert your card' "idle: not asked to insert a card that is in"
}

scenario_small() {
	tui_start --lang=en --kiosk
	wait_for '^    PIN:'
	resize 60 20
	wait_for 'too small'
	not_on_screen 'q quit' "too small at a station: no q quits"
	resize 80 24
	wait_for '^    PIN:'
	ok "back at 80x24: the visit goes on"
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios visit: idle: small:
