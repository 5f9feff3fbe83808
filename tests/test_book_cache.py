"""`execute_notebooks: cache`: a rebuild with nothing changed executes no chapter, and a change
of the data the chapters read executes every one again, so a page never shows stale numbers.

The rule lives in the book's configuration and extension (book/_ext/mmed_book.py), so a small
book with both, whose two chapters read the programmes as the real ones do, shows it in a
fraction of a whole-book build.
"""

import csv
from collections import Counter

import pytest

from conftest import REPO
from mmedlearn import catalog
from small_book import build, chapter, small_book

pytestmark = pytest.mark.slow

# Both chapters read the programmes file; only the first prints from it.
CHAPTERS = {
    "lists": chapter(
        "Lists the institutions",
        "from mmedlearn.catalog import load_programs\n"
        "print(sorted(set(load_programs()['institution'])))",
    ),
    "counts": chapter(
        "Reads the catalogue too",
        "from mmedlearn.catalog import load_programs\nlen(load_programs()) > 0",
    ),
}


def executed(result):
    """The chapters the build executed, as myst-nb reports them in the build's log."""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    log = result.stdout + result.stderr
    return sorted(
        line.split(":")[0].rsplit("/", 1)[-1]
        for line in log.splitlines()
        if "Executing notebook" in line
    )


def test_unchanged_chapters_are_not_rerun_but_a_data_change_reruns_them(tmp_path):
    book = tmp_path / "book-source"
    small_book(book, CHAPTERS)
    programmes = tmp_path / "programs.csv"
    # The shipped catalogue as one flat file, as an instructor's own would be.
    programmes.write_text(catalog.flat_csv(catalog.load_programs(REPO / "data")), "utf-8")
    env = {"MMEDLEARN_PROGRAMS": str(programmes)}
    everything = sorted(f"{stem}.md" for stem in CHAPTERS)
    page = book / "_build" / "html" / "book" / "chapters" / "lists.html"

    with programmes.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    # An institution with one programme: dropping that row takes it off the page.
    counts = Counter(row["institution"] for row in rows)
    dropped = next(name for name in counts if counts[name] == 1)

    assert executed(build(book, env)) == everything
    assert dropped in page.read_text()

    assert executed(build(book, env)) == []

    # Drop one programme: no chapter's text changes, only the data it reads.
    kept = [row for row in rows if row["institution"] != dropped]
    with programmes.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)

    assert executed(build(book, env)) == everything
    assert dropped not in page.read_text()
