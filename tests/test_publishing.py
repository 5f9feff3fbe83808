"""Publishing: the Pages workflow is valid and builds with the README's command; the
repository's address is set once; the link checker reports broken source addresses."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from conftest import REPO, VENV_BIN

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
BUILD_COMMAND = ".venv/bin/jupyter-book build . -W -n --keep-going"


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [VENV_BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", path],
        capture_output=True,
        text=True,
    )


def test_the_workflow_passes_the_linter():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "runs_on:", 1))
    assert lint(broken).returncode != 0


def test_the_workflow_builds_with_the_readmes_command_and_deploys_the_site():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert BUILD_COMMAND in (REPO / "README.md").read_text()
    steps = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == BUILD_COMMAND for step in steps)
    # PyYAML reads the key `on` as True.
    assert workflow[True]["push"]["branches"] == ["main"]
    used = [
        step.get("uses", "").split("@")[0]
        for job in workflow["jobs"].values()
        for step in job["steps"]
    ]
    for action in (
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in used
    upload = next(
        step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert upload["with"]["path"] == "_build/html"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_repository_address_is_set_once():
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    url = config["repository"]["url"]
    script = [sys.executable, REPO / "scripts" / "repository_url.py"]
    assert subprocess.run(script, capture_output=True, text=True).stdout.strip() == url
    # The workflow reads it from there rather than naming it.
    assert (
        url not in WORKFLOW.read_text()
        and "scripts/repository_url.py --expect" in WORKFLOW.read_text()
    )
    other = subprocess.run(
        [*script, "--expect", "https://github.com/someone/fork"], capture_output=True, text=True
    )
    assert other.returncode == 1 and "Set repository.url in _config.yml" in other.stderr
    # The instructors' page tells a fork what to change, and the workflow does the rest.
    assert "repository_url.py" in (REPO / "book" / "instructors.md").read_text()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, with_body: bool):
        status = {"/ok": 200, "/gone": 404, "/no-head": 405 if self.command == "HEAD" else 200}.get(
            self.path, 500
        )
        self.send_response(status)
        self.end_headers()
        if with_body:
            self.wfile.write(b"x")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_linkcheck_names_each_broken_address_and_where_it_is_cited(server, tmp_path):
    data = tmp_path / "programs.csv"
    data.write_text(
        "program_id,sources\n"
        f"a,{server}/ok ; {server}/no-head\n"
        f"b,see {server}/gone\n"
        "c,http://127.0.0.1:9/closed\n"
    )
    result = subprocess.run(
        [sys.executable, REPO / "scripts" / "linkcheck.py", "--timeout", "5", data],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{server}/gone: HTTP 404; cited in programs.csv row 3, column sources" in lines
    assert any(line.startswith("http://127.0.0.1:9/closed: no answer") for line in lines)
    assert len(lines) == 2  # the working address, and the one that refuses HEAD, are not reported
    assert "2 of 4 addresses answer." in result.stderr


def test_linkcheck_is_a_make_target_outside_make_test():
    makefile = (REPO / "Makefile").read_text()
    assert "\nlinkcheck:\n\t$(PYTHON) scripts/linkcheck.py" in makefile
    test_recipe = makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "linkcheck" not in test_recipe


TEST_WORKFLOW = REPO / ".github" / "workflows" / "test.yml"


def test_every_pull_request_runs_the_readmes_test_command():
    assert lint(TEST_WORKFLOW).returncode == 0, lint(TEST_WORKFLOW).stdout
    workflow = yaml.safe_load(TEST_WORKFLOW.read_text())
    assert "pull_request" in workflow[True]
    steps = workflow["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
    # .ci/run must end in the README's test command, not a command of its own.
    assert "make test" in (REPO / "README.md").read_text()
    assert (REPO / ".ci" / "run").read_text().rstrip().splitlines()[-1] == "make test"
