#!/usr/bin/env python3
"""stamp.py TEXT OUT READY — bench helper for tmux pipe-pane: read a pane's output from stdin and write
the wall-clock time (ns, CLOCK_REALTIME like bash's EPOCHREALTIME) at which TEXT first shows in it to
OUT. Escape sequences and blanks are dropped before matching (ncurses moves the cursor over blank
cells instead of writing spaces). READY is created once reading has started. Reads to EOF."""
import os
import re
import sys
import time

text, out, ready = sys.argv[1].replace(" ", "").encode(), sys.argv[2], sys.argv[3]
escapes = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78MDEc])|[\s\x00-\x1a\x1c-\x1f]")
open(ready, "w").close()
seen, found = b"", False
fd = sys.stdin.fileno()
while True:
    chunk = os.read(fd, 65536)
    if not chunk:
        break
    if found:
        continue
    now = time.time_ns()
    seen = escapes.sub(b"", seen + chunk)[-65536:]
    if text in seen:
        with open(out, "w") as f:
            f.write(f"{now}\n")
        found = True
