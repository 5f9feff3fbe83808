"""What every built page must hold for search engines and screen readers, read from its HTML:
one non-empty meta description, and headings that never skip a level."""

from __future__ import annotations

from html.parser import HTMLParser
from itertools import pairwise


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.descriptions: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: list | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.descriptions.append(attributes.get("content") or "")
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._heading = [int(tag[1]), ""]

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data

    def handle_endtag(self, tag):
        if self._heading is not None and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None


def read_page(html: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(html)
    return reader


def heading_skips(headings: list[tuple[int, str]]) -> list[str]:
    """Each heading more than one level below the heading before it (as Lighthouse's
    heading-order check, after axe-core), named with the heading before it.

    >>> heading_skips([(1, "A"), (2, "B"), (4, "C"), (2, "D"), (3, "E")])
    ['h4 "C" after h2 "B"']
    """
    return [
        f'h{level} "{text}" after h{before} "{before_text}"'
        for (before, before_text), (level, text) in pairwise(headings)
        if level > before + 1
    ]
