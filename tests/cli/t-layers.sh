#!/usr/bin/env bash
# t-layers.sh — the layers call only down (ui -> engine -> helper -> probe -> core), read from the objects with nm.
# Every undefined symbol of build/obj/src/LAYER/*.o that another cardwiz object defines must sit in the
# same layer or one below; src/main.c and src/cli.c sit on top. Also: nothing below ui touches curses, and
# core does no I/O beyond files (no PC/SC, PKCS#11, sockets, processes or threads). doc/DESIGN.md says why.
# Objects come from `make all` (make check builds them first); an object older than its source fails.
set -u
cd "$(dirname "$0")/../.." || exit 2
obj=${LAYERS_OBJ:-build/obj}

# Calls that point up today, by file and exact symbols; the test fails when one is no longer made.
allow=(
)

rank() { # the layer's height: a call may go to the same height or lower
	case $1 in
	src/main.c | src/cli.c) echo 5 ;;
	src/ui/*) echo 4 ;;
	src/engine/*) echo 3 ;;
	src/helper/*) echo 2 ;;
	src/probe/*) echo 1 ;;
	src/core/*) echo 0 ;;
	*) echo -1 ;;
	esac
}

fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/defs"
: >"$tmp/uses"
nsrc=0
for src in src/*.c src/*/*.c; do
	r=$(rank "$src")
	if [ "$r" -lt 0 ]; then
		echo "FAIL $src: a folder with no place in the layer order (name it in t-layers.sh and doc/DESIGN.md)"
		fail=1
		continue
	fi
	o=$obj/${src%.c}.o
	if [ ! -f "$o" ] || [ "$o" -ot "$src" ]; then
		echo "FAIL $o missing or older than $src: run make all first"
		fail=1
		continue
	fi
	nsrc=$((nsrc + 1))
	nm -g --defined-only "$o" | awk -v f="$src" -v r="$r" 'NF == 3 { print $3, f, r }' >>"$tmp/defs"
	nm -u "$o" | awk -v f="$src" -v r="$r" '{ print $NF, f, r }' >>"$tmp/uses"
done
[ "$nsrc" -gt 0 ] || { echo "FAIL no object found under $obj"; exit 1; }

# Every call between cardwiz's own files that goes up: "caller symbol callee".
awk 'NR == FNR { def[$1] = $2; rk[$1] = $3; next }
	($1 in def) && rk[$1] > $3 { print $2, $1, def[$1] }' "$tmp/defs" "$tmp/uses" | sort -u >"$tmp/up"

# Take the allowed ones out; an allowed call that is no longer made is stale.
for line in "${allow[@]}"; do
	read -r file syms <<<"$line"
	for s in $syms; do
		if grep -q "^$file $s " "$tmp/up"; then
			grep -v "^$file $s " "$tmp/up" >"$tmp/up2"
			mv "$tmp/up2" "$tmp/up"
		else
			echo "FAIL stale exception: $file no longer calls $s upward; delete it from t-layers.sh"
			fail=1
		fi
	done
done
if [ -s "$tmp/up" ]; then
	echo "FAIL calls that point up (caller, symbol, where it is defined):"
	sed 's/^/     /' "$tmp/up"
	echo "     move the pure part down (see doc/DESIGN.md, Layers) or turn the call around"
	fail=1
fi

# Curses only in ui (and the top): the engine answers tests and --report without a terminal.
curses='^(initscr|endwin|newterm|newwin|delwin|wrefresh|wnoutrefresh|doupdate|wgetch|keypad|start_color|init_pair|new_form|new_panel|mvwprintw|waddnstr|wattr_on)$'
awk -v re="$curses" '$3 < 4 && $1 ~ re { print $2, $1 }' "$tmp/uses" | sort -u >"$tmp/curses"
if [ -s "$tmp/curses" ]; then
	echo "FAIL curses below ui:"; sed 's/^/     /' "$tmp/curses"; fail=1
fi
if grep -lE '^#include <(n?curses|ncursesw/[a-z]+|form|panel)\.h>' src/core/*.c src/probe/*.c src/helper/*.c src/engine/*.c 2>/dev/null; then
	echo "FAIL the files above include curses below ui"; fail=1
fi

# Core is pure: files are its only I/O.
io='^(SCard[A-Za-z]+|PKCS11_[A-Za-z_]+|C_[A-Z][A-Za-z]+|socket|socketpair|connect|accept|fork|execv|execve|execvp|dlopen|kill|waitpid|poll|pthread_create)$'
awk -v re="$io" '$3 == 0 && $1 ~ re { print $2, $1 }' "$tmp/uses" | sort -u >"$tmp/io"
if [ -s "$tmp/io" ]; then
	echo "FAIL core does more than file I/O:"; sed 's/^/     /' "$tmp/io"; fail=1
fi

[ "$fail" = 0 ] && echo "ok   $nsrc objects: every call points down (ui -> engine -> helper -> probe -> core), ${#allow[@]} temporary exception(s)"
exit $fail
