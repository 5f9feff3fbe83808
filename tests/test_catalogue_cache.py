"""The command's cache of a checked catalogue (mmedlearn.catalogue_cache): a second run takes
what the first checked, any change to a file it read is checked again, what fails is never
kept, and a cache that cannot be written or read costs nothing but the time."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO, copy_catalogue
from mmedlearn import catalog, catalogue_cache, compare
from mmedlearn.problems import DataFileError


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(catalogue_cache.CACHE_ENV_VAR, str(folder))
    return folder


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The paths the real loaders checked, one entry per check (a cache hit adds none)."""
    checked = []
    real_programs, real_rates = catalog.load_programs, compare.load_exchange_rates

    def load_programs(path=None):
        checked.append(str(path))
        return real_programs(path)

    def load_exchange_rates(path=None):
        checked.append("rates")
        return real_rates(path)

    monkeypatch.setattr(catalog, "load_programs", load_programs)
    monkeypatch.setattr(compare, "load_exchange_rates", load_exchange_rates)
    return checked


def test_a_second_load_takes_what_the_first_checked(cache, checks, tmp_path):
    folder = copy_catalogue(tmp_path)
    first = catalogue_cache.load_programs(folder)
    second = catalogue_cache.load_programs(folder)
    assert checks == [str(folder)]
    pd.testing.assert_frame_equal(second, first)
    pd.testing.assert_frame_equal(second, catalog.load_programs(folder))
    rates = [catalogue_cache.load_exchange_rates() for _ in range(2)]
    assert checks.count("rates") == 1
    pd.testing.assert_series_equal(rates[1], compare.load_exchange_rates())
    assert rates[1].attrs == compare.load_exchange_rates().attrs  # each rate's date and source
    assert sorted(p.suffix for p in cache.iterdir()) == [".pickle", ".pickle"]


def test_the_tables_too_are_kept_and_checked_again_when_one_changes(cache, tmp_path, monkeypatch):
    # `roi --country` reads the pay scales and funding terms beside the programmes.
    folder = copy_catalogue(tmp_path)
    checks, real = [], catalog.load_tables
    monkeypatch.setattr(catalog, "load_tables", lambda f: checks.append(f) or real(f))
    first = catalogue_cache.load_tables(folder)
    second = catalogue_cache.load_tables(folder)
    assert checks == [folder]
    assert second.keys() == first.keys()
    for name, table in catalog.load_tables(folder).items():
        pd.testing.assert_frame_equal(second[name], table)
    _swap_bytes(folder / "pay_scales.csv", b",KES,", b",Kes,")
    with pytest.raises(DataFileError, match=r"pay_scales.csv, row .*three-letter code"):
        catalogue_cache.load_tables(folder)


def _swap_bytes(path: Path, old: bytes, new: bytes) -> None:
    """Change a file without changing its size or its modification time."""
    assert len(old) == len(new)
    status = path.stat()
    data = path.read_bytes()
    assert data.count(old) >= 1
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def test_a_changed_table_is_checked_again_and_its_error_reported(cache, checks, tmp_path):
    folder = copy_catalogue(tmp_path)
    catalogue_cache.load_programs(folder)
    # Same size, same time stamp: only the contents tell the change.
    _swap_bytes(folder / "institutions.csv", b"South Africa", b"South Afric\x01")
    with pytest.raises(DataFileError) as cached_error:
        catalogue_cache.load_programs(folder)
    with pytest.raises(DataFileError) as direct_error:
        catalog.load_programs(folder)
    assert str(cached_error.value) == str(direct_error.value)
    assert "institutions.csv, row" in str(cached_error.value)
    assert "control character" in str(cached_error.value)
    assert checks == [str(folder)] * 3


def test_a_failed_check_is_never_kept(cache, checks, tmp_path):
    folder = copy_catalogue(tmp_path)
    table = folder / "fee_schedules.csv"
    good = table.read_bytes()
    table.write_bytes(good.replace(b"KES", b"Kes", 1))
    for _ in range(2):
        with pytest.raises(DataFileError, match="three-letter code"):
            catalogue_cache.load_programs(folder)
    assert not cache.exists() or not list(cache.iterdir())
    table.write_bytes(good)
    catalogue_cache.load_programs(folder)
    assert len(checks) == 3


def test_a_table_added_beside_an_instructors_file_is_checked(cache, checks, tmp_path):
    # A programmes file in the catalogue layout alone in its folder takes our other tables...
    own = tmp_path / "course"
    own.mkdir()
    (own / "programs.csv").write_bytes((REPO / "data" / "programs.csv").read_bytes())
    catalogue_cache.load_programs(own / "programs.csv")
    catalogue_cache.load_programs(own / "programs.csv")
    assert len(checks) == 1
    # ... until the folder has its own, which must then be checked (here it refers to none).
    lines = (REPO / "data" / "institutions.csv").read_text().splitlines()
    (own / "institutions.csv").write_text("\n".join(lines[:1] + lines[2:]) + "\n")
    with pytest.raises(DataFileError, match=r"programs.csv, row .*institution_id"):
        catalogue_cache.load_programs(own / "programs.csv")
    assert len(checks) == 2


def test_a_changed_flat_file_is_checked_again(cache, checks, tmp_path):
    flat = tmp_path / "our_list.csv"  # not programs.csv: no table name covers it
    flat.write_bytes((REPO / "tests" / "data" / "good_programs" / "bom_and_crlf.csv").read_bytes())
    catalogue_cache.load_programs(flat)
    catalogue_cache.load_programs(flat)
    _swap_bytes(flat, b",online,", b",onl1ne,")
    with pytest.raises(
        DataFileError, match=r"our_list.csv: 1 problem.*\n.*delivery_mode: .onl1ne. must be one of"
    ):
        catalogue_cache.load_programs(flat)
    assert len(checks) == 2


def test_a_changed_table_of_ours_under_an_instructors_file_is_checked(
    cache, checks, tmp_path, monkeypatch
):
    ours = copy_catalogue(tmp_path)  # stands for the shipped data, which a test must not edit
    monkeypatch.setattr(catalog, "data_dir", lambda: ours)
    monkeypatch.setattr(catalogue_cache, "data_dir", lambda: ours)
    own = tmp_path / "course"
    own.mkdir()
    (own / "programs.csv").write_bytes((ours / "programs.csv").read_bytes())
    catalogue_cache.load_programs(own / "programs.csv")
    _swap_bytes(ours / "fee_schedules.csv", b"KES", b"Kes")
    with pytest.raises(DataFileError, match=r"fee_schedules.csv, row .*three-letter code"):
        catalogue_cache.load_programs(own / "programs.csv")
    assert len(checks) == 2


def test_a_file_changed_while_it_was_checked_is_not_kept(cache, tmp_path, monkeypatch):
    folder = copy_catalogue(tmp_path)
    real = catalog.load_programs

    def edited_meanwhile(path=None):
        programs = real(path)
        _swap_bytes(folder / "programs.csv", b"Kenya", b"Kenyb")  # after it was read
        return programs

    monkeypatch.setattr(catalog, "load_programs", edited_meanwhile)
    catalogue_cache.load_programs(folder)
    assert not cache.exists() or not list(cache.iterdir())


def test_a_programmes_file_given_as_a_pipe_is_read_once_by_the_loader(cache, checks, tmp_path):
    # `--programs /dev/stdin` or a named pipe: hashing it would leave the loader nothing (and
    # waiting for a second writer).
    regular = REPO / "tests" / "data" / "good_programs" / "bom_and_crlf.csv"
    pipe = tmp_path / "programs.csv"
    os.mkfifo(pipe)
    loaded = []
    loader = threading.Thread(
        target=lambda: loaded.append(catalogue_cache.load_programs(pipe)), daemon=True
    )
    loader.start()
    pipe.write_bytes(regular.read_bytes())  # waits for the first reader
    loader.join(timeout=30)
    if loader.is_alive():  # it opened the pipe a second time: let it end
        pipe.write_bytes(b"")
    assert len(loaded) == 1, "the loader found the pipe empty"
    pd.testing.assert_frame_equal(loaded[0], catalog.load_programs(regular))
    assert not cache.exists() or not list(cache.iterdir())


def test_a_file_name_that_is_not_utf8_is_cached_as_any_other(cache, checks, tmp_path):
    folder = tmp_path / os.fsdecode(b"caf\xe9")  # Latin-1 bytes, as an old archive may name it
    folder.mkdir()
    flat = folder / "programs.csv"
    flat.write_bytes((REPO / "tests" / "data" / "good_programs" / "bom_and_crlf.csv").read_bytes())
    first = catalogue_cache.load_programs(flat)
    pd.testing.assert_frame_equal(catalogue_cache.load_programs(flat), first)
    assert len(checks) == 1


def test_a_cache_that_cannot_be_written_fails_nothing(tmp_path, monkeypatch, checks):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv(catalogue_cache.CACHE_ENV_VAR, str(blocked / "cache"))
    expected = catalog.load_programs()
    for _ in range(2):
        pd.testing.assert_frame_equal(catalogue_cache.load_programs(), expected)
    assert len(checks) == 3  # nothing kept: each load checked
    assert blocked.read_text() == ""


def test_without_a_home_folder_nothing_is_kept(tmp_path, monkeypatch, checks):
    # "~" is left as it is when the user has no home: no "~/.cache" is made where one stands.
    for name in (catalogue_cache.CACHE_ENV_VAR, "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(catalogue_cache.os.path, "expanduser", lambda path: path)
    monkeypatch.chdir(tmp_path)
    assert catalogue_cache.cache_dir() is None
    for _ in range(2):
        pd.testing.assert_frame_equal(catalogue_cache.load_programs(), catalog.load_programs())
    assert list(tmp_path.iterdir()) == []
    assert len(checks) == 4


def test_an_entry_is_never_written_half(cache, checks, monkeypatch):
    catalogue_cache.load_programs()
    (entry,) = cache.iterdir()
    whole = entry.read_bytes()

    def dies_halfway(value, file, protocol=None):
        file.write(b"\x80\x05 half a pickle")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(catalogue_cache.pickle, "dump", dies_halfway)
    monkeypatch.setattr(catalogue_cache, "_FORMAT", b"another layout\n")  # so it writes again
    pd.testing.assert_frame_equal(catalogue_cache.load_programs(), catalog.load_programs())
    assert [p.name for p in cache.iterdir()] == [entry.name]  # no partial file left
    assert entry.read_bytes() == whole  # the old entry untouched, not replaced by half


def test_a_damaged_or_foreign_entry_is_checked_again(cache, checks):
    expected = catalogue_cache.load_programs()
    (entry,) = cache.iterdir()
    key, _, pickled = entry.read_bytes().partition(b"\n")
    entry.write_bytes(key + b"\n" + pickled[: len(pickled) // 2])  # truncated
    pd.testing.assert_frame_equal(catalogue_cache.load_programs(), expected)
    assert len(checks) == 2  # and written whole again:
    assert entry.read_bytes() == key + b"\n" + pickled
    # Unpickling runs code: an entry others could have written is not read.
    entry.write_bytes(key + b"\n" + pickle.dumps(pd.DataFrame({"planted": [1]})))
    entry.chmod(0o666)
    pd.testing.assert_frame_equal(catalogue_cache.load_programs(), expected)
    assert len(checks) == 3


def _command(code: str, cache: Path) -> str:
    """Run Python in a fresh process with this cache folder; its standard output."""
    env = {**os.environ, catalogue_cache.CACHE_ENV_VAR: str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


PANDERA_AFTER = (
    "import sys, contextlib, io\n"
    "from mmedlearn.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()) as out: code = main({argv})\n"
    "print(code, 'pandera' in sys.modules, len(out.getvalue()) > 0)\n"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["compare"],
        ["roi", "--program", "uct_family", "--quiet"],
        ["roi", "--country", "Kenya", "--funding", "self sponsored", "--quiet"],
    ],
    ids=["compare", "roi --program", "roi --country"],
)
def test_the_second_run_of_the_command_does_not_load_the_schema(tmp_path, argv):
    # The first run checks the catalogue with pandera; the second reads what it kept.
    code = PANDERA_AFTER.format(argv=argv)
    assert _command(code, tmp_path).split() == ["0", "True", "True"]
    assert _command(code, tmp_path).split() == ["0", "False", "True"]


def test_validate_always_checks(tmp_path):
    code = PANDERA_AFTER.format(argv=["validate", str(REPO / "data")])
    _command(PANDERA_AFTER.format(argv=["compare"]), tmp_path)  # a warm cache
    assert _command(code, tmp_path).split() == ["0", "True", "True"]
