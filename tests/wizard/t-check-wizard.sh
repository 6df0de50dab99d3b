#!/usr/bin/env bash
# t-check-wizard.sh — cardwiz --check-wizard: the shipped faq.yaml passes; each broken file gives exactly its
# expected FILE:LINE:COL errors and exit 2; huge, binary, endless and missing files get a clean error, never a hang.
set -u
cd "$(dirname "$0")/../.." || exit 2
cw=build/cardwiz
[ -x "$cw" ] || { echo "build/cardwiz is not built"; exit 77; }
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

# run FILE [LANG]: sets rc, out, err (every run has a deadline: a hang is a failure, not a stuck test)
run() {
	timeout 20 "$cw" --lang="${2:-en}" --check-wizard "$1" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# A good file: exit 0, one short line on stdout, nothing on stderr.
good() {
	local f=$1
	run "$f"
	if [ "$rc" = 0 ] && [ -z "$err" ] && grep -qE "^$f: [0-9]+ nodes, [0-9]+ profiles: OK\$" <<<"$out"; then
		ok "$f passes: $out"
	else
		bad "$f: exit $rc, stdout '$out', stderr: $err"
	fi
}
good wizard/faq.yaml
good tests/wizard/good-small.yaml

# The complete example of cardwiz-wizard(5) is valid as printed.
awk '/^A complete small wizard/ { on = 1; next } on && /^\.Bd -literal/ { inside = 1; next }
	inside && /^\.Ed/ { exit } inside { print }' man/cardwiz-wizard.5 >"$tmp/example.yaml"
if [ -s "$tmp/example.yaml" ] && timeout 20 "$cw" --check-wizard "$tmp/example.yaml" >/dev/null; then
	ok "the example in cardwiz-wizard(5) passes"
else
	bad "the example in cardwiz-wizard(5) does not pass"
fi

# The shipped tree is not trivially small: every check of doc/DESIGN.md §4 has a node.
for check in os service reader driver card module token pin crypt sign enc-cert sign-cert signer cert-import; do
	grep -qE "^ +check: $check\$" wizard/faq.yaml || bad "wizard/faq.yaml has no node for check $check"
done

# Each broken file: exit 2, nothing on stdout, stderr exactly as expected.
n=0
for f in tests/wizard/*.yaml; do
	case $f in tests/wizard/good-*) continue ;; esac
	exp=${f%.yaml}.expected
	[ -f "$exp" ] || { bad "$f has no ${exp##*/}"; continue; }
	run "$f"
	n=$((n + 1))
	if [ "$rc" != 2 ]; then bad "$f: exit $rc, want 2"; continue; fi
	[ -z "$out" ] || { bad "$f: stdout not empty: $out"; continue; }
	if diff -u "$exp" "$tmp/err" >"$tmp/diff"; then ok "$f ($(wc -l <"$exp") errors)"; else bad "$f:"; cat "$tmp/diff"; fi
done
[ "$n" -ge 20 ] || bad "only $n broken files"

# expect_err NAME FILE PATTERN: exit 2 and stderr matching the pattern.
expect_err() {
	run "$2"
	if [ "$rc" = 2 ] && grep -qE -- "$3" <<<"$err"; then ok "$1"; else bad "$1: exit $rc, stderr: $(head -c 300 <<<"$err")"; fi
}

# Size: exactly 1 MiB is read (here: only comments, so empty), one byte more is refused unread.
{ printf '#%.0s' $(seq 1 1023); echo; } >"$tmp/line"
for _ in $(seq 1 1024); do cat "$tmp/line"; done >"$tmp/one-mib.yaml"
[ "$(stat -c %s "$tmp/one-mib.yaml")" = 1048576 ] || bad "test file is not 1 MiB"
expect_err "1 MiB file is read" "$tmp/one-mib.yaml" "one-mib.yaml:1:1: empty file"
printf '#' >>"$tmp/one-mib.yaml"
expect_err "1 MiB + 1 byte is too large" "$tmp/one-mib.yaml" "one-mib.yaml:1:1: file is larger than 1024 KiB"
expect_err "/dev/zero is refused at once (a device)" /dev/zero "^/dev/zero:1:1: not a regular file"
expect_err "/dev/urandom is refused at once (a device)" /dev/urandom "^/dev/urandom:1:1: not a regular file"
head -c 4000 /dev/urandom >"$tmp/random.bin"
expect_err "random bytes: a clean error" "$tmp/random.bin" "random.bin:[0-9]+:[0-9]+: "

# Absurd counts and nesting, built here rather than kept as big files.
{ printf 'version: 1\nsite: ['; for _ in $(seq 1 20001); do printf 'a,a,a,a,a,'; done; printf 'a]\n'; } >"$tmp/values.yaml"
expect_err "too many YAML values" "$tmp/values.yaml" "values.yaml:2:[0-9]+: more than 100000 YAML values"
{ printf 'version: 1\nnodes:\n'; for i in $(seq 1 1001); do printf -- '- {id: n%d}\n' "$i"; done; } >"$tmp/nodes.yaml"
expect_err "too many nodes" "$tmp/nodes.yaml" "nodes.yaml:3:1: 'nodes' has 1001 entries; at most 1000"
{ printf 'a: '; for _ in $(seq 1 100000); do printf '['; done; } >"$tmp/deeper.yaml"
expect_err "100000 levels deep" "$tmp/deeper.yaml" "deeper.yaml:1:35: nested deeper than 32 levels"
{ printf 'a:\n'; for i in $(seq 1 40); do printf '%*sb:\n' "$((i * 2))" ''; done; } >"$tmp/block-deep.yaml"
expect_err "deep block mappings" "$tmp/block-deep.yaml" "nested deeper than 32 levels"

expect_err "missing file" "$tmp/no-such.yaml" "no-such.yaml:1:1: cannot read the file: No such file or directory"
expect_err "a folder" "$tmp" "not a regular file"

# Both languages: program strings through gettext.
run tests/wizard/bad-next.yaml zh_TW
if [ "$rc" = 2 ] && grep -q "bad-next.yaml:18:55: 沒有 id 為 'hepl' 的節點" <<<"$err"; then ok "errors in Chinese"; else bad "errors in Chinese: $err"; fi
run wizard/faq.yaml zh_TW
if [ "$rc" = 0 ] && grep -qE "^wizard/faq.yaml：[0-9]+ 個節點、[0-9]+ 個卡片設定：正確\$" <<<"$out"; then ok "OK line in Chinese: $out"; else bad "OK line in Chinese: $out"; fi

# A file given with --wizard is not what --check-wizard checks: the argument is.
timeout 20 "$cw" --wizard=tests/wizard/several.yaml --check-wizard wizard/faq.yaml >/dev/null 2>&1
[ $? = 0 ] && ok "--check-wizard FILE wins over --wizard" || bad "--check-wizard with --wizard"

exit $fail
