"""The reference pages read as a reader expects: a glossary in alphabetical order, citations
by author and year, and a references list sorted by author with its capitals kept."""

import re

import pytest

from conftest import REPO


def glossary_terms() -> list[str]:
    text = (REPO / "book/glossary.md").read_text("utf-8")
    block = text[text.index(":::{glossary}") : text.rindex(":::")]
    return re.findall(r"^(\S[^\n]*)$", block, flags=re.M)[1:]  # skip the directive line


def test_glossary_is_in_alphabetical_order():
    terms = glossary_terms()
    assert len(terms) >= 10
    assert terms == sorted(terms, key=str.lower)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.slow
def test_citations_are_author_year_in_round_brackets(built_book):
    chapter = _text((built_book / "book/chapters/01_what_is_an_mmed.html").read_text("utf-8"))
    assert "(University of KwaZulu-Natal, School of Clinical Medicine, n.d.;" in chapter
    assert "[UniversityoKNatalSoCMedicine]" not in chapter


@pytest.mark.slow
def test_references_keep_capitals_and_are_sorted_by_author(built_book):
    html = (built_book / "book/references.html").read_text("utf-8")
    entries = [
        _text(e).strip() for e in re.findall(r'<div class="citation"[^>]*>(.*?)</div>', html, re.S)
    ]
    assert len(entries) >= 30
    text = " ".join(entries)
    for kept in (
        "Master of Medicine (MMed)",
        "University of Cape Town",
        "ROI 2022 report",
        "MSc in Critical Care",
    ):
        assert kept in text, kept
    # Each entry starts with its label, then its author (or its title where there is none) up
    # to the first full stop. (A person's given name or initials come first, "Friday E." or
    # "A. G."; the list sorts by family name.)
    firsts = [
        re.sub(r"^(?:[a-z]+ )?(?:[a-z]\. )+", "", re.sub(r"^\[\d+\]\s*", "", entry).lower()).split(
            ". "
        )[0]
        for entry in entries
    ]
    assert firsts == sorted(firsts)
