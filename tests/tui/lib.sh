# shellcheck shell=bash
# lib.sh — the screen-test harness: cardwiz in a tmux pane of exactly 80x24 inside the test bed,
# keys sent with send-keys, screens read with capture-pane and diffed against expected text.
# Sourced by tests/tui/t-*.sh; see tests/tui/README.md.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
TB="$ROOT/tests/testbed/run"
CARDWIZ=${TUI_CARDWIZ:-$ROOT/build/cardwiz} # TUI_CARDWIZ: another build to drive (README.md)
fail=0

# The tmux server's socket name: the outer test's pid (unique on the host; a pid inside the test
# bed's PID namespace is not), on a private socket, never the default server.
TUI_ID=${TUI_ID:-$$}
export TUI_ID
TUI_SOCK="cw-$TUI_ID"
TUI_DEFAULT_TIMEOUT=${TUI_DEFAULT_TIMEOUT:-10}
TUI_SECRETS=()

tm() { tmux -L "$TUI_SOCK" "$@"; }

# ---- outside the test bed ---------------------------------------------------------------------

skip() { echo "$*"; exit 77; }

need_tools() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	[ -x "$CARDWIZ" ] || skip "$CARDWIZ is missing (make all)"
	[ -x "$ROOT/build/vcard" ] && [ -x "$ROOT/build/pcsc-wait" ] || skip "build/vcard or build/pcsc-wait is missing (make build/vcard build/pcsc-wait)"
}

# run_scenarios NAME:TESTBED-OPTIONS...: outside the test bed, run this script once per scenario
# inside its own test bed (options separated by commas; @log is replaced by a temp file name);
# inside, the script's scenario_NAME function runs with the tmux session its own.
run_scenarios() {
	need_tools
	local spec name opts start rc
	for spec in "$@"; do
		name=${spec%%:*}
		opts=${spec#*:}
		[ "$opts" = "$spec" ] && opts=""
		[ -z "${TUI_ONLY:-}" ] || [ "$TUI_ONLY" = "$name" ] || continue
		echo "--- $name ($opts)"
		local args=()
		[ -n "$opts" ] && IFS=, read -r -a args <<<"$opts"
		local log; log=$(mktemp)
		args=("${args[@]//@log/$log}")
		start=$(date +%s%N)
		"$TB" "${args[@]}" -- "$0" "$name"
		rc=$?
		echo "    ($name: $((($(date +%s%N) - start) / 1000000)) ms)"
		[ "$rc" = 0 ] || { echo "FAIL scenario $name (exit $rc)"; fail=1; }
		rm -f "$log"
	done
	exit $fail
}

# ---- inside the test bed ----------------------------------------------------------------------

tui_cleanup() {
	tm kill-server 2>/dev/null
	return 0
}

# in_scenario NAME: called by a test script with its scenario's name (the script's first argument).
# Outside the test bed (`t-x.sh NAME` by hand) it only picks that scenario for run_scenarios.
in_scenario() {
	declare -F "scenario_$1" >/dev/null || { echo "no scenario $1"; exit 2; }
	if [ -z "${TESTBED_DIR:-}" ]; then
		TUI_ONLY=$1
		return 0
	fi
	trap tui_cleanup EXIT
	trap 'exit 130' INT TERM
	TUI_WORK="$TESTBED_DIR/tui"
	mkdir -p "$TUI_WORK"
	# The socket lives in the test bed's temp dir: gone with it (tmux leaves its socket file).
	export TMUX_TMPDIR="$TUI_WORK"
	TUI_CAPTURES="$TUI_WORK/captures.log"
	: >"$TUI_CAPTURES"
	"scenario_$1"
	tui_stop
	no_secret_on_screen
	exit $fail
}

ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
# die MESSAGE: the scenario cannot go on (what followed would fail for the wrong reason).
die() { echo "FAIL $*"; echo "---- screen:"; screen | sed 's/^/    |/'; exit 1; }

# secret STRING...: strings (PIN, PUK) that must never be in any screen captured in this scenario.
secret() { TUI_SECRETS+=("$@"); }

# tui_start [--size=WxH] [VAR=VALUE...] [CARDWIZ-ARGS...]: start cardwiz in a fresh tmux server
# (private socket) in a pane of exactly WxH (80x24), TERM=xterm-256color, LANG=C.UTF-8, no SSH,
# --module $CARDWIZ_TEST_MODULE (unless TUI_NO_MODULE=1). VAR=VALUE words set the environment
# (TERM=vt100, LANG=zh_TW.UTF-8, NO_COLOR=1 ...; VAR= unsets). Waits until the pane is WxH.
tui_start() {
	local size=80x24 envs=() args=()
	while [ $# -gt 0 ]; do
		case $1 in
		--size=*) size=${1#--size=} ;;
		[A-Z_]*=*) envs+=("$1") ;;
		*) break ;;
		esac
		shift
	done
	args=("$@")
	[ "${TUI_NO_MODULE:-0}" = 1 ] || args=(--module "$CARDWIZ_TEST_MODULE" "${args[@]}")
	TUI_COLS=${size%x*} TUI_ROWS=${size#*x}
	tui_stop
	rm -f "$TUI_WORK/rc" "$TUI_WORK/stty" "$TUI_WORK/screen-modes"
	local cmd="$TUI_WORK/cmd.sh" conf="$TUI_WORK/tmux.conf" e
	mkdir -p "$TUI_WORK/cwd"
	{
		echo "cd $(printf %q "$TUI_WORK/cwd") || exit 99"
		echo "unset LC_ALL LC_MESSAGES LC_CTYPE LANGUAGE NO_COLOR SSH_CONNECTION SSH_TTY SSH_CLIENT TMUX TMUX_PANE COLUMNS LINES"
		# ncurses draws lines with the UTF-8 box characters, not the VT100 alternate charset, so a
		# captured screen shows the ─ the user sees (capture-pane prints an ACS line as "qqqq").
		echo "export TERM=xterm-256color LANG=C.UTF-8 NCURSES_NO_UTF8_ACS=1"
		for e in "${envs[@]}"; do
			if [ -z "${e#*=}" ]; then echo "unset ${e%%=*}"; else echo "export ${e%%=*}=$(printf %q "${e#*=}")"; fi
		done
		# A trap (not an ignore: cardwiz gets the default back) keeps this shell going when Ctrl-C
		# ends a cardwiz that does not catch it (--plain), so that what follows still runs.
		echo "trap : INT"
		printf '%q' "$CARDWIZ"
		printf ' %q' "${args[@]}"
		echo
		# The exit status (128+N for a signal) for wait_exit; the pane stays (remain-on-exit). Before
		# it, the terminal as cardwiz left it, for terminal_restored: its modes, and tmux's view of
		# the pane while it is alive (a dead pane's cursor reads as hidden); tmux may still be
		# reading cardwiz's last bytes, hence the short wait for the expected answer.
		echo "rc=\$?; stty -a >$(printf %q "$TUI_WORK/stty") 2>&1"
		echo "for i in \$(seq 20); do m=\$(TMUX_TMPDIR=$(printf %q "$TMUX_TMPDIR") tmux -L $TUI_SOCK display -p -t cw '#{alternate_on} #{cursor_flag}'); [ \"\$m\" = '0 1' ] && break; sleep 0.05; done"
		echo "echo \"\$m\" >$(printf %q "$TUI_WORK/screen-modes")"
		echo "echo \$rc >$(printf %q "$TUI_WORK/rc"); exit \$rc"
	} >"$cmd"
	cat >"$conf" <<-EOF
		set -g status off
		set -g remain-on-exit on
		set -g default-size $size
		set -g history-limit 0
		set -s escape-time 0
	EOF
	unset TMUX
	# tmux itself needs a UTF-8 locale (-u) to keep wide and box characters in its grid.
	LANG=C.UTF-8 tm -u -f "$conf" new-session -d -s cw -x "$TUI_COLS" -y "$TUI_ROWS" "bash $(printf %q "$cmd")" ||
		die "tmux new-session failed"
	# window-size manual in the config file makes tmux 3.3a's server exit at new-session: set here.
	tm set -g window-size manual
	tm resize-window -t cw -x "$TUI_COLS" -y "$TUI_ROWS" 2>/dev/null
	local got
	got=$(tm display -p -t cw '#{window_width}x#{window_height}')
	[ "$got" = "$size" ] || die "the tmux window is $got, not $size"
	got=$(tm display -p -t cw '#{pane_width}x#{pane_height}')
	[ "$got" = "$size" ] || die "the tmux pane is $got, not $size"
}

# tui_stop: end the tmux server (and cardwiz with it) if it runs.
tui_stop() { tm kill-server 2>/dev/null; return 0; }

# resize W H: the window (and the pane) to W x H; cardwiz gets SIGWINCH.
resize() {
	tm resize-window -t cw -x "$1" -y "$2" || die "resize-window failed"
	TUI_COLS=$1 TUI_ROWS=$2
	local got; got=$(tm display -p -t cw '#{pane_width}x#{pane_height}')
	[ "$got" = "$1x$2" ] || die "the pane is $got after resize, not $1x$2"
}

# send KEYS...: tmux send-keys (key names as tmux knows them: Enter Escape Tab BTab Up Down Left
# Right PPage NPage, or literal strings: use send_text for text that could look like a key name).
send() { tm send-keys -t cw "$@"; }
# send_text STRING: literal characters (a PIN, a path).
send_text() { tm send-keys -t cw -l -- "$1"; }

# screen: the pane as text (24 lines); screen_escapes: with the colour/attribute sequences (-e).
# Every capture is kept in the scenario's capture log, which is searched for secrets at the end.
screen() { tm capture-pane -p -t cw | tee -a "$TUI_CAPTURES"; }
screen_escapes() { tm capture-pane -p -e -t cw | tee -a "$TUI_CAPTURES"; }

# normalise: what varies between runs and machines becomes a fixed word; exactly $TUI_ROWS lines.
normalise() {
	sed -E \
		-e 's/#[0-9a-f]{4,16}\>/#SERIAL/g' \
		-e 's|/tmp/cardwiz-testbed\.[A-Za-z0-9]+/|/TESTBED/|g' \
		-e 's|/usr/lib[^ ]*|/usr/lib/MODULE|g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}/YYYY-MM-DD/g' \
		-e 's/[0-9]{8}-[0-9]{6}/YYYYMMDD-HHMMSS/g' \
		-e 's/[◐◓◑◒]/@/g' \
		-e 's/^( 1 +(Operating system|作業系統) .*  (✓|✗|!|\?|\+|x) +)[^ ].*$/\1OS/' \
		-e 's/ +$//' |
		awk -v n="${TUI_ROWS:-24}" '{ print } END { for (i = NR; i < n; i++) print "" }'
}

# wait_for REGEX [TIMEOUT]: poll the screen every 50 ms until a line matches the extended REGEX;
# on timeout the scenario fails with the screen shown (what follows would be meaningless).
wait_for() {
	local re=$1 timeout=${2:-$TUI_DEFAULT_TIMEOUT} end s
	end=$(($(date +%s%N) + timeout * 1000000000))
	while :; do
		s=$(tm capture-pane -p -t cw 2>/dev/null)
		if grep -qE -- "$re" <<<"$s"; then
			printf '%s\n' "$s" >>"$TUI_CAPTURES"
			return 0
		fi
		[ "$(date +%s%N)" -lt "$end" ] || break
		sleep 0.05
	done
	printf '%s\n' "$s" >>"$TUI_CAPTURES"
	die "wait_for /$re/: not on screen after ${timeout}s"
}

# wait_gone REGEX [TIMEOUT]: until no line matches.
wait_gone() {
	local re=$1 timeout=${2:-$TUI_DEFAULT_TIMEOUT} end s
	end=$(($(date +%s%N) + timeout * 1000000000))
	while :; do
		s=$(tm capture-pane -p -t cw 2>/dev/null)
		grep -qE -- "$re" <<<"$s" || return 0
		[ "$(date +%s%N)" -lt "$end" ] || break
		sleep 0.05
	done
	die "wait_gone /$re/: still on screen after ${timeout}s"
}

# expect_screen NAME [TIMEOUT] <<'EOF' ... EOF: the normalised screen (every line) equals the text
# given. A line of the expected text that is exactly ~~ matches any line (used only where a known
# defect makes the right text unknowable; a separate assertion names the defect). Waits up to
# TIMEOUT (5 s) for the screen to match (it may still be filling in), then prints the diff and the
# whole screen as seen, ready to paste, and marks the test failed. With TUI_REGEN=FILE set, the
# seen screens are appended to FILE under "=== NAME" instead (see README.md), and nothing fails.
expect_screen() {
	local name=$1 timeout=${2:-5} want got end
	want=$(normalise)
	end=$(($(date +%s%N) + timeout * 1000000000))
	while :; do
		got=$(tm capture-pane -p -t cw | normalise)
		[ "$(mask "$got" "$want")" = "$want" ] && break
		[ -z "${TUI_REGEN:-}" ] || break
		[ "$(date +%s%N)" -lt "$end" ] || break
		sleep 0.05
	done
	printf '%s\n' "$got" >>"$TUI_CAPTURES"
	if [ -n "${TUI_REGEN:-}" ]; then
		{ echo "=== $name"; printf '%s\n' "$got"; } >>"$TUI_REGEN"
		echo "regen screen $name"
		return 0
	fi
	if [ "$(mask "$got" "$want")" = "$want" ]; then
		ok "screen $name"
		return 0
	fi
	bad "screen $name differs (--- expected, +++ seen)"
	diff -u <(printf '%s\n' "$want") <(mask "$got" "$want") | tail -n +3 | sed 's/^/    /'
	echo "    ---- seen (normalised), to paste as the expected screen:"
	printf '%s\n' "$got" | sed 's/^/    |/'
	return 1
}

# mask GOT WANT: GOT with each line where WANT has ~~ replaced by ~~.
mask() {
	awk 'NR == FNR { w[FNR] = $0; next } { print (w[FNR] == "~~" ? "~~" : $0) }' <(printf '%s\n' "$2") <(printf '%s\n' "$1")
}

# on_screen REGEX MESSAGE / not_on_screen REGEX MESSAGE: one assertion about the current screen.
on_screen() {
	if screen | grep -qE -- "$1"; then ok "$2"; else bad "$2: /$1/ not on screen"; screen | sed 's/^/    |/'; fi
}
not_on_screen() {
	if screen | grep -qE -- "$1"; then bad "$2: /$1/ is on screen"; screen | sed 's/^/    |/'; else ok "$2"; fi
}

# wait_exit [TIMEOUT]: until cardwiz has ended; its exit status (128+N: killed by signal N) in $tui_rc.
wait_exit() {
	local timeout=${1:-$TUI_DEFAULT_TIMEOUT} end
	end=$(($(date +%s%N) + timeout * 1000000000))
	while [ ! -s "$TUI_WORK/rc" ]; do
		[ "$(date +%s%N)" -lt "$end" ] || die "cardwiz did not end within ${timeout}s"
		sleep 0.05
	done
	tui_rc=$(cat "$TUI_WORK/rc")
}

# terminal_restored: after wait_exit, the terminal is as a shell wants it: echo and line editing
# on (stty, run in the pane right after cardwiz), the main screen back and the cursor shown (tmux).
terminal_restored() {
	local modes screen_modes
	modes=$(cat "$TUI_WORK/stty" 2>/dev/null)
	screen_modes=$(cat "$TUI_WORK/screen-modes" 2>/dev/null)
	if grep -qw -- '-echo' <<<"$modes" || grep -qw -- '-icanon' <<<"$modes" || ! grep -qw icanon <<<"$modes"; then
		bad "the terminal was left in cardwiz's modes: $(grep -oE -- '-?(echo|icanon|isig)\>' <<<"$modes" | tr '\n' ' ')"
	elif [ "$screen_modes" != "0 1" ]; then
		bad "the pane was left on cardwiz's screen or with the cursor hidden (alternate_on cursor_flag: $screen_modes)"
	else
		ok "terminal restored (echo, icanon, main screen, cursor)"
	fi
}

# cardwiz_pid: the pid of cardwiz in the pane (the pane's shell runs it as its child).
cardwiz_pid() { pgrep -P "$(tm display -p -t cw '#{pane_pid}')" -x cardwiz | head -n 1; }

# alive: cardwiz still runs (no crash, no exit).
alive() { [ ! -e "$TUI_WORK/rc" ] && [ "$(tm display -p -t cw '#{pane_dead}' 2>/dev/null)" = 0 ]; }

# no_secret_on_screen: none of the secrets given with `secret` was ever in a captured screen.
no_secret_on_screen() {
	local s
	[ ${#TUI_SECRETS[@]} -gt 0 ] || return 0
	for s in "${TUI_SECRETS[@]}"; do
		if grep -qF -- "$s" "$TUI_CAPTURES"; then
			bad "a secret ($(printf '%s' "$s" | sed 's/./x/g')) was on a captured screen:"
			grep -nF -- "$s" "$TUI_CAPTURES" | head -n 5 | sed 's/^/    /'
		fi
	done
	ok "no PIN or PUK in any of $(wc -l <"$TUI_CAPTURES") captured lines"
}

# type_secret STRING: type a PIN/PUK into the masked field and check it shows as one * per character.
type_secret() {
	secret "$1"
	send_text "$1"
	wait_for ": +\\*{${#1}}( |$)" 5
}

# clear_field [N]: N (60) backspaces: empties a plain field (the default file name of a form).
clear_field() {
	local keys=() i
	for ((i = 0; i < ${1:-60}; i++)); do keys+=(BSpace); done
	send "${keys[@]}"
	wait_for '(Save to file|存到檔案): *$' 5
}

# colour_sgr TEXT: prints the SGR colour parameters (30-37 40-47 90-97 100-107 38;… 48;…) in TEXT
# (a capture-pane -e screen); 39 and 49 (the default colours) are not colours.
colour_sgr() {
	grep -oE $'\e\\[[0-9;:]*m' <<<"$1" | tr -d '\033[m' | tr ';:' '\n\n' |
		grep -xE '3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48' | sort -u | tr '\n' ' '
}

# non_ascii TEXT: the lines of TEXT holding a byte outside printable ASCII (escape sequences of a
# -e capture removed first; SO/SI, the VT100 line-drawing shift, count as non-ASCII).
non_ascii() {
	sed -E $'s/\e\\[[0-9;:]*[A-Za-z]//g' <<<"$1" | LC_ALL=C grep -nP '[^\x20-\x7e]' | head -n 5
}

# lock_card: three wrong logins with OpenSC's own tool (not cardwiz): the card's PIN is locked.
lock_card() {
	local i
	for i in 1 2 3; do
		pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin 000000 -O >/dev/null 2>&1
	done
	pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin 000000 -O 2>&1 | grep -q CKR_PIN_LOCKED ||
		die "the test bed's card did not lock after three wrong PINs"
}
