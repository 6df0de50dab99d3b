#!/bin/bash
# The virtual PIV card, judged by OpenSC's own tools: named, listed as a
# token with its certificates and keys, signs (verified by openssl) and
# decrypts (what openssl encrypted to its certificate).
set -euo pipefail
# shellcheck source=testlib.sh
source "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"

inside() {
	local out work=$TESTBED_DIR/t-piv
	step "opensc-tool -n names a PIV card"
	capture out opensc-tool -n
	expect_match "$out" '^Personal Identity Verification Card$' "opensc-tool -n"

	step "pkcs11-tool -L shows the token in $TESTBED_READER"
	capture out p11 -L
	expect_match "$out" "Slot 0 .*: $TESTBED_READER" "pkcs11-tool -L slot"
	expect_match "$out" 'token label +: cardwiz Test User' "pkcs11-tool -L token label"
	expect_match "$out" 'token flags +:.*login required' "pkcs11-tool -L token flags"

	step "pkcs11-tool -O shows the signature and encryption certificates"
	capture out p11 -O --type cert
	expect_match "$out" 'label: +Certificate for Digital Signature' "9C certificate"
	expect_match "$out" 'label: +Certificate for Key Management' "9D certificate"
	expect_match "$out" 'subject: +DN: O=cardwiz test bed, CN=cardwiz Test User' "certificate subject"
	(($(count_matches "$out" '^Certificate Object') >= 2)) || fail "fewer than two certificates: $out"
	capture out p11 -O --type privkey
	expect_no_match "$out" 'Private Key Object' "private keys before login"

	step "after login: the signature and encryption private keys"
	capture out p11 --login --pin "$TESTBED_PIN" -O --type privkey
	expect_match "$out" 'label: +SIGN key' "9C private key"
	expect_match "$out" 'label: +KEY MAN key' "9D private key"

	step "a signature made on the card verifies with openssl"
	piv_sign_and_verify "$work"

	step "data encrypted to the card's certificate decrypts on the card"
	piv_encrypt_and_decrypt "$work"
}

main() {
	require_testbed
	in_testbed -- inside
	echo "PASS ($T_NAME)"
}

dispatch "$@"
