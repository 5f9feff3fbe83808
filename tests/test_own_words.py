"""The course's own pages are written in its own words: none repeats a run of words from the
guide it adapts (tests/data/mmed-guide.txt, a copy of the source the course checks)."""

import re

import pytest

from conftest import REPO

GUIDE = (REPO / "tests" / "data" / "mmed-guide.txt").read_text()
RUN = 7  # words in a row; shorter runs are ordinary phrases ("the time commitment is")
# Pages written from sources rather than from the guide. Add a page here when it is rewritten.
OWN_WORDS_PAGES = [
    f"book/chapters/{name}.md"
    for name in (
        "01_what_is_an_mmed",
        "02_how_programmes_work",
        "03_comparing_providers",
        "04_benefits_and_limitations",
        "05_investment_and_return",
        "06_routes_by_country",
        "07_funding_and_foreign_candidates",
        "08_making_your_decision",
        "09_working_abroad",
    )
] + ["book/instructors.md"]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def runs(text: str, length: int = RUN) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + length]) for i in range(len(tokens) - length + 1)}


def test_the_check_catches_a_copied_sentence():
    copied = "As the guide puts it, " + GUIDE.splitlines()[1][:160]
    assert runs(copied) & runs(GUIDE)


@pytest.mark.parametrize("page", OWN_WORDS_PAGES)
def test_page_repeats_no_run_of_words_from_the_guide(page):
    shared = runs((REPO / page).read_text()) & runs(GUIDE)
    assert not shared, f"{page} repeats the guide: {[' '.join(run) for run in sorted(shared)][:5]}"
