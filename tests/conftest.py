"""Shared fixtures: the repository's paths and one build of the book per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples every run (a red CI must be reproducible); locally,
# hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
# The chapters and the data dictionary are MyST text notebooks (jupytext `md:myst`).
CHAPTERS = sorted((REPO / "book" / "chapters").glob("[0-9][0-9]_*.md"))
CHAPTER_NAMES = [path.stem for path in CHAPTERS]
NOTEBOOKS = [*CHAPTERS, REPO / "book" / "data_dictionary.md"]


def book_pages() -> list[str]:
    """Every page in the table of contents, as built HTML paths: a new page gets checked
    by the browser tests without editing them."""
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [f"{toc['root']}.html"] + [
        f"{entry['file']}.html" for part in toc["parts"] for entry in part["chapters"]
    ]


VENV_BIN = Path(sys.executable).parent


def run_book_build(output_dir: Path, env: dict[str, str] | None = None) -> str:
    """Build the whole book, warnings as errors, into output_dir; return the build's log
    (Sphinx's, where myst-nb reports each notebook it executes)."""
    result = subprocess.run(
        [
            str(VENV_BIN / "jupyter-book"),
            "build",
            str(REPO),
            "--path-output",
            str(output_dir),
            "-W",
            "-n",
            "--keep-going",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=900,
    )
    assert result.returncode == 0, (
        f"book build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result.stdout + result.stderr


def strict_nbval_env() -> dict[str, str]:
    """What the strict nbval run adds to the environment: the chapters render their charts
    as in the book build (book/_ext/mmed_book.py), or every chart output would differ."""
    from mmedlearn.charts import BOOK_BUILD_ENV_VAR

    return {BOOK_BUILD_ENV_VAR: "1"}


def strict_nbval_command(*notebooks: Path) -> list[str]:
    """Strict nbval over executed notebooks (run it with strict_nbval_env): every output (text
    and HTML) compared, Altair's random element ids sanitised. -o addopts= keeps this
    project's own pytest options (doctest collection, workers) out of the inner run."""
    return [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        str(REPO / "tests" / "nbval_sanitize.cfg"),
        *map(str, notebooks),
    ]


def build_book(output_dir: Path, env: dict[str, str] | None = None) -> Path:
    """Build the whole book into output_dir (see run_book_build); return the HTML folder."""
    run_book_build(output_dir, env)
    return output_dir / "_build" / "html"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    # MMED_BUILT_BOOK: the HTML folder of a build made from this same checkout, so that a
    # browser test run after `make book` (or a benchmark's build) does not build it again.
    given = os.environ.get("MMED_BUILT_BOOK")
    if given:
        return Path(given)
    return build_book(tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def hostile_book(tmp_path_factory) -> Path:
    """The book built from an instructor's file whose programme names are HTML and escape codes."""
    hostile = REPO / "tests" / "data" / "good_programs" / "hostile_names.csv"
    return build_book(tmp_path_factory.mktemp("hostile"), env={"MMEDLEARN_PROGRAMS": str(hostile)})


ARTIFACTS = REPO / "test-artifacts"


def pytest_configure(config):
    # Emptied once per run, by the main process: with pytest-xdist each worker has its own
    # session, and a worker emptying the folder would delete another's screenshots.
    if not hasattr(config, "workerinput"):
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        ARTIFACTS.mkdir()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots and other evidence a reviewer may want to open after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session", autouse=True)
def _close_browser_at_the_end():
    yield
    from browser import close_shared_browser

    close_shared_browser()
