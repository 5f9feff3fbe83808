"""Shared fixtures: the repository's paths and one build of the book per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

import shared_books

# CI explores the same examples every run (a red CI must be reproducible); locally,
# hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
# The chapters, the catalogue and the data dictionary are MyST text notebooks (jupytext `md:myst`).
CHAPTERS = sorted((REPO / "book" / "chapters").glob("[0-9][0-9]_*.md"))
CHAPTER_NAMES = [path.stem for path in CHAPTERS]
NOTEBOOKS = [*CHAPTERS, REPO / "book" / "catalogue.md", REPO / "book" / "data_dictionary.md"]


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
        shared_books.book_command(output_dir),
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


def strict_nbval_command(*notebooks: Path, kernel: str | None = None) -> list[str]:
    """Strict nbval over executed notebooks (run it with strict_nbval_env): every output (text
    and HTML) compared, Altair's random element ids sanitised. The kernel is this
    environment's, or the kernelspec named. -o addopts= keeps this project's own pytest
    options (doctest collection, workers) out of the inner run."""
    return [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-rA",  # a line per cell, PASSED or not: a caller can tell which notebook failed
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--nbval",
        *(["--nbval-kernel-name", kernel] if kernel else ["--nbval-current-env"]),
        "--nbval-sanitize-with",
        str(REPO / "tests" / "nbval_sanitize.cfg"),
        *map(str, notebooks),
    ]


def build_book(output_dir: Path, env: dict[str, str] | None = None) -> Path:
    """Build the whole book into output_dir (see run_book_build); return the HTML folder."""
    run_book_build(output_dir, env)
    return output_dir / "_build" / "html"


def _shared_folder(config) -> Path:
    """The temporary folder every process of this run sees: under pytest-xdist, the parent
    of each worker's own."""
    base = config._tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


#: Test files that take longest, longest first: pytest-xdist hands them out first (with
#: --no-loadscope-reorder, pyproject.toml), so that no worker starts one when the others are
#: done. The shared books build meanwhile; files that wait for them come after.
LONG_FIRST = (
    "test_jupyterlab.py",  # builds its environment on a fresh clone; chapters 3 and 5 run live
    "test_instructors.py",  # one small-book build in a copy of the repository
    "test_hostile.py",  # many runs of the command, no book: while the shared books build
    "test_cli.py",
    "test_handout.py",
    "test_static_explorers.py",  # its own explorer page in Chromium (44 s): last, it ran alone
    "test_book_cache.py",
    "test_build_failure.py",
    # These wait for the shared whole-book build: started once it is likely done.
    "test_notebooks.py",  # strict nbval, every notebook run again in the Binder-like environment
    "test_browser_reader.py",  # axe-core on every page, two themes
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.path.name
        return LONG_FIRST.index(name) if name in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: the order within a file, and of the others, stays


def pytest_collection_finish(session):
    # Start the whole-book builds the selected tests need now, in the background (see
    # tests/shared_books.py): the tests that need no book run meanwhile.
    if session.config.option.collectonly:
        return
    needed = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    shared_books.start(_shared_folder(session.config), needed & set(shared_books.BOOKS))


@pytest.fixture(scope="session")
def built_book(request) -> Path:
    """The book as `make book` builds it (once per run, shared by every test process)."""
    return shared_books.wait(_shared_folder(request.config), "built_book")


@pytest.fixture(scope="session")
def hostile_book(request) -> Path:
    """The book built from an instructor's file whose programme names are HTML and escape codes."""
    return shared_books.wait(_shared_folder(request.config), "hostile_book")


ARTIFACTS = REPO / "test-artifacts"


def pytest_configure(config):
    # Emptied once per run, by the main process: with pytest-xdist each worker has its own
    # session, and a worker emptying the folder would delete another's screenshots.
    if not hasattr(config, "workerinput"):
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        ARTIFACTS.mkdir()
        # The command keeps the catalogue it checked (mmedlearn.catalogue_cache): during the
        # tests in a folder of this run, which the workers and every command they start
        # inherit, never in the user's cache.
        os.environ["MMEDLEARN_CACHE_DIR"] = tempfile.mkdtemp(prefix="mmed-test-cache-")


def pytest_sessionfinish(session):
    # The main process ends last: a build no test waited for (a run stopped early) ends too.
    if not hasattr(session.config, "workerinput"):
        shared_books.stop_all(_shared_folder(session.config))
        shutil.rmtree(os.environ.get("MMEDLEARN_CACHE_DIR", ""), ignore_errors=True)


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


def copy_catalogue(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalogue's tables, in tmp_path/data."""
    copy = tmp_path / "data"
    copy.mkdir()
    for table in (REPO / "data").glob("*.csv"):
        shutil.copy(table, copy / table.name)
    return copy
