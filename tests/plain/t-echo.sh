#!/usr/bin/env bash
# t-echo.sh — Ctrl-C at --plain's PIN prompt (echo off) gives the terminal back with echo on.
set -u
cd "$(dirname "$0")/../.." || exit 2
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }
if [ -z "${TESTBED_DIR:-}" ]; then exec tests/testbed/run -- "$0"; fi
sock="cw-echo-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
out="$TESTBED_DIR/echo.out"
# A plain sh (an interactive bash would restore the terminal itself after a job killed by a
# signal) that traps INT with a handler (cardwiz still gets the default), so it goes on to stty.
tm -f /dev/null new-session -d -x 80 -y 24 -s cw \
	"sh -c \"trap : INT; LANG=C.UTF-8 build/cardwiz --plain --lang=en --module '$CARDWIZ_TEST_MODULE'; stty -a > '$out'; sleep 30\""
for i in $(seq 100); do tm capture-pane -p -t cw | grep -q '^PIN:' && break; sleep 0.1; done
tm capture-pane -p -t cw | grep -q '^PIN:' || { echo "FAIL no PIN prompt"; tm capture-pane -p -t cw; exit 1; }
tm send-keys -t cw C-c
for i in $(seq 100); do [ -s "$out" ] && break; sleep 0.1; done
[ -s "$out" ] || { echo "FAIL the shell did not get the terminal back"; exit 1; }
if grep -qE '(^| )echo( |$)' "$out"; then echo "ok   echo is on again after Ctrl-C at the PIN prompt"; else echo "FAIL echo is off: $(grep -o -- '-\?echo[a-z]*' "$out" | head -3 | tr '\n' ' ')"; exit 1; fi
