#!/bin/bash
# mkcerts makes certificates with the dates each KIND promises (judged by
# openssl), the card shows them, and "insert --new-card" is the same person's
# second card: same subject, new key and serial.
set -euo pipefail
# shellcheck source=testlib.sh
source "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"

DAY=86400

valid_for() { # CERT SECONDS: still valid SECONDS from now
	openssl x509 -in "$1" -noout -checkend "$2" >/dev/null
}

starts_after_now() { # CERT
	local nb
	nb=$(openssl x509 -in "$1" -noout -startdate | cut -d= -f2)
	(($(date -d "$nb" +%s) > $(date +%s)))
}

starts_within() { # CERT SECONDS: starts no later than SECONDS from now
	local nb
	nb=$(openssl x509 -in "$1" -noout -startdate | cut -d= -f2)
	(($(date -d "$nb" +%s) <= $(date +%s) + $2))
}

started_within() { # CERT SECONDS: started, at most SECONDS ago
	local nb
	nb=$(openssl x509 -in "$1" -noout -startdate | cut -d= -f2)
	(($(date -d "$nb" +%s) <= $(date +%s) && $(date -d "$nb" +%s) >= $(date +%s) - $2))
}

key_matches() { # CERT KEY
	[[ $(openssl x509 -in "$1" -noout -pubkey) == $(openssl pkey -in "$2" -pubout) ]]
}

check_valid_pair() { # DIR SLOT
	valid_for "$1/$2.crt" 0 || fail "$1/$2.crt is not valid now"
	starts_after_now "$1/$2.crt" && fail "$1/$2.crt starts in the future"
	valid_for "$1/$2.crt" $((300 * DAY)) || fail "$1/$2.crt ends before 300 days"
	valid_for "$1/$2.crt" $((400 * DAY)) && fail "$1/$2.crt lasts over 400 days"
	key_matches "$1/$2.crt" "$1/$2.key" || fail "$1/$2.key does not match its certificate"
}

mk() { # KIND DIR [ARGS]
	"$T_HERE/mkcerts" "$@" || fail "mkcerts $*"
}

check_kinds() {
	local d=$1 out
	step "valid: from 60 days ago to a year from now, keys match, key usages"
	mk valid "$d/valid"
	check_valid_pair "$d/valid" 9c
	check_valid_pair "$d/valid" 9d
	check_valid_pair "$d/valid" 9a
	out=$(openssl x509 -in "$d/valid/9c.crt" -noout -ext keyUsage -subject)
	expect_match "$out" 'Digital Signature, Non Repudiation' "9C key usage"
	expect_match "$out" 'subject=O = cardwiz test bed, CN = cardwiz Test User, serialNumber = CWTB-' "subject"
	out=$(openssl x509 -in "$d/valid/9d.crt" -noout -ext keyUsage)
	expect_match "$out" 'Key Encipherment' "9D key usage"
	openssl verify -CAfile "$d/valid/ca.crt" "$d/valid/9c.crt" >/dev/null || fail "9C does not chain to ca.crt"

	step "expired-enc: 9D expired last month, 9C valid"
	mk expired-enc "$d/exp"
	valid_for "$d/exp/9d.crt" 0 && fail "expired-enc: 9D is still valid"
	valid_for "$d/exp/9d.crt" $((-40 * DAY)) || fail "expired-enc: 9D expired over 40 days ago"
	check_valid_pair "$d/exp" 9c

	step "expiring-sign: 9C expires in 10 days"
	mk expiring-sign "$d/soon"
	valid_for "$d/soon/9c.crt" $((9 * DAY)) || fail "expiring-sign: 9C ends within 9 days"
	valid_for "$d/soon/9c.crt" $((11 * DAY)) && fail "expiring-sign: 9C lasts beyond 11 days"
	check_valid_pair "$d/soon" 9d

	step "not-yet-valid: both start within a day"
	mk not-yet-valid "$d/nyv"
	starts_after_now "$d/nyv/9c.crt" || fail "not-yet-valid: 9C already valid"
	starts_after_now "$d/nyv/9d.crt" || fail "not-yet-valid: 9D already valid"
	starts_within "$d/nyv/9c.crt" $DAY || fail "not-yet-valid: 9C starts over a day from now"

	step "far-future: all start in 2 years; long-expired: all ended 2 years ago; fresh: 3 days old"
	mk far-future "$d/far"
	local slot
	for slot in 9a 9c 9d; do
		starts_within "$d/far/$slot.crt" $((700 * DAY)) && fail "far-future: $slot starts within 700 days"
		starts_within "$d/far/$slot.crt" $((760 * DAY)) || fail "far-future: $slot starts after 760 days"
	done
	mk long-expired "$d/old"
	for slot in 9a 9c 9d; do
		valid_for "$d/old/$slot.crt" $((-700 * DAY)) && fail "long-expired: $slot valid 700 days ago"
		valid_for "$d/old/$slot.crt" $((-760 * DAY)) || fail "long-expired: $slot not valid 760 days ago"
	done
	mk fresh "$d/fresh"
	for slot in 9c 9d; do
		valid_for "$d/fresh/$slot.crt" 0 || fail "fresh: $slot not valid now"
		started_within "$d/fresh/$slot.crt" $((4 * DAY)) || fail "fresh: $slot started over 4 days ago"
		started_within "$d/fresh/$slot.crt" $((2 * DAY)) && fail "fresh: $slot started within 2 days"
	done
	started_within "$d/valid/9c.crt" $((30 * DAY)) && fail "valid: 9C started within 30 days (fresh)"

	step "no-enc-key and none"
	mk no-enc-key "$d/nokey"
	[[ -e $d/nokey/9d.crt && ! -e $d/nokey/9d.key && -e $d/nokey/9c.key ]] ||
		fail "no-enc-key: $(ls "$d/nokey")"
	mk none "$d/none"
	[[ -z $(ls "$d/none") ]] || fail "none: $(ls "$d/none")"

	step "serialNumber is stable per person"
	mk valid "$d/other" --subject-cn "Other Person"
	local s1 s2 s3
	s1=$(openssl x509 -in "$d/valid/9c.crt" -noout -subject)
	s2=$(openssl x509 -in "$d/exp/9c.crt" -noout -subject)
	s3=$(openssl x509 -in "$d/other/9c.crt" -noout -subject)
	[[ $s1 == "$s2" ]] || fail "same person, different subjects: $s1 / $s2"
	[[ ${s1##*serialNumber} != "${s3##*serialNumber}" ]] || fail "two people share a serialNumber: $s3"
}

card_cert() { # ID OUT.pem
	p11 --read-object --type cert --id "$1" -o "$2.der" >/dev/null 2>&1 || fail "reading cert $1 from the card"
	openssl x509 -inform DER -in "$2.der" -out "$2"
}

inside_card() {
	local d=$TESTBED_DIR/t-certs a b
	mkdir -p "$d"
	step "the card shows the expired 9D certificate of --certs=expired-enc"
	card_cert 03 "$d/enc1.pem"
	valid_for "$d/enc1.pem" 0 && fail "the card's 9D certificate is valid"
	card_cert 02 "$d/sign1.pem"
	valid_for "$d/sign1.pem" 0 || fail "the card's 9C certificate is not valid"

	step "insert --new-card --certs=valid: same subject, new key and serial"
	testbed-card remove || fail "testbed-card remove"
	testbed-card insert --new-card --certs=valid || fail "testbed-card insert --new-card"
	card_cert 02 "$d/sign2.pem"
	card_cert 03 "$d/enc2.pem"
	valid_for "$d/enc2.pem" 0 || fail "the new card's 9D certificate is not valid"
	a=$(openssl x509 -in "$d/sign1.pem" -noout -subject)
	b=$(openssl x509 -in "$d/sign2.pem" -noout -subject)
	[[ $a == "$b" ]] || fail "the second card has another subject: $a / $b"
	a=$(openssl x509 -in "$d/sign1.pem" -noout -serial -pubkey)
	b=$(openssl x509 -in "$d/sign2.pem" -noout -serial -pubkey)
	[[ ${a%%$'\n'*} != "${b%%$'\n'*}" ]] || fail "the second card has the same certificate serial"
	[[ ${a#*$'\n'} != "${b#*$'\n'}" ]] || fail "the second card has the same key"
	piv_sign_and_verify "$d/sign-new"
}

main() {
	command -v certtool >/dev/null || skip "certtool (gnutls-bin) is not installed"
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT # work: global, the trap runs after main
	check_kinds "$work"
	require_testbed
	in_testbed --certs=expired-enc -- inside_card
	echo "PASS ($T_NAME)"
}

dispatch "$@"
