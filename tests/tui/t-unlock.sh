#!/usr/bin/env bash
# t-unlock.sh — unlocking on screen: a locked PIV card through the inline PUK form (OpenSC set up
# to allow it: unlocked, and the next full test with the new PIN passes; OpenSC's default: the
# screen says the module refuses and shows the setting); a MOICA card: the official routes by what
# the user still knows, the unlock URL (as a QR code where the terminal is tall enough), and not
# one PIN command in the card's APDU log.
set -u
. "$(dirname "$0")/lib.sh"
NEW_PIN=654321

# fill_unlock_form: lock the card, go from its first screen to the inline PUK form, fill it in, submit.
fill_unlock_form() {
	lock_card
	tui_start --lang=en
	# A locked PIV card's first screen is its PUK form (issue 14, 4): no MOICA routes.
	wait_for '^    Unblock code \(PUK\):'
	on_screen '\| PIN: locked$' "status line: PIN locked"
	not_on_screen 'MOICA|user code|0800' "the PIV card's screen speaks of no MOICA route"
	expect_screen unlock-form <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: locked
 … › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✓ › Token state ✗
────────────────────────────────────────────────────────────────────────────────
 Unlock with the PUK  (FAQ 5)
  ✗ Token state: PIN locked
    cardwiz Test User #SERIAL
  When this card's PIN (a PIV, OpenPGP or other PKCS#11 card) is locked or
  forgotten, its unblock code (PUK) sets a new PIN. Do not try the PIN again.
  Type the unblock code (PUK), the new PIN, and the new PIN once more. The
  PUK is the code the card's issuer or administrator gave you; without one,
  or with the PUK locked too, ask the issuer.
  Unlock with the PUK
    Unblock code (PUK):
    New PIN:
    New PIN again:
    [Enter OK]  [Esc cancel]




────────────────────────────────────────────────────────────────────────────────

 Enter OK/next  Tab next/button  Esc cancel (keys go to the field)
EOF
	type_secret "$TESTBED_PUK"
	send Enter
	type_secret "$NEW_PIN"
	send Enter
	type_secret "$NEW_PIN"
	expect_screen unlock-form-filled <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: locked
 … › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✓ › Token state ✗
────────────────────────────────────────────────────────────────────────────────
 Unlock with the PUK  (FAQ 5)
  ✗ Token state: PIN locked
    cardwiz Test User #SERIAL
  When this card's PIN (a PIV, OpenPGP or other PKCS#11 card) is locked or
  forgotten, its unblock code (PUK) sets a new PIN. Do not try the PIN again.
  Type the unblock code (PUK), the new PIN, and the new PIN once more. The
  PUK is the code the card's issuer or administrator gave you; without one,
  or with the PUK locked too, ask the issuer.
  Unlock with the PUK
    Unblock code (PUK):   ********
    New PIN:              ******
    New PIN again:        ******
    [Enter OK]  [Esc cancel]




────────────────────────────────────────────────────────────────────────────────

 Enter OK/next  Tab next/button  Esc cancel (keys go to the field)
EOF
	send Enter
}

scenario_unblock() {
	fill_unlock_form
	wait_for 'PUK tries are left'
	send 1 # the confirmation: [1 Send], no word to type
	wait_for '✓ Unlocked'
	expect_screen unlock-done <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: locked
 … › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✓ › Token state ✗
────────────────────────────────────────────────────────────────────────────────
 Unlock with the PUK  (FAQ 5)
  ✗ Token state: PIN locked
    cardwiz Test User #SERIAL
  When this card's PIN (a PIV, OpenPGP or other PKCS#11 card) is locked or
  forgotten, its unblock code (PUK) sets a new PIN. Do not try the PIN again.
  Type the unblock code (PUK), the new PIN, and the new PIN once more. The
  PUK is the code the card's issuer or administrator gave you; without one,
  or with the PUK locked too, ask the issuer.
  Unlock with the PUK
    Unblock code (PUK):
    New PIN:
    New PIN again:
    ✓ Unlocked
    The card is unlocked with the new PIN. Remember it.
    [Enter continue]


────────────────────────────────────────────────────────────────────────────────

 Enter continue  Esc close  l lang  ? help  q quit
EOF
	# Continue: the wizard checks the token again: no longer locked, it asks for the (new) PIN.
	send Enter
	wait_for '^    PIN:'
	on_screen '\| PIN: -$' "status line: the PIN is no longer locked"
	on_screen 'Token state ✓$' "the token check passes after the unlock"
	type_secret "$NEW_PIN"
	send Enter
	wait_for 'All done'
	send t
	wait_for '^    PIN:'
	type_secret "$NEW_PIN"
	send Enter
	wait_for '14/14 done' 20
	expect_screen unlock-then-table <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
 Item Check                 What it checks       Res. Remarks
 1    Operating system      Can this operating s  ✓   OS
 -    Smart-card service    Is the smart-card se  ✓   pcscd
 2    Card reader           Is a card reader con  ✓   Virtual PCD 00 00
 3    IC-card drivers       Are the reader drive  ✓   /usr/lib/MODULE
 4    Card read             Is a card inserted,   ✓   PIV
 -    PKCS#11 module        Does the PKCS#11 mod  ✓   /usr/lib/MODULE
 -    Token state           Token information an  ✓   cardwiz Test User #SERIAL
 5    PIN verify            Is the PIN correct    ✓   PIN accepted
 6    Encrypt/decrypt       Does the card decryp  ✓   RSA PKCS#1 v1.5, key 03
 7    Signature             Does the card make a  ✓   SHA-256, key 02
 8    Encryption certificat Validity dates of th  ✓   YYYY-MM-DD – YYYY-MM-DD
 9    Signature certificate Validity dates of th  ✓   YYYY-MM-DD – YYYY-MM-DD
 -    Signing component     Does the local signi  ?   No local signing bridge c
 -    Certificate import    Are these the certif  ✓   same as last seen

 [##############################] 14/14 done
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter detail  Esc wizard  l lang  ? help  q quit
EOF
	local row
	for row in 1 2 3 4 5 6 7 8 9; do
		on_screen "^ $row {4}.{43} ✓ " "after the unlock, HiCOS row $row passed"
	done
	send q
	wait_exit
	# OpenSC's own tool agrees: the new PIN logs in, the old one does not.
	if pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin "$NEW_PIN" -O >/dev/null 2>&1; then
		ok "pkcs11-tool logs in with the new PIN"
	else
		bad "pkcs11-tool cannot log in with the new PIN"
	fi
}

# OpenSC's default refuses an unblock through PKCS#11: the engine's guard says so on the first
# screen, before any PUK is asked for; continuing checks the card again.
scenario_refused() {
	lock_card
	tui_start --lang=en
	wait_for 'refuses a PUK unblock'
	expect_screen unlock-refused <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: locked
 … › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✓ › Token state ✗
────────────────────────────────────────────────────────────────────────────────
 Unlock with the PUK  (FAQ 5)
  ✗ Token state: PIN locked
    cardwiz Test User #SERIAL
  When this card's PIN (a PIV, OpenPGP or other PKCS#11 card) is locked or
  forgotten, its unblock code (PUK) sets a new PIN. Do not try the PIN again.
  Type the unblock code (PUK), the new PIN, and the new PIN once more. The
  PUK is the code the card's issuer or administrator gave you; without one,
  or with the PUK locked too, ask the issuer.
  Unlock with the PUK
    OpenSC's configuration here refuses a PUK unblock through PKCS#11, so
    no PUK is asked for (no try is spent). Add user_pin_unblock_style =
    set_pin_in_unlogged_session; to app default { pkcs11 { } } in
    opensc.conf and check again, or use pkcs15-tool --unblock-pin.
    [Enter check again]  [Esc leave]



────────────────────────────────────────────────────────────────────────────────

 Enter check again  Esc leave  l lang  ? help  q quit
EOF
	not_on_screen 'Unblock code' "no PUK is asked for"
	not_on_screen 'MOICA|user code|0800' "the PIV card's screen speaks of no MOICA route"
	on_screen 'set_pin_in_unlogged_session' "the screen shows the setting that allows it"
	on_screen 'pkcs15-tool --unblock-pin' "the whole advice is on screen (not cut off at 80x24)"
	on_screen '\| PIN: locked$' "the card is still locked"
	# Enter checks the card again (after opensc.conf is changed, say): still refused here, and the
	# screen says what each key does, so the same screen again is no trap.
	send Enter
	wait_for 'refuses a PUK unblock'
	not_on_screen 'Unblock code' "still no PUK asked for"
	# Esc leaves the form to the step for a card that stays locked, not back into the form.
	send Escape
	wait_for 'The card is still locked'
	not_on_screen 'Unblock code|\[Esc leave\]' "Esc left the refused form"
}

# moica_panel: from the first screen of a MOICA card to the unlock panel's first question.
moica_panel() {
	wait_for 'The PIN is locked or forgotten'
	send 2
	wait_for 'Choose by what I remember'
	send 4
	wait_for '\[1 yes\] +\[2 no\]'
}

scenario_moica() {
	local log=$TESTBED_APDU_LOG
	tui_start --lang=en
	wait_for 'HiCOS middleware is needed'
	expect_screen moica-vendor-module <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: MOICA citizen digital certificate | PIN: -
 … › Card reader ✓ › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────
 MOICA's HiCOS middleware is needed  (FAQ 1)
  ✗ PKCS#11 module: The issuer's middleware is needed
    /usr/lib/MODULE PIN state unknown
  This is a Chunghwa Telecom card (such as a MOICA citizen card). OpenSC
  cannot read it: it needs MOICA's HiCOS middleware (the card's PKCS#11
  module):
    Windows: the HiCOS card management tool, from
    https://moica.nat.gov.tw/PublishCert.html (download to the desktop,
    unzip, install).
    Mac: the Mac component on the same page.
    Linux: cardwiz looks for libHicos_p11*.so* (name not confirmed) in
    /usr/local/HiPKILocalSignServerApp (the signing bridge) and the library
    folders; elsewhere, name it with cardwiz --module.
  After installing, close every browser window and open the browser again,
  (more: PgDn)

  [1 Check again] [2 The PIN is locked or forgotten]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  PgDn more  r rerun  l lang  ? help  q quit
EOF
	# The card's name follows the language (each profile name is kept in both), both ways.
	send l
	wait_for '^ 讀卡機: .* \| 卡片: 自然人憑證'
	on_screen '^ 讀卡機: .* \| 卡片: 自然人憑證' "in Chinese the card is 自然人憑證"
	send l
	wait_for '^ Reader: .* \| Card: MOICA citizen'
	on_screen '^ Reader: .* \| Card: MOICA citizen' "and in English again MOICA's name"
	moica_panel
	expect_screen moica-q-user-code <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: MOICA citizen digital certificate | PIN: -
 … › Card reader ✓ › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────
 Unlock  (FAQ 5)
  ✗ PKCS#11 module: The issuer's middleware is needed
    /usr/lib/MODULE PIN state unknown
  Unlocking a MOICA card (official routes)
  cardwiz sends nothing to this card: MOICA's servers check the user code.

    Do you remember your user code (the 6–10 letters and digits you chose
    when applying)?

    [1 yes]  [2 no]







────────────────────────────────────────────────────────────────────────────────

 1 2 answer  Esc cancel  l lang  ? help  q quit
EOF
	send 1
	wait_for '\[1 locked\]'
	expect_screen moica-q-locked <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: MOICA citizen digital certificate | PIN: -
 … › Card reader ✓ › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────
 Unlock  (FAQ 5)
  ✗ PKCS#11 module: The issuer's middleware is needed
    /usr/lib/MODULE PIN state unknown
  Unlocking a MOICA card (official routes)
  cardwiz sends nothing to this card: MOICA's servers check the user code.

    Is the card locked (3 wrong PINs), or is the PIN only forgotten?

    [1 locked]  [2 forgotten, not locked]








────────────────────────────────────────────────────────────────────────────────

 1 2 answer  Esc cancel  l lang  ? help  q quit
EOF
	send 1
	wait_for 'Enter done'
	expect_screen moica-route-online <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: MOICA citizen digital certificate | PIN: -
 … › Card reader ✓ › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────
 Unlock  (FAQ 5)
  ✗ PKCS#11 module: The issuer's middleware is needed
    /usr/lib/MODULE PIN state unknown
  Unlocking a MOICA card (official routes)
  cardwiz sends nothing to this card: MOICA's servers check the user code.
    https://moica.nat.gov.tw/unblockcard.html
    Unlock online: on a Windows or Mac PC open MOICA's unlock page
    (https://moica.nat.gov.tw/unblockcard.html), type your user code (6–10
    letters and digits, case-sensitive) and a new PIN (6–8 characters); if
    the page errors, use the HiCOS card tool's unlock function (鎖卡解碼;
    reboot after installing it). MOICA's servers check the user code. If it
    stays locked though you know the user code, call the hotline
    0800-080-117: the staff ask the card management centre (卡管中心) to
    release it.


    [Enter done]  [Left answer again]  [Esc cancel]
────────────────────────────────────────────────────────────────────────────────

 Enter done  Left answer again  Esc cancel  l lang  ? help  q quit
EOF
	on_screen 'https://moica\.nat\.gov\.tw/unblockcard\.html' "the MOICA unlock URL is shown"
	on_screen '0800-080-117' "the whole route is shown, down to the hotline (not cut off at 80x24)"
	not_on_screen '[█▀▄]' "no QR code at 80x24"
	# Answer again: the user code is forgotten → the household registration office route.
	send Left
	wait_for '\[1 yes\] +\[2 no\]'
	send 2
	wait_for 'Enter done'
	expect_screen moica-route-no-user-code <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: MOICA citizen digital certificate | PIN: -
 … › Card reader ✓ › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────
 Unlock  (FAQ 5)
  ✗ PKCS#11 module: The issuer's middleware is needed
    /usr/lib/MODULE PIN state unknown
  Unlocking a MOICA card (official routes)
  cardwiz sends nothing to this card: MOICA's servers check the user code.
    https://moica.nat.gov.tw/unblockcard.html
    The user code is forgotten: (1) change it online, then unlock; or (2)
    take your ID card (original) and the IC card to any household
    registration office (戶政事務所, any district) to reset it — the PIN goes
    back to its default; or (3) send someone: they bring your IC card, both
    original ID cards and the proxy form (自然人憑證代辦事項委託書) signed or
    sealed by both of you.




    [Enter done]  [Left answer again]  [Esc cancel]
────────────────────────────────────────────────────────────────────────────────

 Enter done  Left answer again  Esc cancel  l lang  ? help  q quit
EOF
	on_screen 'household' "the forgotten-user-code route is shown (a household registration office)"
	on_screen 'https://moica\.nat\.gov\.tw/unblockcard\.html' "the MOICA unlock URL is shown"
	# And the PIN only forgotten (card not locked): the same unlock function resets it; no guessing.
	send Left 1
	wait_for '\[1 locked\]'
	send 2
	wait_for 'Enter done'
	on_screen 'do not guess' "the forgotten-PIN route is shown"
	send Escape
	wait_gone 'Enter done'
	tui_stop
	# The judge: the card's own log. Traffic was seen (the first command), but no PIN command.
	if [ -s "$log" ]; then ok "the card's APDU log has $(wc -l <"$log") commands"; else bad "the APDU log is empty: is it the card's log?"; fi
	local pin_cmds
	pin_cmds=$(grep -ciE '> 00 (20|2C|24) ' "$log")
	if [ "$pin_cmds" = 0 ]; then
		ok "no VERIFY, RESET RETRY COUNTER or CHANGE REFERENCE DATA sent to the MOICA card"
	else
		bad "$pin_cmds PIN commands sent to the MOICA card:"; grep -iE '> 00 (20|2C|24) ' "$log" | head -n 5 | sed 's/^/    /'
	fi
}

scenario_moica_qr() {
	# A taller terminal: the URL also as a QR code (half blocks), beside the route.
	tui_start --size=100x40 --lang=en
	moica_panel
	send 1 1
	wait_for 'Enter done'
	expect_screen moica-qr-100x40 <<'EOF'
 cardwiz — smart-card troubleshooter                                                      [English]
 Reader: Virtual PCD 00 00 | Card: MOICA citizen digital certificate | PIN: -
 … › Smart-card service ✓ › Card reader ✓ › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────────────────────────
 Unlock  (FAQ 5)
  ✗ PKCS#11 module: The issuer's middleware is needed
    /usr/lib/MODULE PIN state unknown
  Unlocking a MOICA card (official routes)
  cardwiz sends nothing to this card: MOICA's servers check the user code.
  █████████████████████████████████       https://moica.nat.gov.tw/unblockcard.html
  ██ ▄▄▄▄▄ █ ▄▄ █▀ █▄▄▀███ ▄▄▄▄▄ ██
  ██ █   █ ██▄█▀▀  ▄█  ▀██ █   █ ██       Unlock online: on a Windows or Mac PC open MOICA's
  ██ █▄▄▄█ █ ▀▀▄ █▄██ ▀█▄█ █▄▄▄█ ██       unlock page
  ██▄▄▄▄▄▄▄█ ▀▄█▄█▄▀▄█ ▀ █▄▄▄▄▄▄▄██       (https://moica.nat.gov.tw/unblockcard.html), type your
  ██▄  █▀▄▄█ ▄█▄ █▀ ▀▀▄ ▀▄  ▄██  ██       user code (6–10 letters and digits, case-sensitive) and
  ███▀▄▄ ▄▄█ ▄ ▀ ▄█▄██▀ ▀ ▄██ ▄█▄██       a new PIN (6–8 characters); if the page errors, use the
  ██ ▀ ▀▄▀▄ ▄▄ ██▀█  █▀▀ ▄  ███▀ ██       HiCOS card tool's unlock function (鎖卡解碼; reboot
  ██▀ ██▄ ▄██▀▄▄█▄▀ █▄▀ ▀█▀█ ███▄██       after installing it). MOICA's servers check the user
  ██▄  ▄▀▄▄▀  █▄ ▀█  ▀█  █  ██▀▀ ██       code. If it stays locked though you know the user code,
  ██▄▄▀ ▄█▄ ▄▀▀▀ ▄█ ███  █▀▀▀▄██▄██       call the hotline 0800-080-117: the staff ask the card
  ██▄▄▄██▄▄▄▀▀▄██ ▄▀ ███ ▄▄▄  ▀▄▀██       management centre (卡管中心) to release it.
  ██ ▄▄▄▄▄ █▀█▄▄█▀█ ██▄█ █▄█ ██▀▄██
  ██ █   █ ███ ▄ ▄█  ▀█▄▄ ▄▄  ▀▄▀██
  ██ █▄▄▄█ █ ▄ ▀ ▄  ▀▄█▀ ▄█▀▄▀█▄▄██
  ██▄▄▄▄▄▄▄█▄████▄▄█▄███▄█▄██▄██▄██
  █████████████████████████████████










    [Enter done]  [Left answer again]  [Esc cancel]
────────────────────────────────────────────────────────────────────────────────────────────────────

 Enter done  Left answer again  Esc cancel  l lang  ? help  q quit
EOF
	local qr_rows
	qr_rows=$(screen | grep -cE '^  [█▀▄ ]{33}( |$)')
	if [ "$qr_rows" -ge 15 ]; then ok "a QR code of $qr_rows rows at 100x40"; else bad "no QR code at 100x40 ($qr_rows rows of blocks)"; fi
	on_screen 'https://moica\.nat\.gov\.tw/unblockcard\.html' "the URL is shown beside the QR code"
	# The QR code encodes the URL: read back from the screen, compared with libqrencode's matrix.
	local out
	out=$(screen | python3 "$(dirname "$0")/qrcheck.py" https://moica.nat.gov.tw/unblockcard.html)
	case $? in
	0) echo "$out" ;;
	77) echo "note: $out (QR content not checked)" ;;
	*) bad "${out#FAIL }" ;;
	esac
	# Shrunk to 80x24, the QR code goes and the URL stays.
	resize 80 24
	wait_gone '█'
	on_screen 'https://moica\.nat\.gov\.tw/unblockcard\.html' "at 80x24 the URL alone"
}

# moica_change: a card with the MOICA profile that OpenSC can read (the MOICA ATR on the PIV applet):
# the end step's "Change the PIN" is refused by the engine's policy; the card gets no 00 24.
scenario_moica_change() {
	local log=$TESTBED_APDU_LOG
	tui_start --lang=en
	wait_for 'Type the PIN'
	send Escape
	# No signing bridge runs in the test bed: a MOICA card's walk stops once at that warning.
	wait_for 'signing bridge is not running'
	send 1
	wait_for 'Change the PIN\]'
	: >"$log"
	send 4
	wait_for 'only through its official routes'
	not_on_screen 'Current PIN' "no change form is opened"
	tui_stop
	if grep -qiE '> 00 24 ' "$log"; then bad "CHANGE REFERENCE DATA sent to a MOICA-profile card"; else ok "no CHANGE REFERENCE DATA sent"; fi
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios unblock:--opensc-unblock refused:--card=piv moica:--card=moica,--apdu-log=@log moica_qr:--card=moica \
	"moica_change:--atr=3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57,--apdu-log=@log"
