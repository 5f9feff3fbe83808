"""What is wrong with a data file, as data: where (row, column) and what.

Kept apart from :mod:`mmedlearn.schema` (pandera) so that reading a small file, such as the
defaults, can report its problems without importing pandera.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (spreadsheet row, header = row 1; column) and what."""

    message: str
    row: int | None = None
    column: str | None = None
    noun: str = "column"  # "field" for settings files, which have no columns
    file: str | None = None  # the table, where a problem is one of several files'

    def __str__(self) -> str:
        plural = "," in (self.column or "")
        where = [
            self.file or "",
            f"row {self.row}" if self.row is not None else "",
            f"{self.noun}{'s' if plural else ''} {self.column}" if self.column else "",
        ]
        prefix = ", ".join(part for part in where if part)
        return f"{prefix}: {self.message}" if prefix else self.message


class DataFileError(ValueError):
    """A data file (programmes, exchange rates) failed validation; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(map(str, problems)))
