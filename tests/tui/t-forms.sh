#!/usr/bin/env bash
# t-forms.sh — the forms typed into on screen: export the certificates (PEM, to the path typed,
# never over an existing file), save the report (JSON by its .json name, the same diagnosis as
# `cardwiz --report --format=json`; text otherwise; no overwrite), and the help (?) naming every key.
set -u
. "$(dirname "$0")/lib.sh"

# to_all_done: start in English, type the PIN, wait for the end node.
to_all_done() {
	tui_start --lang=en
	wait_for '^    PIN:'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'All done'
}

# fingerprints FILE: the SHA-256 fingerprints of every certificate in a PEM file, sorted.
fingerprints() {
	local tmp; tmp=$(mktemp -d)
	awk -v d="$tmp" '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > (d "/" n ".pem") }' "$1"
	local f
	for f in "$tmp"/*.pem; do
		[ -e "$f" ] && openssl x509 -in "$f" -noout -fingerprint -sha256 | cut -d= -f2
	done | sort
	rm -rf "$tmp"
}

# report_diagnosis [--pin]: the diagnosis code of `cardwiz --report --format=json` on this card now.
report_diagnosis() {
	local pin=$TUI_WORK/pin
	printf '%s\n' "$TESTBED_PIN" >"$pin"
	"$CARDWIZ" --report --format=json --module "$CARDWIZ_TEST_MODULE" --pin-fd 3 3<"$pin" \
		>"$TUI_WORK/report.json" 2>/dev/null
	rm -f "$pin"
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["diagnosis"]["code"])' "$TUI_WORK/report.json"
}

# save_report PATH: key s, the path typed over the default name, Enter.
save_report() {
	send s
	wait_for '^  Save the report'
	clear_field
	send_text "$1"
	send Enter
}

# json_diagnosis FILE: the diagnosis code of a saved JSON report ("invalid" when it is not JSON).
json_diagnosis() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["diagnosis"]["code"])' "$1" 2>/dev/null || echo invalid
}

scenario_export() {
	to_all_done
	send 6
	wait_for '^  Export the certificates \(PEM\)'
	expect_screen export-form <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
 All done: no problem found
  Export the certificates (PEM)
    Save to file:         cardwiz-certs-YYYYMMDD-HHMMSS.pem
    [Enter OK]  [Esc cancel]










  [1 Install the signing component] [2 Import the certificate]
  [3 I forgot the PIN] [4 Change the PIN] [5 Full test (9 checks)]
  [6 Export the certificates] [7 Save a report] [8 Start over] [9 Quit]
────────────────────────────────────────────────────────────────────────────────

 Enter OK/next  Tab next/button  Esc cancel (keys go to the field)
EOF
	clear_field
	send_text certs.pem
	send Enter
	wait_for 'Certificates exported'
	expect_screen export-done <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
 All done: no problem found
  Export the certificates (PEM)
    Save to file:         certs.pem
    ✓ Certificates exported — /TESTBED/tui/cwd/certs.pem
    (3)
    [Enter continue]








  [1 Install the signing component] [2 Import the certificate]
  [3 I forgot the PIN] [4 Change the PIN] [5 Full test (9 checks)]
  [6 Export the certificates] [7 Save a report] [8 Start over] [9 Quit]
────────────────────────────────────────────────────────────────────────────────

 Enter continue  Esc close  l lang  ? help  q quit
EOF
	local pem=$TUI_WORK/cwd/certs.pem
	[ -f "$pem" ] || die "no file $pem after the export"
	# PEM that openssl reads: the card's certificates, the signature (9C) and encryption (9D) ones
	# among them (the test bed's PIV card also holds the 9A authentication certificate).
	local got want n
	got=$(fingerprints "$pem")
	n=$(grep -c 'BEGIN CERTIFICATE' "$pem")
	want=$(cat "$TESTBED_DIR"/certs/9[acd].crt | fingerprints /dev/stdin)
	[ "$n" -ge 2 ] && ok "the PEM file holds $n certificates" || bad "the PEM file holds $n certificates"
	[ "$got" = "$want" ] && ok "they are the card's certificates (9A 9C 9D, by SHA-256)" ||
		bad "the exported certificates are not the card's: got $got, want $want"
	grep -qF "$(fingerprints "$TESTBED_DIR/certs/9c.crt")" <<<"$got" && ok "the signature certificate is in it" || bad "no signature certificate"
	grep -qF "$(fingerprints "$TESTBED_DIR/certs/9d.crt")" <<<"$got" && ok "the encryption certificate is in it" || bad "no encryption certificate"
	# Again to the same path: refused, the file untouched.
	local sum; sum=$(sha256sum <"$pem")
	send Enter
	wait_gone 'Certificates exported'
	send 6
	wait_for '^  Export the certificates \(PEM\)'
	clear_field
	send_text certs.pem
	send Enter
	wait_for 'Export failed'
	expect_screen export-refused <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
 All done: no problem found
  Export the certificates (PEM)
    Save to file:         certs.pem
    ✗ Export failed — /TESTBED/tui/cwd/certs.pem: File
    exists
    The file could not be written. Check the path and permissions, and that
    the file does not exist yet.
    [Enter OK]  [Esc cancel]






  [1 Install the signing component] [2 Import the certificate]
  [3 I forgot the PIN] [4 Change the PIN] [5 Full test (9 checks)]
  [6 Export the certificates] [7 Save a report] [8 Start over] [9 Quit]
────────────────────────────────────────────────────────────────────────────────

 Enter OK/next  Tab next/button  Esc cancel (keys go to the field)
EOF
	on_screen 'exists' "the second export says the file exists"
	[ "$(sha256sum <"$pem")" = "$sum" ] && ok "the existing file is untouched" || bad "the existing PEM file was changed"
	send Escape
	wait_gone 'Export failed'
}

scenario_report() {
	to_all_done
	save_report report.json
	wait_for 'Report saved to'
	expect_screen report-saved <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
 All done: no problem found
  Save the report
    Save to file:         report.json
    Report saved to /TESTBED/tui/cwd/report.json
    [Enter continue]









  [1 Install the signing component] [2 Import the certificate]
  [3 I forgot the PIN] [4 Change the PIN] [5 Full test (9 checks)]
  [6 Export the certificates] [7 Save a report] [8 Start over] [9 Quit]
────────────────────────────────────────────────────────────────────────────────

 Enter continue  Esc close  l lang  ? help  q quit
EOF
	local saved=$TUI_WORK/cwd/report.json
	[ -f "$saved" ] || die "no file $saved after the save"
	local d; d=$(json_diagnosis "$saved")
	[ "$d" != invalid ] && ok "the saved report is JSON (diagnosis $d)" || bad "the saved report is not JSON: $(head -c 200 "$saved")"
	if grep -qF "$TESTBED_PIN" "$saved"; then bad "the PIN is in the saved report"; else ok "no PIN in the saved report"; fi
	# Not over an existing file.
	send Enter
	wait_gone 'Report saved to'
	local sum; sum=$(sha256sum <"$saved")
	save_report report.json
	wait_for 'Could not save'
	on_screen 'exists \(not overwritten\)' "a second save to the same path is refused"
	[ "$(sha256sum <"$saved")" = "$sum" ] && ok "the saved report is untouched" || bad "the saved report was overwritten"
	send Escape
	# Any other name: text.
	save_report report.txt
	wait_for 'Report saved to'
	if [ "$(json_diagnosis "$TUI_WORK/cwd/report.txt")" = invalid ] && grep -q '^Diagnosis' "$TUI_WORK/cwd/report.txt"; then
		ok "report.txt is the text report"
	else
		bad "report.txt is not the text report: $(head -c 200 "$TUI_WORK/cwd/report.txt")"
	fi
	send Enter
	wait_gone 'Report saved to'
	# The help names every key.
	send '?'
	wait_for '^  Keys$'
	expect_screen help <<'EOF'
 cardwiz — smart-card troubleshooter                                  [English]
 Reader: Virtual PCD 00 00 | Card: PIV | PIN: -
 … › Signature certificate ✓ › Signing component ? › Certificate import ✓
────────────────────────────────────────────────────────────────────────────────
  Keys
    Up Down Tab  choose a button or field
    Enter        do the chosen button; in a form: OK or the next field
    1-9          do that button
    Left or b    back to the previous step
    PgUp PgDn    scroll the text
    Esc          close a form or help; abandon a running check
    r            run this step's check again
    t            the full test (the HiCOS tool's 9 checks)
    s            save the report (text or JSON)
    l            switch language 中文 / English
    ?            this help
    q            quit

  Only the holder types the PIN; tell no one, helpdesk staff included.
  Manual: man cardwiz

────────────────────────────────────────────────────────────────────────────────

 q quit  Esc back
EOF
	local k
	for k in 'Up' 'Down' 'Tab' 'Enter' 'Esc' 'Left' ' b ' 'PgUp' 'PgDn' '^    r ' '^    t ' '^    s ' '^    l ' '^    \? ' '^    q '; do
		on_screen "$k" "the help names the key /$k/"
	done
	on_screen '(1-9|1–9|1 to 9|1…9|1\.\.9|[Dd]igit|[Nn]umber)' "the help names the digit keys (1-9 choose a button)"
	on_screen 'helpdesk staff included' "the help's PIN warning is whole (not cut at 80 columns)"
	send Escape
	wait_for '^  \[1 Install'
	send q
	wait_exit
	# The same card, the same diagnosis as the one-shot report.
	local r; r=$(report_diagnosis)
	[ "$d" = "$r" ] && ok "the saved report's diagnosis ($d) is --report's" || bad "saved diagnosis $d, --report says $r"
}

scenario_report_expired() {
	# A card with a problem: the diagnosis saved from the wizard is --report's (cert-expired).
	tui_start --lang=en
	wait_for '^    PIN:'
	type_secret "$TESTBED_PIN"
	send Enter
	wait_for 'certificate has expired'
	save_report expired.json
	wait_for 'Report saved to'
	local d; d=$(json_diagnosis "$TUI_WORK/cwd/expired.json")
	send Enter
	send q
	wait_exit
	[ "$tui_rc" = 1 ] && ok "exit 1: something failed" || bad "exit $tui_rc, want 1 (an expired certificate)"
	local r; r=$(report_diagnosis)
	[ "$d" = "$r" ] && [ "$d" = cert-expired ] && ok "diagnosis $d, as --report says" || bad "saved diagnosis $d, --report says $r (want cert-expired)"
}

if [ $# -gt 0 ]; then in_scenario "$1"; fi
run_scenarios export:--card=piv report:--card=piv report_expired:--certs=expired-enc
