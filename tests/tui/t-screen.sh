#!/usr/bin/env bash
# t-screen.sh — the screen itself: `l` switches everything between zh_TW and en; LANG=zh_TW.UTF-8
# without that locale installed still gives Chinese; too small at 60x20 and back at 80x24; no
# colour with NO_COLOR or --no-color (attributes only); pure ASCII with --ascii and with a
# non-UTF-8 charset; TERM=xterm-256color, xterm, vt100, linux and screen all work.
set -u
. "$(dirname "$0")/lib.sh"

# to_all_done [ARGS...]: start, type the PIN, wait for the end node (in either language).
to_all_done() {
	tui_start "$@"
	wait_for '^    PIN'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done|檢測完成'
}

# footer_keys LANG: the footer names every key of the step pane (help, quit and language too).
footer_keys() {
	local footer; footer=$(screen | tail -n 1)
	if [ "$1" = zh ]; then
		grep -q '? 說明' <<<"$footer" && grep -q 'q 離開' <<<"$footer" && grep -q 'l 語言' <<<"$footer" &&
			ok "zh_TW footer names ? l q" || bad "the zh_TW footer does not show every key at 80 columns: '$footer'"
	else
		grep -q '? help' <<<"$footer" && grep -q 'q quit' <<<"$footer" && grep -q 'l lang' <<<"$footer" &&
			ok "en footer names ? l q" || bad "the en footer does not show every key: '$footer'"
	fi
}

# whole_chars: the trail line (cut to its last columns when long) starts with a whole character.
whole_chars() {
	local line; line=$(screen | sed -n 3p)
	if LC_ALL=C.UTF-8 grep -qaxP '.*' <<<"$line" && ! grep -qE '^(~.|M-)' <<<"$line"; then
		ok "the trail line holds whole characters: '${line:0:12}…'"
	else
		bad "the trail line starts with a broken character: '$(printf '%s' "$line" | head -c 16 | cat -v)…'"
	fi
}

scenario_lang() {
	to_all_done --lang=en
	local en; en=$(screen | normalise)
	expect_screen lang-en <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
 All done: no problem found
  The smart-card service, the reader, the card and its certificates are fine:
  the document system can use them.
  If the document system still complains:
    • that the signing component is not installed: choose "Install the
    signing component" (FAQ 1);
    • that no certificate is imported (first use, or a new card): choose
    "Import the certificate" (FAQ 4).
  Remember your PIN, and never tell it to anyone.





  [1 Install the signing component] [2 Import the certificate]
  [3 I forgot the PIN] [4 Change the PIN] [5 Full test (9 checks)]
  [6 Export the certificates] [7 Save a report] [8 Start over] [9 Quit]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  Left back  r rerun  l lang  ? help  q quit
EOF
	send l
	wait_for '\[中文\]'
	expect_screen lang-zh <<'EOF'
 cardwiz — 智慧卡問題排除精靈                                            [中文]
 讀卡機: Virtual PCD 00 00 | 卡片: PIV | PIN: -
 … › IC卡加解密憑證效期 ✓ › IC卡簽章憑證效期 ✓ › 簽章元件 ? › 憑證匯入 ✓
────────────────────────────────────────────────────────────────────────────────
 檢測完成：沒有發現問題
  讀卡服務、讀卡機、卡片與憑證都正常，可以使用公文系統。
  若公文系統仍出現問題：
    • 說尚未安裝憑證元件：請選「安裝憑證元件」(常見問題 1)。
    • 說找不到憑證或憑證未匯入 (第一次使用，或換了新卡)：請選「匯入憑證」(常見
    問題 4)。
  請牢記 PIN 碼，不要隨意告知他人。








  [1 安裝憑證元件] [2 匯入憑證] [3 忘記 PIN 碼] [4 變更 PIN 碼]
  [5 完整檢測 (9 項)] [6 匯出憑證] [7 儲存報告] [8 從頭再來] [9 結束]
────────────────────────────────────────────────────────────────────────────────

 上下 選擇  Enter 執行  左 返回  r 重試  t 完整檢測  l 語言  ? 說明  q 離開
EOF
	footer_keys zh
	whole_chars
	# Back to English: the very same screen as before.
	send l
	wait_for '\[English\]'
	if [ "$(screen | normalise)" = "$en" ]; then ok "l twice: the English screen again"; else bad "l twice: the screen is not the English one it was"; screen | sed 's/^/    |/'; fi
	# The full test's table switches too (its headings are the HiCOS tool's).
	send t
	wait_for '^    PIN'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for '14/14 done' 20
	send l
	wait_for '14/14 完成'
	expect_screen lang-zh-table <<'EOF'
 cardwiz — 智慧卡問題排除精靈                                            [中文]
 讀卡機: Virtual PCD 00 00 | 卡片: PIV | PIN: -
 … › IC卡加解密憑證效期 ✓ › IC卡簽章憑證效期 ✓ › 簽章元件 ? › 憑證匯入 ✓
────────────────────────────────────────────────────────────────────────────────
 項次 檢驗項目              檢驗說明             結果 檢驗內容/備註
 1    作業系統              檢測目前使用之作業系  ✓   OS
 -    讀卡服務              檢測讀卡服務 (pcscd)  ✓   pcscd
 2    讀卡機檢測            檢測目前使用之讀卡機  ✓   Virtual PCD 00 00
 3    IC卡相關驅動程式檢測  檢測目前使用之IC卡相  ✓   /usr/lib/MODULE
 4    IC卡讀取測試          檢測目前使用之IC卡是  ✓   PIV
 -    PKCS#11 模組          檢測 PKCS#11 模組是   ✓   /usr/lib/MODULE
 -    卡片狀態              讀取卡片資訊與 PIN    ✓   cardwiz Test User #SERIAL
 5    PIN驗證碼             檢測目前使用之IC卡PI  ✓   PIN 碼正確
 6    IC卡加解密測試        檢測目前使用之IC卡加  ✓   RSA PKCS#1 v1.5, 金鑰 03
 7    IC卡簽章測試          檢測目前使用之IC卡製  ✓   SHA-256, 金鑰 02
 8    IC卡加解密憑證效期    顯示目前使用之IC卡加  ✓   YYYY-MM-DD – YYYY-MM-DD
 9    IC卡簽章憑證效期      顯示目前使用之IC卡簽  ✓   YYYY-MM-DD – YYYY-MM-DD
 -    簽章元件              檢測本機簽章元件是否  ?   未設定本機簽章元件
 -    憑證匯入              比對卡片憑證與上次所  ✓   與上次看到的相同

 [##############################] 14/14 完成
────────────────────────────────────────────────────────────────────────────────

 上下 選擇  Enter 詳細  Esc 回精靈  t 完整檢測  l 語言  ? 說明  q 離開
EOF
	on_screen '^ 項次 檢驗項目 +檢驗說明 +結果 檢驗內容/備註$' "the table headings of the HiCOS tool"
	# The remarks written before the switch switch too (they are program strings, po/zh_TW.po).
	on_screen '^ 5 .*PIN 碼正確$' "after l, row 5's remark is Chinese (PIN 碼正確), not the English of when it ran"
	not_on_screen '(PIN accepted|same as last seen)$' "after l, no English remark is left in the table"
}

scenario_zh_locale() {
	if locale -a 2>/dev/null | grep -qi '^zh_TW'; then
		echo "note: a zh_TW locale is installed here: the fallback to C.UTF-8 is not exercised"
	fi
	tui_start LANG=zh_TW.UTF-8
	wait_for '^    PIN'
	expect_screen zh-locale-first <<'EOF'
 cardwiz — 智慧卡問題排除精靈                                            [中文]
 讀卡機: Virtual PCD 00 00 | 卡片: PIV | PIN: -
 … › IC卡相關驅動程式檢測 ✓ › IC卡讀取測試 ✓ › PKCS#11 模組 ✓ › 卡片狀態 ✓
────────────────────────────────────────────────────────────────────────────────
 輸入 PIN 碼
  下一步要驗證卡片的 PIN 碼 (HiCOS 檢測的第 5 項)，再用卡片做加解密與簽章測試。
  只有持卡人本人可以輸入 PIN 碼；PIN 碼不要隨意告知他人，包括協助您的服務人員。

  PIN 碼的長度與次數由這張卡片決定 (卡片說出剩餘次數時，上方狀態列會顯示；許多
  卡片不說)。不確定時請不要猜，改選「忘記 PIN 碼」。
  不輸入 PIN 碼也可以，只是略過 PIN 碼、加解密與簽章三項，直接檢查憑證效期。
  輸入 PIN 碼
    錯誤的 PIN 碼會減少剩餘次數。
    PIN 碼:
    [Enter 確定]  [Esc 取消]





  [1 忘記 PIN 碼]
────────────────────────────────────────────────────────────────────────────────

 Enter 確定/下一欄  Tab 下一欄/按鈕  Esc 取消 (按鍵都會輸入到欄位)
EOF
	# At a form every key types into the field: the footer says so, in Chinese.
	on_screen 'Esc 取消 \(按鍵都會輸入到欄位\)' "the zh_TW form footer"
	whole_chars
	# Chinese line breaking: closing punctuation hangs on the line before, never starts one.
	not_on_screen '^ *[。，、」』）：；！？]' "no line starts with closing punctuation"
	# LC_ALL wins over LANG (and is not installed either): Chinese too; LANG=en_US.UTF-8 alone: English.
	tui_start LC_ALL=zh_TW.UTF-8 LANG=en_US.UTF-8
	wait_for '^    PIN'
	on_screen '\[中文\]' "LC_ALL=zh_TW.UTF-8: Chinese"
	tui_start LANG=en_US.UTF-8
	wait_for '^    PIN'
	on_screen '\[English\]' "LANG=en_US.UTF-8: English"
}

scenario_resize() {
	tui_start --lang=en
	wait_for '^    PIN:'
	send_text zkx
	wait_for '^    PIN: +\*\*\*$'
	secret zkx
	local before; before=$(screen | normalise)
	resize 60 20
	wait_for 'too small'
	expect_screen too-small-60x20 <<'EOF'
Terminal too small: needs 80x24
now 60x20
Enlarge the window; q quits
EOF
	resize 79 24
	wait_for 'now 79x24'
	resize 80 24
	wait_for '^    PIN:'
	if [ "$(screen | normalise)" = "$before" ]; then
		ok "back at 80x24: the same wizard screen, the typed characters kept"
	else
		bad "back at 80x24 the screen is not what it was"; screen | sed 's/^/    |/'
	fi
	# A bigger terminal uses the room: the whole PIN text fits, no "more" mark.
	resize 100 40
	wait_for '^─{100}$'
	wait_for '^    PIN:'
	not_on_screen 'more: PgDn' "at 100x40 the PIN node's text fits"
	resize 80 24
	wait_for '^─{80}$'
	local i
	for i in $(seq 50); do [ "$(screen | normalise)" = "$before" ] && break; sleep 0.1; done
	if [ "$(screen | normalise)" = "$before" ]; then ok "back at 80x24 again: the same screen"; else bad "back at 80x24 from 100x40 the screen changed"; screen | sed 's/^/    |/'; fi
}

# no_colour_on WHAT: the current screen has no colour SGR but still attributes (bold or reverse).
no_colour_on() {
	local s c; s=$(screen_escapes)
	c=$(colour_sgr "$s")
	if [ -z "$c" ]; then ok "$1: no colour sequence"; else bad "$1: colour SGR parameters $c"; fi
	if grep -qE $'\e\\[([0-9;]*;)?(1|7)(;[0-9;]*)?m' <<<"$s"; then ok "$1: attributes kept (bold/reverse)"; else bad "$1: no attributes at all"; fi
}

scenario_colour() {
	# The control: by default the screen has colours, so the check below can see them.
	tui_start --lang=en
	wait_for '^    PIN:'
	local c; c=$(colour_sgr "$(screen_escapes)")
	[ -n "$c" ] && ok "default: colours ($c)" || bad "default: no colour at all (is the check blind?)"
	local how
	for how in NO_COLOR=1 --no-color; do
		tui_start "$how" --lang=en
		wait_for '^    PIN:'
		send_text z
		wait_for '^    PIN: +\*$'
		no_colour_on "$how: the PIN form"
		send BSpace
		type_secret "$TESTBED_PIN"
		send Enter
		wait_for 'All done'
		no_colour_on "$how: All done"
		send t
		wait_for '^    PIN:'
		type_secret "$TESTBED_PIN"
		send Enter
		wait_for '14/14 done' 20
		no_colour_on "$how: the table"
	done
}

# ascii_only WHAT: every byte of the screen (with its escape sequences) is printable ASCII.
ascii_only() {
	local bad_lines; bad_lines=$(non_ascii "$(screen_escapes)")
	if [ -z "$bad_lines" ]; then ok "$1: ASCII only"; else bad "$1: non-ASCII on screen:"; sed 's/^/    /' <<<"$bad_lines"; fi
}

scenario_ascii() {
	# Without NCURSES_NO_UTF8_ACS: line drawing through the VT100 charset would show as SO/SI.
	tui_start NCURSES_NO_UTF8_ACS= --ascii --lang=en
	wait_for '^    PIN:'
	expect_screen ascii-first <<'EOF'
 cardwiz - smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 ... > IC-card drivers + > Card read + > PKCS#11 module + > Token state +
--------------------------------------------------------------------------------
 Type the PIN
  Next the card's PIN is verified (row 5 of the HiCOS test), then the card
  decrypts and signs a test message.
  Only the card holder types the PIN. Never tell the PIN to anyone - the
  person helping you included.

  The card decides the PIN's length and how many tries there are (the status
  line shows how many are left when the card says; many cards do not). If you
  are not sure, do not guess: choose "I forgot the PIN".
  You may also go on without the PIN: the PIN, decryption and signature
  checks are then skipped, and the certificate dates are checked.
  Type the PIN
    A wrong PIN costs a try.
    PIN:
    [Enter OK]  [Esc cancel]

  [1 I forgot the PIN]
--------------------------------------------------------------------------------

 Enter OK/next  Tab next/button  Esc cancel (keys go to the field)
EOF
	ascii_only "--ascii: the PIN node"
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done'
	ascii_only "--ascii: All done"
	send t
	wait_for '^    PIN:'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for '14/14 done' 20
	ascii_only "--ascii: the table"
	on_screen '^ 9 {4}.{43} \+ ' "--ascii: a passed row is marked +"
	# A charset that is not UTF-8 (LANG=C): ASCII by itself.
	tui_start NCURSES_NO_UTF8_ACS= LANG=C
	wait_for '^    PIN:'
	ascii_only "LANG=C: the PIN node"
}

scenario_terms() {
	local term
	for term in xterm-256color xterm vt100 linux screen; do
		if ! infocmp "$term" >/dev/null 2>&1; then echo "note: no terminfo for $term here"; continue; fi
		tui_start TERM="$term" NCURSES_NO_UTF8_ACS= --lang=en
		wait_for '^    PIN:'
		on_screen '^ Type the PIN$' "TERM=$term: the first node"
		alive && ok "TERM=$term: cardwiz runs" || bad "TERM=$term: cardwiz ended"
		send Escape
		wait_gone '^    PIN'
		wait_for 'All done'
		send '?'
		wait_for '^  Keys$'
		send Escape
		wait_for 'All done'
		send q
		wait_exit
		[ "$tui_rc" = 0 ] && ok "TERM=$term: help, quit, exit 0" || bad "TERM=$term: exit $tui_rc"
	done
}

scenario_form_keys() {
	# The footer at the PIN form names ? (help) and q (quit): those keys must then work there,
	# not be typed into the PIN field as two more masked characters.
	tui_start --lang=en
	wait_for '^    PIN:'
	local footer; footer=$(screen | tail -n 1)
	if grep -q '? help' <<<"$footer"; then
		send '?'
		if wait_for_quietly '^  Keys$' 3; then
			ok "? opens the help at the PIN form, as its footer says"
			send Escape
		else
			bad "the PIN form's footer names '? help', but ? was typed into the PIN field"
			on_screen '^    PIN: +\*$' "(the ? went into the PIN field)"
		fi
	else
		ok "the PIN form's footer does not name ? help"
	fi
	wait_for '^    PIN:'
	if grep -q 'q quit' <<<"$footer"; then
		send q
		if wait_for_quietly 'Pane is dead' 3 || [ -e "$TUI_WORK/rc" ]; then
			ok "q quits at the PIN form, as its footer says"
		else
			bad "the PIN form's footer names 'q quit', but q was typed into the PIN field"
		fi
	else
		ok "the PIN form's footer does not name q quit"
	fi
}

# wait_for_quietly REGEX TIMEOUT: like wait_for, but returns 1 instead of ending the scenario.
wait_for_quietly() {
	local end=$(($(date +%s%N) + $2 * 1000000000))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		screen | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	return 1
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios lang:--card=piv zh_locale:--card=piv resize:--card=piv colour:--card=piv ascii:--card=piv terms:--card=piv \
	form_keys:--card=piv
