#!/bin/bash
# softhsm-token makes a throwaway SoftHSM2 token that pkcs11-tool finds by
# label, with two certificates and, after login, two private keys.
set -euo pipefail
# shellcheck source=testlib.sh
source "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"

main() {
	local out
	command -v softhsm2-util >/dev/null || skip "softhsm2 is not installed"
	command -v pkcs11-tool >/dev/null || skip "pkcs11-tool (opensc) is not installed"
	command -v certtool >/dev/null || skip "certtool (gnutls-bin) is not installed"
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT # dir: global, the trap runs after main
	step "softhsm-token makes the token"
	capture out "$T_HERE/softhsm-token" "$dir" --label "t-softhsm token" --pin 4321 --so-pin 87654321
	expect_status 0 "$T_RC" "softhsm-token: $out"
	expect_match "$out" "^export SOFTHSM2_CONF=$dir/softhsm2.conf$" "softhsm-token output"
	eval "$out"
	[[ -e $TESTBED_SOFTHSM_MODULE ]] || fail "module $TESTBED_SOFTHSM_MODULE does not exist"

	step "pkcs11-tool finds it by label"
	capture out pkcs11-tool --module "$TESTBED_SOFTHSM_MODULE" -L
	expect_match "$out" 'token label +: t-softhsm token' "pkcs11-tool -L"
	local tok=(pkcs11-tool --module "$TESTBED_SOFTHSM_MODULE" --token-label "t-softhsm token")

	step "two certificates"
	capture out "${tok[@]}" -O --type cert
	expect_match "$out" 'label: +Certificate for Digital Signature' "signature certificate"
	expect_match "$out" 'label: +Certificate for Key Management' "encryption certificate"
	[[ $(count_matches "$out" '^Certificate Object') == 2 ]] || fail "not two certificates: $out"
	capture out "${tok[@]}" -O --type privkey
	expect_no_match "$out" 'Private Key Object' "private keys before login"

	step "two private keys after login"
	capture out "${tok[@]}" --login --pin 4321 -O --type privkey
	[[ $(count_matches "$out" '^Private Key Object') == 2 ]] || fail "not two private keys: $out"
	expect_match "$out" 'label: +SIGN key' "signature key"
	expect_match "$out" 'label: +KEY MAN key' "encryption key"

	step "the signature key signs; openssl verifies with the certificate"
	echo "softhsm data" >"$dir/data"
	capture out "${tok[@]}" --login --pin 4321 --sign -m SHA256-RSA-PKCS --id 02 -i "$dir/data" -o "$dir/sig"
	expect_status 0 "$T_RC" "sign on SoftHSM: $out"
	openssl x509 -in "$dir/certs/9c.crt" -pubkey -noout >"$dir/sign.pub"
	capture out openssl dgst -sha256 -verify "$dir/sign.pub" -signature "$dir/sig" "$dir/data"
	expect_match "$out" '^Verified OK' "verifying the SoftHSM signature"
	echo "PASS ($T_NAME)"
}

dispatch "$@"
