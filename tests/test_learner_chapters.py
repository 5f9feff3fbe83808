"""The chapters as a learner's notebook (book/_ext/notebook_download.py, and Binder's copy
written by scripts/learner_chapters.py): every role readable without Sphinx, the terms and the
works cited listed, web-page-only cells left out, and a header JupyterLab leaves unchanged."""

from __future__ import annotations

import re
import sys

import jupytext
import pytest

from conftest import CHAPTERS, REPO

sys.path.insert(0, str(REPO / "book" / "_ext"))
sys.path.insert(0, str(REPO / "scripts"))
import learner_chapters
from mmed_book import _citation_author, year_labels
from notebook_download import WEB_PAGE_ONLY, glossary_definitions

# What Sphinx alone resolves: any of it left in a learner's notebook is dead there.
SPHINX_ROLE = re.compile(r"\{(cite(:[a-z]+)?|term|doc|ref|numref)\}`")


@pytest.fixture(scope="module")
def bibliography():
    from pybtex.database import parse_file

    entries = parse_file(REPO / "book" / "references.bib").entries
    return entries, year_labels(entries)


@pytest.fixture(scope="module")
def glossary():
    return glossary_definitions((REPO / "book" / "glossary.md").read_text())


# What this environment's kernel reports, as postBuild reads it in Binder.
LANGUAGE_INFO = learner_chapters.kernel_language_info()


def learner(path, bibliography, glossary) -> str:
    entries, labels = bibliography
    return learner_chapters.learner_chapter(
        path, entries, labels, _citation_author, glossary, LANGUAGE_INFO
    )


def test_the_glossary_is_read_whole(glossary):
    source = (REPO / "book" / "glossary.md").read_text()
    terms = re.findall(r"^(\S.*)$", source.split(":::{glossary}")[1].split("\n:::")[0], re.M)
    assert [term for term, _ in glossary.values()] == terms
    term, definition = glossary["mmed"]
    assert term == "MMed" and definition and "\n" not in definition


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_a_learners_chapter_has_no_role_only_sphinx_resolves(path, bibliography, glossary):
    text = learner(path, bibliography, glossary)
    notebook = jupytext.reads(text, fmt="md:myst")
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert SPHINX_ROLE.search(markdown) is None, SPHINX_ROLE.search(markdown)
    source = path.read_text()
    if "{cite" in source:
        works = notebook.cells[-1].source
        assert works.startswith("## Works cited in this chapter")
        # Each work once, however often the chapter cites it.
        cited = {
            key.strip()
            for keys in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", source)
            for key in keys.split(",")
        }
        assert len(re.findall(r"^- ", works, re.M)) == len(cited)
    if "{term}" in source:
        assert "## Terms used in this chapter" in markdown
    # MyST's directives stay: jupyterlab-myst renders them (answers hidden, boxes drawn).
    assert markdown.count(":::{dropdown}") == source.count(":::{dropdown}")
    assert not any(WEB_PAGE_ONLY in c.metadata.get("tags", []) for c in notebook.cells)


def test_citations_terms_and_links_read_as_text_and_links(bibliography, glossary):
    chapter_1 = learner(CHAPTERS[0], bibliography, glossary)
    # "{cite:p}`guide`" -> the guide's title (it has no author) and "n.d.", as the page reads
    guide = "(Master of Medicine: Your Guide to Advanced Medical Degrees, n.d.)"
    assert f"The guide this course draws on {guide} describes" in chapter_1
    assert "a fellowship earned by examination;" in chapter_1
    assert "- **Fellowship by examination**: A specialist qualification awarded" in chapter_1
    chapter_8 = learner(REPO / "book/chapters/08_making_your_decision.md", bibliography, glossary)
    assert "[chapter 3](03_comparing_providers.md)" in chapter_8
    assert "[instructors' page](../instructors.md)" in chapter_8
    # The page's HTML plan form (web-page-only) is replaced by the notebook's own.
    assert '<form class="mmed-plan"' not in chapter_8 and "PlanForm()" in chapter_8
    # The checklist's HTML checkboxes (disabled in Jupyter) become a task list, one per box.
    source_8 = (REPO / "book/chapters/08_making_your_decision.md").read_text()
    assert "<input" not in chapter_8 and 'class="mmed-checklist"' not in chapter_8
    boxes = re.findall(r'<input type="checkbox">\s*(.*?)</label>', source_8)
    assert len(boxes) >= 10
    assert [f"- [ ] {text}" for text in boxes] == re.findall(r"^- \[ \] .*$", chapter_8, re.M)
    assert "**Money and time**" in chapter_8


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_a_learners_chapter_is_written_as_jupytext_writes_it(path, bibliography, glossary):
    # JupyterLab saves through jupytext: a file that is not in jupytext's own form would change
    # on the first save, and language_info missing from it marks the chapter modified on opening.
    text = learner(path, bibliography, glossary)
    notebook = jupytext.reads(text, fmt="md:myst")
    assert jupytext.writes(notebook, fmt="md:myst") == text
    assert notebook.metadata["language_info"] == LANGUAGE_INFO
    assert notebook.metadata.get("description") == jupytext.read(path).metadata.get("description")


def test_the_rewrite_refuses_to_run_without_being_asked(capsys):
    with pytest.raises(SystemExit):
        learner_chapters.main([])
    assert "--in-place" in capsys.readouterr().err
