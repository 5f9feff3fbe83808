"""A build that fails fails every time until its cause is gone (issue 24).

Sphinx re-reads only changed pages, so a second `make book` after a chapter failed used to find
nothing to do, exit 0 and publish pages showing the traceback. A one-chapter book with the
book's own configuration and extension shows the rule without building every chapter.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import REPO, VENV_BIN

pytestmark = pytest.mark.slow

CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# A chapter

```{code-cell} ipython3
import os
if os.environ.get("MMED_TEST_CAUSE"):
    raise RuntimeError("the cause of the failure")
print("fine")
```
"""


def small_book(root):
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
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/chapters/chapter\n"
    )
    (root / "book" / "intro.md").write_text("# A small book\n")
    (root / "book" / "chapters").mkdir()
    (root / "book" / "chapters" / "chapter.md").write_text(CHAPTER)


def build(root, cause: bool) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "MMED_TEST_CAUSE"}
    if cause:
        env["MMED_TEST_CAUSE"] = "1"
    return subprocess.run(
        [VENV_BIN / "jupyter-book", "build", root, "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_a_failed_chapter_fails_every_build_until_its_cause_is_gone(tmp_path):
    small_book(tmp_path)
    page = tmp_path / "_build" / "html" / "book" / "chapters" / "chapter.html"
    first = build(tmp_path, cause=True)
    assert first.returncode != 0
    second = build(tmp_path, cause=True)  # nothing edited: the cause is still there
    assert second.returncode != 0, "a rebuild after a failure exited 0"
    assert "Executing notebook failed" in second.stdout + second.stderr
    fixed = build(tmp_path, cause=False)
    assert fixed.returncode == 0, fixed.stdout[-3000:] + fixed.stderr[-3000:]
    assert "RuntimeError: the cause" not in page.read_text()
