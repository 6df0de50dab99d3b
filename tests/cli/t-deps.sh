#!/usr/bin/env bash
# t-deps.sh — after make deps-test the host's pcscd has no vpcd reader (it would listen on the network):
# no file pcscd reads in /etc/reader.conf.d (it skips only dot files) names the vpcd driver.
set -u
[ -d /etc/reader.conf.d ] || { echo "no /etc/reader.conf.d: nothing to check"; exit 77; }
found=$(find /etc/reader.conf.d -maxdepth 1 -type f ! -name '.*' -exec grep -l libifdvpcd {} + 2>/dev/null)
if [ -n "$found" ]; then echo "FAIL the host's pcscd would load vpcd from: $found"; exit 1; fi
if dpkg-query -W -f='${Status}' vsmartcard-vpcd 2>/dev/null | grep -q 'install ok installed'; then
	dpkg-divert --truename /etc/reader.conf.d/vpcd | grep -qv '^/etc/reader.conf.d/' &&
		echo "ok   vpcd's reader entry is diverted out of /etc/reader.conf.d" ||
		{ echo "FAIL vpcd's reader entry is not diverted out of /etc/reader.conf.d"; exit 1; }
fi
echo "ok   no vpcd reader for the host's pcscd"
