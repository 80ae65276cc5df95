"""How long `make run` takes to serve: from the command's start to its banner and to the first 200
on `/`, then how long the next page takes. Run it twice: the first run installs and loads the demo,
the second is the everyday start.

    python3 scripts/measure_start.py [PORT]
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    port = sys.argv[1] if len(sys.argv) > 1 else "8199"
    start = time.monotonic()
    make = shutil.which("make") or "make"
    proc = subprocess.Popen([make, "run", f"PORT={port}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    printed: list[str] = []
    banner: list[float] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            printed.append(line)
            if not banner and f"127.0.0.1:{port}" in line:
                banner.append(time.monotonic() - start)

    threading.Thread(target=read, daemon=True).start()
    first = None
    while first is None and time.monotonic() - start < 900:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                if response.status == 200:
                    first = time.monotonic() - start
        except OSError:
            time.sleep(0.1)
    began = time.monotonic()
    urllib.request.urlopen(f"http://127.0.0.1:{port}/units/", timeout=60).read()
    following = time.monotonic() - began
    waited = time.monotonic()
    while not banner and time.monotonic() - waited < 10:  # the banner may come a moment after the first page
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=60)
    print(f"banner after {banner[0] if banner else float('nan'):.1f} s; first 200 on / after {first or float('nan'):.1f} s; "
          f"next page (/units/) {following:.2f} s; {len(printed)} lines printed")


if __name__ == "__main__":
    main()
