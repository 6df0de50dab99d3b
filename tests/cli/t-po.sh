#!/usr/bin/env bash
# t-po.sh — every program string has its zh_TW translation: none missing, untranslated or fuzzy.
set -u
cd "$(dirname "$0")/../.." || exit 2
pot=build/cardwiz.pot
[ -f "$pot" ] || { echo "FAIL $pot missing (make pot)"; exit 1; }
fail=0
if ! msgcmp po/zh_TW.po "$pot" 2>/tmp/cw-po.$$; then
	echo "FAIL strings in the program but not in po/zh_TW.po:"; cat /tmp/cw-po.$$; fail=1
fi
rm -f /tmp/cw-po.$$
untranslated=$(msgattrib --untranslated --no-obsolete po/zh_TW.po | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete po/zh_TW.po | grep -c '^msgid ' || true)
# msgattrib prints the header entry as one msgid when anything is left.
if [ "${untranslated:-0}" -gt 0 ]; then echo "FAIL untranslated entries:"; msgattrib --untranslated po/zh_TW.po; fail=1; fi
if [ "${fuzzy:-0}" -gt 0 ]; then echo "FAIL fuzzy entries:"; msgattrib --only-fuzzy po/zh_TW.po; fail=1; fi
msgfmt --check -o /dev/null po/zh_TW.po || fail=1
n=$(grep -c '^msgid ' "$pot")
[ "$fail" = 0 ] && echo "ok   $((n - 1)) program strings, all translated"
exit $fail
