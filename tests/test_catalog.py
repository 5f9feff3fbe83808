import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO
from mmedlearn import catalog


def test_default_programmes_load_from_any_working_directory(tmp_path):
    # Binder starts in the repository root, the book executes in book/chapters, a learner may
    # start anywhere: the default path must not depend on the working directory.
    code = "from mmedlearn.catalog import load_programs; print(len(load_programs()))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": ""},
        check=True,
    )
    assert int(result.stdout) == len(pd.read_csv(catalog.data_dir() / "programs.csv"))


def test_explicit_path_wins_over_environment(tmp_path, monkeypatch):
    own = tmp_path / "own.csv"
    pd.read_csv(catalog.data_dir() / "programs.csv").head(2).to_csv(own, index=False)
    monkeypatch.setenv(catalog.PROGRAMS_ENV_VAR, str(tmp_path / "missing.csv"))
    assert len(catalog.load_programs(own)) == 2


def test_environment_variable_points_at_an_instructors_file(tmp_path, monkeypatch):
    own = tmp_path / "own.csv"
    pd.read_csv(catalog.data_dir() / "programs.csv").tail(3).to_csv(own, index=False)
    monkeypatch.setenv(catalog.PROGRAMS_ENV_VAR, str(own))
    assert list(catalog.load_programs().index) == list(pd.read_csv(own)["program_id"])


def test_guide_check_lists_the_guides_four_providers_with_sources():
    checked = catalog.guide_check(catalog.load_programs())
    assert list(checked["institution"]) == [
        "University of Sydney",
        "National University of Singapore",
        "University of Edinburgh",
        "Johns Hopkins University",
    ]
    assert set(checked["verification"]) <= {"confirmed", "contradicted", "not found"}
    assert checked["sources"].str.startswith("https://").all()


@pytest.mark.slow
def test_installed_wheel_finds_its_own_data(tmp_path):
    # A non-editable install (a wheel, not this checkout) must still find programs.csv.
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    # uv (which `make` installs beside this Python) builds and installs it as pip would,
    # with the build backend from its cache instead of a fresh download each run.
    uv = Path(sys.executable).with_name("uv")
    subprocess.run([uv, "build", "-q", "--wheel", "--out-dir", wheels, REPO], check=True)
    (wheel,) = wheels.glob("mmedlearn-*.whl")
    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--python",
            sys.executable,
            "--target",
            site,
            wheel,
        ],
        check=True,
    )
    code = (
        "from mmedlearn import catalog; print(catalog.data_dir()); "
        "print(len(catalog.load_programs()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site)},
        check=True,
    )
    data_dir, rows = result.stdout.split()
    assert data_dir.startswith(str(site))
    assert int(rows) == len(pd.read_csv(catalog.data_dir() / "programs.csv"))
