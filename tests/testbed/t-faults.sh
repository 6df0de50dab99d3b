#!/bin/bash
# The faults the test bed can stage, each checked with OpenSC's and PC/SC's
# own view: a MOICA card OpenSC cannot read, a broken card, a mute card, a
# card pulled mid-signature, no pcscd, no readers, readers vanishing and
# coming back, pcscd crashing.
set -euo pipefail
# shellcheck source=testlib.sh
source "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"

SELECT_PIV=00A4040009A00000030800001000
SMARTCARD_LIST=/usr/share/pcsc/smartcard_list.txt

# pcsc-tools' name for an ATR ("3B 8B ..."): ATR_analysis, else the list.
atr_names() {
	local atr=$1 out=
	if command -v ATR_analysis >/dev/null; then
		out=$(timeout 10 ATR_analysis "$atr" </dev/null 2>&1 | sed 's/\x1b\[[0-9;]*m//g') || true
	fi
	if ! grep -q 'Possibly identified card' <<<"$out"; then
		[[ -r $SMARTCARD_LIST ]] || skip "no $SMARTCARD_LIST (pcsc-tools)"
		out=$(grep -A3 -Fx -- "$atr" "$SMARTCARD_LIST") || true
	fi
	printf '%s\n' "$out"
}

inside_moica() {
	local out atr
	capture out opensc-tool -a
	atr=$(tail -n 1 <<<"$out" | tr 'a-f:' 'A-F ')
	[[ $atr == "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57" ]] ||
		fail "ATR of --card=moica is '$atr' ($out)"
	step "pcsc-tools names the ATR a MOICA card"
	out=$(atr_names "$atr")
	expect_match "$out" 'MOICA Citizen Digital Certificate of Taiwan' "smartcard_list.txt entry for $atr"
	step "OpenSC gives no token for it"
	capture out p11 -L
	expect_match "$out" "Slot 0 .*: $TESTBED_READER" "pkcs11-tool -L slot"
	expect_match "$out" 'token not recognized' "pkcs11-tool -L on a MOICA card"
	expect_no_match "$out" 'token label' "pkcs11-tool -L on a MOICA card"
}

inside_broken() {
	local out
	step "--card=broken answers 6F00"
	capture out opensc-tool -s "$SELECT_PIV"
	expect_match "$out" 'Received \(SW1=0x6F, SW2=0x00\)' "opensc-tool -s on a broken card"
}

inside_mute() {
	local rc=0
	step "--card=mute never answers an APDU"
	"$T_WAIT" --timeout=0 present "$TESTBED_READER" || fail "the mute card is not PRESENT"
	timeout 3 opensc-tool -s "$SELECT_PIV" >/dev/null 2>&1 || rc=$?
	expect_status 124 "$rc" "timeout 3 opensc-tool -s on a mute card"
}

inside_drop() {
	local out status
	step "--drop-at=87: the card vanishes at the first GENERAL AUTHENTICATE"
	capture out p11 --login --pin "$TESTBED_PIN" --sign -m SHA256-RSA-PKCS --id 02 \
		-i /dev/null -o "$TESTBED_DIR/sig"
	[[ $T_RC != 0 ]] || fail "pkcs11-tool --sign succeeded although the card dropped out: $out"
	"$T_WAIT" --timeout=5 empty "$TESTBED_READER" || fail "the reader did not become EMPTY"
	capture status testbed-card status
	expect_match "$status" '^card: out' "testbed-card status after the drop"
	step "put back, it signs (the drop is one shot)"
	testbed-card insert || fail "testbed-card insert after the drop"
	piv_sign_and_verify "$TESTBED_DIR/after-drop"
}

inside_no_service() {
	local out
	step "--service=none: PC/SC clients get SCARD_E_NO_SERVICE"
	capture out "$T_WAIT" --timeout=0 service
	expect_status 1 "$T_RC" "pcsc-wait service without pcscd"
	expect_match "$out" '0x8010001D' "pcsc-wait's error without pcscd"
	capture out opensc-tool -n
	[[ $T_RC != 0 ]] || fail "opensc-tool -n worked without pcscd: $out"
	step "pcscd started later: the card that was in is there"
	testbed-service restart --readers=2 || fail "testbed-service restart --readers=2"
	capture out opensc-tool -n
	expect_match "$out" '^Personal Identity Verification Card$' "opensc-tool -n after starting pcscd"
}

inside_no_readers() {
	local out
	step "--readers=0: SCARD_E_NO_READERS_AVAILABLE"
	capture out "$T_WAIT" --timeout=0 readers 1
	expect_status 1 "$T_RC" "pcsc-wait readers 1 with no reader"
	expect_match "$out" '0x8010002E' "pcsc-wait's error with no reader"
	capture out opensc-tool -l
	expect_match "$out" 'No smart card readers found' "opensc-tool -l with no reader"
}

inside_service() {
	local out
	step "testbed-service restart --readers=0: the readers vanish"
	testbed-service restart --readers=0 || fail "testbed-service restart --readers=0"
	capture out opensc-tool -l
	expect_match "$out" 'No smart card readers found' "opensc-tool -l after restart --readers=0"
	capture out "$T_WAIT" --timeout=0 readers 1
	expect_match "$out" '0x8010002E' "pcsc-wait after restart --readers=0"

	step "testbed-service restart --readers=2: readers and the card are back"
	testbed-service restart --readers=2 || fail "testbed-service restart --readers=2"
	"$T_WAIT" --timeout=0 present "$TESTBED_READER" || fail "card not PRESENT after restart"
	capture out opensc-tool -l
	expect_match "$out" "Yes +$TESTBED_READER" "opensc-tool -l after restart --readers=2"
	capture out opensc-tool -n
	expect_match "$out" '^Personal Identity Verification Card$' "opensc-tool -n after restart"

	step "testbed-service kill: clients get an error"
	testbed-service kill || fail "testbed-service kill"
	capture out "$T_WAIT" --timeout=0 service
	expect_match "$out" '0x8010001D' "pcsc-wait after pcscd was killed"
	capture out p11 -L
	expect_no_match "$out" 'token label' "pkcs11-tool -L after pcscd was killed"

	step "after the crash, a restart works and the card is back"
	testbed-service restart || fail "testbed-service restart after kill"
	piv_sign_and_verify "$TESTBED_DIR/after-crash"
}

main() {
	require_testbed
	in_testbed --card=moica -- inside_moica
	in_testbed --card=broken -- inside_broken
	in_testbed --card=mute -- inside_mute
	in_testbed --drop-at=87 -- inside_drop
	in_testbed --service=none -- inside_no_service
	in_testbed --readers=0 -- inside_no_readers
	in_testbed -- inside_service
	echo "PASS ($T_NAME)"
}

dispatch "$@"
