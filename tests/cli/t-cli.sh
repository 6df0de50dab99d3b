#!/usr/bin/env bash
# t-cli.sh — the command line as a user meets it: --version, --help, bad options, modes not yet built.
set -u
cd "$(dirname "$0")/../.." || exit 2
cw=build/cardwiz
fail=0
expect() { # expect DESCRIPTION WANT_RC [pattern-in-stdout|-] [pattern-in-stderr|-] -- ARGS...
	local what=$1 want=$2 out_pat=$3 err_pat=$4; shift 5
	local out err rc
	out=$("$cw" "$@" 2>/tmp/cw-cli-err.$$); rc=$?
	err=$(cat /tmp/cw-cli-err.$$); rm -f /tmp/cw-cli-err.$$
	if [ "$rc" != "$want" ]; then echo "FAIL $what: exit $rc, want $want"; fail=1; return; fi
	if [ "$out_pat" != - ] && ! grep -qE -- "$out_pat" <<<"$out"; then echo "FAIL $what: stdout lacks /$out_pat/: $out"; fail=1; return; fi
	if [ "$err_pat" != - ] && ! grep -qE -- "$err_pat" <<<"$err"; then echo "FAIL $what: stderr lacks /$err_pat/: $err"; fail=1; return; fi
	echo "ok   $what"
}
version=$(make -s --no-print-directory version) # debian/changelog's, as the Makefile reads it
expect "--version" 0 "^cardwiz $version\$" - -- --version
expect "-V" 0 "^cardwiz $version\$" - -- -V
expect "--help on stdout" 0 "^Usage: cardwiz" - -- --help
expect "--help lists --report" 0 "--report" - -- --help
expect "unknown option" 2 - "^cardwiz: unknown option '--nonsense'" -- --nonsense
expect "usage after error" 2 - "^Usage: cardwiz" -- --nonsense
expect "bad --format" 2 - "--format takes text or json" -- --report --format=xml
expect "bad --lang" 2 - "--lang takes zh_TW or en" -- --lang=fr
expect "two modes" 2 - "cannot be combined" -- --report --plain
expect "missing value" 2 - "needs a value" -- --module
expect "stray argument" 2 - "unexpected argument" -- extra
expect "help in Chinese" 0 "^用法：cardwiz" - -- --lang=zh_TW --help
expect "error in Chinese" 2 - "未知的選項" -- --lang=zh_TW --bogus
# LANG=zh_TW.UTF-8 on a machine without that locale still gives Chinese (doc/FIELD-NOTES.md).
out=$(env -u LC_ALL -u LC_MESSAGES LANG=zh_TW.UTF-8 "$cw" --help)
if grep -q '^用法' <<<"$out"; then echo "ok   LANG=zh_TW.UTF-8 without the locale"; else echo "FAIL LANG=zh_TW.UTF-8: $out" | head -3; fail=1; fi
out=$(env -u LC_ALL -u LC_MESSAGES LANG=C "$cw" --help)
if grep -q '^Usage' <<<"$out"; then echo "ok   LANG=C is English"; else echo "FAIL LANG=C"; fail=1; fi
# The man page documents every option --help lists.
man_text=$(MANWIDTH=200 man -l man/cardwiz.1 2>/dev/null | col -b)
[ -n "$man_text" ] || { echo "FAIL man -l man/cardwiz.1 printed nothing"; fail=1; }
for opt in $("$cw" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	if grep -qF -- "$opt" <<<"$man_text"; then :; else echo "FAIL man/cardwiz.1 lacks $opt"; fail=1; fi
done
[ "$fail" = 1 ] || echo "ok   man page lists every option of --help"
exit $fail
