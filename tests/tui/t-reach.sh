#!/usr/bin/env bash
# t-reach.sh — every line and every button can be reached at 80x24, in both languages: paging
# down (PgDn) shows every row of a step that a tall screen shows, none skipped (the PIN screen with
# its default-PIN lines, the locked-card screen with route (3)); the PIN form's own button is
# reached with Tab and done with Enter; buttons are numbered once; the status line keeps the PIN
# state whole at 80 columns with a long card name, and the trail starts at a step; the last-try
# question is two buttons (1/2, arrows, Enter), not a word to type: the card's APDU log shows
# nothing sent until "send" is chosen.
set -u
. "$(dirname "$0")/lib.sh"

# pane_rows: the screen's pane rows (between the rule under the trail and the rule over the footer).
pane_rows() { screen | sed -n "5,$((TUI_ROWS - 3))p" | sed -E 's/ +$//' | grep -vE '^ *$|^  \((more|end|還有|到底了)'; }

# pages_cover NAME START-REGEX ARGS...: at 80x60 the step shows whole; at 80x24 PgDn (until the
# end mark) must show each of those rows on some page. With PRE="REGEX KEY", the step is reached
# from the first screen matching REGEX by pressing KEY.
pages_cover() {
	local name=$1 re=$2 tall seen="" i missing
	shift 2
	tui_start --size=80x60 "$@"
	if [ -n "${PRE:-}" ]; then
		wait_for "${PRE% *}"
		send "${PRE##* }"
	fi
	wait_for "$re"
	tall=$(pane_rows)
	resize 80 24
	wait_for "$re"
	sleep 0.2
	seen=$(pane_rows)
	for i in $(seq 30); do
		screen | grep -qE '\((end: PgUp goes up|到底了，PgUp 往上)\)' && break
		send NPage
		sleep 0.15
		seen+=$'\n'$(pane_rows)
	done
	missing=$(grep -vxFf <(printf '%s\n' "$seen") <<<"$tall")
	if [ -z "$missing" ]; then
		ok "$name: PgDn reaches all $(wc -l <<<"$tall") rows of the step at 80x24"
	else
		bad "$name: rows never shown at 80x24:"
		printf '%s\n' "$missing" | sed 's/^/    |/'
	fi
}

scenario_scroll_pin() {
	pages_cover pin-en '^    PIN:' --lang=en
	pages_cover pin-zh '^    PIN 碼:' --lang=zh_TW
}

# The locked MOICA card's step (its official routes; a PIV card's is its PUK form): reached from
# the vendor-module step's "The PIN is locked or forgotten".
scenario_scroll_locked() {
	PRE='is locked or forgotten 2' pages_cover locked-en 'The PIN is locked' --lang=en
	PRE='被鎖定或忘記 2' pages_cover locked-zh '卡片密碼被鎖定' --lang=zh_TW
	# Buttons are numbered once: the wizard file's labels carry no "(1)" of their own.
	on_screen '^  \[1 線上鎖卡解碼\] \[2 ' "zh: [1 線上鎖卡解碼]"
	not_on_screen '\[[0-9] \([0-9]\)' "zh: no button numbered twice"
	send l
	wait_for '\[1 Unlock online\] \[2 Still locked: the hotline\] \[3 I forgot the user code\]'
	ok "en: [1 Unlock online] [2 Still locked: the hotline] [3 I forgot the user code]"
	not_on_screen '\[[0-9] \([0-9]\)' "en: no button numbered twice"
}

scenario_pin_button() {
	local lang re title
	for lang in en zh_TW; do
		[ $lang = en ] && re='^    PIN:' title='^ Forgot the PIN' || { re='^    PIN 碼:'; title='^ 忘記 PIN 碼'; }
		tui_start --lang=$lang
		wait_for "$re"
		on_screen 'Tab (next/button|下一欄/按鈕)' "$lang: the form's footer says Tab reaches the buttons"
		send_text 1
		wait_for ': +\*$' 3
		ok "$lang: 1 types into the PIN field"
		send BSpace Tab
		sleep 0.2
		on_screen 'Tab (field\/button|換欄\/按鈕)' "$lang: Tab took the focus to the form's own button"
		send Enter
		wait_for "$title"
		ok "$lang: Enter on the focused [1 ...] opened its step"
	done
}

scenario_status() {
	local lang line trail full
	for lang in en zh_TW; do
		tui_start --lang=$lang
		wait_for '^    PIN'
		line=$(screen | sed -n 2p)
		if grep -qE '\| PIN: -$' <<<"$line"; then ok "$lang: the PIN state ends the status line: '$line'"; else bad "$lang: status line '$line'"; fi
		trail=$(screen | sed -n 3p | sed -E 's/ +$//')
		tui_start --size=200x24 --lang=$lang
		wait_for '^    PIN'
		full=$(screen | sed -n 3p | sed -E 's/ +$//')
		local sep=' › '
		case $trail in
		" … › "*)
			if [[ "$full" == *"$sep${trail# … › }" ]]; then
				ok "$lang: the trail starts at a step: '${trail:0:30}…'"
			else
				bad "$lang: the trail '$trail' is not whole steps of '$full'"
			fi ;;
		*) [ "$trail" = "$full" ] && ok "$lang: the trail fits whole" || bad "$lang: the trail '$trail' is cut without …" ;;
		esac
	done
}

# A long name from the ATR list ("German Elektronische Gesundheitskarte (eGK) (HealthCare) - From
# TK ..."): its first part, cut with … where it must, and the PIN state whole.
scenario_status_long() {
	local lang line
	for lang in en zh_TW; do
		tui_start --lang=$lang
		wait_for '(Card|卡片): German'
		wait_for '\(FAQ [0-9]\)|\(常見問題 [0-9]\)'
		line=$(screen | sed -n 2p | sed -E 's/ +$//')
		if grep -qE '\| PIN: -$' <<<"$line" && grep -qE "(Card|卡片): German" <<<"$line"; then
			ok "$lang: a long card name gives way to the PIN state: '$line'"
		else
			bad "$lang: status line '$line'"
		fi
	done
}

# The last try, in Chinese: two buttons; typed letters (yes, 是) do nothing; 2 sends nothing; 1 sends.
scenario_confirm() {
	local log=$TESTBED_APDU_LOG
	tui_start --lang=zh_TW
	wait_for '只剩最後一次 PIN 碼嘗試'
	send 1
	wait_for '^    PIN 碼:'
	type_secret "$TESTBED_PIN"
	: >"$log"
	send Enter
	wait_for '\[1 送出\]  \[2 不送出\]'
	ok "zh: the last-try question is two buttons"
	# 1 and 2 answer the question: the step's own buttons show no number meanwhile (issue 14, 10).
	not_on_screen '\[[0-9] 忘記 PIN 碼\]' "zh: no second button called 1 (the step's buttons are unnumbered)"
	on_screen '\[忘記 PIN 碼\]' "zh: the step's button is still shown"
	not_on_screen 'yes' "zh: no English word to type"
	send_text 'yes是'
	sleep 0.3
	on_screen '\[1 送出\]  \[2 不送出\]' "zh: typed letters leave the question as it was"
	send 2
	wait_for '沒有送出'
	ok "zh: 2 sends nothing"
	if grep -qE '> 00 20 00 80 08' "$log"; then bad "zh: a VERIFY reached the card before send was chosen"; else ok "zh: no VERIFY before send was chosen (APDU log)"; fi
	send Enter
	wait_for '\[1 送出\]  \[2 不送出\]'
	send Enter # the default is "don't send": Enter alone spends no last try
	wait_for '沒有送出'
	grep -qE '> 00 20 00 80 08' "$log" && bad "zh: Enter alone sent the PIN" || ok "zh: Enter alone (default 2) sends nothing"
	send Enter
	wait_for '\[1 送出\]  \[2 不送出\]'
	send Left Enter # the arrows move to "send"
	wait_for '檢測完成' 20
	if grep -qE '> 00 20 00 80 08 .*< 90 00' "$log"; then ok "zh: choosing send sent the PIN once (VERIFY 90 00)"; else bad "zh: no VERIFY 90 00 after send"; fi
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios scroll_pin: scroll_locked:--card=moica pin_button: status: \
	"status_long:--atr=3B D0 97 FF 81 B1 FE 45 1F 07 2B" confirm:--tries=1,--apdu-log=@log
