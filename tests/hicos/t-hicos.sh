#!/usr/bin/env bash
# t-hicos.sh — the MOICA path through a HiCOS-like module (build/hicos-p11.so over SoftHSM2, issue 13 A,
# B, C, F): the report with a PIN, tries left from the vendor's return codes, the final-try guard on
# them, a locked card led to FAQ 5's official routes, module discovery under the signing bridge's
# folder, and a MOICA card with no module. No APDU reaches a PKCS#11 token here: the module's own call
# log is the judge (no C_Login without a confirmation, never C_SetPIN or C_InitPIN).
set -u
. "$(dirname "$0")/../report/lib.sh"
[ -x "$ROOT/build/hicos-p11.so" ] && [ -x "$ROOT/build/hicos-request" ] ||
	{ echo "build/hicos-p11.so or build/hicos-request missing (make test-only builds them)"; exit 77; }
command -v softhsm2-util >/dev/null || { echo "softhsm2 not installed (make deps-test)"; exit 77; }
BRIDGE=/usr/local/HiPKILocalSignServerApp

expect_out() { # FILE REGEX WHAT
	if grep -qE "$2" "$1"; then echo "ok   $3"; else echo "FAIL $3: no /$2/ in $1:"; tail -n 20 "$1"; fail=1; fi
}
expect_no() { # FILE REGEX WHAT
	if grep -qE "$2" "$1"; then echo "FAIL $3: $(grep -E "$2" "$1" | head -3)"; fail=1; else echo "ok   $3"; fi
}
token() { eval "$("$ROOT/tests/hicos/hicos-token" "$TESTBED_DIR/hicos")"; }
hreport() { # OUT [args]: a JSON report through the HiCOS-like module
	local out=$1; shift
	"$ROOT/build/cardwiz" --report --format=json --lang=en "$@" >"$out" 2>"$out.err"
	rc=$?
}
calls_since() { : >"$HICOS_SHIM_LOG"; } # the call log from now on
plain() { # OUT ANSWERS [args]
	local out=$1 answers=$2; shift 2
	printf '%b' "$answers" | setsid "$ROOT/build/cardwiz" --plain --lang=en "$@" >"$out" 2>&1
}
no_change_calls() { expect_no "$HICOS_SHIM_LOG" '^C_(SetPIN|InitPIN|InitToken)' "no C_SetPIN, C_InitPIN or C_InitToken in the call log"; }

# The whole MOICA path with a PIN: every HiCOS row passes; SIGN and KEYX are the keys used. The
# count is unknown through HiCOS (its flags may not exist): without a confirmation nothing is sent.
scenario_report_pin() {
	token
	calls_since
	hreport "$TESTBED_DIR/r0.json" --module "$HICOS_MODULE" --pin-fd 3 3<"$(pin_file 123456)"
	assert "$TESTBED_DIR/r0.json" pin=refused-final-try pin.detail.pin_counter=unknown token.detail.pin_counter=unknown
	expect_no "$HICOS_SHIM_LOG" '^C_Login' "no C_Login without a confirmation"
	# MOICA's signing bridge, a stand-in answering GET / (a MOICA card expects one: without it the
	# signer check warns): with it the whole MOICA path passes, exit 0.
	python3 "$ROOT/tests/bridge/server.py" 61161 1.3.4.103327 "$TESTBED_DIR/bridge.log" &
	local bridge=$! i
	for i in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/61161) 2>/dev/null && break; sleep 0.05; done
	hreport "$TESTBED_DIR/r.json" --module "$HICOS_MODULE" --allow-final-try --pin-fd 3 3<"$(pin_file 123456)"
	kill "$bridge" 2>/dev/null; wait "$bridge" 2>/dev/null
	assert "$TESTBED_DIR/r.json" nine-pass card.detail.profile=moica module.detail.slot="Virtual PCD 00 00" \
		token.detail.hicos=yes "token.detail.manufacturer=~Chunghwa Telecom" token.detail.pin_min=6 token.detail.pin_max=8 \
		crypt.detail.key_id=4b455958 sign.detail.key_id=5349474e enc-cert=ok sign-cert=ok signer=ok verdict=ok
	expect_rc 0
	no_change_calls
}

# Wrong PINs, one report each: the vendor's codes give the tries left; then the last try is refused
# without a confirmation; the card's own counter (the state file) is the evidence.
scenario_report_vendor() {
	token
	hreport "$TESTBED_DIR/r1.json" --module "$HICOS_MODULE" --allow-final-try --pin-fd 3 3<"$(pin_file 000000)"
	assert "$TESTBED_DIR/r1.json" pin=pin-incorrect pin.detail.tries_left=2 pin.detail.vendor_code=0x80000002
	hreport "$TESTBED_DIR/r2.json" --module "$HICOS_MODULE" --allow-final-try --pin-fd 3 3<"$(pin_file 111111)"
	assert "$TESTBED_DIR/r2.json" pin=pin-incorrect pin.detail.tries_left=1 pin.detail.vendor_code=0x80000001
	calls_since
	hreport "$TESTBED_DIR/r3.json" --module "$HICOS_MODULE" --pin-fd 3 3<"$(pin_file 123456)"
	assert "$TESTBED_DIR/r3.json" pin=refused-final-try
	expect_no "$HICOS_SHIM_LOG" '^C_Login' "the last try is not sent without a confirmation"
	expect_out "$HICOS_SHIM_STATE" '^2$' "the card's counter still has its last try"
	plain "$TESTBED_DIR/p.out" '1\nq\n' --module "$HICOS_MODULE" --pin-fd 3 3<"$(pin_file 222222)"
	expect_out "$TESTBED_DIR/p.out" 'never confirmed by' "--plain: piped answers confirm no last try"
	expect_no "$HICOS_SHIM_LOG" '^C_Login' "--plain sends no last try either"
}

# One helper, a sequence (as the wizard's helper lives): tries left from the codes, the final-try
# guard on them, the wrong last PIN read as a lock at once, nothing sent to a locked card. Run with
# the module's CKF_USER_PIN_* flags (HICOS_SHIM_FLAGS=1) and without them (0).
sequence() {
	token
	"$ROOT/build/hicos-request" "$ROOT/build/cardwiz" check:reader check:card check:module check:token \
		pin:000000 pin!:000000 pin!:111111 pin:123456 check:token pin!:222222 pin!:123456 check:token \
		>"$TESTBED_DIR/seq.out" 2>&1
	local out="$TESTBED_DIR/seq.out"
	sed -n 5p "$out" | grep -q '^pin refused-final-try .*pin_counter=unknown' && echo "ok   unknown count: asked first" ||
		{ echo "FAIL unknown count: $(sed -n 5p "$out")"; fail=1; }
	sed -n 6p "$out" | grep -q '^pin pin-incorrect .*tries_left=2.*| the card says: 2 tries left' && echo "ok   2 tries left" ||
		{ echo "FAIL 2 left: $(sed -n 6p "$out")"; fail=1; }
	sed -n 7p "$out" | grep -q '^pin pin-incorrect .*tries_left=1.*the last one' && echo "ok   1 try left" ||
		{ echo "FAIL 1 left: $(sed -n 7p "$out")"; fail=1; }
	sed -n 8p "$out" | grep -q '^pin refused-final-try .*pin_counter=final-try.*| the last try' && echo "ok   the final try refused on the vendor's code" ||
		{ echo "FAIL final try: $(sed -n 8p "$out")"; fail=1; }
	sed -n 9p "$out" | grep -q '^token pin-final-try ' && echo "ok   the token check says final try" ||
		{ echo "FAIL token final try: $(sed -n 9p "$out")"; fail=1; }
	sed -n 10p "$out" | grep -q '^pin pin-locked .*tries_left=0' && echo "ok   the wrong last PIN is a lock at once" ||
		{ echo "FAIL lock: $(sed -n 10p "$out")"; fail=1; }
	sed -n 11p "$out" | grep -q '^pin pin-locked' && echo "ok   a locked card: nothing sent" ||
		{ echo "FAIL locked: $(sed -n 11p "$out")"; fail=1; }
	sed -n 12p "$out" | grep -q '^token pin-locked ' && echo "ok   the token check says locked" ||
		{ echo "FAIL token locked: $(sed -n 12p "$out")"; fail=1; }
	local n; n=$(grep -c '^C_Login' "$HICOS_SHIM_LOG")
	if [ "$n" = 3 ]; then echo "ok   3 C_Login, all confirmed"; else echo "FAIL $n C_Login, want 3"; cat "$out"; fail=1; fi
	expect_out "$HICOS_SHIM_STATE" '^3$' "the card counted 3 wrong PINs"
	no_change_calls
}
# A MOICA card whose ATR no profile lists (another batch; here TA1 of the first generation's changed):
# the card check calls it generic, but its token is HiCOS. The helper judges the card by what it
# sees, ATR and token: the strictest vendor-module profile (moica) rules, so no PIN goes without a
# confirmation (the count is unknown), no change PIN goes at all, and no PUK is spoken of.
scenario_unlisted_atr() {
	HICOS_SHIM_FLAGS=0 token
	calls_since
	hreport "$TESTBED_DIR/u.json" --module "$HICOS_MODULE" --pin-fd 3 3<"$(pin_file 000000)"
	assert "$TESTBED_DIR/u.json" card=card-unknown card.detail.profile=- token.detail.profile=moica token.detail.hicos=yes \
		token.detail.pin_counter=unknown token.detail.puk=- pin=refused-final-try
	expect_no "$HICOS_SHIM_LOG" '^C_Login' "no C_Login without a confirmation"
	CARDWIZ_TEST_MODULE=$HICOS_MODULE TESTBED_PIN=123456 "$ROOT/build/helper-request" "$ROOT/build/cardwiz" change generic \
		>"$TESTBED_DIR/change.out"
	expect_out "$TESTBED_DIR/change.out" '^refused-by-profile$' "a change PIN claimed generic is refused by the token's profile"
	no_change_calls
	expect_out "$HICOS_SHIM_STATE" '^0$' "the card's counter is untouched"
}

scenario_sequence_flags() { HICOS_SHIM_FLAGS=1 sequence; }
scenario_sequence_noflags() { HICOS_SHIM_FLAGS=0 sequence; }

# A locked card (the module's flags say so): FAQ 5's official routes from a report and from --plain,
# also through the unlock form; nothing is sent (no C_Login, no C_SetPIN, no C_InitPIN).
scenario_locked() {
	token
	echo 3 >"$HICOS_SHIM_STATE"
	calls_since
	hreport "$TESTBED_DIR/r.json" --module "$HICOS_MODULE" --allow-final-try --pin-fd 3 3<"$(pin_file 123456)"
	assert "$TESTBED_DIR/r.json" token=pin-locked faq=5
	expect_rc 1
	plain "$TESTBED_DIR/p.out" '4\n1\n1\nq\n' --module "$HICOS_MODULE" --allow-final-try
	expect_out "$TESTBED_DIR/p.out" '== The PIN is locked \(FAQ 5\)' "--plain goes to FAQ 5"
	expect_out "$TESTBED_DIR/p.out" 'moica.nat.gov.tw/unblockcard.html' "the official unlock route"
	expect_out "$TESTBED_DIR/p.out" '0800-080-117' "the hotline"
	expect_out "$TESTBED_DIR/p.out" 'household registration office' "the household registration office"
	expect_no "$HICOS_SHIM_LOG" '^C_Login' "no C_Login to a locked card"
	no_change_calls
}

# Discovery: the module under the signing bridge's folder (a root-owned tmpfs over /usr/local in
# this test bed's private mount namespace), found with no --module; refused when others may write
# there; a site's module_path in the wizard file wins, and the result says which file and why.
scenario_discovery() {
	token
	mount -t tmpfs -o mode=755 tmpfs /usr/local || { echo "FAIL cannot mount a tmpfs on /usr/local"; fail=1; return; }
	install -d -m 755 "$BRIDGE/lib"
	install -m 755 "$ROOT/build/hicos-p11.so" "$BRIDGE/lib/libHicos_p11.so"
	hreport "$TESTBED_DIR/r.json" --allow-final-try --pin-fd 3 3<"$(pin_file 123456)"
	assert "$TESTBED_DIR/r.json" module=ok "module.detail.module=$BRIDGE/lib/libHicos_p11.so" \
		"module.detail.module_why=vendor module" "module.detail.module_from=~$BRIDGE" token.detail.hicos=yes nine-pass
	chmod 777 "$BRIDGE/lib"
	hreport "$TESTBED_DIR/r2.json"
	assert "$TESTBED_DIR/r2.json" module=needs-vendor-module "module.detail.module_refused=$BRIDGE/lib/libHicos_p11.so" \
		module.detail.pin_state=unknown
	chmod 755 "$BRIDGE/lib"
	install -d -m 755 /usr/local/site/p11
	install -m 755 "$ROOT/build/hicos-p11.so" /usr/local/site/p11/libHicos_p11.so.2
	sed 's|^    module: vendor$|    module: vendor\n    module_path: "/usr/local/site/p11/libHicos_p11*.so*"|' "$ROOT/wizard/faq.yaml" >"$TESTBED_DIR/site.yaml"
	"$ROOT/build/cardwiz" --check-wizard "$TESTBED_DIR/site.yaml" >"$TESTBED_DIR/cw.out" 2>&1 ||
		{ echo "FAIL the site's wizard file: $(cat "$TESTBED_DIR/cw.out")"; fail=1; }
	hreport "$TESTBED_DIR/r3.json" --wizard "$TESTBED_DIR/site.yaml"
	assert "$TESTBED_DIR/r3.json" module=ok module.detail.module=/usr/local/site/p11/libHicos_p11.so.2 \
		"module.detail.module_why=wizard file" "module.detail.module_from=~profile moica, module_path"
}

# A MOICA card and no HiCOS module anywhere: the report says the PIN state is unknown without it;
# the wizard still offers FAQ 5's routes to a person who says the PIN is locked.
scenario_no_module() {
	mount -t tmpfs -o mode=755 tmpfs /usr/local || { echo "FAIL cannot mount a tmpfs on /usr/local"; fail=1; return; }
	hreport "$TESTBED_DIR/r.json"
	assert "$TESTBED_DIR/r.json" module=needs-vendor-module module.detail.pin_state=unknown \
		"module.detail.module_why=vendor module" faq=1
	expect_out "$TESTBED_DIR/r.json" 'PIN state .*unknown' "the report says the PIN state is unknown"
	plain "$TESTBED_DIR/p.out" '2\nq\n'
	expect_out "$TESTBED_DIR/p.out" "MOICA's HiCOS middleware is needed" "--plain: the vendor module step"
	expect_out "$TESTBED_DIR/p.out" '== The PIN is locked \(FAQ 5\)' "'the PIN is locked' leads to FAQ 5"
	expect_out "$TESTBED_DIR/p.out" 'moica.nat.gov.tw/unblockcard.html' "the official unlock route"
}

if [ $# -eq 1 ]; then
	"scenario_$1"
	exit $fail
fi
run_scenarios "report_pin:--card=moica" "report_vendor:--card=moica" "sequence_flags:--card=moica" \
	"sequence_noflags:--card=moica" "locked:--card=moica" "discovery:--card=moica" "no_module:--card=moica" \
	"unlisted_atr:--card=moica,--atr=3B 8B 80 01 00 31 C1 64 08 40 21 31 00 90 00 56"
