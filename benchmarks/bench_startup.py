"""Start-up of the ``mmedlearn`` command, per subcommand (issue 26: well under a second).

Each line is one command on the shipped data, run as a user runs it (a fresh process), the
median of RUNS runs after a warm-up: wall clock and CPU time (the machine may be shared, so
CPU time is the fairer figure), and which of the heavy libraries the command imported, with
the import time ``python -X importtime`` reports for the whole command. Floors for comparison:
Python doing nothing, and Python importing pandas.

    .venv/bin/python benchmarks/bench_startup.py
"""

from __future__ import annotations

import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 5
REPO = Path(__file__).resolve().parents[1]
# As the console script runs it (PYTHONPATH may point at another checkout, to compare).
COMMAND = [sys.executable, "-m", "mmedlearn.command"]
ROI_FLAGS = [
    "--duration-years",
    "3",
    "--tuition-per-year",
    "20000",
    "--baseline-salary",
    "60000",
    "--post-salary",
    "90000",
]
CASES = {
    "mmedlearn --help": ["--help"],
    "mmedlearn roi (flags only, --quiet)": ["roi", *ROI_FLAGS, "--quiet"],
    "mmedlearn roi (flags only, yearly table)": ["roi", *ROI_FLAGS],
    "mmedlearn roi --program uct_family": ["roi", "--program", "uct_family", "--quiet"],
    "mmedlearn compare": ["compare"],
    "mmedlearn validate data": ["validate", "data"],
}
HEAVY = ("pandas", "pandera", "altair", "vl_convert")


def timed(argv: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median_of(argv: list[str]) -> tuple[float, float]:
    timed(argv)  # warm-up: the files are in the page cache for every run alike
    runs = [timed(argv) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def imports(argv: list[str]) -> tuple[list[str], float]:
    """The heavy libraries the command imports, and the total import time it reports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    top_level = re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| (\S+)$", done.stderr, re.M)
    total = sum(int(micro) for micro, _ in top_level) / 1e6  # the outermost imports only
    every = set(re.findall(r"^import time:.*\|\s+(\w+)[\w.]*$", done.stderr, re.M))
    return [name for name in HEAVY if name in every], total


def main() -> None:
    print(f"median of {RUNS} runs after a warm-up; CPU time in brackets")
    for label, code in (
        ("floor: python -c pass", "pass"),
        ("floor: python -c 'import pandas'", "import pandas"),
    ):
        wall, cpu = median_of([sys.executable, "-c", code])
        print(f"{label:<44} {wall:6.3f} s ({cpu:.3f} s CPU)")
    for label, arguments in CASES.items():
        argv = [*COMMAND, *arguments]
        wall, cpu = median_of(argv)
        heavy, import_seconds = imports(argv)
        print(
            f"{label:<44} {wall:6.3f} s ({cpu:.3f} s CPU); imports {import_seconds:.2f} s, "
            f"heavy: {', '.join(heavy) or 'none'}"
        )


if __name__ == "__main__":
    main()
