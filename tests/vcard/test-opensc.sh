#!/bin/bash
# test-opensc.sh - vcard end to end: pcscd + vpcd + OpenSC 0.23 (PIV) in a private namespace.
# usage (root): tests/vcard/test-opensc.sh [path/to/vcard]
# Makes its own RSA-2048 test certificates (9C signature, 9D key management).
set -u

VCARD=$(readlink -f "${1:-build/vcard}")
if [ -z "${VCARD_TEST_NS:-}" ]; then
	# own network (vpcd's ports) and own /run/pcscd: the host's pcscd is never touched
	userns=; [ "$(id -u)" = 0 ] || userns=-r # as a user: a user namespace maps us to root
	exec unshare $userns -m -n --propagation private env VCARD_TEST_NS=1 bash "$0" "$VCARD"
fi

MOD=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
T=$(mktemp -d /tmp/vcard-e2e.XXXXXX)
fails=0
VC=
PCSCD=
# whatever happens, leave no card or pcscd behind (both are ours, by pid)
trap 'kill $VC $PCSCD 2>/dev/null' EXIT

ok()   { echo "ok   $*"; }
bad()  { echo "FAIL $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@" >>"$T/out" 2>&1; then ok "$what"; else bad "$what"; fi; }
p11()  { pkcs11-tool --module "$MOD" "$@"; }

# polls instead of sleeping: pcscd sees a card 2-400 ms after it connects
wait_card() { # present|absent
	local want=Yes; [ "$1" = absent ] && want=No
	for _ in $(seq 200); do
		opensc-tool -l 2>/dev/null | grep -q "^0 *$want .*Virtual PCD 00 00" && return 0
		sleep 0.02
	done
	return 1
}
insert() {
	"$VCARD" --port 35963 "$@" 2>>"$T/vcard.err" &
	VC=$!
	wait_card present || bad "card never appeared ($*)"
}
remove() {
	kill "$VC" 2>/dev/null
	wait "$VC"
	local rc=$?
	wait_card absent || bad "card never went away"
	return $rc
}

ip link set lo up
mkdir -p /run/pcscd && mount -t tmpfs tmpfs /run/pcscd
mkdir -p "$T/conf" "$T/certs"
printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x8C7B\nLIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID 0x8C7B\n' >"$T/conf/vpcd"
for s in 9c:digitalSignature,nonRepudiation 9d:keyEncipherment; do
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/certs/${s%%:*}.key" -out "$T/certs/${s%%:*}.crt" \
		-days 30 -subj "/CN=Test User" -addext "keyUsage=critical,${s#*:}" 2>/dev/null
done
openssl x509 -in "$T/certs/9c.crt" -pubkey -noout >"$T/pub9c.pem"
# a fuller card: 9A with ECC P-256, 9E with RSA, beside the same 9C and 9D
mkdir -p "$T/full"
cp "$T"/certs/* "$T/full/"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/full/9a.key" \
	-out "$T/full/9a.crt" -days 30 -subj "/CN=Test User" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/full/9e.key" -out "$T/full/9e.crt" \
	-days 30 -subj "/CN=Test Card" 2>/dev/null
openssl x509 -in "$T/full/9a.crt" -pubkey -noout >"$T/pub9a.pem"
openssl x509 -in "$T/full/9e.crt" -pubkey -noout >"$T/pub9e.pem"

pcscd -f -c "$T/conf" >"$T/pcscd.log" 2>&1 &
PCSCD=$!
for _ in $(seq 200); do opensc-tool -l 2>/dev/null | grep -q "Virtual PCD" && break; sleep 0.02; done

STATE=$T/state
LOG=$T/apdu.log
insert --certs "$T/certs" --state "$STATE" --apdu-log "$LOG"

check "opensc-tool -n names the PIV driver" \
	bash -c 'opensc-tool -r 0 -n | grep -qx "Personal Identity Verification Card"'
start=$(date +%s%N)
p11 -L >"$T/L" 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "pkcs11-tool -L shows a token" grep -q "token label *: Test User" "$T/L"
check "pkcs11-tool -L took $ms ms (< 1000: no Nagle stalls)" test "$ms" -lt 1000
p11 -O >"$T/O" 2>&1
check "-O shows two certificates" test "$(grep -c '^Certificate Object' "$T/O")" = 2
p11 --login --pin 123456 -O >"$T/O2" 2>&1
check "--login -O shows two private keys" test "$(grep -c '^Private Key Object' "$T/O2")" = 2
check "9C is id 02, 9D is id 03" bash -c "grep -A4 'Certificate for Digital Signature' '$T/O' | grep -q 'ID: *02' &&
	grep -A4 'Certificate for Key Management' '$T/O' | grep -q 'ID: *03'"

echo "text to sign $RANDOM" >"$T/data"
p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 02 -i "$T/data" -o "$T/sig" >>"$T/out" 2>&1
check "9C signature verifies with openssl" \
	openssl dgst -sha256 -verify "$T/pub9c.pem" -signature "$T/sig" "$T/data"
echo "secret $RANDOM" >"$T/plain"
openssl pkeyutl -encrypt -certin -inkey "$T/certs/9d.crt" -in "$T/plain" -out "$T/enc"
p11 --login --pin 123456 --decrypt -m RSA-PKCS --id 03 -i "$T/enc" -o "$T/dec" >>"$T/out" 2>&1
check "9D decrypts PKCS#1 v1.5" cmp "$T/plain" "$T/dec"

p11 --login --pin 000000 -O >>"$T/out" 2>&1
p11 --login --pin 000000 -O >>"$T/out" 2>&1
check "two wrong PINs: final try" bash -c "pkcs11-tool --module $MOD -L | grep -q 'final user PIN try'"
check "the card says 1 try left (63C1)" bash -c "opensc-tool -r 0 -s 00200080 | grep -qi 'SW1=0x63, SW2=0xC1'"
p11 --login --pin 000000 -O >>"$T/out" 2>&1
check "three wrong PINs: locked" bash -c "pkcs11-tool --module $MOD -L | grep -q 'user PIN locked'"
check "right PIN on a locked card: CKR_PIN_LOCKED" \
	bash -c "pkcs11-tool --module $MOD --login --pin 123456 -O 2>&1 | grep -q CKR_PIN_LOCKED"

remove
check "vcard exits 0 on SIGTERM" test $? = 0
insert --certs "$T/certs" --state "$STATE" --apdu-log "$LOG"
check "still locked after remove and re-insert" bash -c "pkcs11-tool --module $MOD -L | grep -q 'user PIN locked'"
check "pkcs15-tool --unblock-pin with the PUK" pkcs15-tool --unblock-pin --puk 12345678 --new-pin 123456
check "login works after unblock" p11 --login --pin 123456 -O
check "no longer final try / locked" bash -c "! pkcs11-tool --module $MOD -L | grep -q 'final try\|locked'"
check "pkcs15-tool --change-pin" pkcs15-tool --change-pin --pin 123456 --new-pin 654321
check "login with the new PIN, not the old" bash -c "pkcs11-tool --module $MOD --login --pin 654321 -O >/dev/null &&
	pkcs11-tool --module $MOD --login --pin 123456 -O 2>&1 | grep -q CKR_PIN_INCORRECT"
check "state file holds the new PIN" grep -qx "pin=654321" "$STATE"
remove

insert --certs "$T/full" --apdu-log "$LOG"
p11 -O >"$T/O4" 2>&1
for m in "PIV Authentication:01" "Digital Signature:02" "Key Management:03" "Card Authentication:04"; do
	check "certificate for ${m%:*} has id ${m#*:}" \
		bash -c "grep -A4 'Certificate for ${m%:*}' '$T/O4' | grep -q 'ID: *${m#*:}'"
done
p11 --login --pin 123456 --sign -m ECDSA-SHA256 --signature-format openssl --id 01 \
	-i "$T/data" -o "$T/sig1" >>"$T/out" 2>&1
check "9A ECDSA P-256 signature verifies" openssl dgst -sha256 -verify "$T/pub9a.pem" -signature "$T/sig1" "$T/data"
p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 04 -i "$T/data" -o "$T/sig4" >>"$T/out" 2>&1
check "9E signature verifies" openssl dgst -sha256 -verify "$T/pub9e.pem" -signature "$T/sig4" "$T/data"
remove

# faults
insert --broken
check "--broken answers 6F00" bash -c "opensc-tool -r 0 -s 00A4040005A000000308 2>&1 | grep -qi 'SW1=0x6f, SW2=0x00'"
remove
insert --mute
opensc-tool -r 0 -n >>"$T/out" 2>&1 &
TOOL=$!
sleep 1 # the only sleep: proving that something does NOT happen takes time
check "--mute: opensc-tool is stuck waiting for an answer" kill -0 "$TOOL"
remove
check "--mute: removing the card frees it" timeout 5 tail --pid="$TOOL" -f /dev/null
insert --certs "$T/certs" --drop-at=87 --apdu-log "$LOG"
p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 02 -i "$T/data" -o "$T/sig2" >>"$T/out" 2>&1
check "--drop-at=87: the signature fails" test ! -s "$T/sig2"
wait "$VC"
check "--drop-at=87 exits 0 at the first GENERAL AUTHENTICATE" test $? = 0
check "the log shows the pull" grep -q "> 10 87 07 9C .*(card pulled)" "$LOG"
wait_card absent
insert --applet=none --atr "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57"
check "--applet=none: not a PIV card" bash -c "! opensc-tool -r 0 -n 2>&1 | grep -q 'Personal Identity'"
remove
insert --applet=garbage
check "--applet=garbage: not a PIV card" bash -c "! opensc-tool -r 0 -n 2>&1 | grep -q 'Personal Identity'"
remove

check "APDU log has VERIFY lines" grep -q "> 00 20 00 80 08 \*\* < 63 C" "$LOG"
check "APDU log never holds the PIN" bash -c "! grep -q '31 32 33 34 35 36\|36 35 34 33 32 31\|30 30 30 30 30 30' '$LOG'"
check "no vcard errors on stderr" test ! -s "$T/vcard.err"

kill "$PCSCD"
wait "$PCSCD" 2>/dev/null
if [ "$fails" = 0 ]; then
	echo "all passed"
	rm -rf "$T"
else
	echo "FAILED: $fails (details in $T)"
fi
[ "$fails" = 0 ]
