"""Time validation of large programmes files: prints the figures the README records.

* 100,000 valid rows of a flat file, as a big national catalogue might have (target: at
  most 2 s),
* a catalogue folder (docs/catalogue-layout.md) with 100,000 programmes, every table checked,
  cross-table references included, and joined (target: a small multiple, at most 5x, of the
  time pandas takes just to read its programs.csv),
* a header of 100,000 columns, refused (target: at most 1 s; a quadratic duplicate check
  once took 125 s),
* the memory each needs: the peak of Python's traced allocations (pandas and numpy
  included), measured in a second run since tracing slows the code down.

Each time is the median of 3 runs after a warm-up; wall clock and CPU time are both shown,
since a loaded machine stretches the first.
"""

from __future__ import annotations

import csv
import io
import shutil
import statistics
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
    text = flat_csv(load_programs(data_dir())) if text is None else text
    records = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    for index in range(rows):
        record = dict(records[index % len(records)])
        record["program_id"] = f"{record['program_id']}_{index}"
        record["programme"] = f"{record['programme']} #{index}"
        writer.writerow(record)
    return out.getvalue()


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
