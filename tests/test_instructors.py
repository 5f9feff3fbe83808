"""Every command on the instructors' page runs, in order, in a copy of the repository."""

import os
import re
import shutil
import subprocess

import pytest

from conftest import REPO

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


def test_every_command_on_the_page_runs(tmp_path):
    copy = tmp_path / "course"
    copy.mkdir()
    copy_of_the_repository(copy)
    # Never reinstall into the shared environment from the copy: that would point its
    # editable mmedlearn at this temporary folder. make does not read -o from MAKEFLAGS, so
    # the page's `make` is a wrapper that passes it.
    shim = tmp_path / "bin"
    shim.mkdir()
    real_make = shutil.which("make")
    (shim / "make").write_text(f'#!/bin/sh\nexec {real_make} -o .venv/bin/.book-deps "$@"\n')
    (shim / "make").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
    for command in commands():
        result = subprocess.run(
            ["bash", "-c", command], cwd=copy, env=env, capture_output=True, text=True, timeout=900
        )
        assert result.returncode == 0, (
            f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )
        if command.startswith("MMEDLEARN_PROGRAMS=my_programs.csv make book"):
            chapter3 = (copy / "_build/html/book/chapters/03_comparing_providers.html").read_text()
            assert "University of Sydney" in chapter3 and "Makerere" not in chapter3
    html = copy / "_build" / "html"
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
