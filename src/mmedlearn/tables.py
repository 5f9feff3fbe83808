"""Tables for readers: labelled columns, readable numbers, missing values said in words.

Every cell is HTML-escaped, because programme text comes from a CSV that an instructor
may replace; only the addresses in a sources column become links, and those are escaped too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import pandas as pd

from mmedlearn.output import terminal_safe
from mmedlearn.vocabulary import COLUMN_LABELS  # not mmedlearn.schema: no pandera to print

MISSING = "not stated"
_URL = re.compile(r"https?://[^\s;]+")


def _is_year_column(column) -> bool:
    """A column of calendar years (fee_year, year): written 2024, never 2,024."""
    name = str(column).lower().replace(" ", "_")
    return name == "year" or (name.endswith("_year") and not name.endswith(("per_year", "a_year")))


def _format_value(value, column=None) -> str:
    if isinstance(value, tuple):  # flags such as compare's ``unknown``
        return ", ".join(value)
    if pd.isna(value):
        return MISSING
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        # One way for every amount, as the explorers write them: 3,430 beside 3,593 (a whole
        # 3430 was written without its separator, a fractional 3593.3 with it).
        if _is_year_column(column):
            return str(value)
        return f"{value:,}" if abs(value) >= 1000 else str(value)
    if isinstance(value, float):  # money to the unit, small numbers to 3 significant digits
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return str(value)


def _cell_html(text: str, column: str) -> str:
    if column != "sources":
        return html.escape(text)
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        url = html.escape(match.group(0), quote=True)
        parts.append(f'<a href="{url}" rel="noopener">{url}</a>')
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


class Table:
    """A display-ready table; notebooks show it as HTML, terminals as plain text."""

    def __init__(
        self,
        frame: pd.DataFrame,
        columns: Sequence[str] | None = None,
        caption: str = "",
        labels: dict[str, str] | None = None,
    ):
        self.columns = list(frame.columns if columns is None else columns)
        self.caption = caption
        # The rows iterrows would give (frame.values), without building a Series per row: that
        # took 8 s for 100,000 rows.
        positions = [frame.columns.get_loc(c) for c in self.columns]
        if all(isinstance(p, int) for p in positions):
            self.cells = [
                [_format_value(row[p], c) for p, c in zip(positions, self.columns, strict=True)]
                for row in frame.to_numpy()
            ]
        else:  # a repeated column name
            self.cells = [
                [_format_value(row[c], c) for c in self.columns] for _, row in frame.iterrows()
            ]
        names = {**COLUMN_LABELS, **(labels or {})}
        self.labels = [names.get(c, c) for c in self.columns]

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(label)}</th>' for label in self.labels)
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{_cell_html(v, c)}</td>" for v, c in zip(row, self.columns, strict=False)
            )
            + "</tr>"
            for row in self.cells
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        # The wrapper scrolls sideways instead of widening the page (or a widget) on narrow screens.
        return (
            f'<div class="mmed-table-wrap" style="overflow-x: auto">'
            f'<table class="mmed-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>"
        )

    def __repr__(self) -> str:
        return self.text()

    def text(self, max_colwidth: int = 40) -> str:
        """Plain text for a terminal, with control characters shown as escapes, not obeyed."""
        cells = [[terminal_safe(v) for v in row] for row in self.cells]
        frame = pd.DataFrame(cells, columns=[terminal_safe(label) for label in self.labels])
        return frame.to_string(index=False, max_colwidth=max_colwidth)


def present(
    frame: pd.DataFrame,
    columns: Sequence[str] | None = None,
    caption: str = "",
    labels: dict[str, str] | None = None,
) -> Table:
    """Show the chosen columns (by default all) of a table to a reader.

    >>> t = present(pd.DataFrame({"institution": ["<b>U</b>"], "tuition_per_year": [10960.0]}),
    ...             ["institution", "tuition_per_year"])
    >>> t._repr_html_().count("&lt;b&gt;U&lt;/b&gt;"), t.cells
    (1, [['<b>U</b>', '10,960']])
    """
    return Table(frame, columns, caption, labels)
