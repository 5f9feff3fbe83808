"""What Binder installs is enough: a fresh venv with only requirements.txt runs every chapter."""

import shutil
import subprocess
import sys

import pytest

from conftest import CHAPTERS, REPO

pytestmark = pytest.mark.slow


def test_requirements_alone_run_every_chapter(tmp_path):
    venv = tmp_path / "binder-venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    pip = [venv / "bin" / "python", "-m", "pip", "--disable-pip-version-check", "-q"]
    # repo2docker installs from the repository root, where `-e .` points at the package.
    subprocess.run([*pip, "install", "-r", "requirements.txt"], cwd=REPO, check=True, timeout=900)
    check = subprocess.run([*pip, "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    # Test tools must not have leaked into what Binder installs.
    freeze = subprocess.run([*pip, "freeze"], capture_output=True, text=True, check=True).stdout.lower()
    for test_only in ("pytest", "nbval", "playwright", "hypothesis"):
        assert f"\n{test_only}==" not in f"\n{freeze}", test_only

    # Run copies, in a folder of their own, so nothing is written back into the repository.
    work = tmp_path / "chapters"
    work.mkdir()
    for chapter in CHAPTERS:
        shutil.copy(chapter, work)
    result = subprocess.run(
        [venv / "bin" / "jupyter", "execute", *sorted(p.name for p in work.glob("*.ipynb"))],
        cwd=work, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stderr.count("Executing notebook with kernel") == len(CHAPTERS)
