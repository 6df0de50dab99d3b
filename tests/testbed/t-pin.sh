#!/bin/bash
# PIN counting on the virtual PIV card as OpenSC reports it: final try,
# locked, locked across remove/insert; unblock through PKCS#11 only with the
# test bed's --opensc-unblock config; a wrong PUK costs a PUK try.
set -euo pipefail
# shellcheck source=testlib.sh
source "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"

WRONG=000000
NEW_PIN=654321

token_flags() {
	local out
	capture out p11 -L
	expect_status 0 "$T_RC" "pkcs11-tool -L: $out"
	grep -E 'token flags' <<<"$out" || fail "pkcs11-tool -L shows no token flags: $out"
}

login_with() { # PIN: prints pkcs11-tool's output, status in T_RC
	local out
	capture out p11 --login --pin "$1" -O --type privkey
	printf '%s\n' "$out"
}

wrong_pin_until_locked() {
	local out flags
	step "wrong PIN once: CKR_PIN_INCORRECT, no warning flag yet"
	out=$(login_with "$WRONG")
	expect_match "$out" 'CKR_PIN_INCORRECT' "first wrong PIN"
	flags=$(token_flags)
	expect_no_match "$flags" 'final user PIN try|user PIN locked' "flags after one wrong PIN"

	step "wrong PIN twice: the token says final try"
	out=$(login_with "$WRONG")
	expect_match "$out" 'CKR_PIN_INCORRECT' "second wrong PIN"
	flags=$(token_flags)
	expect_match "$flags" 'final user PIN try' "flags after two wrong PINs"

	step "wrong PIN thrice: locked"
	out=$(login_with "$WRONG")
	expect_match "$out" 'CKR_PIN_(INCORRECT|LOCKED)' "third wrong PIN"
	flags=$(token_flags)
	expect_match "$flags" 'user PIN locked' "flags after three wrong PINs"

	step "the right PIN now gives CKR_PIN_LOCKED"
	out=$(login_with "$TESTBED_PIN")
	expect_match "$out" 'CKR_PIN_LOCKED' "right PIN on a locked card"
	expect_no_match "$out" 'Private Key Object' "keys on a locked card"
}

inside_default() {
	local out flags
	[[ -z ${OPENSC_CONF:-} ]] || fail "OPENSC_CONF is set without --opensc-unblock"
	wrong_pin_until_locked

	step "still locked after the card is pulled and put back"
	testbed-card remove || fail "testbed-card remove"
	"$T_WAIT" --timeout=0 empty "$TESTBED_READER" || fail "reader not EMPTY after remove"
	testbed-card insert || fail "testbed-card insert"
	flags=$(token_flags)
	expect_match "$flags" 'user PIN locked' "flags after remove + insert"
	out=$(login_with "$TESTBED_PIN")
	expect_match "$out" 'CKR_PIN_LOCKED' "right PIN after remove + insert"

	step "without --opensc-unblock, pkcs11-tool --unlock-pin is refused"
	capture out p11 --unlock-pin --puk "$TESTBED_PUK" --new-pin "$NEW_PIN"
	[[ $T_RC != 0 ]] || fail "pkcs11-tool --unlock-pin succeeded with OpenSC's default config: $out"
	expect_match "$out" 'C_SetPIN failed: rv = CKR_' "refused unlock"
	flags=$(token_flags)
	expect_match "$flags" 'user PIN locked' "flags after the refused unlock"
}

inside_unblock() {
	local out flags
	[[ -r ${OPENSC_CONF:-} ]] || fail "OPENSC_CONF is not set with --opensc-unblock"
	expect_match "$(cat "$OPENSC_CONF")" 'user_pin_unblock_style = set_pin_in_unlogged_session;' "$OPENSC_CONF"
	wrong_pin_until_locked

	step "a wrong PUK through PKCS#11 is refused"
	capture out p11 --unlock-pin --puk 87654321 --new-pin "$NEW_PIN"
	[[ $T_RC != 0 ]] || fail "unlock with a wrong PUK succeeded: $out"
	expect_match "$out" 'CKR_PIN_INCORRECT' "wrong PUK"

	step "... and cost a PUK try: pkcs15-tool's next wrong PUK leaves 1 of 3"
	capture out pkcs15-tool --unblock-pin --puk 87654321 --new-pin "$NEW_PIN"
	expect_match "$out" 'PUK code incorrect; tries left: 1' "PUK tries after two wrong PUKs"

	step "the right PUK through PKCS#11 unblocks and sets the new PIN"
	capture out p11 --unlock-pin --puk "$TESTBED_PUK" --new-pin "$NEW_PIN"
	expect_status 0 "$T_RC" "pkcs11-tool --unlock-pin with the right PUK: $out"
	flags=$(token_flags)
	expect_no_match "$flags" 'user PIN locked|final user PIN try' "flags after unblock"
	out=$(login_with "$NEW_PIN")
	expect_match "$out" 'label: +SIGN key' "login with the new PIN"
	out=$(login_with "$TESTBED_PIN")
	expect_match "$out" 'CKR_PIN_INCORRECT' "the old PIN after unblock"
}

main() {
	require_testbed
	in_testbed --tries=3 -- inside_default
	in_testbed --tries=3 --puk-tries=3 --opensc-unblock -- inside_unblock
	echo "PASS ($T_NAME)"
}

dispatch "$@"
