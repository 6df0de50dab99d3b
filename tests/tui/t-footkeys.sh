#!/usr/bin/env bash
# t-footkeys.sh — what a footer promises is what the key does: on each screen (the step pane, the
# PIN form with a field and with its own button focused, the last-try question, the full test's
# table and a row's detail, the help, a kiosk visit, the MOICA panel), in both languages, every key
# the footer names is sent to a fresh cardwiz taken to that screen, and the screen must change (the
# key did something) or cardwiz end (q). The keys come from the footer as drawn, not from a list
# kept here: a footer that names a key that does nothing there fails.
set -u
. "$(dirname "$0")/lib.sh"

# key_of TOKEN: the tmux key for a footer's key word ("" for words that are not keys).
key_of() {
	case $1 in
	Up/Down | 上下 | 上) echo Down ;;
	Left/Right | 左右) echo Right ;;
	Left | 左) echo Left ;;
	Enter) echo Enter ;;
	Esc) echo Escape ;;
	Tab) echo Tab ;;
	PgDn) echo NPage ;;
	PgUp) echo PPage ;;
	1-9) echo 1 ;;
	[0-9a-z?]) echo "$1" ;;
	*) echo "" ;;
	esac
}

# footer_words: the key words the footer shows now (entries are separated by two spaces).
footer_words() {
	screen | tail -n 1 | sed -E 's/^ +//; s/  +/\n/g' | grep -vE '^(\(|—|$)' | awk '{ print $1 }'
}

# settled: the screen (with attributes) once it stops changing.
settled() {
	local a b i
	a=$(tm capture-pane -p -e -t cw)
	for i in $(seq 40); do
		sleep 0.15
		b=$(tm capture-pane -p -e -t cw)
		[ "$a" = "$b" ] && break
		a=$b
	done
	printf '%s\n' "$b" | tee -a "$TUI_CAPTURES" >/dev/null
	printf '%s' "$b"
}

# check_footer NAME GOTO [LAST]: GOTO (a function) takes a fresh cardwiz to the screen; each key its
# footer names must change the screen or end cardwiz. LAST: a key word tried after the others (the
# last-try question's "1 send" spends the card's last try: the screen cannot be reached after it).
check_footer() {
	local name=$1 goto=$2 last=${3:-} words w k before after i n=0
	"$goto"
	words=$(footer_words)
	[ -z "$last" ] || words=$(printf '%s\n' $words | grep -vxF -- "$last"; grep -xF -- "$last" <<<"$words")
	[ -n "$words" ] || { bad "$name: no footer"; return; }
	local line; line=$(screen | tail -n 1 | sed -E 's/^ *//; s/ +$//')
	echo "     $name footer: $line"
	# Whole: it ends with a word of its own, never cut at the edge (80 columns hold it).
	if [ $(printf '%s' " $line" | wc -L) -ge $((TUI_COLS - 1)) ]; then bad "$name: the footer fills the line: cut?"; fi
	for w in $words; do
		k=$(key_of "$w")
		[ -n "$k" ] || { bad "$name: the footer names '$w', which is not a key"; continue; }
		"$goto"
		before=$(settled)
		send "$k"
		for i in $(seq 60); do
			[ -e "$TUI_WORK/rc" ] && break
			after=$(tm capture-pane -p -e -t cw 2>/dev/null)
			[ "$after" != "$before" ] && break
			sleep 0.05
		done
		if [ -e "$TUI_WORK/rc" ] || [ "$after" != "$before" ]; then
			n=$((n + 1))
		else
			bad "$name: the footer names '$w', but $k changes nothing there"
		fi
	done
	ok "$name: all $n keys the footer names do something"
}

# fresh ARGS...: tui_start once the last tmux server is really gone (a new session sent to a
# server still ending fails).
fresh() {
	local i
	tui_stop
	for i in $(seq 100); do tm ls >/dev/null 2>&1 || break; sleep 0.02; done
	tui_start "$@"
}

at_pin_form() {
	fresh "${LANG_ARG[@]}"
	wait_for '^    (PIN|PIN 碼):'
}
at_pin_button() {
	at_pin_form
	send Tab
	sleep 0.2
}
at_step() {
	at_pin_form
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done|檢測完成'
}
at_table() {
	at_step
	send t # the PIN went with the walk: the full test asks for it first
	wait_for '^    (PIN|PIN 碼):'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for '\] 1[0-9]/1[0-9] (done|完成)' 20
}
at_detail() {
	at_table
	send Enter
	wait_gone '^ (Item|項次) '
}
at_help() {
	at_step
	send '?'
	wait_for '^  (Keys|按鍵)$'
}
at_locked() {
	fresh "${LANG_ARG[@]}"
	wait_for 'Unlock with the PUK|以 PUK 解除鎖定'
}
at_confirm() { # the final-try step first: its [1 ...] opens the PIN form
	fresh "${LANG_ARG[@]}"
	wait_for 'Only one PIN try left|只剩最後一次 PIN 碼嘗試'
	send 1
	wait_for '^    (PIN|PIN 碼):'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for '\[1 (Send|送出)\]'
}
at_kiosk() {
	fresh "${LANG_ARG[@]}" --kiosk
	wait_for '^    (PIN|PIN 碼):'
}
at_kiosk_button() {
	at_kiosk
	send Tab
	sleep 0.2
}
at_moica() { # the first screen, then its unlock button, then its form (tests/tui/t-unlock.sh)
	fresh "${LANG_ARG[@]}"
	wait_for 'The PIN is locked or forgotten|PIN 碼被鎖定或忘記'
	send 2
	wait_for 'Choose by what I remember|依我記得的資料選擇'
	send 4
	wait_for '\[1 [^]]+\]  \[2 [^]]+\]'
}
at_moica_route() {
	at_moica
	send 2
	wait_for '\[Enter (done|完成)\]'
}

each_lang() {
	for LANG_ARG in ${LANGS:---lang=en --lang=zh_TW}; do
		LANG_ARG=("$LANG_ARG")
		local tag=${LANG_ARG[0]#--lang=}
		for s in "$@"; do check_footer "$s-$tag" "at_$s" "${LAST:-}"; done
	done
}

scenario_healthy() { each_lang step pin_form pin_button table detail help; }
scenario_locked() { lock_card; each_lang locked; }
# One card per language: "1 send" verifies the PIN, and the card's counter is full again after it.
scenario_final() { LAST=1 LANGS=--lang=en each_lang confirm; }
scenario_final_zh() { LAST=1 LANGS=--lang=zh_TW each_lang confirm; }
scenario_kiosk() { each_lang kiosk kiosk_button; }
scenario_moica() { each_lang moica moica_route; }

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios healthy: locked: final:--tries=1 final_zh:--tries=1 kiosk: moica:--card=moica
