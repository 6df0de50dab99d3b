#!/usr/bin/env python3
"""jcheck.py — assert facts of a cardwiz --report --format=json document.

usage: jcheck.py FILE ASSERTION...
  CHECK=CODE          the check's code (e.g. card=no-card)
  CHECK:status=S      the check's status
  CHECK.detail.KEY=V  a detail value (V may be ~SUBSTRING, !SUBSTRING for not containing it, or - for absent)
  CHECK.advice=V      the check's advice (V may be ~SUBSTRING, or !SUBSTRING for not containing it)
  faq=N|null          the diagnosis FAQ item
  diagnosis=CODE      the diagnosis code
  node=ID             the wizard node the results lead to (the engine's walk)
  verdict=V           the verdict: ok, ok-untested or problem
  untested=A,B        the untested checks, in order ("" for none)
  lang=zh_TW|en
  nine-pass           the nine HiCOS checks all pass
Prints each assertion as ok/FAIL; exits 1 when any failed.
"""
import json
import sys

HICOS = ["os", "reader", "driver", "card", "pin", "crypt", "sign", "enc-cert", "sign-cert"]


def main():
    doc = json.load(open(sys.argv[1]))
    checks = {c["id"]: c for c in doc["checks"]}
    failed = 0
    for a in sys.argv[2:]:
        ok, seen = check(doc, checks, a)
        print(("ok   " if ok else "FAIL ") + a + ("" if ok else f" (seen {seen})"))
        failed += not ok
    if failed:
        for c in doc["checks"]:
            print(f"     {c['id']}: {c['status']} {c['code']} {c['detail'].get('note', '')}")
    sys.exit(1 if failed else 0)


def check(doc, checks, a):
    if a == "nine-pass":
        bad = [f"{i}={checks[i]['code']}" for i in HICOS if checks[i]["status"] != "pass"]
        return not bad, ",".join(bad)
    key, want = a.split("=", 1)
    if key == "faq":
        seen = doc["diagnosis"]["faq"]
        return ("null" if seen is None else str(seen)) == want, seen
    if key == "node":
        seen = doc["diagnosis"].get("node")
        return seen == want, seen
    if key == "verdict":
        return doc.get("verdict") == want, doc.get("verdict")
    if key == "untested":
        seen = ",".join(doc.get("untested", []))
        return seen == want, seen
    if key == "diagnosis":
        return doc["diagnosis"]["code"] == want, doc["diagnosis"]["code"]
    if key == "lang":
        return doc["lang"] == want, doc["lang"]
    if ":status" in key:
        c = checks[key.split(":")[0]]
        return c["status"] == want, c["status"]
    if key.endswith(".advice"):
        seen = checks[key[:-7]]["advice"]
        if want.startswith("!"):
            return want[1:] not in seen, seen
        return (want[1:] in seen) if want.startswith("~") else seen == want, seen
    if ".detail." in key:
        cid, _, dkey = key.split(".", 2)
        seen = checks[cid]["detail"].get(dkey)
        if want.startswith("~"):
            return seen is not None and want[1:] in seen, seen
        if want.startswith("!"):
            return seen is not None and want[1:] not in seen, seen
        if want == "-":
            return seen is None, seen
        return seen == want, seen
    return checks[key]["code"] == want, checks[key]["code"]


if __name__ == "__main__":
    main()
