#!/usr/bin/env bash
# t-install.sh — make install / uninstall with DESTDIR and PREFIX put and remove exactly the files.
set -u
cd "$(dirname "$0")/../.." || exit 2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail=0
make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null || { echo "FAIL make install"; exit 1; }
for f in usr/bin/cardwiz usr/share/man/man1/cardwiz.1 usr/share/man/man5/cardwiz-wizard.5 \
	usr/share/cardwiz/faq.yaml usr/share/locale/zh_TW/LC_MESSAGES/cardwiz.mo etc/cardwiz/site.yaml; do
	if [ -f "$dest/$f" ]; then echo "ok   installed $f"; else echo "FAIL not installed: $f"; fail=1; fi
done
"$dest/usr/bin/cardwiz" --version | grep -q '^cardwiz ' || { echo "FAIL installed binary does not run"; fail=1; }
# The installed catalogue is the one an installed binary would find.
cmp -s build/locale/zh_TW/LC_MESSAGES/cardwiz.mo "$dest/usr/share/locale/zh_TW/LC_MESSAGES/cardwiz.mo" || { echo "FAIL catalogue differs"; fail=1; }
# Only the tree is data: the site file is the institution's (SYSCONFDIR: /etc for PREFIX=/usr).
[ ! -e "$dest/usr/share/cardwiz/site.yaml" ] || { echo "FAIL the site file installed as data"; fail=1; }
# A site file the institution changed is neither overwritten by make install nor removed by uninstall.
echo '# changed' >>"$dest/etc/cardwiz/site.yaml"
make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null || { echo "FAIL make install again"; exit 1; }
grep -q '^# changed' "$dest/etc/cardwiz/site.yaml" && echo "ok   a changed site file is kept by make install" ||
	{ echo "FAIL make install overwrote a changed site file"; fail=1; }
make -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null || { echo "FAIL make uninstall"; exit 1; }
if [ -f "$dest/etc/cardwiz/site.yaml" ]; then
	echo "ok   uninstall keeps a changed site file"; rm -f "$dest/etc/cardwiz/site.yaml"
else
	echo "FAIL uninstall removed a changed site file"; fail=1
fi
# PREFIX=/usr/local puts the site file in /usr/local/etc, where that build looks for it.
make -s install DESTDIR="$dest/local" PREFIX=/usr/local >/dev/null && [ -f "$dest/local/usr/local/etc/cardwiz/site.yaml" ] &&
	echo "ok   PREFIX=/usr/local: /usr/local/etc/cardwiz/site.yaml" || { echo "FAIL PREFIX=/usr/local site file"; fail=1; }
make -s uninstall DESTDIR="$dest/local" PREFIX=/usr/local >/dev/null || { echo "FAIL make uninstall /usr/local"; fail=1; }
make -s all >/dev/null # back to this tree's build (PREFIX=/usr/local is the default, so no rebuild)
left=$(find "$dest" -type f)
if [ -n "$left" ]; then echo "FAIL left after uninstall: $left"; fail=1; else echo "ok   uninstall removed every file"; fi
exit $fail
