"""`execute_notebooks: cache`: a rebuild with nothing changed executes no chapter, and a change
of the data the chapters read executes every one again, so a page never shows stale numbers."""

import csv

import pytest

from conftest import NOTEBOOKS, REPO, run_book_build
from mmedlearn import catalog

pytestmark = pytest.mark.slow


def build(output_dir, programmes):
    """Build the book; return the build log (Sphinx's, where myst-nb reports each execution)."""
    return run_book_build(output_dir, {"MMEDLEARN_PROGRAMS": str(programmes)})


def executed(log):
    return sorted(line.split(":")[0] for line in log.splitlines() if "Executing notebook" in line)


def test_unchanged_chapters_are_not_rerun_but_a_data_change_reruns_them(tmp_path):
    programmes = tmp_path / "programs.csv"
    # The shipped catalogue as one flat file, as an instructor's own would be.
    programmes.write_text(catalog.flat_csv(catalog.load_programs(REPO / "data")), "utf-8")
    everything = sorted(str(path) for path in NOTEBOOKS)
    chapter1 = tmp_path / "_build" / "html" / "book" / "chapters" / "01_what_is_an_mmed.html"

    assert executed(build(tmp_path, programmes)) == everything
    assert "Universiti Kebangsaan Malaysia" in chapter1.read_text()

    assert executed(build(tmp_path, programmes)) == []

    # Drop one programme: no chapter's text changes, only the data it reads.
    with programmes.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [row for row in rows if row["institution"] != "Universiti Kebangsaan Malaysia"]
    assert len(kept) == len(rows) - 1
    with programmes.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)

    assert executed(build(tmp_path, programmes)) == everything
    assert "Universiti Kebangsaan Malaysia" not in chapter1.read_text()
