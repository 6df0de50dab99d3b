#!/usr/bin/env bash
# t-version.sh — one version: debian/changelog's first entry is what dpkg reads, what the Makefile
# builds in (make version, by sed so no dpkg-dev is needed) and what cardwiz --version prints.
set -u
cd "$(dirname "$0")/../.." || exit 2
[ -x build/cardwiz ] || { echo "build/cardwiz is not built"; exit 77; }
fail=0
make_version=$(make -s --no-print-directory version)
[ -n "$make_version" ] || { echo "FAIL make version prints nothing"; exit 1; }
if command -v dpkg-parsechangelog >/dev/null; then
	dpkg_version=$(dpkg-parsechangelog -S Version)
else # the same field, read as dpkg documents the first line: "NAME (VERSION) DIST; urgency=U"
	dpkg_version=$(sed -n '1s/^cardwiz (\([^)]*\)) .*/\1/p' debian/changelog)
fi
[ "$make_version" = "$dpkg_version" ] && echo "ok   make version = debian/changelog: $make_version" ||
	{ echo "FAIL make version '$make_version', debian/changelog '$dpkg_version'"; fail=1; }
# The binary carries the version it was built with: rebuilt when the changelog moves on (build/flags).
got=$(build/cardwiz --version)
[ "$got" = "cardwiz $dpkg_version" ] && echo "ok   cardwiz --version: $got" ||
	{ echo "FAIL cardwiz --version '$got', want 'cardwiz $dpkg_version'"; fail=1; }
# No second source of the version in the Makefile.
if grep -nE '^VERSION *:?= *[0-9]' Makefile; then echo "FAIL a version number written into the Makefile"; fail=1; fi
exit $fail
