"""An instructor's mistakes are refused at once, in one line (issue 24): a programmes path that
is a folder, a web address or an empty file was found wrong only minutes into the build, one
traceback per chapter; a handout of 167 programmes was refused with a traceback."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, VENV_BIN
from mmedlearn.catalog import PROGRAMS_ENV_VAR, data_dir, programs_file_problem
from mmedlearn.handout import MAX_PROGRAMMES
from small_book import chapter, small_book

URL = "https://example.org/programs.csv"


@pytest.fixture
def wrong_paths(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("\n  \n")
    folder = tmp_path / "programmes"
    folder.mkdir()
    return {
        "folder": (str(folder), "is a folder"),
        "web address": (URL, "is a web address"),
        "empty file": (str(empty), "is empty"),
        "missing file": (str(tmp_path / "nowhere.csv"), "does not exist"),
    }


def test_each_wrong_path_gets_one_sentence_naming_it(wrong_paths):
    for path, says in wrong_paths.values():
        problem = programs_file_problem(path)
        assert problem is not None and says in problem and repr(path) in problem
        assert "\n" not in problem
    assert programs_file_problem(data_dir() / "programs.csv") is None


def without_programmes(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k != PROGRAMS_ENV_VAR}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["folder", "web address", "empty file"])
def test_make_book_refuses_a_wrong_programmes_path_before_building(wrong_paths, kind):
    path, says = wrong_paths[kind]
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "book",
            f"MMEDLEARN_PROGRAMS={path}",
            f"PYTHON={sys.executable}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=without_programmes(os.environ),
        timeout=300,
    )
    assert result.returncode != 0
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{PROGRAMS_ENV_VAR}: ") and says in first, result.stderr
    assert "jupyter-book" not in result.stdout and "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_build_itself_refuses_it_before_any_chapter_runs(tmp_path, wrong_paths):
    """Without make (jupyter-book build run by hand, or by CI): the book's extension checks
    the path when the build starts."""
    small_book(tmp_path / "book", {"chapter": chapter("A chapter", 'print("fine")')})
    path, says = wrong_paths["web address"]
    result = subprocess.run(
        [VENV_BIN / "jupyter-book", "build", tmp_path / "book", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env={**os.environ, PROGRAMS_ENV_VAR: path},
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{PROGRAMS_ENV_VAR}: programmes file {path!r} {says}" in output
    assert "Executing notebook" not in output and "Traceback" not in output
    assert not (tmp_path / "book" / "_build" / "html" / "book" / "chapters").exists()


def test_a_handout_of_167_programmes_is_refused_in_one_line(tmp_path):
    """The chart of a handout tells apart MAX_PROGRAMMES lines; 167 programmes are refused
    with what to do instead, and nothing is written."""
    rows = list(csv.DictReader((data_dir() / "programs.csv").open(newline="", encoding="utf-8")))
    many = []
    for copy in range(1 + 167 // len(rows)):
        for row in rows:
            suffix = f" {copy}" if copy else ""
            many.append(
                {
                    **row,
                    "program_id": f"{row['program_id']}_{copy}",
                    "specialty": row["specialty"] + suffix,
                }
            )
    many = many[:167]
    programmes = tmp_path / "programs.csv"
    with programmes.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(many)
    out = tmp_path / "handout.html"
    command = [Path(sys.executable).parent / "mmedlearn", "handout", "--out", out]
    for row in many:
        command += ["--program", row["program_id"]]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, PROGRAMS_ENV_VAR: str(programmes)},
        timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"at most {MAX_PROGRAMMES} programmes (167 given)" in result.stderr
    assert not out.exists()
