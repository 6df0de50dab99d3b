# tmux.sh — drive the ncurses wizard in tmux on a private socket, for tests/faults and tests/secrets.
# Sourced inside a test bed (tests/testbed/run). A small, fixed subset of what tests/tui/lib.sh does
# (that harness diffs whole screens; these tests only wait for a line and time it), so that these
# tests do not move when the screen tests do. Never the default tmux server: -L cw-PID-fault.

# The outer test's pid, not one from inside the test bed's PID namespace (those repeat).
TM_SOCK="cw-${TM_ID:-$$}-${RANDOM}"
TM_WORK=${TM_WORK:-$TESTBED_DIR/tmux}
mkdir -p "$TM_WORK"

tm() { tmux -L "$TM_SOCK" "$@"; }

# tm_start [ENV=VALUE...] -- CARDWIZ-ARGS...: cardwiz (--lang=en, --module of the test bed) in an
# 80x30 pane; its stderr goes to $TM_WORK/stderr, its exit status to $TM_WORK/rc. cardwiz's pid
# is in $TM_PID once it runs (the shell in the pane execs nothing else).
tm_start() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	[ "${1:-}" = -- ] && shift
	rm -f "$TM_WORK/rc" "$TM_WORK/pid"
	: >"$TM_WORK/stderr"
	{
		echo "unset SSH_CONNECTION SSH_TTY SSH_CLIENT TMUX TMUX_PANE LC_ALL LANGUAGE TESTBED_PIN TESTBED_PUK"
		echo "export TERM=xterm-256color LANG=C.UTF-8 NCURSES_NO_UTF8_ACS=1"
		local e
		for e in "${envs[@]}"; do echo "export $(printf %q "$e")"; done
		echo "cd $(printf %q "$TM_WORK") || exit 99" # files the wizard saves land here
		echo "echo \$\$ >$(printf %q "$TM_WORK/pid")"
		printf 'exec %q --lang=en --module %q' "$ROOT/build/cardwiz" "$CARDWIZ_TEST_MODULE"
		[ $# -eq 0 ] || printf ' %q' "$@"
		printf ' 2>%q\n' "$TM_WORK/stderr"
	} >"$TM_WORK/cmd.sh"
	# The pane's shell records cardwiz's status when it ends (remain-on-exit keeps the pane).
	printf 'bash %q; echo $? >%q\n' "$TM_WORK/cmd.sh" "$TM_WORK/rc" >"$TM_WORK/outer.sh"
	printf 'set -g status off\nset -g remain-on-exit on\nset -s escape-time 0\n' >"$TM_WORK/tmux.conf"
	LANG=C.UTF-8 tm -u -f "$TM_WORK/tmux.conf" new-session -d -s cw -x 80 -y 30 "bash $(printf %q "$TM_WORK/outer.sh")" ||
		return 1
	local i
	for i in $(seq 200); do [ -s "$TM_WORK/pid" ] && break; sleep 0.01; done
	# cmd.sh's shell is cardwiz after exec.
	TM_PID=$(cat "$TM_WORK/pid" 2>/dev/null)
}

tm_stop() { tm kill-server 2>/dev/null; return 0; }
tm_screen() { tm capture-pane -p -t cw 2>/dev/null; }
tm_keys() { tm send-keys -t cw "$@"; }
tm_text() { tm send-keys -t cw -l -- "$1"; }

# tm_wait REGEX [SECONDS]: poll every 20 ms until a screen line matches; 1 on timeout. The screen
# seen last is in $TM_SEEN; every screen waited for is kept in $TM_WORK/screens (for secret checks).
tm_wait() {
	local re=$1 end=$(($(date +%s%N) + ${2:-10} * 1000000000))
	while :; do
		TM_SEEN=$(tm_screen)
		if grep -qE -- "$re" <<<"$TM_SEEN"; then
			printf '%s\n' "$TM_SEEN" >>"$TM_WORK/screens"
			return 0
		fi
		[ "$(date +%s%N)" -lt "$end" ] || break
		sleep 0.02
	done
	printf '%s\n' "$TM_SEEN" >>"$TM_WORK/screens"
	return 1
}

# tm_action LABEL: press the number of the step's action button "[N LABEL]".
tm_action() {
	local n
	n=$(tm_screen | grep -oE "\[[1-9] $1\]" | head -n 1 | cut -c2)
	[ -n "$n" ] || return 1
	tm_keys "$n"
}

# tm_quit [SECONDS]: q, then wait for cardwiz to end; its exit status in $TM_RC (empty: still runs).
tm_quit() {
	tm_keys q
	local end=$(($(date +%s%N) + ${1:-10} * 1000000000))
	while [ ! -s "$TM_WORK/rc" ] && [ "$(date +%s%N)" -lt "$end" ]; do sleep 0.02; done
	TM_RC=$(cat "$TM_WORK/rc" 2>/dev/null)
}

# lock_card_with_opensc: three wrong logins with pkcs11-tool (not cardwiz): the PIN is locked.
lock_card_with_opensc() {
	local i
	for i in 1 2 3; do
		pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin "${1:-000000}" -O >/dev/null 2>&1
	done
	pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin "${1:-000000}" -O 2>&1 | grep -q CKR_PIN_LOCKED
}
