#!/usr/bin/env bash
# t-quit.sh — always able to quit: with the test bed's pcscd stopped (SIGSTOP), q, Ctrl-C and SIGTERM
# end the wizard, a kiosk station and --plain/--report within QUIT_S seconds (a deadline, not a
# sleep), the terminal is restored and no helper is left behind. Before the fix they hung until
# pcscd went on (minutes): stopping the PC/SC monitor waited on a thread stuck in pcscd.
set -u
. "$(dirname "$0")/lib.sh"

QUIT_S=3 # the promise is 1 s; a loaded 2-core CI machine gets slack, a hang (minutes) still fails

pcscd_pid() { cat "$TESTBED_DIR/pcscd.pid"; }
# freeze / thaw: pcscd stops answering (a hung service), and goes on (so the test bed tears down).
freeze() {
	trap 'thaw; tui_cleanup' EXIT
	kill -STOP "$(pcscd_pid)" || die "cannot stop pcscd"
	FROZEN=1
}
thaw() { [ "${FROZEN:-0}" = 1 ] && kill -CONT "$(pcscd_pid)"; FROZEN=0; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# quits_in_time WHAT START_MS: cardwiz in the pane ended before the deadline; says how long it took.
quits_in_time() {
	wait_exit "$QUIT_S"
	ok "$1: ended in $(($(now_ms) - $2)) ms (exit $tui_rc)"
}

# no_helper_left: no helper process survives its front end (it would hold the card).
no_helper_left() {
	local end=$(($(now_ms) + 1000))
	while pgrep -f '^cardwiz-helper' >/dev/null; do
		[ "$(now_ms)" -lt "$end" ] || { bad "a helper outlived cardwiz: $(pgrep -af '^cardwiz-helper')"; return; }
		sleep 0.05
	done
	ok "no helper left"
}

# at_steps: the wizard's step screen with no form (Esc at the PIN form), where q is the quit key.
at_steps() {
	tui_start --lang=en
	wait_for '^    PIN:'
	send Escape
	wait_for 'q quit'
}

scenario_q_busy() {
	freeze
	tui_start --lang=en
	wait_for '[◐◓◑◒]' # a check in the helper, inside pcscd; the monitor is stuck there too
	local t0; t0=$(now_ms)
	send q
	quits_in_time "q while the helper and the monitor wait on a stopped pcscd" "$t0"
	terminal_restored
	no_helper_left
}

scenario_ctrl_c_form() {
	tui_start --lang=en
	wait_for '^    PIN:'
	freeze
	local t0; t0=$(now_ms)
	send C-c # in the PIN form: q would be typed, Ctrl-C still quits
	quits_in_time "Ctrl-C at the PIN form, pcscd stopped" "$t0"
	terminal_restored
	no_helper_left
}

scenario_term_from_start() {
	freeze # before cardwiz starts: its monitor and first helper both hang in SCardEstablishContext
	tui_start --lang=en
	wait_for 'cardwiz' # drawn: the monitor thread is already inside pcscd
	local pid t0; pid=$(cardwiz_pid)
	[ -n "$pid" ] || die "no cardwiz process in the pane"
	t0=$(now_ms)
	kill -TERM "$pid"
	quits_in_time "SIGTERM, pcscd stopped since the start" "$t0"
	terminal_restored
	no_helper_left
}

scenario_kiosk_term() {
	tui_start --lang=en --kiosk
	wait_for 'Type the PIN'
	type_secret 12
	freeze
	local pid t0; pid=$(cardwiz_pid)
	send q C-c # a station ignores both
	sleep 0.3
	alive || die "q or Ctrl-C ended the station"
	t0=$(now_ms)
	kill -TERM "$pid"
	quits_in_time "kiosk: SIGTERM, pcscd stopped during a visit" "$t0"
	terminal_restored
	no_helper_left
}

# The visit ends (SIGUSR1) while pcscd is stopped: a polite stop of its helper would wait on the
# module finalising against pcscd (so it did, until a signal cut the wait short). The station
# must be back at its start screen at once, SIGTERM must end it in time, no helper outlive it.
scenario_kiosk_blocked_term() {
	tui_start --lang=en --kiosk
	wait_for 'Type the PIN'
	freeze
	local pid t0; pid=$(cardwiz_pid)
	kill -USR1 "$pid"
	wait_for 'Please remove your card' 2
	t0=$(now_ms)
	kill -TERM "$pid"
	quits_in_time "kiosk: SIGTERM after a visit ended with pcscd stopped" "$t0"
	terminal_restored
	no_helper_left
}

# The quit deadline, the last resort: the UI thread blocked where nothing else cuts it off — here
# writing the screen to a terminal stopped with Ctrl-S (XOFF; a Ctrl-C typed would restart it, a
# SIGTERM does not). SIGTERM must still end the wizard in time with the terminal restored.
scenario_xoff_term() {
	at_steps
	send C-s
	send l # a redraw: its write now blocks (sooner or later: a SIGTERM first takes the usual way)
	sleep 0.5
	alive || die "cardwiz ended on Ctrl-S"
	local pid t0; pid=$(cardwiz_pid)
	t0=$(now_ms)
	kill -TERM "$pid"
	quits_in_time "SIGTERM with the output stopped (Ctrl-S)" "$t0"
	terminal_restored
	no_helper_left
}

scenario_plain_ctrl_c() {
	freeze
	tui_start --lang=en --plain
	wait_for 'Operating system' # the next check is in the helper, in pcscd
	local t0; t0=$(now_ms)
	send C-c # the terminal's SIGINT, to cardwiz and its helper (--plain keeps the default action)
	quits_in_time "--plain: Ctrl-C, pcscd stopped" "$t0"
	[ "$tui_rc" = 130 ] && ok "--plain: killed by SIGINT" || bad "--plain: exit $tui_rc after Ctrl-C, want 130"
	terminal_restored
	no_helper_left
}

scenario_report_term() {
	freeze
	"$CARDWIZ" --report --module "$CARDWIZ_TEST_MODULE" >/dev/null 2>&1 &
	local pid=$! end t0
	end=$(($(now_ms) + 5000))
	until pgrep -P "$pid" >/dev/null; do # its helper started (and waits on pcscd)
		[ "$(now_ms)" -lt "$end" ] || die "--report started no helper"
		sleep 0.05
	done
	t0=$(now_ms)
	kill -TERM "$pid"
	end=$((t0 + QUIT_S * 1000))
	while kill -0 "$pid" 2>/dev/null; do
		[ "$(now_ms)" -lt "$end" ] || { bad "--report did not end within ${QUIT_S}s of SIGTERM"; kill -KILL "$pid"; break; }
		sleep 0.05
	done
	kill -0 "$pid" 2>/dev/null || ok "--report: ended $(($(now_ms) - t0)) ms after SIGTERM"
	wait "$pid" 2>/dev/null
	no_helper_left
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios q_busy: ctrl_c_form: term_from_start: kiosk_term: kiosk_blocked_term: xoff_term: plain_ctrl_c: report_term:
