"""Rewrite this copy's chapters as the notebooks a learner opens in Binder (run by postBuild).

JupyterLab opens the chapters' MyST text as notebooks (jupytext) and renders their directives
(jupyterlab-myst), but not what only Sphinx resolves: every citation reads "Citation Not
Found", and glossary terms and links to other chapters lead nowhere. Each chapter is rewritten
in place as book/_ext/notebook_download.py's learner notebook (MyST directives kept): citations
"(Author, year)" with the works cited at the end, terms with their definitions at the end,
links to other chapters as links to their files, web-page-only cells left out.

It also stops a chapter from counting as modified the moment it opens: JupyterLab writes the
kernel's `language_info` into the notebook's metadata when the kernel starts, which marks the
notebook changed unless the file already holds the same value. Each chapter is written with
this environment's kernel's `language_info` (kept in its header by jupytext's metadata filter),
exactly as jupytext writes it, so opening it, running it and closing it changes nothing.

    python scripts/learner_chapters.py --in-place   # in Binder's copy only: it rewrites files

Your own checkout's chapters are the book's source: `git checkout book/` restores them if this
was run there by mistake.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "book" / "_ext"))

#: jupytext keeps only these notebook metadata in the text (besides its own and the kernel's):
#: the page's description (the book's search snippet), and the kernel's language_info.
METADATA_KEPT = "description,language_info"


def chapter_files(root: Path) -> list[Path]:
    """The book's text notebooks: the Markdown files under book/ whose header names a kernel."""
    return sorted(
        path
        for path in (root / "book").rglob("*.md")
        if "_build" not in path.parts and _header(path).count("\nkernelspec:")
    )


def _header(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return ""
    end = text.find("\n---\n", 4)
    return text[: end + 1] if end > 0 else ""


def kernel_language_info() -> dict:
    """What this environment's Python kernel reports as its language (ipykernel's own value)."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def learner_chapter(path: Path, entries, labels, author, glossary, language_info) -> str:
    """The chapter at path as a learner's notebook, written as jupytext writes MyST text."""
    import jupytext
    from notebook_download import learner_notebook

    def doc_link(target: str) -> str | None:
        # A {doc} target is relative to the chapter's folder; the file is a notebook here too.
        linked = (path.parent / target).with_suffix(".md")
        return f"{target}.md" if linked.is_file() else None

    notebook = jupytext.read(path, fmt="md:myst")
    notebook = learner_notebook(
        notebook, entries, labels, author, glossary, keep_myst=True, doc_link=doc_link
    )
    notebook.metadata["language_info"] = language_info
    notebook.metadata.setdefault("jupytext", {})["notebook_metadata_filter"] = METADATA_KEPT
    return jupytext.writes(notebook, fmt="md:myst")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--in-place", action="store_true", required=True, help="rewrite the chapters"
    )
    parser.parse_args(argv)
    from mmed_book import _citation_author, year_labels
    from notebook_download import glossary_definitions
    from pybtex.database import parse_file

    entries = parse_file(REPO / "book" / "references.bib").entries
    labels = year_labels(entries)
    glossary = glossary_definitions((REPO / "book" / "glossary.md").read_text(encoding="utf-8"))
    language_info = kernel_language_info()
    chapters = chapter_files(REPO)
    for path in chapters:
        text = learner_chapter(path, entries, labels, _citation_author, glossary, language_info)
        path.write_text(text, encoding="utf-8")
    print(f"{len(chapters)} chapters rewritten for learners")
    return 0


if __name__ == "__main__":
    sys.exit(main())
