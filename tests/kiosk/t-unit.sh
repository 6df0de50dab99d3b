#!/usr/bin/env bash
# t-unit.sh — the systemd unit example passes systemd-analyze verify (a copy whose ExecStart is the built binary).
set -u
cd "$(dirname "$0")/../.." || exit 2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|^ExecStart=.*|ExecStart=$PWD/build/cardwiz --kiosk --spool=/var/lib/cardwiz/spool|" \
	man/examples/cardwiz-kiosk.service >"$tmp/cardwiz-kiosk.service"
grep -q "^ExecStart=$PWD/build/cardwiz --kiosk" "$tmp/cardwiz-kiosk.service" || { echo "FAIL no ExecStart to replace"; exit 1; }
# Its Documentation= names man:cardwiz(1): verify runs man for it, so give man the built page.
mkdir -p "$tmp/man/man1"
cp man/cardwiz.1 "$tmp/man/man1/"
if MANPATH="$tmp/man" systemd-analyze verify "$tmp/cardwiz-kiosk.service"; then echo "ok   systemd-analyze verify"; else echo "FAIL systemd-analyze verify"; exit 1; fi
