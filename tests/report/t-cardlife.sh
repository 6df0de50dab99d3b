#!/usr/bin/env bash
# t-cardlife.sh — the card's life (issue 13 E): its generation from the ATR, MOICA's renewal route
# for expired and expiring certificates (generic cards: the issuer), the computer's clock before
# FAQ 4, and a new card's first visit. Certificates with chosen dates come from tests/testbed/mkcerts.
set -u
. "$(dirname "$0")/lib.sh"

# doc/FIELD-NOTES.md, ATR identification: the three MOICA ATRs; the virtual PIV card presents them.
MOICA_PLAIN="3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57"      # says no generation
MOICA_GEN1="3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41 A5"    # CHTMOICA
MOICA_GEN2="3B D8 96 00 81 B1 FE 45 1F 07 43 48 54 47 50 4B 49 4A DD" # CHTGPKIJ

# expect_text FILE REGEX WHAT: a line of the text output matches (grep -E).
expect_text() {
	if grep -Eq -- "$2" "$1"; then echo "ok   $3"; else echo "FAIL $3: no /$2/ in: $(head -c 1500 "$1")"; fail=1; fi
}
expect_no_text() {
	if grep -Eq -- "$2" "$1"; then echo "FAIL $3: /$2/ in: $(grep -E -- "$2" "$1" | head -3)"; fail=1; else echo "ok   $3"; fi
}

# --- generation: in the card check's detail and note, only where the ATR says it
scenario_gen1() {
	report "$TESTBED_DIR/r.json" --lang=en
	assert "$TESTBED_DIR/r.json" card=ok card.detail.profile=moica card.detail.generation=1 \
		"card.detail.note=~1st generation (CHTMOICA)"
}
scenario_gen2() {
	report "$TESTBED_DIR/r.json" --lang=en
	assert "$TESTBED_DIR/r.json" card=ok card.detail.profile=moica card.detail.generation=2 \
		"card.detail.note=~2nd generation (GP PKI applet"
	"$ROOT/build/cardwiz" --report --lang=zh_TW --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/zh.txt" 2>&1
	expect_text "$TESTBED_DIR/zh.txt" '第二代卡片' "the text report names the 2nd generation in Chinese"
}
scenario_gen_unknown() {
	report "$TESTBED_DIR/r.json" --lang=en
	assert "$TESTBED_DIR/r.json" card.detail.profile=moica card.detail.generation=- "card.detail.note=!generation"
}
scenario_gen_piv() {
	report "$TESTBED_DIR/r.json" --lang=en
	assert "$TESTBED_DIR/r.json" card=ok card.detail.generation=- card.detail.note=PIV
}

# --- renewal: MOICA's route (展期, once, 3 years; "see MOICA's page" for when) only on a MOICA card
scenario_moica_expired() {
	report "$TESTBED_DIR/r.json" --lang=en --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" enc-cert=cert-expired faq=4 diagnosis=cert-expired \
		"enc-cert.detail.renewal=moica https://moica.nat.gov.tw/" "enc-cert.detail.note=~renewed (展期) once, for 3 years" \
		"enc-cert.detail.note=~see https://moica.nat.gov.tw/" "enc-cert.advice=~A MOICA citizen card: renew" sign-cert=ok \
		sign-cert.detail.renewal=-
	"$ROOT/build/cardwiz" --report --lang=zh_TW --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/zh.txt" 2>&1
	tr -d ' \n' <"$TESTBED_DIR/zh.txt" >"$TESTBED_DIR/zh.flat" # the table wraps Chinese anywhere
	expect_text "$TESTBED_DIR/zh.flat" '自然人憑證可展期一次3年' "the text report gives MOICA's renewal in Chinese"
}
scenario_moica_expiring() {
	report "$TESTBED_DIR/r.json" --lang=en
	assert "$TESTBED_DIR/r.json" sign-cert=cert-expiring sign-cert:status=warn \
		"sign-cert.detail.renewal=moica https://moica.nat.gov.tw/" "sign-cert.detail.note=~days left; a MOICA certificate"
}
scenario_generic_expired() {
	report "$TESTBED_DIR/r.json" --lang=en
	expect_rc 1
	assert "$TESTBED_DIR/r.json" enc-cert=cert-expired enc-cert.detail.renewal=issuer \
		"enc-cert.detail.note=~the card's issuer renews" "enc-cert.detail.note=!MOICA" "enc-cert.detail.note=!展期"
}

# --- the clock: far in the future or long expired is the computer's date first, not FAQ 4
clock_common() {
	local today; today=$(date -u +%Y-%m-%d)
	expect_rc 1
	assert "$TESTBED_DIR/r.json" enc-cert=clock-suspect sign-cert=clock-suspect enc-cert:status=fail \
		diagnosis=clock-suspect faq=null node=clock-wrong "enc-cert.detail.clock=~$today" \
		"enc-cert.detail.note=~this computer's date and time: $(date +%Y-%m-%d)"
}
scenario_far_future() {
	report "$TESTBED_DIR/r.json" --lang=en
	clock_common
	# --plain reaches the clock step and shows the date the computer has.
	printf '\n\n\n' | "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/plain.txt" 2>&1
	expect_text "$TESTBED_DIR/plain.txt" "^== Check the computer's date and time ==" "--plain: the clock step"
	expect_text "$TESTBED_DIR/plain.txt" "look wrong \(this computer's date and time: $(date +%Y-%m-%d)" "--plain: the computer's date"
	expect_no_text "$TESTBED_DIR/plain.txt" "FAQ 4\) ==" "--plain: no FAQ 4 step"
}
scenario_long_expired() {
	report "$TESTBED_DIR/r.json" --lang=en
	clock_common
	# A month-old expiry on one certificate is the card, not the clock (the control).
	testbed-card remove >/dev/null && testbed-card insert --certs=expired-enc >/dev/null || { echo "FAIL testbed-card"; fail=1; }
	report "$TESTBED_DIR/r2.json" --lang=en
	assert "$TESTBED_DIR/r2.json" enc-cert=cert-expired sign-cert=ok faq=4 enc-cert.detail.clock=-
}

# --- a new card's first visit: a pass with FAQ 4's import advice, once
scenario_fresh() {
	report "$TESTBED_DIR/first.json" --lang=en --pin-fd 3 3<"$(pin_file)"
	expect_rc 0
	assert "$TESTBED_DIR/first.json" cert-import=new-card-first-visit cert-import:status=pass verdict=ok \
		cert-import.detail.first_visit=yes "cert-import.detail.certificates_from=$(date -u -d '3 days ago' +%Y-%m-%d)" \
		"cert-import.detail.note=~may still hold the old card's certificate" "cert-import.advice=~憑證匯入"
	report "$TESTBED_DIR/again.json" --lang=en
	assert "$TESTBED_DIR/again.json" cert-import=ok cert-import.detail.first_visit=- "cert-import.detail.note=same as last seen"
}
scenario_fresh_plain() {
	printf '\n\n\n\n' | "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/plain.txt" 2>&1
	expect_text "$TESTBED_DIR/plain.txt" "^== A new card's first visit: is its certificate imported\? \(FAQ 4\) ==" "--plain: the first-visit step"
	expect_text "$TESTBED_DIR/plain.txt" "Certificate import: .*first visit, certificates from" "--plain: the first-visit note"
	LANG=zh_TW.UTF-8 "$ROOT/build/cardwiz" --report --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/zh.txt" 2>&1
	expect_no_text "$TESTBED_DIR/zh.txt" "第一次看到這個人" "a second look is no first visit"
}
scenario_established() {
	report "$TESTBED_DIR/r.json" --lang=en
	assert "$TESTBED_DIR/r.json" cert-import=ok cert-import.detail.remembered=yes cert-import.detail.first_visit=yes
}

if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios "gen1:--atr=$MOICA_GEN1" "gen2:--atr=$MOICA_GEN2" "gen_unknown:--atr=$MOICA_PLAIN" gen_piv:--card=piv \
	"moica_expired:--atr=$MOICA_GEN2,--certs=expired-enc" "moica_expiring:--atr=$MOICA_GEN1,--certs=expiring-sign" \
	generic_expired:--certs=expired-enc far_future:--certs=far-future long_expired:--certs=long-expired \
	fresh:--certs=fresh fresh_plain:--certs=fresh established:--card=piv
