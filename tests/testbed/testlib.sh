# shellcheck shell=bash
# Helpers for the test bed's own tests (t-*.sh). Sourced.
# A test exits 0 = pass, 77 = skip (reason on the last stdout line), else fail.

T_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T_ROOT=$(cd "$T_HERE/../.." && pwd)
T_RUN=$T_HERE/run
T_WAIT=$T_ROOT/build/pcsc-wait
T_NAME=$(basename "$0" .sh)

# fd 3: the test's own stdout, also from inside $(...).
exec 3>&1

fail() {
	echo "FAIL ($T_NAME): $*" >&3
	exit 1
}

skip() {
	echo "SKIP ($T_NAME): $*"
	exit 77
}

step() {
	echo "--- $*"
}

# Skip when the pieces a test bed needs are not there.
require_testbed() {
	local f
	for f in "$T_WAIT" "${TESTBED_VCARD:-$T_ROOT/build/vcard}"; do
		[[ -x $f ]] || skip "$f is not built (make check builds it)"
	done
	for f in pcscd opensc-tool pkcs11-tool pkcs15-tool openssl unshare ip; do
		command -v "$f" >/dev/null || skip "$f is not installed"
	done
	[[ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ]] || skip "vsmartcard-vpcd is not installed"
	if ((EUID != 0)) && ! unshare --user --map-root-user --net true 2>/dev/null; then
		skip "not root and user namespaces are not allowed"
	fi
}

# expect_match TEXT REGEX WHAT: fail unless TEXT matches the extended REGEX.
expect_match() {
	grep -Eq -- "$2" <<<"$1" && return 0
	printf '%s\n' "$1" | sed 's/^/    | /' >&3
	fail "$3: expected /$2/"
}

expect_no_match() {
	grep -Eq -- "$2" <<<"$1" || return 0
	printf '%s\n' "$1" | sed 's/^/    | /' >&3
	fail "$3: did not expect /$2/"
}

# expect_status WANT GOT WHAT
expect_status() {
	[[ $1 == "$2" ]] || fail "$3: exit status $2, expected $1"
}

# capture VAR CMD...: run CMD, stdout+stderr into VAR, status into T_RC.
capture() {
	local -n _out=$1
	shift
	T_RC=0
	_out=$("$@" 2>&1) || T_RC=$?
}

p11() {
	pkcs11-tool --module "$CARDWIZ_TEST_MODULE" "$@"
}

count_matches() { # TEXT REGEX
	grep -Ec -- "$2" <<<"$1" || true
}

# Sign with the card's 9C key and verify with openssl against its certificate.
piv_sign_and_verify() {
	local dir=$1 out
	mkdir -p "$dir"
	echo "cardwiz test bed $RANDOM$RANDOM" >"$dir/data"
	capture out p11 --login --pin "$TESTBED_PIN" --sign -m SHA256-RSA-PKCS --id 02 \
		-i "$dir/data" -o "$dir/sig"
	expect_status 0 "$T_RC" "pkcs11-tool --sign with the 9C key: $out"
	capture out p11 --read-object --type cert --id 02 -o "$dir/sign.der"
	expect_status 0 "$T_RC" "reading the 9C certificate: $out"
	openssl x509 -inform DER -in "$dir/sign.der" -pubkey -noout >"$dir/sign.pub" ||
		fail "the card's 9C certificate does not parse"
	capture out openssl dgst -sha256 -verify "$dir/sign.pub" -signature "$dir/sig" "$dir/data"
	expect_match "$out" '^Verified OK' "openssl verifying the card's signature"
}

# Encrypt to the card's 9D certificate with openssl, decrypt on the card.
piv_encrypt_and_decrypt() {
	local dir=$1 out secret
	mkdir -p "$dir"
	secret="secret $RANDOM$RANDOM"
	printf '%s' "$secret" >"$dir/plain"
	capture out p11 --read-object --type cert --id 03 -o "$dir/enc.der"
	expect_status 0 "$T_RC" "reading the 9D certificate: $out"
	openssl x509 -inform DER -in "$dir/enc.der" -out "$dir/enc.pem" ||
		fail "the card's 9D certificate does not parse"
	capture out openssl pkeyutl -encrypt -certin -inkey "$dir/enc.pem" \
		-pkeyopt rsa_padding_mode:pkcs1 -in "$dir/plain" -out "$dir/cipher"
	expect_status 0 "$T_RC" "openssl pkeyutl -encrypt: $out"
	capture out p11 --login --pin "$TESTBED_PIN" --decrypt -m RSA-PKCS --id 03 \
		-i "$dir/cipher" -o "$dir/decrypted"
	expect_status 0 "$T_RC" "pkcs11-tool --decrypt with the 9D key: $out"
	[[ $(cat "$dir/decrypted") == "$secret" ]] ||
		fail "the card decrypted '$(cat "$dir/decrypted")', expected '$secret'"
}

# Run this test script again inside a test bed: in_testbed [run options] -- FUNCTION
in_testbed() {
	local args=()
	while (($#)) && [[ $1 != -- ]]; do
		args+=("$1")
		shift
	done
	shift
	"$T_RUN" "${args[@]}" -- "$0" --inside "$@"
}

# The entry point of a t-*.sh: "--inside FUNCTION" runs FUNCTION, else main.
dispatch() {
	if [[ ${1:-} == --inside ]]; then
		shift
		"$@"
	else
		main "$@"
	fi
}
