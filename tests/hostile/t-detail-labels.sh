#!/usr/bin/env bash
# t-detail-labels.sh — every detail key a probe writes has a display name in both languages in
# src/core/result.c's table (issue 14, 5): a Chinese screen never shows a raw key such as first_sw.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
table=$(sed -n '/^static const struct { const char \*key, \*zh_tw, \*en; } detail_labels/,/^};/p' src/core/result.c |
	grep -oE '^\s*\{"[a-z_0-9]+"' | grep -oE '[a-z_0-9]+' | sort -u)
[ -n "$table" ] || { echo "FAIL no detail_labels table in src/core/result.c"; exit 1; }
# Keys written as literals, and the numbered ones (reader%d, driver%d) by their stem.
keys=$( {
	grep -rhoE 'cw_result_add\([a-z_>.-]+, "[a-z_0-9]+"' src | grep -oE '"[a-z_0-9]+"$' | tr -d '"'
	grep -rhoE 'snprintf\(key, sizeof\(key\), "[a-z_]+%d"' src | grep -oE '"[a-z_]+' | tr -d '"'
	grep -rhoE '"previous_[a-z_0-9]+"' src/probe/certstore.c | tr -d '"'
} | sort -u)
fail=0
for k in $keys; do
	grep -qx "$k" <<<"$table" || { echo "FAIL detail key $k has no display name in src/core/result.c"; fail=1; }
done
[ $fail = 0 ] && echo "ok   $(wc -w <<<"$keys") detail keys have display names"
exit $fail
