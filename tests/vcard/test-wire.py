#!/usr/bin/env python3
"""test-wire.py - plays vpcd against vcard over TCP: framing, bad input, PIV logic, faults.

usage: test-wire.py VCARD_BINARY CERTS_DIR
CERTS_DIR holds 9a/9c/9d/9e .crt and .key (RSA-2048). Needs only python3 and openssl.
"""
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

VCARD, CERTS = sys.argv[1], sys.argv[2]
DEFAULT_ATR = bytes.fromhex("3B8B8131FE1580F9A0000003080000100012")
PIV_AID = bytes.fromhex("A000000308000010000100")
failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures += 1


class Vpcd:
    """One listening vpcd slot and the vcard process that connects to it."""

    def __init__(self, *args, listen=True):
        self.srv = socket.socket()
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(("127.0.0.1", 0))
        self.port = self.srv.getsockname()[1]
        if listen:
            self.srv.listen(1)
        self.proc = subprocess.Popen([VCARD, "--port", str(self.port), *args])
        self.conn = None
        if listen:
            self.accept()

    def accept(self):
        self.srv.settimeout(10)
        self.conn, _ = self.srv.accept()
        self.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, body):
        self.conn.sendall(struct.pack(">H", len(body)) + body)

    def recv(self, timeout=5):
        self.conn.settimeout(timeout)
        hdr = self._exact(2)
        if hdr is None:
            return None
        return self._exact(struct.unpack(">H", hdr)[0])

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.conn.recv(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def apdu(self, hexstr_or_bytes):
        cmd = bytes.fromhex(hexstr_or_bytes) if isinstance(hexstr_or_bytes, str) else hexstr_or_bytes
        self.send(cmd)
        r = self.recv()
        return r[:-2], r[-2] << 8 | r[-1]

    def full(self, cmd):
        """APDU plus GET RESPONSE until 9000, like OpenSC does."""
        data, sw = self.apdu(cmd)
        while sw >> 8 == 0x61:
            more, sw = self.apdu(bytes([0, 0xC0, 0, 0, sw & 0xFF]))
            data += more
        return data, sw

    def close(self, timeout=5):
        if self.conn:
            self.conn.close()
        self.srv.close()
        return self.proc.wait(timeout)


def pad(pin):
    return pin.encode() + b"\xff" * (8 - len(pin))


def verify(v, pin):
    return v.apdu(bytes.fromhex("00200080") + b"\x08" + pad(pin))[1]


def tlv(tag, value):
    t = tag.to_bytes((tag.bit_length() + 7) // 8, "big")
    n = len(value)
    ln = bytes([n]) if n < 128 else bytes([0x81, n]) if n < 256 else bytes([0x82]) + n.to_bytes(2, "big")
    return t + ln + value


def parse_tlv(data):
    """Top-level BER-TLV list -> dict (multi-byte tags as ints)."""
    out, i = {}, 0
    while i < len(data):
        tag = data[i]
        i += 1
        if tag & 0x1F == 0x1F:
            while True:
                tag = tag << 8 | data[i]
                i += 1
                if not data[i - 1] & 0x80:
                    break
        n = data[i]
        i += 1
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(data[i:i + k], "big")
            i += k
        out[tag] = data[i:i + n]
        i += n
    return out


def modulus(slot):
    out = subprocess.check_output(["openssl", "x509", "-noout", "-modulus", "-in", f"{CERTS}/{slot}.crt"])
    return int(out.decode().strip().split("=")[1], 16)


def cert_der(slot):
    return subprocess.check_output(["openssl", "x509", "-outform", "DER", "-in", f"{CERTS}/{slot}.crt"])


def gen_auth(v, keyref, challenge, alg=0x07):
    """GENERAL AUTHENTICATE with command chaining as OpenSC sends it (255-byte parts)."""
    body = tlv(0x7C, tlv(0x82, b"") + tlv(0x81, challenge))
    parts = [body[i:i + 255] for i in range(0, len(body), 255)]
    for p in parts[:-1]:
        data, sw = v.apdu(bytes([0x10, 0x87, alg, keyref, len(p)]) + p)
        if sw != 0x9000:
            return None, sw
    last = parts[-1]
    return v.full(bytes([0x00, 0x87, alg, keyref, len(last)]) + last + b"\x00")


def rsa_ok(v, keyref, slot):
    n = modulus(slot)
    m = random.randrange(2, n - 1)
    data, sw = gen_auth(v, keyref, m.to_bytes(256, "big"))
    if sw != 0x9000:
        return sw
    sig = parse_tlv(parse_tlv(data)[0x7C])[0x82]
    return 0x9000 if pow(int.from_bytes(sig, "big"), 65537, n) == m and len(sig) == 256 else -1


def test_framing(v):
    v.send(b"\x04")
    check(v.recv() == DEFAULT_ATR, "control 04 answers the default ATR")
    v.send(b"\x01")  # power on: no answer expected; the next answer must be the APDU's
    v.send(b"\x07")  # unknown control byte: ignored
    check(v.apdu("00A40400")[1] == 0x9000, "no answer to power on / unknown control byte")
    for frame, sw, what in [
        (b"", 0x6700, "length prefix 0"),
        (bytes.fromhex("00A4"), 0x6700, "2-byte frame"),
        (bytes.fromhex("00A404"), 0x6700, "3-byte frame"),
        (bytes.fromhex("00A4040009A000"), 0x6700, "Lc larger than data"),
        (bytes.fromhex("00A4040002A0000308"), 0x6700, "Lc smaller than data"),
        (bytes.fromhex("00A4040000"), 0x9000, "SELECT with Le only"),
        (bytes.fromhex("000000"), 0x6700, "3 zero bytes"),
        (bytes.fromhex("00B0000000"), 0x6D00, "unknown INS B0"),
        (bytes.fromhex("00FF0000"), 0x6D00, "unknown INS FF"),
        (bytes.fromhex("80CB3FFF055C035FC10200"), 0x6E00, "proprietary CLA 80"),
        (bytes.fromhex("FFCA000000"), 0x6E00, "PC/SC pseudo CLA FF"),
        (bytes.fromhex("0CCB3FFF055C035FC10200"), 0x6882, "secure messaging CLA 0C"),
        (bytes.fromhex("01CB3FFF055C035FC10200"), 0x6881, "logical channel 1"),
        (bytes.fromhex("00CB3FFF035C017E00"), 0x9000, "GET DATA discovery"),
        (bytes.fromhex("00CB3FFE035C017E00"), 0x6A86, "GET DATA bad P2"),
        (bytes.fromhex("00CB3FFF037E017E00"), 0x6A80, "GET DATA without 5C"),
        (bytes.fromhex("00CB3FFF035C057E00"), 0x6A80, "GET DATA with broken TLV"),
        (bytes.fromhex("00CB3FFF055C035FC10C00"), 0x6A82, "GET DATA key history absent"),
        (bytes.fromhex("00C0000000"), 0x6985, "GET RESPONSE with nothing pending"),
        (bytes.fromhex("00A4040005A00000000100"), 0x6A82, "SELECT foreign AID"),
        (bytes.fromhex("00A4000C023F00"), 0x6A86, "SELECT by file id"),
        (bytes.fromhex("00200000"), 0x6A88, "VERIFY global PIN reference"),
        (bytes.fromhex("0020008003313233"), 0x6A80, "VERIFY with 3-byte PIN"),
        (bytes.fromhex("00870799"), 0x6A88, "GENERAL AUTHENTICATE unknown key"),
        (bytes.fromhex("00CB3FFF0000065C017E0000"), 0x6700, "extended Lc mismatch"),
    ]:
        r = v.apdu(frame)
        check(r[1] == sw, f"{what}: {r[1]:04X} (want {sw:04X})")


def test_objects(v):
    data, sw = v.apdu("00A4040005A00000030800")
    apt = parse_tlv(data).get(0x61, b"")
    check(sw == 0x9000 and parse_tlv(apt).get(0x4F) == PIV_AID[5:], "SELECT partial PIV AID -> APT with PIX")
    data, sw = v.apdu("00CB3FFF035C017E00")
    disc = parse_tlv(parse_tlv(data)[0x7E])
    check(disc.get(0x4F) == PIV_AID and disc.get(0x5F2F) == b"\x40\x00", "discovery: AID + PIN policy 4000")
    # OpenSC first asks for 8 bytes to learn the length
    data, sw = v.apdu("00CB3FFF055C035FC10208")
    check(len(data) == 8 and sw >> 8 == 0x61, f"CHUID with Le=8 -> 8 bytes + 61xx ({sw:04X})")
    data, sw = v.full("00CB3FFF055C035FC10200")
    chuid = parse_tlv(parse_tlv(data)[0x53])
    check(len(chuid.get(0x30, b"")) == 25 and len(chuid.get(0x34, b"")) == 16 and 0x3E in chuid,
          "CHUID has FASC-N, GUID, signature")
    for tag, slot in [(0x5FC105, "9a"), (0x5FC10A, "9c"), (0x5FC10B, "9d"), (0x5FC101, "9e")]:
        data, sw = v.full(bytes.fromhex("00CB3FFF055C03") + tag.to_bytes(3, "big") + b"\x00")
        inner = parse_tlv(parse_tlv(data)[0x53])
        check(sw == 0x9000 and inner.get(0x70) == cert_der(slot) and inner.get(0x71) == b"\x00",
              f"certificate {slot} via 61xx/GET RESPONSE")
    # extended length answers in one piece
    data, sw = v.apdu("00CB3FFF0000055C035FC10A0000")
    check(sw == 0x9000 and parse_tlv(parse_tlv(data)[0x53])[0x70] == cert_der("9c"), "extended-length GET DATA")
    data, sw = v.apdu("00CB3FFF055C035FC10900")
    check(sw == 0x6982, f"Printed Information needs the PIN ({sw:04X})")
    data, sw = v.apdu("00870099047C028100")
    check(sw == 0x6A88, "unknown key reference 99")
    data, sw = v.apdu("0087009B047C02810000")
    ch = parse_tlv(parse_tlv(data).get(0x7C, b""))
    check(sw == 0x9000 and len(ch.get(0x81, b"")) == 8, "9B challenge (OpenSC get_challenge)")


def test_pin(v):
    check(v.apdu("00200080")[1] == 0x63C3, "empty VERIFY -> 63C3")
    check(rsa_ok(v, 0x9A, "9a") == 0x6982, "GA 9A without PIN -> 6982")
    check(rsa_ok(v, 0x9E, "9e") == 0x9000, "GA 9E needs no PIN")
    check(verify(v, "000000") == 0x63C2, "wrong PIN -> 63C2")
    check(v.apdu("00200080")[1] == 0x63C2, "empty VERIFY -> 63C2")
    check(verify(v, "123456") == 0x9000, "right PIN -> 9000")
    check(v.apdu("00200080")[1] == 0x9000, "empty VERIFY after login -> 9000")
    check(v.apdu("00CB3FFF055C035FC10900")[1] == 0x9000, "Printed Information after login")
    check(rsa_ok(v, 0x9A, "9a") == 0x9000, "GA 9A (chained, raw RSA) verifies with the certificate")
    check(rsa_ok(v, 0x9D, "9d") == 0x9000, "GA 9D")
    check(rsa_ok(v, 0x9D, "9d") == 0x9000, "GA 9D again without VERIFY")
    check(rsa_ok(v, 0x9C, "9c") == 0x9000, "GA 9C right after VERIFY")
    check(rsa_ok(v, 0x9C, "9c") == 0x6982, "GA 9C again -> 6982 (PIN always)")
    check(verify(v, "123456") == 0x9000 and rsa_ok(v, 0x9C, "9c") == 0x9000, "VERIFY then GA 9C again")
    check(gen_auth(v, 0x9A, b"\x01" * 256, alg=0x06)[1] == 0x6A86, "GA with wrong algorithm -> 6A86")
    check(gen_auth(v, 0x9A, b"\x01" * 100)[1] == 0x6A80, "GA with short challenge -> 6A80")
    check(gen_auth(v, 0x9A, b"\xff" * 256)[1] == 0x6A80, "GA with challenge >= modulus -> 6A80")
    check(v.apdu("0020FF80")[1] == 0x9000 and v.apdu("00200080")[1] == 0x63C3, "VERIFY P1=FF logs out")
    v.send(b"\x00")
    check(verify(v, "123456") == 0x9000, "login again")
    v.send(b"\x02")  # reset
    check(v.apdu("00200080")[1] == 0x63C3, "reset clears security status")
    # change PIN: wrong old costs a try, then right old sets the new one
    check(v.apdu(b"\x00\x24\x00\x80\x10" + pad("999999") + pad("654321"))[1] == 0x63C2, "CHANGE with wrong old")
    check(v.apdu(b"\x00\x24\x00\x80\x10" + pad("123456") + pad("65a321"))[1] == 0x6A80, "CHANGE to non-digits")
    check(v.apdu(b"\x00\x24\x00\x80\x10" + pad("123456") + pad("654321"))[1] == 0x9000, "CHANGE PIN")
    check(verify(v, "123456") == 0x63C2 and verify(v, "654321") == 0x9000, "new PIN works, old does not")
    # block and unblock
    sws = [verify(v, "111111") for _ in range(3)]
    check(sws == [0x63C2, 0x63C1, 0x6983], f"three wrong PINs -> 63C2 63C1 6983 ({sws})")
    check(verify(v, "654321") == 0x6983, "right PIN on blocked card -> 6983")
    check(v.apdu("00200080")[1] == 0x6983, "empty VERIFY on blocked card -> 6983")
    check(v.apdu(b"\x00\x2C\x00\x80\x10" + pad("00000000") + pad("123456"))[1] == 0x63C2, "RESET RETRY wrong PUK")
    check(v.apdu("00200081")[1] == 0x63C2, "empty VERIFY 81 shows PUK tries")
    check(v.apdu(b"\x00\x2C\x00\x80\x10" + pad("12345678") + pad("123456"))[1] == 0x9000, "RESET RETRY right PUK")
    check(v.apdu("00200081")[1] == 0x63C3, "PUK tries restored")
    check(v.apdu("00200080")[1] == 0x63C3 and verify(v, "123456") == 0x9000, "unblocked with new PIN")
    check(v.apdu(b"\x00\x24\x00\x81\x10" + pad("12345678") + pad("87654321"))[1] == 0x9000, "CHANGE PUK")


def test_fuzz(v):
    rnd = random.Random(7)
    ok = True
    for i in range(3000):
        n = rnd.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 20, 255, 261, 300, 1000])
        frame = bytes(rnd.randrange(256) for _ in range(n))
        if n == 1:
            frame = bytes([rnd.choice([0, 1, 2, 3, 5, 9, 0xFF])])  # control bytes but 04
            v.send(frame)
            continue
        if n >= 2 and frame[1] in (0x20, 0x24, 0x2C):
            frame = frame[:1] + b"\xB0" + frame[2:]  # keep the PIN counters alone
        v.send(frame)
        r = v.recv()
        if r is None or len(r) < 2:
            ok = False
            break
    check(ok and v.proc.poll() is None, "3000 random frames all answered, vcard alive")
    check(v.apdu("00A4040005A00000030800")[1] == 0x9000, "still a PIV card after fuzzing")


def test_speed(v):
    t = time.perf_counter()
    for _ in range(2000):
        v.apdu("00CB3FFF035C017E00")
    per = (time.perf_counter() - t) / 2000 * 1e6
    check(per < 1000, f"round trip {per:.0f} us (< 1000)")


def main():
    tmp = tempfile.mkdtemp(prefix="vcard-test-")
    log = os.path.join(tmp, "apdu.log")
    state = os.path.join(tmp, "state")

    v = Vpcd("--certs", CERTS, "--apdu-log", log, "--state", state)
    test_framing(v)
    test_objects(v)
    test_pin(v)
    test_speed(v)
    test_fuzz(v)
    check(v.close() == 0, "peer close -> exit 0")
    text = open(log).read()
    check(" insert " in text and " remove (reader closed" in text, "log has insert and remove")
    check("> 00 20 00 80 08 ** < 63 C2" in text, "log masks VERIFY data")
    secrets = ["31 32 33 34 35 36", "36 35 34 33 32 31", "31 32 33 34 35 36 37 38", "123456"]
    check(not any(s in text for s in secrets), "log never contains PIN/PUK bytes")
    check(oct(os.stat(state).st_mode & 0o777) == "0o600", "state file is 0600")

    # state survives removal
    v = Vpcd("--certs", CERTS, "--state", state)
    check(verify(v, "000000") == 0x63C2, "wrong PIN in first session")
    v.close()
    v = Vpcd("--certs", CERTS, "--state", state, "--pin", "999999", "--tries", "9")
    check(v.apdu("00200080")[1] == 0x63C2, "counter survives re-insert; state beats --tries")
    check(verify(v, "123456") == 0x9000, "state PIN beats --pin")
    v.close()
    check("puk=87654321" in open(state).read(), "changed PUK persisted")

    # missing key / missing certificate
    part = os.path.join(tmp, "partial")
    os.mkdir(part)
    for f in ["9a.crt", "9a.key", "9c.crt"]:
        os.symlink(os.path.join(os.path.abspath(CERTS), f), os.path.join(part, f))
    v = Vpcd("--certs", part)
    verify(v, "123456")
    check(v.full("00CB3FFF055C035FC10B00")[1] == 0x6A82, "no 9d.crt -> GET DATA 6A82")
    check(rsa_ok(v, 0x9C, "9c") == 0x6A88, "no 9c.key -> GA 6A88")
    check(rsa_ok(v, 0x9A, "9a") == 0x9000, "9a still works")
    v.close()
    v = Vpcd()
    check(v.full("00CB3FFF055C035FC10500")[1] == 0x6A82, "no --certs: no certificates")
    v.close()

    # fault modes
    v = Vpcd("--mute")
    v.send(b"\x04")
    check(v.recv() == DEFAULT_ATR, "--mute still answers the ATR")
    v.send(bytes.fromhex("00A4040005A000000308"))
    try:
        got = v.recv(timeout=0.3)
    except socket.timeout:
        got = "timeout"
    check(got == "timeout", "--mute never answers an APDU")
    v.close()
    v = Vpcd("--broken")
    check(v.apdu("00A4040005A000000308")[1] == 0x6F00 and v.apdu("00A4")[1] == 0x6F00, "--broken -> 6F00")
    v.close()
    v = Vpcd("--drop-at=20:2", "--atr", "3B")
    v.send(b"\x04")
    check(v.recv() == b"\x3B", "--atr 3B presented as is")
    check(v.apdu("00200080")[1] == 0x63C3, "first VERIFY answered")
    v.send(bytes.fromhex("00200080"))
    check(v.recv() is None, "--drop-at=20:2 closes at the second VERIFY")
    check(v.proc.wait(5) == 0, "--drop-at exits 0")
    v.close()
    v = Vpcd("--applet=none", "--atr", "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57")
    v.send(b"\x04")
    check(v.recv() == bytes.fromhex("3B8B800100 31C164084021300090 0057"), "--atr with spaces")
    check(v.apdu("00A4040005A00000030800")[1] == 0x6A82, "--applet=none: SELECT PIV -> 6A82")
    check(v.apdu("00CB3FFF035C017E00")[1] == 0x6D00, "--applet=none: GET DATA -> 6D00")
    check(v.apdu("80CA000000")[1] == 0x6E00, "--applet=none: CLA 80 -> 6E00")
    v.close()
    v = Vpcd("--applet=garbage")
    data, sw = v.apdu("00A4040005A00000030800")
    check(sw == 0x9000 and data[:1] not in (b"\x61", b"\x6f") and len(data) > 4, "--applet=garbage SELECT")
    data, sw = v.full("00CB3FFF035C017E00")
    check(sw == 0x9000 and data[:1] == b"\x53", "--applet=garbage GET DATA malformed")
    v.close()

    # signals and connecting
    v = Vpcd("--apdu-log", log)
    v.proc.send_signal(signal.SIGTERM)
    check(v.proc.wait(5) == 0, "SIGTERM -> exit 0")
    check(v.recv() is None, "SIGTERM closes the connection")
    v.close()
    check(open(log).read().rstrip().endswith("remove (signal)"), "log says remove (signal)")
    v = Vpcd(listen=False)
    time.sleep(0.3)
    v.srv.listen(1)
    v.accept()
    v.send(b"\x04")
    check(v.recv() == DEFAULT_ATR, "connects when vpcd starts listening late")
    v.close()
    t = time.time()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]  # bound, never listening: connection refused
    p = subprocess.run([VCARD, "--port", str(port)], capture_output=True, text=True)
    s.close()
    took = time.time() - t
    check(p.returncode == 1 and "cannot connect" in p.stderr and 4.5 < took < 6.5,
          f"no vpcd -> exit 1 after {took:.1f} s: {p.stderr.strip()}")
    p = subprocess.run([VCARD, "--port", "1", "--tries", "16"], capture_output=True, text=True)
    check(p.returncode == 2, "bad option -> exit 2")
    p = subprocess.run([VCARD, "--help"], capture_output=True, text=True)
    check(p.returncode == 0 and "--drop-at" in p.stdout, "--help")

    if not failures:
        shutil.rmtree(tmp)
    print("FAILED: %d (files in %s)" % (failures, tmp) if failures else "all passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
