#!/usr/bin/env bash
# t-hostile.sh — a card whose certificates carry hostile text (tests/testbed/mkcerts hostile: ESC
# sequences, C1 CSI, DEL, bidi controls; the token label OpenSC makes of the CN ends in invalid
# UTF-8) run through every front end: --report text and JSON, --plain, saved reports (text, JSON),
# the kiosk's spool and syslog line, and the wizard's screen. No output may carry a control
# character, a bidi control or invalid UTF-8 from the card; each shows it visibly (doc/DESIGN.md
# §11), and the JSON keeps it as data. A new output path that bypasses cw_text_safe fails here.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${TESTBED_DIR:-}" ]; then
	command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }
	[ -x "$ROOT/build/vcard" ] && [ -x "$ROOT/build/pcsc-wait" ] || { echo "build/vcard or build/pcsc-wait is missing"; exit 77; }
	exec "$ROOT/tests/testbed/run" --certs=hostile -- "$0"
fi
cd "$ROOT" || exit 2
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
W=$TESTBED_DIR/hostile
mkdir -p "$W"
# HOSTILE_CARDWIZ: another build to judge (the one before the fix fails here).
CW=("${HOSTILE_CARDWIZ:-$ROOT/build/cardwiz}" --module "$CARDWIZ_TEST_MODULE")

# clean FILE WHAT [--sgr]: valid UTF-8 with no C0 but newline, no DEL, no C1 (U+0080-U+009F) and no
# bidi control; --sgr lets ESC through only as tmux's own colour sequences (ESC [ ... m).
clean() {
	local why
	if why=$(python3 - "$@" 2>&1 <<-'PY'
		import re, sys
		data = open(sys.argv[1], "rb").read()
		if len(sys.argv) > 3 and sys.argv[3] == "--sgr":
		    data = re.sub(rb"\x1b\[[0-9;:]*m", b"", data)
		try:
		    text = data.decode("utf-8")
		except UnicodeDecodeError as e:
		    sys.exit("invalid UTF-8 at byte %d: %r" % (e.start, data[max(0, e.start - 20):e.start + 4]))
		bad = re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", text)
		if bad:
		    sys.exit("U+%04X near %r" % (ord(bad.group()), text[max(0, bad.start() - 20):bad.start() + 4]))
		PY
	); then ok "$2: no control, bidi or invalid byte"; else bad "$2: $why"; fi
}
has() { # FILE WHAT TEXT: the file holds TEXT (fixed string)
	if grep -qF -- "$3" "$1"; then ok "$2"; else bad "$2 (no '$3' in $1)"; fi
}

# The token label is the CN cut by OpenSC: ESC sequences, BEL, and half of 測 (invalid UTF-8).
LABEL_SHOWN='王^[[31mRED^[[0m^[]0;pwned^G!!\xE6\xB8...'

# ---- --report -------------------------------------------------------------------------------
"${CW[@]}" --report --lang=en >"$W/report.txt" 2>"$W/report.err"
clean "$W/report.txt" "--report text (en)"
clean "$W/report.err" "--report stderr"
has "$W/report.txt" "--report shows the label's controls and bad bytes visibly" "$LABEL_SHOWN"
"${CW[@]}" --report --lang=zh_TW >"$W/report-zh.txt" 2>/dev/null
clean "$W/report-zh.txt" "--report text (zh_TW)"
"${CW[@]}" --report --format=json >"$W/report.json" 2>/dev/null
clean "$W/report.json" "--report JSON"
# The JSON keeps the text as data: the label exactly (its bad bytes as U+FFFD), the subject's C1
# and bidi controls as themselves once decoded.
if python3 - "$W/report.json" <<-'PY'; then ok "--report JSON keeps the exact text as data"; else bad "--report JSON lost or changed the text"; fi
	import json, sys
	d = {c["id"]: c for c in json.load(open(sys.argv[1]))["checks"]}
	label = d["token"]["detail"]["label"]
	want = "王\x1b[31mRED\x1b[0m\x1b]0;pwned\x07!!\ufffd\ufffd..."
	assert label == want, (label, want)
	subject = d["sign-cert"]["detail"]["subject"]
	assert "\u009b1m" in subject and "\u202eevil\u2066" in subject and "O=Org\u009b2J\u00ff" in subject, subject
PY
grep -qF '\u001b[31m' "$W/report.json" && grep -qF '\u202e' "$W/report.json" && grep -qF '\u009b' "$W/report.json" &&
	ok "--report JSON writes ESC, U+202E and U+009B as \\u escapes" || bad "--report JSON does not escape the controls"

# ---- --plain, and the reports it saves ------------------------------------------------------
printf '7\n%s\n7\n%s\n9\n' "$W/saved.txt" "$W/saved.json" | "${CW[@]}" --plain --lang=en >"$W/plain.txt" 2>"$W/plain.err"
clean "$W/plain.txt" "--plain (en)"
clean "$W/plain.err" "--plain stderr"
has "$W/plain.txt" "--plain shows the label visibly" "$LABEL_SHOWN"
has "$W/plain.txt" "--plain saved the report" "Report saved to"
clean "$W/saved.txt" "saved text report"
has "$W/saved.txt" "the saved text report shows the label visibly" "$LABEL_SHOWN"
clean "$W/saved.json" "saved JSON report"
printf 'q\n' | "${CW[@]}" --plain --lang=zh_TW >"$W/plain-zh.txt" 2>&1
clean "$W/plain-zh.txt" "--plain (zh_TW)"

# ---- the wizard's screen (tmux at 80x24) ----------------------------------------------------
T=(tmux -L "hostile-$$")
listener=
cleanup() { "${T[@]}" kill-server 2>/dev/null; [ -n "$listener" ] && kill "$listener" 2>/dev/null; true; }
trap cleanup EXIT
export TMUX_TMPDIR=$W
pane() { "${T[@]}" capture-pane -p -t cw "$@" 2>/dev/null; }
wait_for() { # REGEX [SECONDS]
	local end=$((SECONDS + ${2:-15}))
	while [ $SECONDS -le $end ]; do pane | grep -qE -- "$1" && return 0; sleep 0.05; done
	echo "     (screen was:)"; pane | sed 's/^/     | /'; return 1
}
start() { # SESSION-COMMAND
	"${T[@]}" kill-server 2>/dev/null
	printf 'set -g remain-on-exit on\nset -s escape-time 0\n' >"$W/tmux.conf"
	LANG=C.UTF-8 "${T[@]}" -u -f "$W/tmux.conf" new-session -d -s cw -x 80 -y 24 \
		"export TERM=xterm-256color LANG=C.UTF-8 NCURSES_NO_UTF8_ACS=1; $1 2>$W/stderr.\$\$" ||
		bad "tmux new-session failed"
}
pin_in() { "${T[@]}" send-keys -t cw -l -- "$TESTBED_PIN"; "${T[@]}" send-keys -t cw Enter; }

# The card's name from a card list in the user's cache (pcsc-tools' format): controls, C1, DEL and
# bidi controls in it. Drawn visibly, each is several columns wide: the status line measures the
# name as drawn, so the PIN state stays whole at 80 columns (issue 14, 9 and 11).
atr=$(python3 -c 'import json,sys; print([c for c in json.load(open(sys.argv[1]))["checks"] if c["id"]=="card"][0]["detail"]["atr"])' "$W/report.json")
mkdir -p "$W/cache"
printf '%s\n\tEvil\302\23331mRED\177\177\342\200\256\342\200\256\342\200\256\342\200\256 card\n' "$atr" >"$W/cache/smartcard_list.txt"
start "echo \$\$ >$W/tui.pid; export XDG_CACHE_HOME=$W/cache; exec $(printf '%q ' "${CW[@]}") --lang=en"
wait_for '^ +PIN' || bad "the wizard did not ask for the PIN"
wait_for 'Card: Evil' || bad "the card list's name is not on the status line"
if pane | grep -qE '^ Reader: .* \| Card: Evil.*\| PIN: [-a-z0-9 ]+$'; then
	ok "a hostile card name leaves the status line's PIN state whole"
else
	bad "the status line lost its PIN state: $(pane | sed -n 2p)"
fi
pin_in
wait_for 'All done' 20 || bad "the wizard did not finish"
"${T[@]}" send-keys -t cw t
wait_for '^ +PIN' || bad "the full test did not ask for the PIN"
pin_in
wait_for '14/14 done' 30 || bad "the full test did not finish"
pane -e >"$W/tui-table.txt"
pane >"$W/tui-table.plain"
clean "$W/tui-table.txt" "the wizard's table" --sgr
has "$W/tui-table.plain" "the table shows the label visibly (cut at the screen's edge)" '王^[[31mRED^[[0m^[]0;pwne'
# The signature certificate's detail view: its subject (cut at the screen's edge before the C1 and
# bidi controls: the clean check shows none of them reached the screen raw).
for _ in $(seq 11); do "${T[@]}" send-keys -t cw Down; done
"${T[@]}" send-keys -t cw Enter
wait_for 'Signature certificate' || bad "no detail view"
wait_for 'subject: ' || bad "the detail view shows no subject"
pane -e >"$W/tui-detail.txt"
pane >"$W/tui-detail.plain"
clean "$W/tui-detail.txt" "the wizard's detail view" --sgr
has "$W/tui-detail.plain" "the detail view shows the subject" 'CN=王\1B[31mRED'
# The same view in Chinese: the keys have Chinese names (issue 14, 5).
"${T[@]}" send-keys -t cw l
wait_for '持有者：' || bad "the Chinese detail view does not name its keys in Chinese"
if pane | grep -qE '^ +(subject|issuer|serial|not_before|not_after|days_left|sha256): '; then
	bad "the Chinese detail view shows English keys"
else
	ok "the Chinese detail view shows no English key"
fi
"${T[@]}" kill-server 2>/dev/null

# ---- the kiosk: spool and syslog ------------------------------------------------------------
# A private /dev/log as tests/kiosk/t-kiosk.sh makes it; this listener keeps the bytes raw.
old=$TESTBED_DIR/olddev
mkdir -p "$old" && mount --bind /dev "$old" && mount -t tmpfs -o mode=755 tmpfs /dev || { echo "cannot set up /dev/log"; exit 77; }
for n in null zero tty urandom random full; do touch "/dev/$n" && mount --bind "$old/$n" "/dev/$n"; done
mkdir -p /dev/pts /dev/shm && mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts /dev/pts &&
	ln -s pts/ptmx /dev/ptmx || { echo "cannot set up a private devpts"; exit 77; }
log=$W/syslog.raw
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind("/dev/log")
out = open(sys.argv[1], "ab", buffering=0)
while True: out.write(s.recv(4096).rstrip(b"\0") + b"\n")' "$log" &
listener=$!
for _ in $(seq 100); do [ -S /dev/log ] && break; sleep 0.02; done
spool=$W/spool
mkdir -m 700 -p "$spool" # the kiosk refuses a spool that does not exist
testbed-card remove >/dev/null
start "exec $(printf '%q ' "${CW[@]}") --kiosk --lang=en --spool=$spool"
wait_for "Please insert your card" || bad "no kiosk start screen"
testbed-card insert >/dev/null
wait_for "PIN" || bad "the kiosk visit did not start"
pane -e >"$W/kiosk.txt"
clean "$W/kiosk.txt" "the kiosk's screen" --sgr
testbed-card remove >/dev/null
wait_for "Please insert your card" || bad "removal did not end the visit"
for _ in $(seq 100); do [ -s "$log" ] && compgen -G "$spool/*.json" >/dev/null && break; sleep 0.05; done
n=0
for f in "$spool"/*.json; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	clean "$f" "the spool report"
	python3 -c 'import json,sys; d={c["id"]:c for c in json.load(open(sys.argv[1]))["checks"]}; assert d["token"]["detail"]["label"].startswith("王\x1b[31m")' "$f" &&
		ok "the spool report keeps the label as data" || bad "the spool report lost the label"
done
[ "$n" -ge 1 ] || bad "no spool report"
[ -s "$log" ] && clean "$log" "the syslog line" || bad "no syslog line"
"${T[@]}" kill-server 2>/dev/null
for f in "$W"/stderr.*; do
	[ -s "$f" ] && bad "the wizard or kiosk wrote on stderr: $(head -c 300 "$f")"
done
exit $fail
