#!/usr/bin/env bash
# t-wire.sh — the virtual card against malformed vpcd frames and random input (test-wire.py plays vpcd).
set -u
cd "$(dirname "$0")/../.." || exit 2
[ -x build/vcard ] || { echo "FAIL build/vcard missing (make build/vcard)"; exit 1; }
certs=$(mktemp -d)
trap 'rm -rf "$certs"' EXIT
for slot in 9a 9c 9d 9e; do
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$certs/$slot.key" -out "$certs/$slot.crt" \
		-subj "/CN=cardwiz wire test" -days 30 2>/dev/null || { echo "FAIL openssl req"; exit 1; }
done
exec python3 tests/vcard/test-wire.py build/vcard "$certs"
