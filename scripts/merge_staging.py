"""Merge research staging tables into the catalogue, then check the whole catalogue.

    .venv/bin/python scripts/merge_staging.py data/staging/ke data/staging/za [--data data]

Each staging folder holds any of the catalogue's tables (docs/catalogue-layout.md), named as
the main ones. A staged row whose id the main table already holds replaces that row; a new id
is appended; every table is written sorted by its id. The merged tables are first written
beside the main ones as temporary files and checked together (each table's schema and every
reference between tables); only if all is valid does each temporary file replace its table
(an atomic rename). On any problem nothing is changed and each problem names the staging or
main file, the row and the column it comes from.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from mmedlearn.catalog import join_programs, load_tables
from mmedlearn.schema import CATALOGUE_TABLES, DataFileError, Problem, decode, validate_text

REPOSITORY = Path(__file__).resolve().parents[1]


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text, problems = decode(path.read_bytes())
    if problems:
        raise DataFileError(str(path), problems)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = [row for row in reader if any((value or "").strip() for value in row.values())]
    return list(reader.fieldnames or []), rows


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def merge(staging: list[Path], data: Path) -> list[str]:
    """Merge ``staging`` folders into the catalogue folder ``data``; return what changed, or
    raise :class:`DataFileError` (nothing written) listing every problem."""
    problems: list[Problem] = []
    merged: dict[str, tuple[list[str], list[dict[str, str]], list[str]]] = {}
    changes = []
    for name, (schema, key, _required) in CATALOGUE_TABLES.items():
        staged = [folder / name for folder in staging if (folder / name).exists()]
        if not staged:
            continue
        header, rows = _read(data / name) if (data / name).exists() else (list(schema.columns), [])
        by_id = {row[key]: row for row in rows}
        origin = {row[key]: f"{data / name} row {n}" for n, row in enumerate(rows, start=2)}
        replaced = added = 0
        for path in staged:
            # Each staged file must pass its own table's schema first, so its problems are
            # reported against its own rows.
            text, found = decode(path.read_bytes())
            if not found:
                _table, found = validate_text(text, schema, allow_empty=True)
            if found:
                problems += [replace(p, file=str(path)) for p in found]
                continue
            _staged_header, staged_rows = _read(path)
            for n, row in enumerate(staged_rows, start=2):
                complete = {column: (row.get(column) or "").strip() for column in header}
                if complete[key] in by_id:
                    replaced += 1
                else:
                    added += 1
                by_id[complete[key]] = complete
                origin[complete[key]] = f"{path} row {n}"
        ordered = sorted(by_id)
        merged[name] = (header, [by_id[i] for i in ordered], [origin[i] for i in ordered])
        changes.append(f"{name}: {replaced} replaced, {added} added, {len(ordered)} rows")
    if problems:
        raise DataFileError("staging", problems)
    work = Path(tempfile.mkdtemp(prefix=".merge-", dir=data))
    try:
        for name, (header, rows, _origins) in merged.items():
            _write(work / name, header, rows)
        for name in CATALOGUE_TABLES:  # the tables no folder stages, as they are
            if name not in merged and (data / name).exists():
                shutil.copy(data / name, work / name)
        try:
            join_programs(load_tables(work, fallback=work))
        except DataFileError as error:
            traced = [_traced(p, merged) for p in error.problems]
            raise DataFileError("merged catalogue", traced) from None
        for name in merged:
            os.replace(work / name, data / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return changes


def _traced(problem: Problem, merged) -> Problem:
    """A problem of a merged table, named by the staging or main file and row it came from."""
    if problem.file in merged and problem.row is not None:
        origins = merged[problem.file][2]
        if 2 <= problem.row < len(origins) + 2:
            where = origins[problem.row - 2]
            return replace(problem, file=f"{where} (merged {problem.file})", row=None)
    return problem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("staging", nargs="+", type=Path, help="staging folders (data/staging/<cc>)")
    parser.add_argument("--data", type=Path, default=REPOSITORY / "data", help="the catalogue")
    args = parser.parse_args(argv)
    for folder in args.staging:
        if not folder.is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            return 2
    try:
        changes = merge(args.staging, args.data)
    except DataFileError as error:
        for problem in error.problems:
            print(f"{error.source}: {problem}", file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was changed", file=sys.stderr)
        return 1
    for change in changes:
        print(change)
    print(f"{args.data}: merged and valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
