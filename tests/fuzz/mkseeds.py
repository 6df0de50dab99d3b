#!/usr/bin/env python3
"""mkseeds.py — write the seed inputs of the proto and vcard fuzz targets (tests/fuzz/proto/, tests/fuzz/vcard/).

The other targets' seeds are real files (wizard YAML, ATRs, smartcard_list excerpts, certificates).
These two are binary and built here so that they can be read and changed: run it from anywhere;
it rewrites only the files named below (crash regressions added by hand are kept).
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- proto: request and answer bodies (include/cw/proto.h, src/helper/proto.c) ----
OP, CHECK, FLAGS, READER, MODULE, WIZARD, PATH, PIN, PUK, NEW_PIN = range(1, 11)
CODE, NOTE, DKEY, DVALUE = 32, 33, 34, 35
OP_CHECK, OP_QUIT, OP_UNLOCK, OP_CHANGE_PIN, OP_EXPORT = 1, 2, 3, 4, 5


def tlv(tag, value):
    if isinstance(value, int):
        value = struct.pack(">I", value)
    if isinstance(value, str):
        value = value.encode()
    return bytes([tag]) + struct.pack(">H", len(value)) + value


def framed(body):
    return struct.pack(">I", len(body)) + body


MODULE_PATH = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"
PROTO = {
    "req-check-os": tlv(OP, OP_CHECK) + tlv(CHECK, 0) + tlv(FLAGS, 0),
    "req-check-pin": tlv(OP, OP_CHECK) + tlv(CHECK, 7) + tlv(FLAGS, 3) + tlv(READER, "Virtual PCD 00 00")
    + tlv(MODULE, MODULE_PATH) + tlv(WIZARD, "/usr/local/share/cardwiz/faq.yaml") + tlv(PIN, "123456"),
    "req-unlock": tlv(OP, OP_UNLOCK) + tlv(CHECK, 7) + tlv(FLAGS, 0) + tlv(PUK, "12345678") + tlv(NEW_PIN, "654321"),
    "req-change-pin": tlv(OP, OP_CHANGE_PIN) + tlv(CHECK, 7) + tlv(PIN, "123456") + tlv(NEW_PIN, "654321"),
    "req-export": tlv(OP, OP_EXPORT) + tlv(CHECK, 11) + tlv(PATH, "/tmp/cardwiz-certs.pem"),
    "req-quit": tlv(OP, OP_QUIT),
    "req-secret-too-long": tlv(OP, OP_CHECK) + tlv(PIN, "9" * 129),
    "req-truncated": (tlv(OP, OP_CHECK) + tlv(READER, "Virtual PCD 00 00"))[:-4],
    "req-nul-in-string": tlv(OP, OP_CHECK) + tlv(READER, "Virtual\0PCD"),
    "res-ok": tlv(CHECK, 4) + tlv(CODE, 0) + tlv(NOTE, "PIV") + tlv(DKEY, "atr")
    + tlv(DVALUE, "3B 8B 81 31 FE 15 80 F9 A0 00 00 03 08 00 00 10 00 12") + tlv(DKEY, "applet") + tlv(DVALUE, "PIV"),
    "res-full-table": tlv(CHECK, 11) + tlv(CODE, 1) + b"".join(
        tlv(DKEY, "key%02d" % i) + tlv(DVALUE, "v" * (i * 15)) for i in range(18)),
    "res-value-without-key": tlv(CHECK, 1) + tlv(CODE, 0) + tlv(DVALUE, "orphan"),
    "res-empty-value": tlv(CHECK, 1) + tlv(CODE, 0) + tlv(DKEY, "note") + tlv(DVALUE, ""),
    "stream-two-frames": framed(tlv(OP, OP_CHECK) + tlv(CHECK, 1)) + framed(tlv(CHECK, 1) + tlv(CODE, 0)),
    "stream-oversize": struct.pack(">I", 70000) + b"\x01\x00\x04",
}

# ---- vcard: an option byte, then vpcd frames (2-byte length, body; 1 byte = control) ----
PIV_AID = bytes.fromhex("A000000308000010000100")


def frame(body):
    return struct.pack(">H", len(body)) + body


def apdu(hexstr, data=b"", le=None):
    b = bytes.fromhex(hexstr)
    if data:
        b += bytes([len(data)]) + data
    if le is not None:
        b += bytes([le])
    return b


def pin8(s):
    return s.encode() + b"\xff" * (8 - len(s))


def get_data(tag):
    return apdu("00CB3FFF", bytes.fromhex("5C03") + tag.to_bytes(3, "big"), 0)


def ga(alg, ref, chal):
    tmpl = b"\x82\x00\x81" + (bytes([len(chal)]) if len(chal) < 128 else b"\x81" + bytes([len(chal)])) + chal
    return b"\x7c" + (bytes([len(tmpl)]) if len(tmpl) < 128 else b"\x81" + bytes([len(tmpl)])) + tmpl


POWER = [b"\x01", b"\x04"]
SELECT = apdu("00A40400", PIV_AID, 0)
OPENSC_BIND = POWER + [SELECT, get_data(0x5FC102), apdu("00CB3FFF", bytes.fromhex("5C017E"), 0),
                       get_data(0x5FC10A), apdu("00C00000", le=0), apdu("00200080")]
rsa_chal = b"\x00\x01" + b"\xff" * 100 + b"\x00" + bytes(range(25))  # 128 bytes, below any 1024-bit modulus
ga9a = ga(0x06, 0x9A, rsa_chal)
VCARD = {
    "opensc-bind": (0, OPENSC_BIND),
    "sign-ec-9c": (0, OPENSC_BIND + [apdu("00200080", pin8("123456")),
                                     apdu("0087119C", ga(0x11, 0x9C, bytes(range(32))), 0)]),
    "decrypt-rsa-9a-chained": (0, POWER + [SELECT, apdu("00200080", pin8("123456")),
                                           apdu("1087069A", ga9a[:64]), apdu("0087069A", ga9a[64:], 0),
                                           apdu("00C00000", le=0)]),
    "card-auth-9e": (0, POWER + [SELECT, apdu("0087119E", ga(0x11, 0x9E, bytes(32)), 0)]),
    "admin-challenge-9b": (0, POWER + [SELECT, apdu("0087009B", bytes.fromhex("7C028100"), 0)]),
    "lock-then-unblock": (0, POWER + [SELECT] + [apdu("00200080", pin8("000000"))] * 4
                          + [apdu("00200080", pin8("123456")),
                             apdu("002C0080", pin8("12345678") + pin8("654321")),
                             apdu("00200080", pin8("654321"))]),
    "wrong-puk-blocked": (0, POWER + [SELECT] + [apdu("002C0080", pin8("00000000") + pin8("654321"))] * 4),
    "change-pin": (0, POWER + [SELECT, apdu("00240080", pin8("123456") + pin8("246810")),
                               apdu("00240081", pin8("12345678") + pin8("87654321")), apdu("00200080", b"")]),
    "logout-reset": (0, POWER + [SELECT, apdu("00200080", pin8("123456")), apdu("00FF0080"),
                                 apdu("002000FF"), b"\x02", b"\x00", apdu("00200080")]),
    "extended-get-data": (0, POWER + [SELECT, bytes.fromhex("00CB3FFF0000055C035FC10B0000"),
                                      bytes.fromhex("00CB3FFF000000")]),
    "bad-cla-and-lengths": (0, POWER + [bytes.fromhex("80A40400"), bytes.fromhex("0CA4"), bytes.fromhex("00A4040005A000"),
                                        bytes.fromhex("00A40400FF"), bytes.fromhex("01CB3FFF")]),
    "applet-none": (1, POWER + [SELECT, get_data(0x5FC102)]),
    "applet-garbage": (2, POWER + [SELECT, get_data(0x5FC102), apdu("00C00000", le=0)]),
    "broken": (4, POWER + [SELECT, apdu("00200080")]),
    "drop-at-87": (8, [b"\x87"] + POWER + [SELECT, apdu("00200080", pin8("123456")),
                                           apdu("0087119C", ga(0x11, 0x9C, bytes(32)), 0),
                                           apdu("0087119C", ga(0x11, 0x9C, bytes(32)), 0)]),
}


def write(dirname, name, data):
    path = os.path.join(HERE, dirname, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    for name, body in PROTO.items():
        write("proto", name, body)
    for name, (opt, frames) in VCARD.items():
        if opt & 8:  # the INS byte --drop-at uses rides before the frames
            data = bytes([opt]) + frames[0] + b"".join(frame(f) for f in frames[1:])
        else:
            data = bytes([opt]) + b"".join(frame(f) for f in frames)
        write("vcard", name, data)


if __name__ == "__main__":
    main()
