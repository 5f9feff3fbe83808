"""Time `compare` (filter and rank) on 10,000, 100,000 and 1,000,000 programmes: prints the
figures the README records. Targets: linear in the rows (about ten times the time for ten
times the rows) and memory bounded by a few copies of the columns; every filter at once.

The rows are the seeded synthetic catalogue of benchmarks/synthetic_programmes.py (validated
once at 10,000 rows, then repeated with unique ids). Also times the `mmedlearn compare`
command on the 100,000 rows as a file (start-up, reading, validation, ranking, printing), and
on 100,000 and 1,000,000 rows keeping one country, with its peak memory.

    .venv/bin/python benchmarks/bench_compare.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from bench_validate import command_figures, peak_mib, timed, write_programmes
from synthetic_programmes import synthetic_csv

from mmedlearn import compare
from mmedlearn.schema import validate_text

SIZES = (10_000, 100_000, 1_000_000)


def programmes(rows: int, base: pd.DataFrame) -> pd.DataFrame:
    copies = -(-rows // len(base))
    table = pd.concat([base] * copies, ignore_index=True).iloc[:rows]
    ids = "p" + pd.RangeIndex(rows).astype(str)
    return table.assign(program_id=ids).set_index(ids).rename_axis(None)


def main() -> None:
    base, problems = validate_text(synthetic_csv(10_000, seed=1))
    assert not problems, problems[:3]
    rates = compare.load_exchange_rates()
    every_filter = compare.Filters(
        countries=("South Africa", "Kenya", "Malaysia", "Uganda"),
        research=("thesis", "dissertation", "unknown"),
        max_duration_years=5,
        paid_post=("yes", "depends on sponsorship", "unknown"),
        max_annual_cost=50_000,
        currency="ZAR",
    )
    for rows in SIZES:
        table = programmes(rows, base)
        for label, filters in [("no filter", compare.Filters()), ("every filter", every_filter)]:

            def ranked(filters=filters, table=table):
                return compare.compare(table, filters, compare.Weights(cost=3), rates)

            wall, cpu = timed(ranked)
            print(
                f"compare {rows:>9,} rows, {label:>12}: {wall:6.2f} s wall, {cpu:6.2f} s CPU "
                f"({len(ranked()):,} ranked); peak memory {peak_mib(ranked):,.0f} MiB",
                flush=True,
            )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "programs.csv"
        path.write_text(synthetic_csv(100_000, seed=1), encoding="utf-8")
        command = [
            str(Path(sys.executable).parent / "mmedlearn"),
            "compare",
            "--programs",
            str(path),
        ]
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        print(
            f"`mmedlearn compare` on a 100,000-row file, printing every row: "
            f"{time.perf_counter() - start:.2f} s ({len(result.stdout.splitlines()):,} lines)"
        )
    command_at_scale()


def command_at_scale(sizes=(100_000, 1_000_000)) -> None:
    """`mmedlearn compare --country Kenya` on programmes files of each size, as a fresh
    process: a first run (every table checked, then kept in a cache) and a second."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "programs.csv"
        env = {**os.environ, "MMEDLEARN_CACHE_DIR": str(Path(folder) / "cache")}
        for rows in sizes:
            write_programmes(path, rows, synthetic_csv(10_000, seed=1))
            for run in ("first", "second"):
                wall, cpu, peak = command_figures(
                    "compare", "--programs", path, "--country", "Kenya", env=env
                )
                print(
                    f"`mmedlearn compare --country Kenya`, {rows:,} programmes, {run} run: "
                    f"{wall:.2f} s wall, {cpu:.2f} s CPU; peak resident memory {peak:,.0f} MiB",
                    flush=True,
                )


if __name__ == "__main__":
    main()
