#!/usr/bin/env bash
# t-paths.sh — each FAQ path walked on screen at 80x24: no service, no reader, a broken card, a
# locked card, an expired certificate, and a healthy card through the PIN to "All done" and the
# full test, whose table shows every HiCOS row 1-9 passed.
set -u
. "$(dirname "$0")/lib.sh"

scenario_no_service() {
	tui_start --lang=en
	wait_for 'pcscd is not running'
	expect_screen no-service <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: smart-card service not running | Card: none | PIN: -
 Operating system ✓ › Smart-card service ✗ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────
 The smart-card service pcscd is not running  (FAQ 1)
  ✗ Smart-card service: Smart-card service pcscd not reachable
    0x8010001D pcscd is installed but not running
  ✗ PKCS#11 module: The module does not see the card
    /usr/lib/MODULE loads, slots: 0, no token
  The document system's signing component and the browser reach the reader
  and the card through the smart-card service pcscd. Without it the document
  system says the signing component is not installed, or that no card can be
  read (FAQ 1).

  Look at its state in a terminal:
    systemctl status pcscd.socket pcscd.service
  If it "could not be found", install it first:
    Debian, Ubuntu: sudo apt install pcscd
  (more: PgDn)

  [1 Check again] [2 I am connected over SSH]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  PgDn more  r rerun  l lang  ? help  q quit
EOF
	# The commands are indented in the wizard file: drawn deeper than the words around them.
	on_screen '^    systemctl status pcscd\.socket pcscd\.service$' "the command line keeps its indentation from the wizard file"
	# PgDn scrolls the long advice to its end (the commands to start pcscd).
	send NPage
	wait_for 'enable --now pcscd.socket'
	expect_screen no-service-pgdn <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: smart-card service not running | Card: none | PIN: -
 Operating system ✓ › Smart-card service ✗ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────
 The smart-card service pcscd is not running  (FAQ 1)
  ✗ Smart-card service: Smart-card service pcscd not reachable
    0x8010001D pcscd is installed but not running
  ✗ PKCS#11 module: The module does not see the card
    /usr/lib/MODULE loads, slots: 0, no token
    systemctl status pcscd.socket pcscd.service
  If it "could not be found", install it first:
    Debian, Ubuntu: sudo apt install pcscd
    Fedora: sudo dnf install pcsc-lite
  Then start it, and have it start at boot:
    sudo systemctl enable --now pcscd.socket

  Then choose "Check again". Close every browser window and open the browser
  again.
  (end: PgUp goes up)

  [1 Check again] [2 I am connected over SSH]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  PgUp up  r rerun  l lang  ? help  q quit
EOF
	send PPage
	wait_for 'reach the reader'
}

scenario_no_reader() {
	tui_start --lang=en
	wait_for 'No card reader found'
	expect_screen no-reader <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: no reader | Card: none | PIN: -
 Operating system ✓ › Smart-card service ✓ › Card reader ✗ › IC-card drivers ✓
────────────────────────────────────────────────────────────────────────────────
 No card reader found (0x8010002E)  (FAQ 3)
  Sometimes the document system says it cannot find a card reader; the HiCOS
  environment test shows on its row 2, "Card reader":
    ✗ 0x8010002E the reader check failed: make sure the reader is connected
    to the computer and its driver is installed correctly

  Check, in this order:
    1. Is the reader connected to the computer: the USB cable plugged in
    firmly, the reader's light on? Try another USB port too (not an unpowered
    USB hub).
    2. Is its driver installed correctly: on Linux most readers use libccid
    (sudo apt install libccid); unplug the reader and plug it in again
    afterwards.
  (more: PgDn)

  [1 Check again] [2 I am connected over SSH] [3 The HiCOS test (Windows)]
  [4 Full test (9 checks)]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  PgDn more  r rerun  l lang  ? help  q quit
EOF
}

scenario_broken() {
	tui_start --lang=en
	wait_for 'not recognised or does not answer'
	expect_screen broken-card <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: inserted | PIN: -
 … › Smart-card service ✓ › Card reader ✓ › IC-card drivers ✓ › Card read ✗
────────────────────────────────────────────────────────────────────────────────
 The card is not recognised or does not answer  (FAQ 2)
  ✗ Card read: Card cannot be used
    SW 6F00
  The reader sees a card, but the card is not recognised or does not answer
  (the HiCOS environment test says "the smart card cannot be recognised or
  does not respond; make sure it is inserted correctly"). Either the wrong
  card is in, or the card is faulty and cannot be read:
    1. Make sure it is the citizen-certificate card, inserted the right way.
    2. Take it out, wipe the chip with a clean soft cloth, and insert it
    again.
    3. Try another reader.

  If you are sure it is the right card, inserted the right way, and it still
  (more: PgDn)

  [1 Check again] [2 Full test (9 checks)] [3 The HiCOS test (Windows)]
  [4 I have a new card: import its certificate]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  PgDn more  r rerun  l lang  ? help  q quit
EOF
}

scenario_locked() {
	lock_card
	tui_start --lang=en
	# A locked PIV card's first screen is its PUK form, here refused up front by OpenSC's default
	# configuration (issue 14, 4): no MOICA route on it.
	wait_for 'refuses a PUK unblock'
	not_on_screen 'MOICA|user code|0800' "the PIV card's locked screen speaks of no MOICA route"
	expect_screen locked-card <<'EOF'
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
	# Esc declines the form: the still-locked advice, no MOICA route on it either.
	send Escape
	wait_for 'The card is still locked'
	not_on_screen 'MOICA|user code|0800' "the still-locked advice speaks of no MOICA route"
	# A locked card never asks for the PIN: the full test goes straight to the table.
	send t
	wait_for '14/14'
	not_on_screen '^    PIN' "no PIN asked of a locked card"
	on_screen '^ 5    PIN verify +.* (✗|\?) ' "row 5 (PIN verify) is not passed on a locked card"
}

scenario_expired() {
	tui_start --lang=en
	wait_for '^    PIN:'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'certificate has expired'
	expect_screen expired-cert <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › PIN verify ✓ › Encrypt/decrypt ✓ › Signature ✓ › Encryption certificate ✗
────────────────────────────────────────────────────────────────────────────────
 The certificate has expired  (FAQ 4)
  ✗ Encryption certificate: Certificate expired
    YYYY-MM-DD – YYYY-MM-DD; the card's issuer renews or replaces it
  The certificate on the card has expired, and the document system refuses it
  (the result shows its dates).
    • A MOICA citizen card: a certificate lasts 5 years and can be renewed
    once, for 3 years (8 at most): certificate renewal (憑證展期) under
    certificate services on MOICA's site. How long after expiry renewal is
    still possible: see https://moica.nat.gov.tw/. Once renewed already, or
    when it can no longer be renewed, get a new card at any household
    registration office.
    • A card from another issuer: ask that issuer to renew the certificate or
    replace the card.
  Then import the certificate into the document system again (FAQ 4).
    https://moica.nat.gov.tw/

  [1 How to import the certificate] [2 Check again]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  Left back  r rerun  l lang  ? help  q quit
EOF
}

scenario_wrong_pin() {
	# FAQ 5's first step: a mistyped PIN. The same wrong PIN is never sent twice; the right one,
	# typed next, is sent and passes. The card's APDU log counts the VERIFY commands with a PIN.
	local wrong=975310
	tui_start --lang=en
	wait_for '^    PIN:'
	type_secret "$wrong"
	send Enter
	wait_for 'Wrong PIN'
	expect_screen wrong-pin <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Card read ✓ › PKCS#11 module ✓ › Token state ✓ › PIN verify ✗
────────────────────────────────────────────────────────────────────────────────
 Wrong PIN  (FAQ 5)
  ✗ PIN verify: Wrong PIN
    Tries left: unknown (the card does not say)
  The card refused this PIN and counted one try (the status line shows how
  many are left, where the card says). cardwiz will not send the same PIN
  again.
  Do not guess. If you forgot the PIN, ask the card's issuer or
  administrator; a locked card takes a new PIN with its unblock code (PUK).








  [1 I do remember it: type it again] [2 I forgot the PIN]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  Left back  r rerun  l lang  ? help  q quit
EOF
	send 1
	wait_for '^    PIN:'
	type_secret "$wrong"
	send Enter
	wait_for 'refused this PIN already'
	ok "the same wrong PIN is refused at the form, not sent"
	send BSpace BSpace BSpace BSpace BSpace BSpace
	wait_for '^    PIN: *$'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done|PIN was not sent|Wrong PIN'
	on_screen 'All done' "the right PIN typed after a wrong one is sent and the walk reaches All done"
	local sent; sent=$(grep -cE '> 00 20 00 80 08 ' "$TESTBED_APDU_LOG")
	# The wrong PIN once, the right one once, and the context-specific login PIV's signature key
	# 9C needs for every signature (doc/FIELD-NOTES.md): three; the refused PIN never twice.
	[ "$sent" = 3 ] && ok "three VERIFY with a PIN reached the card (the wrong one once, the right one, 9C's login)" ||
		bad "$sent VERIFY with a PIN reached the card, want 3 (the wrong PIN once, the right one, 9C's login)"
}

scenario_healthy() {
	tui_start --lang=en
	wait_for '^    PIN:'
	expect_screen healthy-pin-form <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✓ › Token state ✓
────────────────────────────────────────────────────────────────────────────────
 Type the PIN
  Next the card's PIN is verified (row 5 of the HiCOS test), then the card
  decrypts and signs a test message.
  Only the card holder types the PIN. Never tell the PIN to anyone — the
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
────────────────────────────────────────────────────────────────────────────────

 Enter OK/next  Tab next/button  Esc cancel (keys go to the field)
EOF
	type_secret "$TESTBED_PIN"
	expect_screen healthy-pin-typed <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › IC-card drivers ✓ › Card read ✓ › PKCS#11 module ✓ › Token state ✓
────────────────────────────────────────────────────────────────────────────────
 Type the PIN
  Next the card's PIN is verified (row 5 of the HiCOS test), then the card
  decrypts and signs a test message.
  Only the card holder types the PIN. Never tell the PIN to anyone — the
  person helping you included.

  The card decides the PIN's length and how many tries there are (the status
  line shows how many are left when the card says; many cards do not). If you
  are not sure, do not guess: choose "I forgot the PIN".
  You may also go on without the PIN: the PIN, decryption and signature
  checks are then skipped, and the certificate dates are checked.
  Type the PIN
    A wrong PIN costs a try.
    PIN:                  ******
    [Enter OK]  [Esc cancel]

  [1 I forgot the PIN]
────────────────────────────────────────────────────────────────────────────────

 Enter OK/next  Tab next/button  Esc cancel (keys go to the field)
EOF
	send Enter
	wait_for 'All done'
	expect_screen healthy-all-done <<'EOF'
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
	# The full test asks for the PIN first (the one typed before was wiped after use).
	send t
	wait_for '^    PIN:'
	expect_screen healthy-full-test-pin <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
 Full test (9 checks): the PIN first
  Type the PIN
    A wrong PIN costs a try.
    PIN:
    [Enter OK]  [Esc cancel]












────────────────────────────────────────────────────────────────────────────────

 Enter OK/next  Tab next/button  Esc cancel (keys go to the field)
EOF
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for '14/14 done' 20
	expect_screen healthy-table <<'EOF'
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
		on_screen "^ $row {4}.{43} ✓ " "HiCOS row $row passed"
	done
	# A row opens its detail: row 5, the PIN.
	send Down Down Down Down Down Down Down Enter
	wait_for 'PIN verify —'
	expect_screen healthy-row-detail <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
 ✓ PIN verify — OK
   PIN accepted















────────────────────────────────────────────────────────────────────────────────

 Esc back to the table  l lang  ? help  q quit
EOF
	send Escape
	wait_for '14/14 done'
	send q
	wait_exit
	[ "$tui_rc" = 0 ] && ok "exit 0 after a healthy walk" || bad "exit $tui_rc after a healthy walk, want 0"
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios no_service:--service=none no_reader:--readers=0 broken:--card=broken locked:--card=piv \
	expired:--certs=expired-enc wrong_pin:--apdu-log=@log healthy:--card=piv
