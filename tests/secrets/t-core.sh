#!/usr/bin/env bash
# t-core.sh — no secret left behind (issue 8): in one test bed (OpenSC set up to unblock), the card
# is locked with three wrong PINs (pkcs11-tool), then unlocked in the wizard's unlock form with the
# PUK and a new PIN, then the full test (t) runs with the new PIN and the report is saved. Then core
# images (gcore) of the running cardwiz and of its live helper must not contain the PIN, the PUK or
# the new PIN; nor may the processes' environments and command lines, the saved report, or any
# screen captured on the way.
#
# cardwiz turns core dumps off (PR_SET_DUMPABLE 0, RLIMIT_CORE 0) while it holds a secret: that
# stops the kernel's core files, not a root debugger. gcore (gdb) attaches with ptrace, which root
# (CAP_SYS_PTRACE) may do to a non-dumpable process; the test checks it did get real images.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
# Secrets no library carries as a constant (OpenSC holds "12345678" and "87654321" of its own).
PIN=730194 PUK=58203917 NEW_PIN=846275 WRONG_PIN=391582
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
die() { echo "FAIL $*"; [ -n "${TM_SEEN:-}" ] && printf '%s\n' "$TM_SEEN" | sed 's/^/     |/'; exit 1; }

if [ -z "${TESTBED_DIR:-}" ]; then
	for tool in tmux gdb gcore; do
		command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
	done
	[ "$(id -u)" = 0 ] || { echo "skip: gcore of a non-dumpable process needs root (CAP_SYS_PTRACE)"; exit 77; }
	[ -x build/cardwiz ] && [ -x build/vcard ] && [ -x build/pcsc-wait ] || { echo "skip: build first (make test-only)"; exit 77; }
	# A sanitized cardwiz maps terabytes of shadow memory, which gcore would write out in full.
	if nm build/cardwiz 2>/dev/null | grep -q __asan_init; then
		echo "skip: build/cardwiz is built with SANITIZE=1 (its core image would be the ASan shadow: terabytes)"
		exit 77
	fi
	export TM_ID=$$
	exec tests/testbed/run --opensc-unblock --pin="$PIN" --puk="$PUK" -- "$0"
fi

. "$ROOT/tests/faults/tmux.sh"
trap tm_stop EXIT
SECRETS=("$PIN" "$PUK" "$NEW_PIN")
NAMES=(PIN PUK "new PIN")

# --- the visit -------------------------------------------------------------------------------
lock_card_with_opensc "$WRONG_PIN" || die "the card did not lock after three wrong PINs"
# A canary in cardwiz's environment: the images must show it (the grep sees what the process holds).
CANARY=cw-canary-$RANDOM$RANDOM$RANDOM
tm_start "CW_TEST_CANARY=$CANARY" -- || die "tmux did not start"
# A locked PIV card's first screen is its PUK form (issue 14, 4).
tm_wait 'Unblock code \(PUK\):' 20 || die "no unlock form"
tm_text "$PUK"; tm_keys Enter
tm_text "$NEW_PIN"; tm_keys Enter
tm_text "$NEW_PIN"; tm_keys Enter
tm_wait 'PUK tries are left' || die "no confirmation for the unknown PUK count"
tm_keys 1 # the confirmation: [1 Send]
tm_wait '✓ Unlocked' 20 || die "the unlock did not pass"
ok "unlocked with the PUK in the wizard's form"
tm_keys Enter
tm_wait '^    PIN:' 20 || die "no PIN form after the unlock"
tm_text "$NEW_PIN"; tm_keys Enter
tm_wait 'All done' 30 || die "the wizard did not finish with the new PIN"
tm_keys t
tm_wait '^    PIN:' || die "t did not ask for the PIN"
tm_text "$NEW_PIN"; tm_keys Enter
tm_wait '14/14 done' 30 || die "the full test did not finish"
grep -qE '^ 7 +Signature .*✓' <<<"$TM_SEEN" && ok "full test: the signature passed with the new PIN" ||
	bad "full test: the signature did not pass"
tm_keys s
tm_wait 'Save the report' || die "s did not open the save form"
tm_keys Enter
tm_wait 'Report saved to' 10 || die "the report was not saved"
report=$(ls "$TM_WORK"/cardwiz-report-*.txt 2>/dev/null | head -n 1)
[ -s "$report" ] && ok "report saved: $(basename "$report")" || bad "no saved report in $TM_WORK"

# --- the images --------------------------------------------------------------------------------
ui=$TM_PID
helper=$(pgrep -P "$ui" -f cardwiz-helper | head -n 1)
[ -n "$ui" ] && [ -d "/proc/$ui" ] || die "cardwiz is not running"
[ -n "$helper" ] || die "no live helper (pgrep -P $ui -f cardwiz-helper)"
ok "live: cardwiz $ui, helper $helper"
dumpable=$(awk '/^CapEff/ {print $2}' /proc/self/status)
for pid in "$ui" "$helper"; do
	# Never fill the disk: a normal cardwiz maps about 100 MiB.
	vm=$(awk '/^VmSize/ {print $2}' "/proc/$pid/status")
	[ "${vm:-0}" -lt $((4 * 1024 * 1024)) ] || die "pid $pid maps $((vm / 1024)) MiB: no core image taken"
	# What cardwiz promises: no core file from the kernel (RLIMIT_CORE 0, not dumpable).
	limit=$(awk '/^Max core file size/ {print $5}' "/proc/$pid/limits")
	flag=$(gdb -p "$pid" -batch -ex 'print (int)prctl(3, 0, 0, 0, 0)' 2>/dev/null | sed -n 's/^\$1 = //p')
	if [ "$limit" = 0 ] && [ "$flag" = 0 ]; then
		ok "pid $pid: RLIMIT_CORE 0 and PR_GET_DUMPABLE 0"
	else
		bad "pid $pid: RLIMIT_CORE '$limit', PR_GET_DUMPABLE '$flag' (want 0 and 0)"
	fi
	gcore -o "$TESTBED_DIR/core" "$pid" >"$TESTBED_DIR/gcore.$pid.log" 2>&1
	core=$TESTBED_DIR/core.$pid
	# A real image: holding what the process surely has in memory (the reader's name, the canary).
	if [ -s "$core" ] && grep -qaF 'Virtual PCD 00 00' "$core" && grep -qaF "$CANARY" "$core"; then
		ok "gcore $pid: $(($(stat -c %s "$core") / 1048576)) MiB image (ptrace as root, CapEff $dumpable)"
	else
		bad "gcore $pid gave no usable image: $(tail -n 3 "$TESTBED_DIR/gcore.$pid.log")"
	fi
done

# check WHERE FILE...: none of the secrets in any FILE.
check() {
	local where=$1 i n
	shift
	for i in "${!SECRETS[@]}"; do
		n=$(cat "$@" 2>/dev/null | grep -caF -- "${SECRETS[$i]}")
		if [ "$n" = 0 ]; then ok "$where: no ${NAMES[$i]}"; else bad "$where: the ${NAMES[$i]} is there ($n lines)"; fi
	done
}
check "core of cardwiz" "$TESTBED_DIR/core.$ui"
check "core of the helper" "$TESTBED_DIR/core.$helper"
check "environment and command line of cardwiz" "/proc/$ui/environ" "/proc/$ui/cmdline"
check "environment and command line of the helper" "/proc/$helper/environ" "/proc/$helper/cmdline"
# Freed heap is wiped in the helper (a module's unwiped copies of a PIN go with it): glibc's
# perturb with no per-thread cache, set in the helper's environment by cardwiz (glibc cuts the
# variable at its colons in place as it reads it: the two show as separate strings).
env_of_helper=$(tr '\0' '\n' <"/proc/$helper/environ")
grep -q 'glibc.malloc.tcache_count=0' <<<"$env_of_helper" && grep -qE 'glibc.malloc.perturb=[1-9][0-9]*' <<<"$env_of_helper" &&
	ok "the helper's allocator wipes what is freed (GLIBC_TUNABLES)" || bad "the helper runs without the heap tunables"
check "saved report" "$report"
tm_screen >>"$TM_WORK/screens"
tm_keys Enter # close the save form
check "screen captures ($(wc -l <"$TM_WORK/screens") lines)" "$TM_WORK/screens"
tm_quit
case ${TM_RC:-} in 0 | 1) ok "cardwiz ended with $TM_RC" ;; *) bad "cardwiz ended with ${TM_RC:-nothing (still running)}" ;; esac
[ -s "$TM_WORK/stderr" ] && bad "cardwiz wrote on stderr: $(head -c 200 "$TM_WORK/stderr")"
rm -f "$TESTBED_DIR"/core.*
exit $fail
