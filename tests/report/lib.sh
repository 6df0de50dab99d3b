# lib.sh — shared by the report scenario tests: run cardwiz --report in the test bed and assert its JSON.
# Sourced; expects to run from the repository root.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
TB="$ROOT/tests/testbed/run"
JCHECK="$ROOT/tests/report/jcheck.py"
fail=0

# report OUT_JSON [cardwiz args...]: runs inside a test bed (call from a testbed COMMAND); keeps the exit status in $rc.
report() {
	local out=$1; shift
	"$ROOT/build/cardwiz" --report --format=json --module "$CARDWIZ_TEST_MODULE" "$@" >"$out" 2>"$out.err"
	rc=$?
}

# expect_rc WANT: the last report's exit status.
expect_rc() {
	if [ "$rc" = "$1" ]; then echo "ok   exit $1"; else echo "FAIL exit $rc, want $1"; fail=1; fi
}

# assert OUT_JSON ASSERTION...: see jcheck.py.
assert() {
	python3 "$JCHECK" "$@" || fail=1
}

# no_stderr OUT_JSON: cardwiz printed nothing on stderr (no PIN, no module noise).
no_stderr() {
	if [ -s "$1.err" ]; then echo "FAIL stderr: $(head -c 300 "$1.err")"; fail=1; else echo "ok   stderr empty"; fi
}

# pin_file: a file holding the test card's PIN (or $1), for --pin-fd.
pin_file() {
	local f="$TESTBED_DIR/pin.$RANDOM"
	printf '%s\n' "${1:-$TESTBED_PIN}" >"$f"
	echo "$f"
}

# scenarios NAME:TESTBED-OPTIONS...: outside the test bed, run this script once per scenario inside
# its own test bed (options separated by commas); inside, the script's scenario_NAME function runs.
run_scenarios() {
	local spec name opts
	for spec in "$@"; do
		name=${spec%%:*}
		opts=${spec#*:}
		echo "--- $name ($opts)"
		IFS=, read -r -a args <<<"$opts"
		local log; log=$(mktemp)
		args=("${args[@]//@log/$log}")
		"$TB" "${args[@]}" -- "$0" "$name" || fail=1
		rm -f "$log"
	done
	exit $fail
}
