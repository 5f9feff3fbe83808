"""Start-up of the ``mmedlearn`` command, per subcommand (issue 26: well under a second).

Each line is one command on the shipped data, run as a user runs it (a fresh process), the
median of RUNS runs after a warm-up: wall clock and CPU time (the machine may be shared, so
CPU time is the fairer figure), and which of the heavy libraries the command imported, with
the import time ``python -X importtime`` reports for the whole command. Floors for comparison:
Python doing nothing, importing pandas, and importing pandas and pandera.

``compare`` and ``roi`` with ``--program`` or ``--country`` keep the catalogue they checked
(mmedlearn.catalogue_cache): each is measured on a first run (an empty cache folder for every
run: what a reader's first command, or the first after a file changed, costs) and on a second
run (the cache the warm-up filled). Every run uses a cache folder of its own, never the user's.

pandera imports hypothesis when it is installed: the test tools install it, a reader's
environment (requirements.txt) does not. The last line runs ``validate`` with hypothesis hidden,
as a reader's install runs it.

    .venv/bin/python benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
REPO = Path(__file__).resolve().parents[1]
# As the console script runs it (PYTHONPATH may point at another checkout, to compare).
COMMAND = [sys.executable, "-m", "mmedlearn.command"]
# The same entry point with hypothesis (a test tool only) hidden, as a reader's install has it.
WITHOUT_TEST_TOOLS = [
    sys.executable,
    "-c",
    "import sys; sys.modules['hypothesis'] = None; sys.argv[0] = 'mmedlearn'; "
    "from mmedlearn.command import main; sys.exit(main())",
]
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
PROGRAM = ["roi", "--program", "uct_family", "--quiet"]
SITUATION = ["roi", "--country", "Kenya", "--funding", "self sponsored", "--quiet"]
# label: (the command, its arguments, which cache: None (not used), "first" or "second")
CASES = {
    "mmedlearn --help": (COMMAND, ["--help"], None),
    "mmedlearn roi (flags only, --quiet)": (COMMAND, ["roi", *ROI_FLAGS, "--quiet"], None),
    "mmedlearn roi (flags only, yearly table)": (COMMAND, ["roi", *ROI_FLAGS], None),
    "mmedlearn roi --program uct_family, 1st run": (COMMAND, PROGRAM, "first"),
    "mmedlearn roi --program uct_family, 2nd run": (COMMAND, PROGRAM, "second"),
    "mmedlearn roi --country Kenya, 1st run": (COMMAND, SITUATION, "first"),
    "mmedlearn roi --country Kenya, 2nd run": (COMMAND, SITUATION, "second"),
    "mmedlearn compare, 1st run": (COMMAND, ["compare"], "first"),
    "mmedlearn compare, 2nd run": (COMMAND, ["compare"], "second"),
    "mmedlearn validate data": (COMMAND, ["validate", "data"], None),
    "mmedlearn validate data, no hypothesis": (WITHOUT_TEST_TOOLS, ["validate", "data"], None),
}
HEAVY = ("pandas", "pandera", "hypothesis", "altair", "vl_convert")
CACHE_ENV_VAR = "MMEDLEARN_CACHE_DIR"  # mmedlearn.catalogue_cache.CACHE_ENV_VAR


def timed(argv: list[str], cache: str) -> tuple[float, float]:
    env = {**os.environ, CACHE_ENV_VAR: cache}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        argv, check=True, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median_of(argv: list[str], cache: str | None, scratch: Path) -> tuple[float, float]:
    kept = tempfile.mkdtemp(dir=scratch)
    timed(argv, kept)  # warm-up: the files are in the page cache for every run alike
    runs = []
    for _ in range(RUNS):
        # A first run finds an empty cache folder; a second run, the one the warm-up filled.
        runs.append(timed(argv, tempfile.mkdtemp(dir=scratch) if cache == "first" else kept))
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def imports(argv: list[str], cache: str | None, scratch: Path) -> tuple[list[str], float]:
    """The heavy libraries the command imports, and the total import time it reports."""
    folder = tempfile.mkdtemp(dir=scratch)
    if cache == "second":
        timed(argv, folder)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv[1:]],
        cwd=REPO,
        env={**os.environ, CACHE_ENV_VAR: folder},
        capture_output=True,
        text=True,
    )
    top_level = re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| (\S+)$", done.stderr, re.M)
    total = sum(int(micro) for micro, _ in top_level) / 1e6  # the outermost imports only
    # A package itself, not a submodule (hidden hypothesis still logs "hypothesis.strategies").
    every = set(re.findall(r"^import time:.*\|\s+(\w+)$", done.stderr, re.M))
    return [name for name in HEAVY if name in every], total


def main() -> None:
    print(f"median of {RUNS} runs after a warm-up; CPU time in brackets")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        for label, code in (
            ("floor: python -c pass", "pass"),
            ("floor: python -c 'import pandas'", "import pandas"),
            ("floor: python -c 'import pandas, pandera'", "import pandas, pandera.pandas"),
        ):
            wall, cpu = median_of([sys.executable, "-c", code], None, Path(scratch))
            print(f"{label:<46} {wall:6.3f} s ({cpu:.3f} s CPU)")
        for label, (command, arguments, cache) in CASES.items():
            argv = [*command, *arguments]
            wall, cpu = median_of(argv, cache, Path(scratch))
            heavy, import_seconds = imports(argv, cache, Path(scratch))
            print(
                f"{label:<46} {wall:6.3f} s ({cpu:.3f} s CPU); imports {import_seconds:.2f} s, "
                f"heavy: {', '.join(heavy) or 'none'}"
            )


if __name__ == "__main__":
    main()
