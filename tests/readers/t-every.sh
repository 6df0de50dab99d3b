#!/usr/bin/env bash
# t-every.sh — every reader, every card, every token (issue 12 A, B), on the test bed: the card only in
# the second reader, a chosen reader that is empty, two cards (the report's rule, --plain's question),
# SoftHSM2 with no pcscd (every check of the token runs), pcscd down with OpenSC, a broken --module.
set -u
. "$(dirname "$0")/../report/lib.sh"

say_ok() { echo "ok   $*"; }
say_bad() { echo "FAIL $*"; fail=1; }

scenario_slot1() {
	# The card is only in "Virtual PCD 00 01"; reader 00 00 is empty and listed first.
	report "$TESTBED_DIR/r.json" --pin-fd 3 3<"$(pin_file)"
	expect_rc 0
	assert "$TESTBED_DIR/r.json" verdict=ok nine-pass "reader.detail.reader=Virtual PCD 00 01" \
		"reader.detail.chosen_by=only card" reader.detail.cards=1 "reader.detail.note=Virtual PCD 00 01" \
		"card.detail.reader=Virtual PCD 00 01" token=ok
	# The evidence is the card's own log: it verified the PIN and signed (it was the card used).
	grep -q '> 00 20 00 80' "$TESTBED_APDU_LOG" && grep -q '> 00 87 ' "$TESTBED_APDU_LOG" &&
		say_ok "the card in reader 2 got VERIFY and GENERAL AUTHENTICATE" || say_bad "no VERIFY/GENERAL AUTHENTICATE in the card's log"
	# --plain says so too, and walks on to the PIN (never "insert the card").
	"$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" </dev/null >"$TESTBED_DIR/p.txt" 2>&1
	grep -q '^✓ Card reader: Virtual PCD 00 01$' "$TESTBED_DIR/p.txt" && grep -q '^✓ Card read: PIV' "$TESTBED_DIR/p.txt" &&
		! grep -qi 'insert the card' "$TESTBED_DIR/p.txt" && say_ok "--plain names reader 2 and reads the card" ||
		say_bad "--plain: $(head -c 600 "$TESTBED_DIR/p.txt")"
	# --reader names the empty one: the card check says where the card is.
	report "$TESTBED_DIR/e.json" --reader "Virtual PCD 00 00"
	expect_rc 1
	assert "$TESTBED_DIR/e.json" reader=ok reader.detail.chosen_by=request card=no-card \
		"card.detail.card_elsewhere=Virtual PCD 00 01" "card.detail.note=~a card is in Virtual PCD 00 01"
}

scenario_two_cards_profile() {
	# A PIV card in 00 00 and a MOICA card in 00 01: only the MOICA card matches a profile other than
	# the generic one, so the report takes it and lists the other.
	report "$TESTBED_DIR/r.json"
	assert "$TESTBED_DIR/r.json" "reader.detail.reader=Virtual PCD 00 01" reader.detail.chosen_by=profile \
		reader.detail.cards=2 "reader.detail.card_reader0=Virtual PCD 00 00" "reader.detail.card_profile1=moica" \
		"reader.detail.note=~other cards in: Virtual PCD 00 00" card.detail.profile=moica
	# The card check read the MOICA card (its ATR, its answer to the PIV SELECT), not the PIV one.
	assert "$TESTBED_DIR/r.json" "card.detail.atr=3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57" card.detail.first_sw=6A82
}

scenario_two_cards_first() {
	# Two PIV cards: no profile tells them apart, the report takes the first and lists the other.
	report "$TESTBED_DIR/r.json"
	expect_rc 0
	assert "$TESTBED_DIR/r.json" "reader.detail.reader=Virtual PCD 00 00" "reader.detail.chosen_by=first card" \
		reader.detail.cards=2 "reader.detail.card_reader1=Virtual PCD 00 01" "token.detail.note=~cardwiz Test User"
	# --plain asks which; the answer 2 checks the other card (its token is the second user's).
	: >"$TESTBED_APDU_LOG"
	printf '2\nq\n' | "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/p.txt" 2>&1
	grep -q 'Several cards are in: which one should be checked?' "$TESTBED_DIR/p.txt" &&
		grep -q '^  2\. Virtual PCD 00 01' "$TESTBED_DIR/p.txt" && say_ok "--plain asks which card" || say_bad "--plain did not ask: $(head -c 600 "$TESTBED_DIR/p.txt")"
	grep -q '^✓ Token state: cardwiz Second User' "$TESTBED_DIR/p.txt" && say_ok "the answer 2 checks the second card" ||
		say_bad "the second card was not checked: $(grep 'Token state' "$TESTBED_DIR/p.txt")"
	# --reader still forces one, and nothing is asked.
	"$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" --reader "Virtual PCD 00 01" </dev/null >"$TESTBED_DIR/f.txt" 2>&1
	! grep -q 'Several cards' "$TESTBED_DIR/f.txt" && grep -q '^✓ Token state: cardwiz Second User' "$TESTBED_DIR/f.txt" &&
		say_ok "--reader forces the card, no question" || say_bad "--reader: $(head -c 400 "$TESTBED_DIR/f.txt")"
}

# SoftHSM2 with no pcscd: module, token, PIN, decrypt, sign and certificate dates all run and pass.
scenario_softhsm() {
	eval "$("$ROOT/tests/testbed/softhsm-token" "$TESTBED_DIR/hsm" --label "other token")" || { echo "softhsm-token failed"; exit 77; }
	eval "$("$ROOT/tests/testbed/softhsm-token" "$TESTBED_DIR/hsm" --label "cw soft")" || { echo "softhsm-token failed"; exit 77; }
	local out="$TESTBED_DIR/s.json"
	"$ROOT/build/cardwiz" --report --format=json --module "$TESTBED_SOFTHSM_MODULE" --token "cw soft" \
		--pin-fd 3 3<"$(pin_file "$TESTBED_SOFTHSM_PIN")" >"$out" 2>"$out.err"
	rc=$?
	expect_rc 0
	assert "$out" service=no-service module=ok module.detail.token_in_reader=no "module.detail.token_label=cw soft" \
		token=ok pin=ok crypt=ok sign=ok enc-cert=ok sign-cert=ok verdict=ok diagnosis=ok
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["not_applicable"]==["service","reader","driver","card"] else 1)' "$out" &&
		say_ok "service, reader, driver and card: not applicable" || say_bad "not_applicable: $(grep -A6 not_applicable "$out")"
	# --plain walks the wizard to the same verdict (the service step goes on to the module).
	"$ROOT/build/cardwiz" --plain --lang=en --module "$TESTBED_SOFTHSM_MODULE" --token "cw soft" \
		--pin-fd 3 3<"$(pin_file "$TESTBED_SOFTHSM_PIN")" </dev/null >"$TESTBED_DIR/p.txt" 2>&1
	rc=$?
	expect_rc 0
	grep -q '^Verdict: no problem found' "$TESTBED_DIR/p.txt" && grep -q '^✓ Signature: ' "$TESTBED_DIR/p.txt" &&
		! grep -q 'pcscd is not running' "$TESTBED_DIR/p.txt" && say_ok "--plain: the software token checked, the same verdict" ||
		say_bad "--plain: $(grep -E 'Verdict|Diagnosis|pcscd' "$TESTBED_DIR/p.txt" | head -5)"
	# A label no token has: the module loads and shows no such token.
	"$ROOT/build/cardwiz" --report --format=json --module "$TESTBED_SOFTHSM_MODULE" --token "no such" >"$out" 2>/dev/null
	rc=$?
	expect_rc 1
	assert "$out" module=no-token token=not-run
	# A broken --module on a machine without pcscd is reported as broken.
	printf 'not a library\n' >"$TESTBED_DIR/broken.so"
	"$ROOT/build/cardwiz" --report --format=json --module "$TESTBED_DIR/broken.so" >"$out" 2>/dev/null
	rc=$?
	expect_rc 1
	assert "$out" service=no-service module=module-load-failed
}

scenario_no_service_opensc() {
	# pcscd down, the default OpenSC module: both facts, no service, and the module loads with no token.
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" service=no-service diagnosis=no-service module=no-token "module.detail.module=~opensc-pkcs11" \
		"module.detail.note=~loads"
}

if [ $# -gt 0 ]; then
	"scenario_$1"
	exit $fail
fi
run_scenarios slot1:--slot=1,--apdu-log=@log two_cards_profile:--second-card=moica \
	two_cards_first:--second-card=piv,--apdu-log=@log softhsm:--service=none,--card=none \
	no_service_opensc:--service=none
