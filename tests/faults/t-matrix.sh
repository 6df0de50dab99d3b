#!/usr/bin/env bash
# t-matrix.sh — issue 8's fault matrix on the test bed: every fault of the list, its expected code
# (and advice where it matters), no crash (exit 0 or 1, nothing on stderr), no hang (the run ends
# within 5 s past the deadline of the check that may wait), and, from the card's APDU log, no VERIFY
# carrying a PIN where the guard forbids one. Prints the matrix as a table; fails when a row does.
# Faults tests/report already covers are run again here, cheaply (several faults share a test bed).
# The PUK rows are driven through the wizard's unlock form (tmux, private socket), as a user would.
set -u
. "$(dirname "$0")/../report/lib.sh"

# The helper's deadlines (ms), read from the check table src/probe/checks.c (the fallbacks are its
# values of 2026-11, for when it cannot be read), and the slack the issue allows past them. An action
# (unlock) waits as long as the signature check.
deadline() { # CHECK FALLBACK
	local v
	v=$(awk -v row="[CW_CHECK_$1] = {" 'index($0, row) { on = 1 }
		on && match($0, /\.deadline_ms = [0-9]+/) { print substr($0, RSTART + 15, RLENGTH - 15); exit }' \
		"$ROOT/src/probe/checks.c")
	echo "${v:-$2}"
}
DL_SERVICE=$(deadline SERVICE 4000) DL_CARD=$(deadline CARD 3000) DL_MODULE=$(deadline MODULE 15000)
DL_PIN=$(deadline PIN 10000) DL_SIGN=$(deadline SIGN 15000)
DL_ACTION=$DL_SIGN SLACK=5000
NEW_PIN=246810 WRONG_PUK=11223344

# ---- inside a test bed ----------------------------------------------------------------------

# cw OUT LIMIT_MS [CARDWIZ-ARGS...]: cardwiz --report --format=json, timed (ms), stderr in OUT.err,
# the card's APDU log emptied first; a run past LIMIT + 15 s is killed (it still fails the row).
cw() {
	OUT=$1 LIMIT=$2
	shift 2
	[ -n "${TESTBED_APDU_LOG:-}" ] && : >"$TESTBED_APDU_LOG"
	local s; s=$(date +%s%N)
	timeout -s KILL $((LIMIT / 1000 + 15)) "$ROOT/build/cardwiz" --report --format=json \
		--module "${CW_MODULE:-$CARDWIZ_TEST_MODULE}" "$@" >"$OUT" 2>"$OUT.err"
	rc=$?
	ms=$((($(date +%s%N) - s) / 1000000))
}

# VERIFY commands that carried a PIN (an empty VERIFY only asks for the count).
pin_verifies() {
	[ -n "${TESTBED_APDU_LOG:-}" ] || { echo "-"; return; }
	grep -cE '> 00 20 00 80 08' "$TESTBED_APDU_LOG" || true
}

# codes OUT CHECK[,CHECK...]: "check=code" for each (diagnosis: the diagnosis code).
codes() {
	python3 - "$1" "$2" <<-'PY' 2>/dev/null || echo "(no report)"
		import json, sys
		d = json.load(open(sys.argv[1]))
		c = {x["id"]: x["code"] for x in d["checks"]}
		print(" ".join(k + "=" + (d["diagnosis"]["code"] if k == "diagnosis" else c.get(k, "?"))
		               for k in sys.argv[2].split(",")))
	PY
}

# row FAULT EXPECTED SEEN MS LIMIT VERIFIES WHY...: one line of the matrix (WHY empty: pass).
row() {
	local fault=$1 want=$2 seen=$3 t=$4 limit=$5 v=$6
	shift 6
	local verdict=pass why="$*"
	[ -n "$why" ] && verdict=FAIL
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$fault" "$want" "$seen" "$t" "$limit" "$v" "$verdict" "$why" >>"$MATRIX"
	if [ "$verdict" = pass ]; then echo "ok   $fault: $seen (${t} ms)"; else echo "FAIL $fault: $seen: $why"; fail=1; fi
}

# judge FAULT SHOW [guard] ASSERTION...: the row of the last cw run. SHOW: the checks whose codes
# the table shows; "guard": the PIN guard forbids any VERIFY with a PIN here; ASSERTIONS: jcheck.py's.
judge() {
	local fault=$1 show=$2 guard=0 why=()
	shift 2
	[ "${1:-}" = guard ] && { guard=1; shift; }
	local seen v
	seen=$(codes "$OUT" "$show")
	v=$(pin_verifies)
	if ! python3 "$JCHECK" "$OUT" "$@" >"$OUT.jcheck" 2>&1; then
		why+=("$(grep -E '^FAIL' "$OUT.jcheck" | sed 's/^FAIL //' | head -n 3 | paste -sd ';' -)")
	fi
	case $rc in 0 | 1) ;; *) why+=("exit status $rc") ;; esac
	[ -s "$OUT.err" ] && why+=("stderr: $(head -c 160 "$OUT.err" | tr '\n' ' ')")
	[ "$ms" -le "$LIMIT" ] || why+=("took $ms ms, over $LIMIT")
	if [ "$guard" = 1 ] && [ "$v" != - ]; then
		[ "$v" = 0 ] || why+=("$v VERIFY with a PIN sent where the guard forbids")
		v="$v (0 allowed)"
	fi
	# The expected column: the assertions about the checks the table shows.
	local want=() a k
	for a in "$@"; do
		k=${a%%[=:.]*}
		[[ ,$show, == *,"$k",* ]] && [[ $a != *.* ]] && want+=("$a")
	done
	[ ${#want[@]} -gt 0 ] || want=("$1")
	row "$fault" "${want[*]}" "$seen" "$ms" "$LIMIT" "$v" "${why[*]}"
}

scenario_absent() {
	cw "$TESTBED_DIR/r.json" $((DL_SERVICE + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "pcscd absent" service guard service=no-service faq=1 service.detail.pcsc_error=0x8010001D \
		"service.advice=~pcscd" reader=not-run
}

scenario_service() {
	# Killed mid-run: cardwiz reads --pin-fd only when the PIN check comes, so a FIFO holds it
	# there (after the card and token checks) while pcscd is killed (as tests/report/t-faults.sh).
	local fifo=$TESTBED_DIR/pin.fifo pid s
	mkfifo "$fifo"
	: >"$TESTBED_APDU_LOG"
	OUT=$TESTBED_DIR/killed.json LIMIT=$((DL_PIN + SLACK))
	"$ROOT/build/cardwiz" --report --format=json --module "$CARDWIZ_TEST_MODULE" --pin-fd 3 3<"$fifo" \
		>"$OUT" 2>"$OUT.err" &
	pid=$!
	exec 4>"$fifo"
	for _ in $(seq 200); do grep -q pipe_read "/proc/$pid/wchan" 2>/dev/null && break; sleep 0.05; done
	testbed-service kill >/dev/null
	s=$(date +%s%N)
	printf '%s\n' "$TESTBED_PIN" >&4
	exec 4>&-
	wait "$pid"
	rc=$?
	ms=$((($(date +%s%N) - s) / 1000000)) # from the kill on
	judge "pcscd killed mid-run" pin guard pin=service-lost token=ok faq=1 diagnosis=service-lost "pin.advice=~pcscd"

	testbed-service restart >/dev/null || echo "FAIL testbed-service restart"
	testbed-service restart --readers=0 >/dev/null || echo "FAIL testbed-service restart --readers=0"
	cw "$TESTBED_DIR/noreaders.json" $((DL_SERVICE + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "pcscd restarted without readers" reader guard service=ok reader=no-readers faq=3 \
		reader.detail.pcsc_error=0x8010002E card=not-run

	testbed-service restart --readers=2 >/dev/null || echo "FAIL testbed-service restart --readers=2"
	cw "$TESTBED_DIR/back.json" $((DL_SIGN + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "pcscd restarted with readers again" reader,card,sign reader=ok card=ok nine-pass
}

scenario_pulled_sign() {
	# GENERAL AUTHENTICATE comes chained in two APDUs: #1-2 decrypt, #3-4 sign: the card goes at #3.
	cw "$TESTBED_DIR/r.json" $((DL_SIGN + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "card pulled during the signature" sign sign=card-removed crypt=ok faq=2 diagnosis=card-removed \
		"sign.advice=~Insert the card again"
}

# swap_card INSERT-ARGS...: pull the card, put in another.
swap_card() {
	testbed-card remove >/dev/null 2>&1
	testbed-card insert "$@" >/dev/null || echo "FAIL testbed-card insert $*"
}

scenario_cards() {
	cw "$TESTBED_DIR/broken.json" $((DL_CARD + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "broken card (6F00 to all)" card guard card=card-unsupported card.detail.first_sw=6F00 faq=2 \
		module=no-token "card.advice=~card"

	swap_card --card=mute
	cw "$TESTBED_DIR/mute.json" $((DL_CARD + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "mute card" card guard card=card-mute "card.detail.helper=timed out" faq=2 module=card-mute \
		"card.advice=~wipe the chip"

	swap_card --card=garbage
	cw "$TESTBED_DIR/garbage.json" $((DL_MODULE + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "card answers garbage to the PIV applet" card,module guard card:status=pass module=no-token faq=2

	swap_card --card=piv "--atr=FF 12 34 56"
	cw "$TESTBED_DIR/atr-garbage.json" $((DL_CARD + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "garbage ATR (FF 12 34 56)" card guard card=protocol-mismatch card.detail.pcsc_error=0x8010000F \
		"card.detail.atr_error=~bad TS" faq=2 "card.advice=~answer to reset"

	swap_card --card=piv --atr=3B
	cw "$TESTBED_DIR/atr-ts.json" $((DL_CARD + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "truncated ATR (TS only: 3B)" card guard card=protocol-mismatch "card.detail.atr_error=~T0 missing" faq=2

	# Cut after 7 bytes: pcscd takes it, the card answers; cardwiz names what is missing.
	swap_card --card=piv "--atr=3B 8B 80 01 00 31 C1"
	cw "$TESTBED_DIR/atr-cut.json" $((DL_SIGN + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "truncated ATR (historical bytes cut)" card card=card-unknown \
		"card.detail.atr_error=~historical bytes missing" faq=2 "card.advice=~not in the known lists"
}

scenario_modules() {
	printf 'not a shared object\n' >"$TESTBED_DIR/notelf.so"
	local noentry
	noentry=$(ls /usr/lib/*/libz.so.1 /lib/*/libz.so.1 2>/dev/null | head -n 1)
	CW_MODULE=$TESTBED_DIR/missing.so cw "$TESTBED_DIR/missing.json" $((DL_MODULE + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "module missing" module,driver guard module=module-load-failed driver=module-missing faq=1 \
		"driver.advice=~module"
	CW_MODULE=$TESTBED_DIR/notelf.so cw "$TESTBED_DIR/notelf.json" $((DL_MODULE + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "module not an ELF file" module guard module=module-load-failed faq=1 "module.detail.note=~notelf.so"
	CW_MODULE=$noentry cw "$TESTBED_DIR/noentry.json" $((DL_MODULE + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "module lacks C_GetFunctionList" module guard module=module-load-failed faq=1 \
		"module.detail.note=~C_GetFunctionList"
}

scenario_certs() {
	cw "$TESTBED_DIR/none.json" $((DL_SIGN + SLACK)) --pin-fd 3 3<"$(pin_file)"
	# No certificate at all: the diagnosis is cert-missing. Known bug (2026-11): crypt and sign say
	# key-missing ("no certificate for this use", src/probe/keyops.c) and, coming first, that becomes
	# the diagnosis, whose advice reads "The card has the certificate but not its key ... Get a new
	# card" — false here, and it sends the user to the registration office for the wrong reason.
	judge "token without certificates" enc-cert,sign-cert,crypt,diagnosis enc-cert=cert-missing \
		sign-cert=cert-missing diagnosis=cert-missing

	swap_card --certs=corrupt-sign
	cw "$TESTBED_DIR/corrupt.json" $((DL_SIGN + SLACK)) --pin-fd 3 3<"$(pin_file)"
	# 9C's certificate is there but does not decode (notBefore month 13): the signature certificate
	# check must not pass on another certificate in its place. Known bug (2026-11): read_certs
	# (src/probe/token.c) drops a certificate cw_cert_summarize refuses without a word, and
	# cw_cert_pick then takes 9A's (PIV Authentication, digitalSignature) as the signature
	# certificate: sign-cert passes with key_id 01, the report says every check passed.
	judge "certificate not valid (9C corrupt)" sign-cert sign-cert:status=fail
}

scenario_pin() {
	local i
	for i in 1 2; do pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin 000000 -O >/dev/null 2>&1; done
	cw "$TESTBED_DIR/final.json" $((DL_PIN + SLACK)) --pin-fd 3 3<"$(pin_file)"
	judge "final try (no --allow-final-try)" token,pin guard token=pin-final-try token.detail.tries_left=1 \
		pin=refused-final-try "token.advice=~locks the card"
	pkcs11-tool --module "$CARDWIZ_TEST_MODULE" --login --pin 000000 -O >/dev/null 2>&1
	cw "$TESTBED_DIR/locked.json" $((DL_PIN + SLACK)) --allow-final-try --pin-fd 3 3<"$(pin_file)"
	judge "locked PIN" token,pin guard token=pin-locked pin=pin-locked faq=5 diagnosis=pin-locked crypt=not-run
}

# ---- the unlock form, in the wizard ----

# The action's result line under the form, as the code it names.
TITLES='✓ Unlocked=unlock-ok|✗ Wrong PUK=puk-incorrect|✗ PUK locked=puk-locked|✗ The card was removed during the work=card-removed|✗ The module is set up to refuse unlocking=unlock-refused-by-module|✗ The card does not answer=card-mute|✗ The PIN is locked=pin-locked'
screen_code() {
	local pair
	IFS='|' read -r -a pairs <<<"$TITLES"
	for pair in "${pairs[@]}"; do
		grep -qF -- "${pair%%=*}" <<<"$1" && { echo "${pair#*=}"; return; }
	done
	echo "(none)"
}

# unlock_try FAULT WANT-CODE PUK [guard]: type PUK, the new PIN twice, Enter; time it to the result.
unlock_try() {
	local fault=$1 want=$2 puk=$3 guard=${4:-} why=() s seen v
	: >"$TESTBED_APDU_LOG"
	tm_text "$puk"; tm_keys Enter
	tm_text "$NEW_PIN"; tm_keys Enter
	tm_text "$NEW_PIN"; tm_keys Enter
	# OpenSC shows no PUK counter: the form asks before anything goes (the card policy).
	tm_wait 'PUK tries are left' 10 || why+=("no confirmation asked for the unknown PUK count")
	s=$(date +%s%N)
	tm_keys 1 # the confirmation: [1 Send]
	# The result under the form, or the form gone (the wizard moved elsewhere without one).
	tm_wait '^    (✓|✗) |^ [^ ].*\(FAQ [0-9]\)$' $(((DL_ACTION + SLACK) / 1000 + 5)) || why+=("nothing on screen")
	while grep -q 'Unblock code' <<<"$TM_SEEN" && ! grep -qE '^    (✓|✗) ' <<<"$TM_SEEN" &&
		[ $(($(date +%s%N) - s)) -lt $(((DL_ACTION + SLACK + 5000) * 1000000)) ]; do
		sleep 0.02
		TM_SEEN=$(tm_screen)
	done
	ms=$((($(date +%s%N) - s) / 1000000))
	if grep -qE '^    (✓|✗) ' <<<"$TM_SEEN"; then
		seen=$(screen_code "$(grep -E '^    (✓|✗) ' <<<"$TM_SEEN")")
	else
		seen="no result: the form closed, the step is \"$(sed -n 5p <<<"$TM_SEEN" | sed -E 's/^ +//; s/ +\(FAQ [0-9]\)$//')\""
		printf '%s\n' "$TM_SEEN" | sed 's/^/     |/'
	fi
	v=$(pin_verifies)
	[ "$seen" = "$want" ] || why+=("want $want")
	[ "$ms" -le $((DL_ACTION + SLACK)) ] || why+=("took $ms ms, over $((DL_ACTION + SLACK))")
	[ "$guard" = guard ] && [ "$v" != 0 ] && why+=("$v VERIFY with a PIN sent where the guard forbids")
	[ "$guard" = guard ] && v="$v (0 allowed)"
	tm_alive || why+=("cardwiz ended (status $(cat "$TM_WORK/rc"))")
	row "$fault" "unlock form: $want" "$seen" "$ms" $((DL_ACTION + SLACK)) "$v" "${why[*]}"
}

tm_alive() { [ ! -s "$TM_WORK/rc" ]; }

# to_unlock_form: a card locked by OpenSC's own tool, the wizard started, its unlock form opened.
to_unlock_form() {
	lock_card_with_opensc || { echo "FAIL the card did not lock"; fail=1; return 1; }
	tm_start -- || { echo "FAIL tmux"; fail=1; return 1; }
	# A locked PIV card's first screen is its PUK form (issue 14, 4).
	tm_wait 'Unblock code \(PUK\):' 20 || { echo "FAIL no unlock form:"; echo "$TM_SEEN"; fail=1; return 1; }
}

# end_wizard: Esc (leave the form), q; exit 0 or 1 and nothing on stderr, else a row says so.
end_wizard() {
	tm_keys Escape
	sleep 0.2
	tm_quit
	local why=()
	case ${TM_RC:-} in 0 | 1) ;; *) why+=("exit status ${TM_RC:-none (still running)}") ;; esac
	[ -s "$TM_WORK/stderr" ] && why+=("stderr: $(head -c 160 "$TM_WORK/stderr")")
	[ ${#why[@]} -eq 0 ] || row "$1 (wizard's end)" "exit 0/1, no stderr" "exit ${TM_RC:-?}" - - - "${why[*]}"
	tm_stop
}

scenario_puk() {
	. "$ROOT/tests/faults/tmux.sh"
	trap tm_stop EXIT
	to_unlock_form || return
	unlock_try "wrong PUK" puk-incorrect "$WRONG_PUK" guard
	unlock_try "PUK blocked by its last wrong try" puk-locked "$WRONG_PUK" guard
	# Blocked: even the right PUK is refused by the card, and no PIN follows.
	unlock_try "blocked PUK (the right one)" puk-locked "$TESTBED_PUK" guard
	end_wizard "blocked PUK"
}

scenario_pulled_unlock() {
	. "$ROOT/tests/faults/tmux.sh"
	trap tm_stop EXIT
	to_unlock_form || return
	# --drop-at=2C: the card goes at RESET RETRY COUNTER, the unlock's own command. Known bug
	# (2026-11): the card-removed event interrupts the helper with the unlock in flight
	# (tui_drive.c event() → interrupt() → cw_checker_abandon), so the form never shows the
	# unlock's result and closes as the wizard moves to "No card detected" (under load it has also
	# landed on "The module does not see the card", offering "It is a MOICA citizen card").
	unlock_try "card pulled during an unlock" card-removed "$TESTBED_PUK" guard
	end_wizard "card pulled during an unlock"
}

if [ $# -gt 0 ]; then "scenario_$1"; exit $fail; fi

# ---- outside: one test bed per group of faults, then the table ----------------------------------

command -v tmux >/dev/null || { echo "skip: tmux is not installed"; exit 77; }
[ -x build/cardwiz ] && [ -x build/vcard ] && [ -x build/pcsc-wait ] || { echo "skip: build first (make test-only)"; exit 77; }
MATRIX=$(mktemp)
export MATRIX TM_ID=$$
trap 'rm -f "$MATRIX"' EXIT
start=$(date +%s)
for spec in \
	"absent:--service=none" \
	"service:--apdu-log=@log" \
	"pulled_sign:--drop-at=87:3,--apdu-log=@log" \
	"cards:--card=broken,--apdu-log=@log" \
	"modules:--apdu-log=@log" \
	"certs:--certs=none,--apdu-log=@log" \
	"pin:--apdu-log=@log" \
	"puk:--opensc-unblock,--puk-tries=2,--apdu-log=@log" \
	"pulled_unlock:--opensc-unblock,--drop-at=2C,--apdu-log=@log"; do
	name=${spec%%:*}
	IFS=, read -r -a args <<<"${spec#*:}"
	log=$(mktemp)
	args=("${args[@]//@log/$log}")
	echo "--- $name (${args[*]})"
	"$TB" "${args[@]}" -- "$0" "$name" || fail=1
	rm -f "$log"
done

echo
echo "Fault matrix (issue 8): $(grep -c . "$MATRIX") faults in $(($(date +%s) - start)) s"
python3 - "$MATRIX" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
head = ["fault", "expected", "code seen", "ms (limit)", "PIN VERIFYs", "result"]
table = [[r[0], r[1], r[2], f"{r[3]} ({r[4]})", r[5], r[6]] for r in rows]
w = [max(len(x[i]) for x in table + [head]) for i in range(len(head))]
line = lambda x: "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(x)) + " |"
print(line(head))
print("|" + "|".join("-" * (n + 2) for n in w) + "|")
for r in table:
    print(line(r))
bad = [r for r in rows if r[6] != "pass"]
for r in bad:
    print(f"FAIL {r[0]}: {r[7]}")
PY
grep -qP '\tFAIL\t' "$MATRIX" && fail=1
exit $fail
