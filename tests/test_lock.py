"""The locks pin the whole environment with hashes and agree with the hand-kept pins.

`make book` installs requirements-book.lock and `make test` (so CI) requirements-test.lock,
both with --require-hashes; scripts/lock.sh writes them from requirements.txt (what Binder
installs) and requirements-test.txt. A pin changed without `make lock` fails here.
"""

from __future__ import annotations

import re

from conftest import REPO

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[canonical(match[1])] = match[2]
    return found


def locked(path) -> dict[str, list[str]]:
    """Each locked package with its hashes."""
    packages: dict[str, list[str]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = f"{canonical(match[1])}=={match[2]}"
            packages[current] = []
        for digest in re.findall(r"--hash=sha256:([0-9a-f]{64})", line):
            packages[current].append(digest)
    return packages


def versions(lock: dict[str, list[str]]) -> dict[str, str]:
    return dict(entry.split("==") for entry in lock)


def test_every_locked_package_has_a_hash_and_nothing_is_unpinned():
    for name in (
        "requirements-book.lock",
        "requirements-test.lock",
        "requirements-jupyterlab.lock",
        "requirements-uv.lock",
    ):
        lock = locked(REPO / name)
        assert len(lock) > (0 if name == "requirements-uv.lock" else 50), name
        assert all(lock.values()), [entry for entry, digests in lock.items() if not digests]
        text = (REPO / name).read_text()
        assert "-e " not in text and "file://" not in text and "/tmp" not in text, name


def test_the_locks_agree_with_the_hand_kept_pins():
    book = versions(locked(REPO / "requirements-book.lock"))
    test = versions(locked(REPO / "requirements-test.lock"))
    for name, version in pins(REPO / "requirements.txt").items():
        assert book.get(name) == version, (name, version, book.get(name))
        assert test.get(name) == version, (name, version, test.get(name))
    for name, version in pins(REPO / "requirements-test.txt").items():
        assert test.get(name) == version, (name, version, test.get(name))
    lab = versions(locked(REPO / "requirements-jupyterlab.lock"))
    for name, version in pins(REPO / "requirements-jupyterlab.txt").items():
        assert lab.get(name) == version, (name, version, lab.get(name))
    installer = versions(locked(REPO / "requirements-uv.lock"))
    assert installer == pins(REPO / "requirements-uv.txt")
    # What the book needs is the same release in every environment.
    assert {name: test.get(name) for name in book} == book
    assert {name: lab.get(name) for name in book} == book


def test_the_makefile_installs_only_from_the_locks_with_hashes():
    makefile = (REPO / "Makefile").read_text()
    # Each install, by pip or by uv ($(UV) is `uv pip install` into the venv).
    uv = re.search(r"^UV := .*pip install (.*)$", makefile, re.M)
    assert uv and "--python $(BIN)/python" in uv[1]
    recipes = "\n".join(line for line in makefile.splitlines() if not line.startswith("UV :="))
    installs = re.findall(r"(?:pip install|\$\(UV\)) ([^\n]+)", recipes)
    assert len(installs) >= 4
    for command in installs:
        assert "--require-hashes -r requirements-" in command or command.endswith(
            "--no-deps -e ."
        ), command
