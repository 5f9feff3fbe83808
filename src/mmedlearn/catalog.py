"""Load the programmes table, wherever the code runs.

The chapters call :func:`load_programs` with no argument. It must find the data from the
notebook's own folder, from Binder (repository root), from a test's temporary folder and
from an installed wheel, so the path never depends on the working directory.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pandas as pd

from mmedlearn.schema import (
    REFLECTION_SCHEMA,
    ROUTES_SCHEMA,
    STRUCTURES_SCHEMA,
    DataFileError,
    Problem,
    validate_bytes,
)

__all__ = [
    "DataFileError",
    "data_dir",
    "guide_check",
    "load_programs",
    "load_reflection",
    "load_routes",
    "load_structures",
    "programs_file_problem",
    "programs_path",
]

#: Environment variable through which an instructor points the book at their own file.
PROGRAMS_ENV_VAR = "MMEDLEARN_PROGRAMS"


def data_dir() -> Path:
    """The folder holding the shipped data files.

    A wheel carries them inside the package (``mmedlearn/data``); a source checkout or an
    editable install (what Binder and ``make`` use) reads the repository's ``data/``.
    """
    packaged = resources.files("mmedlearn") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data"


def programs_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Resolve which programmes file to read: the argument, then the environment, then ours."""
    if path is not None:
        return Path(path)
    from_env = os.environ.get(PROGRAMS_ENV_VAR)
    if from_env:
        return Path(from_env)
    return data_dir() / "programs.csv"


def programs_file_problem(path: str | os.PathLike[str]) -> str | None:
    """What makes ``path`` unusable as a programmes file before a byte is parsed, in one
    sentence naming it, or None. A book build reads the file only minutes in, when the first
    chapter runs: the build and ``make book`` ask this first, so a folder, a web address or an
    empty file is refused in seconds."""
    text = os.fspath(path)
    shown = repr(text)
    if not text.strip():
        return "the programmes path is empty: give the path of a CSV file"
    if "://" in text:
        return (
            f"programmes file {shown} is a web address: download the file and give its path "
            "on this computer"
        )
    location = Path(text)
    if not location.exists():
        return f"programmes file {shown} does not exist"
    if location.is_dir():
        return f"programmes file {shown} is a folder: give the path of the CSV file in it"
    if not location.is_file():
        return f"programmes file {shown} is not a regular file"
    try:
        with location.open("rb") as handle:
            start = handle.read(4096)
    except OSError as error:
        return f"programmes file {shown} cannot be read ({error.strerror})"
    if len(start) < 4096 and not start.strip(b" \t\r\n\xef\xbb\xbf"):
        return f"programmes file {shown} is empty: it needs a header row and one row per programme"
    return None


def load_programs(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate a programmes table; one row per programme, indexed by ``program_id``.

    Unknown values stay missing (NaN), never zero. A file that breaks the schema raises
    :class:`DataFileError` listing every problem with its row and column.

    >>> programs = load_programs()
    >>> programs.loc["nairobi_psych", "country"]
    'Kenya'
    """
    source = programs_path(path)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise DataFileError(
            str(source), [Problem(f"cannot read the file ({error.strerror})")]
        ) from None
    table = validate_bytes(data, source=str(source))
    return table.set_index("program_id", drop=False).rename_axis(None)


def guide_check(programs: pd.DataFrame) -> pd.DataFrame:
    """The guide's comparison table beside what public sources say: one row per provider
    the guide names, in the guide's order, with the columns chapter 3 shows."""
    return programs.loc[programs["in_guide"] == "yes", GUIDE_CHECK_COLUMNS]


GUIDE_CHECK_COLUMNS = ["institution", "guide_claim", "notes", "verification", "sources"]


def _load(name: str, schema) -> pd.DataFrame:
    source = data_dir() / name
    return validate_bytes(source.read_bytes(), str(source), schema).reset_index(drop=True)


def load_routes() -> pd.DataFrame:
    """Routes to specialist practice that chapter 1 compares (``data/routes.csv``)."""
    return _load("routes.csv", ROUTES_SCHEMA)


def load_structures() -> pd.DataFrame:
    """The parts of each programme's years that chapter 2 draws (``data/programme_structures.csv``)."""
    return _load("programme_structures.csv", STRUCTURES_SCHEMA)


def load_reflection() -> pd.DataFrame:
    """Chapter 4's benefits and limitations with what each bears on (``data/reflection.csv``)."""
    return _load("reflection.csv", REFLECTION_SCHEMA)
