#!/usr/bin/env bash
# t-kiosk.sh — a kiosk station under tmux at 80x24 on the test bed: start screen, a visit per card,
# removal and idle end it, Ctrl-C/Ctrl-Z/Ctrl-\ do nothing, SIGUSR1 and SIGTERM; one spool report
# and one syslog line per visit (caught on a private /dev/log), neither holding the PIN typed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${TESTBED_DIR:-}" ]; then
	command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }
	exec "$ROOT/tests/testbed/run" --card=none -- "$0"
fi
cd "$ROOT" || exit 2
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
T=(tmux -L "kiosk-$$")
cleanup() { "${T[@]}" kill-server 2>/dev/null; kill "$listener" 2>/dev/null; true; }
trap cleanup EXIT

# A private /dev/log (no syslog daemon here): a tmpfs over /dev in this private mount namespace,
# the devices the run needs bound back, and a datagram listener at /dev/log.
old=$TESTBED_DIR/olddev
mkdir -p "$old" && mount --bind /dev "$old" && mount -t tmpfs -o mode=755 tmpfs /dev || { echo "cannot set up /dev/log"; exit 77; }
for n in null zero tty urandom random full; do touch "/dev/$n" && mount --bind "$old/$n" "/dev/$n"; done
# A devpts of its own for tmux's terminals (the host's is not under the bound /dev).
mkdir -p /dev/pts /dev/shm && mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts /dev/pts &&
	ln -s pts/ptmx /dev/ptmx || { echo "cannot set up a private devpts"; exit 77; }
log=$TESTBED_DIR/syslog.txt
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind("/dev/log")
out = open(sys.argv[1], "a", buffering=1)
while True: out.write(s.recv(4096).decode("utf-8", "replace").rstrip("\0") + "\n")' "$log" &
listener=$!
for _ in $(seq 100); do [ -S /dev/log ] && break; sleep 0.02; done

screen() { "${T[@]}" capture-pane -p; }
wait_for() { # REGEX [SECONDS]: until the screen shows it
	local end=$((SECONDS + ${2:-10}))
	while [ $SECONDS -le $end ]; do screen | grep -qE -- "$1" && return 0; sleep 0.05; done
	echo "     (screen was:)"; screen | sed 's/^/     | /'; return 1
}
alive() { kill -0 "$(cat "$TESTBED_DIR/kiosk.pid")" 2>/dev/null; }
spool=$TESTBED_DIR/spool
# The spool exists beforehand (checked at start); opened to the group, it is tightened and said.
mkdir -m 750 "$spool"
touch -d '40 days ago' "$spool/visit-20200101T000000-1-1.json"
"${T[@]}" new-session -d -x 80 -y 24 \
	"echo \$\$ >$TESTBED_DIR/kiosk.pid; exec $ROOT/build/cardwiz --kiosk --idle=3 --lang=en --module $CARDWIZ_TEST_MODULE --spool=$spool"
wait_for "請插入自然人憑證卡片" && wait_for "Please insert your card" && ok "start screen in both languages" || bad "no start screen"

grep -q "tightened to 0700: $spool" "$log" && ok "syslog: the spool was tightened" || bad "no syslog line for the tightened spool"
[ ! -e "$spool/visit-20200101T000000-1-1.json" ] && ok "a report older than --spool-keep is removed at start" || bad "an old report survived the start"
testbed-card insert >/dev/null
wait_for "Type the PIN" && ok "insert: the wizard runs for the card" || bad "the visit did not start"
# Aged while the station runs: removed after the next visit.
touch -d '40 days ago' "$spool/visit-20200102T000000-1-1.json"
"${T[@]}" send-keys 1 2 3 4 5 6
wait_for '\*\*\*\*\*\*' 3 || bad "the PIN typed is not masked"
# At a form q is typed into it (tests/tui/t-keys.sh); control keys still do nothing.
for k in C-c C-z 'C-\'; do "${T[@]}" send-keys "$k"; done
if alive && screen | grep -q "Type the PIN"; then ok "Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing"; else bad "a key ended or left the station"; fi
testbed-card remove >/dev/null
wait_for "Please insert your card" && ok "removal: back to the start screen" || bad "removal did not end the visit"
if screen | grep -q '\*\*\*'; then bad "the visit's screen was not wiped"; else ok "screen wiped"; fi

testbed-card insert >/dev/null
wait_for "Type the PIN" || bad "second visit did not start"
wait_for "back to the start in [0-9] s" 5 && ok "idle countdown shown" || bad "no countdown"
wait_for "Please remove your card" 6 && ok "idle (3 s): the visit ends, the card still in: remove it" || bad "idle did not end the visit"

# The card is still in: SIGUSR1 during a visit ends it too (start the visit again by re-inserting).
testbed-card remove >/dev/null; testbed-card insert >/dev/null
wait_for "Type the PIN" || bad "third visit did not start"
kill -USR1 "$(cat "$TESTBED_DIR/kiosk.pid")"
wait_for "Please remove your card" 3 && ok "SIGUSR1: the visit ends, the card still in: remove it" || bad "SIGUSR1 did not end the visit"

[ ! -e "$spool/visit-20200102T000000-1-1.json" ] && ok "an old report is removed after a visit" || bad "an old report survived a visit"
n=$(find "$spool" -name '*.json' | wc -l)
[ "$n" = 3 ] && ok "one spool report per visit ($n)" || bad "spool has $n reports, want 3"
[ "$(stat -c %a "$spool")" = 700 ] && ok "spool is 0700" || bad "spool mode $(stat -c %a "$spool")"
for f in "$spool"/*.json; do
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["diagnosis"]["code"]' "$f" || bad "$f is not a report"
	[ "$(stat -c %a "$f")" = 600 ] || bad "$f mode $(stat -c %a "$f")"
done
lines=$(grep -c 'cardwiz-kiosk' "$log" || true)
[ "$lines" -ge 3 ] && ok "syslog lines: $lines" || { bad "syslog lines: $lines"; cat "$log"; }
grep -q 'diagnosis=' "$log" && ok "syslog carries the diagnosis code" || bad "no diagnosis in syslog"
if grep -rq "$TESTBED_PIN" "$spool" "$log"; then bad "the PIN is in the spool or syslog"; else ok "no PIN in spool or syslog"; fi

kill -TERM "$(cat "$TESTBED_DIR/kiosk.pid")"
for _ in $(seq 100); do alive || break; sleep 0.05; done
if alive; then bad "SIGTERM did not end it"; else ok "SIGTERM ends the station"; fi
exit $fail
