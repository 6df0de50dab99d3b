#!/usr/bin/env bash
# t-certs.sh — certificate problems (HiCOS checks 8 and 9) and the new-card import of FAQ 4.
set -u
. "$(dirname "$0")/lib.sh"
scenario_expired_enc() {
	report "$TESTBED_DIR/r.json" --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" enc-cert=cert-expired sign-cert=ok faq=4 diagnosis=cert-expired \
		"enc-cert.detail.subject=~cardwiz Test User"
}
scenario_expiring_sign() {
	report "$TESTBED_DIR/r.json" --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	assert "$TESTBED_DIR/r.json" sign-cert=cert-expiring sign-cert:status=warn enc-cert=ok faq=4 \
		diagnosis=cert-expiring sign=ok
	local days
	days=$(python3 -c 'import json,sys; print([c for c in json.load(open(sys.argv[1]))["checks"] if c["id"]=="sign-cert"][0]["detail"]["days_left"])' "$TESTBED_DIR/r.json")
	if [ "$days" -ge 9 ] && [ "$days" -le 10 ]; then echo "ok   days_left=$days"; else echo "FAIL days_left=$days, want 9-10"; fail=1; fi
}
scenario_not_yet_valid() {
	report "$TESTBED_DIR/r.json"
	assert "$TESTBED_DIR/r.json" enc-cert=cert-not-yet-valid sign-cert=cert-not-yet-valid faq=4
}
scenario_no_enc_key() {
	report "$TESTBED_DIR/r.json" --pin-fd 3 3<"$(pin_file)"
	expect_rc 1
	# The certificate is there, its key is not: decryption cannot work.
	assert "$TESTBED_DIR/r.json" enc-cert=ok sign=ok faq=2
	python3 "$JCHECK" "$TESTBED_DIR/r.json" crypt=key-missing >/dev/null ||
		assert "$TESTBED_DIR/r.json" crypt=decrypt-failed
}
scenario_new_card() {
	report "$TESTBED_DIR/first.json"
	assert "$TESTBED_DIR/first.json" cert-import=ok cert-import.detail.remembered=yes
	report "$TESTBED_DIR/again.json"
	assert "$TESTBED_DIR/again.json" cert-import=ok
	testbed-card remove >/dev/null && testbed-card insert --new-card >/dev/null || { echo "FAIL testbed-card"; fail=1; }
	report "$TESTBED_DIR/new.json"
	expect_rc 1
	assert "$TESTBED_DIR/new.json" cert-import=new-card cert-import:status=warn faq=4 diagnosis=new-card verdict=problem
	# Nothing was imported: a second look still says new card, and the memory still holds card A.
	local before; before=$(cat "$XDG_STATE_HOME"/cardwiz/* | sort | grep -v '^last_seen=')
	report "$TESTBED_DIR/second.json"
	expect_rc 1
	assert "$TESTBED_DIR/second.json" cert-import=new-card diagnosis=new-card verdict=problem
	[ "$before" = "$(cat "$XDG_STATE_HOME"/cardwiz/* | sort | grep -v '^last_seen=')" ] && echo "ok   memory unchanged" ||
		{ echo "FAIL the memory moved to the new card before the import"; fail=1; }
	# --imported: the person confirms the import; it passes, and from then on the card is the known one.
	report "$TESTBED_DIR/imported.json" --imported
	assert "$TESTBED_DIR/imported.json" cert-import=ok cert-import.detail.imported=yes
	report "$TESTBED_DIR/after.json"
	assert "$TESTBED_DIR/after.json" cert-import=ok
	# A third card, in Chinese text: the FAQ 4 steps (個人 → 個人資訊 → 刪除 → 匯入).
	testbed-card remove >/dev/null && testbed-card insert --new-card >/dev/null || { echo "FAIL testbed-card"; fail=1; }
	LANG=zh_TW.UTF-8 "$ROOT/build/cardwiz" --report --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/zh.txt"
	if grep -q '個人資訊' "$TESTBED_DIR/zh.txt" && grep -q '刪除' "$TESTBED_DIR/zh.txt"; then
		echo "ok   FAQ 4 steps in Chinese"
	else
		echo "FAIL no FAQ 4 steps in: $(cat "$TESTBED_DIR/zh.txt")"; fail=1
	fi
	# The wizard's [Imported] (here --plain's answer 1 at the new-card step) confirms it the same way.
	printf '1\n' | "$ROOT/build/cardwiz" --plain --lang=en --module "$CARDWIZ_TEST_MODULE" >"$TESTBED_DIR/plain.txt" 2>&1
	grep -q "import confirmed" "$TESTBED_DIR/plain.txt" && echo "ok   [Imported] in --plain" ||
		{ echo "FAIL [Imported]: $(tail -n 15 "$TESTBED_DIR/plain.txt")"; fail=1; }
	report "$TESTBED_DIR/after-plain.json"
	assert "$TESTBED_DIR/after-plain.json" cert-import=ok
}
if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi
run_scenarios expired_enc:--certs=expired-enc expiring_sign:--certs=expiring-sign \
	not_yet_valid:--certs=not-yet-valid no_enc_key:--certs=no-enc-key new_card:--card=piv
