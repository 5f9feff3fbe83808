"""Time validation of a large programmes file: 5,000 valid rows, as an instructor's
national catalogue might have. Prints rows, seconds and rows per second."""

from __future__ import annotations

import csv
import io
import time

from mmedlearn.catalog import data_dir
from mmedlearn.schema import validate_text

ROWS = 5_000


def large_programmes_csv(rows: int = ROWS) -> str:
    """The shipped rows repeated with unique ids and programme names until ``rows`` long."""
    records = list(csv.DictReader(io.StringIO((data_dir() / "programs.csv").read_text("utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    for index in range(rows):
        record = dict(records[index % len(records)])
        record["program_id"] = f"{record['program_id']}_{index}"
        record["programme"] = f"{record['programme']} #{index}"
        writer.writerow(record)
    return out.getvalue()


def main() -> None:
    text = large_programmes_csv()
    start = time.perf_counter()
    table, problems = validate_text(text)
    seconds = time.perf_counter() - start
    assert not problems and len(table) == ROWS, problems[:3]
    print(f"validate {ROWS:,} rows: {seconds:.2f} s ({ROWS / seconds:,.0f} rows/s)")


if __name__ == "__main__":
    main()
