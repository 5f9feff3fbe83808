"""The catalogue and exchange rates the command has already checked, kept between its runs.

``mmedlearn compare`` and ``mmedlearn roi`` (with ``--program`` or ``--country``) read the
same files run after run, and
checking them against the schema (importing pandera, then running it over every table) was
half of their start-up. Once the files have passed, what was read from them is kept in
$XDG_CACHE_HOME/mmed-pathways/catalogue (``~/.cache`` when $XDG_CACHE_HOME is unset) under a
key made of the contents of every file the loader could read (a table added beside a
programmes file, or removed, counts) and of the code that checks them (this package, pandas,
pandera, Python). Any change checks everything again. Only what passed is kept, so every problem is
still found and worded by the checks themselves; ``mmedlearn validate`` never uses the cache.

A cache folder that cannot be made, read or written is passed over: the command then runs as
it did without one.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TypeVar

from mmedlearn.paths import CATALOGUE_FILES, data_dir, programs_path

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent
_FORMAT = b"mmed-pathways cache 1\n"  # a new layout of the files below: change this


#: A folder to keep them in instead (the tests and benchmarks give their own).
CACHE_ENV_VAR = "MMEDLEARN_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where the checked files are kept: $MMEDLEARN_CACHE_DIR, else by the XDG rule; None
    when there is no home folder to keep them in."""
    if os.environ.get(CACHE_ENV_VAR):
        return Path(os.environ[CACHE_ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the rule says to ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home: "~" stays as it is, and would be made here
        return None
    # Its own folder: the tests' JupyterLab environments live beside it (scripts/lab_env.py).
    return Path(base) / "mmed-pathways" / "catalogue"


def load_programs(path: str | os.PathLike[str] | None = None):
    """:func:`mmedlearn.catalog.load_programs`, from the cache when nothing it reads changed."""
    source = programs_path(path)
    folder = source if source.is_dir() else source.parent
    inputs = [] if source.is_dir() else [source]
    # Every table the loader could take, from the folder or, where it lacks one, from ours.
    inputs += [where / name for where in (folder, data_dir()) for name in CATALOGUE_FILES]

    def check():
        from mmedlearn.catalog import load_programs  # pandera: only when the cache cannot answer

        return load_programs(path)

    return cached("programs", inputs, check)


def load_tables(folder: str | os.PathLike[str] | None = None):
    """:func:`mmedlearn.catalog.load_tables` of a catalogue folder (ours by default), from the
    cache when no table changed."""
    folder = Path(folder) if folder is not None else data_dir()
    inputs = [where / name for where in (folder, data_dir()) for name in CATALOGUE_FILES]

    def check():
        from mmedlearn.catalog import load_tables

        return load_tables(folder)

    return cached("tables", inputs, check)


def load_exchange_rates():
    """:func:`mmedlearn.compare.load_exchange_rates` (the shipped file), from the cache when
    the file did not change."""
    from mmedlearn import compare

    return cached(
        "exchange_rates", [Path(compare.exchange_rates_path())], compare.load_exchange_rates
    )


def cached(kind: str, inputs: Sequence[Path], check: Callable[[], T]) -> T:
    """What ``check()`` returns for these ``inputs``: kept from an earlier run when every input
    and the code are as they were then, else checked now (and kept if it passed). An error
    ``check`` raises is raised, never kept."""
    folder = cache_dir()
    key = _key(inputs) if folder is not None else None
    if key is None:  # nowhere to keep it, or an input that cannot be hashed (see _key)
        return check()
    # One entry per set of input paths, replaced when they change: the folder does not grow
    # with each edit of an instructor's file. As bytes: a file name need not be UTF-8.
    places = b"\0".join(os.fsencode(os.path.abspath(path)) for path in inputs)
    entry = folder / f"{kind}-{hashlib.sha256(places).hexdigest()[:24]}.pickle"
    found = _read(entry, key)
    if found is not None:
        return found[0]
    value = check()
    # Kept only if no input changed while it was read: the key must describe what was checked.
    if _key(inputs) == key:
        _write(entry, key, value)
    return value


def _key(inputs: Sequence[Path]) -> bytes | None:
    """A digest of the code and of every input's path and contents (or its absence), or None
    when an input cannot be read or is not a regular file (the loader reads it and reports any
    problem; nothing is kept)."""
    code = _code_key()
    return None if code is None else _digest(inputs, hashlib.sha256(code))


@functools.cache
def _code_key() -> bytes | None:
    """A digest of the code that reads and checks the files, once a process: a command asks
    for several kinds (programmes, tables, rates), each keyed before and after it is read."""
    import pandas  # pickles made by another pandas may not load the same

    digest = hashlib.sha256(_FORMAT)
    digest.update(f"{sys.version}\0{pandas.__version__}\0".encode())
    pandera = find_spec("pandera")  # its version without importing it (a fifth of a second)
    code = sorted(_PACKAGE.glob("*.py"))
    if pandera is not None and pandera.origin:
        code.append(Path(pandera.origin).with_name("_version.py"))
    return _digest(code, digest)


def _digest(paths: Sequence[Path], digest) -> bytes | None:
    """``digest`` updated with each path and its contents (or its absence), or None when a
    path cannot be read or is not a regular file."""
    for path in paths:
        digest.update(os.fsencode(os.path.abspath(path)) + b"\0")
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                return None  # a pipe (/dev/stdin) read here would be empty when the loader reads it
            with open(path, "rb") as file:  # a block at a time: a file may be 700 MB
                size = os.fstat(file.fileno()).st_size
                contents = hashlib.file_digest(file, "sha256").digest()
        except FileNotFoundError:
            digest.update(b"absent\0")
            continue
        except OSError:
            return None
        digest.update(size.to_bytes(8, "big") + contents)
    return digest.hexdigest().encode()


def _read(entry: Path, key: bytes) -> tuple[object] | None:
    """The value kept in ``entry`` under ``key``, as a 1-tuple, or None."""
    try:
        with entry.open("rb") as file:
            status = os.fstat(file.fileno())
            # Unpickling runs code: read only a file this user wrote and no one else can write.
            if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
                return None
            if file.readline() != key + b"\n":
                return None
            return (pickle.load(file),)
    except Exception:  # missing, unreadable, truncated, or made by other code: check again
        return None


def _write(entry: Path, key: bytes, value: object) -> None:
    """Keep ``value`` under ``key``: written whole beside the entry, then renamed over it, so
    a reader finds the old entry or the new one, never half of one. Any failure is ignored."""
    temporary = None
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".partial")
        with os.fdopen(handle, "wb") as file:
            file.write(key + b"\n")
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
        temporary = None
    except (OSError, pickle.PicklingError):
        pass  # no cache this time: the next run checks the files again
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
