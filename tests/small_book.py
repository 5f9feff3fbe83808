"""A small book with the book's own configuration and extension: for the tests of the build
machinery (caching, failures), which need the rule, not every chapter executed."""

from __future__ import annotations

import os
import shutil
import subprocess

from conftest import REPO, VENV_BIN

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


def build(root, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`jupyter-book build` of root as the README builds the book (warnings are errors)."""
    return subprocess.run(
        [VENV_BIN / "jupyter-book", "build", root, "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
