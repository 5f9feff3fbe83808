"""Time `compare` (filter and rank) on 100,000 programmes: prints the figures the README
records (target: at most 2 s for every filter at once, linear in the rows).

Also times the `mmedlearn compare` command on the same rows as a file (start-up, reading,
validation, ranking and printing the table), and the peak memory of the ranking.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_validate import ROWS, large_programmes_csv, peak_mib, timed

from mmedlearn import compare
from mmedlearn.schema import validate_text


def main() -> None:
    text = large_programmes_csv()
    table, problems = validate_text(text)
    assert not problems, problems[:3]
    programs = table.set_index("program_id", drop=False).rename_axis(None)
    rates = compare.load_exchange_rates()
    every_filter = compare.Filters(
        countries=("South Africa", "Kenya", "Australia"),
        max_duration_years=5,
        paid_post_only=True,
        max_annual_cost=50_000,
        currency="ZAR",
    )
    for label, filters in [("no filter", compare.Filters()), ("every filter", every_filter)]:

        def ranked(filters=filters):
            return compare.compare(programs, filters, compare.Weights(cost=3), rates)

        wall, cpu = timed(ranked)
        print(
            f"compare {ROWS:,} rows, {label}: {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"({len(ranked()):,} ranked); peak memory {peak_mib(ranked):,.0f} MiB"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "programs.csv"
        path.write_text(text, encoding="utf-8")
        command = [
            str(Path(sys.executable).parent / "mmedlearn"),
            "compare",
            "--programs",
            str(path),
        ]
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        print(
            f"`mmedlearn compare` on a {ROWS:,}-row file, printing every row: "
            f"{time.perf_counter() - start:.2f} s ({len(result.stdout.splitlines()):,} lines)"
        )


if __name__ == "__main__":
    main()
