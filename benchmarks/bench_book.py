"""Time the book build (cold and no-change) and the strict nbval run; print the figures.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_book.py`). Figures depend on
the machine; the README records them for the project's 2-core reference machine.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str | Path]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        build = [BIN / "jupyter-book", "build", REPO, "--path-output", out, "-W", "-n", "--keep-going"]
        cold = timed(build)
        rebuild = timed(build)
    nbval = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "book"])
    print(f"cold build (executes all chapters): {cold:6.1f} s")
    print(f"no-change rebuild:                  {rebuild:6.1f} s")
    print(f"strict nbval on the notebooks:      {nbval:6.1f} s")


if __name__ == "__main__":
    main()
