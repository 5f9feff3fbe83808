"""The run's shared books: each book build happens once per test run, in the background.

Two books: the whole checkout as `make book` builds it (`built_book`), read by every test that
only reads pages; and the hostile-names book (`hostile_book`), built from the pages in
SUBSETS only, with an instructor's programmes file whose names are HTML.

A whole-book build executes every chapter, the longest single step of the suite. The first test
process whose collection needs a book claims it (creating its folder in the run's shared
temporary folder is the claim, atomic across pytest-xdist's processes) and starts the builds in
one background process, one book after the other: on two cores two concurrent builds would
each take twice as long. The process carries on with other tests; a test that needs a book
waits for its build to end, by watching for the file that holds the build's exit status.

    python tests/shared_books.py FOLDER NAME...   # what the background process runs
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
HOSTILE_PROGRAMS = REPO / "tests" / "data" / "good_programs" / "hostile_names.csv"

#: The fixture that gives a book -> what its build adds to the environment; builds run in
#: this order.
BOOKS = {
    "built_book": {},
    # An instructor's file whose programme names are HTML and escape codes.
    "hostile_book": {"MMEDLEARN_PROGRAMS": str(HOSTILE_PROGRAMS)},
}
#: Books built from some of the course's pages only (tests/small_book.py's course_subset),
#: not the whole checkout. The hostile names reach a page by one of four routes, and one
#: page of each is enough: chapter 1's tables (mmedlearn.tables.present, as chapters 2, 4, 6
#: and 7), chapter 3's chart data and explorer configuration (the JSON chapter 5's explorer
#: is written with too), and the catalogue page's Markdown.
SUBSETS = {
    "hostile_book": ("chapters/01_what_is_an_mmed", "chapters/03_comparing_providers", "catalogue"),
}
BUILD_TIMEOUT_S = 1200


def book_command(output_dir: Path, source: Path = REPO) -> list[str]:
    """The README's build (warnings are errors) of this checkout (or of the book in source),
    written to output_dir."""
    return [
        str(VENV_BIN / "jupyter-book"),
        "build",
        str(source),
        "--path-output",
        str(output_dir),
        "-W",
        "-n",
        "--keep-going",
    ]


def _command(folder: Path, name: str) -> list[str]:
    """The build of the book named: the checkout itself, or a course subset written (and
    built) in the book's own folder."""
    if name not in SUBSETS:
        return book_command(folder / name)
    from small_book import course_subset

    course_subset(folder / name, SUBSETS[name])
    return book_command(folder / name, source=folder / name)


def _build_all(folder: Path, names: list[str]) -> None:
    for name in names:
        with open(folder / f"{name}.log", "w") as log:
            result = subprocess.run(
                _command(folder, name),
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **BOOKS[name]},
                timeout=BUILD_TIMEOUT_S,
            )
        # Written whole, then renamed: a waiting process never reads half a status.
        (folder / f"{name}.rc.part").write_text(str(result.returncode))
        (folder / f"{name}.rc.part").rename(folder / f"{name}.rc")


def _books_folder(shared: Path) -> Path:
    folder = shared / "shared-books"
    folder.mkdir(exist_ok=True)
    return folder


def start(shared: Path, names) -> None:
    """Start building, in the background, each book named that no process has claimed yet."""
    if not set(names) & set(BOOKS):
        return
    folder = _books_folder(shared)
    mine = []
    for name in (name for name in BOOKS if name in names):
        try:
            (folder / name).mkdir()
            mine.append(name)
        except FileExistsError:
            continue
    if not mine:
        return
    # Its own session: the run's end can stop it, kernels and all, if no test waited for it.
    process = subprocess.Popen(
        [sys.executable, __file__, str(folder), *mine],
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    _started[process.pid] = process
    for name in mine:
        (folder / f"{name}.pid.part").write_text(str(process.pid))
        (folder / f"{name}.pid.part").rename(folder / f"{name}.pid")


_started: dict[int, subprocess.Popen] = {}


def _alive(pid: int) -> bool:
    if pid in _started:  # this process's own child: poll() also reaps it
        return _started[pid].poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait(shared: Path, name: str) -> Path:
    """The HTML folder of the book named, once its build has ended; fails with the build's
    log if it failed."""
    start(shared, [name])
    folder = _books_folder(shared)
    status = folder / f"{name}.rc"
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    pid = folder / f"{name}.pid"
    while not status.exists():
        if pid.exists() and not _alive(int(pid.read_text())):
            if status.exists():
                break
            raise RuntimeError(f"the build of {name} ended without a status")
        assert time.monotonic() < deadline, f"the build of {name} took over {BUILD_TIMEOUT_S} s"
        time.sleep(0.2)  # polling a file another process writes: no event to wait on
    log = (folder / f"{name}.log").read_text()
    assert status.read_text() == "0", f"book build failed ({name}):\n{log[-6000:]}"
    return folder / name / "_build" / "html"


def stop_all(shared: Path) -> None:
    """End builds still running when the run ends (no test is left to wait for them)."""
    for pid in (shared / "shared-books").glob("*.pid"):
        if pid.with_suffix(".rc").exists():
            continue
        try:
            os.killpg(int(pid.read_text()), signal.SIGTERM)
        except ProcessLookupError:
            pass


if __name__ == "__main__":
    _build_all(Path(sys.argv[1]), sys.argv[2:])
