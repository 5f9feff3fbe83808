"""A build that fails fails every time until its cause is gone (issue 24).

Sphinx re-reads only changed pages, so a second `make book` after a chapter failed used to find
nothing to do, exit 0 and publish pages showing the traceback. A one-chapter book with the
book's own configuration and extension shows the rule without building every chapter.
"""

from __future__ import annotations

import pytest

from small_book import build, chapter, small_book

pytestmark = pytest.mark.slow

CHAPTER = chapter(
    "A chapter",
    """
import os
if os.environ.get("MMED_TEST_CAUSE"):
    raise RuntimeError("the cause of the failure")
print("fine")
""",
)


def build_with(root, cause: bool):
    return build(root, {"MMED_TEST_CAUSE": "1"} if cause else None)


def test_a_failed_chapter_fails_every_build_until_its_cause_is_gone(tmp_path, monkeypatch):
    monkeypatch.delenv("MMED_TEST_CAUSE", raising=False)  # only this test sets it
    small_book(tmp_path, {"chapter": CHAPTER})
    page = tmp_path / "_build" / "html" / "book" / "chapters" / "chapter.html"
    first = build_with(tmp_path, cause=True)
    assert first.returncode != 0
    second = build_with(tmp_path, cause=True)  # nothing edited: the cause is still there
    assert second.returncode != 0, "a rebuild after a failure exited 0"
    assert "Executing notebook failed" in second.stdout + second.stderr
    fixed = build_with(tmp_path, cause=False)
    assert fixed.returncode == 0, fixed.stdout[-3000:] + fixed.stderr[-3000:]
    assert "RuntimeError: the cause" not in page.read_text()
