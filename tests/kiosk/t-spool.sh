#!/usr/bin/env bash
# t-spool.sh — the kiosk's --spool is checked at start (missing, not a folder, not writable: exit 2
# with a clear message; open to others: tightened to 0700 and said) and --spool-keep removes old
# visit reports at start, and only the spool's own visit-*.json files.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${TESTBED_DIR:-}" ]; then
	exec "$ROOT/tests/testbed/run" --card=none -- "$0"
fi
cd "$ROOT" || exit 2
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
d=$TESTBED_DIR/sp

# kiosk [SECONDS] ARGS...: the station with no terminal, ended by SIGTERM after a moment (a start
# that passes the spool check runs until then); rc, out, err kept.
kiosk() {
	timeout -s TERM 2 "$ROOT/build/cardwiz" --kiosk --lang=en --module "$CARDWIZ_TEST_MODULE" "$@" \
		</dev/null >"$TESTBED_DIR/out" 2>"$TESTBED_DIR/err"
	rc=$?
	err=$(cat "$TESTBED_DIR/err")
}
refused() { # NAME PATTERN ARGS...: exit 2 at once, stderr names the problem
	local name=$1 pat=$2; shift 2
	kiosk "$@"
	if [ "$rc" = 2 ] && grep -qE -- "$pat" <<<"$err"; then ok "$name: exit 2, '$(head -n 1 <<<"$err")'"; else bad "$name: exit $rc, stderr: $err"; fi
}

refused "missing folder" "spool folder does not exist: $d" --spool="$d"
touch "$d"
refused "not a folder" "the spool is not a folder: $d" --spool="$d"
rm -f "$d"
mkdir -m 755 "$d"
if command -v setpriv >/dev/null; then
	# Another user's folder, readable by all: a station running as nobody cannot write into it.
	ro=$(mktemp -d /tmp/cw-spool-ro.XXXXXX) && chmod 755 "$ro"
	timeout -s TERM 2 setpriv --reuid=65534 --regid=65534 --clear-groups "$ROOT/build/cardwiz" --kiosk --lang=en \
		--spool="$ro" </dev/null >/dev/null 2>"$TESTBED_DIR/err"
	rc=$?
	if [ "$rc" = 2 ] && grep -q "cannot write into the spool folder $ro" "$TESTBED_DIR/err"; then ok "not writable: exit 2"; else bad "not writable: exit $rc, $(cat "$TESTBED_DIR/err")"; fi
	[ "$(stat -c %a "$ro")" = 755 ] && ok "a refused spool is left as it was" || bad "mode changed to $(stat -c %a "$ro")"
	# Open to others and not ours to tighten: refused, not used.
	chmod 777 "$ro"
	timeout -s TERM 2 setpriv --reuid=65534 --regid=65534 --clear-groups "$ROOT/build/cardwiz" --kiosk --lang=en \
		--spool="$ro" </dev/null >/dev/null 2>"$TESTBED_DIR/err"
	rc=$?
	if [ "$rc" = 2 ] && grep -q "open to other users and cannot be tightened: refused" "$TESTBED_DIR/err"; then ok "open to others, not ours: refused"; else bad "not ours: exit $rc, $(cat "$TESTBED_DIR/err")"; fi
	rmdir "$ro"
fi
refused "--spool-keep out of range" "--spool-keep takes days from 0 to 3650, not '-1'" --spool="$d" --spool-keep=-1

# Open to others: tightened, said, and the station starts (it runs until SIGTERM: exit 0).
old="$d/visit-20200101T000000-1-1.json" new="$d/visit-20990101T000000-1-1.json"
touch -d '31 days ago' "$old"; touch -d '29 days ago' "$new"
touch -d '400 days ago' "$d/notes.json" "$d/visit-old.txt"
ln -s /etc/hostname "$d/visit-link-1-1.json"
kiosk --spool="$d"
[ "$rc" = 124 ] && ok "the station started (it ran until SIGTERM)" || bad "exit $rc: $err"
[ "$(stat -c %a "$d")" = 700 ] && ok "spool tightened to 0700" || bad "spool mode $(stat -c %a "$d")"
grep -q "tightened to 0700: $d, mode was 0755" <<<"$err" && ok "stderr says it was tightened" || bad "stderr: $err"
[ ! -e "$old" ] && ok "a report 31 days old is removed (default 30)" || bad "$old is still there"
[ -e "$new" ] && ok "a report 29 days old is kept" || bad "$new was removed"
[ -e "$d/notes.json" ] && [ -e "$d/visit-old.txt" ] && ok "other files are left alone" || bad "a file not the spool's was removed"
[ -L "$d/visit-link-1-1.json" ] && [ -e /etc/hostname ] && ok "a symlink is not followed or removed" || bad "the symlink was touched"
kiosk --spool="$d" --spool-keep=0
[ ! -e "$new" ] && ok "--spool-keep=0: every visit report goes" || bad "$new kept with --spool-keep=0"
[ -z "$err" ] && ok "a tight spool: nothing said" || bad "stderr: $err"

# --help names the option, the man page documents it and its default.
"$ROOT/build/cardwiz" --help | grep -q -- "--spool-keep=DAYS" && ok "--help has --spool-keep" || bad "--help lacks --spool-keep"
grep -q "(0 to 3650, default 30)" man/cardwiz.1 && ok "cardwiz(1) gives the default" || bad "cardwiz(1) lacks the default"
exit $fail
