#!/usr/bin/env python3
"""qrcheck.py URL < SCREEN — does the QR code drawn on a captured screen encode URL?

The screen draws two modules a cell with half blocks (█ ▀ ▄ and space). This reads the block
region back into a module matrix and compares it, in either polarity, with the matrix libqrencode
makes for URL (found with ctypes; any version and error level: each is tried). Prints ok/FAIL.
Exit 0 on a match, 1 on none, 77 when libqrencode cannot be loaded.
"""
import ctypes
import ctypes.util
import re
import sys

CELLS = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}


class QRcode(ctypes.Structure):
    _fields_ = [("version", ctypes.c_int), ("width", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte))]


def screen_modules(lines):
    """The block region (the longest run of lines with the same block-only span) as 0/1 rows."""
    rows = []
    for line in lines:
        m = re.search(r"[█▀▄][█▀▄ ]*[█▀▄]", line)
        if m and len(m.group(0)) >= 21:
            rows.append((m.start(), m.group(0)))
        elif rows:
            break
    if not rows:
        return None
    start = rows[0][0]
    width = max(len(r[1]) for r in rows)
    matrix = []
    for s, text in rows:
        cells = (" " * (s - start) + text).ljust(width)
        top = [CELLS.get(c, (0, 0))[0] for c in cells]
        bottom = [CELLS.get(c, (0, 0))[1] for c in cells]
        matrix += [top, bottom]
    return matrix


def trim(matrix, value):
    """Drop the border rows and columns that are all `value` (the quiet zone)."""
    while matrix and all(v == value for v in matrix[0]):
        matrix = matrix[1:]
    while matrix and all(v == value for v in matrix[-1]):
        matrix = matrix[:-1]
    if not matrix:
        return matrix
    cols = list(zip(*matrix))
    while cols and all(v == value for v in cols[0]):
        cols = cols[1:]
    while cols and all(v == value for v in cols[-1]):
        cols = cols[:-1]
    return [list(r) for r in zip(*cols)]


def encodings(url):
    name = ctypes.util.find_library("qrencode") or "libqrencode.so.4"
    lib = ctypes.CDLL(name)
    lib.QRcode_encodeString.restype = ctypes.POINTER(QRcode)
    lib.QRcode_encodeString.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
    for level in range(4):
        for mode in (2, 1):  # QR_MODE_8, QR_MODE_AN
            qr = lib.QRcode_encodeString(url.encode(), 0, level, mode, 1)
            if not qr:
                continue
            w = qr.contents.width
            d = qr.contents.data
            yield [[d[r * w + c] & 1 for c in range(w)] for r in range(w)]
            lib.QRcode_free(qr)


def main():
    url = sys.argv[1]
    found = screen_modules(sys.stdin.read().splitlines())
    if not found:
        print("FAIL no block characters on the screen")
        return 1
    try:
        wanted = list(encodings(url))
    except OSError as e:
        print(f"libqrencode not loadable: {e}")
        return 77
    for dark in (1, 0):  # dark modules drawn as blocks, or as spaces on light cells
        m = [[v if dark else 1 - v for v in row] for row in found]
        m = trim(m, 0)
        if m and len(m) == len(m[0]) + 1:
            m = m[:-1]  # an odd size leaves half a cell row below
        if any(m == w for w in wanted):
            print(f"ok   the QR code on screen ({len(m)}x{len(m)} modules) encodes {url}")
            return 0
    print(f"FAIL the QR code on screen does not encode {url}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
