"""Time validation of large programmes files: prints the figures the README records.

* 100,000 valid rows of a flat file, as a big national catalogue might have (target: at
  most 2 s),
* a catalogue folder (docs/catalogue-layout.md) with 100,000 programmes, every table checked,
  cross-table references included, and joined (target: a small multiple, at most 5x, of the
  time pandas takes just to read its programs.csv),
* a header of 100,000 columns, refused (target: at most 1 s; a quadratic duplicate check
  once took 125 s),
* the memory each needs: the peak of Python's traced allocations (pandas and numpy
  included), measured in a second run since tracing slows the code down,
* `mmedlearn validate` itself, as a fresh process, on a flat file and on a catalogue folder of
  100,000 and 1,000,000 programmes: wall and CPU time, and the process's peak resident memory
  (target: time linear in the rows; memory bounded, checking a chunk of rows at a time).

Each time is the median of 3 runs after a warm-up; wall clock and CPU time are both shown,
since a loaded machine stretches the first.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

from mmedlearn.catalog import data_dir, flat_csv, load_programs
from mmedlearn.schema import validate_text

ROWS = 100_000
COLUMNS = 100_000


def large_programmes_csv(rows: int = ROWS, text: str | None = None) -> str:
    """The shipped rows (as one flat file, or ``text``) repeated with unique ids and programme
    names until ``rows`` long."""
    out = io.StringIO()
    _write_repeated(out, rows, flat_csv(load_programs(data_dir())) if text is None else text)
    return out.getvalue()


def write_programmes(path: Path, rows: int, text: str) -> None:
    """:func:`large_programmes_csv` written to ``path`` as it is made (a million rows would be
    700 MB of text held at once)."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        _write_repeated(file, rows, text)


def _write_repeated(out, rows: int, text: str) -> None:
    records = list(csv.DictReader(io.StringIO(text)))
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for index in range(rows):
        record = dict(records[index % len(records)])
        record["program_id"] = f"{record['program_id']}_{index}"
        record["programme"] = f"{record['programme']} #{index}"
        writer.writerow(record)


# The command run in a fresh process, which then reports its own peak resident memory from
# /proc (VmHWM: this program's, not the high-water mark the process inherited when it started).
_RUN_AND_REPORT = """
import sys
from mmedlearn.cli import main
code = main(sys.argv[1:])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(int(peak.split()[1]) / 1024, file=sys.stderr)
sys.exit(code)
"""


def command_figures(*arguments: str | Path, env: dict[str, str] | None = None):
    """Wall and CPU seconds and peak resident MiB of ``mmedlearn *arguments``, run alone."""
    command = [sys.executable, "-c", _RUN_AND_REPORT, *map(str, arguments)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    errors = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"mmedlearn {arguments} failed: {errors[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, float(errors.split()[-1])


def command_at_scale(sizes=(100_000, 1_000_000)) -> None:
    shipped = (data_dir() / "programs.csv").read_text("utf-8")
    flat = flat_csv(load_programs(data_dir()))
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for table in data_dir().glob("*.csv"):
            shutil.copy(table, folder / table.name)
        seconds = {}
        for rows in sizes:
            write_programmes(folder / "programs.csv", rows, shipped)
            write_programmes(folder / "flat.csv", rows, flat)
            for label, path in (("flat file", folder / "flat.csv"), ("catalogue folder", folder)):
                wall, cpu, peak = command_figures("validate", path)
                seconds[label, rows] = cpu
                size = (path if path.is_file() else path / "programs.csv").stat().st_size
                print(
                    f"mmedlearn validate, {label}, {rows:,} programmes ({size / 2**20:,.0f} MiB): "
                    f"{wall:.2f} s wall, {cpu:.2f} s CPU; peak resident memory {peak:,.0f} MiB"
                )
        small, large = sizes[0], sizes[-1]
        for label in ("flat file", "catalogue folder"):
            print(
                f"  {label}: {large // small}x the rows took {seconds[label, large] / seconds[label, small]:.1f}x "
                "the CPU time"
            )


def wide_header_csv(columns: int = COLUMNS) -> str:
    return ",".join(f"column_{i}" for i in range(columns)) + "\n" + ",".join("1" * columns) + "\n"


def timed(function, runs: int = 3) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``function()`` after one warm-up call."""
    function()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def peak_mib(function) -> float:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def report(label: str, function, size_mib: float) -> None:
    wall, cpu = timed(function)
    print(
        f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU; peak memory {peak_mib(function):,.0f} MiB "
        f"for {size_mib:,.1f} MiB of text"
    )


def large_catalogue(folder: Path, rows: int = ROWS) -> Path:
    """A copy of the shipped catalogue folder whose programs.csv holds ``rows`` programmes."""
    for table in data_dir().glob("*.csv"):
        shutil.copy(table, folder / table.name)
    shipped = (data_dir() / "programs.csv").read_text("utf-8")
    (folder / "programs.csv").write_text(large_programmes_csv(rows, shipped), "utf-8")
    return folder


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = large_catalogue(Path(temporary))
        assert len(load_programs(folder)) == ROWS
        # CPU time is the fairer ratio: on a shared machine wall time stretches unevenly.
        read_wall, read_cpu = timed(lambda: pd.read_csv(folder / "programs.csv", dtype=str))
        wall, cpu = timed(lambda: load_programs(folder))
        size = (folder / "programs.csv").stat().st_size / 2**20
        print(
            f"catalogue folder, {ROWS:,} programmes, checked and joined: {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU; pandas only reading its programs.csv: {read_wall:.2f} s wall, "
            f"{read_cpu:.2f} s CPU ({cpu / read_cpu:.1f}x in CPU time); peak memory "
            f"{peak_mib(lambda: load_programs(folder)):,.0f} MiB for {size:,.1f} MiB of text"
        )
    rows = large_programmes_csv()
    table, problems = validate_text(rows)
    assert not problems and len(table) == ROWS, problems[:3]
    report(f"validate {ROWS:,} rows", lambda: validate_text(rows), len(rows) / 2**20)
    wide = wide_header_csv()
    _, problems = validate_text(wide)
    assert problems and problems[0].row == 1, problems[:3]
    report(
        f"refuse a header of {COLUMNS:,} columns", lambda: validate_text(wide), len(wide) / 2**20
    )


if __name__ == "__main__":
    main()
    command_at_scale()
