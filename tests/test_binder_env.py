"""What Binder installs is enough: the files repo2docker reads (runtime.txt, requirements.txt,
postBuild) give Python 3.11, open the text chapters as notebooks, render their MyST markup,
and run every chapter."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import NOTEBOOKS, REPO

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
def test_requirements_alone_run_every_chapter(tmp_path):
    venv = tmp_path / "binder-venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    pip = [venv / "bin" / "python", "-m", "pip", "--disable-pip-version-check", "-q"]
    # repo2docker installs from the repository root, where `-e .` points at the package.
    # --no-compile: byte-compiling every installed module is a third of the install's time,
    # and what the chapters import is compiled when they run anyway.
    subprocess.run(
        [*pip, "install", "--no-compile", "-r", "requirements.txt"],
        cwd=REPO,
        check=True,
        timeout=900,
    )
    check = subprocess.run([*pip, "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    # Test tools must not have leaked into what Binder installs.
    freeze = subprocess.run(
        [*pip, "freeze"], capture_output=True, text=True, check=True
    ).stdout.lower()
    for test_only in ("pytest", "nbval", "playwright", "hypothesis"):
        assert f"\n{test_only}==" not in f"\n{freeze}", test_only

    # The front-end extensions JupyterLab loads: jupytext's notebook viewer, MyST rendering.
    labextensions = venv / "share" / "jupyter" / "labextensions"
    assert (labextensions / "jupyterlab-jupytext" / "package.json").is_file()
    assert (labextensions / "jupyterlab-myst" / "package.json").is_file()

    # postBuild makes Markdown files open as notebooks (JupyterLab's default viewer setting).
    config = tmp_path / "jupyter-config"
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "JUPYTER_CONFIG_DIR": str(config),
    }
    # In a copy, as repo2docker runs it: it also rewrites the chapters for learners.
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, ignore=lab_env.COPY_SKIP, symlinks=True)
    subprocess.run([copy / "postBuild"], cwd=copy, env=env, check=True, timeout=120)
    overrides = json.loads((config / "labconfig" / "default_setting_overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"

    # Run notebooks made from the text, in a folder of their own, as a learner's kernel would.
    work = tmp_path / "chapters"
    work.mkdir()
    for path in [copy / path.relative_to(REPO) for path in NOTEBOOKS]:
        subprocess.run(
            [
                venv / "bin" / "jupytext",
                "--to",
                "ipynb",
                "-q",
                "--output",
                work / f"{path.stem}.ipynb",
                path,
            ],
            check=True,
            env=env,
        )
    result = subprocess.run(
        [venv / "bin" / "jupyter", "execute", *sorted(p.name for p in work.glob("*.ipynb"))],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stderr.count("Executing notebook with kernel") == len(NOTEBOOKS)
