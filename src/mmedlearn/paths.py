"""Where the shipped data and the programmes file are (no pandas here: the command finds
its files before it decides what it must import)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: Environment variable through which an instructor points the book at their own file.
PROGRAMS_ENV_VAR = "MMEDLEARN_PROGRAMS"
#: The catalogue's tables, as files (mmedlearn.schema.CATALOGUE_TABLES checks each, and
#: refuses to load if the two lists differ): named here so the command's cache of a checked
#: catalogue (mmedlearn.catalogue_cache) knows every file it depends on without pandera.
CATALOGUE_FILES = (
    "sources.csv",
    "institutions.csv",
    "fee_schedules.csv",
    "programs.csv",
    "specialties.csv",
    "pay_scales.csv",
    "funding_terms.csv",
    "coverage.csv",
)


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
