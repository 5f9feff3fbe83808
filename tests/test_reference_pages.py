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
    # UKZN's two undated pages: "Master of Medicine (MMed): applying for a post" sorts before
    # "Masters in Medicine: introduction", so the introduction, cited first here, is n.d.-b.
    assert "(University of KwaZulu-Natal, School of Clinical Medicine, n.d.-b;" in chapter
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


def _bibliography():
    from pybtex.database import parse_file

    return parse_file(REPO / "book/references.bib").entries


def _cited_keys() -> set[str]:
    text = "\n".join(path.read_text("utf-8") for path in (REPO / "book").rglob("*.md"))
    return {
        key.strip()
        for keys in re.findall(r"\{cite:\w+\}`([^`]*)`", text)
        for key in keys.split(",")
    }


def test_every_reference_is_cited_and_says_when_it_was_read():
    entries = _bibliography()
    cited = _cited_keys()
    # The list shows every entry (`:all:`): an uncited one would be a source nothing relies on.
    assert set(entries) - cited == set()
    assert cited - set(entries) == set()
    read_on = re.compile(r"\b[Rr]ead (?:from a stored copy(?: of [^.]*?)? )?on \d{4}-\d{2}-\d{2}")
    undated = [
        key
        for key, entry in entries.items()
        if key != "guide" and not read_on.search(entry.fields.get("note", ""))
    ]
    assert undated == []


def _year_labels():
    import importlib.util

    spec = importlib.util.spec_from_file_location("mmed_book", REPO / "book/_ext/mmed_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.year_labels


def test_works_of_one_author_and_year_get_letters_in_title_order():
    from pybtex.database import Entry, Person

    def entry(author, title, year=None):
        fields = {"title": title, **({"year": year} if year else {})}
        return Entry("misc", fields=fields, persons={"author": [Person(author)]})

    labels = _year_labels()(
        {
            "b": entry("{Recruitment Office}", "Second page"),
            "a": entry("{Recruitment Office}", "First page"),
            "c": entry("{Recruitment Office}", "Scoring", "2023"),
            "d": entry("Okonofua, F.", "Zeta", "2015"),
            "e": entry("Okonofua, F.", "Alpha", "2015"),
            "f": entry("{Another Office}", "Alone"),
        }
    )
    assert labels == {
        "a": "n.d.-a",
        "b": "n.d.-b",
        "c": "2023",
        "e": "2015a",
        "d": "2015b",
        "f": "n.d.",
    }


@pytest.mark.slow
def test_each_citation_leads_to_one_reference(built_book):
    """Two sources by one author with the same year (or both undated) must not read alike:
    on paper, or on a phone without hover titles, the text is all a reader has."""
    targets: dict[str, set[str]] = {}
    for page in built_book.rglob("*.html"):
        html = page.read_text("utf-8")
        for anchor, text in re.findall(
            r'href="(?:\.\./)*references\.html#([^"]+)"[^>]*>([^<]+)<', html
        ):
            targets.setdefault(text.strip(), set()).add(anchor)
    assert len(targets) >= 60
    assert {text: anchors for text, anchors in targets.items() if len(anchors) > 1} == {}
