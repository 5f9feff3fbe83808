"""`mmedlearn validate` given a path that cannot be a catalogue: a folder without programs.csv
(it was reported valid with the shipped 344 programmes, read from the fallback), a web address,
as the loader reports a file's problems: one line naming the path, then the count; exit 1, no
traceback."""

from __future__ import annotations

import subprocess

import pytest

from conftest import REPO, VENV_BIN


def validate(path: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [VENV_BIN / "mmedlearn", "validate", path],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("folder", "the folder has no programs.csv"),
        ("address", "a web address: download the file"),
        ("empty", "the file is empty"),
    ],
)
def test_a_path_that_is_no_catalogue_is_refused(tmp_path, kind, expected):
    path = {
        "folder": str(tmp_path),
        "address": "https://example.org/programmes.csv",
        "empty": str(tmp_path / "empty.csv"),
    }[kind]
    (tmp_path / "empty.csv").write_text("")
    result = validate(path)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and "valid, " not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines == [f"{path}: {lines[0].split(': ', 1)[1]}", f"{path}: 1 problem(s); not valid"]


def test_the_catalogue_folder_and_its_programmes_file_still_validate():
    for path in ("data", "data/programs.csv"):
        result = validate(path)
        assert result.returncode == 0, result.stderr
        assert "valid, " in result.stdout
