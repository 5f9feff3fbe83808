"""A JupyterLab server like a Binder launch's, on loopback, for the real-client test.

The environment comes from scripts/lab_env.py (cached by the hash of what defines it). The
server runs on a copy of the repository, on which postBuild has run as in Binder (it rewrites
the chapters for learners), so running the chapters (and JupyterLab's autosave) never writes
into the checkout.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import lab_env  # noqa: E402

#: Settings a tester needs and a learner does not notice: every cell stays in the page (not
#: only those scrolled into view) so that the test can read all outputs; no autosave.
_TEST_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def lab_server(workdir: Path, env_dir: Path | None = None, timeout: float = 120):
    """Start JupyterLab on 127.0.0.1 with a random token over a copy of the repository;
    yield (base_url, token, folder). The server and its kernels end with the block."""
    env_dir = env_dir or lab_env.ensure_env()
    root = workdir / "repo"
    shutil.copytree(REPO, root, ignore=lab_env.COPY_SKIP, symlinks=True)
    settings = workdir / "lab-settings"
    for name, values in _TEST_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    token, port = secrets.token_hex(16), free_port()
    env = {
        **os.environ,
        **lab_env.jupyter_env(env_dir),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(workdir / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(env_dir),
    }
    for name in ("MMEDLEARN_BOOK_BUILD", "MMEDLEARN_PROGRAMS", "MMEDLEARN_DEFAULTS", "PYTHONPATH"):
        env.pop(name, None)
    # What Binder does in its copy of the repository after installing: postBuild, which
    # rewrites the chapters as a learner reads them (scripts/learner_chapters.py).
    subprocess.run(["bash", "postBuild"], cwd=root, env=env, check=True, timeout=600)
    log = open(workdir / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [
            env_dir / "bin" / "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=",
            # window.jupyterapp: the tests wait on the notebook's own state, not on pauses.
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        "JupyterLab did not start:\n"
                        + (workdir / "jupyterlab.log").read_text()[-3000:]
                    ) from None
                time.sleep(0.5)
        yield base_url, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


if __name__ == "__main__":
    # By hand: python tests/live_lab.py  -> prints the address, Ctrl-C ends the server.
    import tempfile

    with tempfile.TemporaryDirectory() as folder, lab_server(Path(folder)) as (url, token, root):
        print(f"{url}/lab?token={token}  (serving {root})", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
