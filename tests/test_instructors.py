"""Every command on the instructors' page runs, in order, in a copy of the repository.

The page builds the book three times, each after one adaptation. The test runs every other
command in order and the builds as one, at the end, with every adaptation at once (the
programmes, the defaults, the fork's address, the hidden chapter), of a book of only the
chapters the checks read (tests/small_book.py): one build of four chapters, not three of all.
"""

import os
import re
import shlex
import shutil
import subprocess

import pytest

from conftest import REPO
from small_book import use_course_subset

pytestmark = pytest.mark.slow
PAGE = REPO / "book" / "instructors.md"


def commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", PAGE.read_text(), flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def copy_of_the_repository(target):
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    names = [n for n in tracked.stdout.split("\0") if n] if tracked.returncode == 0 else None
    if not names:  # not a git checkout: copy the tree without build products
        shutil.copytree(
            REPO, target, ignore=shutil.ignore_patterns(".venv", "_build", "test-artifacts")
        )
    else:
        for name in names:
            if name.split("/")[0] == ".venv":  # a link to an environment, not ignored as one
                continue
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    # The page's commands use the set-up that `make book` made: share it rather than repeat it.
    (target / ".venv").symlink_to(REPO / ".venv")


def test_the_page_has_commands_for_each_task():
    text = "\n".join(commands())
    for needed in (
        "mmedlearn validate",
        "MMEDLEARN_PROGRAMS=",
        "mmedlearn defaults",
        "_config.yml",
        "_toc.yml",
        "make book",
        "mmedlearn handout",
    ):
        assert needed in text, needed


#: The chapters the checks below read, and the one the page hides.
CHAPTERS = (
    "chapters/01_what_is_an_mmed",
    "chapters/03_comparing_providers",
    "chapters/04_benefits_and_limitations",
    "chapters/05_investment_and_return",
)
BUILD = re.compile(r"((?:[A-Z_]+=\S+ )*)make book")


def build_settings(command: str) -> dict[str, str] | None:
    """The variables a `[NAME=value ...] make book` line sets, or None for another command."""
    match = BUILD.fullmatch(command.strip())
    if match is None:
        return None
    return dict(word.split("=", 1) for word in shlex.split(match.group(1)))


def test_build_lines_are_read_whole():
    assert build_settings("make book") == {}
    assert build_settings("MMEDLEARN_PROGRAMS=my.csv make book") == {"MMEDLEARN_PROGRAMS": "my.csv"}
    assert build_settings("make book && rm -rf _build") is None
    assert build_settings(".venv/bin/mmedlearn roi") is None


def test_every_command_on_the_page_runs(tmp_path):
    copy = tmp_path / "course"
    copy.mkdir()
    copy_of_the_repository(copy)
    use_course_subset(copy, CHAPTERS)
    # Never reinstall into the shared environment from the copy: that would point its
    # editable mmedlearn at this temporary folder. make does not read -o from MAKEFLAGS, so
    # the page's `make` is a wrapper that passes it.
    shim = tmp_path / "bin"
    shim.mkdir()
    real_make = shutil.which("make")
    (shim / "make").write_text(f'#!/bin/sh\nexec {real_make} -o .venv/bin/.book-deps "$@"\n')
    (shim / "make").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}

    def run(command, settings=None):
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=copy,
            env={**env, **(settings or {})},
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, (
            f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )

    builds = [found for command in commands() if (found := build_settings(command)) is not None]
    for command in commands():
        if build_settings(command) is None:  # the builds are folded into the one below
            run(command)
    settings = {name: value for found in builds for name, value in found.items()}
    assert len(builds) == 3 and set(settings) == {"MMEDLEARN_PROGRAMS", "MMEDLEARN_DEFAULTS"}
    run("make book", settings)
    html = copy / "_build" / "html"
    # The instructor's programmes, five rows of the catalogue, and only those.
    chapter3 = (html / "book/chapters/03_comparing_providers.html").read_text()
    assert "University of Sydney" in chapter3 and "Makerere" not in chapter3
    index = (html / "book" / "intro.html").read_text()
    assert "04_benefits_and_limitations" not in index  # hidden from the contents
    assert (
        "github.com/your-organisation/your-fork"
        in (html / "book/chapters/01_what_is_an_mmed.html").read_text()
    )
    # The launch button and chapter 5's own "open this chapter in Binder" link both follow.
    fork_binder = "/v2/gh/your-organisation/your-fork/main?urlpath=lab/tree/book/chapters/05_investment_and_return.md"
    assert (html / "book/chapters/05_investment_and_return.html").read_text().count(
        fork_binder
    ) == 2
    # So does the link inside the notebook a learner downloads from that page.
    download = (html / "_sources/book/chapters/05_investment_and_return.ipynb").read_text()
    assert fork_binder in download and "gh/mmed-pathways/mmed-pathways" not in download
    # The page's handout example: two University of Nairobi programmes, shown in KES.
    handout = (copy / "handout.html").read_text()
    assert "University of Nairobi" in handout and "In KES" in handout
