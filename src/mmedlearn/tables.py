"""Tables for readers: labelled columns, readable numbers, missing values said in words.

Every cell is HTML-escaped, because programme text comes from a CSV that an instructor
may replace; only the addresses in a sources column become links, and those are escaped too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import pandas as pd

from mmedlearn.catalog import COLUMN_LABELS

MISSING = "not stated"
_URL = re.compile(r"https?://[^\s;]+")


def _format_value(value) -> str:
    if pd.isna(value):
        return MISSING
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def _cell_html(text: str, column: str) -> str:
    if column != "sources":
        return html.escape(text)
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        url = html.escape(match.group(0), quote=True)
        parts.append(f'<a href="{url}" rel="noopener">{url}</a>')
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


class Table:
    """A display-ready table; notebooks show it as HTML, terminals as plain text."""

    def __init__(self, frame: pd.DataFrame, columns: Sequence[str] | None = None, caption: str = ""):
        self.columns = list(frame.columns if columns is None else columns)
        self.caption = caption
        self.cells = [[_format_value(row[c]) for c in self.columns] for _, row in frame.iterrows()]

    @property
    def labels(self) -> list[str]:
        return [COLUMN_LABELS.get(c, c) for c in self.columns]

    def _repr_html_(self) -> str:
        head = "".join(f"<th scope=\"col\">{html.escape(label)}</th>" for label in self.labels)
        body = "".join(
            "<tr>" + "".join(f"<td>{_cell_html(v, c)}</td>" for v, c in zip(row, self.columns)) + "</tr>"
            for row in self.cells
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'<table class="mmed-table">{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")

    def __repr__(self) -> str:
        frame = pd.DataFrame(self.cells, columns=self.labels)
        return frame.to_string(index=False, max_colwidth=40)


def present(frame: pd.DataFrame, columns: Sequence[str] | None = None, caption: str = "") -> Table:
    """Show the chosen columns (by default all) of a table to a reader.

    >>> t = present(pd.DataFrame({"institution": ["<b>U</b>"], "tuition_per_year": [10960.0]}),
    ...             ["institution", "tuition_per_year"])
    >>> t._repr_html_().count("&lt;b&gt;U&lt;/b&gt;"), t.cells
    (1, [['<b>U</b>', '10,960']])
    """
    return Table(frame, columns, caption)
