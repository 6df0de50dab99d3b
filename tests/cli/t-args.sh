#!/usr/bin/env bash
# t-args.sh — the command line refuses what could leak or hang (issue 14 item 13): any spelling of a
# PIN option but --pin-fd, abbreviations, wizard files that are FIFOs or devices, a NUL in --pin-fd.
set -u
cd "$(dirname "$0")/../.." || exit 2
CW=build/cardwiz
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

# refused WHAT REGEX ARGS...: exit 2 within 5 s, stderr matches REGEX, and never echoes 123456.
refused() {
	local what=$1 re=$2 rc
	shift 2
	timeout 5 "$CW" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" != 2 ]; then bad "$what: exit $rc, want 2"; return; fi
	if ! head -n 1 "$tmp/err" | grep -qE -- "$re"; then bad "$what: stderr: $(head -n 1 "$tmp/err")"; return; fi
	if grep -q 123456 "$tmp/err" "$tmp/out"; then bad "$what: the PIN is echoed"; return; fi
	ok "$what"
}

refused "--pin VALUE" 'never goes on the command line.*--pin-fd' --pin 123456
refused "--pin=VALUE" 'never goes on the command line' --pin=123456
refused "--pin-f (an abbreviation of --pin-fd)" 'never goes on the command line' --report --pin-f 123456
refused "--pincode=VALUE" 'never goes on the command line' --pincode=123456
refused "--rep (an abbreviation)" 'spelled out in full' --rep
refused "--allow (an abbreviation)" 'spelled out in full' --report --allow
# A value that looks like an option is the option's value, not an option.
timeout 5 "$CW" --check-wizard wizard/faq.yaml --lang en >/dev/null 2>&1 && ok "--lang VALUE as its own argument" || bad "--lang VALUE"

mkfifo "$tmp/fifo"
refused "--check-wizard on a FIFO" 'not a regular file' --check-wizard "$tmp/fifo"
refused "--check-wizard on a device" 'not a regular file' --check-wizard /dev/zero
refused "--check-wizard on a folder" 'not a regular file|cannot read' --check-wizard /tmp
refused "--wizard FIFO --report" 'not a regular file' --report --wizard "$tmp/fifo"
refused "--wizard FIFO --plain" 'not a regular file' --plain --wizard "$tmp/fifo"

# A NUL in the PIN given with --pin-fd: refused, nothing goes to the card (its APDU log is the judge).
printf '12\0003456\n' >"$tmp/nul-pin"
tests/testbed/run --apdu-log="$tmp/apdu.log" -- bash -c '
	build/cardwiz --report --format=json --module "$CARDWIZ_TEST_MODULE" --pin-fd 3 3<"$1" >"$2/r.json" 2>"$2/r.err"
	echo $? >"$2/r.rc"
	printf "q\n" | build/cardwiz --plain --lang=en --module "$CARDWIZ_TEST_MODULE" --pin-fd 3 3<"$1" >"$2/p.out" 2>&1
' _ "$tmp/nul-pin" "$tmp"
grep -q 'NUL byte' "$tmp/r.err" && ok "--report says the PIN holds a NUL" || bad "--report: $(cat "$tmp/r.err")"
[ "$(cat "$tmp/r.rc")" != 0 ] && ok "--report does not pass with it" || bad "--report exit 0"
grep -q 'NUL byte' "$tmp/p.out" && ok "--plain says the PIN holds a NUL" || bad "--plain: $(tail -n 5 "$tmp/p.out")"
if grep -qE '> 00 20 00 80 08' "$tmp/apdu.log"; then bad "a VERIFY with a PIN reached the card"; else ok "no VERIFY with a PIN reached the card"; fi
[ -s "$tmp/apdu.log" ] && ok "the card was talked to (the log is the card's)" || bad "empty APDU log"
exit $fail
