#!/usr/bin/env bash
# t-cards.sh — cards that cannot be used: broken (6F00), mute (silent: deadline, no hang), garbage PIV answers.
set -u
. "$(dirname "$0")/lib.sh"
scenario_broken() {
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" card=card-unsupported card.detail.first_sw=6F00 faq=2 node=card-broken module=no-token
	# Its ATR is PIV's: no household registration office, no citizen card, in either language.
	report "$TESTBED_DIR/en.json" --lang=en
	assert "$TESTBED_DIR/en.json" "card.advice=~the card's issuer" "card.advice=!household registration"
	report "$TESTBED_DIR/zh.json" --lang=zh_TW
	assert "$TESTBED_DIR/zh.json" "card.advice=~發卡單位" "card.advice=!戶政事務所" "card.advice=!自然人憑證"
}
scenario_mute() {
	local start=$SECONDS
	report "$TESTBED_DIR/r.json"
	local took=$((SECONDS - start))
	expect_rc 1
	assert "$TESTBED_DIR/r.json" card=card-mute faq=2 "card.detail.helper=timed out" module=card-mute token=card-mute
	if [ "$took" -le 15 ]; then echo "ok   ended in ${took}s"; else echo "FAIL took ${took}s (over 15 s)"; fail=1; fi
}
scenario_garbage() {
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	# The card answers the PIV SELECT with nonsense: OpenSC finds no token on it.
	assert "$TESTBED_DIR/r.json" card:status=pass module=no-token faq=2
}
# A card no profile but the generic one claims, with no application OpenSC or cardwiz knows (a
# health-insurance card, say): told in plain words it is not a certificate card (issue 14, 6).
scenario_not_cert() {
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" card:status=pass module=not-a-certificate-card faq=2 node=not-cert-card \
		diagnosis=not-a-certificate-card token=not-run
	"$ROOT/build/cardwiz" --report --lang=zh_TW --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/r.txt" 2>/dev/null
	if grep -q "這不是自然人憑證卡" "$TESTBED_DIR/r.txt" && ! grep -q "https://" "$TESTBED_DIR/r.txt"; then
		echo "ok   says 這不是自然人憑證卡, with no product URL"
	else
		echo "FAIL the text report:"; cat "$TESTBED_DIR/r.txt"; fail=1
	fi
}
scenario_moica() {
	# A MOICA citizen card: named from its ATR and the wizard's profile; OpenSC cannot read it.
	report "$TESTBED_DIR/r.json"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" card=ok card.detail.profile=moica "card.detail.atr=3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57" \
		"card.detail.atr_list_name=~MOICA" card.detail.first_sw=6A82 module=needs-vendor-module faq=1 node=vendor-module \
		"module.advice=~HiCOS"
	LANG=zh_TW.UTF-8 "$ROOT/build/cardwiz" --report --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/zh.txt"
	grep -q '自然人憑證' "$TESTBED_DIR/zh.txt" && echo "ok   named in Chinese" || { echo "FAIL: $(cat "$TESTBED_DIR/zh.txt")"; fail=1; }
	# A MOICA card takes a PIN of 6-8 letters and digits: a PIN outside that is not sent anywhere.
	report "$TESTBED_DIR/p.json" --pin-fd 3 3<"$(pin_file 12345)"
	assert "$TESTBED_DIR/p.json" pin=not-run
}
scenario_signer() {
	# A site with a local signing bridge (like HiPKI Local Server on 61161): answered, then not.
	sed 's|^  contacts:|  signer: {host: 127.0.0.1, port: 61161}\n  contacts:|' "$ROOT/wizard/faq.yaml" >"$TESTBED_DIR/site.yaml"
	python3 -c 'import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 61161)); s.listen(); time.sleep(30)' &
	local listener=$!
	local i
	for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/61161) 2>/dev/null && break; sleep 0.05; done
	# Listening, never answering (a wedged bridge, another program): not a working bridge.
	report "$TESTBED_DIR/silent.json" --wizard "$TESTBED_DIR/site.yaml"
	assert "$TESTBED_DIR/silent.json" signer=signer-silent signer:status=warn signer.detail.listening=yes \
		signer.detail.signer=127.0.0.1:61161
	kill "$listener"; wait "$listener" 2>/dev/null
	# Answering GET / (here with a page that shows no version: a site's own component): ok.
	python3 "$ROOT/tests/bridge/server.py" 61161 none "$TESTBED_DIR/bridge.log" &
	listener=$!
	for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/61161) 2>/dev/null && break; sleep 0.05; done
	report "$TESTBED_DIR/up.json" --wizard "$TESTBED_DIR/site.yaml"
	assert "$TESTBED_DIR/up.json" signer=ok signer.detail.signer=127.0.0.1:61161 signer.detail.version=unknown
	kill "$listener"; wait "$listener" 2>/dev/null
	report "$TESTBED_DIR/down.json" --wizard "$TESTBED_DIR/site.yaml"
	assert "$TESTBED_DIR/down.json" signer=signer-not-running faq=1 diagnosis=signer-not-running
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios broken:--card=broken mute:--card=mute garbage:--card=garbage moica:--card=moica not_cert:--card=moica,--atr=3B:88:80:01:00:00:00:00:00:00:00:00:09 signer:--card=piv
