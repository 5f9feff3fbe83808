"""What Binder installs is enough: the files repo2docker reads (runtime.txt, requirements.txt,
postBuild) give Python 3.11, open the text chapters as notebooks and render their MyST markup.
That every chapter runs there is checked by strict nbval, which runs them in this environment
(tests/test_notebooks.py)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import lab_env


def pinned(requirement: str) -> str | None:
    """The exact version requirements.txt pins for a package, or None."""
    for line in (REPO / "requirements.txt").read_text().splitlines():
        match = re.fullmatch(rf"{requirement}==(\S+)", line.strip(), flags=re.I)
        if match:
            return match.group(1)
    return None


def test_runtime_pins_python_311():
    # repo2docker reads "python-X.Y"; without it older deployments fall back to 3.10.
    assert (REPO / "runtime.txt").read_text().strip() == "python-3.11"


def test_binder_installs_the_notebook_tools_pinned():
    assert pinned("jupytext"), "jupytext opens the .md chapters as notebooks"
    assert pinned("jupyterlab-myst") == "2.7.0", "the version seen rendering the course's markup"
    # A binder/ folder would make repo2docker ignore the files at the root.
    assert not (REPO / "binder").exists() and not (REPO / ".binder").exists()


@pytest.mark.slow
def test_the_binder_environment_has_the_notebook_tools_and_no_test_tools():
    # Built as repo2docker builds it (scripts/lab_env.py: the front end, requirements.txt,
    # postBuild) and cached by the hash of those files; tests/test_notebooks.py runs every
    # chapter in it (strict nbval) and tests/test_jupyterlab.py serves them from it.
    sys.path.insert(0, str(REPO / "scripts"))

    venv = lab_env.ensure_env()
    pip = [venv / "bin" / "python", "-m", "pip", "--disable-pip-version-check", "-q"]
    check = subprocess.run([*pip, "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    # Test tools must not have leaked into what Binder installs.
    freeze = subprocess.run(
        [*pip, "freeze"], capture_output=True, text=True, check=True
    ).stdout.lower()
    for test_only in ("pytest", "nbval", "playwright", "hypothesis"):
        assert f"\n{test_only}==" not in f"\n{freeze}", test_only

    # The front-end extensions JupyterLab loads: jupytext's notebook viewer, MyST rendering,
    # both brought by requirements.txt (Binder's front end, requirements-jupyterlab.txt, has
    # neither).
    labextensions = venv / "share" / "jupyter" / "labextensions"
    assert (labextensions / "jupyterlab-jupytext" / "package.json").is_file()
    assert (labextensions / "jupyterlab-myst" / "package.json").is_file()
    front_end = (REPO / "requirements-jupyterlab.txt").read_text().lower()
    for package in ("jupytext", "jupyterlab-myst"):
        assert not re.search(rf"^{package}==", front_end, flags=re.M), package

    # postBuild makes Markdown files open as notebooks (JupyterLab's default viewer setting).
    config = Path(lab_env.jupyter_env(venv)["JUPYTER_CONFIG_DIR"])
    overrides = json.loads((config / "labconfig" / "default_setting_overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"
