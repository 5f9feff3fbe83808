"""Time the book build (cold, no-change, after a data change) and strict nbval; print the figures.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_book.py`). Figures depend on
the machine; the README records them for the project's 2-core reference machine.

The build caches execution (`execute_notebooks: cache`): the no-change rebuild executes no
chapter, and a change of the data the chapters read (here: a copy of data/programs.csv
given through MMEDLEARN_PROGRAMS, with one row dropped) executes every chapter again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import strict_nbval_command, strict_nbval_env  # noqa: E402


def timed(command: list[str | Path], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds taken, and how many notebooks the build log says it executed."""
    start = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - start, result.stdout.count("Executing notebook")


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        programmes = Path(out) / "programs.csv"
        programmes.write_text((REPO / "data" / "programs.csv").read_text())
        env = {"MMEDLEARN_PROGRAMS": str(programmes)}
        build = [
            BIN / "jupyter-book",
            "build",
            REPO,
            "--path-output",
            out,
            "-W",
            "-n",
            "--keep-going",
        ]
        cold, cold_runs = timed(build, env)
        rebuild, rebuild_runs = timed(build, env)
        programmes.write_text("".join(programmes.read_text().splitlines(keepends=True)[:-1]))
        changed, changed_runs = timed(build, env)
        executed = sorted((Path(out) / "_build" / "jupyter_execute").rglob("*.ipynb"))
        nbval, _ = timed(strict_nbval_command(*executed), {**env, **strict_nbval_env()})
    print(f"cold build (executes all notebooks):  {cold:6.1f} s  ({cold_runs} executed)")
    print(f"no-change rebuild:                    {rebuild:6.1f} s  ({rebuild_runs} executed)")
    print(f"rebuild after a data change:          {changed:6.1f} s  ({changed_runs} executed)")
    print(f"strict nbval on the executed notebooks: {nbval:4.1f} s  ({len(executed)} notebooks)")


if __name__ == "__main__":
    main()
