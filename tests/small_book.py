"""Small books with the book's own configuration and extension, for tests that need a build
but not every chapter executed (a whole-book build is the longest step of the suite):

- ``small_book``: chapters written by the test (the build machinery: caching, failures);
- ``course_subset``: some of the course's real chapters, with the glossary and references
  their {term} and {cite} roles point at (what an instructor's file or setting changes on
  the pages that show it: the hostile-names book, the instructors' page).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Not from conftest: tests/shared_books.py's background process imports this module too.
REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def chapter(title: str, code: str) -> str:
    """A MyST text notebook: a heading and one code cell."""
    return f"{FRONT_MATTER}# {title}\n\n```{{code-cell}} ipython3\n{code.strip()}\n```\n"


def small_book(root, chapters: dict[str, str]) -> None:
    """Write a book into root: the real _config.yml, extension, assets and templates, and the
    chapters given (file stem -> MyST text), in that order."""
    for part in ("_ext", "_assets", "_templates", "references.bib"):
        source = REPO / "book" / part
        target = root / "book" / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    shutil.copy(REPO / "_config.yml", root / "_config.yml")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n"
        + "".join(f"  - file: book/chapters/{stem}\n" for stem in chapters)
    )
    (root / "book" / "intro.md").write_text("# A small book\n")
    (root / "book" / "chapters").mkdir()
    for stem, text in chapters.items():
        (root / "book" / "chapters" / f"{stem}.md").write_text(text)


#: The reference pages a real chapter's roles need; they execute nothing.
REFERENCE_PAGES = ("book/glossary", "book/references")


def course_toc(pages) -> str:
    """A _toc.yml of the course's pages given (paths under book/ without suffix, e.g.
    "chapters/01_what_is_an_mmed" or "catalogue", in that order), the reference pages after
    them. The root is the small book's own intro: the real one links to every chapter."""
    return (
        "format: jb-book\nroot: book/intro\nchapters:\n"
        + "".join(f"  - file: book/{page}\n" for page in pages)
        + "".join(f"  - file: {page}\n" for page in REFERENCE_PAGES)
    )


def use_course_subset(root, pages) -> None:
    """Make the book in root (a copy of this repository, or course_subset's) build only the
    pages given (see course_toc): `only_build_toc_files` leaves the others out."""
    (root / "_toc.yml").write_text(course_toc(pages))
    (root / "book" / "intro.md").write_text("# A small book\n")


def course_subset(root, pages) -> None:
    """Write into root a book of the course's own pages given (see course_toc), with the real
    _config.yml and book/ folder."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "book", root / "book", ignore=shutil.ignore_patterns("*.ipynb"))
    shutil.copy(REPO / "_config.yml", root / "_config.yml")
    use_course_subset(root, pages)


def build(root, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`jupyter-book build` of root as the README builds the book (warnings are errors)."""
    return subprocess.run(
        [VENV_BIN / "jupyter-book", "build", root, "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
