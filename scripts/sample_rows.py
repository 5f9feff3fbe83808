"""Draw the reviewer's seeded sample of staged catalogue rows (issue 21).

Reads the catalogue (``data/programs.csv`` and ``data/institutions.csv``; during the review,
the research staging folders, since merged) and prints, one a line, the sampled programme rows
as ``<country>/<program_id>`` in drawing order. The draw is
``random.Random(seed).sample`` over the rows sorted by folder and id, so the same
staging files and seed always give the same sample; a row added or removed anywhere
changes it, which is why the review records the commit it drew from.

    python scripts/sample_rows.py                 # 40 rows, seed 2026
    python scripts/sample_rows.py --n 10 --seed 7
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def programme_rows(data: Path = DATA) -> list[tuple[str, str]]:
    """Every catalogue programme as (country, program_id), sorted so the draw is stable."""
    with (data / "institutions.csv").open(newline="", encoding="utf-8") as handle:
        country = {row["institution_id"]: row["country"] for row in csv.DictReader(handle)}
    with (data / "programs.csv").open(newline="", encoding="utf-8") as handle:
        rows = [
            (country[row["institution_id"]], row["program_id"]) for row in csv.DictReader(handle)
        ]
    return sorted(rows)


def draw(rows: list[tuple[str, str]], n: int, seed: int) -> list[tuple[str, str]]:
    if n > len(rows):
        raise SystemExit(f"asked for {n} rows but only {len(rows)} are staged")
    return random.Random(seed).sample(rows, n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="rows to draw (40)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the draw (2026)")
    args = parser.parse_args(argv)
    for folder, program_id in draw(programme_rows(), args.n, args.seed):
        print(f"{folder}/{program_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
