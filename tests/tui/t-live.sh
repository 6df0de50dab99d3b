#!/usr/bin/env bash
# t-live.sh — the wizard follows the world while it waits: the card pulled (status line and the
# "insert the card" node) and put back (it resumes where a card is needed), pcscd killed (the
# service is gone) and restarted (readers and card come back), readers vanishing and returning.
set -u
. "$(dirname "$0")/lib.sh"

# quick REGEX WHAT: REGEX (the status line) comes on screen within 300 ms of an event pcscd has
# already seen (the testbed tools return once it has): the issue's 250 ms after pcscd notices,
# plus one 50 ms polling period of wait_for. The time is printed.
quick() {
	local t0 ms
	t0=$(date +%s%N)
	wait_for "$1"
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [ "$ms" -le 300 ]; then ok "$2 on screen ${ms} ms after pcscd saw it"; else bad "$2 took ${ms} ms to reach the screen"; fi
}

scenario_card() {
	tui_start --lang=en
	wait_for '^    PIN:'
	expect_screen live-start <<'EOF'
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
	# Pull the card while the wizard waits for the PIN (testbed-card returns once pcscd sees EMPTY).
	testbed-card remove >/dev/null || die "testbed-card remove failed"
	quick '^ Reader: Virtual PCD 00 00 \| Card: none \|' "the pulled card"
	wait_for 'No card detected'
	expect_screen live-card-pulled <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: none | PIN: -
 … › Smart-card service ✓ › Card reader ✓ › IC-card drivers ✓ › Card read ✗
────────────────────────────────────────────────────────────────────────────────
 No card detected  (FAQ 2)
  ✗ Card read: No card detected
    Virtual PCD 00 00
  If the document system says "card not detected or card locked" (未偵測到卡片
  或卡片已鎖卡) when you send a document, check the card first:
    1. It is the citizen-certificate IC card (not a health-insurance or bank
    card).
    2. The chip faces the reader's contacts (chip up on most readers), and
    the card goes in chip first, all the way.
    3. Leave it in until the work is done.
  cardwiz goes on by itself once the card is in; you can also choose "Check
  again".

  If the message means the card is locked, choose "The card is locked" (FAQ
  5).

  [1 Check again] [2 The card is locked]
────────────────────────────────────────────────────────────────────────────────

 Up/Down choose  Enter do  r rerun  t full test  l lang  ? help  q quit
EOF
	on_screen '\| Card: none \|' "status line: no card"
	alive && ok "cardwiz still runs" || bad "cardwiz ended when the card was pulled"
	# Put it back: the wizard resumes by itself and asks for the PIN again (the same screen).
	testbed-card insert >/dev/null || die "testbed-card insert failed"
	quick '^ Reader: Virtual PCD 00 00 \| Card: (PIV|inserted) \|' "the re-inserted card"
	wait_for '^    PIN:'
	on_screen '\| Card: PIV \|' "status line: the card is named again (PIV) after re-insertion"
	on_screen 'Card read ✓' "the trail: the card read passes again after re-insertion"
	expect_screen live-card-back <<'EOF'
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
	# The re-inserted card works: PIN, then "All done".
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done'
	ok "the walk after re-insertion reaches All done"
}

scenario_service() {
	tui_start --lang=en
	wait_for '^    PIN:'
	testbed-service kill >/dev/null || die "testbed-service kill failed"
	quick '^ Reader: smart-card service not running \|' "pcscd killed"
	wait_for 'pcscd is not running|pcscd stopped'
	expect_screen live-service-killed <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: smart-card service not running | Card: none | PIN: -
 Operating system ✓ › Smart-card service ✗ › PKCS#11 module ✗
────────────────────────────────────────────────────────────────────────────────
 The smart-card service pcscd is not running  (FAQ 1)
  ✗ Smart-card service: Smart-card service pcscd not reachable
~~
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
	# How pcscd's absence looks depends on whether its socket is gone yet (both are right).
	on_screen '^    0x8010001D pcscd (is installed but not running|does not answer)$' "the service check's remark"
	alive && ok "cardwiz survives pcscd being killed" || bad "cardwiz ended when pcscd was killed"
	# Back: readers and the card return, and the wizard walks to the PIN again.
	testbed-service restart >/dev/null || die "testbed-service restart failed"
	quick '^ Reader: Virtual PCD 00 00 \|' "pcscd restarted"
	wait_for '^    PIN:'
	on_screen '^ Reader: Virtual PCD 00 00 \| Card: PIV \|' "status line: reader and card are back"
	expect_screen live-service-back <<'EOF'
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
	# Restarted without readers: the readers vanish (FAQ 3), then come back with two.
	testbed-service restart --readers=0 >/dev/null || die "testbed-service restart --readers=0 failed"
	quick '^ Reader: no reader \| Card: none' "pcscd restarted without readers"
	wait_for 'No card reader found'
	testbed-service restart --readers=2 >/dev/null || die "testbed-service restart --readers=2 failed"
	quick '^ Reader: Virtual PCD 00 00 \|' "pcscd restarted with the readers"
	wait_for '^    PIN:'
	on_screen '^ Reader: Virtual PCD 00 00 \| Card: PIV \|' "status line: reader and card are back again"
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done'
	ok "after pcscd came back twice the walk reaches All done"
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios card:--card=piv service:--card=piv
