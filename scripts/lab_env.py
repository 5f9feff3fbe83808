"""Build (or reuse) an environment like the one Binder builds, and print its folder.

What repo2docker does for this repository, in order: a Python venv, the front end of its base
image (requirements-jupyterlab.txt: JupyterLab 4, Notebook 7), then requirements.txt (which
ends with ``-e .``), then ``postBuild`` if the repository has one: the packages pip would
install, installed by uv (faster).

The environment is kept under ``$MMED_LAB_ENV_DIR`` (default ``~/.cache/mmed-pathways``), in a
folder named by a hash of the files that define it (and of the checkout's path), so a second run costs nothing and a
changed pin builds a new one.

    python scripts/lab_env.py        # prints the environment's folder
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFINING_FILES = (
    "requirements-jupyterlab.lock",
    "requirements.txt",
    "postBuild",
    "runtime.txt",
)

#: What a copy of the checkout leaves out, as a Binder checkout has none of it (git ignores it).
COPY_SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    "_build",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
    "*.egg-info",
)


def env_key() -> str:
    # The checkout's own path too: `-e .` ties the environment to one working tree.
    digest = hashlib.sha256(str(REPO).encode() + b"\0")
    for name in DEFINING_FILES:
        path = REPO / name
        digest.update(
            name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"-") + b"\0"
        )
    return digest.hexdigest()[:16]


def env_dir() -> Path:
    base = Path(os.environ.get("MMED_LAB_ENV_DIR", Path.home() / ".cache" / "mmed-pathways"))
    return base / f"lab-env-{env_key()}"


def jupyter_env(target: Path) -> dict[str, str]:
    """Jupyter's per-user folders inside the environment: postBuild's settings (Binder writes
    them to the image user's home) must not touch the home folder of the machine running this."""
    return {
        "JUPYTER_CONFIG_DIR": str(target / "user" / "config"),
        "JUPYTER_DATA_DIR": str(target / "user" / "data"),
        "JUPYTERLAB_SETTINGS_DIR": str(target / "user" / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(target / "user" / "lab-workspaces"),
    }


def ensure_env() -> Path:
    """The environment's folder, built if it does not exist yet. Two processes asking at
    once (the test suite's workers: the JupyterLab test and nbval both run in it) build it
    once: the second waits for the first."""
    target = env_dir()
    if (target / ".complete").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f"{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / ".complete").exists():  # not built while this process waited
            _build(target)
    return target


def _build(target: Path) -> None:
    # A venv is not relocatable: build under the final name, marked complete only at the end,
    # so an interrupted build is never reused.
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", target], check=True)
    python = target / "bin" / "python"
    # uv (the Makefile installs it beside this Python) installs what pip would, in seconds:
    # on a fresh clone pip took over a minute of the suite's time.
    uv = Path(sys.executable).with_name("uv")
    # Compiled to bytecode as pip would (see the Makefile: PYTHONDONTWRITEBYTECODE).
    pip = [uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", python]
    # The front end and every package below it, pinned with hashes (scripts/lock.sh), so the
    # test's environment is the same each time; requirements.txt then adds only the package.
    locked = [*pip, "--require-hashes", "-r", REPO / "requirements-jupyterlab.lock"]
    subprocess.run(locked, check=True, timeout=1800)
    # requirements.txt's `-e .` is relative to the repository root, as in repo2docker.
    subprocess.run([*pip, "-r", "requirements.txt"], cwd=REPO, check=True, timeout=1800)
    subprocess.run([python, "-m", "pip", "check"], check=True)
    post_build = REPO / "postBuild"
    if post_build.exists():
        # With the environment first on PATH, as in the Binder image.
        env = {
            **os.environ,
            **jupyter_env(target),
            "PATH": f"{target / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "VIRTUAL_ENV": str(target),
        }
        # In a copy, as repo2docker runs it: postBuild rewrites the chapters for learners.
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "repo"
            shutil.copytree(REPO, copy, ignore=COPY_SKIP, symlinks=True)
            subprocess.run(["bash", "postBuild"], cwd=copy, check=True, env=env, timeout=600)
    (target / ".complete").touch()


if __name__ == "__main__":
    print(ensure_env())
