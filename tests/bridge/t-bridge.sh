#!/usr/bin/env bash
# t-bridge.sh — the signer check against a real HTTP server in the test bed (a stand-in for HiPKI Local Server
# on 127.0.0.1:61161): current version passes, an old one warns, nothing listening fails where the site declares
# the bridge and warns for a MOICA card elsewhere; the server's own log shows that only `GET /` reached it.
set -u
. "$(dirname "$0")/../report/lib.sh"
SERVER="$ROOT/tests/bridge/server.py"
PORT=61161

# site_wizard: the shipped wizard file with the site declaring the bridge (min_version left to its default).
site_wizard() {
	sed 's|^  contacts:|  signer: {host: 127.0.0.1, port: 61161}\n  contacts:|' "$ROOT/wizard/faq.yaml" >"$TESTBED_DIR/site.yaml"
	echo "$TESTBED_DIR/site.yaml"
}

# serve VERSION: start the stand-in and wait until it accepts connections.
serve() {
	LOG="$TESTBED_DIR/requests.log"
	: >"$LOG"
	python3 "$SERVER" "$PORT" "$1" "$LOG" &
	server=$!
	local i
	for i in $(seq 200); do
		(exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return 0
		sleep 0.05
	done
	echo "FAIL the stand-in did not start"; fail=1
}

stop() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }

# only_get_root MIN: the log holds at least MIN requests, every one of them `GET /`, and nothing was recorded as bad.
only_get_root() {
	local n others
	n=$(grep -c . "$LOG")
	others=$(grep -v '^GET / HTTP/1\.[01]$' "$LOG")
	if [ -e "$LOG.bad" ] || [ -n "$others" ]; then
		echo "FAIL a request other than GET / reached the bridge: $(cat "$LOG.bad" 2>/dev/null) $others"; fail=1
	elif [ "$n" -lt "$1" ]; then
		echo "FAIL the bridge saw $n request(s), want at least $1"; fail=1
	else
		echo "ok   the bridge saw $n request(s), all GET /"
	fi
}

scenario_site_current() {
	serve 1.3.4.103
	report "$TESTBED_DIR/r.json" --wizard "$(site_wizard)"
	stop
	assert "$TESTBED_DIR/r.json" signer=ok signer:status=pass signer.detail.version=1.3.4.103 \
		signer.detail.min_version=1.3.4.3 signer.detail.declared_by=site signer.detail.listening=yes \
		"signer.detail.process=~python" signer.detail.signer=127.0.0.1:61161
	only_get_root 1
}

scenario_site_outdated() {
	serve 1.3.4.2
	report "$TESTBED_DIR/r.json" --wizard "$(site_wizard)"
	assert "$TESTBED_DIR/r.json" signer=signer-outdated signer:status=warn signer.detail.version=1.3.4.2 \
		"signer.advice=~1.3.4.3" node=signer-outdated
	LANG=zh_TW.UTF-8 "$ROOT/build/cardwiz" --report --module "$CARDWIZ_TEST_MODULE" --wizard "$TESTBED_DIR/site.yaml" >"$TESTBED_DIR/zh.txt"
	stop
	grep -q '版本過舊' "$TESTBED_DIR/zh.txt" && echo "ok   warned in Chinese" || { echo "FAIL: $(grep '簽章元件' "$TESTBED_DIR/zh.txt")"; fail=1; }
	only_get_root 2
}

scenario_site_down() {
	report "$TESTBED_DIR/r.json" --wizard "$(site_wizard)"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" signer=signer-not-running signer:status=fail signer.detail.listening=no \
		faq=1 diagnosis=signer-not-running node=signer-down "signer.advice=~start.sh"
}

scenario_moica_down() {
	# A MOICA card, a site that declares no bridge: looked for anyway (bridge: expected), a warning only.
	report "$TESTBED_DIR/r.json"
	assert "$TESTBED_DIR/r.json" card.detail.profile=moica signer=signer-expected signer:status=warn \
		signer.detail.declared_by=profile signer.detail.signer=127.0.0.1:61161 signer.detail.listening=no \
		"signer.advice=~HiPKI"
}

scenario_moica_current() {
	serve 1.3.4.103
	report "$TESTBED_DIR/r.json"
	stop
	assert "$TESTBED_DIR/r.json" card.detail.profile=moica signer=ok signer.detail.version=1.3.4.103 \
		signer.detail.declared_by=profile
	only_get_root 1
}

scenario_generic() {
	# A generic card and no bridge declared: not looked for, and nothing reaches a bridge that happens to run.
	serve 1.3.4.103
	report "$TESTBED_DIR/r.json"
	stop
	assert "$TESTBED_DIR/r.json" signer=no-signer-configured signer:status=skip
	if [ -s "$LOG" ]; then echo "FAIL the bridge was contacted: $(cat "$LOG")"; fail=1; else echo "ok   not contacted"; fi
}

scenario_recorder() {
	# The stand-in's record of side-effect requests works (else only_get_root could never fail).
	serve 1.3.4.103
	python3 - <<'PY'
import http.client
c = http.client.HTTPConnection("127.0.0.1", 61161, timeout=5)
c.request("POST", "/sign", body=b"{}")
c.getresponse().read()
PY
	stop
	if grep -q '^POST /sign' "$LOG.bad" 2>/dev/null; then echo "ok   a POST /sign is recorded"; else echo "FAIL POST /sign not recorded"; fail=1; fi
}

if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
command -v python3 >/dev/null || { echo "python3 is needed for the stand-in bridge"; exit 77; }
run_scenarios site_current:--card=piv site_outdated:--card=piv site_down:--card=piv moica_down:--card=moica \
	moica_current:--card=moica generic:--card=piv recorder:--card=none
