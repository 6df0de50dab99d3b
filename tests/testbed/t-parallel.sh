#!/bin/bash
# Two test beds at once do not disturb each other: both sign on their own
# card (same reader names and ports, private namespaces).
set -euo pipefail
# shellcheck source=testlib.sh
source "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"

inside_sign() {
	local i
	for i in 1 2 3; do
		piv_sign_and_verify "$TESTBED_DIR/sign-$i"
	done
	# Each bed has its own card: its certificate is the one it made.
	cmp -s <(openssl x509 -in "$TESTBED_DIR/certs/9c.crt" -outform DER) \
		"$TESTBED_DIR/sign-1/sign.der" || fail "the card's 9C certificate is not this bed's"
	echo "bed $TESTBED_DIR signed"
}

main() {
	require_testbed
	local logs pids=() i rc failed=0
	logs=$(mktemp -d)
	for i in 1 2; do
		in_testbed -- inside_sign >"$logs/$i.log" 2>&1 &
		pids+=($!)
	done
	for i in 1 2; do
		rc=0
		wait "${pids[i - 1]}" || rc=$?
		if ((rc != 0)); then
			echo "test bed $i failed (status $rc):"
			sed 's/^/    | /' "$logs/$i.log"
			failed=1
		fi
	done
	grep -h '^bed .* signed$' "$logs"/*.log | sort -u | wc -l | grep -qx 2 || {
		cat "$logs"/*.log
		failed=1
	}
	rm -rf "$logs"
	((failed == 0)) || fail "parallel test beds"
	echo "PASS ($T_NAME)"
}

dispatch "$@"
