#!/usr/bin/env bash
# t-site.sh — a site file (cardwiz-wizard(5)) is laid over the packaged tree: the 0.1 release's
# site file still loads (good-site-0.1.yaml, kept unchanged), its settings and profiles reach the
# checks and the helper on the test bed, and a tree that does not load is named, never looped on.
set -u
cd "$(dirname "$0")/../.." || exit 2
cw=build/cardwiz
[ -x "$cw" ] || { echo "build/cardwiz is not built"; exit 77; }
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

# counts FILE: "NODES PROFILES" from --check-wizard's OK line.
counts() { timeout 20 "$cw" --lang=en --check-wizard "$1" 2>&1 | sed -nE 's/.*: ([0-9]+) nodes, ([0-9]+) profiles: OK$/\1 \2/p'; }
read -r tree_nodes tree_profiles <<<"$(counts wizard/faq.yaml)"
[ -n "${tree_profiles:-}" ] || { bad "wizard/faq.yaml does not pass --check-wizard"; exit 1; }

# The previous release's site file: the whole tree, its three profiles (one replaced) and one more.
got=$(counts tests/wizard/good-site-0.1.yaml)
[ "$got" = "$tree_nodes $((tree_profiles + 1))" ] && ok "the 0.1 site file loads over the tree: $got" ||
	bad "the 0.1 site file: '$got', want '$tree_nodes $((tree_profiles + 1))'"
# The shipped /etc/cardwiz/site.yaml sets nothing: the packaged tree as it is.
got=$(counts wizard/site.yaml)
[ "$got" = "$tree_nodes $tree_profiles" ] && ok "the shipped site file passes and changes no count" ||
	bad "wizard/site.yaml: '$got'"
grep -qE '^site_version: 1$' wizard/site.yaml && grep -qE '^site_version: 1$' tests/wizard/good-site-0.1.yaml ||
	bad "a site file without site_version: 1"

# The example of cardwiz-wizard(5)'s SITE FILE section is valid as printed.
awk '/^\.Sh SITE FILE/ { on = 1 } on && /^An example:/ { ex = 1; next } ex && /^\.Bd -literal/ { inside = 1; next }
	inside && /^\.Ed/ { exit } inside { print }' man/cardwiz-wizard.5 >"$tmp/example.yaml"
if grep -q '^site_version: 1$' "$tmp/example.yaml" && [ "$(counts "$tmp/example.yaml")" = "$tree_nodes $((tree_profiles + 1))" ]; then
	ok "the site file example in cardwiz-wizard(5) passes"
else
	bad "the site file example in cardwiz-wizard(5): $(timeout 20 "$cw" --lang=en --check-wizard "$tmp/example.yaml" 2>&1 | head -n 3)"
fi

# On the test bed: the site's profile claims the virtual card and its PIN rule (8 digits) keeps
# the 6-digit PIN from the card (no VERIFY in the card's log); the site's bridge is asked.
if [ -x build/vcard ] && [ -x tests/testbed/run ]; then
	printf '123456' >"$tmp/pin"
	run_report() { # LOG OUT [ARGS...]
		local log=$1 out=$2
		shift 2
		timeout 120 tests/testbed/run --apdu-log="$log" -- \
			sh -c 'exec "$0" "$@" 3<"'"$tmp/pin"'"' "$cw" --report --format=json --lang=en --pin-fd=3 "$@" >"$out" 2>"$tmp/err"
	}
	field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=[c for c in d["checks"] if c["id"]==sys.argv[2]][0]; print(c["code"] if sys.argv[3]=="code" else c["detail"].get(sys.argv[3], ""))' "$@" 2>/dev/null; }
	run_report "$tmp/site.log" "$tmp/site.json" --wizard=tests/wizard/good-site-0.1.yaml
	[ "$(field "$tmp/site.json" card profile)" = campus-piv ] && ok "the helper matched the site's profile campus-piv" ||
		bad "card profile: '$(field "$tmp/site.json" card profile)'; stderr: $(head -c 300 "$tmp/err")"
	[ "$(field "$tmp/site.json" pin code)" = pin-not-allowed ] && ok "the site's PIN rule kept the PIN from the card" ||
		bad "pin: '$(field "$tmp/site.json" pin code)'"
	# A PIN try is a VERIFY with data (Lc, then the PIN, masked in the log); one without data only asks the tries left.
	verify='> [0-9A-F]{2} 20 00 [0-9A-F]{2} [0-9A-F]{2} '
	if [ -s "$tmp/site.log" ] && ! grep -qE "$verify" "$tmp/site.log"; then ok "no PIN try in the card's log"; else bad "a PIN was sent, or no APDU log"; fi
	[ "$(field "$tmp/site.json" signer signer)" = 127.0.0.1:61161 ] && ok "the site's signing bridge was asked" ||
		bad "signer: '$(field "$tmp/site.json" signer code)'"
	# Without the site file: the tree's settings (no bridge, the generic profile, the PIN sent).
	run_report "$tmp/tree.log" "$tmp/tree.json"
	[ "$(field "$tmp/tree.json" signer code)" = no-signer-configured ] && [ "$(field "$tmp/tree.json" pin code)" = ok ] &&
		grep -qE "$verify" "$tmp/tree.log" && ok "the build tree's program takes no site file: no bridge, PIN tried" ||
		bad "without a site file: signer '$(field "$tmp/tree.json" signer code)', pin '$(field "$tmp/tree.json" pin code)'"
else
	echo "note: no test bed tools (make build/vcard build/pcsc-wait): the report part is not run"
fi

# A site file over a tree that does not load: one error naming the tree (a copy of the program in a
# tree of its own, whose wizard/faq.yaml is broken, then itself a site file: never read as one).
mkdir -p "$tmp/tree/build" "$tmp/tree/wizard"
cp "$cw" "$tmp/tree/build/cardwiz" && touch "$tmp/tree/Makefile"
printf 'version: 1\nsite: {}\n' >"$tmp/tree/wizard/faq.yaml"
err=$(timeout 20 "$tmp/tree/build/cardwiz" --lang=en --check-wizard tests/wizard/good-site-0.1.yaml 2>&1)
rc=$?
grep -qE "^tests/wizard/good-site-0.1.yaml:1:1: a site file lies over the wizard file $tmp/tree/build/../wizard/faq.yaml, which does not load: [0-9]+:[0-9]+: " <<<"$err" &&
	[ "$rc" = 2 ] && ok "a broken tree is named: $(head -n 1 <<<"$err")" || bad "broken tree: exit $rc, $err"
cp wizard/site.yaml "$tmp/tree/wizard/faq.yaml"
err=$(timeout 20 "$tmp/tree/build/cardwiz" --lang=en --check-wizard wizard/site.yaml 2>&1)
rc=$?
grep -q "which does not load: .*unknown key 'site_version'" <<<"$err" && [ "$rc" = 2 ] &&
	ok "a site file as the tree is refused, not laid over itself" || bad "site file as the tree: exit $rc, $err"

exit $fail
