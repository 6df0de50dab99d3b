#!/usr/bin/env bash
# t-install.sh — make install / uninstall with DESTDIR and PREFIX put and remove exactly the files.
set -u
cd "$(dirname "$0")/../.." || exit 2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail=0
make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null || { echo "FAIL make install"; exit 1; }
for f in usr/bin/cardwiz usr/share/man/man1/cardwiz.1 usr/share/cardwiz/faq.yaml \
	usr/share/locale/zh_TW/LC_MESSAGES/cardwiz.mo; do
	if [ -f "$dest/$f" ]; then echo "ok   installed $f"; else echo "FAIL not installed: $f"; fail=1; fi
done
"$dest/usr/bin/cardwiz" --version | grep -q '^cardwiz ' || { echo "FAIL installed binary does not run"; fail=1; }
# The installed catalogue is the one an installed binary would find.
cmp -s build/locale/zh_TW/LC_MESSAGES/cardwiz.mo "$dest/usr/share/locale/zh_TW/LC_MESSAGES/cardwiz.mo" || { echo "FAIL catalogue differs"; fail=1; }
make -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null || { echo "FAIL make uninstall"; exit 1; }
left=$(find "$dest" -type f)
if [ -n "$left" ]; then echo "FAIL left after uninstall: $left"; fail=1; else echo "ok   uninstall removed every file"; fi
exit $fail
